#include "cache/layer_codec.h"

#include <fmt/core.h>

#include <charconv>
#include <nlohmann/json.hpp>

namespace drydock {
namespace {

// v2: a CBOR header (paths, kinds, sizes, whiteouts, ...) then every file's bytes raw, in header order. File
// bytes dominate an entry (JARs, wheels' RECORD files), and nlohmann decodes CBOR byte strings a byte at a time:
// keeping them out of the CBOR made a warm scan of debian12-app 1.05 G instructions -> a fraction of it.
constexpr int kCodecVersion = 2;
constexpr std::size_t kHeaderLengthBytes = 8;

}  // namespace

std::string EncodeLayerFiles(const LayerFiles& files) {
  nlohmann::json j;
  j["v"] = kCodecVersion;
  nlohmann::json list = nlohmann::json::array();
  std::size_t data_bytes = 0;
  for (const auto& [path, file] : files.files) {
    list.push_back({path, static_cast<int>(file.kind), file.data.size()});
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
  for (const auto& [path, file] : files.files) out += file.data;
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
    nlohmann::json j = nlohmann::json::from_cbor(header.begin(), header.end());
    if (j.at("v").get<int>() != kCodecVersion) return Fail("cache entry of another codec version");
    LayerFiles out;
    for (const auto& f : j.at("files")) {
      int kind = f.at(1).get<int>();
      if (kind < 0 || kind > static_cast<int>(CapturedFile::Kind::kHardlink)) return Fail("bad file kind");
      std::size_t size = f.at(2).get<std::size_t>();
      if (size > data.size()) return Fail("damaged cache entry: file data cut short");
      out.files.emplace(f.at(0).get<std::string>(),
                        CapturedFile{static_cast<CapturedFile::Kind>(kind), std::string(data.substr(0, size))});
      data.remove_prefix(size);
    }
    if (!data.empty()) return Fail("damaged cache entry: {} bytes after the last file", data.size());
    out.whiteouts = j.at("whiteouts").get<std::vector<std::string>>();
    out.opaque_dirs = j.at("opaque").get<std::vector<std::string>>();
    for (const auto& i : j.at("issues")) out.issues.push_back({i.at(0).get<std::string>(), i.at(1).get<std::string>()});
    out.entries = j.at("entries").get<std::uint64_t>();
    out.uncompressed_bytes = j.at("bytes").get<std::uint64_t>();
    return out;
  } catch (const nlohmann::json::exception& e) {
    return Fail("damaged cache entry: {}", e.what());
  }
}

}  // namespace drydock
