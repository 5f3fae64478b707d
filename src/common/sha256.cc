#include "common/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace drydock {

struct Sha256::Impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
  // Only allocation failure can make this fail; that is not a recoverable input error.
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 init failed");
  }
}

Sha256::~Sha256() = default;

void Sha256::Update(const void* data, std::size_t size) { EVP_DigestUpdate(impl_->ctx, data, size); }

namespace {

std::string FinalHex(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

}  // namespace

std::string Sha256::FinishHex() { return FinalHex(impl_->ctx); }

std::string Sha256::CurrentHex() const {
  Impl copy;
  if (copy.ctx == nullptr || EVP_MD_CTX_copy_ex(copy.ctx, impl_->ctx) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 copy failed");
  }
  return FinalHex(copy.ctx);
}

std::string Sha256::HexOf(std::string_view bytes) {
  Sha256 hash;
  hash.Update(bytes.data(), bytes.size());
  return hash.FinishHex();
}

}  // namespace drydock
