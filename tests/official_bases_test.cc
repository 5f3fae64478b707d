// `drydock base index add-official --from` against Debian's real docker-registry on loopback: only
// library/debian is served there (minbase pushed as 12, and as a tag the table's regex must skip), so every
// other table entry fails by name while debian is still indexed, and the Debian app image (whose first layer is
// minbase's, ../shared/testdata/images/NOTES.txt) is then identified as built on debian:12.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.h"
#include "registry_fixture.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

class OfficialBasesTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = std::make_unique<Registry>("official");
    if (!registry_->Up()) return;
    const std::string tar = TempDirectory() + "/official-minbase.tar";
    Shell("zcat " + TestData("images/debian12-minbase.docker.tar.gz") + " > " + tar);
    registry_->Push("12", "", "docker-archive:" + tar, "library/debian");
    registry_->Push("experimental", "", "docker-archive:" + tar, "library/debian");
    index_ = TempDirectory() + "/official.db";
    added_ = RunDrydock("base index add-official --from " + registry_->Host() + " --insecure --index " + index_);
  }
  static void TearDownTestSuite() { registry_.reset(); }
  void SetUp() override { ASSERT_TRUE(registry_->Up()) << "docker-registry did not start"; }

  static std::string Name(const std::string& repository) { return registry_->Host() + "/" + repository; }
  static json Scan(const std::string& target) {
    auto result = RunDrydock("image " + target + " --skip-db --base-index " + index_ + " --cache-dir " +
                             TempDirectory() + "/official-cache -f json -q");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.exit_code == 0 ? json::parse(result.out) : json::object();
  }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::string index_;
  static inline CommandResult added_;
};

TEST_F(OfficialBasesTest, MissingRepositoriesFailByNameAndDebianIsStillIndexed) {
  EXPECT_NE(added_.exit_code, 0) << added_.out;
  EXPECT_NE(added_.out.find(Name("library/debian") + ": 1 tags, 1 images recorded"), std::string::npos)
      << added_.out << added_.err;
  EXPECT_NE(added_.out.find(index_ + " now holds 1 entries"), std::string::npos) << added_.out;
  for (const char* missing : {"library/ubuntu", "library/alpine", "ubi9/ubi", "distroless/static-debian12",
                              "library/node", "library/python", "library/golang"}) {
    EXPECT_NE(added_.err.find("drydock: " + Name(missing) + ": "), std::string::npos) << missing << "\n" << added_.err;
  }
  EXPECT_NE(added_.err.find("repositories failed: " + Name("library/ubuntu")), std::string::npos) << added_.err;
  EXPECT_EQ(added_.err.find(Name("library/debian")), std::string::npos) << added_.err;
}

TEST_F(OfficialBasesTest, TheAppIsBuiltOnDebian12AndTheUnmatchedTagIsNotACandidate) {
  json report = Scan("oci:" + TestData("images/debian12-app.oci.tar") + ":latest");
  const json& base = report["artifact"]["base_image"];
  ASSERT_TRUE(base.is_object()) << report["artifact"].dump();
  EXPECT_EQ(base["name"], Name("library/debian"));
  EXPECT_EQ(base["tag"], "12");
  EXPECT_EQ(base["source"], "index");
  EXPECT_EQ(base["layers"], 1);
  // experimental holds the very same digest: had the regex let it through it would be a candidate too.
  std::set<std::string> tags;
  for (const json& c : base["candidates"]) tags.insert(c["tag"].get<std::string>());
  EXPECT_EQ(tags, std::set<std::string>{"12"});
}

TEST_F(OfficialBasesTest, AFromThatIsNotAHostIsRefusedBeforeAnyRequest) {
  auto refused = RunDrydock("base index add-official --from https://" + registry_->Host() + " --index " +
                            TempDirectory() + "/refused.db");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("without a scheme"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.out, "");
}

}  // namespace
}  // namespace drydock::e2e
