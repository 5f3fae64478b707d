// Open + match of a 500-package image against a compiled DB: the part of a warm scan that is not reading
// layers. Inputs come from bench/run.sh: DRYDOCK_BENCH_DB (a DB built from every feed in ../shared/testdata)
// and DRYDOCK_BENCH_REPORT (a JSON report of a real image, whose packages are repeated up to 500).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "match/matcher.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

constexpr std::size_t kImagePackages = 500;

struct ImageInput {
  Distro distro;
  std::vector<Package> packages;
};

const std::string& DbPath() {
  static const std::string path = std::getenv("DRYDOCK_BENCH_DB") ? std::getenv("DRYDOCK_BENCH_DB") : "";
  return path;
}

const ImageInput& Image() {
  static const ImageInput input = [] {
    ImageInput in;
    const char* report = std::getenv("DRYDOCK_BENCH_REPORT");
    std::ifstream file(report != nullptr ? report : "");
    nlohmann::json j = nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return in;
    const auto& os = j["artifact"]["os"];
    in.distro = {os.value("family", ""), os.value("version", ""), "", ""};
    std::vector<Package> real;
    for (const auto& p : j["packages"]) {
      real.push_back({.id = p.value("id", ""), .name = p.value("name", ""), .version = p.value("version", ""),
                      .ecosystem = p.value("ecosystem", ""), .source_name = p.value("source_name", ""),
                      .source_version = p.value("source_version", "")});
    }
    for (std::size_t i = 0; !real.empty() && in.packages.size() < kImagePackages; ++i) {
      in.packages.push_back(real[i % real.size()]);
    }
    return in;
  }();
  return input;
}

bool Ready(benchmark::State& state) {
  if (!DbPath().empty() && Image().packages.size() == kImagePackages) return true;
  state.SkipWithError("set DRYDOCK_BENCH_DB and DRYDOCK_BENCH_REPORT (bench/run.sh does)");
  return false;
}

void BM_OpenDb(benchmark::State& state) {
  if (!Ready(state)) return;
  for (auto _ : state) {
    auto db = VulnDb::Open(DbPath());
    if (!db) state.SkipWithError(db.error().message.c_str());
    benchmark::DoNotOptimize(db);
  }
}

void BM_OpenAndMatch500(benchmark::State& state) {
  if (!Ready(state)) return;
  std::size_t findings = 0;
  for (auto _ : state) {
    auto db = VulnDb::Open(DbPath());
    if (!db) {
      state.SkipWithError(db.error().message.c_str());
      break;
    }
    const VulnDb& opened = **db;
    auto lookup = [&](std::string_view eco, std::string_view name) { return opened.Lookup(eco, name); };
    findings = MatchPackages(Image().packages, Image().distro, lookup).size();
    benchmark::DoNotOptimize(findings);
  }
  state.counters["findings"] = static_cast<double>(findings);
}

void BM_Lookup500(benchmark::State& state) {
  if (!Ready(state)) return;
  auto db = VulnDb::Open(DbPath());
  if (!db) return state.SkipWithError(db.error().message.c_str());
  std::string eco = DistroEcosystem(Image().distro);
  for (auto _ : state) {
    std::size_t hits = 0;
    for (const Package& p : Image().packages) {
      hits += (*db)->Lookup(p.ecosystem == "deb" ? eco : p.ecosystem, p.source_name.empty() ? p.name : p.source_name)
                  .size();
    }
    benchmark::DoNotOptimize(hits);
  }
}

BENCHMARK(BM_OpenDb)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenAndMatch500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Lookup500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace drydock

BENCHMARK_MAIN();
