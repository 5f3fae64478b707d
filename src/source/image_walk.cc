// target -> store -> plan -> every layer streamed once (in parallel where the store allows) -> verified.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "source/image_plan.h"
#include "source/registry/registry_image.h"

namespace drydock {
namespace {

struct Target {
  std::string path;
  std::string tag;
  bool oci = false;
};

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// "oci:PATH[:tag]" or a plain path. A ':' is a tag separator only when the whole string is not a path.
Target ParseTarget(const std::string& target) {
  Target out{.path = target};
  if (target.starts_with("oci:")) {
    out.oci = true;
    out.path = target.substr(4);
  }
  if (!Exists(out.path)) {
    std::size_t colon = out.path.rfind(':');
    if (colon != std::string::npos && out.path.find('/', colon) == std::string::npos) {
      out.tag = out.path.substr(colon + 1);
      out.path.resize(colon);
    }
  }
  return out;
}

// Visits each distinct blob once; layers run on as many walkers as `threads` has room for when the store can
// seek. A walker that runs out of layers ends and hands its slot back (the caller lends its share while it
// waits), for the inflate-ahead helper of a layer still being walked (see OpenDecompressed).
std::vector<Result<BlobVisit>> VisitAll(const BlobStore& store, const ImagePlan& plan, const LayerVisitor& visit,
                                        WalkThreads& threads, const std::vector<bool>& skipped) {
  const auto& layers = plan.image.layers;
  std::vector<std::size_t> order(layers.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Largest first, so one big layer does not start last and leave the other threads idle.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return plan.expected[a].size.value_or(0) > plan.expected[b].size.value_or(0);
  });
  std::map<std::string, std::size_t> first_with_path;
  for (std::size_t i : order) first_with_path.emplace(layers[i].blob_path, i);
  std::vector<std::size_t> work;
  for (std::size_t i : order) {
    if (first_with_path[layers[i].blob_path] == i && !skipped[i]) work.push_back(i);
  }
  std::vector<Result<BlobVisit>> results(layers.size(), Fail("not visited"));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < work.size();) {
      results[work[k]] = store.VisitBlob(layers[work[k]], visit);
    }
  };
  const std::size_t walkers = store.Seekable() ? std::min(threads.total(), std::max<std::size_t>(work.size(), 1)) : 1;
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < walkers; ++t) {
      auto slot = threads.TryTake();
      if (!slot) break;
      pool.emplace_back([&worker, slot = std::move(*slot)]() mutable {
        WalkThreads::Slot held = std::move(slot);
        worker();
      });  // `held` goes, and the slot with it, as this walker ends
    }
    worker();
    // Only waiting from here: the walkers still running may take this thread's share for a helper.
    WalkThreads::Lent waiting = threads.LendCaller();
    pool.clear();  // joins them
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    results[i] = results[first_with_path[layers[i].blob_path]];
  }
  return results;
}

Status Verify(const ImagePlan& plan, std::size_t i, const BlobVisit& seen) {
  const ExpectedBlob& want = plan.expected[i];
  if (want.size && *want.size != seen.size) {
    return Fail("blob is {} bytes but the manifest says {}", seen.size, *want.size);
  }
  if (!want.sha256.empty() && want.sha256 != seen.sha256) {
    return Fail("content does not match its digest (sha256:{})", seen.sha256);
  }
  if ("sha256:" + seen.diff_sha256 != plan.image.layers[i].diff_id) {
    return Fail("uncompressed content sha256:{} does not match the config's diff_id {}", seen.diff_sha256,
                plan.image.layers[i].diff_id);
  }
  return {};
}

// A missing path that reads as a reference is a registry image, unless it looks like a file name: a typo in
// "app.tar" must say "no such file", not send a request to Docker Hub.
bool IsRegistryTarget(const std::string& target) {
  constexpr std::string_view kFileSuffixes[] = {".tar", ".tar.gz", ".tgz", ".tar.zst"};
  for (std::string_view suffix : kFileSuffixes) {
    if (target.ends_with(suffix)) return false;
  }
  return !target.starts_with("oci:") && !Exists(target) && ParseReference(target).has_value();
}

// A local archive: reopened from `memo` when it remembers this very file (`key`) and every layer it named is
// cached, else indexed (and `learned` filled).
Result<std::unique_ptr<BlobStore>> OpenArchive(const std::string& path, const LayerVisitor& visit,
                                               const ArchiveIndexMemo* memo, const std::optional<std::string>& key,
                                               ArchiveIndex& learned, WalkThreads& threads) {
  if (key) {
    if (std::optional<std::string> remembered = memo->load(*key)) {
      auto index = DecodeArchiveIndex(*remembered);
      if (index && memo->all_cached(index->diff_ids)) return ReopenArchiveStore(path, std::move(*index));
    }
  }
  // A whole-archive stream is walked on one thread; a second one, when `threads` has room, inflates ahead of it.
  return OpenArchiveStore(path, visit, key ? &learned : nullptr, &threads);
}

