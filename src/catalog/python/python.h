// Python catalogers: lockfiles and requirement files a project declares (requirements*.txt with -r includes,
// Pipfile.lock, poetry.lock, uv.lock, pylock.toml) and installed distributions' metadata
// (*.dist-info/METADATA,
// *.egg-info/PKG-INFO). Packages use ecosystem "pypi" and PEP 503 names
// ("Jinja2" -> "jinja2"), the spelling OSV's PyPI records are matched under.
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxPythonLockBytes = 16 << 20;
// A logical requirement line (continuations joined) with dozens of --hash options is a few KB.
inline constexpr std::size_t kMaxRequirementLineBytes = 256 << 10;
// -r chains in real projects are two or three deep (base <- dev <- ci); deeper is a loop in disguise.
inline constexpr int kMaxRequirementIncludeDepth = 8;

// requirements.txt: pinned requirements (`name[extras]==version ; markers --hash=...`) become packages;
// ranges, URLs and editable installs are not pins and are left out. `-r FILE` / `--requirement FILE` reads
// FILE relative to `path`'s directory through `read` (a captured file, or nullopt), at most
// kMaxRequirementIncludeDepth deep, each file once. An include that cannot be read is listed in `skipped`.
// Each package's `path` is the file that pinned it.
Result<ParsedPackages> ParseRequirements(std::string_view path, std::string_view bytes,
                                         const FileReader& read);

// Pipfile.lock (JSON): "default" packages, and "develop" ones marked dev.
Result<ParsedPackages> ParsePipfileLock(std::string_view bytes);

// poetry.lock (TOML, lock-version 1.x and 2.x): each [[package]]; dev when `category = "dev"` (Poetry < 1.5)
// or when its `groups` (Poetry 2) do not include "main".
Result<ParsedPackages> ParsePoetryLock(std::string_view bytes);

// uv.lock (TOML): each [[package]] except the project's own (source virtual or editable), which is local
// code.
Result<ParsedPackages> ParseUvLock(std::string_view bytes);

// pylock.toml (PEP 751): each [[packages]] with a version (directory and VCS entries may have none).
Result<ParsedPackages> ParsePylock(std::string_view bytes);

// METADATA / PKG-INFO headers: Name, Version, and the licence from License-Expression, else a short License,
// else the License :: classifiers. No Name or Version is an Error.
Result<ParsedPackages> ParsePythonMetadata(std::string_view bytes);

// One cataloger for every Python manifest: the file name picks the parser.
class PythonCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "python"; }
  std::string_view Version() const override { return "1"; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
  Result<ParsedPackages> ParseWithFiles(std::string_view path, std::string_view bytes,
                                        const FileReader& read) const override;
  bool ParsesAlone(std::string_view path) const override;  // requirements files include others (-r)
};

}  // namespace drydock
