// Registry pulls end to end against Debian's real docker-registry on 127.0.0.1: an image pushed with skopeo
// from ../shared/testdata must scan by reference exactly as it scans from its archive.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "registry_fault_proxy.h"
#include "registry_fixture.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

class RegistryTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    archive_ = ScanJson("oci:" + TestData("images/debian12-app.oci.tar"));
    anonymous_ = std::make_unique<Registry>("anonymous");
    if (anonymous_->Up()) anonymous_->Push("1");
  }
  static void TearDownTestSuite() { anonymous_.reset(); }  // stops the registry even when a test failed
  void SetUp() override { ASSERT_TRUE(anonymous_->Up()) << "docker-registry did not start"; }

  static inline json archive_;
  static inline std::unique_ptr<Registry> anonymous_;
};

TEST_F(RegistryTest, AnonymousPullGivesTheArchiveScansPackages) {
  json remote = ScanJson(anonymous_->Reference("1") + " --insecure");
  ASSERT_FALSE(remote["packages"].empty());
  EXPECT_EQ(remote["packages"], archive_["packages"]);
  EXPECT_EQ(remote["artifact"]["digest"], archive_["artifact"]["digest"]);
  EXPECT_EQ(remote["artifact"]["layers"], archive_["artifact"]["layers"]);
  EXPECT_EQ(remote["artifact"]["name"], anonymous_->Reference("1"));
  // 127.0.0.1 may speak plain HTTP without --insecure, as docker allows for loopback registries.
  EXPECT_EQ(ScanJson(anonymous_->Reference("1"))["packages"], archive_["packages"]);
}

TEST_F(RegistryTest, PullByDigest) {
  std::string digest = archive_["artifact"]["digest"];
  std::string ref = anonymous_->Reference("1");
  json remote = ScanJson(ref.substr(0, ref.rfind(':')) + "@" + digest);
  EXPECT_EQ(remote["packages"], archive_["packages"]);
}

TEST_F(RegistryTest, UnknownTagIsAClearError) {
  auto result = RunDrydock("image " + anonymous_->Reference("no-such-tag") + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("manifests/no-such-tag: HTTP 404: MANIFEST_UNKNOWN"), std::string::npos) << result.err;
}

TEST_F(RegistryTest, APlatformTheImageIsNotIsRefused) {
  auto result = RunDrydock("image " + anonymous_->Reference("1") + " --platform linux/arm64 --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("the image is linux/amd64, not linux/arm64"), std::string::npos) << result.err;
}

TEST_F(RegistryTest, BasicAuthWithHtpasswd) {
  Registry secured("htpasswd", {.with_auth = true});
  ASSERT_TRUE(secured.Up());
  secured.Push("1", kUser + ":" + kPassword);
  std::string ref = secured.Reference("1");
  auto anonymous = RunDrydock("image " + ref + " --skip-db -q");
  EXPECT_EQ(anonymous.exit_code, 3);
  EXPECT_NE(anonymous.err.find("requires a username and password"), std::string::npos) << anonymous.err;
  auto wrong = RunDrydock("image " + ref + " --username " + kUser + " --password not-it --skip-db -q");
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_NE(wrong.err.find("authentication failed"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.err.find("not-it"), std::string::npos) << "a password was printed";
  auto right = RunDrydock("image " + ref + " --username " + kUser + " --password " + kPassword + " --skip-db -f json -q");
  ASSERT_EQ(right.exit_code, 0) << right.err;
  EXPECT_EQ(json::parse(right.out)["packages"], archive_["packages"]);
  EXPECT_EQ(right.out.find(kPassword), std::string::npos) << "a password reached the report";
}

// Rewriting the gzip header's MTIME keeps the layer inflatable with the same diff_id, so only the blob
// digest check can catch it.
TEST_F(RegistryTest, TamperedBlobFailsItsDigest) {
  Registry tampered("tampered");
  ASSERT_TRUE(tampered.Up());
  tampered.Push("1");
  std::string digest = archive_["artifact"]["layers"][1]["digest"];
  std::fstream blob(tampered.BlobFile(digest), std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(blob) << tampered.BlobFile(digest);
  blob.seekp(4);
  blob.write("\x01\x02\x03\x04", 4);
  blob.close();
  auto result = RunDrydock("image " + tampered.Reference("1") + " --insecure --skip-db --no-cache -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("layer 2 (" + digest + "): content does not match its digest"), std::string::npos)
      << result.err;
}

std::string ThroughProxy(const FaultProxy& proxy) {
  return "127.0.0.1:" + std::to_string(proxy.port()) + "/" + kRepository + ":1";
}

TEST_F(RegistryTest, ServerErrorsAreRetriedUntilTheySucceed) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.fail_first = 2, .fail_status = 503});
  json remote = ScanJson(ThroughProxy(proxy) + " --insecure");
  EXPECT_EQ(remote["packages"], archive_["packages"]);
  EXPECT_EQ(proxy.failures_sent(), 2);
}

TEST_F(RegistryTest, TooManyRequestsHonoursRetryAfter) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.fail_first = 1, .fail_status = 429, .retry_after = "2"});
  auto start = std::chrono::steady_clock::now();
  json remote = ScanJson(ThroughProxy(proxy) + " --insecure");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(remote["packages"], archive_["packages"]);
}

TEST_F(RegistryTest, PersistentServerErrorsGiveUp) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.fail_first = 1000, .fail_status = 500});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("HTTP 500: INJECTED"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("after 4 attempts"), std::string::npos) << result.err;
}

