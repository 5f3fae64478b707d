#include "baseimage/advice.h"

#include <gtest/gtest.h>

#include "baseimage/provenance.h"

namespace drydock::baseimage {
namespace {

IndexEntry Tag(const std::string& tag, const std::string& digest, std::uint64_t size = 0,
               const std::string& platform = "linux/amd64") {
  return {.repository = "r/debian", .tag = tag, .digest = digest, .platform = platform, .size_bytes = size};
}

BaseFindings Findings(std::initializer_list<std::pair<const char*, const char*>> ids) {
  BaseFindings out{.os = "debian 12"};
  for (const auto& [id, severity] : ids) out.findings.emplace(std::pair{std::string(id), std::string("pkg")}, severity);
  return out;
}

TEST(Advise, RefreshCountsWhatTheNewDigestRemovesAndAdds) {
  BaseImageInfo base{.name = "r/debian", .tag = "12.4", .digest = "sha256:old", .size_bytes = 100};
  AdviceInput input{.base = &base, .current = Findings({{"CVE-1", "HIGH"}, {"CVE-2", "LOW"}, {"CVE-3", "LOW"}}),
                    .platform = "linux/amd64",
                    .repository = {Tag("12.4", "sha256:new", 90), Tag("12.4", "sha256:arm", 90, "linux/arm64")}};
  std::vector<std::string> scanned;
  auto options = Advise(input, [&](const IndexEntry& e) -> Result<BaseFindings> {
    scanned.push_back(e.digest);
    return Findings({{"CVE-3", "LOW"}, {"CVE-9", "MEDIUM"}});
  });
  ASSERT_EQ(options.size(), 1u);
  const BaseAdviceOption& refresh = options[0];
  EXPECT_EQ(refresh.kind, "refresh");
  EXPECT_EQ(refresh.digest, "sha256:new");
  EXPECT_EQ(refresh.removed_total, 2u);
  EXPECT_EQ(refresh.removed.at("HIGH"), 1u);
  EXPECT_EQ(refresh.removed.at("LOW"), 1u);
  EXPECT_EQ(refresh.added_total, 1u);
  EXPECT_EQ(refresh.added.at("MEDIUM"), 1u);
  EXPECT_EQ(refresh.findings_total, 2u);
  EXPECT_EQ(refresh.size_delta_bytes, -10);
  EXPECT_EQ(scanned, std::vector<std::string>{"sha256:new"});  // the arm64 digest is another platform
}

TEST(Advise, UpdatesAreTheNewestOfTheFamilyByVersionAndASmallerVariant) {
  BaseImageInfo base{.name = "r/debian", .tag = "12.4", .digest = "sha256:d124", .size_bytes = 100};
  AdviceInput input{.base = &base, .platform = "linux/amd64",
                    .repository = {Tag("12.4", "sha256:d124", 100), Tag("12.10", "sha256:d1210", 101),
                                   Tag("12.9", "sha256:d129", 100), Tag("12.2", "sha256:d122"),
                                   Tag("12.8-slim", "sha256:s128", 40), Tag("12", "sha256:d12"),
                                   Tag("12.4-slim", "sha256:s124", 40), Tag("12.4-big", "sha256:b124", 200),
                                   Tag("latest", "sha256:d1210", 101), Tag("13.0", "sha256:d130", 99),
                                   Tag("12.5", "sha256:d125", 100)}};
  auto options = Advise(input, [](const IndexEntry& e) -> Result<BaseFindings> {
    if (e.digest == "sha256:d129") return Fail("registry said no");
    return Findings({});
  });
  std::vector<std::string> got;
  for (const BaseAdviceOption& o : options) got.push_back(o.kind + " " + o.tag);
  // 13.0 > 12.10 > 12.9 > 12.5 (numeric, not string order); three offered; then the smaller 12.4-slim.
  EXPECT_EQ(got, (std::vector<std::string>{"update 13.0", "update 12.10", "update 12.9", "smaller 12.4-slim"}));
  EXPECT_EQ(options[2].error, "registry said no");
  EXPECT_EQ(options[3].size_delta_bytes, -60);
}

TEST(Advise, NoNameOrNoVersionMeansNoUpdates) {
  BaseImageInfo unnamed{.source = "history", .layers = 1};
  EXPECT_TRUE(Advise({.base = &unnamed}, [](const IndexEntry&) -> Result<BaseFindings> { return Findings({}); })
                  .empty());
  BaseImageInfo latest{.name = "r/debian", .tag = "latest", .digest = "sha256:a"};
  AdviceInput input{.base = &latest, .repository = {Tag("latest", "sha256:a"), Tag("12.4", "sha256:b")}};
  EXPECT_TRUE(Advise(input, [](const IndexEntry&) -> Result<BaseFindings> { return Findings({}); }).empty());
}

TEST(Provenance, ReadsBuildKitMaterialsV02AndResolvedDependenciesV1) {
  auto v02 = ProvenanceImages(R"({"_type":"https://in-toto.io/Statement/v0.1",
    "predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"materials":[
      {"uri":"pkg:docker/golang@1.22?platform=linux%2Famd64","digest":{"sha256":"aa"}},
      {"uri":"https://github.com/x/y.git#main","digest":{"sha1":"bb"}},
      {"uri":"pkg:docker/127.0.0.1:5000/bases/debian@12.4?platform=linux%2Famd64","digest":{"sha256":"cc"}}]}})");
  ASSERT_TRUE(v02) << v02.error().message;
  ASSERT_EQ(v02->size(), 2u);
  EXPECT_EQ((*v02)[0].name, "docker.io/library/golang");
  EXPECT_EQ((*v02)[0].tag, "1.22");
  EXPECT_EQ((*v02)[0].platform, "linux/amd64");
  EXPECT_EQ((*v02)[1].name, "127.0.0.1:5000/bases/debian");
  EXPECT_EQ((*v02)[1].digest, "sha256:cc");
  auto v1 = ProvenanceImages(R"({"predicateType":"https://slsa.dev/provenance/v1","predicate":{
    "buildDefinition":{"resolvedDependencies":[{"uri":"pkg:docker/bitnami/redis@sha256%3Add"}]}}})");
  ASSERT_TRUE(v1) << v1.error().message;
  ASSERT_EQ(v1->size(), 1u);
  EXPECT_EQ((*v1)[0].name, "docker.io/bitnami/redis");
  EXPECT_EQ((*v1)[0].digest, "sha256:dd");
  EXPECT_TRUE(ProvenanceImages(R"({"predicateType":"https://spdx.dev/Document","predicate":{}})")->empty());
}

TEST(Provenance, BrokenStatementsAreErrors) {
  for (const char* broken :
       {"{", "[]", R"({"predicate":{}})", R"({"predicateType":"https://slsa.dev/provenance/v0.2","predicate":[]})",
        R"({"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"materials":{}}})",
        R"({"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"materials":[{"digest":{}}]}})",
        R"({"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"materials":[{"uri":"pkg:docker/@1"}]}})",
        R"({"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"materials":[{"uri":"pkg:docker/a%zz"}]}})",
        R"({"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"materials":[{"uri":"pkg:docker/a%2"}]}})"}) {
    EXPECT_FALSE(ProvenanceImages(broken)) << broken;
  }
}

}  // namespace
}  // namespace drydock::baseimage
