#include "scanner/inventory.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "cache/parsed_codec.h"
#include "catalog/catalog.h"
#include "common/ecosystem.h"

namespace drydock {
namespace {

// What makes two records the same package across layers.
std::string PackageKey(const Package& p) { return fmt::format("{}:{}@{}:{}", p.ecosystem, p.name, p.version, p.arch); }

// One captured file for one cataloger, parsed on a worker thread.
struct ParseJob {
  const Cataloger* cataloger;
  const MergedView::Visible* visible;
  Result<ParsedPackages> parsed = ParsedPackages{};
  std::map<std::string, std::size_t> origin;  // package key -> the layer that installed it
};

// What `cataloger` makes of one captured copy: its cached parse result when the layer cache kept that instead of
// the bytes, else a parse of the bytes.
Result<ParsedPackages> ParseCaptured(const Cataloger& cataloger, std::string_view path, const CapturedFile& file,
                                     const FileReader& read) {
  if (auto cached = file.parsed.find(cataloger.Name()); cached != file.parsed.end()) {
    auto decoded = DecodeParsedPackages(cached->second);
    if (!decoded) return std::unexpected(decoded.error());
    return std::move(*decoded);
  }
  if (file.bytes_dropped) return Fail("damaged cache entry: neither bytes nor a {} parse result", cataloger.Name());
  return cataloger.ParseWithFiles(path, file.data, read);
}

// The first layer whose own copy of the file already held each package: that layer installed it. The visible
// copy is not parsed again (for a JAR or a wheel that is the only copy, and parsing is the expensive part).
void FindOrigins(const MergedView& view, ParseJob& job) {
  const FileReader no_files = [](std::string_view) { return std::nullopt; };
  const auto history = view.History(job.visible->path);
  // Only one copy, or the visible copy last: its packages default to its own layer (TakeInventory's fallback),
  // so they need no entry (a rootfs's million dpkg packages would otherwise cost a key each).
  if (history.size() <= 1) return;
  for (const auto& [layer, file] : history) {
    if (file == job.visible->file && &file == &history.back().second) continue;
    if (file == job.visible->file) {
      for (const Package& p : job.parsed->packages) job.origin.emplace(PackageKey(p), layer);
      continue;
    }
    auto parsed = ParseCaptured(*job.cataloger, job.visible->path, *file, no_files);
    if (!parsed) continue;  // an older copy that does not parse cannot be anyone's origin
    for (const Package& p : parsed->packages) job.origin.emplace(PackageKey(p), layer);
  }
}

// The paths of language packages that an OS package manager says it installed. usr-merged distros (Debian 12,
// Fedora) still list many files under /bin, /sbin and /lib while the image holds them under usr/, so both
// spellings match. The owned lists are long (every file of every OS package) and the candidates few, so the
// lists are looked up in the candidates, not the other way round.
// Copies, not views: the packages are moved out of the jobs while the result is consulted.
std::unordered_set<std::string> OsOwnedPackagePaths(const std::vector<ParseJob>& jobs) {
  std::unordered_map<std::string_view, std::string_view> candidates;  // spelling -> package path
  for (const ParseJob& job : jobs) {
    if (!job.parsed) continue;
    for (const Package& p : job.parsed->packages) {
      if (IsOsEcosystem(p.ecosystem)) continue;
      const std::string_view path = p.path;
      candidates.emplace(path, path);
      if (!path.starts_with("usr/")) continue;
      for (std::string_view top : {"bin/", "sbin/", "lib/", "lib32/", "lib64/", "libx32/"}) {
        if (path.substr(4).starts_with(top)) candidates.emplace(path.substr(4), path);
      }
    }
  }
  std::unordered_set<std::string> owned;
  if (candidates.empty()) return owned;
  for (const ParseJob& job : jobs) {
    if (!job.parsed) continue;
    for (const std::string& file : job.parsed->owned_files) {
      if (auto hit = candidates.find(file); hit != candidates.end()) owned.emplace(hit->second);
    }
  }
  return owned;
}

// `read` serves the files a format includes (requirements -r); MergedView reads are const and thread-safe.
void RunJobs(const MergedView& view, std::vector<ParseJob>& jobs, std::size_t threads, const FileReader& read) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      jobs[i].parsed = ParseCaptured(*jobs[i].cataloger, jobs[i].visible->path, *jobs[i].visible->file, read);
      if (jobs[i].parsed) FindOrigins(view, jobs[i]);
    }
  };
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < std::min(threads, jobs.size()); ++t) pool.emplace_back(work);
  work();
}

}  // namespace

bool InventoryWants(std::string_view path, bool project) {
  if (IsDistroFile(path)) return true;
  for (const Cataloger* cataloger : PackageCatalogers()) {
    if (ServesScan(*cataloger, project) && cataloger->Required(path)) return true;
  }
  return false;
}

