#include "cache/layer_codec.h"

#include <fmt/core.h>

#include <charconv>
#include <optional>
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "common/json_integer.h"

namespace drydock {
namespace {

// v3: a CBOR header (paths, kinds, sizes, whiteouts, ...) then every file's bytes raw, in header order, each
// followed by its parse results (CapturedFile::parsed). File bytes dominate an entry (wheels' RECORD files), and
// nlohmann decodes CBOR byte strings a byte at a time: keeping them out of the CBOR made a warm scan of
// debian12-app 1.05 G instructions -> a fraction of it.
// A header file entry: [path, kind, size, bytes_dropped, [[cataloger, size], ...]].
constexpr int kCodecVersion = 3;
constexpr std::size_t kHeaderLengthBytes = 8;

}  // namespace

std::string EncodeLayerFiles(const LayerFiles& files) {
  nlohmann::json j;
  j["v"] = kCodecVersion;
  nlohmann::json list = nlohmann::json::array();
  std::size_t data_bytes = 0;
  for (const auto& [path, file] : files.files) {
    nlohmann::json parsed = nlohmann::json::array();
    for (const auto& [cataloger, result] : file.parsed) {
      parsed.push_back({cataloger, result.size()});
      data_bytes += result.size();
    }
    list.push_back({path, static_cast<int>(file.kind), file.data.size(), file.bytes_dropped, std::move(parsed)});
    data_bytes += file.data.size();
  }
  j["files"] = std::move(list);
  j["whiteouts"] = files.whiteouts;
  j["opaque"] = files.opaque_dirs;
  nlohmann::json issues = nlohmann::json::array();
  for (const LayerIssue& issue : files.issues) issues.push_back({issue.path, issue.message});
  j["issues"] = std::move(issues);
  j["entries"] = files.entries;
  j["bytes"] = files.uncompressed_bytes;
  std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(j);
  std::string out = fmt::format("{:08x}", cbor.size());
  out.reserve(out.size() + cbor.size() + data_bytes);
  out.append(cbor.begin(), cbor.end());
  for (const auto& [path, file] : files.files) {
    out += file.data;
    for (const auto& [cataloger, result] : file.parsed) out += result;
  }
  return out;
}

Result<LayerFiles> DecodeLayerFiles(std::string_view bytes) {
  std::size_t header_bytes = 0;
  if (bytes.size() < kHeaderLengthBytes ||
      std::from_chars(bytes.data(), bytes.data() + kHeaderLengthBytes, header_bytes, 16).ptr !=
          bytes.data() + kHeaderLengthBytes ||
      header_bytes > bytes.size() - kHeaderLengthBytes) {
    return Fail("damaged cache entry: bad header length");
  }
  std::string_view header = bytes.substr(kHeaderLengthBytes, header_bytes);
  std::string_view data = bytes.substr(kHeaderLengthBytes + header_bytes);
  try {
    auto parsed = ParseBoundedCbor(header, "damaged cache entry");
    if (!parsed) return std::unexpected(parsed.error());
    const nlohmann::json& j = *parsed;
    if (RequireJsonInteger<int>(j.at("v")) != kCodecVersion) return Fail("cache entry of another codec version");
    LayerFiles out;
    // Takes the next `size` bytes of the data section.
    auto take = [&data](std::size_t size) -> std::optional<std::string> {
      if (size > data.size()) return std::nullopt;
      std::string bytes(data.substr(0, size));
      data.remove_prefix(size);
      return bytes;
    };
    for (const auto& f : j.at("files")) {
      int kind = RequireJsonInteger<int>(f.at(1));
      if (kind < 0 || kind > static_cast<int>(CapturedFile::Kind::kHardlink)) return Fail("bad file kind");
      CapturedFile file{.kind = static_cast<CapturedFile::Kind>(kind), .bytes_dropped = f.at(3).get<bool>()};
      std::optional<std::string> bytes = take(RequireJsonInteger<std::size_t>(f.at(2)));
      if (!bytes) return Fail("damaged cache entry: file data cut short");
      file.data = std::move(*bytes);
      for (const auto& p : f.at(4)) {
        std::optional<std::string> result = take(RequireJsonInteger<std::size_t>(p.at(1)));
        if (!result) return Fail("damaged cache entry: parse result cut short");
        file.parsed.emplace(p.at(0).get<std::string>(), std::move(*result));
      }
      out.files.emplace(f.at(0).get<std::string>(), std::move(file));
    }
    if (!data.empty()) return Fail("damaged cache entry: {} bytes after the last file", data.size());
    out.whiteouts = j.at("whiteouts").get<std::vector<std::string>>();
    out.opaque_dirs = j.at("opaque").get<std::vector<std::string>>();
    for (const auto& i : j.at("issues")) out.issues.push_back({i.at(0).get<std::string>(), i.at(1).get<std::string>()});
    out.entries = RequireJsonInteger<std::uint64_t>(j.at("entries"));
    out.uncompressed_bytes = RequireJsonInteger<std::uint64_t>(j.at("bytes"));
    return out;
  } catch (const nlohmann::json::exception& e) {
    return Fail("damaged cache entry: {}", e.what());
  }
}

}  // namespace drydock
