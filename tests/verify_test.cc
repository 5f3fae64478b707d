// `drydock verify` end to end on artifacts made by real tools: Sigstore bundles from sigstore-js (@sigstore/sign
// against @sigstore/mock's Fulcio and Rekor), checked by @sigstore/verify too; keys and signatures from the openssl
// tool; cosign's SIGNATURE_SPEC.md example entry against Sigstore's public-good trusted root; images in a real
// docker-registry with signatures attached as cosign stores them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include "cli_runner.h"
#include "registry_fixture.h"

namespace drydock::e2e {
namespace {

const std::string kSource = DRYDOCK_SOURCE_DIR;
const std::string kIdentity = "https://github.com/drydock/drydock/.github/workflows/release.yml@refs/heads/main";
const std::string kIssuer = "https://token.actions.githubusercontent.com";

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The pinned sigstore-js packages, installed once per build tree.
std::string NodeModules() {
  static const std::string dir = [] {
    std::string cache = std::string(DRYDOCK_BINARY_DIR) + "/sigstore-js";
    Shell("bash " + kSource + "/tests/sigstore/install.sh " + cache);
    return cache + "/node_modules";
  }();
  return dir;
}

// Up to three tries of 120 s each, as verify_image_test.cc's fixtures (a run once hung under load).
std::string Node(const std::string& args) {
  return Shell("for attempt in 1 2 3; do timeout 120 env NODE_PATH=" + NodeModules() + " node " + kSource +
               "/tests/sigstore/sigstore_fixtures.js " + args + " && exit 0; done; exit 1");
}

// Keys made with the openssl tool: key.pem signs; other.pub is a stranger's key.
std::string Keys() {
  static const std::string dir = [] {
    std::string d = TempDirectory() + "/keys";
    std::filesystem::create_directories(d);
    Shell("cd " + d +
          " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem 2>/dev/null"
          " && openssl pkey -in key.pem -pubout -out key.pub"
          " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out other.pem 2>/dev/null"
          " && openssl pkey -in other.pem -pubout -out other.pub"
          " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem 2>/dev/null"
          " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521.pem 2>/dev/null"
          " && openssl genpkey -algorithm ED25519 -out ed25519.pem 2>/dev/null"
          " && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out rsa.pem 2>/dev/null"
          " && for k in p384 p521 ed25519 rsa; do openssl pkey -in $k.pem -pubout -out $k.pub; done");
    return d;
  }();
  return dir;
}

std::string HexToBase64(const std::string& hex) {
  return Shell("python3 -c 'import sys,base64; print(base64.b64encode(bytes.fromhex(sys.argv[1])).decode(), end=\"\")' " +
               hex);
}

// sigstore-js's bundles and its verdict on each case (cases.json).
std::string Bundles() {
  static const std::string dir = [] {
    std::string d = TempDirectory() + "/bundles";
    Node("blob " + d + " " + Keys() + "/key.pem " + Keys() + "/other.pub");
    return d;
  }();
  return dir;
}

std::string VerifyBlobArgs(const nlohmann::json& c, const std::string& dir) {
  std::string args = "verify blob --bundle " + dir + "/" + c["bundle"].get<std::string>() + " --trusted-root " + dir +
                     "/" + c["trusted_root"].get<std::string>();
  if (!c["key"].is_null()) args += " --key " + dir + "/" + c["key"].get<std::string>();
  if (!c["identity"].is_null()) {
    args += " --certificate-identity '" + c["identity"].get<std::string>() + "' --certificate-oidc-issuer '" +
            c["issuer"].get<std::string>() + "'";
  }
  return args + " " + dir + "/" + c["artifact"].get<std::string>();
}

// Every case: drydock agrees with @sigstore/verify. The valid ones must be valid in sigstore-js (else the test
// would compare two failures), and every tampering must fail in both.
TEST(VerifyBlob, AgreesWithSigstoreJsOnEveryCase) {
  std::string dir = Bundles();
  auto cases = nlohmann::json::parse(ReadText(dir + "/cases.json"));
  ASSERT_EQ(cases.size(), 25u);
  const std::set<std::string> valid_cases = {"keyless message signature", "keyless DSSE in-toto",
                                             "key message signature", "key DSSE in-toto",
                                             "keyless with RFC 3161 timestamp",
                                             "inclusion promise removed, RFC 3161 timestamp"};
  std::cout << "| case | @sigstore/verify | drydock verify blob |\n|---|---|---|\n";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    std::string name = c["name"].get<std::string>();
    std::string expected = c["sigstore_js"].get<std::string>();
    bool valid_case = valid_cases.contains(name);
    EXPECT_EQ(expected == "ok", valid_case) << name << ": sigstore-js said " << expected;
    auto result = RunDrydock(VerifyBlobArgs(c, dir));
    std::string said = result.exit_code == 0 ? "ok" : result.err.substr(0, result.err.find('\n'));
    std::cout << "| " << name << " | " << expected << " | " << (result.exit_code == 0 ? "ok" : "exit " +
              std::to_string(result.exit_code) + ": " + said.substr(said.rfind("verify: ") == std::string::npos
                                                                         ? 0 : said.rfind("verify: ") + 8)) << " |\n";
    EXPECT_EQ(result.exit_code, valid_case ? 0 : 1) << name << "\n" << result.out << result.err;
    if (valid_case) {
      EXPECT_NE(result.out.find("Verified OK"), std::string::npos) << name;
      // A TSA's time, once verified, is the signing time.
      EXPECT_EQ(result.out.find("timestamped at") != std::string::npos, name.find("RFC 3161 timestamp") != std::string::npos)
          << result.out;
    }
  }
}

// Each failure says why, in words a user can act on.
TEST(VerifyBlob, FailuresNameTheReason) {
  std::string dir = Bundles();
  auto cases = nlohmann::json::parse(ReadText(dir + "/cases.json"));
  std::map<std::string, std::string> want = {
      {"artifact byte changed", "not the artifact's sha256:"},
      {"artifact byte changed (DSSE subject)", "no subject with sha256:"},
      {"message digest replaced", "not the artifact's"},
      {"DSSE payload changed", "log entry records another digest"},
      {"integrated time changed (SET)", "signed entry timestamp"},
      {"wrong key", "signature does not verify under the ECDSA P-256 key"},
      {"wrong identity", "does not match identity"},
      {"wrong issuer", "OIDC issuer \"https://token.actions.githubusercontent.com\" is not"},
      {"expired certificate", "certificate was not valid when the signature was made"},
      {"wrong trusted root", "does not chain to the trusted root"},
      {"timestamp from an untrusted TSA", "RFC 3161 timestamp 0: timestamp does not verify under a trusted"},
      {"timestamp byte changed", "RFC 3161 timestamp 0:"},
      {"certificate expired at the TSA time", "certificate was not valid when the signature was made"},
      {"inclusion promise removed", "no verified time"},
      {"v0.1 bundle without an inclusion promise", "v0.1 bundle needs a signed entry timestamp"},
      {"key signature without a log entry", "no transparency-log entry: under --trusted-root"},
      {"certificate without an SCT", "certificate has no signed certificate timestamp"},
      {"SCT from a CT log not in the trusted root", "no valid signed certificate timestamp: no SCT names a CT log"},
  };
  for (const auto& c : cases) {
    auto it = want.find(c["name"].get<std::string>());
    if (it == want.end()) continue;
    auto result = RunDrydock(VerifyBlobArgs(c, dir));
    EXPECT_NE(result.err.find(it->second), std::string::npos) << it->first << ": " << result.err;
  }
}

TEST(VerifyBlob, RegexIdentityAndDigestOnlyArtifact) {
  std::string dir = Bundles();
  std::string common = " --trusted-root " + dir + "/trusted_root.json";
  std::string bundle = " --bundle " + dir + "/keyless-message.json";
  auto regex = RunDrydock("verify blob" + bundle + common +
                          " --certificate-identity-regexp '^https://github.com/drydock/' "
                          "--certificate-oidc-issuer-regexp 'githubusercontent\\.com$' " + dir + "/artifact.txt");
  EXPECT_EQ(regex.exit_code, 0) << regex.err;
  auto no_match = RunDrydock("verify blob" + bundle + common + " --certificate-identity-regexp '^https://gitlab' "
                             "--certificate-oidc-issuer-regexp '.*' " + dir + "/artifact.txt");
  EXPECT_EQ(no_match.exit_code, 1);
  // sha256:HEX instead of the file: ECDSA signatures are checked over the digest.
  std::string hex = Shell("sha256sum " + dir + "/artifact.txt | cut -c1-64");
  hex.erase(hex.find_last_not_of("\n") + 1);
  std::string keyless = " --certificate-identity '" + kIdentity + "' --certificate-oidc-issuer '" + kIssuer + "'";
  auto by_digest = RunDrydock("verify blob" + bundle + common + keyless + " sha256:" + hex);
  EXPECT_EQ(by_digest.exit_code, 0) << by_digest.err;
  auto key_digest = RunDrydock("verify blob --bundle " + dir + "/key-message.json --key " + dir + "/key.pub sha256:" +
                               hex);
  EXPECT_EQ(key_digest.exit_code, 0) << key_digest.err;
  auto other_digest = RunDrydock("verify blob" + bundle + common + keyless + " sha256:" + std::string(64, '0'));
  EXPECT_EQ(other_digest.exit_code, 1);
}

TEST(VerifyBlob, UsageAndBrokenInputs) {
  std::string dir = Bundles();
  // Keyless without a trusted root, or an identity without an issuer: usage errors.
  EXPECT_EQ(RunDrydock("verify blob --bundle " + dir + "/keyless-message.json --certificate-identity x "
                       "--certificate-oidc-issuer y " + dir + "/artifact.txt").exit_code, 2);
  EXPECT_EQ(RunDrydock("verify blob --bundle " + dir + "/keyless-message.json --certificate-identity x --trusted-root " +
                       dir + "/trusted_root.json " + dir + "/artifact.txt").exit_code, 2);
  EXPECT_EQ(RunDrydock("verify blob --bundle " + dir + "/key-message.json " + dir + "/artifact.txt").exit_code, 2);
  // Broken bundles, keys and roots: exit 3 with the file named, never a crash.
  std::string broken = TempDirectory() + "/broken";
  std::filesystem::create_directories(broken);
  std::ofstream(broken + "/notjson.json") << "{\"mediaType\": ";
  std::ofstream(broken + "/wrongtype.json") << R"({"mediaType":"application/json","messageSignature":{}})";
  std::ofstream(broken + "/nosig.json")
      << R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{}}})";
  std::ofstream(broken + "/badb64.json")
      << R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{}},)"
         R"("messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"%%%"},"signature":"AAAA"}})";
  for (const char* name : {"notjson", "wrongtype", "nosig", "badb64"}) {
    auto result = RunDrydock("verify blob --bundle " + broken + "/" + name + ".json --key " + dir + "/key.pub " + dir +
                             "/artifact.txt");
    EXPECT_EQ(result.exit_code, 3) << name << ": " << result.err;
    EXPECT_NE(result.err.find(name), std::string::npos) << result.err;
  }
  auto bad_key = RunDrydock("verify blob --bundle " + dir + "/key-message.json --key " + broken + "/notjson.json " +
                            dir + "/artifact.txt");
  EXPECT_EQ(bad_key.exit_code, 2);
  EXPECT_NE(bad_key.err.find("not a PEM public key"), std::string::npos) << bad_key.err;
  auto bad_root = RunDrydock("verify blob --bundle " + dir + "/keyless-message.json --certificate-identity x "
                             "--certificate-oidc-issuer y --trusted-root " + broken + "/wrongtype.json " + dir +
                             "/artifact.txt");
  EXPECT_EQ(bad_root.exit_code, 2);
  EXPECT_NE(bad_root.err.find("not a Sigstore trusted root"), std::string::npos) << bad_root.err;
}

