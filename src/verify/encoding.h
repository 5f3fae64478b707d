// Byte encodings the Sigstore and cosign formats use: standard base64 (protobuf JSON bytes, annotations) and
// lower-case hex (digests, Rekor log ids). Base64 goes through OpenSSL's EVP codec.
#pragma once

#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock::verify {

// Standard alphabet, padding optional; URL-safe input ('-', '_', as protobuf JSON also allows) is accepted.
Result<std::string> Base64Decode(std::string_view text);
std::string Base64Encode(std::string_view bytes);
std::string HexEncode(std::string_view bytes);
Result<std::string> HexDecode(std::string_view hex);

}  // namespace drydock::verify
