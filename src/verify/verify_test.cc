// Pure pieces of verification: encodings, the Merkle inclusion proof against an independent RFC 6962 tree, DSSE's
// PAE (the spec's own example), payload and statement checks, identity matching, and hostile bundles/roots.
#include <gtest/gtest.h>

#include <openssl/evp.h>

#include "verify/bundle.h"
#include "verify/bundle_verify.h"
#include "verify/encoding.h"
#include "verify/image_signatures.h"
#include "verify/tlog.h"
#include "verify/trust_policy.h"
#include "verify/trusted_root.h"

namespace drydock::verify {
namespace {

std::string Sha256(std::string_view data) {
  unsigned char out[32];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(out), length);
}

// RFC 6962 section 2.1, written from the definitions: MTH and PATH, recursively.
std::string Mth(const std::vector<std::string>& leaves, std::size_t begin, std::size_t end) {
  if (end - begin == 1) return Sha256(std::string(1, '\0') + leaves[begin]);
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return Sha256(std::string(1, '\1') + Mth(leaves, begin, begin + k) + Mth(leaves, begin + k, end));
}

std::vector<std::string> Path(std::size_t m, const std::vector<std::string>& leaves, std::size_t begin,
                              std::size_t end) {
  if (end - begin == 1) return {};
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  std::vector<std::string> out;
  if (m < k) {
    out = Path(m, leaves, begin, begin + k);
    out.push_back(Mth(leaves, begin + k, end));
  } else {
    out = Path(m - k, leaves, begin + k, end);
    out.push_back(Mth(leaves, begin, begin + k));
  }
  return out;
}

TEST(InclusionProof, EveryLeafOfTreesUpToSeventeen) {
  for (std::size_t size = 1; size <= 17; ++size) {
    std::vector<std::string> leaves;
    for (std::size_t i = 0; i < size; ++i) leaves.push_back("leaf " + std::to_string(i));
    std::string root = Mth(leaves, 0, size);
    for (std::size_t i = 0; i < size; ++i) {
      std::string leaf_hash = Sha256(std::string(1, '\0') + leaves[i]);
      auto path = Path(i, leaves, 0, size);
      auto n = static_cast<std::int64_t>(size);
      auto index = static_cast<std::int64_t>(i);
      EXPECT_TRUE(VerifyInclusion(leaf_hash, index, n, path, root)) << size << "/" << i;
      // Wrong index, wrong size, a changed sibling, a truncated path: all rejected.
      if (size > 1) {
        EXPECT_FALSE(VerifyInclusion(leaf_hash, (index + 1) % n, n, path, root)) << size << "/" << i;
        auto changed = path;
        changed[0][0] ^= 1;
        EXPECT_FALSE(VerifyInclusion(leaf_hash, index, n, changed, root));
        changed = path;
        changed.pop_back();
        EXPECT_FALSE(VerifyInclusion(leaf_hash, index, n, changed, root));
      }
    }
  }
  EXPECT_FALSE(VerifyInclusion("x", 3, 3, {}, "x"));
  EXPECT_FALSE(VerifyInclusion("x", -1, 3, {}, "x"));
}

TEST(Encoding, Base64AndHex) {
  EXPECT_EQ(*Base64Decode("aGVsbG8="), "hello");
  EXPECT_EQ(*Base64Decode("aGVsbG8"), "hello");
  EXPECT_EQ(*Base64Decode("_-8="), "\xff\xef");
  EXPECT_EQ(Base64Encode("hello"), "aGVsbG8=");
  EXPECT_FALSE(Base64Decode("a"));
  EXPECT_FALSE(Base64Decode("%%%%"));
  EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
  EXPECT_EQ(*HexDecode("01AB"), "\x01\xab");
  EXPECT_FALSE(HexDecode("0g"));
  EXPECT_FALSE(HexDecode("012"));
}

// The DSSE specification's protocol example.
TEST(Dsse, PreAuthEncoding) {
  EXPECT_EQ(PreAuthEncoding("http://example.com/HelloWorld", "hello world"),
            "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
}

TEST(InToto, StatementSubject) {
  std::string hex(64, 'a');
  std::string statement = R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"x","digest":{"sha256":")" +
                          hex + R"("}}],"predicateType":"https://slsa.dev/provenance/v1"})";
  EXPECT_EQ(*CheckStatementSubject(statement, hex), "https://slsa.dev/provenance/v1");
  EXPECT_FALSE(CheckStatementSubject(statement, std::string(64, 'b')));
  EXPECT_FALSE(CheckStatementSubject(R"({"_type":"other","subject":[]})", hex));
  EXPECT_FALSE(CheckStatementSubject("not json", hex));
  EXPECT_FALSE(CheckStatementSubject(R"({"_type":"https://in-toto.io/Statement/v1","subject":[1,"x",{"digest":3}]})", hex));
}

TEST(SimpleSigning, PayloadMustNameTheDigest) {
  std::string digest = "sha256:" + std::string(64, 'c');
  auto payload = [](const std::string& type, const std::string& key, const std::string& value) {
    return R"({"critical":{"identity":{"docker-reference":"r"},"image":{")" + key + R"(":")" + value +
           R"("},"type":")" + type + R"("},"optional":null})";
  };
  EXPECT_TRUE(CheckSimpleSigningPayload(payload("cosign container image signature", "docker-manifest-digest", digest), digest));
  // The spec's own example capitalises the key.
  EXPECT_TRUE(CheckSimpleSigningPayload(payload("cosign container image signature", "Docker-manifest-digest", digest), digest));
  EXPECT_FALSE(CheckSimpleSigningPayload(payload("cosign container image signature", "docker-manifest-digest",
                                                 "sha256:" + std::string(64, 'd')), digest));
  EXPECT_FALSE(CheckSimpleSigningPayload(payload("atomic container signature", "docker-manifest-digest", digest), digest));
  for (const char* broken : {"", "[]", "{\"critical\":1}", "{\"critical\":{\"type\":3}}", "{\"critical\":{\"image\":[]}}"}) {
    EXPECT_FALSE(CheckSimpleSigningPayload(broken, digest)) << broken;
  }
}

