// The layer cache end to end: a second scan of the same OCI layout reads no layer blob. Every blob is
// overwritten with zeros of the same size after the first scan; the second scan still gives the same packages
// (so it never read them) and the same report, while --no-cache, which must read them, fails on their digests.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace drydock::e2e
