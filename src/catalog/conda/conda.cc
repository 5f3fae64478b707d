#include <string>

#include "catalog/conda/conda.h"
#include "catalog/lockfile_cataloger.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

bool IsVersionChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
         c == '+' || c == '!' || c == '-';
}

bool IsExactVersion(std::string_view version) {
  if (version.empty()) return false;
  for (char c : version) {
    if (!IsVersionChar(c)) return false;  // '*', ',', '|', '<', '>': a wildcard, range or alternatives
  }
  return true;
}

// "channel::name=1.0=build", "name==1.0", "name 1.0 build" -> {name, version}; empty version when not exact.
std::pair<std::string, std::string> SplitMatchSpec(std::string_view spec) {
  if (std::size_t channel = spec.find("::"); channel != std::string_view::npos) spec.remove_prefix(channel + 2);
  const std::size_t end = spec.find_first_of("=<>!~ ");
  std::string name(spec.substr(0, end));
  if (end == std::string_view::npos) return {name, ""};
  std::string_view rest = spec.substr(end);
  if (rest.starts_with("==")) rest.remove_prefix(2);
  else if (rest.starts_with('=') || rest.starts_with(' ')) rest.remove_prefix(1);
  else return {name, ""};  // a comparison: a range
  while (rest.starts_with(' ')) rest.remove_prefix(1);
  rest = rest.substr(0, rest.find_first_of("= "));  // the build string after the version
  return {name, IsExactVersion(rest) ? std::string(rest) : ""};
}

void AddPipEntries(const YAML::Node& list, std::size_t index, ParsedPackages& out) {
  if (!list.IsSequence()) {
    out.skipped.push_back(fmt::format("dependencies[{}] pip: not a list", index));
    return;
  }
  for (const YAML::Node& item : list) {
    const std::string line = item.IsScalar() ? item.Scalar() : "";
    const std::size_t pin = line.find("==");
    if (pin == std::string::npos || pin == 0 || !IsExactVersion(line.substr(pin + 2))) {
      out.skipped.push_back(fmt::format("dependencies[{}] pip: \"{}\" pins no version", index, line));
      continue;
    }
    Package p;
    p.name = line.substr(0, pin);
    while (!p.name.empty() && p.name.back() == ' ') p.name.pop_back();
    p.version = line.substr(pin + 2);
    p.ecosystem = "pypi";
    out.packages.push_back(std::move(p));
  }
}

}  // namespace

bool IsCondaEnvironment(std::string_view path) {
  const std::string_view base = PathBaseName(path);
  return base == "environment.yml" || base == "environment.yaml";
}

bool IsCondaMeta(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || !path.ends_with(".json")) return false;
  const std::string_view dir = path.substr(0, slash);
  return dir == "conda-meta" || dir.ends_with("/conda-meta");
}

Result<ParsedPackages> ParseCondaEnvironment(std::string_view bytes) {
  auto doc = ParseYamlDoc(bytes, kMaxCondaEnvironmentBytes, "environment.yml");
  if (!doc) return std::unexpected(doc.error());
  ParsedPackages out;
  try {
    if (!doc->IsMap()) return Fail("environment.yml is not a YAML mapping");
    const YAML::Node deps = (*doc)["dependencies"];
    if (!deps || deps.IsNull()) return out;
    if (!deps.IsSequence()) return Fail("environment.yml: \"dependencies\" is not a list");
    for (std::size_t i = 0; i < deps.size(); ++i) {
      const YAML::Node item = deps[i];
      if (item.IsMap() && item["pip"]) {
        AddPipEntries(item["pip"], i, out);
        continue;
      }
      if (!item.IsScalar()) {
        out.skipped.push_back(fmt::format("dependencies[{}]: not a match spec", i));
        continue;
      }
      auto [name, version] = SplitMatchSpec(item.Scalar());
      if (name.empty() || version.empty()) {
        out.skipped.push_back(fmt::format("dependencies[{}]: \"{}\" pins no exact version", i, item.Scalar()));
        continue;
      }
      Package p;
      p.name = std::move(name);
      p.version = std::move(version);
      p.ecosystem = "conda";
      out.packages.push_back(std::move(p));
    }
  } catch (const YAML::Exception& e) {
    return Fail("environment.yml: {}", e.what());
  }
  return out;
}

Result<ParsedPackages> ParseCondaMeta(std::string_view bytes) {
  auto doc = ParseJsonDoc(bytes, kMaxCondaMetaBytes, "conda-meta record");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return Fail("conda-meta record is not a JSON object");
  auto text = [&](const char* key) {
    auto found = doc->find(key);
    return found != doc->end() && found->is_string() ? found->get<std::string>() : std::string();
  };
  Package p;
  p.name = text("name");
  p.version = text("version");
  if (p.name.empty() || p.version.empty()) return Fail("conda-meta record has no name or version");
  p.ecosystem = "conda";
  if (std::string license = text("license"); !license.empty()) p.licenses.push_back(std::move(license));
  ParsedPackages out;
  out.packages.push_back(std::move(p));
  return out;
}

}  // namespace drydock
