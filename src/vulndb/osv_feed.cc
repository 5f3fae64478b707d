// ReadOsvFeed: walks a directory of OSV records or an OSV all.zip, one bounded record at a time.
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <unordered_set>

#include "common/file.h"
#include "common/path.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;

bool IsYamlRecord(std::string_view name) { return name.ends_with(".yaml") || name.ends_with(".yml"); }
bool IsRecord(std::string_view name) { return name.ends_with(".json") || IsYamlRecord(name); }

// Collects records into a feed: one advisory per id (a duplicate id is skipped with a warning).
class OsvCollector {
 public:
  explicit OsvCollector(const std::string& source) { feed_.info = FeedInfo{"osv", source, "", 0, 0}; }

  void Add(const std::string& origin, std::string_view bytes) {
    ++seen_;
    std::string modified;
    auto record = ParseOsvRecord(bytes, &modified);
    if (!record) return Skip(origin, record.error().message);
    if (!*record) return;
    if (!ids_.insert((*record)->id).second) return Skip(origin, "duplicate id " + (*record)->id);
    feed_.info.updated = std::max(feed_.info.updated, modified);
    feed_.advisories.push_back(std::move(**record));
  }
  // A *.yaml / *.yml record is converted first; everything else is JSON.
  void AddFile(const std::string& origin, std::string_view bytes) {
    if (!IsYamlRecord(origin)) return Add(origin, bytes);
    auto converted = OsvYamlToJson(bytes);
    if (!converted) return Skip(origin, converted.error().message);
    Add(origin, *converted);
  }
  void Skip(const std::string& origin, const std::string& why) {
    ++seen_;
    feed_.warnings.push_back(origin + ": " + why);
    ++feed_.info.skipped;
  }
  std::size_t seen() const { return seen_; }
  FeedData Finish() && {
    std::sort(feed_.advisories.begin(), feed_.advisories.end(),
              [](const Advisory& a, const Advisory& b) { return a.id < b.id; });
    feed_.info.advisories = feed_.advisories.size();
    return std::move(feed_);
  }

 private:
  FeedData feed_;
  std::unordered_set<std::string> ids_;
  std::size_t seen_ = 0;  // records found, read or not
};

Status ReadDirectory(const std::string& dir, OsvCollector& collector) {
  std::error_code ec;
  std::vector<fs::path> paths;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && IsRecord(it->path().string())) paths.push_back(it->path());
    if (paths.size() > kMaxOsvRecords) return Fail("{}: more than {} records", dir, kMaxOsvRecords);
  }
  if (ec) return Fail("{}: {}", dir, ec.message());
  std::sort(paths.begin(), paths.end());  // reproducible warnings and duplicate resolution
  for (const fs::path& path : paths) {
    auto bytes = ReadFileBounded(path.string(), kMaxOsvRecordBytes);
    if (!bytes) collector.Skip(path.string(), bytes.error().message);
    else collector.AddFile(path.string(), *bytes);
  }
  return {};
}

// Reads the current entry's data, at most kMaxOsvRecordBytes (the header's size may be absent or wrong).
Result<std::string> ReadEntry(archive* zip) {
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const la_ssize_t n = archive_read_data(zip, buffer, sizeof(buffer));
    if (n < 0) return Fail("{}", archive_error_string(zip) ? archive_error_string(zip) : "read error");
    if (n == 0) return bytes;
    if (bytes.size() + static_cast<std::size_t>(n) > kMaxOsvRecordBytes) {
      return Fail("over the {} byte record limit", kMaxOsvRecordBytes);
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
}

Status ReadZip(const std::string& path, OsvCollector& collector) {
  std::unique_ptr<archive, decltype(&archive_read_free)> zip(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(zip.get());
  if (archive_read_open_filename(zip.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    return Fail("{}: not a readable zip: {}", path, archive_error_string(zip.get()));
  }
  std::size_t entries = 0, total_bytes = 0;
  archive_entry* entry = nullptr;
  for (int r; (r = archive_read_next_header(zip.get(), &entry)) != ARCHIVE_EOF;) {
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return Fail("{}: {}", path, archive_error_string(zip.get()));
    if (++entries > kMaxOsvRecords) return Fail("{}: more than {} entries", path, kMaxOsvRecords);
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = raw_name ? raw_name : "";
    const std::string origin = path + ":" + name;
    if (archive_entry_filetype(entry) != AE_IFREG || !IsRecord(name)) continue;
    // Nothing is extracted, but a climbing name says the archive was not made by an OSV exporter.
    if (!NormalizePath(name)) {
      collector.Skip(origin, "entry name climbs out of the archive");
      continue;
    }
    if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > la_int64_t{kMaxOsvRecordBytes}) {
      collector.Skip(origin, fmt::format("over the {} byte record limit", kMaxOsvRecordBytes));
      continue;
    }
    auto bytes = ReadEntry(zip.get());
    if (!bytes) {
      collector.Skip(origin, bytes.error().message);
      continue;
    }
    if ((total_bytes += bytes->size()) > kMaxOsvFeedBytes) return Fail("{}: over {} bytes", path, kMaxOsvFeedBytes);
    collector.AddFile(origin, *bytes);
  }
  return {};
}

}  // namespace

Result<FeedData> ReadOsvFeed(const std::string& dir_or_zip) {
  std::error_code ec;
  const fs::file_status status = fs::status(dir_or_zip, ec);
  if (ec || !fs::exists(status)) return Fail("{}: no such file or directory", dir_or_zip);
  OsvCollector collector(dir_or_zip);
  Status read;
  if (fs::is_directory(status)) {
    read = ReadDirectory(dir_or_zip, collector);
  } else if (IsRecord(dir_or_zip)) {  // one record: handy for local advisories
    auto bytes = ReadFileBounded(dir_or_zip, kMaxOsvRecordBytes);
    if (!bytes) return std::unexpected(bytes.error());
    collector.AddFile(dir_or_zip, *bytes);
  } else {
    read = ReadZip(dir_or_zip, collector);
  }
  if (!read) return std::unexpected(read.error());
  // An empty feed is almost always a wrong path; a scan with it would silently find nothing.
  if (collector.seen() == 0) return Fail("{}: no OSV records (*.json, *.yaml) found", dir_or_zip);
  return std::move(collector).Finish();
}

}  // namespace drydock
