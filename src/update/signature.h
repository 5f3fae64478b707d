// Detached signatures over the published digest file (which names the artifact's SHA-256), checked with
// OpenSSL EVP. The key is a PEM public key; Ed25519 and ECDSA P-256 (SHA-256) are accepted.
#pragma once

#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::size_t kMaxPublicKeyBytes = 16 << 10;
inline constexpr std::size_t kMaxSignatureBytes = 1 << 10;

// Ok when `signature` (raw bytes, as `openssl pkeyutl -sign` or `openssl dgst -sign` write them) is a valid
// signature of `message` under the PEM public key in `public_key_pem`. Any other outcome is an error.
Status VerifySignature(std::string_view public_key_pem, std::string_view message, std::string_view signature);

}  // namespace drydock
