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

std::string OsOf(const ScanReport& report) {
  const Distro& os = report.artifact.os;
  return os.family.empty() ? "" : os.family + (os.version.empty() ? "" : " " + os.version);
}

// Reads one page from `q`, whose column 0 is the row id the cursor continues from: at most `limit` items that
// `keep` accepts (all when empty), the next cursor when more remain, and each item's tags.
template <class Item>
Result<Page<Item>> ReadPage(SqlStatement& q, std::size_t limit,
                            const std::function<Item(const SqlStatement&)>& make,
                            const std::function<bool(const Item&)>& keep,
                            const std::function<Result<std::vector<std::string>>(const std::string&)>& tags_of) {
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
  for (Item& item : page.items) {
    auto tags = tags_of(item.digest);
    if (!tags) return std::unexpected(tags.error());
    item.tags = std::move(*tags);
  }
  return page;
}

}  // namespace

Result<std::vector<std::string>> SqlStore::TagsOf(SqlDb& db, const std::string& digest) {
  auto q = db.Prepare("SELECT repository, tag FROM image_tags WHERE digest = ? ORDER BY repository, tag");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, digest);
  std::vector<std::string> tags;
  for (;;) {
    auto row = q->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return tags;
    tags.push_back(q->Text(0) + ":" + q->Text(1));
  }
}

Status SqlStore::PutImage(const ImageRecord& image) {
  if (image.report == nullptr) return FailWith(ErrorCode::kInvalidInput, "no report for {}", image.digest);
  const ScanReport& report = *image.report;
  std::map<std::string, std::string> created_by;  // diff_id -> Dockerfile step
  for (const LayerInfo& layer : report.artifact.layers) created_by.emplace(layer.diff_id, layer.created_by);
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  auto put = db->Prepare(
      "INSERT INTO images (digest, repository, platform, os, scanned_unix, db_built_at, package_count, "
      "finding_count, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(digest) DO UPDATE SET "
      "repository = excluded.repository, platform = excluded.platform, os = excluded.os, scanned_unix = "
      "excluded.scanned_unix, db_built_at = excluded.db_built_at, package_count = excluded.package_count, "
      "finding_count = excluded.finding_count, report_json = excluded.report_json");
  if (!put) return std::unexpected(put.error());
  put->Bind(1, image.digest).Bind(2, image.repository).Bind(3, image.platform).Bind(4, OsOf(report));
  put->Bind(5, image.scanned_unix).Bind(6, image.db_built_at);
  put->Bind(7, static_cast<std::int64_t>(report.packages.size()));
  put->Bind(8, static_cast<std::int64_t>(report.vulnerabilities.size())).Bind(9, image.report_json);
  if (auto done = put->Run(); !done) return done;
  // Replaced whole: the old packages and findings go (findings cascading to their names), the tags stay with
  // the digest. After the upsert, which holds the image's row lock: a concurrent put of the same digest on
  // PostgreSQL waits for it, then deletes what this one wrote instead of adding to it.
  auto drop_rows = [&](const char* sql) -> Status {
    auto q = db->Prepare(sql);
    if (!q) return std::unexpected(q.error());
    return q->Bind(1, image.digest).Run();
  };
  for (const char* sql : {"DELETE FROM packages WHERE digest = ?", "DELETE FROM findings WHERE digest = ?"}) {
    if (auto dropped = drop_rows(sql); !dropped) return dropped;
  }
  if (!image.tag.empty()) {
    // A tag names one image at a time: pushing a new image under it moves it.
    auto tag = db->Prepare("INSERT INTO image_tags (repository, tag, digest) VALUES (?, ?, ?) "
                            "ON CONFLICT(repository, tag) DO UPDATE SET digest = excluded.digest");
    if (!tag) return std::unexpected(tag.error());
    if (auto done = tag->Bind(1, image.repository).Bind(2, image.tag).Bind(3, image.digest).Run(); !done) return done;
  }
  auto package = db->Prepare("INSERT INTO packages (digest, ecosystem, name, version, purl, purl_base, "
                              "layer_diff_id, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!package) return std::unexpected(package.error());
  for (const Package& p : report.packages) {
    package->Bind(1, image.digest).Bind(2, p.ecosystem).Bind(3, p.name).Bind(4, p.version).Bind(5, p.purl);
    package->Bind(6, PurlBase(p.purl)).Bind(7, p.layer_diff_id).Bind(8, p.path);
    if (auto done = package->Run(); !done) return done;
  }
  auto finding = db->Prepare("INSERT INTO findings (digest, vulnerability, package, installed_version, "
                              "fixed_version, severity, layer_diff_id, created_by, path) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  auto name = db->Prepare("INSERT INTO finding_names (name, finding_id) VALUES (?, ?)");
  if (!finding) return std::unexpected(finding.error());
  if (!name) return std::unexpected(name.error());
  for (const Finding& f : report.vulnerabilities) {
    auto step = created_by.find(f.layer_diff_id);
    finding->Bind(1, image.digest).Bind(2, f.id).Bind(3, f.package_name).Bind(4, f.installed_version);
    finding->Bind(5, f.fixed_version).Bind(6, f.severity).Bind(7, f.layer_diff_id);
    finding->Bind(8, step == created_by.end() ? "" : step->second).Bind(9, f.path);
    auto inserted = finding->Step();  // the RETURNING row: the new finding's id
    if (!inserted) return std::unexpected(inserted.error());
    if (!*inserted) return Fail("store: a new finding has no id");
    const std::int64_t id = finding->Int(0);
    if (auto rest = finding->Run(); !rest) return rest;  // past the row, and reset for the next binds
    std::vector<std::string> names = f.aliases;
    names.push_back(f.id);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const std::string& n : names) {
      if (auto done = name->Bind(1, n).Bind(2, id).Run(); !done) return done;
    }
  }
  return tx->Commit();
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
      {}, [&db](const std::string& digest) { return TagsOf(*db, digest); });
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
      {}, [&db](const std::string& digest) { return TagsOf(*db, digest); });
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
      keep, [&db](const std::string& digest) { return TagsOf(*db, digest); });
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
