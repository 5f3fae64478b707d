// RFC 3161 signed timestamps: a Time-Stamp Authority's signature over a digest of what it saw (here: a signature's
// bytes), which dates that signature independently of the signer. Sigstore bundles carry the TimeStampResp
// (timestampVerificationData.rfc3161Timestamps); Notation's JWS carries the bare TimeStampToken.
#pragma once

#include <ctime>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "verify/certificate.h"

namespace drydock::verify {

inline constexpr std::size_t kMaxTimestampBytes = 64 << 10;
inline constexpr long kMaxAccuracySeconds = 24 * 60 * 60;  // a token claiming less precision is refused

struct Timestamp {
  std::time_t time = 0;           // TSTInfo.genTime
  std::time_t accuracy_seconds = 0;  // TSTInfo.accuracy (whole seconds, rounded up); 0 when absent
  std::string authority;          // the TSA certificate's subject
};

// Ok when `der` (a TimeStampResp, or a TimeStampToken) is granted, its message imprint is the hash of `data`, and
// its signature verifies under a time-stamping certificate that chains to one of `authorities` (each: an optional
// intermediate first, the self-signed root last) at the timestamp's own time. Certificates the token carries are
// used only as links; only the authorities' self-signed roots are anchors.
Result<Timestamp> VerifyRfc3161(std::string_view der, std::string_view data,
                                const std::vector<CertificateChain>& authorities);

}  // namespace drydock::verify
