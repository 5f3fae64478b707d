#include "verify/public_key.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <vector>

namespace drydock::verify {
namespace {

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string CurveName(EVP_PKEY* key) {
  char name[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) != 1) return "";
  return name;
}

// One EVP_DigestVerify under `md` (null for Ed25519), optionally with RSA-PSS padding.
bool VerifyWith(EVP_PKEY* key, const EVP_MD* md, bool pss, std::string_view message, std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key) != 1) return false;
  if (pss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
              EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) != 1)) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(message), message.size()) == 1;
}

const EVP_MD* DigestBySize(std::size_t bytes) {
  switch (bytes) {
    case 32: return EVP_sha256();
    case 48: return EVP_sha384();
    case 64: return EVP_sha512();
    default: return nullptr;
  }
}

}  // namespace

void PublicKey::Free::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  if (pem.size() > kMaxKeyFileBytes) return Fail("public key is {} bytes (at most {})", pem.size(), kMaxKeyFileBytes);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* key = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key) return Fail("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  return Adopt(key);
}

Result<PublicKey> PublicKey::FromDer(std::string_view der) {
  const unsigned char* p = Bytes(der);
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
  if (!key) return Fail("not a DER SubjectPublicKeyInfo");
  return Adopt(key);
}

PublicKey PublicKey::Adopt(EVP_PKEY* key) { return PublicKey(key); }

Status PublicKey::Verify(std::string_view message, std::string_view signature) const {
  if (signature.empty() || signature.size() > kMaxSignatureBytes) {
    return Fail("signature is {} bytes", signature.size());
  }
  EVP_PKEY* key = key_.get();
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
      if (VerifyWith(key, nullptr, false, message, signature)) return {};
      break;
    case EVP_PKEY_EC: {
      std::string curve = CurveName(key);
      const EVP_MD* own = curve == "secp384r1" ? EVP_sha384() : curve == "secp521r1" ? EVP_sha512() : nullptr;
      if (VerifyWith(key, EVP_sha256(), false, message, signature)) return {};
      if (own && VerifyWith(key, own, false, message, signature)) return {};
      break;
    }
    case EVP_PKEY_RSA:
      if (VerifyWith(key, EVP_sha256(), false, message, signature)) return {};
      if (VerifyWith(key, EVP_sha256(), true, message, signature)) return {};
      break;
    default:
      return Fail("unsupported key type {}", Describe());
  }
  return Fail("signature does not verify under the {} key", Describe());
}

Status PublicKey::VerifyDigest(std::string_view digest, std::string_view signature) const {
  EVP_PKEY* key = key_.get();
  int type = EVP_PKEY_get_base_id(key);
  if (type != EVP_PKEY_EC && type != EVP_PKEY_RSA) {
    return Fail("a {} key signs messages, not digests: the artifact itself is needed", Describe());
  }
  const EVP_MD* md = DigestBySize(digest.size());
  if (!md) return Fail("digest of {} bytes", digest.size());
  for (bool pss : {false, true}) {
    if (pss && type != EVP_PKEY_RSA) break;
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key, nullptr),
                                                                     EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1) {
      return Fail("cannot initialise verification");
    }
    if (pss && (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
                EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_AUTO) != 1)) {
      return Fail("cannot initialise RSA-PSS verification");
    }
    if (EVP_PKEY_verify(ctx.get(), Bytes(signature), signature.size(), Bytes(digest), digest.size()) == 1) return {};
  }
  return Fail("signature does not verify under the {} key", Describe());
}

std::string PublicKey::Describe() const {
  EVP_PKEY* key = key_.get();
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519: return "Ed25519";
    case EVP_PKEY_RSA: return "RSA " + std::to_string(EVP_PKEY_get_bits(key));
    case EVP_PKEY_EC: {
      std::string curve = CurveName(key);
      if (curve == "prime256v1") return "ECDSA P-256";
      if (curve == "secp384r1") return "ECDSA P-384";
      if (curve == "secp521r1") return "ECDSA P-521";
      return "ECDSA " + curve;
    }
    default: return "unknown";
  }
}

std::string PublicKey::Der() const {
  unsigned char* out = nullptr;
  int length = i2d_PUBKEY(key_.get(), &out);
  if (length <= 0) return "";
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
  OPENSSL_free(out);
  return der;
}

}  // namespace drydock::verify
