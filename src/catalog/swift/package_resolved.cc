#include "common/bounded_json.h"
#include "catalog/lockfile_cataloger.h"
#include "catalog/structured_doc.h"
#include "catalog/swift/swift.h"

namespace drydock {
namespace {

using Json = nlohmann::json;

// "https://github.com/apple/swift-nio.git" -> "github.com/apple/swift-nio"; "git@host:owner/repo" ->
// "host/owner/repo". Case is kept as written (the matcher folds it).
std::string UrlName(std::string_view url) {
  if (std::size_t scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  std::string out(url);
  if (out.starts_with("git@")) {
    out.erase(0, 4);
    if (std::size_t colon = out.find(':'); colon != std::string::npos) out[colon] = '/';
  }
  while (out.ends_with('/')) out.pop_back();
  if (out.ends_with(".git")) out.resize(out.size() - 4);
  return out;
}

}  // namespace

bool IsPackageResolved(std::string_view path) {
  // Xcode keeps it in *.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/ and *.xcworkspace/xcshareddata/swiftpm/.
  return PathBaseName(path) == "Package.resolved";
}

Result<ParsedPackages> ParsePackageResolved(std::string_view bytes) {
  auto doc = ParseJsonDoc(bytes, kMaxPackageResolvedBytes, "Package.resolved");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return Fail("Package.resolved is not a JSON object");
  const Json* pins = nullptr;
  if (auto object = doc->find("object"); object != doc->end() && object->is_object()) {
    if (auto found = object->find("pins"); found != object->end()) pins = &*found;  // version 1
  } else if (auto found = doc->find("pins"); found != doc->end()) {
    pins = &*found;  // versions 2 and 3
  }
  ParsedPackages out;
  if (pins == nullptr) return out;  // no dependencies
  if (!pins->is_array()) return Fail("Package.resolved: \"pins\" is not a list");
  for (std::size_t i = 0; i < pins->size(); ++i) {
    const Json& pin = (*pins)[i];
    if (!pin.is_object()) {
      out.skipped.push_back(fmt::format("pins[{}]: not an object", i));
      continue;
    }
    std::string url = JsonString(pin, "location");
    if (url.empty()) url = JsonString(pin, "repositoryURL");
    const Json state = pin.value("state", Json::object());
    const std::string version = state.is_object() ? JsonString(state, "version") : "";
    if (url.empty() || version.empty()) {
      std::string what = JsonString(pin, "identity");
      if (what.empty()) what = JsonString(pin, "package");
      out.skipped.push_back(fmt::format("pins[{}] ({}): {}", i, what,
                                        url.empty() ? "no location" : "no version (a branch or revision pin)"));
      continue;
    }
    Package p;
    p.name = UrlName(url);
    p.version = version;
    p.ecosystem = "swift";
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