// Size checks, every layer visited once, then every digest verified.
Result<Image> WalkPlan(const BlobStore& store, ImagePlan& plan, const std::string& label, const LayerVisitor& visit,
                       WalkThreads& threads, const LayerSkip& skip) {
  // Cheap checks first, so a truncated blob fails before a large layer is inflated.
  for (std::size_t i = 0; i < plan.image.layers.size(); ++i) {
    auto stored = store.BlobSize(plan.image.layers[i].blob_path);
    auto want = plan.expected[i].size;
    if (stored && want && *stored != *want) {
      return Fail("{}: layer {} ({}): blob is {} bytes but the manifest says {}", label, i + 1,
                  plan.image.layers[i].digest, *stored, *want);
    }
  }
  std::vector<bool> skipped(plan.image.layers.size(), false);
  for (std::size_t i = 0; i < skipped.size(); ++i) skipped[i] = skip && skip(plan.image.layers[i]);
  auto results = VisitAll(store, plan, visit, threads, skipped);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ImageLayer& layer = plan.image.layers[i];
    if (skipped[i]) continue;
    auto verified = results[i] ? Verify(plan, i, *results[i]) : std::unexpected(results[i].error());
    if (!verified) return Rewrap(verified.error(), "{}: layer {} ({})", label, i + 1, layer.digest);
  }
  return std::move(plan.image);
}

}  // namespace

Result<Image> WalkImage(const std::string& target_text, const LayerVisitor& visit, std::size_t max_threads) {
  return WalkImage(target_text, RegistryOptions{}, visit, max_threads, nullptr);
}

Result<Image> WalkImage(const std::string& target_text, const RegistryOptions& registry, const LayerVisitor& visit,
                        std::size_t max_threads) {
  return WalkImage(target_text, registry, visit, max_threads, nullptr);
}

Result<Image> WalkImage(const std::string& target_text, const RegistryOptions& registry, const LayerVisitor& visit,
                        std::size_t max_threads, const LayerSkip& skip, const ArchiveIndexMemo* memo) {
  WalkThreads threads(max_threads);
  return WalkImage(target_text, registry, visit, threads, skip, memo);
}

Result<Image> WalkImage(const std::string& target_text, const RegistryOptions& registry, const LayerVisitor& visit,
                        WalkThreads& threads, const LayerSkip& skip, const ArchiveIndexMemo* memo) {
  if (IsRegistryTarget(target_text)) {
    auto remote = OpenRegistryImage(*ParseReference(target_text), registry);
    if (!remote) return std::unexpected(remote.error());
    if (remote->plan.image.name.empty()) remote->plan.image.name = target_text;
    return WalkPlan(*remote->store, remote->plan, target_text, visit, threads, skip);
  }
  Target target = ParseTarget(target_text);
  if (!Exists(target.path)) return FailWith(ErrorCode::kNotFound, "{}: no such file or directory", target.path);
  struct stat st {};
  ::stat(target.path.c_str(), &st);
  const std::optional<std::string> memo_key =
      memo != nullptr && S_ISREG(st.st_mode) ? ArchiveIdentity(target.path) : std::nullopt;
  ArchiveIndex learned;
  auto store = S_ISDIR(st.st_mode) ? OpenDirStore(target.path)
                                   : OpenArchive(target.path, visit, memo, memo_key, learned, threads);
  if (!store) return Rewrap(store.error(), "{}", target.path);
  bool oci = target.oci || ((*store)->Has("index.json") && !(*store)->Has("manifest.json"));
  auto plan = oci ? PlanOciLayout(**store, target.tag) : PlanDockerArchive(**store, target.tag);
  if (!plan) return Rewrap(plan.error(), "{}", target.path);
  if (plan->image.name.empty()) plan->image.name = target_text;
  auto image = WalkPlan(**store, *plan, target.path, visit, threads, skip);
  // Remembered only once every digest was verified; `learned` is empty when the store came from the memo.
  if (image && memo_key && !learned.members.empty()) {
    std::vector<std::string> blobs;
    for (const ImageLayer& layer : image->layers) {
      learned.diff_ids.push_back(layer.diff_id);
      blobs.push_back(layer.blob_path);
    }
    ForgetMemberBytes(learned, blobs);
    memo->store(*memo_key, EncodeArchiveIndex(learned));
  }
  return image;
}

}  // namespace drydock
