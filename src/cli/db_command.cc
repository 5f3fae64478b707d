// drydock db build | db info
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "update/artifact.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

struct BuildFlags {
  std::vector<std::string> osv, secdb, debian, csaf_vex;
  std::string output;
};

// Reads one feed, printing every skipped record so nothing is dropped silently.
bool AddFeed(Result<FeedData> feed, const std::string& path, std::vector<FeedData>& feeds) {
  if (!feed) {
    fmt::print(stderr, "drydock: {}: {}\n", path, feed.error().message);
    return false;
  }
  for (const std::string& warning : feed->warnings) fmt::print(stderr, "drydock: skipped {}\n", warning);
  fmt::print(stderr, "drydock: {} ({}): {} advisories, {} skipped\n", feed->info.name, path, feed->info.advisories,
             feed->info.skipped);
  feeds.push_back(std::move(*feed));
  return true;
}

int RunBuild(const BuildFlags& flags) {
  if (flags.osv.empty() && flags.secdb.empty() && flags.debian.empty() &&
      flags.csaf_vex.empty()) {
    fmt::print(stderr, "drydock: db build needs at least one --osv, --secdb, --debian or --csaf-vex feed\n");
    return kExitUsage;
  }
  std::vector<FeedData> feeds;
  for (const auto& path : flags.osv) {
    if (!AddFeed(ReadOsvFeed(path), path, feeds)) return kExitError;
  }
  for (const auto& path : flags.secdb) {
    if (!AddFeed(ReadSecdbFeed(path), path, feeds)) return kExitError;
  }
  for (const auto& path : flags.debian) {
    if (!AddFeed(ReadDebianTrackerFeed(path), path, feeds)) return kExitError;
  }
  for (const auto& path : flags.csaf_vex) {
    if (!AddFeed(ReadCsafVexFeed(path), path, feeds)) return kExitError;
  }
  if (auto built = BuildDb(feeds, flags.output); !built) {
    fmt::print(stderr, "drydock: {}\n", built.error().message);
    return kExitError;
  }
  fmt::print(stderr, "drydock: wrote {}\n", flags.output);
  // The compressed artifact and its digest, ready for any web server to act as a `db update` mirror.
  auto artifact = WriteDbArtifact(flags.output);
  if (!artifact) {
    fmt::print(stderr, "drydock: {}\n", artifact.error().message);
    return kExitError;
  }
  fmt::print(stderr, "drydock: wrote {} ({} bytes, sha256 {}) and {}\n", artifact->compressed_path,
             artifact->compressed_bytes, artifact->sha256, artifact->digest_path);
  return kExitOk;
}

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
  return kExitOk;
}

}  // namespace

CommandRunner AddDbBuildCommand(CLI::App& app) {
  auto flags = std::make_shared<BuildFlags>();
  app.add_option("--osv", flags->osv, "OSV JSON: a directory of records or an all.zip (repeatable)");
  app.add_option("--secdb", flags->secdb, "Alpine/Wolfi/Chainguard secdb, YAML or JSON (repeatable)");
  app.add_option("--debian", flags->debian, "Debian security tracker JSON (tracker/data/json) (repeatable)");
  app.add_option("--csaf-vex", flags->csaf_vex, "Red Hat CSAF VEX: a document or a directory of them (repeatable)");
  app.add_option("-o,--output", flags->output, "DB file to write")->required();
  return [flags] { return RunBuild(*flags); };
}

CommandRunner AddDbInfoCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  app.add_option("--db", *db, "DB file (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  return [db] { return RunInfo(*db); };
}

}  // namespace drydock
