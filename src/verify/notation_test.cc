// Notation's pure pieces on hostile and edge input: trusted identities (escapes, required attributes), trust
// policy documents, JWS envelopes that must be refused before any cryptography, and RFC 3161 tokens that are not.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "verify/bundle.h"
#include "verify/encoding.h"
#include "verify/notation.h"
#include "verify/notation_trust.h"
#include "verify/rfc3161.h"

namespace drydock::verify {
namespace {

using Rdns = std::vector<std::pair<std::string, std::string>>;

TEST(TrustedIdentity, ParsesRdnsWithEscapes) {
  auto parsed = ParseTrustedIdentity("x509.subject: C=US, S=WA, O=wabbit\\, networks, OU=a\\\\b, CN=\\ x");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, (Rdns{{"C", "US"}, {"ST", "WA"}, {"O", "wabbit, networks"}, {"OU", "a\\b"}, {"CN", " x"}}));
}

TEST(TrustedIdentity, RejectsWhatTheSpecForbids) {
  const char* bad[] = {
      "C=US, ST=WA, O=acme",                       // no x509.subject: prefix
      "x509.subject: C=US, ST=WA",                 // no O
      "x509.subject: ST=WA, O=acme",               // no C
      "x509.subject: C=US, O=acme",                // no ST
      "x509.subject: C=US, ST=WA, O=acme, junk",   // not TYPE=VALUE
      "x509.subject:",
  };
  for (const char* identity : bad) EXPECT_FALSE(ParseTrustedIdentity(identity)) << identity;
}

TEST(TrustPolicy, RejectsMalformedDocuments) {
  std::string store = ::testing::TempDir() + "/notation-empty-store";
  std::filesystem::create_directories(store + "/x509/ca/empty");
  const char* bad[] = {
      "",
      "[]",
      R"({"version": "2.0", "trustPolicies": []})",
      R"({"version": "1.0", "trustPolicies": []})",
      R"({"version": "1.0", "trustPolicies": [7]})",
      R"({"version": "1.0", "trustPolicies": [{"name": "p", "registryScopes": ["*"],
          "signatureVerification": {"level": "lenient"}, "trustStores": ["ca:empty"], "trustedIdentities": ["*"]}]})",
      R"({"version": "1.0", "trustPolicies": [{"name": "p", "registryScopes": ["*", "a/b"],
          "signatureVerification": {"level": "strict"}, "trustStores": ["ca:empty"], "trustedIdentities": ["*"]}]})",
      R"({"version": "1.0", "trustPolicies": [{"name": "p", "registryScopes": ["*"],
          "signatureVerification": {"level": "strict"}, "trustStores": ["ca:../../etc"], "trustedIdentities": ["*"]}]})",
      R"({"version": "1.0", "trustPolicies": [{"name": "p", "registryScopes": ["*"],
          "signatureVerification": {"level": "strict"}, "trustStores": ["ca:empty"], "trustedIdentities": ["*"]}]})",
      R"({"version": "1.0", "trustPolicies": [{"name": "p", "registryScopes": ["*"],
          "signatureVerification": {"level": "skip"}}]})",
  };
  for (const char* text : bad) EXPECT_FALSE(LoadNotationTrustPolicy(text, store)) << text;
  // A skip policy for one repository is fine: nothing is read for it.
  auto skip = LoadNotationTrustPolicy(R"({"version": "1.0", "trustPolicies": [{"name": "p", "registryScopes":
      ["r.example/a"], "signatureVerification": {"level": "skip"}}]})", store);
  ASSERT_TRUE(skip) << skip.error().message;
  EXPECT_NE(skip->Select("r.example/a"), nullptr);
  EXPECT_EQ(skip->Select("r.example/b"), nullptr);
}

TEST(NotationJws, RefusesBrokenEnvelopes) {
  NotationPolicy policy{.name = "p", .registry_scopes = {"*"}};
  NotationTarget target{.media_type = "application/vnd.oci.image.manifest.v1+json", .digest = "sha256:ab", .size = 1};
  std::string header = Base64Encode(R"({"alg":"ES256"})");
  const std::string bad[] = {
      "",
      "not json",
      "[]",
      R"({"payload": "e30", "protected": "e30", "signature": "AAAA", "extra": 1})",
      R"({"payload": "e30", "protected": "%%%", "signature": "AAAA", "header": {"x5c": ["AAAA"]}})",
      R"({"payload": "e30", "protected": "e30", "signature": "", "header": {"x5c": ["AAAA"]}})",
      R"({"payload": "e30", "protected": "e30", "signature": "AAAA", "header": {}})",
      R"({"payload": "e30", "protected": "e30", "signature": "AAAA", "header": {"x5c": []}})",
      R"({"payload": "e30", "protected": "e30", "signature": "AAAA", "header": {"x5c": [1]}})",
      R"({"payload": "e30", "protected": "e30", "signature": "AAAA", "header": {"x5c": ["AAAA"]}})",
      R"({"payload": "e30", "protected": ")" + header + R"(", "signature": "AAAA", "header": {"x5c": ["MIIB"]}})",
      std::string(kMaxNotationEnvelopeBytes + 1, ' '),
  };
  for (const auto& envelope : bad) {
    auto result = VerifyNotationJws(envelope, target, policy, 0);
    EXPECT_FALSE(result) << envelope.substr(0, 80);
  }
}

TEST(Rfc3161, RefusesWhatIsNotAToken) {
  std::vector<CertificateChain> none;
  for (std::string_view der : {std::string_view(""), std::string_view("\x30\x03\x02\x01\x00", 5),
                               std::string_view("garbage")}) {
    EXPECT_FALSE(VerifyRfc3161(der, "data", none));
  }
  EXPECT_FALSE(VerifyRfc3161(std::string(kMaxTimestampBytes + 1, '\x30'), "data", none));
}

TEST(BundleTimestamps, ParsedAndBounded) {
  std::string base = R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{},
      "timestampVerificationData":{"rfc3161Timestamps":TIMESTAMPS}},
      "messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AAAA"},"signature":"AAAA"}})";
  auto with = [&](const std::string& timestamps) {
    std::string text = base;
    return ParseBundle(text.replace(text.find("TIMESTAMPS"), 10, timestamps));
  };
  auto two = with(R"([{"signedTimestamp":"MAA="},{"signedTimestamp":"MAA="}])");
  ASSERT_TRUE(two) << two.error().message;
  EXPECT_EQ(two->rfc3161_tokens.size(), 2u);
  EXPECT_EQ(two->rfc3161_tokens[0], std::string("\x30\x00", 2));
  EXPECT_FALSE(with(R"([{"signedTimestamp":"%%"}])"));
  EXPECT_FALSE(with(R"([{}])"));
  EXPECT_FALSE(with(R"({"signedTimestamp":"MAA="})"));
  std::string many = "[";
  for (int i = 0; i < 9; ++i) many += std::string(i ? "," : "") + R"({"signedTimestamp":"MAA="})";
  EXPECT_FALSE(with(many + "]"));
}

}  // namespace
}  // namespace drydock::verify