TEST(Identity, ExactAndRegex) {
  std::vector<std::string> sans = {"https://github.com/o/r/.github/workflows/w.yml@refs/heads/main"};
  std::string issuer = "https://token.actions.githubusercontent.com";
  EXPECT_TRUE(MatchIdentity({.subject = sans[0], .issuer = issuer}, sans, issuer));
  EXPECT_FALSE(MatchIdentity({.subject = "https://github.com/o/r", .issuer = issuer}, sans, issuer));
  EXPECT_TRUE(MatchIdentity({.subject = "^https://github\\.com/o/", .subject_regex = true, .issuer = issuer}, sans, issuer));
  EXPECT_FALSE(MatchIdentity({.subject = "^https://gitlab", .subject_regex = true, .issuer = issuer}, sans, issuer));
  EXPECT_FALSE(MatchIdentity({.subject = sans[0], .issuer = "https://accounts.google.com"}, sans, issuer));
  auto bad = MatchIdentity({.subject = "(", .subject_regex = true, .issuer = issuer}, sans, issuer);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("bad regular expression"), std::string::npos);
  EXPECT_FALSE(MatchIdentity({.subject = "x", .issuer = issuer}, {}, issuer));
}

TEST(Bundle, RejectsBrokenInput) {
  const std::string v3 = R"("mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json")";
  const std::string key = R"("verificationMaterial":{"publicKey":{"hint":"h"}})";
  const std::string message = R"("messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AAAA"},"signature":"AAAA"})";
  EXPECT_TRUE(ParseBundle("{" + v3 + "," + key + "," + message + "}"));
  const std::string broken[] = {
      "",
      "[]",
      "{" + key + "," + message + "}",                                            // no media type
      R"({"mediaType":"application/vnd.dev.sigstore.bundle.v9+json",)" + key + "," + message + "}",
      "{" + v3 + "," + message + "}",                                             // no verification material
      "{" + v3 + "," + key + "}",                                                 // no content
      "{" + v3 + "," + key + R"(,"messageSignature":{"signature":"AAAA"}})",       // no digest
      "{" + v3 + "," + key + R"(,"messageSignature":{"messageDigest":{"digest":"@@"},"signature":"AAAA"}})",
      "{" + v3 + "," + key + R"(,"dsseEnvelope":{"payload":"AAAA","payloadType":"t","signatures":[]}})",
      "{" + v3 + "," + key + R"(,"dsseEnvelope":{"payload":"AAAA","signatures":[{"sig":"A"},{"sig":"A"}]}})",
      "{" + v3 + R"(,"verificationMaterial":{"certificate":{"rawBytes":"AAAA"}},)" + message + "}",  // not DER
      "{" + v3 + R"(,"verificationMaterial":{"x509CertificateChain":{"certificates":[]}},)" + message + "}",
      "{" + v3 + R"(,"verificationMaterial":{"publicKey":{},"tlogEntries":{}},)" + message + "}",
      "{" + v3 + R"(,"verificationMaterial":{"publicKey":{},"tlogEntries":[{"logIndex":"-1"}]},)" + message + "}",
      "{" + v3 + R"(,"verificationMaterial":{"publicKey":{},"tlogEntries":[{"logIndex":"1","logId":{"keyId":"AA=="}}]},)" +
          message + "}",  // no body
      "{" + v3 + R"(,"verificationMaterial":{"publicKey":{},"tlogEntries":[{"logIndex":"99999999999999999999"}]},)" +
          message + "}",
  };
  for (const auto& text : broken) EXPECT_FALSE(ParseBundle(text)) << text;
  EXPECT_FALSE(ParseBundle(std::string(kMaxBundleBytes + 1, ' ')));
}

