// The layer cache end to end: a second scan of the same OCI layout reads no layer blob. Every blob is
// overwritten with zeros of the same size after the first scan; the second scan still gives the same packages
// (so it never read them) and the same report, while --no-cache, which must read them, fails on their digests.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <vector>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

std::vector<fs::path> LayerBlobs(const fs::path& layout) {
  json index = ReadJson(layout / "index.json");
  std::string manifest_digest = index["manifests"][0]["digest"];
  json manifest = ReadJson(layout / "blobs/sha256" / manifest_digest.substr(7));
  std::vector<fs::path> blobs;
  for (const auto& layer : manifest["layers"]) {
    blobs.push_back(layout / "blobs/sha256" / layer["digest"].get<std::string>().substr(7));
  }
  return blobs;
}

TEST(LayerCache, SecondScanReadsNoLayer) {
  fs::path layout = TempDirectory() + "/cached-app", cache = TempDirectory() + "/layer-cache";
  fs::create_directories(layout);
  Shell("tar -xf " + TestData("images/debian12-app.oci.tar") + " -C " + layout.string());
  std::string scan = "image oci:" + layout.string() + " --skip-db -f json -q --cache-dir " + cache.string();
  auto first = RunDrydock(scan);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(fs::exists(cache / "layers.sqlite"));

  auto blobs = LayerBlobs(layout);
  ASSERT_EQ(blobs.size(), 4u);  // debian12-app.txt: four layers
  for (const fs::path& blob : blobs) {
    auto size = fs::file_size(blob);
    std::ofstream(blob, std::ios::binary | std::ios::trunc) << std::string(size, '\0');
  }
  auto second = RunDrydock(scan);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  json a = json::parse(first.out), b = json::parse(second.out);
  EXPECT_EQ(a, b);  // the whole report: packages with their layers and paths, errors, everything
  EXPECT_GT(a["packages"].size(), 100u);
  // The two Go binaries (8.6 MB) and the JARs (4.8 MB) are kept as parse results, not bytes: the cache once
  // held 23 MB for this image, most of it those bytes stored twice (gobinary's and cargo-auditable's parts).
  std::uintmax_t cached_bytes = 0;
  for (const char* file : {"layers.sqlite", "layers.sqlite-wal"}) {
    if (fs::exists(cache / file)) cached_bytes += fs::file_size(cache / file);
  }
  EXPECT_LT(cached_bytes, 4u << 20);

  auto uncached = RunDrydock(scan + " --no-cache");
  EXPECT_NE(uncached.exit_code, 0) << "the zeroed blobs were accepted: the test would not notice a read";

  auto cleaned = RunDrydock("cache clean --cache-dir " + cache.string());
  EXPECT_EQ(cleaned.exit_code, 0) << cleaned.err;
  EXPECT_NE(RunDrydock(scan).exit_code, 0) << "after cache clean the layers must be read again";
}

