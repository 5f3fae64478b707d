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

Result<std::string> SignMessage(std::string_view private_key_pem, std::string_view message) {
  if (private_key_pem.size() > kMaxPrivateKeyBytes) return Fail("the private key file is over {} bytes", kMaxPrivateKeyBytes);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(private_key_pem.data(),
                                                                static_cast<int>(private_key_pem.size())), BIO_free);
  if (!bio) return Fail("cannot read the private key");
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  if (!key) return Fail("the signing key is not an unencrypted PEM private key");
  const EVP_MD* md = nullptr;
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_EC) {
    md = EVP_sha256();
  } else if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
    return Fail("the signing key is neither Ed25519 nor ECDSA");
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(message.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, data, message.size()) != 1) {
    return Fail("cannot initialise signing");
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data, message.size()) != 1) {
    return Fail("signing failed");
  }
  signature.resize(size);
  return signature;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > (1 << 20)) return Fail("not base64");
  std::string out(3 * text.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return Fail("not base64");
  std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

}  // namespace drydock
