// SqlStore::PutImage: one image's report, packages, findings, the findings' names and the scan's events, in one
// transaction.
// An image has hundreds of packages: they and the findings' names go in through InsertTextRows (one statement
// per row on SQLite, one per table on PostgreSQL). Findings, whose ids come back with RETURNING and are matched
// to their rows by value, go in multi-row INSERTs of kRowsPerInsert.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <map>
#include <tuple>

#include "store/sql_store.h"

namespace drydock {
namespace {

constexpr std::size_t kRowsPerInsert = 100;

std::string OsOf(const ScanReport& report) {
  const Distro& os = report.artifact.os;
  return os.family.empty() ? "" : os.family + (os.version.empty() ? "" : " " + os.version);
}

// "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)...": `rows` rows of `columns` placeholders, then `tail`.
std::string MultiRowInsert(std::string_view head, int columns, std::size_t rows, std::string_view tail = "") {
  std::string row = "(?";
  for (int c = 1; c < columns; ++c) row += ", ?";
  row += ")";
  std::string sql(head);
  sql += " VALUES ";
  for (std::size_t r = 0; r < rows; ++r) sql += (r == 0 ? "" : ", ") + row;
  sql += tail;
  return sql;
}

// Inserts `count` rows in batches; `bind(statement, first_placeholder, index)` binds row `index`.
template <class BindRow, class ReadRow>
Status InsertRows(SqlDb& db, std::string_view head, int columns, std::size_t count, std::string_view tail,
                  const BindRow& bind, const ReadRow& read) {
  for (std::size_t first = 0; first < count; first += kRowsPerInsert) {
    const std::size_t rows = std::min(kRowsPerInsert, count - first);
    auto insert = db.Prepare(MultiRowInsert(head, columns, rows, tail));
    if (!insert) return std::unexpected(insert.error());
    for (std::size_t r = 0; r < rows; ++r) bind(*insert, static_cast<int>(r) * columns + 1, first + r);
    for (;;) {
      auto row = insert->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      read(*insert);
    }
  }
  return {};
}

// Inserts `count` rows into `head` ("INSERT INTO t (a, b, c)"): the `shared` values first in every row, then
// the `columns` text values row(i, out) appends. SQLite runs in-process: one single-row INSERT, prepared once and
// run per row, is its fastest way. On PostgreSQL every statement is a round trip: the rows go as one JSON array to
// one INSERT ... SELECT over json_array_elements, whose text never varies, so it is planned once per connection.
// `pg_casts[c]` is the type row column c is cast to there ("" for text).
Status InsertTextRows(SqlDb& db, std::string_view head, std::initializer_list<std::string_view> shared,
                      std::initializer_list<std::string_view> pg_casts, std::size_t count,
                      const std::function<void(std::size_t, std::vector<std::string>&)>& row) {
  if (count == 0) return {};
  std::vector<std::string> values;
  if (db.Dialect() == SqlDialect::kSqlite) {
    std::string sql = fmt::format("{} VALUES (?", head);
    for (std::size_t c = 1; c < shared.size() + pg_casts.size(); ++c) sql += ", ?";
    auto insert = db.Prepare(sql + ")");
    if (!insert) return std::unexpected(insert.error());
    int at = 1;
    for (std::string_view value : shared) insert->Bind(at++, value);
    for (std::size_t i = 0; i < count; ++i) {
      values.clear();
      row(i, values);
      for (std::size_t c = 0; c < values.size(); ++c) insert->Bind(at + static_cast<int>(c), values[c]);
      if (auto done = insert->Run(); !done) return done;
    }
    return {};
  }
  std::string select;
  for (std::size_t c = 0; c < shared.size(); ++c) select += "?, ";
  std::size_t c = 0;
  for (std::string_view cast : pg_casts) {
    select += (c == 0 ? "" : ", ") +
              (cast.empty() ? fmt::format("value->>{}", c) : fmt::format("CAST(value->>{} AS {})", c, cast));
    ++c;
  }
  auto insert = db.Prepare(fmt::format("{} SELECT {} FROM json_array_elements(?)", head, select));
  if (!insert) return std::unexpected(insert.error());
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < count; ++i) {
    values.clear();
    row(i, values);
    rows.push_back(values);
  }
  int at = 1;
  for (std::string_view value : shared) insert->Bind(at++, value);
  // Invalid UTF-8, which PostgreSQL refuses in text anyway, becomes U+FFFD rather than failing the whole image.
  return insert->Bind(at, rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)).Run();
}

