#include "scanner/inventory.h"

#include <algorithm>
#include <atomic>
#include <functional>
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
  return ParseGuarded(cataloger, path, file.data, &read);
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
// The table yields each package as a temporary, so the candidates own their text. Only language packages are
// candidates, so an OS database's rows are only looked at for their ecosystem.
std::unordered_set<std::string> OsOwnedPackagePaths(const std::vector<ParseJob>& jobs) {
  std::unordered_map<std::string, std::string> candidates;  // spelling -> package path
  for (const ParseJob& job : jobs) {
    if (!job.parsed) continue;
    const PackageTable& packages = job.parsed->packages;
    for (std::size_t row = 0; row < packages.size(); ++row) {
      if (IsOsEcosystem(packages.Ecosystem(row))) continue;
      const std::string path = packages[row].path;
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

// Keeps the first row of each id. Ids are compared through their hashes (a million ids as strings would
// cost as much as the table); rows whose hashes collide are compared by id.
void DropRepeatedIds(PackageTable& all) {
  std::vector<std::pair<std::size_t, std::uint32_t>> by_hash(all.size());  // id hash, row
  for (std::uint32_t row = 0; row < by_hash.size(); ++row) by_hash[row] = {std::hash<std::string>{}(all.Id(row)), row};
  std::sort(by_hash.begin(), by_hash.end());
  std::vector<bool> duplicate(all.size(), false);
  for (std::size_t start = 0, end = 0; start < by_hash.size(); start = end) {
    for (end = start + 1; end < by_hash.size() && by_hash[end].first == by_hash[start].first; ++end) {}
    if (end - start == 1) continue;
    // Rows are ascending within a run, so each row is checked against the earlier ones still kept.
    std::vector<std::pair<std::string, std::uint32_t>> kept;
    for (std::size_t i = start; i < end; ++i) {
      std::string id = all.Id(by_hash[i].second);
      const bool seen = std::any_of(kept.begin(), kept.end(), [&](const auto& k) { return k.first == id; });
      if (seen) {
        duplicate[by_hash[i].second] = true;
      } else {
        kept.emplace_back(std::move(id), by_hash[i].second);
      }
    }
  }
  all.EraseRows(duplicate);
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
  // Each job's packages are finished as its table is rewritten (each old chunk freed once passed), then the
  // tables are joined in job order into the largest one, which is kept rather than copied; one package per id
  // is kept (the first seen), and the result sorted. A second copy of a million dpkg packages, in any form,
  // would cost more than the status file they came from.
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
    PackageTable& packages = job.parsed->packages;
    packages.Rewrite([&](Package& p) {
      // A language package the OS package manager installed (python3-urllib3's egg-info) is the OS package,
      // already reported and matched against the distro's advisories, which know its backports.
      if (!IsOsEcosystem(p.ecosystem) && os_owned.contains(p.path)) return false;
      auto found = job.origin.find(PackageKey(p));
      std::size_t layer = found != job.origin.end() ? found->second : job.visible->layer;
      p.layer_diff_id = image.layers[layer].diff_id;
      FinishPackage(p, out.distro);
      if (job.parsed->states_dev) {
        auto [vote, first] = stated_dev.emplace(p.id, p.dev);
        if (!first) vote->second = vote->second && p.dev;
      }
      return true;
    });
    job.origin.clear();
    if (largest == jobs.size() || packages.size() > jobs[largest].parsed->packages.size()) largest = j;
  }
  PackageTable& all = out.packages;
  if (largest < jobs.size()) {
    all = std::move(jobs[largest].parsed->packages);
    PackageTable before;
    for (std::size_t j = 0; j < largest; ++j) {
      if (!jobs[j].parsed) continue;
      before.Insert(before.size(), jobs[j].parsed->packages);
      jobs[j].parsed->packages.clear();
    }
    all.Insert(0, before);
    before.clear();
    for (std::size_t j = largest + 1; j < jobs.size(); ++j) {
      if (!jobs[j].parsed) continue;
      all.Insert(all.size(), jobs[j].parsed->packages);
      jobs[j].parsed->packages.clear();
    }
  }
  DropRepeatedIds(all);
  if (!stated_dev.empty()) {
    for (std::size_t row = 0; row < all.size(); ++row) {
      if (auto vote = stated_dev.find(all.Id(row)); vote != stated_dev.end()) all.SetDev(row, vote->second);
    }
  }
  all.SortByKey();
  return out;
}

}  // namespace drydock
