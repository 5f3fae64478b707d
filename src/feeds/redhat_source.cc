// Red Hat CSAF VEX (security.access.redhat.com/data/csaf/v2/vex/): archive_latest.txt names a tar.zst of
// every document ("2023/cve-2023-0044.json"), published every few days; changes.csv and deletions.csv list
// each document's last change ("path","RFC 3339 time"). A fetch takes the archive (conditional GET, so an
// unchanged one is not sent again), then only the documents changed or deleted after the archive was made
// (its Last-Modified). Documents fetched that way are kept under changes/ with the time they were fetched
// for, so the next run asks only for what changed since.
#include "feeds/source.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <set>

#include "common/file.h"
#include "update/fetch.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxIndexBytes = 64 << 20;  // changes.csv lists every document: ~60k lines today
constexpr std::size_t kMaxNameBytes = 256;

const std::vector<std::string> kCovers = {"Red Hat:*"};

// "2023-12-10T00:00:00+00:00" (or ...Z) -> seconds since the epoch; -1 when malformed.
std::int64_t ParseRfc3339(std::string_view text) {
  std::tm tm{};
  std::string s(text);
  const char* rest = ::strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return -1;
  std::int64_t t = ::timegm(&tm);
  std::string_view zone(rest);
  if (!zone.empty() && zone.front() == '.') zone.remove_prefix(std::min(zone.find_first_not_of(".0123456789"), zone.size()));
  if (zone == "Z" || zone.empty()) return t;
  int hours = 0, minutes = 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
      std::sscanf(std::string(zone.substr(1)).c_str(), "%2d:%2d", &hours, &minutes) != 2) {
    return -1;
  }
  const int offset = (hours * 60 + minutes) * 60;
  return zone[0] == '+' ? t - offset : t + offset;
}

// "Mon, 11 Dec 2023 00:00:00 GMT" -> seconds; -1 when malformed.
std::int64_t ParseHttpDate(const std::string& text) {
  std::tm tm{};
  if (::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm) == nullptr) return -1;
  return ::timegm(&tm);
}

std::string Rfc3339(std::int64_t t) {
  std::tm tm{};
  const time_t tt = static_cast<time_t>(t);
  ::gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

bool IsDocumentPath(const std::string& path) {
  static const std::regex kPath(R"([0-9]{4}/cve-[0-9]{4}-[0-9]+\.json)");
  return std::regex_match(path, kPath);
}

// changes.csv / deletions.csv: `"2023/cve-2023-0030.json","2023-12-10T00:00:00+00:00"` per line -> the
// newest time per document. Lines that are not that are counted, not fatal.
std::map<std::string, std::int64_t> ParseChangeList(std::string_view text, std::size_t& bad_lines) {
  std::map<std::string, std::int64_t> out;
  auto unquote = [](std::string_view s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return std::string(s);
  };
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line == "\r") continue;
    const std::size_t comma = line.find(',');
    const std::string path = comma == line.npos ? "" : unquote(line.substr(0, comma));
    const std::int64_t when = comma == line.npos ? -1 : ParseRfc3339(unquote(line.substr(comma + 1)));
    if (!IsDocumentPath(path) || when < 0) {
      ++bad_lines;
      continue;
    }
    out[path] = std::max(out[path], when);
  }
  return out;
}

using Documents = std::map<std::string, std::vector<Advisory>>;  // by path: the feed is read in path order

void AddDocument(FeedData& feed, Documents& documents, const std::string& path, const std::string& origin,
                 std::string_view bytes) {
  auto advisories = ParseCsafVex(bytes);
  if (!advisories) {
    feed.warnings.push_back(origin + ": " + advisories.error().message);
    ++feed.info.skipped;
    return;
  }
  documents[path] = std::move(*advisories);
}

