// drydock db build | db info
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "update/artifact.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

struct BuildFlags {
  std::vector<std::string> osv, secdb, debian, csaf_vex, nvd, cve5, epss, kev;
  std::string output;
};

// Reads one feed, printing every skipped record so nothing is dropped silently.
bool AddFeed(Result<FeedData> feed, const std::string& path, std::vector<FeedData>& feeds) {
  if (!feed) {
    fmt::print(stderr, "drydock: {}: {}\n", path, feed.error().message);
    return false;
  }
  for (const std::string& warning : feed->warnings) fmt::print(stderr, "drydock: skipped {}\n", warning);
  fmt::print(stderr, "drydock: {} ({}): {} {}, {} skipped\n", feed->info.name, path, feed->info.advisories,
             feed->advisories.empty() && !feed->enrichments.empty() ? "CVEs" : "advisories", feed->info.skipped);
  feeds.push_back(std::move(*feed));
  return true;
}

int RunBuild(const BuildFlags& flags) {
  if (flags.osv.empty() && flags.secdb.empty() && flags.debian.empty() &&
      flags.csaf_vex.empty()) {  // CVE-level feeds alone rate nothing: they attach to advisories
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
  // Ratings and exploitation data per CVE, joined to the advisories that name the CVE.
  for (const auto& [paths, read] : {std::pair{&flags.nvd, &ReadNvdFeed}, {&flags.cve5, &ReadCve5Feed},
                                    {&flags.epss, &ReadEpssFeed}, {&flags.kev, &ReadKevFeed}}) {
    for (const auto& path : *paths) {
      if (!AddFeed(read(path), path, feeds)) return kExitError;
    }
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
  app.add_option("--nvd", flags->nvd, "NVD API 2.0 JSON: a page, a per-CVE file, or a directory of them (repeatable)");
  app.add_option("--cve5", flags->cve5,
                 "CVE JSON 5 records (cvelistV5, CISA vulnrichment): a file or a directory (repeatable)");
  app.add_option("--epss", flags->epss, "FIRST EPSS scores CSV, plain or .gz (repeatable)");
  app.add_option("--kev", flags->kev, "CISA Known Exploited Vulnerabilities catalog JSON (repeatable)");
  app.add_option("-o,--output", flags->output, "DB file to write")->required();
  return [flags] { return RunBuild(*flags); };
}

CommandRunner AddDbInfoCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  app.add_option("--db", *db, "DB file (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  return [db] { return RunInfo(*db); };
}

}  // namespace drydock
