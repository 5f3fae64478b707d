// Sigstore's trusted_root.json (dev.sigstore.trustroot.v1.TrustedRoot, protobuf JSON): the Fulcio CAs and the
// Rekor logs a keyless signature is checked against. Read from a file the user gives: no TUF fetch.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "verify/certificate.h"
#include "verify/public_key.h"

namespace drydock::verify {

inline constexpr std::size_t kMaxTrustedRootBytes = 4 << 20;

struct ValidityPeriod {
  std::time_t start = 0;
  std::optional<std::time_t> end;  // none: still valid
  bool Contains(std::time_t t) const { return t >= start && (!end || t <= *end); }
};

struct TransparencyLog {
  std::string log_id;  // raw bytes (SHA-256 of the DER key for Rekor v1)
  std::string base_url;
  PublicKey key;
  ValidityPeriod valid_for;
};

struct CertificateAuthority {
  CertificateChain chain;  // from the issuing intermediate to the root
  ValidityPeriod valid_for;
  std::string uri;
};

struct TrustedRoot {
  std::vector<CertificateAuthority> authorities;
  std::vector<TransparencyLog> tlogs;
  std::vector<CertificateAuthority> timestamp_authorities;  // RFC 3161 TSAs (timestampAuthorities)
  std::vector<TransparencyLog> ctlogs;  // certificate transparency logs (their SCTs in Fulcio certificates)

  const TransparencyLog* FindLog(std::string_view log_id) const;
  const TransparencyLog* FindCtLog(std::string_view log_id) const;
};

Result<TrustedRoot> ParseTrustedRoot(std::string_view json);
// RFC 3339 ("2021-10-07T13:56:59Z", fractions and offsets allowed) to seconds since the epoch.
Result<std::time_t> ParseRfc3339(std::string_view text);

}  // namespace drydock::verify
