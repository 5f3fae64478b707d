// Catalogers: small pure parsers (bytes -> packages) behind a four-method contract, in an explicit table.
// The layer walk asks every cataloger which paths it needs (Required) and captures only those files.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/package.h"
#include "drydock/package_table.h"

namespace drydock {

// What a cataloger read from one file: its packages, and every record it had to skip and why. A bad record
// costs only itself; the scan reports each skipped one, so nothing is lost silently.
// `read(path)` gives a captured file's bytes (normalised path, no leading '/'), or nullopt when the scan has no
// such file.
using FileReader = std::function<std::optional<std::string>(std::string_view path)>;

struct ParsedPackages {
  PackageTable packages;
  std::vector<std::string> skipped;  // "record at line 12: package foo: no V: (version)"
  // True when the format says which packages are development-only (package-lock, poetry.lock, Pipfile.lock):
  // then `dev == false` means "runtime". Otherwise (installed metadata, requirements) dev is unknown, and a
  // lockfile's word for the same package wins over it.
  bool states_dev = false;
  // OS package managers only: every file their packages installed (normalised, no leading '/'), so the
  // inventory can drop language packages the OS already owns (python3-urllib3's egg-info, liblog4j2-java's
  // JARs) instead of reporting them twice.
  std::vector<std::string> owned_files;
};

// Which scans a cataloger serves. A lockfile says what a project meant to install; in an image the installed
// files are the truth (a lockfile still lists a package a later layer deleted). So, as Trivy and Syft split
// them, lockfile catalogers serve `drydock fs` and installed-package catalogers serve image and rootfs scans.
enum class CatalogScope { kAll, kInstalled, kDeclared };

class Cataloger {
 public:
  virtual ~Cataloger() = default;
  virtual std::string_view Name() const = 0;     // "dpkg", "apk"
  virtual std::string_view Version() const = 0;  // bumped whenever output changes (part of the layer cache key)
  virtual CatalogScope Scope() const { return CatalogScope::kAll; }
  // True when the layer walk must capture this normalised path ("var/lib/dpkg/status": no leading '/').
  virtual bool Required(std::string_view path) const = 0;
  // Parses one captured file. Sets name, version, ecosystem, source_name/source_version, arch, licenses and
  // path; the inventory sets id, purl and layer_diff_id. A file that cannot be read at all (too large, binary)
  // is an Error; a malformed record is listed in `skipped`. Never a crash.
  virtual Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const = 0;
  // Parse for formats that include other files (requirements.txt `-r`): `read` gives the other captured files,
  // which Required must also accept to be captured. The default ignores `read`.
  virtual Result<ParsedPackages> ParseWithFiles(std::string_view path, std::string_view bytes,
                                                const FileReader& /*read*/) const {
    return Parse(path, bytes);
  }
  // True when ParseWithFiles reads no other file for `path`, so Parse(path, bytes) alone decides its result:
  // only such files may be kept in the layer cache as their parse result instead of their bytes.
  virtual bool ParsesAlone(std::string_view /*path*/) const { return true; }
};

// How the scan calls a cataloger: ParseWithFiles (Parse when `read` is null), with a last line of defence. Every
// parser returns its errors as values, so an exception escaping one is a bug (libFuzzer found a bun.lock whose
// workspace name was an object); it becomes that file's error, reported like any other, instead of ending the
// whole scan. The fuzz harnesses call the parsers directly, so such a bug still shows there as a crash.
Result<ParsedPackages> ParseGuarded(const Cataloger& cataloger, std::string_view path, std::string_view bytes,
                                    const FileReader* read = nullptr);

// The package catalogers, in a fixed order. Objects live for the whole program.
std::span<const Cataloger* const> PackageCatalogers();

// True when `cataloger` serves a scan of a project's source tree (`project`) or of installed software.
inline bool ServesScan(const Cataloger& cataloger, bool project) {
  const CatalogScope scope = cataloger.Scope();
  return scope == CatalogScope::kAll || (scope == CatalogScope::kDeclared) == project;
}

// Distro detection reads os-release (etc/os-release, usr/lib/os-release) and the legacy files
// (etc/alpine-release, etc/debian_version, ...). True for every path DetectDistro may read.
bool IsDistroFile(std::string_view path);

// Returns an empty Distro when nothing identifies the OS.
Distro DetectDistro(const FileReader& read);

// "<ecosystem>:<name>@<version>[:<arch>]" ("deb:bash@5.2.15-2+b2:amd64"). A PyPI name is in its PEP 503 form,
// so one package spelt two ways ("Werkzeug" in METADATA, "werkzeug" in a lockfile) has one id while each
// report keeps the spelling its file used.
std::string PackageId(const Package& package);

// Sets id (PackageId) and purl ("pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12")
// once the distro is known.
void FinishPackage(Package& package, const Distro& distro);

}  // namespace drydock
