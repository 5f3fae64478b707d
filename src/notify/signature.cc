#include "notify/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "verify/encoding.h"

namespace drydock {
namespace {

constexpr std::size_t kNewSecretBytes = 32;
constexpr std::size_t kMinSecretBytes = 24, kMaxSecretBytes = 64;

}  // namespace

Result<std::string> NewWebhookSecret() {
  std::string bytes(kNewSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1) {
    return Fail("no random bytes for a webhook secret");
  }
  return std::string(kWebhookSecretPrefix) + verify::Base64Encode(bytes);
}

Result<std::string> WebhookSecretKey(std::string_view secret) {
  if (!secret.starts_with(kWebhookSecretPrefix)) {
    return FailWith(ErrorCode::kInvalidInput, "a webhook secret is \"whsec_\" followed by base64");
  }
  auto key = verify::Base64Decode(secret.substr(kWebhookSecretPrefix.size()));
  // The message never quotes the secret: it is someone's credential even when malformed.
  if (!key) return FailWith(ErrorCode::kInvalidInput, "a webhook secret's part after \"whsec_\" must be base64");
  if (key->size() < kMinSecretBytes || key->size() > kMaxSecretBytes) {
    return FailWith(ErrorCode::kInvalidInput, "a webhook secret holds {} to {} bytes (base64), not {}",
                    kMinSecretBytes, kMaxSecretBytes, key->size());
  }
  return key;
}

std::string SignWebhook(std::string_view key, std::string_view message_id, std::int64_t timestamp_s,
                        std::string_view body) {
  const std::string signed_text = fmt::format("{}.{}.{}", message_id, timestamp_s, body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(signed_text.data()),
       signed_text.size(), mac, &mac_size);
  return "v1," + verify::Base64Encode(std::string_view(reinterpret_cast<const char*>(mac), mac_size));
}

}  // namespace drydock
