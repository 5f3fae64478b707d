// SqlStore: images and the incident-response queries.
#include <algorithm>
#include <functional>
#include <map>

#include "store/sql_store.h"

namespace drydock {
namespace {

constexpr std::size_t kPurlChunkRows = 500;
constexpr std::size_t kMaxPurlRowsPerPage = 50'000;

std::int64_t ParseCursor(const std::string& cursor) {
  std::int64_t value = 0;
  for (char c : cursor) {
    if (c < '0' || c > '9' || value > (INT64_MAX - 9) / 10) return 0;  // a cursor we did not hand out: start over
    value = value * 10 + (c - '0');
  }
  return value;
}

using TagsOfFn = std::function<Result<std::map<std::string, std::vector<std::string>>>(const std::vector<std::string>&)>;

// Fills each item's tags, with one query for the page.
template <class Item>
Status AttachTags(Page<Item>& page, const TagsOfFn& tags_of) {
  std::vector<std::string> digests;
  for (const Item& item : page.items) digests.push_back(item.digest);
  std::sort(digests.begin(), digests.end());
  digests.erase(std::unique(digests.begin(), digests.end()), digests.end());
  auto tags = tags_of(digests);
  if (!tags) return std::unexpected(tags.error());
  for (Item& item : page.items) {
    if (auto found = tags->find(item.digest); found != tags->end()) item.tags = found->second;
  }
  return {};
}

// Reads one page from `q` (which asks for limit + 1 rows), whose column 0 is the row id the cursor continues
// from: at most `limit` items, the next cursor when more remain, and each item's tags.
template <class Item>
Result<Page<Item>> ReadPage(SqlStatement& q, std::size_t limit,
                            const std::function<Item(const SqlStatement&)>& make, const TagsOfFn& tags_of) {
  Page<Item> page;
  std::int64_t last = 0;
  for (;;) {
    auto row = q.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    if (page.items.size() == limit) {
      page.next_cursor = std::to_string(last);
      break;
    }
    last = q.Int(0);
    page.items.push_back(make(q));
  }
  if (auto tagged = AttachTags(page, tags_of); !tagged) return std::unexpected(tagged.error());
  return page;
}

}  // namespace

Result<std::map<std::string, std::vector<std::string>>> SqlStore::TagsOf(SqlDb& db,
                                                                        const std::vector<std::string>& digests) {
  std::map<std::string, std::vector<std::string>> tags;
  if (digests.empty()) return tags;
  // One query per page, not one per item: on PostgreSQL each is a round trip.
  std::string sql = "SELECT digest, repository, tag FROM image_tags WHERE digest IN (?";
  for (std::size_t i = 1; i < digests.size(); ++i) sql += ", ?";
  sql += ") ORDER BY repository, tag";
  auto q = db.Prepare(sql);
  if (!q) return std::unexpected(q.error());
  for (std::size_t i = 0; i < digests.size(); ++i) q->Bind(static_cast<int>(i) + 1, digests[i]);
  for (;;) {
    auto row = q->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return tags;
    tags[q->Text(0)].push_back(q->Text(1) + ":" + q->Text(2));
  }
}

Result<std::optional<std::string>> SqlStore::ImageReport(const std::string& digest) {
  Conn db = Acquire();
  if (db->Dialect() == SqlDialect::kPostgres) {
    // The row's version (xmin: the transaction that wrote it; any upsert or update writes a new one), and the
    // report only when it differs from the cached one, so an unchanged report is neither decompressed nor sent.
    std::optional<ReportCache::Entry> cached = reports_.Get(digest);
    auto q = db->Prepare("SELECT xmin::text, CASE WHEN xmin::text = ? THEN NULL ELSE report_json END "
                         "FROM images WHERE digest = ?");
    if (!q) return std::unexpected(q.error());
    auto row = q->Bind(1, cached ? cached->version : std::string()).Bind(2, digest).Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) {
      reports_.Erase(digest);
      return std::optional<std::string>();
    }
    if (cached && q->Text(0) == cached->version) return std::optional<std::string>(*cached->report);
    auto report = std::make_shared<const std::string>(q->Text(1));
    reports_.Put(digest, {.version = q->Text(0), .report = report});
    return std::optional<std::string>(*report);
  }
  auto q = db->Prepare("SELECT report_json FROM images WHERE digest = ?");
  if (!q) return std::unexpected(q.error());
  auto row = q->Bind(1, digest).Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(q->Text(0));
}

Result<Page<ImageSummary>> SqlStore::ListImages(const std::string& cursor, std::size_t limit) {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT rowid, digest, repository, platform, os, scanned_unix, package_count, finding_count "
                        "FROM images WHERE rowid > ? ORDER BY rowid LIMIT ?");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, ParseCursor(cursor)).Bind(2, static_cast<std::int64_t>(limit + 1));
  return ReadPage<ImageSummary>(
      *q, limit,
      [](const SqlStatement& r) {
        return ImageSummary{.digest = r.Text(1), .repository = r.Text(2), .platform = r.Text(3), .os = r.Text(4),
                            .scanned_unix = r.Int(5), .packages = r.Int(6), .findings = r.Int(7)};
      },
      [&db](const std::vector<std::string>& digests) { return TagsOf(*db, digests); });
}

