// Notary Project (Notation) signatures: a JWS envelope (JSON flattened serialization, signature-envelope-jws.md)
// stored as an OCI referrer of the image (artifactType application/vnd.cncf.notary.signature), verified per
// trust-store-trust-policy.md: integrity (the signature over the protected header and payload, the payload's
// targetArtifact is this image), authenticity (the x5c chain reaches a trust store CA, the signing certificate's
// subject is a trusted identity), authentic timestamp (RFC 3161 countersignature or signing-authority time, else
// now, within the chain's validity) and expiry; the trust policy's level says which of these are enforced.
// COSE envelopes are recognised and reported as unsupported.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "verify/notation_trust.h"

namespace drydock::verify {

inline constexpr std::string_view kNotationArtifactType = "application/vnd.cncf.notary.signature";
inline constexpr std::string_view kNotationJwsMediaType = "application/jose+json";
inline constexpr std::string_view kNotationCoseMediaType = "application/cose";
inline constexpr std::size_t kMaxNotationEnvelopeBytes = 1 << 20;
inline constexpr std::size_t kMaxNotationChainCertificates = 10;

// The OCI descriptor the signature must name: the image manifest as the registry serves it.
struct NotationTarget {
  std::string media_type;
  std::string digest;  // "sha256:<hex>"
  std::int64_t size = 0;
};

struct NotationVerified {
  std::string signer;         // the signing certificate's subject
  std::time_t signed_at = 0;  // the authentic time (timestamp or signing authority); 0 when only "now" was used
  std::string scheme;         // notary.x509 or notary.x509.signingAuthority
  std::vector<std::string> logged;  // validations that failed but the level only logs
};

// Verifies one JWS envelope against `policy` (already selected for the image's repository) at time `now`.
Result<NotationVerified> VerifyNotationJws(std::string_view envelope, const NotationTarget& target,
                                           const NotationPolicy& policy, std::time_t now);

}  // namespace drydock::verify
