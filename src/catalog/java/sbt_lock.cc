#include "common/bounded_json.h"
#include "catalog/java/java.h"
#include "catalog/lockfile_cataloger.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

using Json = nlohmann::json;

// True when every configuration the dependency is resolved in is a test one ("test", sbt's "it").
bool TestOnly(const Json& dependency) {
  auto configurations = dependency.find("configurations");
  if (configurations == dependency.end() || !configurations->is_array() || configurations->empty()) return false;
  for (const Json& c : *configurations) {
    if (!c.is_string() || (c != "test" && c != "it")) return false;
  }
  return true;
}

}  // namespace

bool IsSbtLock(std::string_view path) { return PathBaseName(path).ends_with(".sbt.lock"); }

Result<ParsedPackages> ParseSbtLock(std::string_view bytes) {
  auto doc = ParseJsonDoc(bytes, kMaxGradleLockfileBytes, "build.sbt.lock");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return Fail("build.sbt.lock is not a JSON object");
  ParsedPackages out;
  out.states_dev = true;
  auto dependencies = doc->find("dependencies");
  if (dependencies == doc->end() || dependencies->is_null()) return out;
  if (!dependencies->is_array()) return Fail("build.sbt.lock: \"dependencies\" is not a list");
  for (std::size_t i = 0; i < dependencies->size(); ++i) {
    const Json& d = (*dependencies)[i];
    const std::string org = d.is_object() ? JsonString(d, "org") : "";
    const std::string name = d.is_object() ? JsonString(d, "name") : "";
    const std::string version = d.is_object() ? JsonString(d, "version") : "";
    if (org.empty() || name.empty() || version.empty()) {
      out.skipped.push_back(fmt::format("dependencies[{}]: no org, name or version", i));
      continue;
    }
    Package p;
    p.name = org + ":" + name;
    p.version = version;
    p.ecosystem = "maven";
    p.dev = TestOnly(d);
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
