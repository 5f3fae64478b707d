// db update against a real HTTP server on 127.0.0.1 (tests/tools/update_server.py), started and stopped here,
// serving an artifact that `WriteDbArtifact` made from a DB built from the real Alpine secdb.
#include "update/update.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/file.h"
#include "source/registry/transfer.h"
#include "update/artifact.h"
#include "update/test_server.h"
#include "update/install.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Spit(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

int Sh(const std::string& command) { return std::system(command.c_str()); }

class UpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / fmt::format("drydock-update-{}-{}", ::getpid(),
                                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "mirror");
    fs::create_directories(root_ / "cache");
    std::string secdb = std::string(DRYDOCK_TESTDATA) + "/alpinelinux+alpine-secdb/v3.10/main.yaml";
    auto feed = ReadSecdbFeed(secdb);
    ASSERT_TRUE(feed) << feed.error().message;
    std::vector<FeedData> feeds;
    feeds.push_back(std::move(*feed));
    ASSERT_TRUE(BuildDb(feeds, (root_ / "mirror/drydock.db").string()));
    auto artifact = WriteDbArtifact((root_ / "mirror/drydock.db").string());
    ASSERT_TRUE(artifact) << artifact.error().message;
    fs::remove(root_ / "mirror/drydock.db");  // the mirror holds only what is published
    target_ = (root_ / "cache/drydock.db").string();
    log_ = root_ / "requests.log";
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string Log() const { return Slurp(log_); }
  UpdateOptions Options(std::vector<std::string> mirrors) const {
    return UpdateOptions{.target = target_, .mirrors = std::move(mirrors)};
  }
  // A real DB the test can put in place as "the previous one" (built from another feed than the mirror's).
  void InstallOldDb() {
    auto feed = ReadSecdbFeed(std::string(DRYDOCK_TESTDATA) + "/alpinelinux+alpine-secdb/v3.11/main.yaml");
    ASSERT_TRUE(feed);
    std::vector<FeedData> feeds;
    feeds.push_back(std::move(*feed));
    ASSERT_TRUE(BuildDb(feeds, target_));
    old_db_ = Slurp(target_);
  }

  fs::path root_, log_;
  std::string target_, old_db_;
};

TEST_F(UpdateTest, ArtifactDigestChecksWithSha256sum) {
  EXPECT_EQ(Sh("cd " + (root_ / "mirror").string() + " && sha256sum --quiet -c drydock.db.zst.sha256"), 0);
  EXPECT_EQ(Sh("zstd -q -t " + (root_ / "mirror/drydock.db.zst").string()), 0);
}

TEST_F(UpdateTest, FirstMirror404ThenSecondWinsThenNotModified) {
  TestServer server(root_ / "mirror", log_);
  auto options = Options({server.Url("missing/drydock.db.zst"), server.Url("")});
  auto first = UpdateDb(options);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->updated);
  ASSERT_EQ(first->skipped.size(), 1u);
  EXPECT_NE(first->skipped[0].find("HTTP 404"), std::string::npos) << first->skipped[0];
  auto db = VulnDb::Open(target_);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_TRUE((*db)->CoversEcosystem("Alpine:v3.10"));
  EXPECT_EQ(first->sha256, ParseDigestFile(Slurp(root_ / "mirror/drydock.db.zst.sha256")).value());

  fs::remove(log_);
  auto second = UpdateDb(options);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_FALSE(second->updated);
  std::string log = Log();
  EXPECT_NE(log.find("GET /drydock.db.zst.sha256 304"), std::string::npos) << log;
  EXPECT_EQ(log.find("GET /drydock.db.zst "), std::string::npos) << "the artifact was fetched again:\n" << log;
}

