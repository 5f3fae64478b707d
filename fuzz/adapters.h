// Single-argument entry points for the parsers whose real signature takes more than the bytes (a file name for
// messages, an image to fill, a store to read from). Each adapter passes fixed, harmless values for the rest, so
// every byte the fuzzer controls reaches the parser exactly as an image, SBOM or feed would deliver it.
#pragma once

#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "baseimage/index_registry.h"
#include "cache/layer_codec.h"
#include "cache/parsed_codec.h"
#include "catalog/java/java.h"
#include "catalog/golang/golang.h"
#include "catalog/node/node.h"
#include "catalog/os/os_release.h"
#include "catalog/python/python.h"
#include "catalog/rust/rust.h"
#include "catalog/toml_doc.h"
#include "checks/dockerfile.h"
#include "checks/kubernetes.h"
#include "common/bounded_json.h"
#include "common/sha256.h"
#include "layers/layer_walk.h"
#include "match/version.h"
#include "policy/policy.h"
#include "policy/policy_file.h"
#include "server/version_range.h"
#include "source/byte_reader.h"
#include "source/image_plan.h"
#include "source/sbom/sbom.h"
#include "vulndb/feeds.h"

namespace drydock {

// Serves fixed small files by name; blobs are never streamed (plans only read metadata).
class FuzzStore final : public BlobStore {
 public:
  explicit FuzzStore(std::map<std::string, std::string, std::less<>> files) : files_(std::move(files)) {}
  bool Has(std::string_view path) const override { return files_.contains(path); }
  Result<std::string> ReadMetadata(std::string_view path) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return Fail("{}: not found", path);
    return it->second;
  }
  Result<BlobVisit> VisitBlob(const ImageLayer&, const LayerVisitor&) const override { return Fail("no blobs"); }
  std::optional<std::uint64_t> BlobSize(std::string_view) const override { return std::nullopt; }
  bool Seekable() const override { return false; }

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

inline auto FuzzBoundedJson(std::string_view b) { return ParseBoundedJson(b, "fuzz", 16 << 20); }
inline auto FuzzToml(std::string_view b) { return ParseTomlDoc(b, 16 << 20, "fuzz"); }
inline auto FuzzSbom(std::string_view b) { return ReadSbom(b, "fuzz.json"); }
inline auto FuzzVex(std::string_view b) { return ParseVex(b, "fuzz.json"); }
inline auto FuzzPolicyFile(std::string_view b) { return ParsePolicyFile(b, "fuzz.yaml"); }
inline auto FuzzIgnoreYaml(std::string_view b) { return ParseIgnoreYaml(b, "fuzz.yaml"); }
inline auto FuzzIgnoreText(std::string_view b) { return ParseIgnoreText(b, "fuzz"); }
// A Dockerfile an image carries: parsed, then every check run on what parsed.
inline Status FuzzDockerfile(std::string_view b) {
  auto instructions = ParseDockerfile(b);
  if (!instructions) return std::unexpected(instructions.error());
  (void)CheckDockerfile(*instructions, "Dockerfile");
  return {};
}
inline auto FuzzBaseConfig(std::string_view b) { return baseimage::EntryFromConfig(b, "sha256:0"); }
inline auto FuzzKubernetes(std::string_view b) { return CheckKubernetesManifests(b, "fuzz.yaml"); }
inline auto FuzzYarnLock(std::string_view b) { return ParseYarnLock(b); }
inline auto FuzzJar(std::string_view b) { return ParseJar("fuzz.jar", b); }
// requirements.txt as an image holds it: the fuzzed bytes are the top file and the two files its `-r` lines may
// name (a finite tree, as a real image is); any other include is a file the scan did not capture.
inline auto FuzzRequirements(std::string_view b) {
  const std::string bytes(b);
  return ParseRequirements("app/requirements.txt", b, [&bytes](std::string_view path) -> std::optional<std::string> {
    if (path == "app/base.txt" || path == "app/dev/requirements.txt" || path == "app/requirements.txt") return bytes;
    return std::nullopt;
  });
}
// The manifests a lockfile parser reads beside the lock to tell dev dependencies apart: the fuzzed bytes are the
// Cargo.toml / package.json, the lock is a fixed real-shaped one whose packages the manifest may name.
inline constexpr std::string_view kFuzzCargoLock = R"(version = 3
[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde", "proptest"]
[[package]]
name = "serde"
version = "1.0.188"
source = "registry+https://github.com/rust-lang/crates.io-index"
[[package]]
name = "proptest"
version = "1.2.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["serde"]
)";
inline constexpr std::string_view kFuzzYarnLock = R"(# yarn lockfile v1

left-pad@^1.3.0:
  version "1.3.0"
  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"
  dependencies:
    lodash "^4.17.15"

lodash@^4.17.15:
  version "4.17.15"
  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.15.tgz"
)";
inline auto FuzzCargoManifest(std::string_view b) { return ParseCargoLock(kFuzzCargoLock, b); }
inline auto FuzzYarnManifest(std::string_view b) { return ParseYarnLock(kFuzzYarnLock, b); }
inline auto FuzzGoModInfo(std::string_view b) { return ParseGoModInfo("go1.21.3", b); }
// The three one-line release files a distro carries besides os-release, all read from the same bytes.
inline Status FuzzDistroRelease(std::string_view b) {
  auto alpine = ParseAlpineRelease(b);
  auto debian = ParseDebianVersion(b);
  auto redhat = ParseRedHatRelease(b);
  if (!alpine && !debian && !redhat) return Fail("no release file");
  return {};
}
// Every version scheme on two versions an image or lockfile supplies (one per line): no crash, and an order a
// sort and a range check can rely on: x equals x, and a < b exactly when b > a. A violation aborts, so libFuzzer
// reports it with its input. (Transitivity is not asked: some package managers' own orders lack it on malformed
// versions, PHP's version_compare among them, and each scheme orders as its package manager does.)
inline Status FuzzVersionOrder(std::string_view b) {
  const std::size_t newline = b.find('\n');
  const std::string_view x = b.substr(0, newline);
  const std::string_view y = newline == std::string_view::npos ? std::string_view() : b.substr(newline + 1);
  using Compare = int (*)(std::string_view, std::string_view);
  static constexpr Compare kSchemes[] = {
      CompareDpkgVersions,   CompareApkVersions,       RpmVerCmp,          CompareRpmVersions,
      CompareSemverVersions, CompareBuildOrderedSemver, CompareGoVersions, CompareMavenVersions,
      CompareNugetVersions,  ComparePep440Versions,    CompareRubyGemsVersions, CompareComposerVersions};
  auto sign = [](int order) { return (order > 0) - (order < 0); };
  for (Compare compare : kSchemes) {
    if (compare(x, x) != 0 || compare(y, y) != 0) std::abort();
    if (sign(compare(x, y)) != -sign(compare(y, x))) std::abort();
  }
  return {};
}
// GET /packages?range= from any API client: parsed, then judged in every ecosystem with a version order.
inline Status FuzzVersionRange(std::string_view b) {
  auto bounds = ParseVersionRange(b);
  if (!bounds) return std::unexpected(bounds.error());
  constexpr std::string_view kEcosystems[] = {"deb",   "apk",   "rpm",  "npm", "golang",
                                              "maven", "nuget", "pypi", "gem", "composer"};
  for (std::string_view ecosystem : kEcosystems) (void)InVersionRange(ecosystem, "1.2.3-r1", *bounds);
  return {};
}
inline auto FuzzOsvRecord(std::string_view b) { return ParseOsvRecord(b); }
inline auto FuzzDebianTracker(std::string_view b) { return ParseDebianTracker(b, "fuzz.json"); }
// The enrichment feeds collect warnings (a record skipped, and why) and the catalog's release date as an update does.
inline auto FuzzNvdJson(std::string_view b) {
  std::vector<std::string> warnings;
  return ParseNvdJson(b, &warnings);
}
inline auto FuzzEpssCsv(std::string_view b) {
  std::vector<std::string> warnings;
  return ParseEpssCsv(b, &warnings);
}
inline auto FuzzKevCatalog(std::string_view b) {
  std::string released;
  return ParseKevCatalog(b, &released);
}
inline Status FuzzImageConfig(std::string_view b) {
  Image image;
  image.layers.resize(2);
  return ApplyImageConfig(b, image);
}
// One real-shaped image the image harnesses can reach into: a config and a manifest naming it, stored under their
// digests, so a fuzzed index reaches a manifest and a fuzzed manifest reaches its config and layers (a store with
// nothing in it stopped both at the first blob). fuzz/write_seeds.cc writes seeds that name these digests.
inline constexpr std::string_view kFuzzConfig =
    R"({"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin"]},)"
    R"("rootfs":{"type":"layers","diff_ids":["sha256:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"]},)"
    R"("history":[{"created_by":"ADD rootfs.tar /"}]})";
