// OSV records written as YAML (the PyPA advisory database keeps vulns/<project>/PYSEC-*.yaml) are converted
// to the JSON text ParseOsvRecord reads, so both forms go through one record parser.
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "vulndb/feeds.h"

namespace drydock {
namespace {

using nlohmann::json;

// Every scalar stays a string: OSV's values are strings (versions such as 2.0 must not become 2), and the
// fields that are not (database_specific) are not read.
Result<json> ToJson(const YAML::Node& node, int depth, std::size_t& budget) {
  if (static_cast<std::size_t>(depth) > kMaxJsonDepth) return Fail("YAML nested deeper than {}", kMaxJsonDepth);
  if (budget == 0) return Fail("more than {} YAML nodes (aliases repeat a node each time)", kMaxOsvYamlNodes);
  --budget;
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return json(nullptr);
    case YAML::NodeType::Scalar:
      return json(node.Scalar());
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const YAML::Node& item : node) {
        auto value = ToJson(item, depth + 1, budget);
        if (!value) return value;
        out.push_back(std::move(*value));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& item : node) {
        if (!item.first.IsScalar()) return Fail("YAML map key is not a string");
        auto value = ToJson(item.second, depth + 1, budget);
        if (!value) return value;
        out[item.first.Scalar()] = std::move(*value);
      }
      return out;
    }
  }
  return Fail("YAML node of unknown type");
}

}  // namespace

Result<std::string> OsvYamlToJson(std::string_view yaml) {
  if (yaml.size() > kMaxOsvRecordBytes) {
    return Fail("OSV YAML record of {} bytes is over the {} byte limit", yaml.size(), kMaxOsvRecordBytes);
  }
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap()) return Fail("OSV YAML record is not a mapping");
    std::size_t budget = kMaxOsvYamlNodes;
    auto doc = ToJson(root, 0, budget);
    if (!doc) return std::unexpected(doc.error());
    return doc->dump(-1, ' ', false, json::error_handler_t::replace);  // invalid UTF-8 -> U+FFFD, not a throw
  } catch (const YAML::Exception& e) {  // syntax errors, and yaml-cpp's own nesting-depth guard
    return Fail("OSV YAML: {}", e.what());
  }
}

}  // namespace drydock
