// The DB's distribution end to end, with the real CLI: db build --fetch from copies of the feeds' published
// layouts on a loopback HTTP server (tests/tools/update_server.py), a partial build and the scan that warns
// about it, db update with no mirror, and db publish / db update --repository through Debian's docker-registry.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"
#include "registry_fixture.h"
#include "update/test_server.h"

namespace drydock::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class DbDistributionTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    layout_ = TempDirectory() + "/layout";
    Shell("python3 " + std::string(DRYDOCK_SOURCE_DIR) + "/tests/tools/make_feed_mirror.py " +
          std::string(DRYDOCK_TESTDATA) + " " + layout_);
  }
  void SetUp() override {
    dir_ = TempDirectory() + "/" + testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
  }
  std::string Urls(const TestServer& server) const {
    return " --source-url osv=" + server.Url("osv") + " --source-url alpine=" + server.Url("alpine") +
           " --feed-cache " + dir_ + "/cache";
  }

  static inline std::string layout_;
  std::string dir_;
};

TEST_F(DbDistributionTest, FailingSourceFailsTheBuildUnlessPartialThenTheScanWarns) {
  TestServer server(layout_, dir_ + "/requests.log", {"--fail", "/alpine/v3.11/"});
  const std::string build = "db build --fetch --sources alpine,osv:Go" + Urls(server) + " -o " + dir_ + "/db";
  auto strict = RunDrydock(build);
  EXPECT_EQ(strict.exit_code, 3) << strict.err;
  EXPECT_NE(strict.err.find("drydock: alpine: 4 files (4 downloaded, 0 unchanged"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("drydock: osv: 1 files (1 downloaded"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("missing alpine/v3.11/index: "), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("was not written (--allow-partial"), std::string::npos) << strict.err;
  EXPECT_FALSE(fs::exists(dir_ + "/db"));

  auto partial = RunDrydock(build + " --allow-partial");
  ASSERT_EQ(partial.exit_code, 0) << partial.err;
  // What the failed build fetched was kept: nothing changed upstream, so nothing is transferred again.
  EXPECT_NE(partial.err.find("drydock: alpine: 4 files (0 downloaded, 4 unchanged, 0 B)"), std::string::npos)
      << partial.err;
  EXPECT_NE(partial.err.find("(partial: 1 missing)"), std::string::npos) << partial.err;
  auto info = RunDrydock("db info --db " + dir_ + "/db");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("missing:\n  alpine/v3.11/index"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("covers Alpine:v3.11: "), std::string::npos) << info.out;

  auto scan = RunDrydock("image " + TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-311.tar.gz") +
                         " --db " + dir_ + "/db -f json -q --no-cache");
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  bool warned = false;
  const json report = json::parse(scan.out);
  for (const json& error : report["errors"]) {
    const std::string message = error.value("message", "");
    warned = warned || (message.find("built without alpine/v3.11/index") != std::string::npos &&
                        message.find("Alpine:v3.11 packages could not be judged") != std::string::npos);
  }
  EXPECT_TRUE(warned) << scan.out;
}

TEST_F(DbDistributionTest, UpdateWithNoMirrorBuildsFromTheFeeds) {
  TestServer server(layout_, dir_ + "/requests.log");
  auto update = RunDrydock("db update --db " + dir_ + "/drydock.db --sources osv:Go,alpine:v3.12" + Urls(server));
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_NE(update.err.find("no mirror or repository configured: building"), std::string::npos) << update.err;
  auto info = RunDrydock("db info --db " + dir_ + "/drydock.db");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("from " + server.Url("osv") + "/Go/all.zip"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("alpine-secdb"), std::string::npos) << info.out;
  EXPECT_EQ(info.out.find("missing:"), std::string::npos) << info.out;
}

TEST_F(DbDistributionTest, PublishAndPullRoundTripCheckingDigestAndSignature) {
  Registry registry("dbpublish");
  ASSERT_TRUE(registry.Up()) << "docker-registry did not start";
  const std::string db = dir_ + "/published.db";
  auto built = RunDrydock("db build --secdb " + TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " -o " + db);
  ASSERT_EQ(built.exit_code, 0) << built.err;
  Shell("cd " + dir_ + " && openssl genpkey -algorithm ed25519 -out key.pem && openssl pkey -in key.pem -pubout "
        "-out pub.pem && openssl genpkey -algorithm ed25519 -out other.pem && openssl pkey -in other.pem -pubout "
        "-out other-pub.pem");
  const std::string ref = registry.Host() + "/drydock/db:1";
  auto published = RunDrydock("db publish " + ref + " --db " + db + " --key " + dir_ + "/key.pem");
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_NE(published.err.find(", signed)"), std::string::npos) << published.err;
  EXPECT_NE(published.out.find(registry.Host() + "/drydock/db@sha256:"), std::string::npos) << published.out;

  const std::string target = dir_ + "/cache/drydock.db";
  const std::string pull = "db update --repository " + ref + " --db " + target + " --public-key ";
  auto first = RunDrydock(pull + dir_ + "/pub.pem");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("drydock: updated "), std::string::npos) << first.err;
  EXPECT_EQ(Slurp(target), Slurp(db));  // the very DB that was published
  auto second = RunDrydock(pull + dir_ + "/pub.pem");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("drydock: up to date "), std::string::npos) << second.err;

  auto wrong_key = RunDrydock(pull + dir_ + "/other-pub.pem");
  EXPECT_EQ(wrong_key.exit_code, 3);
  EXPECT_NE(wrong_key.err.find("signature does not verify"), std::string::npos) << wrong_key.err;
  auto unsigned_publish = RunDrydock("db publish " + registry.Host() + "/drydock/db:unsigned --db " + db);
  ASSERT_EQ(unsigned_publish.exit_code, 0) << unsigned_publish.err;
  auto unsigned_pull = RunDrydock("db update --repository " + registry.Host() + "/drydock/db:unsigned --db " + target +
                                  " --public-key " + dir_ + "/pub.pem");
  EXPECT_EQ(unsigned_pull.exit_code, 3);
  EXPECT_NE(unsigned_pull.err.find("a signature is required"), std::string::npos) << unsigned_pull.err;

  // A blob changed in the registry's storage (same length) is refused, and the installed DB stays.
  const std::size_t at = published.err.find("layer sha256:");
  ASSERT_NE(at, std::string::npos);
  const std::string digest = published.err.substr(at + 6, 71);
  std::fstream blob(registry.BlobFile(digest), std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(blob.good()) << registry.BlobFile(digest);
  blob.seekp(100);
  blob.put('\x5a');
  blob.close();
  fs::remove(dir_ + "/cache/drydock.db.update.json");  // forget that this digest is installed
  const std::string before = Slurp(target);
  auto tampered = RunDrydock(pull + dir_ + "/pub.pem");
  EXPECT_EQ(tampered.exit_code, 3);
  EXPECT_NE(tampered.err.find("the downloaded bytes hash to sha256:"), std::string::npos) << tampered.err;
  EXPECT_EQ(Slurp(target), before);
  EXPECT_FALSE(fs::exists(target + ".zst.part"));
}

TEST_F(DbDistributionTest, PullOfSomethingElseIsRefused) {
  Registry registry("notadb");
  ASSERT_TRUE(registry.Up()) << "docker-registry did not start";
  registry.Push("1");  // the Debian app image: an image, not a DB artifact
  auto pulled = RunDrydock("db update --repository " + registry.Reference("1") + " --db " + dir_ + "/x.db");
  EXPECT_EQ(pulled.exit_code, 3);
  EXPECT_NE(pulled.err.find("not a drydock DB artifact"), std::string::npos) << pulled.err;
  EXPECT_FALSE(fs::exists(dir_ + "/x.db"));
}

}  // namespace
}  // namespace drydock::e2e
