#include "update/signature.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace drydock {

Status VerifySignature(std::string_view public_key_pem, std::string_view message, std::string_view signature) {
  if (signature.empty() || signature.size() > kMaxSignatureBytes) {
    return Fail("signature is {} bytes (at most {})", signature.size(), kMaxSignatureBytes);
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(public_key_pem.data(),
                                                                static_cast<int>(public_key_pem.size())), BIO_free);
  if (!bio) return Fail("cannot read the public key");
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  if (!key) return Fail("the public key is not a PEM public key");
  const EVP_MD* md = nullptr;  // Ed25519 hashes internally and takes no digest
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_EC) {
    md = EVP_sha256();
  } else if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
    return Fail("the public key is neither Ed25519 nor ECDSA");
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1) {
    return Fail("cannot initialise signature verification");
  }
  int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size());
  if (ok != 1) return Fail("signature does not verify with the configured public key");
  return {};
}

}  // namespace drydock
