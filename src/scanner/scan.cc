// The one place that wires source -> layers -> inventory -> match -> report. Every artifact kind produces a list
// of LayerFiles; everything after that (inventory, then MatchInventory) is shared by ScanLayers.
#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "cache/scan_cache.h"
#include "layers/rootfs_walk.h"
#include "scanner/base_image.h"
#include "scanner/inventory.h"
#include "scanner/layer_observer.h"
#include "scanner/match_inventory.h"
#include "scanner/progress.h"
#include "scanner/scan_env.h"

namespace drydock {
namespace {

// History commands are printed in reports, and they often carry credentials (`ENV DB_PASSWORD=...`, a key
// passed to curl): each is redacted with the secret rules whether or not secrets are being scanned.
// The compiled rules are kept beside the layer cache (unless --no-cache), so a warm scan does not compile them.
Result<SecretScanner> CreateSecretScanner(const ScanOptions& options) {
  if (options.no_cache || options.cache_dir.empty()) return SecretScanner::Create();
  return SecretScanner::Create(options.cache_dir);
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

// Inventory and matching over `layers` (base first, parallel to `image.layers`). `artifact` is completed with
// the detected OS. Fails only when the scan was stopped.
Result<ScanReport> ScanLayers(const ScanOptions& options, const ScanEnv& env, std::vector<const LayerFiles*> layers,
                              const Image& image, Artifact artifact) {
  if (Status go = env.stop.Check(); !go) return std::unexpected(go.error());
  ScanReport report;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string& diff_id = image.layers[i].diff_id;
    for (const LayerIssue& issue : layers[i]->issues) {
      std::string message = diff_id.empty() ? issue.message : fmt::format("{} ({})", issue.message, diff_id);
      report.errors.push_back({"layer", issue.path, std::move(message)});
    }
  }
  MergedView view(std::move(layers));
  Inventory inventory = TakeInventory(view, image, env.threads, artifact.type == "filesystem");
  if (Status go = env.stop.Check(); !go) return std::unexpected(go.error());
  report.artifact = std::move(artifact);
  report.artifact.os = inventory.distro;
  // A tree or image where no cataloger found a package (and no OS) must not read as "0 vulnerabilities".
  if (inventory.packages.empty() && inventory.distro.empty()) {
    report.errors.push_back({"catalog", "", fmt::format("{}: no lockfile, manifest or package database drydock "
                                                        "reads gave any, so nothing was checked", kNoPackageFound)});
  }
  report.packages = std::move(inventory.packages);
  // Development-only packages (as a lockfile marks them) are left out unless asked for, as Trivy does: they
  // do not ship, and a finding on a test runner is noise in a gate.
  if (!options.include_dev_deps) report.packages.EraseIf([](const Package& p) { return p.dev; });
  report.errors.insert(report.errors.end(), inventory.errors.begin(), inventory.errors.end());
  MatchInventory({.db = env.db.get(), .db_path = env.db_path, .options = &options, .policy = &env.policy,
                  .now = env.now},
                 report);
  return report;
}

}  // namespace

Result<ScanReport> ScanImageIn(const ScanOptions& options, const ScanEnv& env) {
  ProgressMeter meter(options.on_progress);
  // Without a Scanner's compiled rules, compiling them (~90 ms) overlaps the walk, unless the walk itself scans
  // for secrets.
  std::future<Result<SecretScanner>> compiling;
  if (env.secrets == nullptr) {
    compiling = std::async(std::launch::async, [&options] { return CreateSecretScanner(options); });
  }
  std::unique_ptr<SecretScanner> compiled;
  const SecretScanner* redactor = env.secrets.get();
  auto take_redactor = [&]() -> Status {
    if (redactor != nullptr) return {};
    auto created = compiling.get();
    if (!created) return std::unexpected(created.error());
    compiled = std::make_unique<SecretScanner>(std::move(*created));
    redactor = compiled.get();
    return {};
  };
  if (options.scan_secrets) {
    if (Status ready = take_redactor(); !ready) return std::unexpected(ready.error());
  }
  const SecretScanner* secrets = options.scan_secrets ? redactor : nullptr;
  std::string cache_warning;
  auto cache = OpenScanCache(options, cache_warning);
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<LayerFiles>> by_diff_id;
  std::map<std::string, std::unique_ptr<LayerObserver>> observed;
  // One budget for the layer walkers and their inflate-ahead helpers: --threads counts them all.
  WalkThreads threads(env.threads);
  LayerVisitor visit = [&](const ImageLayer& layer, ByteReader& stored_blob) -> Result<std::string> {
    if (Status go = env.stop.Check(); !go) return std::unexpected(go.error());
    CountingReader blob(stored_blob, meter, &env.stop);
    auto files = std::make_unique<LayerFiles>();
    std::unique_ptr<LayerObserver> observer;
    if (options.scan_secrets || options.scan_config) observer = std::make_unique<LayerObserver>(options, secrets);
    auto diff_id = WalkLayer(blob, [](std::string_view path) { return InventoryWants(path); }, *files,
                             observer ? &observer->hook() : nullptr, &threads);
    if (!diff_id) {
      // A read the stop refused surfaces from libarchive without its code; the stop is the reason.
      if (Status go = env.stop.Check(); !go) return std::unexpected(go.error());
      return Rewrap(diff_id.error(), "{}", layer.blob_path);
    }
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
  auto image = WalkImage(options.target, options.registry, visit, threads, cached, memo ? &*memo : nullptr);
  meter.Finish();
  // A stopped scan's walk fails wherever the stop caught it; the stop is the reason to report.
  if (Status go = env.stop.Check(); !go) return std::unexpected(go.error());
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
  auto report = ScanLayers(options, env, layers, *image, DescribeImage(*image, *redactor));
  if (!report) return report;
  AddImageAnalyses(options, *image, layers, observers, secrets, *report);
  MarkBaseImage(options, env, *image, *report);
  if (!cache_warning.empty()) report->errors.push_back({"cache", "", cache_warning});
  return report;
}

// rootfs and fs read a directory the same way; only what the report calls the artifact differs.
Result<ScanReport> ScanDirectoryIn(const ScanOptions& options, const ScanEnv& env, std::string_view type) {
  std::shared_ptr<const SecretScanner> secrets;
  if (options.scan_secrets) {
    secrets = env.secrets;
    if (secrets == nullptr) {
      auto created = CreateSecretScanner(options);
      if (!created) return std::unexpected(created.error());
      secrets = std::make_shared<const SecretScanner>(std::move(*created));
    }
  }
  // The same observer an image layer gets, so a directory is scanned for secrets in the same single pass.
  std::unique_ptr<LayerObserver> observer;
  if (options.scan_secrets || options.scan_config) observer = std::make_unique<LayerObserver>(options, secrets.get());
  LayerFiles files;
  const bool project = type == "filesystem";
  // Once stopped, the walk wants nothing more, so it reads no further file.
  auto wants = [&](std::string_view path) { return !env.stop.Stopped() && InventoryWants(path, project); };
  Status walked = WalkRootfs(options.target, wants, files, observer ? &observer->hook() : nullptr);
  if (Status go = env.stop.Check(); !go) return std::unexpected(go.error());
  if (!walked) return Rewrap(walked.error(), "{} {}", type, options.target);
  // One pseudo-layer with no digests: a directory has no blob or diff_id to name.
  Image root{.name = options.target, .layers = {ImageLayer{}}};
  Artifact artifact{.name = options.target, .type = std::string(type), .layers = {LayerInfo{}}};
  auto report = ScanLayers(options, env, {&files}, root, std::move(artifact));
  if (report && observer) AddRootfsAnalyses(options, *observer, *report);
  return report;
}

}  // namespace drydock
