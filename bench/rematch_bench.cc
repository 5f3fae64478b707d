// Re-matching a fleet after a DB update (bench/README.md): 10,000 stored images x 300 packages in a SQLite
// store, DB generations compiled from the real Go vulndb and PyPA feeds. Phases, each timed, with the
// process's peak RSS after each:
//   1. a full re-match of every image against generation A (what a restart onto an unknown DB does),
//   2. generation B = A plus the 1% of advisories A left out: the incremental re-match (changed keys only).
// Usage: rematch_bench [images] [packages per image] [vulnerable packages per image] [threads]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "monitor/db_monitor.h"
#include "monitor/rematch.h"
#include "report/report.h"
#include "store/store.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// User + system CPU seconds of the process so far: on a shared machine the fairer figure beside wall time.
double CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Bytes this process has written with write(2)/pwrite(2) so far (/proc/self/io wchar): SQLite's database and WAL
// writes, the store's write volume.
double WrittenMb() {
  std::ifstream io("/proc/self/io");
  std::string key;
  long long value = 0;
  while (io >> key >> value) {
    if (key == "wchar:") return static_cast<double>(value) / (1 << 20);
  }
  return 0;
}

long PeakRssMb() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "rematch_bench: %s\n", message.c_str());
  std::exit(1);
}

