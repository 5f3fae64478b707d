// ParseSecdb: the Alpine secdb YAML (v3.3-v3.11) and JSON (today's form, Wolfi/Chainguard) -> SecdbDocument.
// Both forms share one shape: {distroversion, reponame, urlprefix, packages: [{pkg: {name, secfixes:
// {FIXEDVER: [ids]}}}]}.
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "common/file.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

using nlohmann::json;

// A per-package problem: that package is skipped, the rest of the file is kept.
struct BadPackage {
  std::string why;
};
// The file names more ids than kMaxSecdbIds. YAML aliases let a small file repeat a list many times over, so
// this is counted while reading, before the ids are stored.
struct TooManyIds {};

void Spend(std::size_t& id_budget) {
  if (id_budget == 0) throw TooManyIds{};
  --id_budget;
}

std::string JsonScalar(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();  // "0" written as a bare number
  if (value.is_null()) return "";
  throw BadPackage{"expected a string"};
}

SecdbPackage JsonPackage(const json& entry, std::size_t& id_budget) {
  if (!entry.is_object() || !entry.contains("pkg") || !entry["pkg"].is_object()) throw BadPackage{"no pkg"};
  const json& pkg = entry["pkg"];
  SecdbPackage package{JsonScalar(pkg.value("name", json())), {}};
  if (package.name.empty()) throw BadPackage{"pkg without name"};
  const json secfixes = pkg.value("secfixes", json::object());
  if (!secfixes.is_object()) throw BadPackage{package.name + ": secfixes is not a map"};
  for (const auto& [version, ids] : secfixes.items()) {
    SecdbFix fix{version, {}};
    if (ids.is_array()) {
      for (const json& id : ids) {
        Spend(id_budget);
        fix.ids.push_back(JsonScalar(id));
      }
    } else if (!ids.is_null() && !(ids.is_object() && ids.empty())) {  // {}: PHP's empty array, as null
      throw BadPackage{package.name + " " + version + ": ids are not a list"};
    }
    package.fixes.push_back(std::move(fix));
  }
  return package;
}

// Each entry of "packages" is read as soon as it is parsed and then dropped from the tree: the whole document as
// one nlohmann tree cost about seven times its size (a secdb of 300k packages).
Result<SecdbDocument> ParseJson(std::string_view text, const EachSecdbPackage& each_package) {
  using Event = json::parse_event_t;
  if (text.size() > kMaxSecdbBytes) {
    return Fail("document of {} bytes is over the {} byte limit", text.size(), kMaxSecdbBytes);
  }
  if (JsonTooDeep(text, kMaxJsonDepth)) return Fail("document: JSON nested deeper than {} levels", kMaxJsonDepth);
  SecdbDocument doc;
  std::size_t index = 0, id_budget = kMaxSecdbIds;
  std::string key;
  bool in_packages = false;
  auto each_event = [&](int depth, Event event, json& parsed) {
    if (depth == 1 && event == Event::key) key = parsed.get<std::string>();
    if (depth == 1 && (event == Event::array_start || event == Event::array_end)) {
      in_packages = event == Event::array_start && key == "packages";
    }
    if (!in_packages || depth != 2 || !(event == Event::object_end || event == Event::array_end || event == Event::value)) {
      return true;
    }
    try {
      each_package(JsonPackage(parsed, id_budget));
    } catch (const BadPackage& bad) {
      doc.warnings.push_back(fmt::format("packages[{}]: {}", index, bad.why));
    } catch (const json::exception& e) {
      doc.warnings.push_back(fmt::format("packages[{}]: {}", index, e.what()));
    }
    ++index;
    return false;
  };
  json root;
  try {
    root = json::parse(text, each_event);
  } catch (const TooManyIds&) {
    return Fail("more than {} advisory ids", kMaxSecdbIds);
  } catch (const json::parse_error& e) {
    return Fail("document:{}: invalid JSON: {}", LineAtOffset(text, e.byte == 0 ? 0 : e.byte - 1), e.what());
  } catch (const json::exception& e) {
    return Fail("document: invalid JSON: {}", e.what());
  }
  // A repo with no fixes yet is published as `"packages": {}` (an empty PHP array, json_encode'd: v3.3's
  // community.json on secdb.alpinelinux.org); it is an empty list, not a broken file.
  const bool no_fixes_yet = root.is_object() && root.contains("packages") && root["packages"].is_object() &&
                            root["packages"].empty();
  if (!root.is_object() || !root.contains("packages") || (!root["packages"].is_array() && !no_fixes_yet)) {
    return Fail("not a secdb file: no packages list");
  }
  try {
    doc.distroversion = JsonScalar(root.value("distroversion", json()));
    doc.reponame = JsonScalar(root.value("reponame", json()));
    doc.urlprefix = JsonScalar(root.value("urlprefix", json()));
  } catch (const BadPackage&) {
    return Fail("distroversion, reponame or urlprefix is not a string");
  }
  return doc;
}

