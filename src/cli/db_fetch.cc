#include "cli/db_fetch.h"

#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "cli/commands.h"
#include "feeds/fetch_feeds.h"
#include "update/artifact.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

std::string DefaultFeedCache() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/drydock/feeds";
  }
  const char* home = std::getenv("HOME");
  return fmt::format("{}/.cache/drydock/feeds", home != nullptr ? home : ".");
}

std::string Bytes(std::uint64_t n) {
  if (n < 10 * 1024) return fmt::format("{} B", n);
  if (n < 10 * 1024 * 1024) return fmt::format("{} KiB", n >> 10);
  return fmt::format("{} MiB", n >> 20);
}

// "2024-10-01T12:00:00Z" -> "2024-10-01 (63 days old)"; "-" when unknown.
std::string Age(const std::string& updated) {
  if (updated.size() < 10) return "age unknown";
  std::tm tm{};
  if (::strptime(updated.substr(0, 10).c_str(), "%Y-%m-%d", &tm) == nullptr) return updated;
  const auto days = (std::time(nullptr) - ::timegm(&tm)) / 86400;
  return fmt::format("newest data {} ({} days old)", updated.substr(0, 10), days);
}

bool SplitAssignments(const std::vector<std::string>& items, const char* flag,
                      std::map<std::string, std::string>& out) {
  for (const std::string& item : items) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      fmt::print(stderr, "drydock: {} {}: expected NAME=VALUE\n", flag, item);
      return false;
    }
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return true;
}

}  // namespace

void AddFetchFlags(CLI::App& app, FetchFlags& flags) {
  std::string names;
  for (const SourceDescription& s : FeedSources()) names += (names.empty() ? "" : ", ") + std::string(s.name);
  app.add_option("--sources", flags.sources, "Sources to fetch: all (default), " + names +
                                                 "; NAME:PART picks one part (osv:PyPI, alpine:v3.19)")
      ->delimiter(',');
  app.add_option("--source-url", flags.source_urls,
                 "NAME=URL: fetch a source from a mirror or a local copy of the same layout (repeatable)");
  app.add_option("--source-max-bytes", flags.max_bytes, "NAME=BYTES: size bound of each file of a source");
  app.add_option("--feed-cache", flags.cache_dir, "Where fetched feeds are kept between runs "
                                                  "(default: $XDG_CACHE_HOME/drydock/feeds, ~/.cache/drydock/feeds)");
  app.add_flag("--allow-partial", flags.allow_partial,
               "Build even when a source cannot be fetched; the DB lists what is missing and scans warn");
}

int FetchAndBuildDb(const FetchFlags& flags, const std::string& output) {
  FetchOptions options{.cache_dir = flags.cache_dir.empty() ? DefaultFeedCache() : flags.cache_dir,
                       .sources = flags.sources};
  std::map<std::string, std::string> limits;
  if (!SplitAssignments(flags.source_urls, "--source-url", options.urls) ||
      !SplitAssignments(flags.max_bytes, "--source-max-bytes", limits)) {
    return kExitUsage;
  }
  for (const auto& [name, value] : limits) {
    char* end = nullptr;
    const unsigned long long bytes = std::strtoull(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || bytes == 0) {
      fmt::print(stderr, "drydock: --source-max-bytes {}={}: expected a positive number of bytes\n", name, value);
      return kExitUsage;
    }
    options.max_bytes[name] = bytes;
  }
  const auto started = std::chrono::steady_clock::now();
  auto fetched = FetchFeeds(options);
  if (!fetched) {
    fmt::print(stderr, "drydock: {}\n", fetched.error().message);
    return kExitUsage;
  }
  for (const FeedData& feed : fetched->feeds) {
    for (const std::string& warning : feed.warnings) fmt::print(stderr, "drydock: skipped {}\n", warning);
  }
  for (const SourceReport& s : fetched->sources) {
    fmt::print(stderr, "drydock: {}: {} files ({} downloaded, {} unchanged, {}), {} advisories, {} skipped, {}{}\n",
               s.name, s.parts, s.downloaded, s.unchanged, Bytes(s.bytes), s.advisories, s.skipped, Age(s.updated),
               s.missing.empty() ? "" : fmt::format(", {} MISSING", s.missing.size()));
  }
  for (const MissingSource& m : fetched->missing) fmt::print(stderr, "drydock: missing {}: {}\n", m.source, m.reason);
  if (!fetched->missing.empty() && !flags.allow_partial) {
    fmt::print(stderr, "drydock: {} feed part(s) could not be fetched; {} was not written (--allow-partial builds "
                       "without them)\n", fetched->missing.size(), output);
    return kExitError;
  }
  if (fetched->feeds.empty()) {
    fmt::print(stderr, "drydock: no feed could be read; {} was not written\n", output);
    return kExitError;
  }
  if (auto built = BuildDb(fetched->feeds, output, fetched->missing); !built) {
    fmt::print(stderr, "drydock: {}\n", built.error().message);
    return kExitError;
  }
  auto artifact = WriteDbArtifact(output);
  if (!artifact) {
    fmt::print(stderr, "drydock: {}\n", artifact.error().message);
    return kExitError;
  }
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(stderr, "drydock: wrote {}{} and {} ({} bytes) in {:.1f} s\n", output,
             fetched->missing.empty() ? "" : fmt::format(" (partial: {} missing)", fetched->missing.size()),
             artifact->compressed_path, artifact->compressed_bytes, seconds);
  return kExitOk;
}

}  // namespace drydock