TEST_F(UpdateTest, ConnectionDroppedMidFileIsResumedWithRange) {
  InstallOldDb();
  TestServer server(root_ / "mirror", log_, {"--drop-after", "4096"});
  auto result = UpdateDb(Options({server.Url("drydock.db.zst")}));
  ASSERT_TRUE(result) << result.error().message << "\n" << Log();
  EXPECT_TRUE(result->updated);
  std::string log = Log();
  EXPECT_NE(log.find("GET /drydock.db.zst 200 range=-"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /drydock.db.zst 206 range=bytes=4096-"), std::string::npos) << log;
  auto db = VulnDb::Open(target_);
  ASSERT_TRUE(db);
  EXPECT_TRUE((*db)->CoversEcosystem("Alpine:v3.10"));
  EXPECT_FALSE(fs::exists(target_ + ".zst.part"));
}

// Issue 18: a server sending 1 byte a second held a transfer forever (the floor was 1 B/s). Now under 1 KiB/s
// for the low-speed window ends it; the window is shortened here so the test takes seconds, not 30.
TEST_F(UpdateTest, TricklingServerIsCutOff) {
  TestServer server(root_ / "mirror", log_, {"--rate", "1"});
  const auto start = std::chrono::steady_clock::now();
  auto t = Transfer::Start(HttpGet{.url = server.Url("drydock.db.zst")}, TransferOptions{.low_speed_seconds = 2});
  Result<std::string> body = t ? (*t)->ReadAll(kMaxCompressedDbBytes) : std::unexpected(t.error());
  ASSERT_FALSE(body.has_value());
  EXPECT_NE(body.error().message.find("too slow"), std::string::npos) << body.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // The overall deadline holds whatever the speed.
  auto capped = Transfer::Start(HttpGet{.url = server.Url("drydock.db.zst")},
                                TransferOptions{.low_speed_bytes_per_second = 0, .max_seconds = 2});
  Result<std::string> partial = capped ? (*capped)->ReadAll(kMaxCompressedDbBytes) : std::unexpected(capped.error());
  ASSERT_FALSE(partial.has_value());
  EXPECT_NE(partial.error().message.find("timed out"), std::string::npos) << partial.error().message;
}

TEST_F(UpdateTest, WrongDigestLeavesThePreviousDb) {
  InstallOldDb();
  Spit(root_ / "mirror/drydock.db.zst.sha256", std::string(64, 'a') + "  drydock.db.zst\n");
  TestServer server(root_ / "mirror", log_);
  auto result = UpdateDb(Options({server.Url("drydock.db.zst")}));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("digest file says"), std::string::npos) << result.error().message;
  EXPECT_EQ(Slurp(target_), old_db_);
  EXPECT_FALSE(fs::exists(target_ + ".zst.part"));
}

TEST_F(UpdateTest, SignatureIsRequiredAndChecked) {
  fs::path key = root_ / "key.pem", pub = root_ / "pub.pem", mirror = root_ / "mirror";
  ASSERT_EQ(Sh(fmt::format("openssl genpkey -algorithm ed25519 -out {} && openssl pkey -in {} -pubout -out {}",
                           key.string(), key.string(), pub.string())), 0);
  InstallOldDb();
  TestServer server(mirror, log_);
  UpdateOptions options = Options({server.Url("drydock.db.zst")});
  options.public_key_pem = Slurp(pub);

  auto unsigned_result = UpdateDb(options);  // no .sig published
  ASSERT_FALSE(unsigned_result);
  EXPECT_NE(unsigned_result.error().message.find("signature is required"), std::string::npos);

  // Signed by another key: a bad signature.
  fs::path other = root_ / "other.pem";
  ASSERT_EQ(Sh(fmt::format("openssl genpkey -algorithm ed25519 -out {} && openssl pkeyutl -sign -rawin -inkey {} "
                           "-in {}/drydock.db.zst.sha256 -out {}/drydock.db.zst.sha256.sig",
                           other.string(), other.string(), mirror.string(), mirror.string())), 0);
  auto bad = UpdateDb(options);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("signature does not verify"), std::string::npos) << bad.error().message;
  EXPECT_EQ(Slurp(target_), old_db_);

  ASSERT_EQ(Sh(fmt::format("openssl pkeyutl -sign -rawin -inkey {} -in {}/drydock.db.zst.sha256 "
                           "-out {}/drydock.db.zst.sha256.sig", key.string(), mirror.string(), mirror.string())), 0);
  auto good = UpdateDb(options);
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_TRUE(good->updated);
}

