// drydock db info
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

int RunInfo(const std::string& db_flag) {
  std::string path = db_flag.empty() ? DefaultDbPath() : db_flag;
  auto db = VulnDb::Open(path);
  if (!db) {
    fmt::print(stderr, "drydock: {}\n", db.error().message);
    return kExitError;
  }
  DbInfo info = (*db)->Info();
  fmt::print("path:        {}\nschema:      {}\nbuilt at:    {}\nadvisories:  {}\naffected:    {}\nfeeds:\n", path,
             info.schema_version, info.built_at, info.advisory_count, info.affected_count);
  for (const FeedInfo& feed : info.feeds) {
    fmt::print("  {:<14} {:>7} advisories  {:>5} skipped  updated {}  from {}\n", feed.name, feed.advisories,
               feed.skipped, feed.updated.empty() ? "-" : feed.updated, feed.source);
  }
  // A partial build (db build --fetch --allow-partial): scans of these ecosystems warn.
  if (!info.missing.empty()) fmt::print("missing:\n");
  for (const MissingSource& m : info.missing) {
    std::string covers;
    for (const std::string& e : m.ecosystems) covers += (covers.empty() ? "" : ", ") + e;
    fmt::print("  {:<22} covers {}: {}\n", m.source, covers, m.reason);
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddDbInfoCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  app.add_option("--db", *db, "DB file (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  return [db] { return RunInfo(*db); };
}

}  // namespace drydock
