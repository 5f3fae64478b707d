#include <zlib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/rust/rust.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

Result<std::string> Inflate(std::string_view compressed) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return Fail("zlib init failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  int rc = Z_OK;
  char buffer[1 << 14];
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof(buffer);
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return Fail(".dep-v0 is not zlib data: {}", z.msg ? z.msg : "truncated");
    }
    out.append(buffer, sizeof(buffer) - z.avail_out);
    if (out.size() > kMaxAuditableJsonBytes) {
      inflateEnd(&z);
      return Fail(".dep-v0 inflates past {} bytes", kMaxAuditableJsonBytes);
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      return Fail(".dep-v0 zlib stream is truncated");
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace

Result<ParsedPackages> ParseCargoAuditable(std::string_view compressed) {
  if (compressed.size() > kMaxAuditableJsonBytes) return Fail(".dep-v0 of {} bytes is too large", compressed.size());
  auto json_text = Inflate(compressed);
  if (!json_text) return std::unexpected(json_text.error());
  auto parsed = ParseJsonDoc(*json_text, kMaxAuditableJsonBytes, ".dep-v0");
  if (!parsed) return std::unexpected(parsed.error());
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object() || !doc.contains("packages") || !doc["packages"].is_array()) {
    return Fail(".dep-v0 JSON has no \"packages\" array");
  }
  ParsedPackages out;
  std::size_t index = 0;
  for (const nlohmann::json& entry : doc["packages"]) {
    ++index;
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() || !entry.contains("version") ||
        !entry["version"].is_string()) {
      out.skipped.push_back(fmt::format(".dep-v0 package {}: no name or version string", index));
      continue;
    }
    Package p;
    p.name = entry["name"].get<std::string>();
    p.version = entry["version"].get<std::string>();
    p.ecosystem = "cargo";
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
