// `drydock verify IMAGE` against a real docker-registry (Debian's, which has no referrers API): legacy cosign
// `.sig` tags signed by the openssl tool with every key type, and a cosign v3 Sigstore bundle made by sigstore-js,
// attached as an OCI 1.1 referrer listed under the fallback tag.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <memory>

#include "cli_runner.h"
#include "registry_fixture.h"

namespace drydock::e2e {
namespace {

// A sigstore_fixtures.js command, up to three tries of 120 s each: its run once hung for the whole 600 s test timeout
// under a loaded machine (never seen alone in 140 runs), and the bundles it writes are checked by the tests anyway.
// The caller appends the command's arguments, then kRetried.
std::string SigstoreFixture(const std::string& node_modules, const std::string& command) {
  return "for attempt in 1 2 3; do timeout 120 env NODE_PATH=" + node_modules + "/node_modules node " +
         std::string(DRYDOCK_SOURCE_DIR) + "/tests/sigstore/sigstore_fixtures.js " + command;
}
constexpr const char* kRetried = " && exit 0; done; exit 1";

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
    for (const char* repo : {"drydock-test/signed", "drydock-test/bundled", "drydock-test/unsigned", "drydock-test/keyless",
                             "drydock-test/logged",
                             "drydock-test/notation", "drydock-test/attested", "drydock-test/flood"}) {
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
    Shell(SigstoreFixture(node_modules, "image ") +
          keys_ + "/bundle.json " + keys_ + "/p256.pem " + digest_ + kRetried);
    Shell("python3 " + kSource + "/tests/sigstore/attach.py bundle " + registry_->Host() + " drydock-test/bundled " +
          digest_ + " " + keys_ + "/bundle.json");
    // Legacy keyless: sigstore-js signs the simple-signing payload with a mock-Fulcio certificate, logged in mock
    // Rekor; the .sig layer carries the certificate and cosign's Rekor-bundle annotation.
    std::string attach = "python3 " + kSource + "/tests/sigstore/attach.py ";
    Shell(attach + "payload " + registry_->Host() + " drydock-test/keyless " + digest_ + " > " + keys_ + "/payload.json");
    Shell(SigstoreFixture(node_modules, "") +
          "keyless-payload " + keys_ + "/keyless " + keys_ + "/payload.json " + keys_ + "/p256.pem" + kRetried);
    Shell(attach + "keyless-sig " + registry_->Host() + " drydock-test/keyless " + digest_ + " " + keys_ +
          "/payload.json " + keys_ + "/keyless/payload-bundle.json");
    // Legacy, signed by a key and logged in the same mock Rekor (cosign sign --key): no certificate annotation.
    Shell(attach + "keyless-sig " + registry_->Host() + " drydock-test/logged " + digest_ + " " + keys_ +
          "/payload.json " + keys_ + "/keyless/payload-key-bundle.json");
    // Attestations: an SBOM and a VEX statement signed with p256 and a VEX statement signed by a stranger (cosign v3
    // bundles made by sigstore-js, as referrers), and a provenance statement under the legacy .att tag.
    std::string data = kSource + "/tests/data/attestations/";
    const std::string node = SigstoreFixture(node_modules, "attest ");
    Shell(node + keys_ + "/sbom.json " + keys_ + "/p256.pem " + digest_ + " https://cyclonedx.org/bom " + data + "lodash.cdx.json" + kRetried);
    Shell(node + keys_ + "/vex.json " + keys_ + "/p256.pem " + digest_ + " https://openvex.dev/ns/v0.2.0 " + data + "lodash.openvex.json" + kRetried);
    Shell(node + keys_ + "/vex-stranger.json " + keys_ + "/stranger.pem " + digest_ + " https://openvex.dev/ns/v0.2.0 " + data + "lodash.openvex.json" + kRetried);
    for (const auto& [file, type] : {std::pair{"sbom", "https://cyclonedx.org/bom"}, std::pair{"vex", "https://openvex.dev/ns/v0.2.0"},
                                     std::pair{"vex-stranger", "https://openvex.dev/ns/v0.2.0"}}) {
      Shell(attach + "bundle " + registry_->Host() + " drydock-test/attested " + digest_ + " " + keys_ + "/" + file + ".json " + type);
    }
    nlohmann::json provenance = {{"_type", "https://in-toto.io/Statement/v1"},
                                 {"subject", {{{"name", ""}, {"digest", {{"sha256", digest_.substr(7)}}}}}},
                                 {"predicateType", "https://slsa.dev/provenance/v1"},
                                 {"predicate", nlohmann::json::parse(Shell("cat " + data + "provenance.json"))}};
    Shell("echo '" + provenance.dump() + "' > " + keys_ + "/provenance.json");
    Shell(attach + "att " + registry_->Host() + " drydock-test/attested " + digest_ + " " + keys_ + "/p256.pem " + keys_ +
          "/provenance.json");
    Shell(attach + "sig " + registry_->Host() + " drydock-test/attested " + digest_ + " " + keys_ + "/p256.pem");
    // Notation: JWS envelopes made with the openssl tool (CAs, leaves, signatures), pushed as referrers.
    notation_ = keys_ + "/notation";
    Shell("python3 " + kSource + "/tests/notation/notation_fixture.py " + notation_ + " " + registry_->Host() +
          " drydock-test/notation " + digest_);
  }
  static void TearDownTestSuite() { registry_.reset(); }
  void SetUp() override {
    ASSERT_TRUE(registry_->Up()) << "docker-registry did not start";  // as every registry suite: never a silent pass
  }

