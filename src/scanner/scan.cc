// The one place that wires source -> layers -> inventory -> match -> report. Every artifact kind produces a list
// of LayerFiles; everything after that (inventory, matching, sorting) is shared by ScanLayers.
#include "drydock/scan.h"

#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "cache/scan_cache.h"
#include "layers/rootfs_walk.h"
#include "match/end_of_life.h"
#include "match/matcher.h"
#include "scanner/db_age.h"
#include "scanner/layer_observer.h"
#include "scanner/progress.h"
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

// History commands are printed in reports, and they often carry credentials (`ENV DB_PASSWORD=...`, a key
// passed to curl): each is redacted with the secret rules whether or not secrets are being scanned.
// The compiled rules are kept beside the layer cache (unless --no-cache), so a warm scan does not compile them.
Result<SecretScanner> CreateSecretScanner(const ScanOptions& options) {
  if (options.no_cache) return SecretScanner::Create();
  return SecretScanner::Create(options.cache_dir.empty() ? DefaultCacheDir() : options.cache_dir);
}

std::size_t ScanThreads(const ScanOptions& options) {
  return options.max_threads != 0 ? options.max_threads : std::max(1u, std::thread::hardware_concurrency());
}

Artifact DescribeImage(const Image& image, const SecretScanner& redactor) {
  Artifact artifact{.name = image.name,
                    .type = "container_image",
                    .digest = image.manifest_digest.empty() ? image.config_digest : image.manifest_digest,
                    .config = image.config};
  for (const ImageLayer& layer : image.layers) {
    artifact.layers.push_back({layer.digest, layer.diff_id, redactor.Redact(layer.created_by)});
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
  Inventory inventory = TakeInventory(view, image, ScanThreads(options), artifact.type == "filesystem");
  report.artifact = std::move(artifact);
  report.artifact.os = inventory.distro;
  if (IsEndOfLife(inventory.distro, TodayUtc())) report.artifact.os_end_of_life = EndOfLifeDate(inventory.distro);
  report.packages = std::move(inventory.packages);
  report.errors.insert(report.errors.end(), inventory.errors.begin(), inventory.errors.end());

  if (db == nullptr) {
    if (!options.scan_vulns) return report;
    report.errors.push_back({"match", "", "no vulnerability DB given: packages were not matched"});
    return report;
  }
  if (auto stale = DbAgeWarning(db->Info(), options.db_max_age_hours, options.offline, std::time(nullptr))) {
    report.errors.push_back({"db", options.db_path, std::move(*stale)});
  }
  // A project tree (drydock fs) has only language packages: no OS, and nothing missed for want of one.
  const bool has_os_packages = std::any_of(report.packages.begin(), report.packages.end(), [](const Package& p) {
    return p.ecosystem == "deb" || p.ecosystem == "apk" || p.ecosystem == "rpm";
  });
  if (inventory.distro.empty()) {
    if (has_os_packages) {
      report.errors.push_back({"match", "", "operating system not detected: OS packages were not matched"});
    }
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
                                         },
                                         MatchOptions{options.severity_sources});
  FilterAndSortFindings(options, report.vulnerabilities);
  ApplyPolicy(policy, TodayUtc(), report);
  return report;
}

}  // namespace

