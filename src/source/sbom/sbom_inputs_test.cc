// SBOM inputs other tools write, on Trivy's integration fixtures: the same centos-7 image as CycloneDX, SPDX
// JSON, SPDX tag-value and a DSSE-wrapped in-toto attestation must all give the same packages, with the rpm
// epoch and source release kept; a KBOM's Kubernetes components are packages; what cannot be placed is listed.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "catalog/testdata.h"
#include "match/version.h"
#include "source/sbom/sbom.h"

namespace drydock {
namespace {

constexpr const char* kSbomDir = "aquasecurity+trivy/integration/testdata/fixtures/sbom/";

SbomContents Read(const std::string& file) {
  auto sbom = ReadSbom(TestData(std::string(kSbomDir) + file), file);
  EXPECT_TRUE(sbom.has_value()) << file << ": " << (sbom ? "" : sbom.error().message);
  return sbom ? *sbom : SbomContents{};
}

std::set<std::string> Ids(const SbomContents& sbom) {
  std::set<std::string> ids;
  for (const Package& p : sbom.packages) ids.insert(p.id);
  return ids;
}

// Trivy writes openssl-libs' epoch as the purl's epoch qualifier and its source as SrcEpoch/SrcVersion/
// SrcRelease. Without them "1:1.0.2k-16.el7" read as "1.0.2k-16.el7" (or its source as "1.0.2k"), older than
// every epoch-1 fix, so the fixed-in-19 advisory Trivy's own DB fixture has (RHSA-2019:2304) always matched.
TEST(SbomInputsTest, TrivyCycloneDxKeepsRpmEpochAndRelease) {
  const SbomContents sbom = Read("centos-7-cyclonedx.json");
  EXPECT_EQ(Ids(sbom), (std::set<std::string>{"rpm:bash@4.2.46-31.el7:x86_64", "rpm:openssl-libs@1:1.0.2k-16.el7:x86_64"}));
  EXPECT_EQ(sbom.distro.family, "centos");
  EXPECT_EQ(sbom.distro.version, "7.6.1810");
  for (const Package& p : sbom.packages) {
    if (p.name != "openssl-libs") {
      EXPECT_EQ(p.source_version, "4.2.46-31.el7");
      continue;
    }
    EXPECT_EQ(p.source_name, "openssl");
    EXPECT_EQ(p.source_version, "1:1.0.2k-16.el7");
    EXPECT_LT(CompareRpmVersions(p.source_version, "1:1.0.2k-19.el7"), 0);  // still vulnerable: 16 < 19
    EXPECT_GT(CompareRpmVersions(p.source_version, "1:1.0.2k-12.el7"), 0);  // but past an older fix
  }
  EXPECT_TRUE(sbom.skipped.empty());
}

// Ubuntu's libcrypt1 (epoch 1, source libxcrypt) in Trivy's KBOM-era CycloneDX fixture.
TEST(SbomInputsTest, DebEpochFromQualifierAndSrcEpoch) {
  auto sbom = ReadSbom(TestData("aquasecurity+trivy/pkg/sbom/cyclonedx/testdata/happy/infinite-loop-bom.json"), "bom.json");
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  bool found = false;
  for (const Package& p : sbom->packages) {
    if (p.name != "libcrypt1") continue;
    found = true;
    EXPECT_EQ(p.version, "1:4.4.27-1");
    EXPECT_EQ(p.source_name, "libxcrypt");
    EXPECT_EQ(p.source_version, "1:4.4.27-1");
  }
  EXPECT_TRUE(found);
}

// The same image in four encodings gives the same packages.
TEST(SbomInputsTest, SpdxJsonTagValueAndAttestationAgree) {
  const std::set<std::string> want = Ids(Read("centos-7-cyclonedx.json"));
  for (const char* file : {"centos-7-spdx.json", "centos-7-spdx.txt", "centos-7-cyclonedx.intoto.jsonl"}) {
    const SbomContents sbom = Read(file);
    EXPECT_EQ(Ids(sbom), want) << file;
    EXPECT_EQ(sbom.distro.family, "centos") << file;
    EXPECT_TRUE(sbom.skipped.empty()) << file << ": " << Joined(sbom.skipped);
  }
  EXPECT_EQ(Read("centos-7-spdx.txt").format, "spdx");
  EXPECT_EQ(Read("centos-7-spdx.txt").name, "integration/testdata/fixtures/images/centos-7.tar.gz");
  EXPECT_EQ(Read("centos-7-cyclonedx.intoto.jsonl").format, "cyclonedx");
}

// minikube's KBOM: the cluster (k8s.io/kubernetes), five control-plane components and a Go binary are
// packages; the node OS is no package; components without a purl and the container images are listed.
TEST(SbomInputsTest, KbomKubernetesComponents) {
  const SbomContents sbom = Read("minikube-kbom.json");
  EXPECT_EQ(Ids(sbom), (std::set<std::string>{"k8s:k8s.io/kubernetes@1.27.0", "k8s:k8s.io/apiserver@1.27.0",
                                              "k8s:k8s.io/controller-manager@1.27.0", "k8s:k8s.io/kube-proxy@1.27.0",
                                              "k8s:k8s.io/kube-scheduler@1.27.0", "k8s:k8s.io/kubelet@1.27.0",
                                              "golang:docker@24.0.4"}));
  std::size_t images = 0;
  for (const std::string& why : sbom.skipped) images += why.find("scan it with drydock image") != std::string::npos;
  EXPECT_EQ(images, 6u) << Joined(sbom.skipped);
  EXPECT_EQ(sbom.skipped.size(), 10u) << Joined(sbom.skipped);  // + node-core-components, minikube, kube-dns, etcd
}

TEST(SbomInputsTest, BrokenAttestationsAndTagValue) {
  const std::pair<std::string, const char*> cases[] = {
      {R"({"payloadType": "application/vnd.in-toto+json", "payload": "!!!"})", "DSSE"},
      {R"({"payloadType": "text/plain", "payload": "aGVsbG8="})", "is not in-toto"},
      {R"({"payloadType": "application/vnd.in-toto+json", "payload": "aGVsbG8="})", "DSSE payload"},
      {R"({"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://slsa.dev/provenance/v1", )"
       R"("predicate": {"buildDefinition": {}}})", "https://slsa.dev/provenance/v1"},
      {"SPDXVersion: SPDX-2.2\nDataLicense CC0-1.0\n", "f.jsonl:2: not a \"Tag: value\" line"},
      {"SPDXVersion: SPDX-2.2\nPackageName: x\nPackageComment: <text>never closed\n", "f.jsonl:3: <text> without"},
      {"{\"bomFormat\": \"CycloneDX\"}\n{\"bomFormat\": ", "f.jsonl:2: invalid JSON"},
  };
  for (const auto& [text, message] : cases) {
    auto sbom = ReadSbom(text, "f.jsonl");
    ASSERT_FALSE(sbom) << text.substr(0, 50);
    EXPECT_NE(sbom.error().message.find(message), std::string::npos) << sbom.error().message;
  }
  // A tag-value package without a purl is listed, not dropped.
  auto tag_value = ReadSbom("SPDXVersion: SPDX-2.3\nPackageName: libfoo\nSPDXID: SPDXRef-1\nPackageComment: <text>a\n"
                            "PackageName: b</text>\n", "t.spdx");
  ASSERT_TRUE(tag_value.has_value()) << tag_value.error().message;
  ASSERT_EQ(tag_value->skipped.size(), 1u);
  EXPECT_NE(tag_value->skipped[0].find("t.spdx:2: package libfoo has no purl"), std::string::npos) << tag_value->skipped[0];
}

}  // namespace
}  // namespace drydock
