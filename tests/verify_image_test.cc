// `drydock verify IMAGE` against a real docker-registry (Debian's, which has no referrers API): legacy cosign
// `.sig` tags signed by the openssl tool with every key type, and a cosign v3 Sigstore bundle made by sigstore-js,
// attached as an OCI 1.1 referrer listed under the fallback tag.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

#include "cli_runner.h"
#include "registry_fixture.h"

namespace drydock::e2e {
namespace {

const std::string kSource = DRYDOCK_SOURCE_DIR;

class VerifyImage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = std::make_unique<Registry>("verify");
    if (!registry_->Up()) return;
    keys_ = TempDirectory() + "/image-keys";
    std::filesystem::create_directories(keys_);
    Shell("cd " + keys_ +
          " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem 2>/dev/null"
          " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem 2>/dev/null"
          " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521.pem 2>/dev/null"
          " && openssl genpkey -algorithm ED25519 -out ed25519.pem 2>/dev/null"
          " && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null"
          " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out stranger.pem 2>/dev/null"
          " && for k in p256 p384 p521 ed25519 rsa stranger; do openssl pkey -in $k.pem -pubout -out $k.pub; done");
    std::string image = "oci-archive:" + TestData("images/many-files.oci.tar");
    for (const char* repo : {"drydock-test/signed", "drydock-test/bundled", "drydock-test/unsigned", "drydock-test/keyless"}) {
      registry_->Push("1", "", image, repo);
    }
    digest_ = Shell("skopeo inspect --tls-verify=false --raw docker://" + registry_->Reference("1", "drydock-test/signed") +
                    " | sha256sum | cut -c1-64");
    digest_ = "sha256:" + digest_.substr(0, 64);
    // Legacy .sig: one simple-signing layer per key, in this order.
    Shell("python3 " + kSource + "/tests/sigstore/attach.py sig " + registry_->Host() + " drydock-test/signed " +
          digest_ + " " + keys_ + "/p256.pem " + keys_ + "/p384.pem " + keys_ + "/p521.pem " + keys_ +
          "/ed25519.pem " + keys_ + "/rsa.pem");
    // cosign v3: a bundle made by sigstore-js (DSSE statement about the digest), as a referrer.
    std::string node_modules = std::string(DRYDOCK_BINARY_DIR) + "/sigstore-js";
    Shell("bash " + kSource + "/tests/sigstore/install.sh " + node_modules);
    Shell("NODE_PATH=" + node_modules + "/node_modules node " + kSource + "/tests/sigstore/sigstore_fixtures.js image " +
          keys_ + "/bundle.json " + keys_ + "/p256.pem " + digest_);
    Shell("python3 " + kSource + "/tests/sigstore/attach.py bundle " + registry_->Host() + " drydock-test/bundled " +
          digest_ + " " + keys_ + "/bundle.json");
    // Legacy keyless: sigstore-js signs the simple-signing payload with a mock-Fulcio certificate, logged in mock
    // Rekor; the .sig layer carries the certificate and cosign's Rekor-bundle annotation.
    std::string attach = "python3 " + kSource + "/tests/sigstore/attach.py ";
    Shell(attach + "payload " + registry_->Host() + " drydock-test/keyless " + digest_ + " > " + keys_ + "/payload.json");
    Shell("NODE_PATH=" + node_modules + "/node_modules node " + kSource + "/tests/sigstore/sigstore_fixtures.js "
          "keyless-payload " + keys_ + "/keyless " + keys_ + "/payload.json");
    Shell(attach + "keyless-sig " + registry_->Host() + " drydock-test/keyless " + digest_ + " " + keys_ +
          "/payload.json " + keys_ + "/keyless/payload-bundle.json");
  }
  static void TearDownTestSuite() { registry_.reset(); }
  void SetUp() override {
    if (!registry_->Up()) GTEST_SKIP() << "docker-registry did not start";
  }

