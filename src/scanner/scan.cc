// The one place that wires source -> layers -> inventory -> match -> report. Every artifact kind produces a list
// of LayerFiles; everything after that (inventory, matching, sorting) is shared by ScanLayers.
#include "drydock/scan.h"

#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "layers/rootfs_walk.h"
#include "match/matcher.h"
#include "policy/policy.h"
#include "scanner/findings.h"
#include "scanner/inventory.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

// Opened before any artifact is read: a bad DB should fail before minutes of image reading. Null when the
// options ask for packages only.
Result<std::unique_ptr<VulnDb>> OpenDb(const ScanOptions& options) {
  if (options.db_path.empty()) return nullptr;
  auto opened = VulnDb::Open(options.db_path);
  if (!opened) return Rewrap(opened.error(), "vulnerability DB {}", options.db_path);
  return std::move(*opened);
}

Artifact DescribeImage(const Image& image) {
  Artifact artifact{.name = image.name,
                    .type = "container_image",
                    .digest = image.manifest_digest.empty() ? image.config_digest : image.manifest_digest,
                    .config = image.config};
  for (const ImageLayer& layer : image.layers) {
    artifact.layers.push_back({layer.digest, layer.diff_id, layer.created_by});
  }
  return artifact;
}

// Inventory, matching and filtering over `layers` (base first, parallel to `image.layers`). `artifact` is
// completed with the detected OS. `db` may be null (packages only).
ScanReport ScanLayers(const ScanOptions& options, const Policy& policy, const VulnDb* db,
                      std::vector<const LayerFiles*> layers, const Image& image, Artifact artifact) {
  ScanReport report;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string& diff_id = image.layers[i].diff_id;
    for (const LayerIssue& issue : layers[i]->issues) {
      std::string message = diff_id.empty() ? issue.message : fmt::format("{} ({})", issue.message, diff_id);
      report.errors.push_back({"layer", issue.path, std::move(message)});
    }
  }
  MergedView view(std::move(layers));
  Inventory inventory = TakeInventory(view, image);
  report.artifact = std::move(artifact);
  report.artifact.os = inventory.distro;
  report.packages = std::move(inventory.packages);
  report.errors.insert(report.errors.end(), inventory.errors.begin(), inventory.errors.end());

  if (db == nullptr) {
    report.errors.push_back({"match", "", "no vulnerability DB given: packages were not matched"});
    return report;
  }
  if (inventory.distro.empty() && !report.packages.empty()) {
    report.errors.push_back({"match", "", "operating system not detected: OS packages were not matched"});
  } else if (std::string ecosystem = DistroEcosystem(inventory.distro); ecosystem.empty()) {
    report.errors.push_back({"match", "", fmt::format("no advisory feed is known for {} {}: OS packages were not "
                                                      "matched", inventory.distro.family, inventory.distro.version)});
  } else if (!db->CoversEcosystem(ecosystem)) {
    report.errors.push_back({"match", "", fmt::format("the DB has no advisories for {}: OS packages were not "
                                                      "checked (add that distro's feed to db build)", ecosystem)});
  }
  report.vulnerabilities = MatchPackages(report.packages, inventory.distro,
                                         [&](std::string_view ecosystem, std::string_view name) {
                                           return db->Lookup(ecosystem, name);
                                         });
  FilterAndSortFindings(options, report.vulnerabilities);
  ApplyPolicy(policy, TodayUtc(), report);
  return report;
}

}  // namespace

Result<ScanReport> ScanImage(const ScanOptions& options) {
  auto db = OpenDb(options);
  if (!db) return std::unexpected(db.error());
  auto policy = LoadPolicy(options);  // a bad ignore or VEX file fails before the artifact is read
  if (!policy) return std::unexpected(policy.error());

  std::mutex mutex;
  std::map<std::string, std::unique_ptr<LayerFiles>> by_diff_id;
  LayerVisitor visit = [&](const ImageLayer& layer, ByteReader& blob) -> Result<std::string> {
    auto files = std::make_unique<LayerFiles>();
    auto diff_id = WalkLayer(blob, InventoryWants, *files);
    if (!diff_id) return Rewrap(diff_id.error(), "{}", layer.blob_path);
    std::lock_guard lock(mutex);
    by_diff_id.emplace("sha256:" + *diff_id, std::move(files));
    return diff_id;
  };
  std::size_t threads = options.max_threads != 0 ? options.max_threads : std::thread::hardware_concurrency();
  auto image = WalkImage(options.target, options.registry, visit, threads);
  if (!image) return std::unexpected(image.error());

  std::vector<const LayerFiles*> layers;
  for (const ImageLayer& layer : image->layers) {
    layers.push_back(by_diff_id.at(layer.diff_id).get());  // WalkImage verified every diff_id
  }
  return ScanLayers(options, *policy, db->get(), std::move(layers), *image, DescribeImage(*image));
}

Result<ScanReport> ScanRootfs(const ScanOptions& options) {
  auto db = OpenDb(options);
  if (!db) return std::unexpected(db.error());
  auto policy = LoadPolicy(options);  // a bad ignore or VEX file fails before the artifact is read
  if (!policy) return std::unexpected(policy.error());
  LayerFiles files;
  if (auto walked = WalkRootfs(options.target, InventoryWants, files); !walked) {
    return Rewrap(walked.error(), "rootfs {}", options.target);
  }
  // One pseudo-layer with no digests: a directory has no blob or diff_id to name.
  Image root{.name = options.target, .layers = {ImageLayer{}}};
  Artifact artifact{.name = options.target, .type = "rootfs", .layers = {LayerInfo{}}};
  return ScanLayers(options, *policy, db->get(), {&files}, root, std::move(artifact));
}

}  // namespace drydock
