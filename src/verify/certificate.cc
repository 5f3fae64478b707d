#include "verify/certificate.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace drydock::verify {
namespace {

std::time_t ToTime(const ASN1_TIME* time) {
  struct tm parts {};
  if (!time || ASN1_TIME_to_tm(time, &parts) != 1) return 0;
  return timegm(&parts);
}

std::string AsnString(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

// The raw value of the extension with `oid`; empty when absent.
std::string ExtensionValue(X509* cert, std::string_view oid) {
  std::unique_ptr<ASN1_OBJECT, decltype(&ASN1_OBJECT_free)> object(OBJ_txt2obj(std::string(oid).c_str(), 1),
                                                                   ASN1_OBJECT_free);
  if (!object) return "";
  int index = X509_get_ext_by_OBJ(cert, object.get(), -1);
  if (index < 0) return "";
  return AsnString(X509_EXTENSION_get_data(X509_get_ext(cert, index)));
}

}  // namespace

Certificate::Certificate(X509* cert) : cert_(cert, X509_free) {}

Result<Certificate> Certificate::FromDer(std::string_view der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (!cert) return Fail("not a DER X.509 certificate");
  return Certificate(cert);
}

Result<std::vector<Certificate>> Certificate::FromPemChain(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::vector<Certificate> out;
  while (bio) {
    X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (!cert) break;
    out.push_back(Certificate(cert));
  }
  if (out.empty()) return Fail("no PEM certificate (-----BEGIN CERTIFICATE-----)");
  return out;
}

Result<PublicKey> Certificate::Key() const {
  EVP_PKEY* key = X509_get_pubkey(cert_.get());
  if (!key) return Fail("certificate has no usable public key");
  return PublicKey::Adopt(key);
}

std::time_t Certificate::NotBefore() const { return ToTime(X509_get0_notBefore(cert_.get())); }
std::time_t Certificate::NotAfter() const { return ToTime(X509_get0_notAfter(cert_.get())); }

std::vector<std::string> Certificate::Identities() const {
  std::vector<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert_.get(), NID_subject_alt_name, nullptr, nullptr));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_EMAIL) out.push_back(AsnString(name->d.rfc822Name));
    if (name->type == GEN_URI) out.push_back(AsnString(name->d.uniformResourceIdentifier));
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::string Certificate::OidcIssuer() const {
  std::string v2 = ExtensionValue(cert_.get(), kOidIssuerV2);
  if (!v2.empty()) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(v2.data());
    ASN1_UTF8STRING* text = d2i_ASN1_UTF8STRING(nullptr, &p, static_cast<long>(v2.size()));
    if (text) {
      std::string issuer = AsnString(text);
      ASN1_UTF8STRING_free(text);
      return issuer;
    }
  }
  return ExtensionValue(cert_.get(), kOidIssuerV1);
}

std::string Certificate::Subject() const {
  char buffer[512] = {};
  X509_NAME_oneline(X509_get_subject_name(cert_.get()), buffer, sizeof buffer);
  return buffer;
}

std::string Certificate::Der() const {
  unsigned char* out = nullptr;
  int length = i2d_X509(cert_.get(), &out);
  if (length <= 0) return "";
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
  OPENSSL_free(out);
  return der;
}

bool Certificate::SelfSigned() const { return X509_check_issued(cert_.get(), cert_.get()) == X509_V_OK; }

Status VerifyChain(const Certificate& leaf, const std::vector<CertificateChain>& authorities, std::time_t when) {
  if (authorities.empty()) return Fail("the trusted root lists no certificate authority");
  std::string last_error;
  for (const auto& chain : authorities) {
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    auto free_stack = [](STACK_OF(X509)* stack) { sk_X509_free(stack); };  // the certificates stay owned by `chain`
    std::unique_ptr<STACK_OF(X509), decltype(free_stack)> untrusted(sk_X509_new_null(), free_stack);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
    if (!store || !untrusted || !ctx) return Fail("out of memory");
    for (const auto& cert : chain) {
      // The chain's root is the anchor; its intermediates are trusted only as links to that root.
      if (cert.SelfSigned()) {
        X509_STORE_add_cert(store.get(), cert.get());
      } else {
        sk_X509_push(untrusted.get(), cert.get());
      }
    }
    if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get()) != 1) return Fail("out of memory");
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_time(param, when);
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY);
    if (X509_verify_cert(ctx.get()) == 1) {
      // Fulcio certificates are for code signing; a CA's TLS certificate must not sign artifacts.
      if (!(X509_get_extended_key_usage(leaf.get()) & XKU_CODE_SIGN)) {
        return Fail("certificate {} is not for code signing (extended key usage)", leaf.Subject());
      }
      return {};
    }
    last_error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
  }
  return Fail("certificate does not chain to the trusted root: {}", last_error);
}

}  // namespace drydock::verify