  CommandResult Verify(const std::string& repo, const std::string& key, const std::string& extra = "") {
    return RunDrydock("verify " + registry_->Reference("1", repo) + " --key " + keys_ + "/" + key + ".pub " + extra);
  }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::string keys_, digest_;
};

TEST_F(VerifyImage, LegacySigTagEveryKeyType) {
  const std::pair<const char*, int> keys[] = {{"p256", 0}, {"p384", 1}, {"p521", 2}, {"ed25519", 3}, {"rsa", 4}};
  for (const auto& [key, layer] : keys) {
    auto result = Verify("drydock-test/signed", key);
    EXPECT_EQ(result.exit_code, 0) << key << ": " << result.out << result.err;
    std::string valid = "VALID   sha256-" + digest_.substr(7) + ".sig layer " + std::to_string(layer);
    EXPECT_NE(result.out.find(valid), std::string::npos) << key << ": " << result.out;
  }
}

TEST_F(VerifyImage, StrangerKeyAndUnsignedImageFail) {
  auto stranger = Verify("drydock-test/signed", "stranger", "-f json");
  EXPECT_EQ(stranger.exit_code, 1) << stranger.err;
  auto doc = nlohmann::json::parse(stranger.out);
  EXPECT_EQ(doc["digest"], digest_);
  EXPECT_FALSE(doc["verified"].get<bool>());
  ASSERT_EQ(doc["signatures"].size(), 5u) << stranger.out;
  for (const auto& s : doc["signatures"]) {
    EXPECT_FALSE(s["valid"].get<bool>());
    EXPECT_NE(s["detail"].get<std::string>().find("does not verify under the ECDSA P-256 key"), std::string::npos);
  }
  auto unsigned_image = Verify("drydock-test/unsigned", "p256");
  EXPECT_EQ(unsigned_image.exit_code, 1);
  EXPECT_NE(unsigned_image.out.find("no signatures found"), std::string::npos) << unsigned_image.out;
}

// A signature made for one image does not vouch for another: the payload names the digest it signed.
TEST_F(VerifyImage, SignatureCopiedToAnotherImageFails) {
  registry_->Push("2", "", "oci-archive:" + TestData("generated/images/skel-oci.tar"), "drydock-test/copied");
  std::string other = "sha256:" + Shell("skopeo inspect --tls-verify=false --raw docker://" +
                                        registry_->Reference("2", "drydock-test/copied") + " | sha256sum | cut -c1-64")
                                      .substr(0, 64);
  // The signed image's .sig manifest, copied under the other image's .sig tag (what an attacker could do).
  Shell("skopeo copy --src-tls-verify=false --dest-tls-verify=false -q docker://" + registry_->Host() +
        "/drydock-test/signed:sha256-" + digest_.substr(7) + ".sig docker://" + registry_->Host() +
        "/drydock-test/copied:sha256-" + other.substr(7) + ".sig");
  auto result = RunDrydock("verify " + registry_->Reference("2", "drydock-test/copied") + " --key " + keys_ + "/p256.pub");
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("payload signs " + digest_ + ", not this image's " + other), std::string::npos)
      << result.out;
}

TEST_F(VerifyImage, BundleFoundThroughReferrersFallbackTag) {
  auto result = Verify("drydock-test/bundled", "p256");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("VALID   referrer sha256:"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("(Sigstore bundle): ECDSA P-256 key"), std::string::npos) << result.out;
  auto stranger = Verify("drydock-test/bundled", "stranger");
  EXPECT_EQ(stranger.exit_code, 1) << stranger.out;
  EXPECT_NE(stranger.out.find("INVALID referrer sha256:"), std::string::npos) << stranger.out;
  // By digest, with the key before the image as cosign users type it.
  auto pinned = RunDrydock("verify --key " + keys_ + "/p256.pub " + registry_->Host() + "/drydock-test/bundled@" + digest_);
  EXPECT_EQ(pinned.exit_code, 0) << pinned.out << pinned.err;
}

