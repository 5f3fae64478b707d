// Base-image identification end to end: bases pushed into Debian's real docker-registry under versioned tags,
// indexed with `drydock base index add` (manifests and configs only), then the Debian app image scanned
// against the index. debian12-app's layer 1 is byte-identical to debian12-minbase's only layer
// (../shared/testdata/images/NOTES.txt), so minbase is its base.
#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.h"
#include "registry_fixture.h"
#include "report_fixtures.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

const std::string kMinbaseDiffId = "sha256:318a5278c65e9804af9b57f2ac42fd5d27c477efaf7fa50feb0e7d9ee0a56561";
const std::string kAppDiffIds[] = {kMinbaseDiffId,
                                   "sha256:ff284aad0b017df78f44aae33f83f9a1e902ce6c12234207059137af582edbaf",
                                   "sha256:23ec6f4abe3d13c5a0f3c85391e32023d1bd21fdf7d2b5dfb0421f9cf714ea37",
                                   "sha256:91b004b6b2d96954dcbaa7a27d50d93849a0c32a0437c9567ff7962ca1be7d95"};

std::string MinbaseSource() {
  static const std::string tar = [] {
    std::string path = TempDirectory() + "/debian12-minbase.tar";
    Shell("zcat " + TestData("images/debian12-minbase.docker.tar.gz") + " > " + path);
    return path;
  }();
  return "docker-archive:" + tar;
}

std::string AppImage() { return "oci:" + TestData("images/debian12-app.oci.tar") + ":latest"; }

class BaseImageTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = std::make_unique<Registry>("bases");
    ASSERT_TRUE(registry_->Up());
    // Two tags on the same minbase layers (the ambiguous case), and the app as a base of its own.
    registry_->Push("12.1", "", MinbaseSource(), "bases/debian");
    registry_->Push("12", "", MinbaseSource(), "bases/debian");
    registry_->Push("1.0", "", DebianAppSource(), "bases/appbase");
    registry_->Push("1", "", DebianAppSource(), "apps/web");
  }
  static void TearDownTestSuite() { registry_.reset(); }

  static std::string Index(const std::string& name) { return TempDirectory() + "/" + name + ".db"; }
  static void Add(const std::string& index, const std::string& repository, const std::string& tags) {
    auto added = RunDrydock("base index add " + registry_->Host() + "/" + repository + " --tags '" + tags +
                            "' --index " + index);
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  static json Scan(const std::string& target, const std::string& flags) {
    auto result = RunDrydock("image " + target + " " + flags + " --cache-dir " + TempDirectory() + "/cache -f json -q");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.exit_code == 0 ? json::parse(result.out) : json::object();
  }
  static std::string Name(const std::string& repository) { return registry_->Host() + "/" + repository; }

  static std::unique_ptr<Registry> registry_;
};
std::unique_ptr<Registry> BaseImageTest::registry_;

TEST_F(BaseImageTest, SharedLayersListEveryTagAndOnlyMinbasePackagesAreMarkedBase) {
  const std::string index = Index("ambiguous");
  Add(index, "bases/debian", "12.*");
  json report = Scan(registry_->Reference("1", "apps/web"), "--skip-db --base-index " + index);
  const json& base = report["artifact"]["base_image"];
  ASSERT_TRUE(base.is_object()) << report["artifact"].dump();
  EXPECT_EQ(base["name"], Name("bases/debian"));
  EXPECT_EQ(base["source"], "index");
  EXPECT_EQ(base["layers"], 1);
  std::set<std::string> tags;
  for (const json& c : base["candidates"]) tags.insert(c["tag"].get<std::string>());
  EXPECT_EQ(tags, (std::set<std::string>{"12", "12.1"}));
  // Every package marked base sits in the minbase layer, and all 88 of minbase's dpkg packages are marked.
  std::size_t base_debs = 0;
  for (const json& p : report["packages"]) {
    const bool marked = p.value("base", false);
    EXPECT_EQ(marked, p["layer_diff_id"] == kMinbaseDiffId) << p["id"];
    if (marked && p["ecosystem"] == "deb") ++base_debs;
    if (p["ecosystem"] == "npm" || p["ecosystem"] == "pypi" || p["ecosystem"] == "golang") {
      EXPECT_FALSE(marked) << p["id"];
    }
  }
  EXPECT_EQ(base_debs, 88u);  // debian12-minbase.dpkg-query.txt
}