  CommandResult Verify(const std::string& repo, const std::string& key, const std::string& extra = "") {
    return RunDrydock("verify " + registry_->Reference("1", repo) + " --key " + keys_ + "/" + key + ".pub " + extra);
  }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::string keys_, digest_, notation_;
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

// Under a trusted root a key's legacy signature must be logged (its Rekor-bundle annotation verified), as cosign
// verify --key requires unless told --insecure-ignore-tlog; with the key alone the signature is enough.
TEST_F(VerifyImage, UnderATrustedRootAKeysSignatureMustBeLogged) {
  const std::string root = "--trusted-root " + keys_ + "/keyless/trusted_root.json";
  auto logged = Verify("drydock-test/logged", "p256", root);
  EXPECT_EQ(logged.exit_code, 0) << logged.out << logged.err;
  EXPECT_NE(logged.out.find("VALID   sha256-" + digest_.substr(7) + ".sig layer 0: ECDSA P-256 key"), std::string::npos)
      << logged.out;
  auto unlogged = Verify("drydock-test/signed", "p256", root);
  EXPECT_EQ(unlogged.exit_code, 1) << unlogged.out;
  EXPECT_NE(unlogged.out.find("under --trusted-root a key's signature must be logged"), std::string::npos)
      << unlogged.out;
  EXPECT_EQ(Verify("drydock-test/signed", "p256").exit_code, 0);
  EXPECT_EQ(Verify("drydock-test/logged", "p256").exit_code, 0);  // the annotation is not needed, nor in the way
  EXPECT_EQ(Verify("drydock-test/logged", "stranger", root).exit_code, 1);
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

// A mirror serving another (unsigned) image under the signed tag: the scan reads the digest whose signature was
// verified at the origin, never the mirror's answer for the tag.
TEST_F(VerifyImage, ScanReadsTheVerifiedDigestNotTheMirrorsTag) {
  Registry mirror("verify-mirror");
  ASSERT_TRUE(mirror.Up());
  mirror.Push("1", "", DebianAppSource(), "drydock-test/signed");
  std::string ref = registry_->Reference("1", "drydock-test/signed");
  auto scan = RunDrydock("image " + ref + " --skip-db --no-cache -q -f json --verify-key " + keys_ +
                         "/p256.pub --registry-mirror " + mirror.Host());
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  auto report = nlohmann::json::parse(scan.out);
  EXPECT_EQ(report["artifact"]["digest"], digest_) << report["artifact"].dump();
  EXPECT_EQ(report["artifact"]["name"], ref + "@" + digest_);
}

// Notation signatures found through the referrers fallback tag, judged by a trust policy per the Notary Project
// spec: each tampering fails with its reason, the untampered ES256 and PS384 signatures verify.
TEST_F(VerifyImage, NotationEveryCase) {
  std::string ref = registry_->Reference("1", "drydock-test/notation");
  auto result = RunDrydock("verify " + ref + " -f json --notation-trust-store " + notation_ + "/store" +
                           " --notation-trust-policy " + notation_ + "/trustpolicy.json");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  auto doc = nlohmann::json::parse(result.out);
  auto cases = nlohmann::json::parse(Shell("cat " + notation_ + "/cases.json"));
  ASSERT_EQ(cases.size(), 20u);
  std::cout << "| Notation case | drydock |\n|---|---|\n";
  for (const auto& c : cases) {
    std::string source = "referrer " + c["referrer"].get<std::string>() + " (Notation)";
    const nlohmann::json* found = nullptr;
    for (const auto& s : doc["signatures"]) {
      if (s["source"] == source) found = &s;
    }
    ASSERT_NE(found, nullptr) << c["name"] << " not reported: " << result.out;
    std::string detail = (*found)["detail"].get<std::string>();
    std::cout << "| " << c["name"].get<std::string>() << " | " << ((*found)["valid"].get<bool>() ? "VALID" : "INVALID")
              << ": " << detail << " |\n";
    EXPECT_EQ((*found)["valid"].get<bool>(), c["valid"].get<bool>()) << c["name"] << ": " << detail;
    if (c["valid"].get<bool>()) {
      EXPECT_NE(detail.find("O=drydock-test"), std::string::npos) << detail;
      EXPECT_NE(detail.find("trust policy drydock-test"), std::string::npos) << detail;
      // The countersignature's time (the policy requires one) is the authentic signing time.
      EXPECT_NE(detail.find(", signed at "), std::string::npos) << detail;
    } else {
      EXPECT_NE(detail.find(c["why"].get<std::string>()), std::string::npos) << c["name"] << ": " << detail;
    }
  }
}

TEST_F(VerifyImage, NotationTrustStoreAndIdentityFlags) {
  std::string ref = registry_->Reference("1", "drydock-test/notation");
  auto ok = RunDrydock("verify " + ref + " --notation-trust-store " + notation_ + "/store" +
                       " --notation-identity 'x509.subject: C=US, ST=WA, O=drydock-test'");
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  // Another organisation as the identity: nothing the acme CA issued to drydock-test counts.
  auto identity = RunDrydock("verify " + ref + " --notation-trust-store " + notation_ + "/store" +
                             " --notation-identity 'x509.subject: C=US, ST=WA, O=someone-else'");
  EXPECT_EQ(identity.exit_code, 1) << identity.out;
  // The wrong CA: only the signature the stranger CA issued verifies; the acme-signed ones do not chain.
  auto stranger = RunDrydock("verify " + ref + " -f json --notation-trust-store " + notation_ + "/other-store" +
                             " --notation-identity '*'");
  auto doc = nlohmann::json::parse(stranger.out);
  std::string stranger_referrer;
  for (const auto& c : nlohmann::json::parse(Shell("cat " + notation_ + "/cases.json"))) {
    if (c["name"] == "wrong CA (chain to a stranger root)") stranger_referrer = c["referrer"].get<std::string>();
  }
  int valid = 0;
  for (const auto& s : doc["signatures"]) {
    if (!s["valid"].get<bool>()) continue;
    ++valid;
    EXPECT_EQ(s["source"], "referrer " + stranger_referrer + " (Notation)") << s.dump();
  }
  EXPECT_EQ(valid, 1) << stranger.out;
  // Notation signatures with no Notation trust configured are listed, not trusted.
  auto untrusted = Verify("drydock-test/notation", "p256");
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_NE(untrusted.out.find("no --notation-trust-store was given"), std::string::npos) << untrusted.out;
  // An identity without C, ST and O, and a policy with an unknown level: usage errors naming the problem.
  auto bad_identity = RunDrydock("verify " + ref + " --notation-trust-store " + notation_ + "/store" +
                                 " --notation-identity 'x509.subject: CN=release-signer'");
  EXPECT_EQ(bad_identity.exit_code, 2);
  EXPECT_NE(bad_identity.err.find("lacks C"), std::string::npos) << bad_identity.err;
  Shell("sed 's/\"strict\"/\"lenient\"/' " + notation_ + "/trustpolicy.json > " + notation_ + "/bad-policy.json");
  auto bad_policy = RunDrydock("verify " + ref + " --notation-trust-store " + notation_ + "/store" +
                               " --notation-trust-policy " + notation_ + "/bad-policy.json");
  EXPECT_EQ(bad_policy.exit_code, 2);
  EXPECT_NE(bad_policy.err.find("level \"lenient\""), std::string::npos) << bad_policy.err;
}

// Level audit enforces integrity only: the wrong identity and the expired certificate are logged, not fatal;
// tampered bytes still fail.
TEST_F(VerifyImage, NotationAuditLevelLogsAuthenticity) {
  std::string ref = registry_->Reference("1", "drydock-test/notation");
  Shell("sed 's/\"strict\"/\"audit\"/' " + notation_ + "/trustpolicy.json > " + notation_ + "/audit-policy.json");
  auto result = RunDrydock("verify " + ref + " -f json --notation-trust-store " + notation_ + "/store" +
                           " --notation-trust-policy " + notation_ + "/audit-policy.json");
  auto doc = nlohmann::json::parse(result.out);
  auto cases = nlohmann::json::parse(Shell("cat " + notation_ + "/cases.json"));
  std::map<std::string, bool> want = {{"wrong identity (O=evil-corp)", true}, {"expired certificate", true},
                                      {"payload byte changed", false}, {"signed for another digest", false}};
  for (const auto& c : cases) {
    auto it = want.find(c["name"].get<std::string>());
    if (it == want.end()) continue;
    for (const auto& s : doc["signatures"]) {
      if (s["source"] != "referrer " + c["referrer"].get<std::string>() + " (Notation)") continue;
      EXPECT_EQ(s["valid"].get<bool>(), it->second) << it->first << ": " << s.dump();
      if (it->second) {
        EXPECT_NE(s["detail"].get<std::string>().find("logged: "), std::string::npos) << s.dump();
      }
    }
  }
}

// --sbom-source oci / --vex oci: only attestations whose signature verifies are used, and the report says which
// were used and why the others were not. The SBOM names lodash 4.17.20 (not in the image's layers), the VEX says
// CVE-2021-23337 does not affect it; the DB is built from that one real GitHub advisory.
TEST_F(VerifyImage, SignedAttestationsAsSbomAndVexSources) {
  std::string osv = keys_ + "/osv";
  std::filesystem::create_directories(osv);
  std::filesystem::copy_file(TestData("github+advisory-database/advisories/github-reviewed/2021/05/GHSA-35jh-r3h4-6jhm/"
                                      "GHSA-35jh-r3h4-6jhm.json"),
                             osv + "/GHSA-35jh-r3h4-6jhm.json", std::filesystem::copy_options::overwrite_existing);
  std::string db = keys_ + "/lodash.db";
  ASSERT_EQ(RunDrydock("db build --osv " + osv + " -o " + db).exit_code, 0);
  std::string ref = registry_->Reference("1", "drydock-test/attested");
  auto scan = [&](const std::string& extra) {
    return RunDrydock("image " + ref + " --no-cache -q -f json --db " + db + " --verify-key " + keys_ + "/p256.pub " + extra);
  };
  auto has_lodash_cve = [](const nlohmann::json& doc) {
    for (const auto& v : doc["vulnerabilities"]) {
      if (v["id"] == "CVE-2021-23337" || v["id"] == "GHSA-35jh-r3h4-6jhm") return v["installed_version"] == "4.17.20";
    }
    return false;
  };
  // What the report says about each attestation, by the start of its detail.
  auto uses = [](const nlohmann::json& doc) {
    std::multiset<std::string> out;
    for (const auto& a : doc["attestations"]) {
      std::string detail = a["detail"].get<std::string>();
      out.insert(a["predicate_type"].get<std::string>() + " " + detail.substr(0, detail.find(':')));
    }
    return out;
  };
  const std::string kProvenanceRead =
      "https://slsa.dev/provenance/v1 read to identify the base image (artifact.base_image.source says whether it "
      "decided)";
  auto sbom = scan("--sbom-source oci");
  ASSERT_EQ(sbom.exit_code, 0) << sbom.err;
  auto doc = nlohmann::json::parse(sbom.out);
  EXPECT_TRUE(has_lodash_cve(doc)) << sbom.out;
  EXPECT_EQ(uses(doc), (std::multiset<std::string>{"https://cyclonedx.org/bom used as the SBOM",
                                                   "https://openvex.dev/ns/v0.2.0 not used",
                                                   "https://openvex.dev/ns/v0.2.0 rejected",
                                                   kProvenanceRead}))
      << doc["attestations"].dump(2);
  for (const auto& a : doc["attestations"]) {
    if (a["detail"].get<std::string>().starts_with("rejected")) {
      EXPECT_NE(a["detail"].get<std::string>().find("does not verify under the ECDSA P-256 key"), std::string::npos) << a;
      EXPECT_FALSE(a["used"].get<bool>());
    }
  }
  auto both = scan("--sbom-source oci --vex oci");
  ASSERT_EQ(both.exit_code, 0) << both.err;
  doc = nlohmann::json::parse(both.out);
  EXPECT_FALSE(has_lodash_cve(doc)) << both.out;
  EXPECT_EQ(uses(doc), (std::multiset<std::string>{"https://cyclonedx.org/bom used as the SBOM",
                                                   "https://openvex.dev/ns/v0.2.0 used as VEX",
                                                   "https://openvex.dev/ns/v0.2.0 rejected",
                                                   kProvenanceRead}))
      << doc["attestations"].dump(2);
  // The image's own layers (no lodash there): the VEX attestation is read, the SBOM one listed as not used.
  auto layers = scan("--vex oci");
  ASSERT_EQ(layers.exit_code, 0) << layers.err;
  doc = nlohmann::json::parse(layers.out);
  EXPECT_FALSE(has_lodash_cve(doc));
  EXPECT_EQ(uses(doc).count("https://cyclonedx.org/bom not used"), 1u) << doc["attestations"].dump(2);
  // Without any trust nothing may be used: a usage error, not a silent unverified read.
  auto untrusted = RunDrydock("image " + ref + " --skip-db --no-cache -q -f json --vex oci");
  EXPECT_EQ(untrusted.exit_code, 2);
  EXPECT_NE(untrusted.err.find("use only attestations whose signature verifies"), std::string::npos) << untrusted.err;
}

// A policy's `signatures:` rule carries its own trust (paths relative to the policy file): no --verify-key needed.
// The verdict's evidence lists every signature, in JSON and in SARIF.
TEST_F(VerifyImage, SignaturesPolicyRuleWithKeysAndNotation) {
  std::string policy_dir = keys_ + "/policies";
  std::filesystem::create_directories(policy_dir);
  std::filesystem::copy_file(keys_ + "/p256.pub", policy_dir + "/release.pub",
                             std::filesystem::copy_options::overwrite_existing);
  Shell("printf 'rules:\n  - id: SIG-KEY\n    severity: HIGH\n    message: signed by release\n"
        "    signatures: {keys: [release.pub]}\n' > " + policy_dir + "/keys.yaml");
  Shell("printf 'rules:\n  - id: SIG-NOTATION\n    severity: HIGH\n    message: signed by drydock-test\n"
        "    signatures:\n      notation: {trust_store: " + notation_ + "/store, trust_policy: " + notation_ +
        "/trustpolicy.json}\n' > " + policy_dir + "/notation.yaml");
  auto run = [&](const std::string& repo, const std::string& policy, const std::string& format) {
    return RunDrydock("image " + registry_->Reference("1", repo) + " --skip-db --no-cache -q --exit-code 4 -f " + format +
                      " --policy " + policy_dir + "/" + policy);
  };
  auto keyed = run("drydock-test/signed", "keys.yaml", "json");
  EXPECT_EQ(keyed.exit_code, 0) << keyed.err;
  auto rule = nlohmann::json::parse(keyed.out)["policy"]["rules"][0];
  EXPECT_TRUE(rule["passed"].get<bool>()) << rule.dump();
  EXPECT_EQ(rule["evidence"][0], "VALID sha256-" + digest_.substr(7) + ".sig layer 0: ECDSA P-256 key") << rule.dump();
  auto notation = run("drydock-test/notation", "notation.yaml", "json");
  EXPECT_EQ(notation.exit_code, 0) << notation.err;
  rule = nlohmann::json::parse(notation.out)["policy"]["rules"][0];
  EXPECT_TRUE(rule["passed"].get<bool>()) << rule.dump();
  EXPECT_EQ(rule["evidence"].size(), 20u) << rule.dump();  // one line per Notation case of the fixture
  // The key rule on an unsigned image fails the verdict; SARIF carries the evidence with the result.
  auto unsigned_image = run("drydock-test/unsigned", "keys.yaml", "sarif");
  EXPECT_EQ(unsigned_image.exit_code, 4) << unsigned_image.err;
  auto sarif = nlohmann::json::parse(unsigned_image.out);
  bool found = false;
  for (const auto& result : sarif["runs"][0]["results"]) {
    if (result["ruleId"] != "SIG-KEY") continue;
    found = true;
    EXPECT_NE(result["message"]["text"].get<std::string>().find("no signature found"), std::string::npos) << result;
  }
  EXPECT_TRUE(found) << unsigned_image.out;
  // A malformed rule is an error naming the line, before anything is fetched.
  Shell("printf 'rules:\n  - id: BAD\n    severity: HIGH\n    message: m\n    signatures: {keyless: [{identity: x}]}\n' > " +
        policy_dir + "/bad.yaml");
  auto bad = run("drydock-test/signed", "bad.yaml", "json");
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_NE(bad.err.find("bad.yaml:5"), std::string::npos) << bad.err;
}

// A registry listing 10,000 referrers (5,000 bundles, 5,000 Notation signatures; the registry checks that an index's
// manifests exist, so they name two real but useless referrer manifests) does not stall a verification: 16 of each
// kind are looked at, each failure names its referrer and why, the rest are counted.
TEST_F(VerifyImage, TenThousandReferrersAreBounded) {
  Shell("python3 -c '"
        "import sys, hashlib; sys.path.insert(0, \"" + kSource + "/tests/sigstore\"); import attach\n"
        "host, repo, digest = sys.argv[1], \"drydock-test/flood\", sys.argv[2]\n"
        "subject = attach.manifest_of(host, repo, digest)\n"
        "def referrer(kind, layer_type):\n"
        "  m = {\"schemaVersion\": 2, \"mediaType\": attach.OCI_MANIFEST, \"artifactType\": kind,"
        " \"config\": {\"mediaType\": attach.EMPTY, **attach.push_blob(host, repo, b\"{}\")},"
        " \"layers\": [{\"mediaType\": layer_type, **attach.push_blob(host, repo, b\"{}\")}], \"subject\": subject}\n"
        "  body = attach.json.dumps(m, separators=(\",\", \":\")).encode()\n"
        "  return {**attach.push_manifest(host, repo, \"sha256:\" + hashlib.sha256(body).hexdigest(), m, attach.OCI_MANIFEST),"
        " \"artifactType\": kind}\n"
        "kinds = [referrer(attach.BUNDLE, attach.BUNDLE), referrer(\"application/vnd.cncf.notary.signature\","
        " \"application/jose+json\")]\n"
        "attach.push_manifest(host, repo, \"sha256-\" + digest[7:], {\"schemaVersion\": 2, \"mediaType\": attach.OCI_INDEX,"
        " \"manifests\": [kinds[i % 2] for i in range(10000)]}, attach.OCI_INDEX)' " + registry_->Host() + " " + digest_);
  auto started = std::chrono::steady_clock::now();
  auto result = RunDrydock("verify " + registry_->Reference("1", "drydock-test/flood") + " -f json --key " + keys_ +
                           "/p256.pub --notation-trust-store " + notation_ + "/store --notation-identity '*'");
  auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::cout << "verify with 10,000 referrers: " << elapsed_ms.count() << " ms\n";
  EXPECT_EQ(result.exit_code, 1) << result.err;
  auto doc = nlohmann::json::parse(result.out);
  int bundles = 0, notations = 0;
  std::vector<std::string> summaries;
  for (const auto& s : doc["signatures"]) {
    std::string source = s["source"].get<std::string>();
    EXPECT_FALSE(s["valid"].get<bool>());
    EXPECT_FALSE(s["detail"].get<std::string>().empty()) << source;
    if (source.ends_with("(Sigstore bundle)")) ++bundles;
    if (source.ends_with("(Notation)")) ++notations;
    if (source.starts_with("referrers of")) summaries.push_back(s["detail"].get<std::string>());
  }
  EXPECT_EQ(bundles, 32);
  EXPECT_EQ(notations, 32);
  EXPECT_EQ(summaries, (std::vector<std::string>{"4968 more bundles not looked at (limit 32)",
                                                 "4968 more Notation signatures not looked at (limit 32)"}));
}

TEST_F(VerifyImage, UnknownImageIsAnError) {
  auto result = RunDrydock("verify " + registry_->Reference("nope", "drydock-test/signed") + " --key " + keys_ +
                           "/p256.pub");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("MANIFEST_UNKNOWN"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace drydock::e2e