std::string YamlScalar(const YAML::Node& node) {
  if (!node || node.IsNull()) return "";
  if (!node.IsScalar()) throw BadPackage{"expected a string"};
  return node.Scalar();
}

SecdbPackage YamlPackage(const YAML::Node& entry, std::size_t& id_budget) {
  if (!entry.IsMap() || !entry["pkg"].IsMap()) throw BadPackage{"no pkg"};
  const YAML::Node pkg = entry["pkg"];
  SecdbPackage package{YamlScalar(pkg["name"]), {}};
  if (package.name.empty()) throw BadPackage{"pkg without name"};
  const YAML::Node secfixes = pkg["secfixes"];
  if (!secfixes || secfixes.IsNull()) return package;
  if (!secfixes.IsMap()) throw BadPackage{package.name + ": secfixes is not a map"};
  for (const auto& item : secfixes) {
    SecdbFix fix{YamlScalar(item.first), {}};
    if (item.second.IsSequence()) {
      for (const YAML::Node& id : item.second) {
        Spend(id_budget);
        fix.ids.push_back(YamlScalar(id));
      }
    } else if (!item.second.IsNull()) {
      throw BadPackage{package.name + " " + fix.fixed_version + ": ids are not a list"};
    }
    package.fixes.push_back(std::move(fix));
  }
  return package;
}

Result<SecdbDocument> ParseYaml(std::string_view text, const EachSecdbPackage& each_package) {
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    // A repo with no fixes yet is written as `packages:` with nothing under it (v3.3/community.yaml).
    const bool no_fixes_yet = root.IsMap() && root["packages"].IsNull() && root["distroversion"].IsScalar();
    if (!root.IsMap() || (!root["packages"].IsSequence() && !no_fixes_yet)) {
      return Fail("not a secdb file: no packages list");
    }
    SecdbDocument doc;
    try {
      doc.distroversion = YamlScalar(root["distroversion"]);
      doc.reponame = YamlScalar(root["reponame"]);
      doc.urlprefix = YamlScalar(root["urlprefix"]);
    } catch (const BadPackage&) {
      return Fail("distroversion, reponame or urlprefix is not a string");
    }
    std::size_t index = 0, id_budget = kMaxSecdbIds;
    for (const YAML::Node& entry : no_fixes_yet ? YAML::Node(YAML::NodeType::Sequence) : root["packages"]) {
      try {
        each_package(YamlPackage(entry, id_budget));
      } catch (const BadPackage& bad) {
        doc.warnings.push_back(fmt::format("packages[{}]: {}", index, bad.why));
      } catch (const YAML::RepresentationException& e) {
        doc.warnings.push_back(fmt::format("packages[{}]: {}", index, e.what()));
      } catch (const TooManyIds&) {
        return Fail("more than {} advisory ids", kMaxSecdbIds);
      }
      ++index;
    }
    return doc;
  } catch (const YAML::Exception& e) {  // syntax errors, and yaml-cpp's own nesting-depth guard
    return Fail("YAML: {}", e.what());
  }
}

}  // namespace

Result<SecdbDocument> ParseSecdb(std::string_view text, const EachSecdbPackage& each_package) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Fail("empty file");
  return text[first] == '{' ? ParseJson(text, each_package) : ParseYaml(text, each_package);
}

Result<SecdbDocument> ParseSecdb(std::string_view text) {
  std::vector<SecdbPackage> packages;
  auto doc = ParseSecdb(text, [&](SecdbPackage&& package) { packages.push_back(std::move(package)); });
  if (doc) doc->packages = std::move(packages);
  return doc;
}

std::vector<std::string> SplitSecdbIds(std::string_view entry) {
  entry = entry.substr(0, std::min(entry.find('('), entry.find('#')));
  std::vector<std::string> ids;
  std::size_t pos = 0;
  while (pos < entry.size()) {
    const std::size_t start = entry.find_first_not_of(" \t,;", pos);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(entry.find_first_of(" \t,;", start), entry.size());
    const std::string_view word = entry.substr(start, end - start);
    pos = end;
    // An id is letters, then '-'-separated parts, with a digit somewhere: CVE-2019-1, XSA-214, wnpa-sec-2017-18.
    const bool has_dash = word.find('-') != std::string_view::npos && word.front() != '-' && word.back() != '-';
    const bool has_digit = word.find_first_of("0123456789") != std::string_view::npos;
    const bool id_chars = std::all_of(word.begin(), word.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
    if (has_dash && has_digit && id_chars) ids.emplace_back(word);
  }
  return ids;
}

}  // namespace drydock
