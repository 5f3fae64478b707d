// SqlStore::ReplaceFindings: a re-match's findings written as a diff against the stored rows. Each finding row
// and its names sit in several indexes (by digest, by vulnerability name); deleting and re-inserting all of an
// image's findings for one that changed dirtied hundreds of index pages per image (3.5 MB written per re-matched
// image in bench/rematch_bench); the diff touches only the rows that changed.
#include <algorithm>
#include <map>
#include <tuple>

#include "store/sql_store.h"

namespace drydock {
namespace {

// Everything a finding row and its names hold: rows equal in all of this need not be written again.
using RowKey = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, std::string,
                          std::string, std::vector<std::string>>;

}  // namespace

Status SqlStore::ReplaceFindings(SqlDb& db, const std::string& digest, const ScanReport& report) {
  // The stored rows and their names.
  std::map<std::int64_t, RowKey> stored;
  auto rows = db.Prepare("SELECT id, vulnerability, package, installed_version, fixed_version, severity, "
                         "layer_diff_id, created_by, path FROM findings WHERE digest = ?");
  if (!rows) return std::unexpected(rows.error());
  rows->Bind(1, digest);
  for (;;) {
    auto row = rows->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    stored[rows->Int(0)] = {rows->Text(1), rows->Text(2), rows->Text(3), rows->Text(4), rows->Text(5),
                            rows->Text(6), rows->Text(7), rows->Text(8), {}};
  }
  auto names = db.Prepare("SELECT n.finding_id, n.name FROM finding_names n JOIN findings f ON f.id = n.finding_id "
                          "WHERE f.digest = ? ORDER BY n.finding_id, n.name");
  if (!names) return std::unexpected(names.error());
  names->Bind(1, digest);
  for (;;) {
    auto row = names->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    if (auto it = stored.find(names->Int(0)); it != stored.end()) std::get<8>(it->second).push_back(names->Text(1));
  }
  std::multimap<RowKey, std::int64_t> by_key;
  for (auto& [id, key] : stored) by_key.emplace(std::move(key), id);

  // Each new finding takes an equal stored row if one is left; the rest are inserted, the unclaimed rows deleted.
  std::map<std::string, std::string> created_by;  // diff_id -> Dockerfile step
  for (const LayerInfo& layer : report.artifact.layers) created_by.emplace(layer.diff_id, layer.created_by);
  std::vector<Finding> added;
  for (const Finding& f : report.vulnerabilities) {
    std::vector<std::string> finding_names = f.aliases;
    finding_names.push_back(f.id);
    std::sort(finding_names.begin(), finding_names.end());
    finding_names.erase(std::unique(finding_names.begin(), finding_names.end()), finding_names.end());
    auto step = created_by.find(f.layer_diff_id);
    RowKey key{f.id, f.package_name, f.installed_version, f.fixed_version, f.severity, f.layer_diff_id,
               step == created_by.end() ? "" : step->second, f.path, std::move(finding_names)};
    if (auto it = by_key.find(key); it != by_key.end()) {
      by_key.erase(it);
    } else {
      added.push_back(f);
    }
  }
  if (!by_key.empty()) {
    auto drop = db.Prepare("DELETE FROM findings WHERE id = ?");  // its names cascade
    if (!drop) return std::unexpected(drop.error());
    for (const auto& [key, id] : by_key) {
      if (auto done = drop->Bind(1, id).Run(); !done) return done;
    }
  }
  return InsertFindings(db, digest, report, added);
}

}  // namespace drydock
