// A public key that checks signatures, with the schemes cosign and Sigstore use: ECDSA P-256/384/521 (DER
// signatures), Ed25519, RSA (PKCS#1 v1.5, then PSS). Backed by OpenSSL 3's EVP_PKEY.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "drydock/error.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace drydock::verify {

inline constexpr std::size_t kMaxKeyFileBytes = 64 << 10;
inline constexpr std::size_t kMaxSignatureBytes = 8 << 10;

class PublicKey {
 public:
  // A PEM "PUBLIC KEY" (SubjectPublicKeyInfo) as `cosign generate-key-pair` and `openssl pkey -pubout` write.
  static Result<PublicKey> FromPem(std::string_view pem);
  // DER SubjectPublicKeyInfo, as trusted_root.json carries log keys.
  static Result<PublicKey> FromDer(std::string_view der);
  // Takes ownership of `key` (for a certificate's key).
  static PublicKey Adopt(EVP_PKEY* key);

  // Ok when `signature` signs `message`. ECDSA keys accept SHA-256 (cosign's default for every curve) and the
  // curve's own hash (SHA-384 for P-384, SHA-512 for P-521); RSA accepts PKCS#1 v1.5 and PSS with SHA-256.
  Status Verify(std::string_view message, std::string_view signature) const;
  // Ok when `signature` signs a message whose digest is `digest` (32, 48 or 64 bytes: SHA-256/384/512).
  // Ed25519 signs messages, never digests: always an error.
  Status VerifyDigest(std::string_view digest, std::string_view signature) const;

  // "ECDSA P-256", "Ed25519", "RSA 3072".
  std::string Describe() const;
  // DER SubjectPublicKeyInfo, for comparing keys.
  std::string Der() const;
  EVP_PKEY* get() const { return key_.get(); }

 private:
  struct Free {
    void operator()(EVP_PKEY* key) const;
  };
  explicit PublicKey(EVP_PKEY* key) : key_(key, Free{}) {}
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace drydock::verify