TEST_F(UpdateTest, OfflineUsesOnlyLocalMirrors) {
  UpdateOptions options = Options({"http://127.0.0.1:9/drydock.db.zst", (root_ / "mirror").string()});
  options.offline = true;
  auto result = UpdateDb(options);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->updated);
  ASSERT_EQ(result->skipped.size(), 1u);
  EXPECT_NE(result->skipped[0].find("--offline"), std::string::npos);
  auto again = UpdateDb(Options({"file://" + (root_ / "mirror/drydock.db.zst").string()}));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(again->updated);
}

TEST_F(UpdateTest, ArtifactThatIsNotADbIsNotInstalled) {
  InstallOldDb();
  fs::path mirror = root_ / "mirror";
  Spit(mirror / "junk", std::string(100000, 'x'));
  ASSERT_EQ(Sh(fmt::format("zstd -q -f {}/junk -o {}/drydock.db.zst && cd {} && sha256sum drydock.db.zst > "
                           "drydock.db.zst.sha256", mirror.string(), mirror.string(), mirror.string())), 0);
  auto result = UpdateDb(Options({mirror.string()}));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("does not open"), std::string::npos) << result.error().message;
  EXPECT_EQ(Slurp(target_), old_db_);
  for (const auto& entry : fs::directory_iterator(root_ / "cache")) {
    EXPECT_EQ(entry.path().filename().string().find(".new."), std::string::npos) << entry.path();
  }
}

TEST_F(UpdateTest, TruncatedArtifactIsRejected) {
  InstallOldDb();
  fs::path zst = root_ / "mirror/drydock.db.zst";
  std::string bytes = Slurp(zst);
  Spit(root_ / "cut.zst", bytes.substr(0, bytes.size() / 2));
  EXPECT_FALSE(InstallCompressedDb((root_ / "cut.zst").string(), target_));
  EXPECT_EQ(Slurp(target_), old_db_);
}

// kill -9 of `db update` at several moments (mid-download, after it, around the install) never leaves a DB
// that does not open: the target is always either the previous DB or the new one, whole. A later update resumes.
TEST_F(UpdateTest, KillNineAtAnyMomentLeavesAUsableDb) {
  InstallOldDb();
  const std::string new_size = std::to_string(fs::file_size(root_ / "mirror/drydock.db.zst"));
  TestServer slow(root_ / "mirror", log_, {"--rate", "40000"});
  bool saw_old = false;
  for (int delay_ms : {0, 30, 120, 400, 900, 1600, 2600, 4000}) {
    std::fflush(nullptr);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {  // the child is the process being killed; it must never return into gtest
      auto result = UpdateDb(Options({slow.Url("drydock.db.zst")}));
      ::_exit(result ? 0 : 1);
    }
    ::usleep(static_cast<useconds_t>(delay_ms) * 1000);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    auto db = VulnDb::Open(target_);
    ASSERT_TRUE(db) << "after kill -9 at " << delay_ms << " ms: " << db.error().message;
    const bool is_new = (*db)->CoversEcosystem("Alpine:v3.10");
    EXPECT_TRUE(is_new || Slurp(target_) == old_db_) << delay_ms << " ms";
    saw_old = saw_old || !is_new;
  }
  EXPECT_TRUE(saw_old) << "every kill came after the install; the rate (" << new_size << " B at 40 kB/s) is too fast";
  TestServer fast(root_ / "mirror", log_);
  auto finished = UpdateDb(Options({fast.Url("drydock.db.zst")}));
  ASSERT_TRUE(finished) << finished.error().message;
  auto db = VulnDb::Open(target_);
  ASSERT_TRUE(db);
  EXPECT_TRUE((*db)->CoversEcosystem("Alpine:v3.10"));
}

TEST(DigestFile, RejectsMalformed) {
  for (std::string_view bad : {"", "abc  x", "zz" , "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefff",
                               "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg"}) {
    EXPECT_FALSE(ParseDigestFile(bad)) << bad;
  }
  auto ok = ParseDigestFile("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef  drydock.db.zst\n");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
}

}  // namespace
}  // namespace drydock
