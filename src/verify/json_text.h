// nlohmann's value(key, "") throws when the key holds a non-string; hostile documents must not reach that.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace drydock::verify {

// node[key] when node is an object and the member is a string; "" otherwise.
inline std::string JsonText(const nlohmann::json& node, std::string_view key) {
  if (!node.is_object()) return "";
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace drydock::verify
