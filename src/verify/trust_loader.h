// Whom to trust, from what a user or a policy names (drydock/policy.h SignatureTrustSpec: file paths and
// identities) to a TrustPolicy ready to verify with: the keys, the Sigstore trusted root and the Notation trust
// store and policy read and parsed. The CLI's flags and a policy's `signatures:` rule both go through here, and so
// can a server judging a policy.
#pragma once

#include "drydock/error.h"
#include "drydock/policy.h"
#include "verify/trust_policy.h"

namespace drydock::verify {

// Reads every file `spec` names. Errors name the file and why (unreadable, not a PEM key, not a trusted root, a
// malformed trust policy or store); keyless signers without a trusted root are an error too. An empty spec gives
// an empty policy (which trusts nothing).
Result<TrustPolicy> LoadTrustPolicy(const SignatureTrustSpec& spec);

}  // namespace drydock::verify
