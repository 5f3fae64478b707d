// The one place that wires source -> layers -> inventory -> match -> report.
#include "drydock/scan.h"

#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "match/matcher.h"
#include "scanner/findings.h"
#include "scanner/inventory.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

Artifact DescribeImage(const Image& image, const Distro& distro) {
  Artifact artifact{.name = image.name,
                    .type = "container_image",
                    .digest = image.manifest_digest.empty() ? image.config_digest : image.manifest_digest,
                    .os = distro};
  for (const ImageLayer& layer : image.layers) {
    artifact.layers.push_back({layer.digest, layer.diff_id, layer.created_by});
  }
  return artifact;
}

}  // namespace

Result<ScanReport> ScanImage(const ScanOptions& options) {
  // Open the DB first: a bad DB should fail before minutes of image reading.
  std::unique_ptr<VulnDb> db;
  if (!options.db_path.empty()) {
    auto opened = VulnDb::Open(options.db_path);
    if (!opened) return Rewrap(opened.error(), "vulnerability DB {}", options.db_path);
    db = std::move(*opened);
  }

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
  auto image = WalkImage(options.target, visit, threads);
  if (!image) return std::unexpected(image.error());

  ScanReport report;
  std::vector<const LayerFiles*> layers;
  for (const ImageLayer& layer : image->layers) {
    const LayerFiles* files = by_diff_id.at(layer.diff_id).get();  // WalkImage verified every diff_id
    layers.push_back(files);
    for (const LayerIssue& issue : files->issues) {
      report.errors.push_back({"layer", issue.path, fmt::format("{} ({})", issue.message, layer.diff_id)});
    }
  }
  MergedView view(std::move(layers));
  Inventory inventory = TakeInventory(view, *image);
  report.artifact = DescribeImage(*image, inventory.distro);
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
  return report;
}

}  // namespace drydock
