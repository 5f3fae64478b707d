#include "admission/index_manifests.h"

#include <gtest/gtest.h>

namespace drydock::admission {
namespace {

std::string D(char c) { return "sha256:" + std::string(64, c); }

// Shaped as `docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7,windows/amd64` pushes it:
// one entry per platform plus an attestation manifest per image ("unknown/unknown").
std::string BuildxIndex() {
  return R"({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" + D('a') + R"(", "size": 1,
     "platform": {"architecture": "amd64", "os": "linux"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" + D('b') + R"(", "size": 1,
     "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" + D('c') + R"(", "size": 1,
     "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" + D('d') + R"(", "size": 1,
     "platform": {"architecture": "amd64", "os": "windows", "os.version": "10.0.20348.2031"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" + D('e') + R"(", "size": 1,
     "platform": {"architecture": "unknown", "os": "unknown"},
     "annotations": {"vnd.docker.reference.type": "attestation-manifest"}}]})";
}

TEST(LinuxManifests, EveryLinuxEntryOfABuildxIndex) {
  auto entries = LinuxManifests(BuildxIndex());
  ASSERT_TRUE(entries) << entries.error().message;
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].platform, "linux/amd64");
  EXPECT_EQ((*entries)[0].digest, D('a'));
  EXPECT_EQ((*entries)[1].platform, "linux/arm64/v8");
  EXPECT_EQ((*entries)[1].digest, D('b'));
  EXPECT_EQ((*entries)[2].platform, "linux/arm/v7");
}

TEST(LinuxManifests, AnEntryWithoutAPlatformIsJudgedToo) {
  auto entries = LinuxManifests(R"({"manifests": [{"digest": ")" + D('f') + R"("}]})");
  ASSERT_TRUE(entries) << entries.error().message;
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].platform, "");
  EXPECT_EQ((*entries)[0].digest, D('f'));
}

TEST(LinuxManifests, RejectedIndexes) {
  std::string many = R"({"manifests": [)";
  for (std::size_t i = 0; i <= kMaxJudgedManifests; ++i) {
    many += std::string(i ? "," : "") + R"({"digest": ")" + D('a') + R"(", "platform": {"os": "linux"}})";
  }
  many += "]}";
  const std::pair<std::string, std::string> bad[] = {
      {"", "not a JSON object"},
      {"[]", "not a JSON object"},
      {R"({"manifests": {}})", "no manifests list"},
      {R"({"manifests": []})", "no linux entry"},
      {R"({"manifests": [{"digest": ")" + D('d') + R"(", "platform": {"os": "windows", "architecture": "amd64"}}]})",
       "no linux entry"},
      {R"({"manifests": [1]})", "not an object"},
      {R"({"manifests": [{"digest": "sha256:abc", "platform": {"os": "linux"}}]})", "not sha256:<64 hex>"},
      {R"({"manifests": [{"digest": ")" + std::string("md5:") + std::string(67, 'a') + R"(", "platform": {"os": "linux"}}]})",
       "not sha256:<64 hex>"},
      {R"({"manifests": [{"digest": ")" + std::string("sha256:") + std::string(64, 'A') + R"(", "platform": {"os": "linux"}}]})",
       "not sha256:<64 hex>"},
      {many, "more than 32 linux entries"},
  };
  for (const auto& [index, why] : bad) {
    auto entries = LinuxManifests(index);
    ASSERT_FALSE(entries) << index.substr(0, 200);
    EXPECT_NE(entries.error().message.find(why), std::string::npos) << entries.error().message;
  }
}

ImageVerdict Clean() { return {}; }
ImageVerdict Denied(std::string rule, std::string reason) { return {false, false, std::move(rule), std::move(reason)}; }
ImageVerdict Warned(std::string rule, std::string reason) { return {false, true, std::move(rule), std::move(reason)}; }

TEST(CombineManifestVerdicts, ASinglePlatformImageIsUnchanged) {
  for (bool unknown : {false, true}) {
    auto combined = CombineManifestVerdicts({{"", Denied("unknown_images", "sha256:aa has not been scanned"), unknown}});
    EXPECT_EQ(combined.unknown, unknown);
    EXPECT_EQ(combined.verdict.rule, "unknown_images");
    EXPECT_EQ(combined.verdict.reason, "sha256:aa has not been scanned");
  }
}

TEST(CombineManifestVerdicts, AnyDeniedEntryDeniesNamingItsPlatform) {
  auto combined = CombineManifestVerdicts({{"linux/amd64", Clean(), false},
                                           {"linux/arm64", Denied("POL-VULN-001", "CVE-1 HIGH lodash"), false},
                                           {"linux/s390x", Warned("unknown_images", "not scanned"), true}});
  EXPECT_FALSE(combined.unknown);  // a denial is an answer: cached like any denial
  EXPECT_FALSE(combined.verdict.allowed);
  EXPECT_FALSE(combined.verdict.warn_only);
  EXPECT_EQ(combined.verdict.rule, "POL-VULN-001");
  EXPECT_EQ(combined.verdict.reason, "linux/arm64: CVE-1 HIGH lodash");
}

TEST(CombineManifestVerdicts, AnUnscannedEntryIsUnknownPerThePolicy) {
  for (bool warn : {false, true}) {
    auto combined = CombineManifestVerdicts({{"linux/amd64", Clean(), false},
                                             {"linux/arm64", {false, warn, "unknown_images", "not scanned"}, true}});
    EXPECT_TRUE(combined.unknown);
    EXPECT_FALSE(combined.verdict.allowed);
    EXPECT_EQ(combined.verdict.warn_only, warn);
    EXPECT_EQ(combined.verdict.rule, "unknown_images");
    EXPECT_EQ(combined.verdict.reason, "linux/arm64: not scanned");
  }
}

TEST(CombineManifestVerdicts, WarningsAndCleanEntries) {
  auto warned = CombineManifestVerdicts({{"linux/amd64", Warned("POL-ROOT-001", "runs as root"), false},
                                         {"linux/arm64", Warned("POL-ROOT-001", "runs as root"), false}});
  EXPECT_FALSE(warned.verdict.allowed);
  EXPECT_TRUE(warned.verdict.warn_only);
  EXPECT_EQ(warned.verdict.rule, "POL-ROOT-001");
  EXPECT_EQ(warned.verdict.reason, "linux/amd64: runs as root | linux/arm64: runs as root");
  auto clean = CombineManifestVerdicts({{"linux/amd64", Clean(), false}, {"linux/arm64", Clean(), false}});
  EXPECT_TRUE(clean.verdict.allowed);
  EXPECT_FALSE(clean.unknown);
}

TEST(CombineManifestVerdicts, NothingJudgedIsADenial) {
  auto combined = CombineManifestVerdicts({});
  EXPECT_FALSE(combined.verdict.allowed);
  EXPECT_FALSE(combined.verdict.warn_only);
}

}  // namespace
}  // namespace drydock::admission
