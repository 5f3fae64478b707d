// FetchFeeds: selectors and overrides checked against the source table, the cache locked for this run, each
// selected source fetched in table order, state saved after each.
#include "feeds/fetch_feeds.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <span>

#include "feeds/source.h"

namespace drydock {

extern const SourceSpec kSourceTable[];
extern const std::size_t kSourceCount;

namespace {

std::span<const SourceSpec> Table() { return {kSourceTable, kSourceCount}; }

const SourceSpec* FindSource(std::string_view name) {
  for (const SourceSpec& spec : Table()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string Names() {
  std::string out;
  for (const SourceSpec& spec : Table()) out += (out.empty() ? "" : ", ") + std::string(spec.name);
  return out;
}

// Held for the whole fetch: two runs writing one cache would commit each other's half-read files.
class CacheLock {
 public:
  static Result<CacheLock> Take(const std::string& dir) {
    const std::string path = dir + "/lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Fail("{}: {}", path, std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return Fail("{}: another drydock is fetching feeds into this cache", dir);
    }
    return CacheLock(fd);
  }
  CacheLock(CacheLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  ~CacheLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  explicit CacheLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace

Result<FetchResult> FetchFeeds(const FetchOptions& options) {
  // Which sources, and which of their parts.
  std::map<std::string, std::vector<std::string>> selected;  // name -> parts (empty = all)
  bool all = options.sources.empty();
  for (const std::string& selector : options.sources) {
    if (selector == "all") {
      all = true;
      continue;
    }
    const std::size_t colon = selector.find(':');
    const std::string name = selector.substr(0, colon);
    if (!FindSource(name)) return Fail("unknown source \"{}\" (sources: all, {})", name, Names());
    auto& parts = selected[name];
    if (colon == std::string::npos) {
      parts.clear();
      parts.push_back("");  // marker: the whole source
    } else if (parts.empty() || !parts.front().empty()) {
      parts.push_back(selector.substr(colon + 1));
    }
  }
  for (const auto& [name, url] : options.urls) {
    if (!FindSource(name)) return Fail("--source-url {}: unknown source (sources: {})", name, Names());
    if (url.empty()) return Fail("--source-url {}: empty URL", name);
  }
  for (const auto& [name, bytes] : options.max_bytes) {
    if (!FindSource(name)) return Fail("--source-max-bytes {}: unknown source (sources: {})", name, Names());
  }
  if (options.cache_dir.empty()) return Fail("no feed cache directory given");
  std::error_code ec;
  std::filesystem::create_directories(options.cache_dir, ec);
  if (ec) return Fail("{}: {}", options.cache_dir, ec.message());
  auto lock = CacheLock::Take(options.cache_dir);
  if (!lock) return std::unexpected(lock.error());

  const std::string state_path = options.cache_dir + "/state.json";
  FeedState state = LoadFeedState(state_path);
  FetchResult result;
  for (const SourceSpec& spec : Table()) {
    auto it = selected.find(std::string(spec.name));
    if (!all && it == selected.end()) continue;
    SourceReport report{.name = std::string(spec.name)};
    SourceContext context{.name = report.name,
                          .base_url = options.urls.contains(report.name) ? options.urls.at(report.name)
                                                                         : std::string(spec.default_url),
                          .dir = options.cache_dir + "/" + report.name,
                          .policy = {.max_bytes = options.max_bytes.contains(report.name)
                                                      ? options.max_bytes.at(report.name) : spec.max_bytes,
                                     .max_attempts = std::max(1, options.max_attempts),
                                     .first_backoff = options.first_backoff},
                          .state = &state,
                          .report = &report,
                          .feeds = &result.feeds};
    if (it != selected.end() && !it->second.empty() && !it->second.front().empty()) context.selected = it->second;
    report.url = context.base_url;
    spec.fetch(context);
    // Save after each source: a later failure or a kill keeps what this one fetched.
    (void)SaveFeedState(state_path, state);
    result.missing.insert(result.missing.end(), report.missing.begin(), report.missing.end());
    result.sources.push_back(std::move(report));
  }
  return result;
}

}  // namespace drydock
