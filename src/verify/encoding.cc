#include "verify/encoding.h"

#include <openssl/evp.h>

#include <vector>

namespace drydock::verify {

Result<std::string> Base64Decode(std::string_view text) {
  std::string clean;
  clean.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
    if (c == '\n' || c == '\r') continue;
    clean.push_back(c);
  }
  while (!clean.empty() && clean.back() == '=') clean.pop_back();
  std::size_t unpadded = clean.size();
  if (unpadded % 4 == 1) return Fail("not base64 (length {})", text.size());
  while (clean.size() % 4 != 0) clean.push_back('=');
  std::vector<unsigned char> out(clean.size() / 4 * 3 + 1);
  int length = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(clean.data()),
                               static_cast<int>(clean.size()));
  if (length < 0) return Fail("not base64");
  // EVP_DecodeBlock counts the '=' padding as output bytes.
  std::size_t bytes = unpadded / 4 * 3 + (unpadded % 4 == 0 ? 0 : unpadded % 4 - 1);
  return std::string(reinterpret_cast<const char*>(out.data()), bytes);
}

std::string Base64Encode(std::string_view bytes) {
  std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
  int length = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(length));
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return Fail("not hex (odd length)");
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int high = nibble(hex[i]), low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) return Fail("not hex");
    out.push_back(static_cast<char>(high << 4 | low));
  }
  return out;
}

}  // namespace drydock::verify
