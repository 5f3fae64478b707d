// In-toto attestations attached to an image (SBOMs, VEX, provenance), each verified before anyone may use it:
// Sigstore bundles holding a DSSE envelope among the image's OCI 1.1 referrers, and cosign's legacy
// "sha256-<hex>.att" tag whose layers are DSSE envelopes signed with a key. A scan reads only the statements of
// the valid ones (--vex oci, --sbom-source oci); every one found is listed with why it was or was not trusted.
#pragma once

#include <string>
#include <vector>

#include "drydock/options.h"
#include "source/registry/reference.h"
#include "verify/trust_policy.h"

namespace drydock::verify {

inline constexpr std::size_t kMaxAttestationsPerImage = 16;  // of each storage form; the rest are listed skipped
inline constexpr std::size_t kMaxDsseEnvelopeBytes = 8 << 20;
inline constexpr std::size_t kMaxSignaturesPerEnvelope = 8;

struct AttestationCheck {
  std::string source;          // "referrer sha256:... (Sigstore bundle)", "sha256-<hex>.att layer 0"
  std::string predicate_type;  // the statement's, when it could be read
  bool valid = false;
  std::string detail;          // the signer when valid, else why not
  std::string statement;       // the in-toto statement (JSON text); only when valid
};

struct ImageAttestations {
  std::string digest;  // "sha256:<hex>" the reference resolved to
  std::vector<AttestationCheck> checks;
};

// Resolves `ref` and verifies every attestation found (at most kMaxAttestationsPerImage of each form). An error
// only when the registry cannot be read.
Result<ImageAttestations> VerifyImageAttestations(const Reference& ref, const RegistryOptions& registry,
                                                  const TrustPolicy& policy);

// Verifies one DSSE envelope (JSON, as cosign's .att layers hold it) about the image `digest` with the policy's
// keys; the statement's predicate type and text when valid.
AttestationCheck CheckDsseEnvelope(std::string_view envelope, const std::string& digest, const TrustPolicy& policy,
                                   std::string source);

}  // namespace drydock::verify
