// Signed certificate timestamps (RFC 6962): a Fulcio certificate carries its CT logs' promises to publish it,
// embedded as the precertificate's SCT list. One that verifies under a CT log of the trusted root shows the
// certificate was logged where anyone can see it, so a misissued one would be found.
#pragma once

#include <vector>

#include "drydock/error.h"
#include "verify/certificate.h"
#include "verify/trusted_root.h"

namespace drydock::verify {

// Ok when at least one embedded SCT of `leaf` verifies under a CT log in `root` whose key was valid at the SCT's
// time. `issuer` is the certificate that signed `leaf` (its key hash is part of what the log signed).
Status VerifyEmbeddedScts(const Certificate& leaf, const Certificate& issuer, const TrustedRoot& root);

// The certificate among `chains` that issued `leaf` (signature and names checked by OpenSSL); nullptr when none.
const Certificate* IssuerOf(const Certificate& leaf, const std::vector<CertificateChain>& chains);

}  // namespace drydock::verify