TEST_F(BaseImageTest, TheLongestIndexedPrefixWinsAndTheRightTagIsNamed) {
  const std::string index = Index("longest");
  Add(index, "bases/debian", "12\\.1");
  Add(index, "bases/appbase", ".*");
  json app = Scan(AppImage(), "--skip-db --base-index " + index);
  EXPECT_EQ(app["artifact"]["base_image"]["name"], Name("bases/appbase"));
  EXPECT_EQ(app["artifact"]["base_image"]["tag"], "1.0");
  EXPECT_EQ(app["artifact"]["base_image"]["layers"], 4);
  json minbase = Scan(MinbaseSource().substr(15), "--skip-db --base-index " + index);
  EXPECT_EQ(minbase["artifact"]["base_image"]["name"], Name("bases/debian"));
  EXPECT_EQ(minbase["artifact"]["base_image"]["tag"], "12.1");
  EXPECT_EQ(minbase["artifact"]["base_image"]["candidates"].size(), 1u);
}

TEST_F(BaseImageTest, UpdateKeepsTheDigestATagHadBefore) {
  const std::string index = Index("moving");
  registry_->Push("stable", "", MinbaseSource(), "bases/moving");
  Add(index, "bases/moving", "stable");
  registry_->Push("stable", "", DebianAppSource(), "bases/moving");  // the tag moves upstream
  auto updated = RunDrydock("base index update --index " + index);
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_NE(updated.out.find("holds 2 entries"), std::string::npos) << updated.out;
  json old_based = Scan(AppImage(), "--skip-db --base-index " + index);
  // The app itself now is what `stable` points to; minbase stays known as stable's earlier digest.
  EXPECT_EQ(old_based["artifact"]["base_image"]["layers"], 4);
  json minbase = Scan(MinbaseSource().substr(15), "--skip-db --base-index " + index);
  ASSERT_EQ(minbase["artifact"]["base_image"]["candidates"].size(), 1u);
  EXPECT_EQ(minbase["artifact"]["base_image"]["candidates"][0]["current"], false);
  EXPECT_EQ(minbase["artifact"]["base_image"]["tag"], "stable");
}

TEST_F(BaseImageTest, ExcludeBaseKeepsExactlyTheAppLayerFindings) {
  const std::string index = Index("exclude");
  Add(index, "bases/debian", "12");
  json all = Scan(AppImage(), "--db " + AppDb() + " --base-index " + index);
  json app_only = Scan(AppImage(), "--db " + AppDb() + " --base-index " + index + " --exclude-base");
  json expected = json::array();
  std::size_t base_findings = 0, app_language_findings = 0;
  for (const json& f : all["vulnerabilities"]) {
    const bool in_base = f["layer_diff_id"] == kMinbaseDiffId;
    EXPECT_EQ(f.value("base", false), in_base) << f["id"];
    if (in_base) {
      ++base_findings;
    } else {
      expected.push_back(f);
      if (f["match"]["ecosystem"] != "" && !f["package_id"].get<std::string>().starts_with("deb:")) ++app_language_findings;
    }
  }
  EXPECT_GT(app_language_findings, 0u);  // npm/PyPI/Go/Maven findings in layer 3, none marked base
  EXPECT_EQ(app_only["vulnerabilities"], expected);
  EXPECT_EQ(all["vulnerabilities"].size(), expected.size() + base_findings);
  std::cout << "findings: " << all["vulnerabilities"].size() << ", from the base: " << base_findings << "\n";
}

TEST_F(BaseImageTest, ABrokenIndexIsAReportedErrorNotACrash) {
  const std::string index = TempDirectory() + "/garbage.db";
  Shell("head -c 8192 /dev/urandom > " + index);
  auto result = RunDrydock("image " + AppImage() + " --skip-db -q -f json --no-cache --base-index " + index);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  bool said = false;
  for (const json& e : report["errors"]) said = said || e["stage"] == "base_image";
  EXPECT_TRUE(said) << report["errors"].dump();
  auto bad_regex = RunDrydock("base index add " + Name("bases/debian") + " --tags '(' --index " + Index("bad"));
  EXPECT_EQ(bad_regex.exit_code, 3);
  EXPECT_NE(bad_regex.err.find("--tags"), std::string::npos) << bad_regex.err;
}

}  // namespace
}  // namespace drydock::e2e
