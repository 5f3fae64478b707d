// The signature harnesses' seeds (fuzz/make_verify_seeds.py) verify through their adapters against the roots in
// fuzz/verify_roots.h, so a campaign's mutations start from inputs that reach every check, not from ones the
// first check refuses. Regenerating the seeds without the roots, or the roots without the seeds, fails here.
#include <gtest/gtest.h>

#include <string>

#include "common/file.h"
#include "verify_adapters.h"

namespace drydock::verify {
namespace {

std::string Seed(const std::string& name) {
  auto bytes = ReadFileBounded(std::string(DRYDOCK_SOURCE_DIR) + "/fuzz/seeds/" + name, 1 << 20);
  EXPECT_TRUE(bytes.has_value()) << name;
  return bytes.value_or("");
}

TEST(VerifySeedsTest, NotationEnvelopeVerifiesWithItsTimestamp) {
  auto verified = FuzzNotationJws(Seed("notation_jws_fuzz/stamped.json"));
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_TRUE(verified->logged.empty());
  EXPECT_GT(verified->signed_at, kFuzzNow - 3 * 86400);  // the countersignature's time, not "now"
  EXPECT_LE(verified->signed_at, kFuzzNow);
}

TEST(VerifySeedsTest, TimestampTokenVerifies) {
  auto stamp = FuzzRfc3161(Seed("rfc3161_fuzz/token.der"));
  ASSERT_TRUE(stamp.has_value()) << stamp.error().message;
  EXPECT_NE(stamp->authority.find("drydock fuzz TSA root"), std::string::npos) << stamp->authority;
}

TEST(VerifySeedsTest, CertificateChainsToTheRoot) {
  auto leaf = Certificate::FromDer(Seed("certificate_fuzz/leaf.der"));
  ASSERT_TRUE(leaf.has_value()) << leaf.error().message;
  auto chain = Certificate::FromPemChain(Seed("certificate_fuzz/chain.pem"));
  ASSERT_TRUE(chain.has_value()) << chain.error().message;
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ(chain->front().Der(), leaf->Der());
  auto verified = VerifyChain(*leaf, {FuzzRoot(kFuzzCaRoot)}, kFuzzNow);
  EXPECT_TRUE(verified.has_value()) << verified.error().message;
}

TEST(VerifySeedsTest, AttestationEnvelopeVerifiesUnderTheKey) {
  auto check = FuzzDsseEnvelope(Seed("dsse_envelope_fuzz/provenance.json"));
  EXPECT_TRUE(check.valid) << check.detail;
  EXPECT_EQ(check.predicate_type, "https://slsa.dev/provenance/v1");
}

TEST(VerifySeedsTest, SimpleSigningPayloadNamesTheImage) {
  auto checked = FuzzSimpleSigning(Seed("simple_signing_fuzz/payload.json"));
  EXPECT_TRUE(checked.has_value()) << checked.error().message;
}

TEST(VerifySeedsTest, RekorBodiesParseUpToTheSignatureComparison) {
  for (const char* seed : {"tlog_body_fuzz/key-message.json", "tlog_body_fuzz/keyless-dsse.json"}) {
    auto checked = FuzzTlogBody(Seed(seed));
    ASSERT_FALSE(checked.has_value()) << seed;
    EXPECT_EQ(checked.error().message, "log entry records another signature") << seed;
  }
}

}  // namespace
}  // namespace drydock::verify
