#include "cache/layer_codec.h"

#include <nlohmann/json.hpp>

namespace drydock {
namespace {

constexpr int kCodecVersion = 1;

}  // namespace

std::string EncodeLayerFiles(const LayerFiles& files) {
  nlohmann::json j;
  j["v"] = kCodecVersion;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [path, file] : files.files) {
    std::vector<std::uint8_t> data(file.data.begin(), file.data.end());
    list.push_back({path, static_cast<int>(file.kind), nlohmann::json::binary(std::move(data))});
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
  return std::string(cbor.begin(), cbor.end());
}

Result<LayerFiles> DecodeLayerFiles(std::string_view bytes) {
  try {
    nlohmann::json j = nlohmann::json::from_cbor(bytes.begin(), bytes.end());
    if (j.at("v").get<int>() != kCodecVersion) return Fail("cache entry of another codec version");
    LayerFiles out;
    for (const auto& f : j.at("files")) {
      int kind = f.at(1).get<int>();
      if (kind < 0 || kind > static_cast<int>(CapturedFile::Kind::kHardlink)) return Fail("bad file kind");
      const auto& data = f.at(2).get_binary();
      out.files.emplace(f.at(0).get<std::string>(),
                        CapturedFile{static_cast<CapturedFile::Kind>(kind), std::string(data.begin(), data.end())});
    }
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
