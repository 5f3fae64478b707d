// drydock db build: local feed files (--osv, --secdb, --debian, --csaf-vex) or --fetch from where they are published.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "cli/db_fetch.h"
#include "update/artifact.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

struct BuildFlags {
  std::vector<std::string> osv, secdb, debian, csaf_vex, nvd, cve5, epss, kev;
  std::string output;
  bool fetch = false;
  FetchFlags fetch_flags;
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
  const bool local = !flags.osv.empty() || !flags.secdb.empty() || !flags.debian.empty() || !flags.csaf_vex.empty();
  if (flags.fetch) {
    if (local) {
      fmt::print(stderr, "drydock: --fetch reads every feed from where it is published; use --source-url NAME=PATH "
                         "for a local copy instead of --osv/--secdb/--debian/--csaf-vex\n");
      return kExitUsage;
    }
    return FetchAndBuildDb(flags.fetch_flags, flags.output);
  }
  if (!flags.fetch_flags.sources.empty() || !flags.fetch_flags.source_urls.empty() || flags.fetch_flags.allow_partial) {
    fmt::print(stderr, "drydock: --sources, --source-url and --allow-partial go with --fetch\n");
    return kExitUsage;
  }
  if (flags.osv.empty() && flags.secdb.empty() && flags.debian.empty() &&
      flags.csaf_vex.empty()) {
    fmt::print(stderr, "drydock: db build needs --fetch, or at least one --osv, --secdb, --debian or --csaf-vex feed\n");
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
  // The feeds are compiled into the file now; freed before zstd -19 takes its own few hundred MB, so the two never
  // add up in the build's peak memory.
  std::vector<FeedData>().swap(feeds);
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
  app.add_flag("--fetch", flags->fetch, "Download every feed from where it is published (see --sources)");
  AddFetchFlags(app, flags->fetch_flags);
  return [flags] { return RunBuild(*flags); };
}

}  // namespace drydock
