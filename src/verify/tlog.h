// Rekor transparency-log entries in a bundle: the signed entry timestamp (SET) over the canonicalized entry, the
// RFC 6962 inclusion proof and its signed checkpoint, and whether the entry's body records this signature.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "drydock/error.h"
#include "verify/bundle.h"
#include "verify/trusted_root.h"

namespace drydock::verify {

// Ok when the entry's log is in `root` and at least one of the SET and the inclusion proof (with its checkpoint,
// when present) verifies under that key; checks every proof given. Returns the entry's integrated time when its
// SET verified, else nullopt: nothing else signs that time, and sigstore_rekor.proto says it "MUST NOT be trusted
// if inclusion_promise is omitted". The log's key must have been valid at that time, or, for an entry without a
// SET, at `trusted_time` (a verified RFC 3161 timestamp's) when there is one.
Result<std::optional<std::time_t>> VerifyTlogEntry(const TlogEntry& entry, const TrustedRoot& root,
                                                   std::optional<std::time_t> trusted_time);

// Ok when the entry's body (hashedrekord, dsse or intoto) records `signature` by the key `signer_der` (DER
// SubjectPublicKeyInfo) over `content_hash_hex` (the artifact's digest, or the DSSE payload's SHA-256).
Status CheckEntryBody(const TlogEntry& entry, std::string_view signature, std::string_view signer_der,
                      std::string_view content_hash_hex);

// RFC 6962 / RFC 9162 2.1.3.2: ok when `leaf_hash` at `index` in a tree of `size` leaves hashes up to `root`.
Status VerifyInclusion(std::string_view leaf_hash, std::int64_t index, std::int64_t size,
                       const std::vector<std::string>& path, std::string_view root);

}  // namespace drydock::verify