Inventory TakeInventory(const MergedView& view, const Image& image, std::size_t threads, bool project) {
  Inventory out;
  out.distro = DetectDistro([&](std::string_view path) -> std::optional<std::string> {
    auto visible = view.Read(path);
    if (!visible) {
      out.errors.push_back({"os", std::string(path), visible.error().message});
      return std::nullopt;
    }
    if (!*visible) return std::nullopt;
    return *(*visible)->bytes;
  });

  // Files a cataloger's format includes (requirements -r); an unreadable one is the same as a missing one.
  FileReader read_visible = [&](std::string_view path) -> std::optional<std::string> {
    auto visible = view.Read(path);
    if (!visible || !*visible || (*visible)->file->bytes_dropped) return std::nullopt;
    return *(*visible)->bytes;
  };
  // Which files to parse is decided in order, on this thread; parsing runs in parallel; results are merged in
  // the same order, so a report does not depend on the thread count.
  std::set<std::pair<const Cataloger*, std::string>> done;  // a file reached through links is read once
  std::vector<MergedView::Visible> visibles;
  std::vector<std::pair<const Cataloger*, std::size_t>> wanted;
  std::vector<std::string> paths = view.VisiblePaths();
  visibles.reserve(paths.size());
  for (const std::string& path : paths) {
    for (const Cataloger* cataloger : PackageCatalogers()) {
      if (!ServesScan(*cataloger, project) || !cataloger->Required(path)) continue;
      auto visible = view.Read(path);
      if (!visible) {
        out.errors.push_back({fmt::format("catalog:{}", cataloger->Name()), path, visible.error().message});
        continue;
      }
      if (!*visible || !done.emplace(cataloger, (*visible)->path).second) continue;
      visibles.push_back(std::move(**visible));
      wanted.emplace_back(cataloger, visibles.size() - 1);
    }
  }
  std::vector<ParseJob> jobs;
  for (const auto& [cataloger, index] : wanted) jobs.push_back({cataloger, &visibles[index]});
  RunJobs(view, jobs, std::max<std::size_t>(threads, 1), read_visible);

  const std::unordered_set<std::string> os_owned = OsOwnedPackagePaths(jobs);
  // Each job's packages are finished in place, then the jobs' vectors are joined in job order into the largest
  // one, whose buffer is kept; one package per id is kept (the first seen) through a sorted index, and the result
  // sorted in place. A map keyed by id, growing a second vector or a stable_sort of the packages each cost another
  // copy of every package (a million dpkg packages: hundreds of MB each).
  std::map<std::string, bool> stated_dev;  // id -> dev, AND over every file whose format states it
  std::size_t largest = jobs.size();
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    ParseJob& job = jobs[j];
    std::string stage = fmt::format("catalog:{}", job.cataloger->Name());
    if (!job.parsed) {
      out.errors.push_back({stage, job.visible->path, job.parsed.error().message});
      continue;
    }
    for (std::string& why : job.parsed->skipped) out.errors.push_back({stage, job.visible->path, std::move(why)});
    std::vector<Package>& packages = job.parsed->packages;
    // A language package the OS package manager installed (python3-urllib3's egg-info) is the OS package,
    // already reported and matched against the distro's advisories, which know its backports.
    std::erase_if(packages, [&](const Package& p) { return !IsOsEcosystem(p.ecosystem) && os_owned.contains(p.path); });
    for (Package& p : packages) {
      auto found = job.origin.find(PackageKey(p));
      std::size_t layer = found != job.origin.end() ? found->second : job.visible->layer;
      p.layer_diff_id = image.layers[layer].diff_id;
      FinishPackage(p, out.distro);
      if (job.parsed->states_dev) {
        auto [vote, first] = stated_dev.emplace(p.id, p.dev);
        if (!first) vote->second = vote->second && p.dev;
      }
    }
    job.origin.clear();
    if (largest == jobs.size() || packages.size() > jobs[largest].parsed->packages.size()) largest = j;
  }
  std::vector<Package>& all = out.packages;
  if (largest < jobs.size()) {
    all = std::move(jobs[largest].parsed->packages);
    std::vector<Package> before;
    std::size_t total = all.size();
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (j != largest && jobs[j].parsed) total += jobs[j].parsed->packages.size();
    }
    for (std::size_t j = 0; j < largest; ++j) {
      if (!jobs[j].parsed) continue;
      std::vector<Package>& packages = jobs[j].parsed->packages;
      before.insert(before.end(), std::make_move_iterator(packages.begin()), std::make_move_iterator(packages.end()));
      std::vector<Package>().swap(packages);
    }
    all.reserve(total);
    all.insert(all.begin(), std::make_move_iterator(before.begin()), std::make_move_iterator(before.end()));
    std::vector<Package>().swap(before);
    for (std::size_t j = largest + 1; j < jobs.size(); ++j) {
      if (!jobs[j].parsed) continue;
      std::vector<Package>& packages = jobs[j].parsed->packages;
      all.insert(all.end(), std::make_move_iterator(packages.begin()), std::make_move_iterator(packages.end()));
      std::vector<Package>().swap(packages);
    }
  }
  std::vector<std::uint32_t> by_id(all.size());
  for (std::uint32_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
  std::stable_sort(by_id.begin(), by_id.end(), [&](std::uint32_t a, std::uint32_t b) { return all[a].id < all[b].id; });
  std::vector<bool> duplicate(all.size(), false);
  for (std::size_t i = 1; i < by_id.size(); ++i) {
    if (all[by_id[i]].id == all[by_id[i - 1]].id) duplicate[by_id[i]] = true;
  }
  std::vector<std::uint32_t>().swap(by_id);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (duplicate[i]) continue;
    if (kept != i) all[kept] = std::move(all[i]);
    ++kept;
  }
  all.erase(all.begin() + static_cast<std::ptrdiff_t>(kept), all.end());
  for (Package& p : all) {
    if (auto vote = stated_dev.find(p.id); vote != stated_dev.end()) p.dev = vote->second;
  }
  std::sort(out.packages.begin(), out.packages.end(), [](const Package& a, const Package& b) {
    return std::tie(a.ecosystem, a.name, a.version, a.arch) < std::tie(b.ecosystem, b.name, b.version, b.arch);
  });
  return out;
}

}  // namespace drydock