Result<bool> SqlStore::DeleteImage(const std::string& digest) {
  Conn db = Acquire();
  auto q = db->Prepare("DELETE FROM images WHERE digest = ?");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, digest).Run(); !done) return std::unexpected(done.error());
  return db->Changes() > 0;
}

Result<std::int64_t> SqlStore::CountImages() {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT COUNT(*) FROM images");
  if (!q) return std::unexpected(q.error());
  if (auto row = q->Step(); !row) return std::unexpected(row.error());
  return q->Int(0);
}

Result<Page<AffectedImage>> SqlStore::Affected(const std::string& vulnerability, const std::string& cursor,
                                                  std::size_t limit) {
  Conn db = Acquire();
  auto q = db->Prepare(
      "SELECT f.id, f.digest, i.repository, f.vulnerability, f.package, f.installed_version, f.fixed_version, "
      "f.severity, f.layer_diff_id, f.created_by, f.path FROM finding_names n JOIN findings f ON f.id = n.finding_id "
      "JOIN images i ON i.digest = f.digest WHERE lower(n.name) = lower(?) AND n.finding_id > ? "
      "ORDER BY n.finding_id LIMIT ?");  // ids in any case: the finding_names_folded index
  if (!q) return std::unexpected(q.error());
  q->Bind(1, vulnerability).Bind(2, ParseCursor(cursor)).Bind(3, static_cast<std::int64_t>(limit + 1));
  return ReadPage<AffectedImage>(
      *q, limit,
      [](const SqlStatement& r) {
        return AffectedImage{.digest = r.Text(1), .repository = r.Text(2), .vulnerability = r.Text(3),
                             .package = r.Text(4), .installed_version = r.Text(5), .fixed_version = r.Text(6),
                             .severity = r.Text(7), .layer_diff_id = r.Text(8), .created_by = r.Text(9),
                             .path = r.Text(10)};
      },
      [&db](const std::vector<std::string>& digests) { return TagsOf(*db, digests); });
}

Result<Page<PackageHolder>> SqlStore::PackagesByPurl(const std::string& purl_base,
                                                        const std::function<bool(const PackageHolder&)>& keep,
                                                        const std::string& cursor, std::size_t limit) {
  // The version range is judged here, not in SQL (each ecosystem compares versions its own way), so rows are
  // read in chunks of kPurlChunkRows until the page fills: PostgreSQL hands over a query's whole result at
  // once, and a popular package is held by every image. A page reads at most kMaxPurlRowsPerPage rows; past
  // that it ends short, with a cursor to go on from, rather than take as long as the store is big.
  Conn db = Acquire();
  auto q = db->Prepare("SELECT p.id, p.digest, i.repository, p.ecosystem, p.name, p.version, p.purl, "
                       "p.layer_diff_id, p.path FROM packages p JOIN images i ON i.digest = p.digest "
                       "WHERE p.purl_base = ? AND p.id > ? ORDER BY p.id LIMIT ?");
  if (!q) return std::unexpected(q.error());
  Page<PackageHolder> page;
  std::int64_t after = ParseCursor(cursor);  // the last row read
  std::int64_t last_kept = after;
  std::size_t read = 0;
  for (bool more = true; more;) {
    q->Bind(1, purl_base).Bind(2, after).Bind(3, static_cast<std::int64_t>(kPurlChunkRows));
    std::size_t chunk = 0;
    for (;;) {
      auto row = q->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      ++chunk;
      after = q->Int(0);
      PackageHolder item{.digest = q->Text(1), .repository = q->Text(2), .ecosystem = q->Text(3),
                         .name = q->Text(4), .version = q->Text(5), .purl = q->Text(6),
                         .layer_diff_id = q->Text(7), .path = q->Text(8)};
      if (keep && !keep(item)) continue;
      if (page.items.size() == limit) {  // one more than the page: there is a next one
        page.next_cursor = std::to_string(last_kept);
        more = false;
        break;
      }
      last_kept = after;
      page.items.push_back(std::move(item));
    }
    q->Reset();
    read += chunk;
    if (more && chunk == kPurlChunkRows && read >= kMaxPurlRowsPerPage) {
      page.next_cursor = std::to_string(after);  // a short page; the rows up to `after` are judged
      more = false;
    }
    if (chunk < kPurlChunkRows) more = false;
  }
  if (auto tagged = AttachTags(page, [&db](const std::vector<std::string>& digests) { return TagsOf(*db, digests); });
      !tagged) {
    return std::unexpected(tagged.error());
  }
  return page;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqlStore::FindingsBySeverity() {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT severity, COUNT(*) FROM findings GROUP BY severity ORDER BY severity");
  if (!q) return std::unexpected(q.error());
  std::vector<std::pair<std::string, std::int64_t>> counts;
  for (;;) {
    auto row = q->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return counts;
    counts.emplace_back(q->Text(0), q->Int(1));
  }
}

}  // namespace drydock
