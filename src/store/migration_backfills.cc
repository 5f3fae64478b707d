#include "store/migration_backfills.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "store/sql_store.h"

namespace drydock {
namespace {

// Rows read per query while re-keying: bounded memory on PostgreSQL, which hands over a whole result at once.
constexpr std::int64_t kRekeyChunkRows = 5000;

}  // namespace

Status BackfillArtifactTypes(SqlDb& db) {
  // A report is drydock's own JSON (WriteJsonReport); SQLite skips one that is not JSON rather than fail the
  // migration, PostgreSQL (15 has no safe cast) would refuse to start on one.
  return db.Exec(db.Dialect() == SqlDialect::kPostgres
                     ? "UPDATE images SET artifact_type = "
                       "COALESCE(CAST(report_json AS json) -> 'artifact' ->> 'type', '')"
                     : "UPDATE images SET artifact_type = COALESCE(json_extract(report_json, '$.artifact.type'), '') "
                       "WHERE json_valid(report_json)");
}

Status RekeyPackagePurls(SqlDb& db) {
  auto read = db.Prepare("SELECT id, purl, purl_base FROM packages WHERE id > ? ORDER BY id LIMIT ?");
  if (!read) return std::unexpected(read.error());
  auto write = db.Prepare("UPDATE packages SET purl_base = ? WHERE id = ?");
  if (!write) return std::unexpected(write.error());
  for (std::int64_t after = 0;;) {
    read->Bind(1, after).Bind(2, kRekeyChunkRows);
    std::vector<std::pair<std::int64_t, std::string>> rekeyed;  // (id, new purl_base)
    std::int64_t rows = 0;
    for (;;) {
      auto row = read->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      ++rows;
      after = read->Int(0);
      if (std::string key = StoredPurlBase(read->Text(1)); key != read->Text(2)) rekeyed.emplace_back(after, key);
    }
    read->Reset();
    for (const auto& [id, key] : rekeyed) {
      if (auto done = write->Bind(1, key).Bind(2, id).Run(); !done) return done;
    }
    if (rows < kRekeyChunkRows) return {};
  }
}

}  // namespace drydock