inline std::string FuzzManifest() {
  return fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                     R"("config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":{}}},)"
                     R"("layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip",)"
                     R"("digest":"sha256:b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2","size":541}}]}})",
                     Sha256::HexOf(kFuzzConfig), kFuzzConfig.size());
}
inline const std::map<std::string, std::string, std::less<>>& FuzzImageBlobs() {
  static const auto* const kBlobs = [] {
    auto* blobs = new std::map<std::string, std::string, std::less<>>;
    const std::string manifest = FuzzManifest();
    (*blobs)["blobs/sha256/" + Sha256::HexOf(kFuzzConfig)] = std::string(kFuzzConfig);
    (*blobs)["blobs/sha256/" + Sha256::HexOf(manifest)] = manifest;
    (*blobs)["config.json"] = std::string(kFuzzConfig);  // docker archives name the config by path
    return blobs;
  }();
  return *kBlobs;
}
inline FuzzStore FuzzImageStore(std::string name, std::string_view bytes) {
  auto files = FuzzImageBlobs();
  if (!name.empty()) files[std::move(name)] = std::string(bytes);
  return FuzzStore(std::move(files));
}
inline auto FuzzOciIndex(std::string_view b) { return PlanOciLayout(FuzzImageStore("index.json", b), ""); }
inline auto FuzzDockerManifest(std::string_view b) { return PlanDockerArchive(FuzzImageStore("manifest.json", b), ""); }
inline auto FuzzImageManifest(std::string_view b) { return PlanFromManifest(FuzzImageStore("", b), b, "sha256:0"); }
// The layer front end as a scan runs it: gzip/zstd/plain detection, inflate, tar walk, every path wanted.
inline Result<std::string> FuzzLayerTar(std::string_view b) {
  MemoryReader reader(b);
  LayerFiles files;
  return WalkLayer(reader, [](std::string_view) { return true; }, files);
}

}  // namespace drydock
