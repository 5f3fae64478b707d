// Verifies one Sigstore bundle against a trust policy: the code `drydock verify blob` and the image path share.
#pragma once

#include "verify/bundle.h"
#include "verify/trust_policy.h"

namespace drydock::verify {

// Ok when the bundle's signature is valid, over `artifact` (a message signature over its digest, or a DSSE
// in-toto statement naming its sha256 among the subjects), by a signer `policy` trusts. Each error says why.
Result<Verified> VerifyBundle(const Bundle& bundle, const Artifact& artifact, const TrustPolicy& policy);

// DSSE's pre-authentication encoding: "DSSEv1 <len(type)> <type> <len(body)> <body>".
std::string PreAuthEncoding(std::string_view payload_type, std::string_view payload);

// The in-toto statement's predicateType when `sha256_hex` is one of its subjects' sha256 digests.
Result<std::string> CheckStatementSubject(std::string_view statement, std::string_view sha256_hex);

}  // namespace drydock::verify
