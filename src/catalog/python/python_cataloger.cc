// Binding for the Python parsers: the file name picks one.
#include "catalog/python/python.h"
#include "common/path.h"

namespace drydock {
namespace {

// requirements.txt, requirements-dev.txt, test-requirements.txt, and any .txt in a requirements/ directory
// (requirements/base.txt), the layouts -r includes point at.
bool IsRequirementsFile(std::string_view path) {
  const std::string_view base = PathBaseName(path);
  if (!base.ends_with(".txt")) return false;
  return base.find("requirements") != std::string_view::npos || path.starts_with("requirements/") ||
         path.find("/requirements/") != std::string_view::npos;
}

// PEP 751: pylock.toml, or pylock.<name>.toml for a named lock.
bool IsPylock(std::string_view base) { return base.starts_with("pylock.") && base.ends_with(".toml"); }

bool IsInstalledMetadata(std::string_view path) {
  // Debian's python3-* packages install theirs under usr/lib/python3/dist-packages: the inventory drops those by
  // dpkg's file lists (OS-owned files), not by path, so a pip install there is still found.
  return path.ends_with(".dist-info/METADATA") || path.ends_with(".egg-info/PKG-INFO") ||
         path.ends_with("/EGG-INFO/PKG-INFO") || path.ends_with(".egg-info");  // a file, in old eggs
}

}  // namespace

bool PythonCataloger::Required(std::string_view path) const {
  const std::string_view base = PathBaseName(path);
  return base == "Pipfile.lock" || base == "poetry.lock" || base == "uv.lock" || IsPylock(base) ||
         IsRequirementsFile(path) || IsInstalledMetadata(path);
}

bool PythonCataloger::ParsesAlone(std::string_view path) const { return !IsRequirementsFile(path); }

Result<ParsedPackages> PythonCataloger::Parse(std::string_view path, std::string_view bytes) const {
  return ParseWithFiles(path, bytes, [](std::string_view) { return std::nullopt; });
}

Result<ParsedPackages> PythonCataloger::ParseWithFiles(std::string_view path, std::string_view bytes,
                                                       const FileReader& read) const {
  const std::string_view base = PathBaseName(path);
  Result<ParsedPackages> parsed;
  if (base == "Pipfile.lock") {
    parsed = ParsePipfileLock(bytes);
  } else if (base == "poetry.lock") {
    parsed = ParsePoetryLock(bytes);
  } else if (base == "uv.lock") {
    parsed = ParseUvLock(bytes);
  } else if (IsPylock(base)) {
    parsed = ParsePylock(bytes);
  } else if (IsInstalledMetadata(path)) {
    parsed = ParsePythonMetadata(bytes);
  } else {
    return ParseRequirements(path, bytes, read);  // sets each package's path to the file that pinned it
  }
  if (!parsed) return parsed;
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace drydock
