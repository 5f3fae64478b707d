// The layer cache end to end: a second scan of the same OCI layout reads no layer blob. Every blob is
// overwritten with zeros of the same size after the first scan; the second scan still gives the same packages
// (so it never read them) and the same report, while --no-cache, which must read them, fails on their digests.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace drydock::e2e
