// What a signature must meet to count: signed by one of the keys, or (keyless) by a Fulcio certificate for one
// of the identities, chained to the trusted root and logged in one of its transparency logs, or (Notation) by a
// certificate from a trust store CA with a trusted identity.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "drydock/error.h"
#include "verify/notation_trust.h"
#include "verify/public_key.h"
#include "verify/trusted_root.h"

namespace drydock::verify {

// cosign's --certificate-identity / --certificate-oidc-issuer and their -regexp forms. An exact value must equal
// the certificate's; a regex (ECMAScript) must match somewhere in it, as Go's regexp.MatchString does for cosign:
// anchor it with ^...$ to match the whole value.
struct Identity {
  std::string subject;
  bool subject_regex = false;
  std::string issuer;
  bool issuer_regex = false;

  std::string Describe() const;
};

// Ok when a certificate with `subjects` (SAN emails and URIs) and `issuer` matches `identity`.
Status MatchIdentity(const Identity& identity, const std::vector<std::string>& subjects, const std::string& issuer);

struct TrustPolicy {
  std::vector<PublicKey> keys;
  std::vector<Identity> identities;
  // Required for keyless; with keys, a bundle's log entries are checked against it when it is given.
  std::optional<TrustedRoot> root;
  // Keyless: the certificate must carry an SCT from a CT log of the root, as cosign and sigstore-js require.
  // false is cosign's --insecure-ignore-sct (Fulcio certificates from before mid-2021 have none).
  bool require_sct = true;
  // Notation signatures (referrers of artifactType application/vnd.cncf.notary.signature): trusted per this
  // trust policy; none = such signatures are listed as not checked.
  std::optional<NotationTrustPolicy> notation;
};

// The sha256 digest of what was signed; the bytes too when known (Ed25519 signs the message, not its digest).
struct Artifact {
  std::string sha256_hex;
  std::optional<std::string> bytes;
};

// What a verified signature says.
struct Verified {
  std::string signer;           // "ECDSA P-256 key" or "alice@example.com (issuer https://...)"
  std::time_t signed_at = 0;    // a verified time: an RFC 3161 timestamp's, else a SET-signed integrated time; 0 when none
  std::string payload_type;     // DSSE only
  std::string payload;          // DSSE only: the statement that was signed
  std::string predicate_type;   // in-toto statements only
  bool timestamped = false;     // signed_at comes from an RFC 3161 timestamp, not a log's integrated time
};

}  // namespace drydock::verify
