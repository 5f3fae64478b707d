// Notary Project (Notation) trust, per trust-store-trust-policy.md: a trust store directory of named stores
// (x509/{ca,signingAuthority,tsa}/NAME/*.pem|crt|cer; symlinks refused, sub-directories ignored) and an OCI trust
// policy document (trustpolicy.oci.json) whose entries say, per repository scope, which named stores and which
// signing identities to trust and how strictly to verify.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drydock/error.h"
#include "verify/certificate.h"

namespace drydock::verify {

inline constexpr std::size_t kMaxTrustPolicyBytes = 1 << 20;
inline constexpr std::size_t kMaxTrustStoreCertificates = 256;
inline constexpr std::size_t kMaxCertificateFileBytes = 1 << 20;

// signatureVerification.level: which failed validations fail the signature (enforced) or are only reported.
//                integrity  authenticity  authentic timestamp  expiry
//   strict       enforced   enforced      enforced             enforced
//   permissive   enforced   enforced      logged               logged
//   audit        enforced   logged        logged               logged
//   skip: nothing is verified (the image needs no Notation signature).
enum class NotationLevel { kStrict, kPermissive, kAudit, kSkip };

struct NotationPolicy {
  std::string name;
  std::vector<std::string> registry_scopes;  // "registry/namespace/repository", or the one global "*"
  NotationLevel level = NotationLevel::kStrict;
  bool timestamp_after_expiry_only = false;  // verifyTimestamp: afterCertExpiry
  std::vector<Certificate> ca_roots;                 // trustStores "ca:NAME"
  std::vector<Certificate> signing_authority_roots;  // trustStores "signingAuthority:NAME"
  std::vector<Certificate> tsa_roots;                // trustStores "tsa:NAME"
  std::vector<std::string> identities;               // "x509.subject: C=.., ST=.., O=..", or "*"
};

struct NotationTrustPolicy {
  std::vector<NotationPolicy> policies;
  // The policy for `repository` ("host[:port]/path"): the one whose scopes name it, else the global one; null when
  // none applies (the image is then untrusted).
  const NotationPolicy* Select(std::string_view repository) const;
};

// Parses a trust policy document (version 1.0) and reads each named store it references under `trust_store_dir`.
Result<NotationTrustPolicy> LoadNotationTrustPolicy(std::string_view json, const std::string& trust_store_dir);

// A global, strict policy from flags: every "ca" named store under `trust_store_dir` (or, when it has no x509/
// directory, the certificates directly in it) and its "tsa" stores, trusting `identities`.
Result<NotationTrustPolicy> NotationTrustFromStore(const std::string& trust_store_dir,
                                                   const std::vector<std::string>& identities);

// "x509.subject: C=US, ST=WA, O=acme" as (attribute, value) pairs, with \, \; \\ and escaped spaces undone; "S"
// reads as "ST". An error unless C, ST and O are present.
Result<std::vector<std::pair<std::string, std::string>>> ParseTrustedIdentity(std::string_view identity);

// Ok when `leaf`'s subject has every attribute of one of `identities` with the same value (or one is "*").
Status MatchTrustedIdentity(const std::vector<std::string>& identities, const Certificate& leaf);

}  // namespace drydock::verify
