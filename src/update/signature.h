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

inline constexpr std::size_t kMaxPrivateKeyBytes = 16 << 10;

// Signs `message` with the PEM private key (Ed25519, or ECDSA P-256 over SHA-256): what VerifySignature
// accepts under the matching public key, and what `openssl pkeyutl -sign -rawin` writes for Ed25519.
Result<std::string> SignMessage(std::string_view private_key_pem, std::string_view message);

// Standard base64 (RFC 4648, with padding) through OpenSSL: signatures travel in manifest annotations.
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

}  // namespace drydock
