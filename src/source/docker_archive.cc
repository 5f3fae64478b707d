// `docker save` archives: manifest.json -> config + layer tars. Both the legacy layout (<id>/layer.tar) and the
// one newer Docker writes (blobs/sha256/<hex>, with an OCI index beside it) are read from manifest.json.
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "common/sha256.h"
#include "source/image_plan.h"

namespace drydock {
namespace {

using nlohmann::json;

// The sha256 a member's name promises: "blobs/sha256/<hex>", "<hex>.tar", "<hex>.json"; empty when none.
std::string HexInName(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::string_view suffix : {".tar", ".json", ".tar.gz"}) {
    if (base.ends_with(suffix)) base.remove_suffix(suffix.size());
  }
  bool in_blobs = path.starts_with("blobs/sha256/");
  bool hex = base.size() == 64 && base.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  return hex && (in_blobs || slash == std::string_view::npos) ? std::string(base) : "";
}

Result<json> ChooseEntry(const json& manifest, const std::string& tag) {
  if (!manifest.is_array() || manifest.empty()) return Fail("manifest.json lists no images");
  std::string available;
  for (const auto& entry : manifest) {
    for (const auto& repo_tag : entry.value("RepoTags", json::array())) {
      std::string name = repo_tag.get<std::string>();
      if (!tag.empty() && (name == tag || name.ends_with("/" + tag) || name.ends_with(":" + tag))) return entry;
      available += (available.empty() ? "" : ", ") + name;
    }
  }
  if (tag.empty() && manifest.size() == 1) return manifest[0];
  if (tag.empty()) return Fail("archive holds {} images; name one (available: {})", manifest.size(), available);
  return Fail("no image tagged \"{}\" (available: {})", tag, available);
}

}  // namespace

Result<ImagePlan> PlanDockerArchive(const BlobStore& store, const std::string& tag) {
  try {
    auto manifest_bytes = store.ReadMetadata("manifest.json");
    if (!manifest_bytes) return Rewrap(manifest_bytes.error(), "docker archive");
    auto manifest = ParseBoundedJson(*manifest_bytes, "manifest.json", kMaxMetadataBytes);
    if (!manifest) return Rewrap(manifest.error(), "docker archive");
    auto entry = ChooseEntry(*manifest, tag);
    if (!entry) return std::unexpected(entry.error());
    ImagePlan plan;
    if (auto tags = entry->value("RepoTags", json::array()); !tags.empty()) plan.image.name = tags[0];
    std::string config_path = entry->at("Config").get<std::string>();
    auto config = store.ReadMetadata(config_path);
    if (!config) return Rewrap(config.error(), "config");
    if (std::string hex = HexInName(config_path); !hex.empty()) {
      if (Sha256::HexOf(*config) != hex) return Fail("config {}: content does not match its digest", config_path);
      plan.image.config_digest = "sha256:" + hex;
    }
    for (const auto& layer : entry->at("Layers")) {
      std::string path = layer.get<std::string>();
      plan.image.layers.push_back(ImageLayer{.blob_path = path});
      // Built step by step: GCC 12 with ASan flags a designated-initializer temporary here.
      ExpectedBlob expected;
      expected.sha256 = HexInName(path);
      plan.expected.push_back(std::move(expected));
    }
    if (auto applied = ApplyImageConfig(*config, plan.image); !applied) return std::unexpected(applied.error());
    // A docker archive names layers by content: the blob digest is its own hash, which for the usual
    // uncompressed layer tar is also the diff_id.
    for (std::size_t i = 0; i < plan.image.layers.size(); ++i) {
      auto& layer = plan.image.layers[i];
      layer.digest = plan.expected[i].sha256.empty() ? layer.diff_id : "sha256:" + plan.expected[i].sha256;
    }
    return plan;
  } catch (const json::exception& e) {
    return Fail("docker archive manifest.json: {}", e.what());
  }
}

}  // namespace drydock
