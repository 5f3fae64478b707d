// Base images end to end on images built here as `docker build` would: debian12-minbase re-dated as base 12.4,
// the same base rebuilt with glibc and gzip upgraded (re-pushed as 12: a "refresh"), rebuilt with gzip only
// (12.5: an "update"), and an app layer (lodash 4.17.15) on 12.4, all pushed into Debian's docker-registry. The
// DB matches minbase's own packages (tests/data/base/debian-tracker.json) and lodash (three GitHub advisories),
// so base and app findings are real matches; every expected delta is checked against scans of the bases.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.h"
#include "registry_fixture.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;
using Keys = std::map<std::pair<std::string, std::string>, std::string>;  // (id, package) -> severity

const std::string kTools = std::string(DRYDOCK_SOURCE_DIR) + "/tests/tools/stack_image.py";

class BaseAdviceTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = std::make_unique<Registry>("advice");
    if (!registry_->Up()) return;
    const std::string dir = TempDirectory() + "/advice", layout = dir + "/layout";
    Shell("mkdir -p " + dir + "/app/app/node_modules/lodash && zcat " +
          TestData("images/debian12-minbase.docker.tar.gz") + " > " + dir + "/minbase.tar && skopeo copy -q " +
          "docker-archive:" + dir + "/minbase.tar oci:" + layout + ":minbase && echo " +
          "'{\"name\":\"lodash\",\"version\":\"4.17.15\"}' > " + dir + "/app/app/node_modules/lodash/package.json" +
          " && tar --owner=0 --group=0 -cf " + dir + "/app.tar -C " + dir + "/app app");
    // Dated from today, so the age rule's verdicts hold whenever the test runs.
    old_ = Trim(Shell("date -u -d '-100 days' +%Y-%m-%dT00:00:00Z"));
    new_ = Trim(Shell("date -u -d '-5 days' +%Y-%m-%dT00:00:00Z"));
    auto stack = [&](const std::string& args) { return Shell("python3 " + kTools + " " + layout + " " + args); };
    base_old_ = Trim(stack("minbase base-12.4 --created " + old_));
    base_new_ = Trim(stack("base-12.4 base-12 --created " + new_ +
                           " --dpkg-bump libc6=2.36-9+deb12u15 --dpkg-bump libc-bin=2.36-9+deb12u15"
                           " --dpkg-bump gzip=1.12-1+deb12u1"));
    stack("base-12.4 base-12.5 --created " + new_ + " --dpkg-bump gzip=1.12-1+deb12u1");
    stack("base-12.4 app-1 --layer " + dir + "/app.tar 'COPY app /app'");
    stack("base-12 app-2 --layer " + dir + "/app.tar 'COPY app /app'");
    stack("base-12.4 app-prov --layer " + dir + "/app.tar 'COPY app /app' --provenance 'pkg:docker/" +
          Name("bases/debian") + "@12.4?platform=linux%2Famd64=" + base_old_ + "'");
    for (const auto& [from, to] : std::map<std::string, std::string>{{"base-12.4", "bases/debian:12.4"},
                                                                     {"base-12.5", "bases/debian:12.5"},
                                                                     {"app-1", "apps/web:1"},
                                                                     {"app-2", "apps/web:2"},
                                                                     {"app-prov", "apps/prov:1"}}) {
      Shell("skopeo copy -q --all --dest-tls-verify=false oci:" + layout + ":" + from + " docker://" +
            registry_->Host() + "/" + to);
    }
    // 12 is 12.4 when indexed; then upstream rebuilds it (the tag moves) and the index is updated.
    Shell("skopeo copy -q --dest-tls-verify=false oci:" + layout + ":base-12.4 docker://" + Name("bases/debian:12"));
    index_ = dir + "/index.db";
    auto added = RunDrydock("base index add " + Name("bases/debian") + " --tags '.*' --index " + index_);
    EXPECT_EQ(added.exit_code, 0) << added.err;
    Shell("skopeo copy -q --dest-tls-verify=false oci:" + layout + ":base-12 docker://" + Name("bases/debian:12"));
    auto updated = RunDrydock("base index update --index " + index_);
    EXPECT_EQ(updated.exit_code, 0) << updated.err;
    db_ = dir + "/advice.db";
    Shell("mkdir -p " + dir + "/ghsa && cp " +
          TestData("github+advisory-database/advisories/github-reviewed/2020/07/GHSA-p6mc-m468-83gw/*.json") + " " +
          TestData("github+advisory-database/advisories/github-reviewed/2022/01/GHSA-29mw-wpgm-hmr9/*.json") + " " +
          TestData("github+advisory-database/advisories/github-reviewed/2021/05/GHSA-35jh-r3h4-6jhm/*.json") + " " +
          dir + "/ghsa");
    auto built = RunDrydock("db build --osv " + dir + "/ghsa --debian " + std::string(DRYDOCK_SOURCE_DIR) +
                            "/tests/data/base/debian-tracker.json -o " + db_);
    EXPECT_EQ(built.exit_code, 0) << built.err;
  }
  static void TearDownTestSuite() { registry_.reset(); }
  void SetUp() override { ASSERT_TRUE(registry_->Up()) << "docker-registry did not start"; }

  static std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }
  static std::string Name(const std::string& repository) { return registry_->Host() + "/" + repository; }
  static json Scan(const std::string& target, const std::string& flags = "") {
    auto result = RunDrydock("image " + Name(target) + " --db " + db_ + " --base-index " + index_ +
                             " --cache-dir " + TempDirectory() + "/advice-cache -f json -q " + flags);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.exit_code == 0 ? json::parse(result.out) : json::object();
  }
  static Keys KeysOf(const json& report, bool base_only) {
    Keys keys;
    for (const json& f : report["vulnerabilities"]) {
      if (!base_only || f.value("base", false)) keys[{f["id"], f["package_name"]}] = f["severity"];
    }
    return keys;
  }
  static std::map<std::string, std::size_t> Difference(const Keys& from, const Keys& minus) {
    std::map<std::string, std::size_t> out;
    for (const auto& [key, severity] : from) {
      if (!minus.contains(key)) ++out[severity];
    }
    return out;
  }
  static const json* Option(const json& report, const std::string& kind) {
    for (const json& o : report["artifact"]["base_image"]["advice"]) {
      if (o["kind"] == kind) return &o;
    }
    return nullptr;
  }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::string base_old_, base_new_, index_, db_, old_, new_;
};