TEST_F(RegistryTest, BearerTokenFlow) {
  const std::string token = "token-Never-Printed-9";
  FaultProxy proxy(anonymous_->port(), FaultRules{.bearer_token = token});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -f json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(json::parse(result.out)["packages"], archive_["packages"]);
  EXPECT_GE(proxy.tokens_issued(), 1);
  EXPECT_EQ(result.out.find(token) + result.err.find(token), 2 * std::string::npos);
}

// Registries backed by object storage answer blob GETs with a redirect to a signed URL elsewhere.
TEST_F(RegistryTest, BlobRedirectsAreFollowed) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.bearer_token = "token-Redirect-5", .redirect_blobs = true});
  json remote = ScanJson(ThroughProxy(proxy) + " --insecure");
  EXPECT_EQ(remote["packages"], archive_["packages"]);
  EXPECT_GE(proxy.redirects_sent(), 5);  // the config and four layers
}

// A server that accepts and then says nothing must end in an error, not a scan that never returns.
TEST_F(RegistryTest, HangingServerTimesOut) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.hang = true});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("too slow"), std::string::npos) << result.err;
}

// Tag lists in pages (OCI distribution spec, "Listing Tags"): the proxy pages the real registry's list two tags
// at a time with Link rel="next", as distribution v3, Docker Hub and GHCR do; every tag must be indexed.
class TagPagingTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    anonymous_ = std::make_unique<Registry>("paged");
    if (!anonymous_->Up()) return;
    for (const char* tag : {"a1", "a2", "a3", "a4", "a5", "b1"}) anonymous_->Push(tag, "", "", "paged/app");
  }
  static void TearDownTestSuite() { anonymous_.reset(); }
  void SetUp() override { ASSERT_TRUE(anonymous_->Up()) << "docker-registry did not start"; }
  static testing::AssertionResult Indexed(const FaultProxy& proxy, const std::string& name, std::string* out) {
    auto result = RunDrydock("base index add 127.0.0.1:" + std::to_string(proxy.port()) + "/paged/app --tags 'a.*'" +
                             " --index " + TempDirectory() + "/paged-" + name + ".db");
    *out = result.out + result.err;
    if (result.exit_code != 0) return testing::AssertionFailure() << "exit " << result.exit_code << ": " << *out;
    return testing::AssertionSuccess();
  }
  static inline std::unique_ptr<Registry> anonymous_;
};

TEST_F(TagPagingTest, EveryPageIsFollowed) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.tags_page = 2});
  std::string out;
  ASSERT_TRUE(Indexed(proxy, "ok", &out));
  EXPECT_TRUE(out.starts_with("5 tags, 5 images recorded")) << out;  // a1..a5 across pages 1-3; b1 on page 3
  EXPECT_EQ(proxy.tag_pages_sent(), 3);
  // Without the proxy the registry sends all six in one page, and the same five are indexed.
  auto direct = RunDrydock("base index add " + anonymous_->Host() + "/paged/app --tags 'a.*' --index " +
                           TempDirectory() + "/paged-direct.db");
  EXPECT_TRUE(direct.out.starts_with("5 tags, 5 images recorded")) << direct.out << direct.err;
}

TEST_F(TagPagingTest, ALoopingForeignOrBrokenLinkIsAnError) {
  const std::string list = "/v2/paged/app/tags/list";
  const std::pair<std::string, std::string> cases[] = {
      {"<" + list + "?n=2&last=a2>; rel=\"next\"", "next link repeats"},
      {"<http://localhost:" + std::to_string(anonymous_->port()) + list + "?n=2&last=a2>; rel=\"next\"",
       "leaves this repository's tag list"},
      {"</v2/other/repo/tags/list?n=2>; rel=\"next\"", "leaves this repository's tag list"},
      {"<" + list + "?n=2; rel=next", "Link header: unclosed <"}};
  for (const auto& [link, message] : cases) {
    FaultProxy proxy(anonymous_->port(), FaultRules{.tags_page = 2, .tags_link = link});
    std::string out;
    EXPECT_FALSE(Indexed(proxy, "bad", &out)) << link;
    EXPECT_NE(out.find(message), std::string::npos) << link << " -> " << out;
  }
}

// Issue 18: a registry-served index nested 1e6 deep crashed the manifest reader (SIGSEGV). It is refused by the
// bounded loader with a clear error.
TEST_F(RegistryTest, MillionDeepIndexIsAClearError) {
  const std::string bomb = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  FaultProxy proxy(anonymous_->port(), FaultRules{.manifest_body = R"({"schemaVersion": 2, "mediaType": )"
                                                                   R"("application/vnd.oci.image.index.v1+json", )"
                                                                   R"("manifests": )" + bomb + "}"});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("JSON nested deeper than 128 levels"), std::string::npos) << result.err;
}

// Found while fixing bun_lock_fuzz's crash: nlohmann's value("key", "") throws on a member of another type, and
// nothing caught it, so a registry answering with a number where a string belongs ended drydock with SIGABRT.
TEST_F(RegistryTest, WrongTypedMediaTypeIsAClearError) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.manifest_body = R"({"schemaVersion": 2, "mediaType": 5, )"
                                                                   R"("config": {}, "layers": []})",
                                                  .manifest_type = ""});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("config"), std::string::npos) << result.err;
}

TEST_F(RegistryTest, WrongTypedErrorBodyStillNamesTheStatus) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.fail_first = 1000, .fail_status = 404,
                                                  .fail_body = R"({"errors":[{"code":5,"message":{"a":1}}]})"});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("HTTP 404"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace drydock::e2e
