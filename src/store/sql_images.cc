// SqlStore: images and the incident-response queries.
#include <algorithm>
#include <functional>
#include <map>

#include "store/sql_store.h"

namespace drydock {
namespace {

std::int64_t ParseCursor(const std::string& cursor) {
  std::int64_t value = 0;
  for (char c : cursor) {
    if (c < '0' || c > '9' || value > (INT64_MAX - 9) / 10) return 0;  // a cursor we did not hand out: start over
    value = value * 10 + (c - '0');
  }
  return value;
}

// Reads one page from `q`, whose column 0 is the row id the cursor continues from: at most `limit` items that
// `keep` accepts (all when empty), the next cursor when more remain, and each item's tags.
template <class Item>
Result<Page<Item>> ReadPage(SqlStatement& q, std::size_t limit,
                            const std::function<Item(const SqlStatement&)>& make,
                            const std::function<bool(const Item&)>& keep,
                            const std::function<Result<std::map<std::string, std::vector<std::string>>>(
                                const std::vector<std::string>&)>& tags_of) {
  Page<Item> page;
  std::int64_t last = 0;
  for (;;) {
    auto row = q.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    Item item = make(q);
    if (keep && !keep(item)) continue;
    if (page.items.size() == limit) {
      page.next_cursor = std::to_string(last);
      break;
    }
    last = q.Int(0);
    page.items.push_back(std::move(item));
  }
  std::vector<std::string> digests;
  for (const Item& item : page.items) digests.push_back(item.digest);
  std::sort(digests.begin(), digests.end());
  digests.erase(std::unique(digests.begin(), digests.end()), digests.end());
  auto tags = tags_of(digests);
  if (!tags) return std::unexpected(tags.error());
  for (Item& item : page.items) {
    if (auto found = tags->find(item.digest); found != tags->end()) item.tags = found->second;
  }
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
      {}, [&db](const std::vector<std::string>& digests) { return TagsOf(*db, digests); });
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
      "JOIN images i ON i.digest = f.digest WHERE n.name = ? AND n.finding_id > ? ORDER BY n.finding_id LIMIT ?");
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
      {}, [&db](const std::vector<std::string>& digests) { return TagsOf(*db, digests); });
}

Result<Page<PackageHolder>> SqlStore::PackagesByPurl(const std::string& purl_base,
                                                        const std::function<bool(const PackageHolder&)>& keep,
                                                        const std::string& cursor, std::size_t limit) {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT p.id, p.digest, i.repository, p.ecosystem, p.name, p.version, p.purl, "
                        "p.layer_diff_id, p.path FROM packages p JOIN images i ON i.digest = p.digest "
                        "WHERE p.purl_base = ? AND p.id > ? ORDER BY p.id");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, purl_base).Bind(2, ParseCursor(cursor));
  return ReadPage<PackageHolder>(
      *q, limit,
      [](const SqlStatement& r) {
        return PackageHolder{.digest = r.Text(1), .repository = r.Text(2), .ecosystem = r.Text(3),
                             .name = r.Text(4), .version = r.Text(5), .purl = r.Text(6),
                             .layer_diff_id = r.Text(7), .path = r.Text(8)};
      },
      keep, [&db](const std::vector<std::string>& digests) { return TagsOf(*db, digests); });
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