TEST_F(BaseAdviceTest, TheRightBaseAndTagAndEveryCandidate) {
  json app = Scan("apps/web:1");
  const json& base = app["artifact"]["base_image"];
  EXPECT_EQ(base["name"], Name("bases/debian"));
  EXPECT_EQ(base["tag"], "12.4");  // still current; 12 held the same digest before it moved
  EXPECT_EQ(base["digest"], base_old_);
  EXPECT_EQ(base["source"], "index");
  EXPECT_EQ(base["layers"], 1);
  EXPECT_EQ(base["created"], old_);
  std::set<std::string> tags;
  for (const json& c : base["candidates"]) tags.insert(c["tag"].get<std::string>() + (c["current"] ? "" : " (old)"));
  EXPECT_EQ(tags, (std::set<std::string>{"12.4", "12 (old)"}));
  json rebuilt = Scan("apps/web:2");
  EXPECT_EQ(rebuilt["artifact"]["base_image"]["tag"], "12");
  EXPECT_EQ(rebuilt["artifact"]["base_image"]["digest"], base_new_);
  EXPECT_EQ(rebuilt["artifact"]["base_image"]["layers"], 2);
}

TEST_F(BaseAdviceTest, RefreshAndUpdateCountWhatTheRebuildRemovesCheckedAgainstScansOfTheBases) {
  json app = Scan("apps/web:1", "--base-advice");
  const Keys base_findings = KeysOf(app, true);
  // glibc (libc6, libc-bin), gzip, coreutils, apt (apt, libapt-pkg6.0)
  ASSERT_EQ(base_findings.size(), 6u) << app["vulnerabilities"].dump();
  const json* refresh = Option(app, "refresh");
  ASSERT_NE(refresh, nullptr) << app["artifact"]["base_image"].dump();
  EXPECT_EQ((*refresh)["tag"], "12");
  EXPECT_EQ((*refresh)["digest"], base_new_);
  const Keys rebuilt_base = KeysOf(Scan("bases/debian:12"), false);
  const auto removed = Difference(base_findings, rebuilt_base);
  EXPECT_EQ(removed, (std::map<std::string, std::size_t>{{"HIGH", 2}, {"MEDIUM", 1}}));  // glibc x2, gzip
  EXPECT_EQ((*refresh)["removed"]["by_severity"], json(removed));
  EXPECT_EQ((*refresh)["removed"]["total"], 3);
  EXPECT_EQ((*refresh)["added"]["total"], Difference(rebuilt_base, base_findings).size());
  EXPECT_EQ((*refresh)["findings"]["total"], rebuilt_base.size());
  EXPECT_EQ((*refresh)["os"], "debian 12");
  EXPECT_EQ((*refresh)["end_of_life_date"], "2028-06-30");  // Debian 12 LTS (src/match/end_of_life.cc)
  EXPECT_EQ((*refresh)["end_of_life"], Trim(Shell("date -u +%F")) >= "2028-06-30");
  EXPECT_FALSE((*refresh)["size_delta_bytes"].is_null());

  const json* update = Option(app, "update");
  ASSERT_NE(update, nullptr);
  EXPECT_EQ((*update)["tag"], "12.5");
  const Keys newer = KeysOf(Scan("bases/debian:12.5"), false);
  EXPECT_EQ((*update)["removed"]["by_severity"], json(Difference(base_findings, newer)));
  EXPECT_EQ((*update)["removed"]["total"], 1);  // gzip only
  EXPECT_EQ(app["artifact"]["base_image"]["advice"].size(), 2u);

  // The table splits the findings and prints the advice.
  auto table = RunDrydock("image " + Name("apps/web:1") + " --db " + db_ + " --base-index " + index_ +
                          " --base-advice --cache-dir " + TempDirectory() + "/advice-cache -q");
  EXPECT_NE(table.out.find("From the base image " + Name("bases/debian") + ":12.4: Total: 6"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("From your layers: Total: 3"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("refresh  " + Name("bases/debian") + ":12"), std::string::npos) << table.out;
  auto html = RunDrydock("image " + Name("apps/web:1") + " --db " + db_ + " --base-index " + index_ +
                         " --base-advice --cache-dir " + TempDirectory() + "/advice-cache -q -f html");
  EXPECT_NE(html.out.find("<tr><td>From the base image</td><td>6 (HIGH: 2, MEDIUM: 3, LOW: 1)</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.out.find("<tr><td>From your layers</td><td>3 (HIGH: 2, MEDIUM: 1)</td></tr>"), std::string::npos);
  EXPECT_NE(html.out.find("<tr><td>refresh</td><td class=\"mono\">" + Name("bases/debian") +
                          ":12</td><td>3 (HIGH: 2, MEDIUM: 1)</td>"),
            std::string::npos);
}

TEST_F(BaseAdviceTest, ExcludeBaseKeepsExactlyTheAppLayerFindings) {
  json all = Scan("apps/web:1");
  json app_only = Scan("apps/web:1", "--exclude-base");
  json expected = json::array();
  std::size_t base_count = 0;
  for (const json& f : all["vulnerabilities"]) {
    if (f.value("base", false)) {
      ++base_count;
      EXPECT_TRUE(f["package_id"].get<std::string>().starts_with("deb:")) << f["package_id"];
    } else {
      expected.push_back(f);
      EXPECT_EQ(f["package_name"], "lodash");
    }
  }
  EXPECT_EQ(base_count, 6u);
  EXPECT_EQ(expected.size(), 3u);  // GHSA-p6mc-m468-83gw, GHSA-29mw-wpgm-hmr9, GHSA-35jh-r3h4-6jhm
  EXPECT_EQ(app_only["vulnerabilities"], expected);
}

TEST_F(BaseAdviceTest, ProvenanceNamesTheBaseBeforeTheIndex) {
  json app = Scan("apps/prov:1");
  const json& base = app["artifact"]["base_image"];
  EXPECT_EQ(base["source"], "provenance");
  EXPECT_EQ(base["name"], Name("bases/debian"));
  EXPECT_EQ(base["tag"], "12.4");
  EXPECT_EQ(base["digest"], base_old_);
  EXPECT_EQ(base["layers"], 1);  // from the index, which knows that digest
  for (const json& f : app["vulnerabilities"]) EXPECT_EQ(f.value("base", false), f["package_name"] != "lodash");
}

// A provenance statement signed with a cosign key (legacy .att tag, DSSE over the statement, openssl) names the
// base: with that key trusted it decides ("signed-provenance", saying who signed); with another key it is
// rejected and layer matching decides; without trust it is not read at all.
TEST_F(BaseAdviceTest, SignedProvenanceDecidesBeforeLayerMatchingAndSaysWhy) {
  const std::string keys = TempDirectory() + "/advice-keys", attach = "python3 " + std::string(DRYDOCK_SOURCE_DIR) +
                                                                   "/tests/sigstore/attach.py ";
  Shell("mkdir -p " + keys + " && cd " + keys +
        " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out builder.pem 2>/dev/null"
        " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out other.pem 2>/dev/null"
        " && for k in builder other; do openssl pkey -in $k.pem -pubout -out $k.pub; done");
  const std::string digest = "sha256:" + Trim(Shell("skopeo inspect --tls-verify=false --raw docker://" +
                                                    Name("apps/web:1") + " | sha256sum | cut -c1-64"));
  const json statement = {
      {"_type", "https://in-toto.io/Statement/v1"},
      {"subject", {{{"name", Name("apps/web")}, {"digest", {{"sha256", digest.substr(7)}}}}}},
      {"predicateType", "https://slsa.dev/provenance/v1"},
      {"predicate",
       {{"buildDefinition",
         {{"buildType", "https://mobyproject.org/buildkit@v1"},
          {"resolvedDependencies",
           {{{"uri", "pkg:docker/" + Name("bases/debian") + "@12.4?platform=linux%2Famd64"},
             {"digest", {{"sha256", base_old_.substr(7)}}}}}}}},
        {"runDetails", {{"builder", {{"id", "https://github.com/acme/ci"}}}}}}}};
  Shell("echo '" + statement.dump() + "' > " + keys + "/provenance.json");
  Shell(attach + "att " + registry_->Host() + " apps/web " + digest + " " + keys + "/builder.pem " + keys +
        "/provenance.json");
  // The image itself is signed by both keys, so each scan below passes the signature check.
  Shell(attach + "sig " + registry_->Host() + " apps/web " + digest + " " + keys + "/builder.pem " + keys + "/other.pem");

  json trusted = Scan("apps/web:1", "--verify-key " + keys + "/builder.pub");
  const json& base = trusted["artifact"]["base_image"];
  EXPECT_EQ(base["source"], "signed-provenance") << base.dump();
  EXPECT_EQ(base["name"], Name("bases/debian"));
  EXPECT_EQ(base["tag"], "12.4");
  EXPECT_EQ(base["digest"], base_old_);
  EXPECT_EQ(base["layers"], 1);  // from the index entry of the attested digest
  EXPECT_NE(base["reason"].get<std::string>().find("signed by"), std::string::npos) << base.dump();
  bool listed = false;
  for (const json& a : trusted["attestations"]) {
    listed = listed || a["detail"].get<std::string>().starts_with("read to identify the base image");
  }
  EXPECT_TRUE(listed) << trusted["attestations"].dump();
  for (const json& f : trusted["vulnerabilities"]) EXPECT_EQ(f.value("base", false), f["package_name"] != "lodash");

  json other = Scan("apps/web:1", "--verify-key " + keys + "/other.pub");
  EXPECT_EQ(other["artifact"]["base_image"]["source"], "index") << other["artifact"]["base_image"].dump();
  EXPECT_NE(other["artifact"]["base_image"]["reason"].get<std::string>().find("first 1 of 2 layers"), std::string::npos);
  json untrusted = Scan("apps/web:1");
  EXPECT_EQ(untrusted["artifact"]["base_image"]["source"], "index");
}

TEST_F(BaseAdviceTest, PolicyMatchesTheIdentifiedBaseAndItsAge) {
  const std::string policy = TempDirectory() + "/advice-policy.yaml";
  Shell("printf 'rules:\\n"
        "  - {id: OURS, severity: HIGH, message: m, allowed_base_images: [\"" + Name("bases/debian") + ":12*\"]}\\n"
        "  - {id: HUB, severity: HIGH, message: m, allowed_base_images: [\"docker.io/library/debian:12*\"]}\\n"
        "  - {id: MIXED, severity: HIGH, message: m, allowed_base_images: [\"debian >= 12\", \"" +
        Name("bases/*") + "\"]}\\n"
        "  - {id: AGE, severity: HIGH, message: m, max_base_age: 30d}\\n' > " + policy);
  auto verdict = [&](const std::string& image) {
    std::map<std::string, bool> passed;
    json report = Scan(image, "--policy " + policy);
    EXPECT_TRUE(report.contains("policy")) << Shell("cat " + policy) << report["errors"].dump();
    for (const json& r : report["policy"]["rules"]) {
      passed[r["id"]] = r["passed"];
    }
    return passed;
  };
  EXPECT_EQ(verdict("apps/web:1"),
            (std::map<std::string, bool>{{"OURS", true}, {"HUB", false}, {"MIXED", true}, {"AGE", false}}));
  EXPECT_EQ(verdict("apps/web:2"),  // on the rebuilt base, 5 days old
            (std::map<std::string, bool>{{"OURS", true}, {"HUB", false}, {"MIXED", true}, {"AGE", true}}));
}

}  // namespace
}  // namespace drydock::e2e
