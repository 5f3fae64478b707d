// X.509 certificates as Sigstore uses them: Fulcio signing certificates (identity in the SAN, OIDC issuer in
// Fulcio's extensions) checked against a chain of trusted CAs at the time of signing.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "verify/public_key.h"

typedef struct x509_st X509;

namespace drydock::verify {

// Fulcio's OIDC issuer extensions: .1.1 (raw string, deprecated) and .1.8 (DER UTF8String).
inline constexpr std::string_view kOidIssuerV1 = "1.3.6.1.4.1.57264.1.1";
inline constexpr std::string_view kOidIssuerV2 = "1.3.6.1.4.1.57264.1.8";

class Certificate {
 public:
  static Result<Certificate> FromDer(std::string_view der);
  // Every certificate in a PEM text (a chain), in order; an error when there is none.
  static Result<std::vector<Certificate>> FromPemChain(std::string_view pem);

  Result<PublicKey> Key() const;
  std::time_t NotBefore() const;
  std::time_t NotAfter() const;
  // The SAN's email addresses and URIs (the signer's identity, as cosign's --certificate-identity matches it).
  std::vector<std::string> Identities() const;
  // Fulcio's OIDC issuer (.1.8, else .1.1); empty when the certificate has neither.
  std::string OidcIssuer() const;
  std::string Subject() const;
  std::string Der() const;
  bool SelfSigned() const;
  X509* get() const { return cert_.get(); }

 private:
  explicit Certificate(X509* cert);
  std::shared_ptr<X509> cert_;
};

// One trusted chain: certificates from the one closest to leaves to the root, as trusted_root.json lists them.
using CertificateChain = std::vector<Certificate>;

// Ok when `leaf` chains to one of `authorities` with every certificate valid at `when`, and `leaf` may sign code.
// Only the authorities' certificates are trusted; anything else a bundle carries is ignored, as Sigstore requires.
Status VerifyChain(const Certificate& leaf, const std::vector<CertificateChain>& authorities, std::time_t when);

}  // namespace drydock::verify