// A docker-save archive compressed as a whole must be inflated in full to reach manifest.json, so a second scan
// would cost as much as the first. Its index is remembered under the file's identity: a second scan of the
// unchanged file does not even open it (strace lists every open), and a changed file is read again.
TEST(LayerCache, SecondScanOfAnUnchangedCompressedArchiveDoesNotOpenIt) {
  if (std::system("command -v strace >/dev/null 2>&1") != 0) GTEST_SKIP() << "strace is not installed";
  fs::path dir = TempDirectory() + "/archive-memo", cache = dir / "cache", archive = dir / "app.docker.tar.gz";
  fs::create_directories(dir);
  fs::copy_file(TestData("images/debian12-app.docker.tar.gz"), archive);
  std::string args = "image " + archive.string() + " --skip-db -f json -q --cache-dir " + cache.string();
  auto first = RunDrydock(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;

  // Runs the scan under strace; returns its report and whether it opened the archive.
  auto traced = [&](const std::string& name) {
    const fs::path trace = dir / (name + ".strace"), report = dir / (name + ".json");
    Shell("strace -f -qq -e trace=open,openat -o " + trace.string() + " " + DrydockPath() + " " + args + " > " +
          report.string());
    std::ifstream in(trace);
    const std::string opens((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return std::make_pair(ReadJson(report), opens.find(archive.filename().string()) != std::string::npos);
  };
  auto [warm, warm_opened] = traced("warm");
  EXPECT_FALSE(warm_opened) << "the unchanged archive was opened";
  EXPECT_EQ(warm, json::parse(first.out));

  // Touched (another mtime and ctime): the memo does not apply, the file is read, the report is the same.
  fs::last_write_time(archive, fs::last_write_time(archive) + std::chrono::seconds(5));
  auto [touched, touched_opened] = traced("touched");
  EXPECT_TRUE(touched_opened);
  EXPECT_EQ(touched, json::parse(first.out));

  // Another image copied over the same path is that image, not the remembered one.
  fs::copy_file(TestData("images/debian12-minbase.docker.tar.gz"), archive, fs::copy_options::overwrite_existing);
  auto [replaced, replaced_opened] = traced("replaced");
  EXPECT_TRUE(replaced_opened);
  EXPECT_NE(replaced["packages"], warm["packages"]);
  EXPECT_LT(replaced["packages"].size(), warm["packages"].size());
}

// Several drydock processes share one cache, and none waits for another's scan: six scans at once (three targets,
// two of each; the app image's docker archive and OCI layout share every layer), bounded at 1 MiB so they keep
// evicting each other's entries, then six more on what is left. Every one gives the report a --no-cache scan of
// its target gives.
TEST(LayerCache, SeveralProcessesShareOneCacheAtOnce) {
  fs::path dir = TempDirectory() + "/shared-cache", layout = dir / "app-oci";
  fs::create_directories(layout);
  Shell("tar -xf " + TestData("images/debian12-app.oci.tar") + " -C " + layout.string());
  const std::vector<std::string> targets = {"oci:" + layout.string(), TestData("images/debian12-app.docker.tar.gz"),
                                            TestData("images/debian12-minbase.docker.tar.gz")};
  std::vector<json> expected;
  for (const std::string& target : targets) {
    auto uncached = RunDrydock("image " + target + " --skip-db -f json -q --no-cache");
    ASSERT_EQ(uncached.exit_code, 0) << uncached.err;
    expected.push_back(json::parse(uncached.out));
  }
  const std::string cache_flags = " --skip-db -f json -q --cache-max-size 1M --cache-dir " + (dir / "cache").string();
  for (const char* round : {"cold", "warm"}) {
    std::string script;
    for (std::size_t i = 0; i < 2 * targets.size(); ++i) {
      const std::string out = (dir / fmt::format("{}-{}", round, i)).string();
      script += fmt::format("({} image {}{} > {}.json 2> {}.err; echo $? > {}.rc) & ", DrydockPath(),
                            targets[i % targets.size()], cache_flags, out, out, out);
    }
    Shell(script + "wait");
    for (std::size_t i = 0; i < 2 * targets.size(); ++i) {
      const fs::path out = dir / fmt::format("{}-{}", round, i);
      std::ifstream rc(out.string() + ".rc"), err(out.string() + ".err");
      int code = -1;
      rc >> code;
      const std::string stderr_text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
      ASSERT_EQ(code, 0) << round << " scan " << i << ": " << stderr_text;
      // Compared member by member: a whole report in a failure message hides which part differed.
      const json got = ReadJson(out.string() + ".json"),& want = expected[i % targets.size()];
      for (const auto& [member, value] : want.items()) {
        EXPECT_EQ(got.value(member, json()), value)
            << round << " scan " << i << ", member " << member << "; its errors: " << got.value("errors", json()).dump();
      }
      EXPECT_EQ(got.size(), want.size()) << round << " scan " << i;
    }
  }
  std::uintmax_t cached_bytes = fs::file_size(dir / "cache/layers.sqlite");
  EXPECT_LT(cached_bytes, 8u << 20) << "the 1 MiB bound was not kept (SQLite pages and WAL aside)";
}

TEST(LayerCache, CacheMaxSizeTakesBinaryUnitsAndRejectsTheRest) {
  const std::string image = TestData("images/debian12-minbase.docker.tar.gz");
  const std::string cache = TempDirectory() + "/sized-cache";
  for (const char* good : {"500M", "2GiB", "64kb", "1048576"}) {
    auto run = RunDrydock("image " + image + " --skip-db -q -f json --cache-dir " + cache + " --cache-max-size " + good);
    EXPECT_EQ(run.exit_code, 0) << good << ": " << run.err;
  }
  for (const char* bad : {"0", "-1", "5X", "1T", "''", "99999999999999G"}) {
    auto run = RunDrydock("image " + image + " --skip-db -q --cache-dir " + cache + " --cache-max-size " + bad);
    EXPECT_EQ(run.exit_code, 2) << bad;
    EXPECT_NE(run.err.find("--cache-max-size"), std::string::npos) << run.err;
  }
}

}  // namespace
}  // namespace drydock::e2e
