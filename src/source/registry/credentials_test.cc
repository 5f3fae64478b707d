#include "source/registry/credentials.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace drydock {
namespace {

// "alice:pw:with:colons" in base64, as `docker login` writes it (only the first colon separates).
constexpr std::string_view kAliceAuth = "YWxpY2U6cHc6d2l0aDpjb2xvbnM=";

std::string ConfigWithAuth(std::string_view key) {
  return "{\"auths\": {\"" + std::string(key) + "\": {\"auth\": \"" + std::string(kAliceAuth) + "\"}}}";
}

TEST(CredentialsTest, DecodesAuthsEntriesUnderEveryKeyFormDockerWrites) {
  for (std::string_view key : {"127.0.0.1:5000", "https://127.0.0.1:5000", "http://127.0.0.1:5000/v2/"}) {
    auto found = FindCredentials(ConfigWithAuth(key), "127.0.0.1:5000");
    ASSERT_TRUE(found.has_value()) << key << ": " << found.error().message;
    ASSERT_TRUE(found->has_value()) << key;
    EXPECT_EQ((*found)->username, "alice");
    EXPECT_EQ((*found)->password, "pw:with:colons");
  }
  auto other = FindCredentials(ConfigWithAuth("127.0.0.1:5001"), "127.0.0.1:5000");
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->has_value());
}

TEST(CredentialsTest, DockerHubIsOneRegistryUnderAllItsNames) {
  auto found = FindCredentials(ConfigWithAuth("https://index.docker.io/v1/"), "registry-1.docker.io");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->username, "alice");
}

TEST(CredentialsTest, BrokenConfigsAreErrorsThatNeverShowTheSecret) {
  EXPECT_FALSE(FindCredentials("[1, 2]", "h").has_value());
  EXPECT_FALSE(FindCredentials("{\"auths\": ", "h").has_value());
  auto bad_base64 = FindCredentials("{\"auths\": {\"h\": {\"auth\": \"%%%%\"}}}", "h");
  ASSERT_FALSE(bad_base64.has_value());
  EXPECT_NE(bad_base64.error().message.find("base64"), std::string::npos);
  // "secret-without-colon" decodes but is not user:password; the message must not repeat it.
  auto no_colon = FindCredentials("{\"auths\": {\"h\": {\"auth\": \"c2VjcmV0LXdpdGhvdXQtY29sb24=\"}}}", "h");
  ASSERT_FALSE(no_colon.has_value());
  EXPECT_EQ(no_colon.error().message.find("secret-without-colon"), std::string::npos);
}

TEST(CredentialsTest, WithCredentialsKeepsOtherContentAndRoundTrips) {
  auto updated = WithCredentials("{\"credsStore\": \"\", \"auths\": {\"other:1\": {\"auth\": \"eDp5\"}}}",
                                 "127.0.0.1:5000", Credentials{"bob", "s3cret"});
  ASSERT_TRUE(updated.has_value());
  auto back = FindCredentials(*updated, "127.0.0.1:5000");
  ASSERT_TRUE(back.has_value() && back->has_value());
  EXPECT_EQ((*back)->username, "bob");
  EXPECT_EQ((*back)->password, "s3cret");
  auto other = FindCredentials(*updated, "other:1");
  ASSERT_TRUE(other.has_value() && other->has_value());
  EXPECT_EQ((*other)->username, "x");
  EXPECT_FALSE(WithCredentials("not json", "h", Credentials{"a", "b"}).has_value());
}

// A real credential helper program on PATH, speaking the docker-credential-helpers protocol.
class CredentialHelperTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("drydock-helper-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    Write("docker-credential-good",
          "read server\n[ \"$server\" = 127.0.0.1:5000 ] || { echo 'credentials not found in native keychain'; "
          "exit 1; }\necho '{\"ServerURL\":\"'$server'\",\"Username\":\"carol\",\"Secret\":\"helper-Secret-3\"}'\n");
    Write("docker-credential-garbage", "cat >/dev/null\necho 'helper-Secret-3 is not json'\n");
    Write("docker-credential-crash", "cat >/dev/null\necho 'helper-Secret-3'\nexit 7\n");
    old_path_ = std::getenv("PATH");
    ::setenv("PATH", (dir_.string() + ":" + old_path_).c_str(), 1);
  }
  void TearDown() override {
    ::setenv("PATH", old_path_.c_str(), 1);
    std::filesystem::remove_all(dir_);
  }
  void Write(const std::string& name, const std::string& body) {
    std::ofstream(dir_ / name) << "#!/bin/sh\n" << body;
    ::chmod((dir_ / name).c_str(), 0755);
  }

  std::filesystem::path dir_;
  std::string old_path_;
};

TEST_F(CredentialHelperTest, CredHelpersAndCredsStoreRunTheNamedProgram) {
  auto helper = FindCredentials("{\"credHelpers\": {\"127.0.0.1:5000\": \"good\"}}", "127.0.0.1:5000");
  ASSERT_TRUE(helper.has_value()) << helper.error().message;
  ASSERT_TRUE(helper->has_value());
  EXPECT_EQ((*helper)->username, "carol");
  EXPECT_EQ((*helper)->password, "helper-Secret-3");
  auto store = FindCredentials("{\"credsStore\": \"good\"}", "127.0.0.1:5000");
  ASSERT_TRUE(store.has_value() && store->has_value());
  // The helper's "not found" answer means anonymous, not an error.
  auto absent = FindCredentials("{\"credsStore\": \"good\"}", "127.0.0.1:6000");
  ASSERT_TRUE(absent.has_value()) << absent.error().message;
  EXPECT_FALSE(absent->has_value());
}

TEST_F(CredentialHelperTest, BrokenHelpersAreErrorsWithoutTheirOutput) {
  for (std::string_view name : {"garbage", "crash", "missing", "../evil"}) {
    auto found = FindCredentials("{\"credsStore\": \"" + std::string(name) + "\"}", "127.0.0.1:5000");
    ASSERT_FALSE(found.has_value()) << name;
    EXPECT_EQ(found.error().message.find("helper-Secret-3"), std::string::npos) << found.error().message;
  }
}

}  // namespace
}  // namespace drydock