int Run(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each phase's line as it ends, also into a file
  const int images = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int packages = argc > 2 ? std::atoi(argv[2]) : 300;
  const int vulnerable = argc > 3 ? std::atoi(argv[3]) : 10;
  const std::size_t threads = argc > 4 ? std::atoi(argv[4]) : 2;
  const std::string testdata = DRYDOCK_TESTDATA;
  const fs::path dir = fs::temp_directory_path() / "drydock-rematch-bench";
  fs::remove_all(dir);
  fs::create_directories(dir);

  // Generations: B is the real feeds, A leaves out every 100th advisory (1%).
  auto t = Clock::now();
  double cpu = CpuSeconds();
  std::vector<FeedData> full;
  for (const char* path : {"golang+vulndb/data/osv", "pypa+advisory-database/vulns"}) {
    auto feed = ReadOsvFeed(testdata + "/" + path);
    if (!feed) Die(feed.error().message);
    full.push_back(std::move(*feed));
  }
  std::vector<FeedData> fewer = full;
  std::size_t advisories = 0, left_out = 0;
  for (FeedData& feed : fewer) {
    advisories += feed.advisories.size();
    std::vector<Advisory> kept;
    for (std::size_t i = 0; i < feed.advisories.size(); ++i) {
      if (i % 100 == 50) ++left_out;
      else kept.push_back(std::move(feed.advisories[i]));
    }
    feed.advisories = std::move(kept);
  }
  const std::string db_a = (dir / "a.db").string(), db_b = (dir / "b.db").string(), live = (dir / "live.db").string();
  if (auto built = BuildDb(fewer, db_a); !built) Die(built.error().message);
  if (auto built = BuildDb(full, db_b); !built) Die(built.error().message);
  full.clear();
  fewer.clear();
  std::printf("feeds: %zu advisories, %zu (1%%) left out of generation A; DBs built in %.1f s\n", advisories,
              left_out, Seconds(t));

  // The fleet: each image holds `vulnerable` packages the DB knows (versions inside their ranges) and the rest
  // packages it does not, as real images mostly do; popular packages recur (a squared uniform pick).
  auto db = VulnDb::Open(db_b);
  if (!db) Die(db.error().message);
  std::vector<PackageDigest> keys = (*db)->PackageDigests();
  std::erase_if(keys, [](const PackageDigest& k) { return k.ecosystem != "Go" && k.ecosystem != "PyPI"; });
  db->reset();
  auto store = OpenStore("sqlite:" + (dir / "store.db").string());
  if (!store) Die(store.error().message);
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0, 1);
  t = Clock::now();
  cpu = CpuSeconds();
  for (int i = 0; i < images; ++i) {
    ScanReport report;
    report.artifact = {.name = "bench/app-" + std::to_string(i), .type = "filesystem"};
    for (int p = 0; p < packages; ++p) {
      Package package;
      if (p < vulnerable) {
        const double u = unit(random);
        const PackageDigest& key = keys[static_cast<std::size_t>(u * u * static_cast<double>(keys.size()))];
        const bool go = key.ecosystem == "Go";
        package = {.name = key.package, .version = go ? "v0.0.1" : "0.0.1", .ecosystem = go ? "golang" : "pypi"};
      } else {
        package = {.name = "internal-lib-" + std::to_string(p) + "-" + std::to_string(i % 50), .version = "1.0." +
                   std::to_string(p), .ecosystem = p % 2 ? "golang" : "pypi"};
      }
      package.id = package.ecosystem + ":" + package.name + "@" + package.version;
      package.purl = "pkg:" + package.ecosystem + "/" + package.name + "@" + package.version;
      report.packages.push_back(std::move(package));
    }
    std::ostringstream json;
    WriteJsonReport(report, json);
    char digest[80];
    std::snprintf(digest, sizeof digest, "sha256:%064x", i + 1);
    if (auto put = (*store)->PutImage({.digest = digest, .repository = "bench/app-" + std::to_string(i % 200),
                                       .report = &report, .report_json = json.str()});
        !put) {
      Die(put.error().message);
    }
  }
  std::printf("store: %d images x %d packages (%d known to the DB) written in %.1f s (%.1f s CPU); peak RSS %ld MB\n",
              images, packages, vulnerable, Seconds(t), CpuSeconds() - cpu, PeakRssMb());

  // Phase 1: generation A is the baseline; then every image is re-matched against it (a full re-match).
  fs::copy_file(db_a, live);
  DbMonitor monitor(**store, {.db_path = live, .threads = threads});
  t = Clock::now();
  cpu = CpuSeconds();
  auto baseline = monitor.Check();
  if (!baseline) Die(baseline.error().message);
  std::printf("baseline: generation A recorded and %d images indexed in %.1f s (%.1f s CPU); peak RSS %ld MB\n",
              images, Seconds(t), CpuSeconds() - cpu, PeakRssMb());
  auto gen_a = VulnDb::Open(live);
  if (!gen_a) Die(gen_a.error().message);
  auto digests = (*store)->ImageDigests();
  if (!digests) Die(digests.error().message);
  t = Clock::now();
  cpu = CpuSeconds();
  double written = WrittenMb();
  RematchStats all = RematchImages(**store, *digests,
                                   {.db = gen_a->get(), .db_path = live, .generation = (*gen_a)->ContentDigest(),
                                    .db_built_at = (*gen_a)->Info().built_at, .emit_events = false},
                                   threads);
  std::printf("full re-match: %zu images (%zu changed, %zu failed) in %.1f s (%.1f s CPU) on %zu threads; %.0f MB "
              "written; peak RSS %ld MB\n",
              all.images, all.changed, all.failed, Seconds(t), CpuSeconds() - cpu, threads, WrittenMb() - written,
              PeakRssMb());
  gen_a->reset();

  // Phase 2: generation B replaces the file; only images holding a changed key are re-matched.
  fs::copy_file(db_b, live + ".tmp");
  fs::rename(live + ".tmp", live);
  t = Clock::now();
  cpu = CpuSeconds();
  written = WrittenMb();
  auto update = monitor.Check();
  if (!update) Die(update.error().message);
  std::printf("DB update (1%% of advisories changed): %zu changed keys, %zu images re-matched (%zu changed, %zu "
              "events, %zu failed) in %.1f s (%.1f s CPU) on %zu threads; %.0f MB written; peak RSS %ld MB\n",
              update->changed_keys, update->stats.images, update->stats.changed, update->stats.events,
              update->stats.failed, Seconds(t), CpuSeconds() - cpu, threads, WrittenMb() - written, PeakRssMb());
  store->reset();
  fs::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace drydock

int main(int argc, char** argv) { return drydock::Run(argc, argv); }