// cosign's SIGNATURE_SPEC.md example: a real 2021 Rekor entry (rekord, Fulcio certificate for
// priyawadhwa@google.com, SET by rekor.sigstore.dev) over an artifact known only by its digest. Written as a v0.1
// bundle, it verifies against Sigstore's public-good trusted root (the one @sigstore/tuf ships in seeds.json).
class CosignSpecVector : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = TempDirectory() + "/spec";
    std::filesystem::create_directories(dir_);
    Shell("python3 -c 'import json,base64,sys; d=json.load(open(sys.argv[1]));"
          " sys.stdout.buffer.write(base64.b64decode(d[\"https://tuf-repo-cdn.sigstore.dev\"][\"targets\"]"
          "[\"trusted_root.json\"]))' " + NodeModules() + "/@sigstore/tuf/seeds.json > " + dir_ + "/public_good.json");
    std::string spec = ReadText(TestData("sigstore+cosign/specs/SIGNATURE_SPEC.md"));
    auto field = [&](const std::string& pattern) {
      std::smatch m;
      EXPECT_TRUE(std::regex_search(spec, m, std::regex(pattern))) << pattern;
      return m.size() > 1 ? m[1].str() : std::string();
    };
    std::string body_b64 = field("\"body\": \"([^\"]+)\"");
    std::string body = Shell("echo " + body_b64 + " | base64 -d");
    auto entry = nlohmann::json::parse(body);
    std::string pem = Shell("echo " + entry["spec"]["signature"]["publicKey"]["content"].get<std::string>() + " | base64 -d");
    std::string der_b64 = Shell("echo '" + pem + "' | openssl x509 -outform DER | base64 -w0");
    std::string log_id = field("\"logID\": \"([0-9a-f]+)\"");
    std::string digest = entry["spec"]["data"]["hash"]["value"].get<std::string>();
    digest_ = "sha256:" + digest;
    nlohmann::json bundle = {
        {"mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.1"},
        {"verificationMaterial",
         {{"x509CertificateChain", {{"certificates", {{{"rawBytes", der_b64}}}}}},
          {"tlogEntries",
           {{{"logIndex", field("\"logIndex\": ([0-9]+)")},
             {"logId", {{"keyId", HexToBase64(log_id)}}},
             {"kindVersion", {{"kind", "rekord"}, {"version", "0.0.1"}}},
             {"integratedTime", field("\"integratedTime\": ([0-9]+)")},
             {"inclusionPromise", {{"signedEntryTimestamp", field("\"SignedEntryTimestamp\": \"([^\"]+)\"")}}},
             {"canonicalizedBody", body_b64}}}}}},
        {"messageSignature",
         {{"messageDigest", {{"algorithm", "SHA2_256"}, {"digest", HexToBase64(digest)}}},
          {"signature", entry["spec"]["signature"]["content"]}}}};
    std::ofstream(dir_ + "/bundle.json") << bundle.dump(2);
    nlohmann::json tampered = bundle;
    tampered["verificationMaterial"]["tlogEntries"][0]["logIndex"] = "5180";
    std::ofstream(dir_ + "/tampered.json") << tampered.dump(2);
  }
  std::string Args(const std::string& bundle, const std::string& identity, const std::string& digest) {
    return "verify blob --bundle " + dir_ + "/" + bundle + " --trusted-root " + dir_ + "/public_good.json"
           " --certificate-identity " + identity + " --certificate-oidc-issuer-regexp '.*' --insecure-ignore-sct " + digest;
  }
  static inline std::string dir_, digest_;
};

