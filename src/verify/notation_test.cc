// Notation's pure pieces on hostile and edge input: trusted identities (escapes, required attributes), trust
// policy documents, JWS envelopes that must be refused before any cryptography, and RFC 3161 tokens that are not.
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <tuple>

#include "verify/bundle.h"
#include "verify/encoding.h"
#include "verify/image_signatures.h"
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

// A self-signed certificate whose subject is `rdns` in order: {type, value, set}, where entries sharing a set
// number form one multi-valued RDN.
Certificate CertificateWithSubject(const std::vector<std::tuple<const char*, const char*, int>>& rdns) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"),
                                                          EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_NAME* name = X509_get_subject_name(cert.get());
  int previous_set = -1;
  for (const auto& [type, value, set] : rdns) {
    X509_NAME_add_entry_by_txt(name, type, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value), -1, -1,
                               set == previous_set ? -1 : 0);
    previous_set = set;
  }
  X509_set_issuer_name(cert.get(), name);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_sign(cert.get(), key.get(), EVP_sha256());
  unsigned char* der = nullptr;
  int length = i2d_X509(cert.get(), &der);
  auto parsed = Certificate::FromDer(std::string_view(reinterpret_cast<char*>(der), static_cast<std::size_t>(length)));
  OPENSSL_free(der);
  return *parsed;
}

// notation-go refuses subjects that repeat an attribute type or hold a multi-valued RDN: matched attribute by
// attribute, "O=evil, O=acme" would pass for O=acme.
TEST(TrustedIdentity, RepeatedAttributesAndMultiValuedRdnsAreRefused) {
  const std::vector<std::string> acme = {"x509.subject: C=US, ST=WA, O=acme"};
  auto plain = CertificateWithSubject({{"C", "US", 0}, {"ST", "WA", 1}, {"O", "acme", 2}, {"CN", "signer", 3}});
  EXPECT_TRUE(MatchTrustedIdentity(acme, plain));
  auto twice = CertificateWithSubject({{"C", "US", 0}, {"ST", "WA", 1}, {"O", "evil", 2}, {"O", "acme", 3}});
  auto repeated = MatchTrustedIdentity(acme, twice);
  ASSERT_FALSE(repeated);
  EXPECT_NE(repeated.error().message.find("repeats attribute O"), std::string::npos) << repeated.error().message;
  auto multi = CertificateWithSubject({{"C", "US", 0}, {"ST", "WA", 1}, {"O", "acme", 2}, {"CN", "signer", 2}});
  auto multi_valued = MatchTrustedIdentity(acme, multi);
  ASSERT_FALSE(multi_valued);
  EXPECT_NE(multi_valued.error().message.find("multi-valued RDN"), std::string::npos) << multi_valued.error().message;
  // "*" trusts any signer the trust store vouches for, whatever its subject looks like.
  EXPECT_TRUE(MatchTrustedIdentity({"*"}, twice));
}

// Scopes are written as users and `notation` write names (trust-store-trust-policy.md: "docker.io/..."), not with
// the host a Docker Hub pull contacts: a strict scoped policy must not fall back to the global one.
TEST(TrustPolicy, DockerHubScopesAreDockerIo) {
  NotationTrustPolicy trust{.policies = {NotationPolicy{.name = "acme", .registry_scopes = {"docker.io/acme/app"}},
                                         NotationPolicy{.name = "official", .registry_scopes = {"docker.io/library/alpine"}},
                                         NotationPolicy{.name = "local", .registry_scopes = {"127.0.0.1:5000/team/app"}},
                                         NotationPolicy{.name = "everything-else", .registry_scopes = {"*"}}}};
  const std::pair<const char*, const char*> cases[] = {
      {"acme/app:1.0", "acme"},
      {"docker.io/acme/app@sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "acme"},
      {"registry-1.docker.io/acme/app:1.0", "acme"},
      {"alpine", "official"},
      {"127.0.0.1:5000/team/app:2", "local"},
      {"ghcr.io/acme/app:1.0", "everything-else"},
  };
  for (const auto& [image, policy] : cases) {
    auto ref = ParseReference(image);
    ASSERT_TRUE(ref) << image;
    const NotationPolicy* selected = trust.Select(NotationScope(*ref));
    ASSERT_NE(selected, nullptr) << image;
    EXPECT_EQ(selected->name, policy) << image << " as " << NotationScope(*ref);
  }
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
