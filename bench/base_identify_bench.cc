// Base-image identification against an index of 100,000 base digests: the cost a scan pays for it (target:
// < 5 ms). The index is filled with random chain IDs plus the debian12-minbase layer the probed image starts
// with; the probe opens the index and identifies a 4-layer image, as MarkBaseImage does once per scan.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "baseimage/identify.h"
#include "common/sha256.h"

namespace {

using drydock::baseimage::BaseIndex;
using drydock::baseimage::IndexEntry;

const std::string kMinbase = "sha256:318a5278c65e9804af9b57f2ac42fd5d27c477efaf7fa50feb0e7d9ee0a56561";

std::string RandomDigest(std::mt19937_64& random) {
  const std::string seed = std::to_string(random());
  return "sha256:" + drydock::Sha256::HexOf(seed);
}

const std::string& IndexPath() {
  static const std::string path = [] {
    std::string p = (std::filesystem::temp_directory_path() / "drydock-base-index-bench.db").string();
    std::filesystem::remove(p);
    auto index = BaseIndex::Open(p);
    std::mt19937_64 random(17);
    std::vector<IndexEntry> batch;
    for (int i = 0; i < 100000; ++i) {
      batch.push_back({.chain_id = RandomDigest(random), .digest = RandomDigest(random), .platform = "linux/amd64",
                       .created = "2026-11-22T00:00:00Z", .layers = 3});
      if (batch.size() == 1000) {
        (void)(*index)->RecordTag("bench/base", "t" + std::to_string(i), batch);
        batch.clear();
      }
    }
    (void)(*index)->RecordTag("bench/debian", "12", {{.chain_id = kMinbase, .digest = "sha256:d", .layers = 1}});
    return p;
  }();
  return path;
}

void BM_OpenAndIdentify(benchmark::State& state) {
  const std::string& path = IndexPath();
  drydock::baseimage::ImageFacts image{.diff_ids = {kMinbase}};
  std::mt19937_64 random(5);
  for (int i = 0; i < 3; ++i) image.diff_ids.push_back(RandomDigest(random));
  for (auto _ : state) {
    auto index = BaseIndex::Open(path);
    auto base = drydock::baseimage::Identify(image, index->get());
    if (!base || !*base || (*base)->layers != 1) state.SkipWithError("minbase not identified");
    benchmark::DoNotOptimize(base);
  }
}
BENCHMARK(BM_OpenAndIdentify)->Unit(benchmark::kMillisecond);

// The same image carrying a verified SLSA provenance statement naming its base: the statement is parsed and the
// index is still asked for the chain (to pick among materials) and for the attested digest's layer count.
void BM_OpenAndIdentifySignedProvenance(benchmark::State& state) {
  const std::string& path = IndexPath();
  drydock::baseimage::ImageFacts image{.diff_ids = {kMinbase}};
  std::mt19937_64 random(5);
  for (int i = 0; i < 3; ++i) image.diff_ids.push_back(RandomDigest(random));
  const std::string statement =
      R"({"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2",)"
      R"("subject":[],"predicate":{"materials":[{"uri":"pkg:docker/127.0.0.1:5000/bench/debian@12",)"
      R"("digest":{"sha256":")" + RandomDigest(random).substr(7) + R"("}}]}})";
  image.signed_attestations = {{statement, "key bench.pub"}};
  for (auto _ : state) {
    auto index = BaseIndex::Open(path);
    auto base = drydock::baseimage::Identify(image, index->get());
    if (!base || !*base || (*base)->source != "signed-provenance" || (*base)->layers != 1) {
      state.SkipWithError("signed provenance not used");
    }
    benchmark::DoNotOptimize(base);
  }
}
BENCHMARK(BM_OpenAndIdentifySignedProvenance)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
