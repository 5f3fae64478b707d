// SqlStore: one image's findings counted per severity, from the findings rows (indexed by digest), so the
// image list shows CRITICAL/HIGH/... without reading any report.
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace drydock {

Result<std::vector<std::pair<std::string, std::int64_t>>> SqlStore::ImageFindingsBySeverity(
    const std::string& digest) {
  Conn db = Acquire();
  auto q = db->Prepare(
      "SELECT severity, COUNT(*) FROM findings WHERE digest = ? GROUP BY severity ORDER BY severity");
  if (!q) return std::unexpected(q.error());
  return ReadRows(q->Bind(1, digest), [](const SqlStatement& r) { return std::pair(r.Text(0), r.Int(1)); });
}

}  // namespace drydock
