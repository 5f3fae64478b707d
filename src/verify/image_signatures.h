// Cosign signatures of an image in a registry, found as cosign finds them: Sigstore bundles among the image's
// OCI 1.1 referrers (API, else the "sha256-<hex>" fallback tag) first, then the legacy "sha256-<hex>.sig" tag
// whose simple-signing layers carry the signature in an annotation. Each one found is checked against the policy.
#pragma once

#include <string>
#include <vector>

#include "drydock/options.h"
#include "source/registry/reference.h"
#include "verify/trust_policy.h"

namespace drydock::verify {

// Signatures looked at, of each kind (Sigstore bundles, Notation); the rest are reported skipped. Each costs two
// fetches and a verification; the notation CLI looks at up to 100 (--max-signatures).
inline constexpr std::size_t kMaxSignaturesPerImage = 32;
inline constexpr std::size_t kMaxSimpleSigningBytes = 64 << 10;
inline constexpr std::string_view kCosignSignPredicate = "https://sigstore.dev/cosign/sign/v1";

struct SignatureCheck {
  std::string source;  // "referrer sha256:... (Sigstore bundle)", "sha256-<hex>.sig layer 2"
  bool valid = false;
  std::string detail;  // the signer when valid, else why not
};

struct ImageVerification {
  std::string reference;  // as given
  std::string digest;     // "sha256:<hex>" the reference resolved to (what cosign signs)
  std::vector<SignatureCheck> checks;
  bool Verified() const;
};

// Resolves `ref` to its digest and checks every signature found (at most kMaxSignaturesPerImage of each kind).
// An error only when the registry cannot be read; "no valid signature" is a result with Verified() false.
Result<ImageVerification> VerifyImageSignatures(const Reference& ref, const RegistryOptions& registry,
                                                const TrustPolicy& policy);

// The repository as a Notation trust policy's registryScopes name it (trust-store-trust-policy.md): the
// form Reference::ToString gives, "docker.io/library/alpine" for Docker Hub, without tag or digest.
std::string NotationScope(const Reference& ref);

// The simple-signing payload's checks (pure, for tests): the type is cosign's and
// critical.image.docker-manifest-digest is `digest`.
Status CheckSimpleSigningPayload(std::string_view payload, std::string_view digest);

}  // namespace drydock::verify