Result<ScanReport> ScanImage(const ScanOptions& options) {
  auto db = OpenDb(options);
  if (!db) return std::unexpected(db.error());
  ProgressMeter meter(options.on_progress);
  auto policy = LoadPolicy(options);  // a bad ignore or VEX file fails before the artifact is read
  if (!policy) return std::unexpected(policy.error());

  // Compiling the secret rules (~90 ms) overlaps the walk, unless the walk itself scans for secrets.
  std::future<Result<SecretScanner>> compiling =
      std::async(std::launch::async, [&options] { return CreateSecretScanner(options); });
  std::unique_ptr<SecretScanner> redactor;
  auto take_redactor = [&]() -> Status {
    if (redactor) return {};
    auto created = compiling.get();
    if (!created) return std::unexpected(created.error());
    redactor = std::make_unique<SecretScanner>(std::move(*created));
    return {};
  };
  if (options.scan_secrets) {
    if (Status ready = take_redactor(); !ready) return std::unexpected(ready.error());
  }
  const SecretScanner* secrets = options.scan_secrets ? redactor.get() : nullptr;
  std::string cache_warning;
  auto cache = OpenScanCache(options, cache_warning);
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<LayerFiles>> by_diff_id;
  std::map<std::string, std::unique_ptr<LayerObserver>> observed;
  LayerVisitor visit = [&](const ImageLayer& layer, ByteReader& stored_blob) -> Result<std::string> {
    CountingReader blob(stored_blob, meter);
    auto files = std::make_unique<LayerFiles>();
    std::unique_ptr<LayerObserver> observer;
    if (options.scan_secrets || options.scan_config) observer = std::make_unique<LayerObserver>(options, secrets);
    auto diff_id = WalkLayer(blob, [](std::string_view path) { return InventoryWants(path); }, *files,
                             observer ? &observer->hook() : nullptr);
    if (!diff_id) return Rewrap(diff_id.error(), "{}", layer.blob_path);
    if (cache) AttachParseResults(*files);  // here, on the layer's own thread: parsed once, for cache and scan
    meter.LayerDone();
    std::lock_guard lock(mutex);
    by_diff_id.emplace("sha256:" + *diff_id, std::move(files));
    observed.emplace("sha256:" + *diff_id, std::move(observer));
    return diff_id;
  };
  // A layer whose results are cached is not read at all (see LayerSkip); the rest fill the cache once verified.
  std::set<std::string> from_cache;
  // The cache holds catalog results only: secret and config scans must see every file, so they read all.
  const bool layers_must_be_read = options.scan_secrets || options.scan_config;
  LayerSkip cached = [&](const ImageLayer& layer) {
    meter.LayerKnown();  // asked once per planned layer, before any is read (see LayerSkip)
    auto hit = cache && !layers_must_be_read ? LoadCachedLayer(*cache, layer.diff_id) : std::nullopt;
    if (!hit) return false;
    std::lock_guard lock(mutex);
    by_diff_id.emplace(layer.diff_id, std::make_unique<LayerFiles>(std::move(*hit)));
    from_cache.insert(layer.diff_id);
    meter.LayerDone();
    return true;
  };
  // A local archive file that was read before, unchanged since, with every layer cached, is not read at all.
  std::optional<ArchiveIndexMemo> memo;
  if (cache && !layers_must_be_read) {
    memo = ArchiveIndexMemo{
        .load = [&](const std::string& key) { return cache->GetBytes(key); },
        .store = [&](const std::string& key, const std::string& value) {
          if (Status put = cache->PutBytes(key, value); !put) cache_warning = put.error().message;
        },
        .all_cached = [&](const std::vector<std::string>& diff_ids) { return AllLayersCached(*cache, diff_ids); }};
  }
  auto image = WalkImage(options.target, options.registry, visit, ScanThreads(options), cached,
                         memo ? &*memo : nullptr);
  meter.Finish();
  if (!image) return std::unexpected(image.error());
  for (const ImageLayer& layer : image->layers) {
    if (cache && !from_cache.contains(layer.diff_id)) {
      if (auto put = StoreCachedLayer(*cache, layer.diff_id, *by_diff_id.at(layer.diff_id)); !put) {
        cache_warning = put.error().message;
      }
    }
  }

  std::vector<const LayerFiles*> layers;
  std::vector<const LayerObserver*> observers;
  for (const ImageLayer& layer : image->layers) {
    layers.push_back(by_diff_id.at(layer.diff_id).get());  // WalkImage verified every diff_id
    auto observer = observed.find(layer.diff_id);  // none for a layer served from the cache
    observers.push_back(observer == observed.end() ? nullptr : observer->second.get());
  }
  if (Status ready = take_redactor(); !ready) return std::unexpected(ready.error());
  ScanReport report = ScanLayers(options, *policy, db->get(), layers, *image, DescribeImage(*image, *redactor));
  AddImageAnalyses(options, *image, layers, observers, secrets, report);
  if (!cache_warning.empty()) report.errors.push_back({"cache", "", cache_warning});
  return report;
}

namespace {

// rootfs and fs read a directory the same way; only what the report calls the artifact differs.
Result<ScanReport> ScanDirectory(const ScanOptions& options, std::string_view type) {
  auto db = OpenDb(options);
  if (!db) return std::unexpected(db.error());
  auto policy = LoadPolicy(options);  // a bad ignore or VEX file fails before the artifact is read
  if (!policy) return std::unexpected(policy.error());
  std::unique_ptr<SecretScanner> secrets;
  if (options.scan_secrets) {
    auto created = CreateSecretScanner(options);
    if (!created) return std::unexpected(created.error());
    secrets = std::make_unique<SecretScanner>(std::move(*created));
  }
  // The same observer an image layer gets, so a directory is scanned for secrets in the same single pass.
  std::unique_ptr<LayerObserver> observer;
  if (options.scan_secrets || options.scan_config) observer = std::make_unique<LayerObserver>(options, secrets.get());
  LayerFiles files;
  const bool project = type == "filesystem";
  auto wants = [project](std::string_view path) { return InventoryWants(path, project); };
  if (auto walked = WalkRootfs(options.target, wants, files, observer ? &observer->hook() : nullptr); !walked) {
    return Rewrap(walked.error(), "{} {}", type, options.target);
  }
  // One pseudo-layer with no digests: a directory has no blob or diff_id to name.
  Image root{.name = options.target, .layers = {ImageLayer{}}};
  Artifact artifact{.name = options.target, .type = std::string(type), .layers = {LayerInfo{}}};
  ScanReport report = ScanLayers(options, *policy, db->get(), {&files}, root, std::move(artifact));
  if (observer) AddRootfsAnalyses(options, *observer, report);
  return report;
}

}  // namespace

Result<ScanReport> ScanRootfs(const ScanOptions& options) { return ScanDirectory(options, "rootfs"); }

Result<ScanReport> ScanFilesystem(const ScanOptions& options) { return ScanDirectory(options, "filesystem"); }

}  // namespace drydock