// What tells a stored finding row apart enough to find its names again (rows equal in all of this are the
// same finding twice, with the same names).
using FindingKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

}  // namespace

Status SqlStore::InsertFindings(SqlDb& db, const std::string& digest, const ScanReport& report) {
  return InsertFindings(db, digest, report, report.vulnerabilities);
}

Status SqlStore::InsertFindings(SqlDb& db, const std::string& digest, const ScanReport& report,
                                std::span<const Finding> findings) {
  std::map<std::string, std::string> created_by;  // diff_id -> Dockerfile step
  for (const LayerInfo& layer : report.artifact.layers) created_by.emplace(layer.diff_id, layer.created_by);
  std::map<FindingKey, std::vector<std::string>> names_of;  // a finding's id and aliases, sorted and unique
  for (const Finding& f : findings) {
    std::vector<std::string> names = f.aliases;
    names.push_back(f.id);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    names_of[{f.id, f.package_name, f.installed_version, f.layer_diff_id, f.path}] = std::move(names);
  }
  std::vector<std::pair<std::string, std::int64_t>> names;  // (name, finding id)
  bool unknown_row = false;
  if (auto done = InsertRows(
          db,
          "INSERT INTO findings (digest, vulnerability, package, installed_version, fixed_version, severity, "
          "layer_diff_id, created_by, path)",
          9, findings.size(), " RETURNING id, vulnerability, package, installed_version, layer_diff_id, path",
          [&](SqlStatement& q, int at, std::size_t i) {
            const Finding& f = findings[i];
            auto step = created_by.find(f.layer_diff_id);
            q.Bind(at, digest).Bind(at + 1, f.id).Bind(at + 2, f.package_name).Bind(at + 3, f.installed_version);
            q.Bind(at + 4, f.fixed_version).Bind(at + 5, f.severity).Bind(at + 6, f.layer_diff_id);
            q.Bind(at + 7, step == created_by.end() ? "" : step->second).Bind(at + 8, f.path);
          },
          [&](const SqlStatement& row) {
            auto found = names_of.find({row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5)});
            if (found == names_of.end()) {
              unknown_row = true;  // the engine changed a value on its way: its names would be lost
              return;
            }
            for (const std::string& name : found->second) names.emplace_back(name, row.Int(0));
          });
      !done) {
    return done;
  }
  if (unknown_row) return Fail("store: a stored finding came back different from the one written");
  return InsertTextRows(db, "INSERT INTO finding_names (name, finding_id)", {}, {"", "BIGINT"}, names.size(),
                        [&](std::size_t i, std::vector<std::string>& out) {
                          out.push_back(names[i].first);
                          out.push_back(std::to_string(names[i].second));
                        });
}

