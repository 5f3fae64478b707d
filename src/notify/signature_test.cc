#include "notify/signature.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

// The Standard Webhooks reference vector (the libraries' own tests sign exactly this).
TEST(WebhookSignature, ReproducesTheSpecVector) {
  auto key = WebhookSecretKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(SignWebhook(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, AnyChangeChangesTheSignature) {
  auto key = WebhookSecretKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key);
  const std::string base = SignWebhook(*key, "msg_1", 100, "{}");
  EXPECT_NE(base, SignWebhook(*key, "msg_2", 100, "{}"));
  EXPECT_NE(base, SignWebhook(*key, "msg_1", 101, "{}"));
  EXPECT_NE(base, SignWebhook(*key, "msg_1", 100, "{ }"));
}

TEST(WebhookSignature, NewSecretsAreValidAndDistinct) {
  auto a = NewWebhookSecret(), b = NewWebhookSecret();
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  auto key = WebhookSecretKey(*a);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->size(), 32u);
}

TEST(WebhookSignature, RejectsMalformedSecretsWithoutQuotingThem) {
  for (std::string_view bad : {"", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_!!!not-base64!!!",
                               "whsec_c2hvcnQ=" /* "short": 5 bytes */}) {
    auto key = WebhookSecretKey(bad);
    ASSERT_FALSE(key) << bad;
    EXPECT_EQ(key.error().code, ErrorCode::kInvalidInput);
    if (bad.size() > 6) {
      EXPECT_EQ(key.error().message.find(bad.substr(6)), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace drydock
