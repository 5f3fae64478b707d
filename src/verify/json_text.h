// nlohmann's value(key, "") throws when the key holds a non-string; hostile documents must not reach that.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "common/bounded_json.h"

namespace drydock::verify {

// node[key] when node is an object and the member is a string; "" otherwise.
inline std::string JsonText(const nlohmann::json& node, std::string_view key) {
  if (!node.is_object()) return "";
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : "";
}

// Signature documents (bundles, statements, manifests, referrer indexes, log entries, trusted roots) nest a
// handful of levels; 32 is far beyond any real one.
inline constexpr std::size_t kMaxSignatureJsonDepth = 32;
inline constexpr std::size_t kMaxSignatureManifestBytes = 4 << 20;

// Untrusted JSON through common/bounded_json.h: size and nesting bounded before parsing, never a throw. A
// document over the bounds or not JSON comes back as null, which every caller refuses as "not a JSON object".
inline nlohmann::json ParseUntrusted(std::string_view text, std::size_t max_bytes) {
  auto doc = ParseBoundedJson(text, "signature document", max_bytes, kMaxSignatureJsonDepth);
  return doc ? std::move(*doc) : nlohmann::json();
}

}  // namespace drydock::verify