Status SqlStore::PutImage(const ImageRecord& image) {
  if (image.report == nullptr) return FailWith(ErrorCode::kInvalidInput, "no report for {}", image.digest);
  const ScanReport& report = *image.report;
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  // The scan of a container image is what admission and the queries trust for its digest: only another scan
  // of an image replaces it (the upsert's WHERE, in the same statement, so no concurrent put slips between a
  // check and the write). A refused upsert returns no row.
  auto put = db->Prepare(
      "INSERT INTO images (digest, repository, platform, os, scanned_unix, db_built_at, package_count, "
      "finding_count, report_json, artifact_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(digest) DO "
      "UPDATE SET repository = excluded.repository, platform = excluded.platform, os = excluded.os, scanned_unix = "
      "excluded.scanned_unix, db_built_at = excluded.db_built_at, package_count = excluded.package_count, "
      "finding_count = excluded.finding_count, report_json = excluded.report_json, artifact_type = "
      "excluded.artifact_type WHERE images.artifact_type <> 'container_image' OR excluded.artifact_type = "
      "'container_image' RETURNING digest");
  if (!put) return std::unexpected(put.error());
  put->Bind(1, image.digest).Bind(2, image.repository).Bind(3, image.platform).Bind(4, OsOf(report));
  put->Bind(5, image.scanned_unix).Bind(6, image.db_built_at);
  put->Bind(7, static_cast<std::int64_t>(report.packages.size()));
  put->Bind(8, static_cast<std::int64_t>(report.vulnerabilities.size())).Bind(9, image.report_json);
  put->Bind(10, report.artifact.type);
  auto written = put->Step();
  if (!written) return std::unexpected(written.error());
  if (!*written) {
    return FailWith(ErrorCode::kConflict,
                    "{} is stored as a scanned container image: a report of type \"{}\" does not replace it",
                    image.digest, report.artifact.type);
  }
  if (auto done = put->Run(); !done) return done;  // to the statement's end
  // Replaced whole: the old packages and findings go (findings cascading to their names), the tags stay with
  // the digest. After the upsert, which holds the image's row lock: a concurrent put of the same digest on
  // PostgreSQL waits for it, then deletes what this one wrote instead of adding to it.
  // The re-match index goes too: a re-scanned image may hold other packages (src/monitor indexes it again).
  // On PostgreSQL the four go as one statement (data-modifying WITH clauses): one round trip, not four.
  static constexpr const char* kDrops[] = {"DELETE FROM packages WHERE digest = ?1",
                                           "DELETE FROM findings WHERE digest = ?1",
                                           "DELETE FROM match_keys WHERE digest = ?1",
                                           "DELETE FROM match_indexed WHERE digest = ?1"};
  std::vector<std::string> drops(std::begin(kDrops), std::end(kDrops));
  if (db->Dialect() == SqlDialect::kPostgres) {
    drops = {fmt::format("WITH p AS ({}), f AS ({}), k AS ({}) {}", kDrops[0], kDrops[1], kDrops[2], kDrops[3])};
  }
  for (const std::string& sql : drops) {
    auto drop = db->Prepare(sql);
    if (!drop) return std::unexpected(drop.error());
    if (auto dropped = drop->Bind(1, image.digest).Run(); !dropped) return dropped;
  }
  if (!image.tag.empty()) {
    // A tag names one image at a time: pushing a new image under it moves it.
    auto tag = db->Prepare("INSERT INTO image_tags (repository, tag, digest) VALUES (?, ?, ?) "
                           "ON CONFLICT(repository, tag) DO UPDATE SET digest = excluded.digest");
    if (!tag) return std::unexpected(tag.error());
    if (auto done = tag->Bind(1, image.repository).Bind(2, image.tag).Bind(3, image.digest).Run(); !done) return done;
  }
  if (auto done = InsertTextRows(
          *db, "INSERT INTO packages (digest, ecosystem, name, version, purl, purl_base, layer_diff_id, path)",
          {image.digest}, {"", "", "", "", "", "", ""}, report.packages.size(),
          [&](std::size_t i, std::vector<std::string>& out) {
            const Package& p = report.packages[i];
            out.insert(out.end(),
                       {p.ecosystem, p.name, p.version, p.purl, StoredPurlBase(p.purl), p.layer_diff_id, p.path});
          });
      !done) {
    return done;
  }
  if (auto done = InsertFindings(*db, image.digest, report); !done) return done;
  // Last: on PostgreSQL the events table lock is held from here to the commit only.
  if (auto done = InsertEvents(*db, image.events, image.events_ms); !done) return done;
  return tx->Commit();
}

}  // namespace drydock