// Every document of the archive except those in `skip`; an error when the archive itself does not read.
Status ReadArchive(const std::string& path, const std::set<std::string>& skip, FeedData& feed, Documents& documents) {
  std::unique_ptr<archive, decltype(&archive_read_free)> tar(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(tar.get());
  archive_read_support_filter_zstd(tar.get());
  if (archive_read_open_filename(tar.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return Fail("not a readable tar.zst: {}", archive_error_string(tar.get()));
  }
  std::size_t entries = 0;
  archive_entry* entry = nullptr;
  for (int r; (r = archive_read_next_header(tar.get(), &entry)) != ARCHIVE_EOF;) {
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return Fail("{}", archive_error_string(tar.get()));
    if (++entries > kMaxOsvRecords) return Fail("more than {} entries", kMaxOsvRecords);
    std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    if (name.starts_with("./")) name.erase(0, 2);
    if (archive_entry_filetype(entry) != AE_IFREG || !name.ends_with(".json")) continue;
    const std::string origin = path + ":" + name;
    if (skip.contains(name)) continue;
    if (archive_entry_size(entry) > static_cast<la_int64_t>(kMaxCsafDocumentBytes)) {
      feed.warnings.push_back(origin + fmt::format(": over the {} byte document limit", kMaxCsafDocumentBytes));
      ++feed.info.skipped;
      continue;
    }
    std::string bytes(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    la_ssize_t got = 0;
    for (std::size_t at = 0; at < bytes.size(); at += static_cast<std::size_t>(got)) {
      got = archive_read_data(tar.get(), bytes.data() + at, bytes.size() - at);
      if (got < 0) return Fail("{}: {}", name, archive_error_string(tar.get()));
      if (got == 0) return Fail("{}: truncated", name);
    }
    AddDocument(feed, documents, name, origin, bytes);
  }
  return {};
}

std::int64_t FileMtime(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtime) : -1;
}

}  // namespace

void FetchRedHat(SourceContext& context) {
  auto latest = FetchPart(context, "redhat/archive_latest", JoinLocation(context.base_url, "archive_latest.txt"),
                          "archive_latest.txt", kCovers);
  if (!latest) return;
  auto text = ReadFileBounded(latest->download.path, kMaxNameBytes);
  std::string name = text ? *text : "";
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
  static const std::regex kArchiveName(R"([A-Za-z0-9_.-]+\.tar\.zst)");
  if (!std::regex_match(name, kArchiveName)) {
    return RejectPart(context, *latest, kCovers, text ? "does not name a .tar.zst archive" : text.error().message);
  }
  KeepPart(context, *latest);
  UncountPart(context, *latest);  // a pointer, not data

  auto archive = FetchPart(context, "redhat/archive", JoinLocation(context.base_url, name), "archive.tar.zst", kCovers);
  if (!archive) return;
  auto changes = FetchPart(context, "redhat/changes", JoinLocation(context.base_url, "changes.csv"), "changes.csv", kCovers);
  if (!changes) return Discard(archive->download);
  auto deletions = FetchPart(context, "redhat/deletions", JoinLocation(context.base_url, "deletions.csv"),
                             "deletions.csv", kCovers);
  if (!deletions) return Discard(archive->download), Discard(changes->download);

  // When the archive was made: its Last-Modified (as claircore reads it), else a local copy's mtime.
  std::string modified = archive->download.fresh ? archive->download.validators.last_modified : "";
  if (modified.empty() && context.state->parts.contains("redhat/archive")) {
    modified = context.state->parts["redhat/archive"].validators.last_modified;
  }
  std::int64_t archive_time = ParseHttpDate(modified);
  if (archive_time < 0) archive_time = FileMtime(archive->download.path);

  FeedData feed;
  feed.info = FeedInfo{"redhat-csaf-vex", "", "", 0, 0};
  std::size_t bad_lines = 0;
  auto changed_text = ReadFileBounded(changes->download.path, kMaxIndexBytes);
  auto deleted_text = ReadFileBounded(deletions->download.path, kMaxIndexBytes);
  if (!changed_text || !deleted_text) {
    const std::string why = !changed_text ? changed_text.error().message : deleted_text.error().message;
    Discard(archive->download);
    RejectPart(context, *deletions, kCovers, why);
    return RejectPart(context, *changes, kCovers, why);
  }
  auto changed = ParseChangeList(*changed_text, bad_lines);
  auto deleted = ParseChangeList(*deleted_text, bad_lines);
  if (bad_lines > 0) {
    feed.warnings.push_back(fmt::format("{}, {}: {} malformed lines", changes->url, deletions->url, bad_lines));
  }

  // Newer than the archive: fetched one by one (a document deleted after its last change is dropped).
  std::set<std::string> skip;
  Documents documents;
  std::int64_t newest = archive_time;
  std::set<std::string> kept_ids;
  for (const auto& [path, when] : changed) {
    if (when <= archive_time) continue;
    if (auto d = deleted.find(path); d != deleted.end() && d->second >= when) continue;
    newest = std::max(newest, when);
    skip.insert(path);
    const std::string id = "redhat/doc/" + path, stamp = Rfc3339(when);
    const std::string file = context.dir + "/changes/" + path;
    auto known = context.state->parts.find(id);
    std::string origin;
    if (known != context.state->parts.end() && known->second.stamp == stamp && ::access(file.c_str(), R_OK) == 0) {
      origin = file;  // fetched for this very change already
      kept_ids.insert(id);
      ++context.report->parts;
      ++context.report->unchanged;
    } else {
      auto doc = FetchPart(context, id, JoinLocation(context.base_url, path), "changes/" + path, kCovers);
      if (!doc) continue;
      KeepPart(context, *doc, stamp);
      kept_ids.insert(id);
      origin = doc->download.fresh ? doc->file : doc->download.path;
    }
    auto bytes = ReadFileBounded(origin, kMaxCsafDocumentBytes);
    if (!bytes) {
      feed.warnings.push_back(origin + ": " + bytes.error().message);
      ++feed.info.skipped;
      continue;
    }
    AddDocument(feed, documents, path, JoinLocation(context.base_url, path), *bytes);
  }
  for (const auto& [path, when] : deleted) {
    if (when > archive_time && !documents.contains(path)) skip.insert(path);
  }
  // Documents fetched for an older archive are stale once a newer archive holds them.
  for (auto it = context.state->parts.begin(); it != context.state->parts.end();) {
    if (it->first.starts_with("redhat/doc/") && !kept_ids.contains(it->first)) {
      ::unlink((context.dir + "/changes/" + it->first.substr(11)).c_str());
      it = context.state->parts.erase(it);
    } else {
      ++it;
    }
  }

  if (auto read = ReadArchive(archive->download.path, skip, feed, documents); !read) {
    Discard(changes->download);
    Discard(deletions->download);
    return RejectPart(context, *archive, kCovers, read.error().message);
  }
  KeepPart(context, *archive);
  KeepPart(context, *changes);
  KeepPart(context, *deletions);
  for (auto& [path, advisories] : documents) {
    for (Advisory& advisory : advisories) feed.advisories.push_back(std::move(advisory));
  }
  feed.info.advisories = feed.advisories.size();
  if (newest > 0) feed.info.updated = Rfc3339(newest);
  AddFeed(context, std::move(feed), context.base_url);
}

}  // namespace drydock