// The vector's certificate is from June 2021, before Fulcio embedded SCTs: cosign verifies it only with
// --insecure-ignore-sct, and so does drydock.
TEST_F(CosignSpecVector, VerifiesAgainstThePublicGoodRoot) {
  auto strict = RunDrydock(Args("bundle.json", "priyawadhwa@google.com", digest_).replace(
      Args("bundle.json", "priyawadhwa@google.com", digest_).find(" --insecure-ignore-sct"), 22, ""));
  EXPECT_EQ(strict.exit_code, 1) << strict.out;
  EXPECT_NE(strict.err.find("certificate has no signed certificate timestamp"), std::string::npos) << strict.err;
  auto result = RunDrydock(Args("bundle.json", "priyawadhwa@google.com", digest_));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("signed by priyawadhwa@google.com"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("logged at 1624396085"), std::string::npos) << result.out;
}

TEST_F(CosignSpecVector, TamperingFails) {
  auto identity = RunDrydock(Args("bundle.json", "someone@example.com", digest_));
  EXPECT_EQ(identity.exit_code, 1);
  auto digest = RunDrydock(Args("bundle.json", "priyawadhwa@google.com", "sha256:" + std::string(64, 'a')));
  EXPECT_EQ(digest.exit_code, 1);
  auto set = RunDrydock(Args("tampered.json", "priyawadhwa@google.com", digest_));
  EXPECT_EQ(set.exit_code, 1);
  EXPECT_NE(set.err.find("signed entry timestamp"), std::string::npos) << set.err;
}

}  // namespace
}  // namespace drydock::e2e