TEST_F(VerifyImage, LegacyKeylessSigTag) {
  std::string ref = registry_->Reference("1", "drydock-test/keyless");
  std::string root = " --trusted-root " + keys_ + "/keyless/trusted_root.json";
  std::string identity = "https://github.com/drydock/drydock/.github/workflows/release.yml@refs/heads/main";
  auto ok = RunDrydock("verify " + ref + root + " --certificate-identity " + identity +
                       " --certificate-oidc-issuer https://token.actions.githubusercontent.com");
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find(".sig layer 0: " + identity + " (issuer https://token.actions.githubusercontent.com)"),
            std::string::npos) << ok.out;
  auto regex = RunDrydock("verify " + ref + root + " --certificate-identity-regexp '^https://github.com/drydock/' "
                          "--certificate-oidc-issuer-regexp '^https://token\\.actions\\.'");
  EXPECT_EQ(regex.exit_code, 0) << regex.out << regex.err;
  auto wrong = RunDrydock("verify " + ref + root + " --certificate-identity https://github.com/evil/x "
                          "--certificate-oidc-issuer https://token.actions.githubusercontent.com");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.out.find("does not match identity"), std::string::npos) << wrong.out;
  auto key_only = Verify("drydock-test/keyless", "p256");
  EXPECT_EQ(key_only.exit_code, 1);
  EXPECT_NE(key_only.out.find("no identity is expected"), std::string::npos) << key_only.out;
}

// Scans: --verify-key checks first; without a require_signature rule an unverified image is not scanned, with one
// the verdict carries each signature as evidence.
TEST_F(VerifyImage, ScanWithVerifyKeyAndRequireSignature) {
  std::string ref = registry_->Reference("1", "drydock-test/signed");
  auto signed_scan = RunDrydock("image " + ref + " --skip-db --no-cache -q -f json --verify-key " + keys_ + "/p384.pub");
  EXPECT_EQ(signed_scan.exit_code, 0) << signed_scan.err;
  auto refused = RunDrydock("image " + ref + " --skip-db --no-cache -q -f json --verify-key " + keys_ + "/stranger.pub");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(refused.out.empty());
  EXPECT_NE(refused.err.find("no valid signature; not scanned"), std::string::npos) << refused.err;
  std::string policy = keys_ + "/policy.yaml";
  Shell("printf 'rules:\n  - {id: SIG-1, severity: HIGH, message: must be signed, require_signature: true}\n' > " + policy);
  for (const auto& [key, passed] : {std::pair{"p256", true}, std::pair{"stranger", false}}) {
    auto result = RunDrydock("image " + ref + " --skip-db --no-cache -q -f json --exit-code 4 --policy " + policy +
                             " --verify-key " + keys_ + "/" + key + ".pub");
    EXPECT_EQ(result.exit_code, passed ? 0 : 4) << key << ": " << result.err;
    auto report = nlohmann::json::parse(result.out);
    const auto& rule = report["policy"]["rules"][0];
    EXPECT_EQ(rule["id"], "SIG-1");
    EXPECT_EQ(rule["passed"].get<bool>(), passed) << key;
    EXPECT_EQ(rule["evidence"].size(), 5u) << rule.dump();
    EXPECT_EQ(rule["evidence"][0].get<std::string>().starts_with(passed ? "VALID sha256-" : "INVALID sha256-"), true)
        << rule.dump();
  }
  // The rule without --verify-key: nothing was checked, so it fails.
  auto unchecked = RunDrydock("image " + ref + " --skip-db --no-cache -q -f json --exit-code 4 --policy " + policy);
  EXPECT_EQ(unchecked.exit_code, 4);
  EXPECT_NE(unchecked.out.find("no signature was checked"), std::string::npos);
}

TEST_F(VerifyImage, UnknownImageIsAnError) {
  auto result = RunDrydock("verify " + registry_->Reference("nope", "drydock-test/signed") + " --key " + keys_ +
                           "/p256.pub");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("MANIFEST_UNKNOWN"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace drydock::e2e
