// Single-argument entry points for the signature checks' parsers of registry-served bytes: certificates and keys,
// RFC 3161 timestamps, Notation JWS envelopes, DSSE attestation envelopes, cosign simple-signing payloads and Rekor
// entry bodies. Each adapter
// trusts the roots fuzz/make_verify_seeds.py signed its seeds with (fuzz/verify_roots.h) and judges at a fixed
// time, so a seed verifies all the way through and every mutation starts from a signature that checks out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "verify/certificate.h"
#include "verify/image_attestations.h"
#include "verify/image_signatures.h"
#include "verify/notation.h"
#include "verify/public_key.h"
#include "verify/rfc3161.h"
#include "verify/tlog.h"
#include "verify_roots.h"

namespace drydock::verify {

inline std::vector<Certificate> FuzzRoot(std::string_view pem) {
  auto chain = Certificate::FromPemChain(pem);
  return chain ? *chain : std::vector<Certificate>{};
}

// Everything a verification reads from a certificate, for a DER certificate and each one of a PEM chain: the parses,
// the extension lookups and a chain check. (Bare public keys are trusted_root_fuzz's.)
inline Status FuzzCertificate(std::string_view b) {
  static const std::vector<CertificateChain> kAuthorities = {FuzzRoot(kFuzzCaRoot)};
  auto read_all = [](const Certificate& c) {
    (void)c.Key();
    (void)c.NotBefore();
    (void)c.NotAfter();
    (void)c.Identities();
    (void)c.OidcIssuer();
    (void)c.Subject();
    (void)c.SelfSigned();
    (void)VerifyChain(c, kAuthorities, kFuzzNow);
  };
  if (auto der = Certificate::FromDer(b)) read_all(*der);
  if (auto pem = Certificate::FromPemChain(b)) {
    for (const Certificate& c : *pem) read_all(c);
  }
  return {};
}

// A TimeStampResp or a bare TimeStampToken over kFuzzStampedData, checked against the seeds' TSA.
inline auto FuzzRfc3161(std::string_view b) {
  static const std::vector<CertificateChain> kAuthorities = {FuzzRoot(kFuzzTsaRoot)};
  return VerifyRfc3161(b, kFuzzStampedData, kAuthorities);
}

// A JWS envelope for the seeds' image under a strict policy that trusts the seeds' CA and TSA.
inline auto FuzzNotationJws(std::string_view b) {
  static const NotationPolicy kPolicy = {.name = "fuzz", .registry_scopes = {"*"}, .level = NotationLevel::kStrict,
                                         .ca_roots = FuzzRoot(kFuzzCaRoot), .tsa_roots = FuzzRoot(kFuzzTsaRoot),
                                         .identities = {"*"}};
  const NotationTarget target{.media_type = std::string(kFuzzTargetMediaType),
                              .digest = std::string(kFuzzTargetDigest), .size = kFuzzTargetSize};
  return VerifyNotationJws(b, target, kPolicy, kFuzzNow);
}

// A DSSE envelope (cosign's .att layer) about the seeds' image under a policy trusting the seeds' attestation key.
inline auto FuzzDsseEnvelope(std::string_view b) {
  static const TrustPolicy kPolicy = [] {
    TrustPolicy policy;
    if (auto key = PublicKey::FromPem(kFuzzAttestationKey)) policy.keys.push_back(std::move(*key));
    return policy;
  }();
  return CheckDsseEnvelope(b, std::string(kFuzzTargetDigest), kPolicy, "fuzz");
}

inline auto FuzzSimpleSigning(std::string_view b) { return CheckSimpleSigningPayload(b, kFuzzTargetDigest); }

// A Rekor entry body that records no signature, digest or key reaches the signer parse: a body a fuzzer empties
// gets that far, a seed's stops at the signature comparison.
inline auto FuzzTlogBody(std::string_view b) {
  TlogEntry entry;
  entry.body = std::string(b);
  return CheckEntryBody(entry, "", "", "");
}

}  // namespace drydock::verify