TEST(TrustedRoot, RejectsBrokenInput) {
  const std::string type = R"("mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1")";
  EXPECT_TRUE(ParseTrustedRoot("{" + type + "}"));
  const std::string broken[] = {
      "", "{}", "{" + type + R"(,"tlogs":[{"publicKey":{"rawBytes":"AAAA"},"logId":{"keyId":"AA=="}}]})",
      "{" + type + R"(,"tlogs":[{"logId":{"keyId":"AA=="}}]})",
      "{" + type + R"(,"certificateAuthorities":[{"certChain":{"certificates":[{"rawBytes":"AAAA"}]}}]})",
      "{" + type + R"(,"certificateAuthorities":[{"certChain":{"certificates":[]}}]})",
      "{" + type + R"(,"certificateAuthorities":[{}]})",
  };
  for (const auto& text : broken) EXPECT_FALSE(ParseTrustedRoot(text)) << text;
}

// Every signature document goes through common/bounded_json: a nesting bomb inside an otherwise valid shape is
// refused before any tree is built, never walked.
TEST(BoundedJson, NestingBombsAreRefusedEverywhere) {
  const std::string bomb = std::string(10000, '[') + std::string(10000, ']');
  const std::string v3 = R"("mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json")";
  const std::string message = R"("messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AAAA"},"signature":"AAAA"})";
  EXPECT_FALSE(ParseBundle("{" + v3 + R"(,"verificationMaterial":{"publicKey":{"hint":)" + bomb + "}}," + message + "}"));
  EXPECT_FALSE(ParseTrustedRoot(R"({"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","x":)" +
                                bomb + "}"));
  const std::string hex(64, 'a');
  EXPECT_FALSE(CheckStatementSubject(R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"x","digest":)"
                                     R"({"sha256":")" + hex + R"("}}],"predicateType":"p","predicate":)" + bomb + "}",
                                     hex));
  const std::string digest = "sha256:" + hex;
  EXPECT_FALSE(CheckSimpleSigningPayload(R"({"critical":{"image":{"docker-manifest-digest":")" + digest +
                                         R"("},"type":"cosign container image signature"},"optional":)" + bomb + "}",
                                         digest));
  // The same documents without the bomb pass: the bound, not the shape, refused them.
  EXPECT_TRUE(CheckStatementSubject(R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"x","digest":)"
                                    R"({"sha256":")" + hex + R"("}}],"predicateType":"p","predicate":[[1]]})", hex));
}

TEST(TrustedRoot, Rfc3339) {
  EXPECT_EQ(*ParseRfc3339("2021-01-12T11:53:27Z"), 1610452407);
  EXPECT_EQ(*ParseRfc3339("2021-01-12T11:53:27.000Z"), 1610452407);
  EXPECT_EQ(*ParseRfc3339("2021-01-12T12:53:27+01:00"), 1610452407);
  EXPECT_FALSE(ParseRfc3339("2021-01-12"));
  EXPECT_FALSE(ParseRfc3339("2021-01-12T11:53:27"));
  // A leap day, a leap second (the next day's first second) and an offset west of UTC.
  EXPECT_EQ(*ParseRfc3339("2024-02-29t23:59:60.5-00:30"), *ParseRfc3339("2024-03-01T00:30:00Z"));
  EXPECT_EQ(*ParseRfc3339("2024-03-01T00:30:00Z"), 1709253000);
  // What sscanf and timegm let through before: a wrong field is an error, not a later time.
  for (const char* bad : {"2021-13-01T00:00:00Z", "2021-02-29T00:00:00Z", "2021-04-31T00:00:00Z",
                          "2021-01-00T00:00:00Z", "2021-01-12T24:00:00Z", "2021-01-12T11:60:00Z",
                          "2021-01-12T11:53:61Z", "2021-01-12T11:53:27+24:00", "2021-01-12T11:53:27+01:60",
                          "2021-01-12T11:53:27Zjunk", "2021-01-12T11:53:27+01:00x", " 2021-01-12T11:53:27Z",
                          "+2021-01-12T11:53:27Z", "2021-1-12T11:53:27Z", "2021-01-12T11:53:27.Z",
                          "2021-01-12 11:53:27Z", "2021-01-12T11:53:27+0100"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

TEST(PublicKey, RejectsWhatIsNotAKey) {
  EXPECT_FALSE(PublicKey::FromPem(""));
  EXPECT_FALSE(PublicKey::FromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
  EXPECT_FALSE(PublicKey::FromDer("\x30\x03\x02\x01\x01"));
}

}  // namespace
}  // namespace drydock::verify
