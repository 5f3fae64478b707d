#include "catalog/dart/dart.h"
#include "catalog/lockfile_cataloger.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

std::string Scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.Scalar() : std::string();
}

}  // namespace

bool IsPubspecLock(std::string_view path) { return PathBaseName(path) == "pubspec.lock"; }

Result<ParsedPackages> ParsePubspecLock(std::string_view bytes) {
  auto doc = ParseYamlDoc(bytes, kMaxPubspecLockBytes, "pubspec.lock");
  if (!doc) return std::unexpected(doc.error());
  ParsedPackages out;
  out.states_dev = true;
  try {
    if (!doc->IsMap() && !doc->IsNull()) return Fail("pubspec.lock is not a YAML mapping");
    const YAML::Node packages = (*doc)["packages"];
    if (!packages || packages.IsNull()) return out;  // "packages: {}" or none: a project without dependencies
    if (!packages.IsMap()) return Fail("pubspec.lock: \"packages\" is not a mapping");
    for (const auto& entry : packages) {
      const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
      if (name.empty() || !entry.second.IsMap()) {
        out.skipped.push_back(fmt::format("package \"{}\": not a name with a mapping", name));
        continue;
      }
      const std::string source = Scalar(entry.second, "source");
      if (source == "sdk" || source == "path") continue;  // the Flutter SDK's own, or the project's directories
      const std::string version = Scalar(entry.second, "version");
      if (version.empty()) {
        out.skipped.push_back(fmt::format("package \"{}\": no version", name));
        continue;
      }
      Package p;
      p.name = name;
      p.version = version;
      p.ecosystem = "pub";
      p.dev = Scalar(entry.second, "dependency") == "direct dev";
      out.packages.push_back(std::move(p));
    }
  } catch (const YAML::Exception& e) {
    return Fail("pubspec.lock: {}", e.what());
  }
  return out;
}

}  // namespace drydock
