// Sigstore bundles (dev.sigstore.bundle.v1.Bundle, protobuf JSON), media types v0.1, v0.2 and v0.3: the
// signature (over a message digest, or a DSSE envelope), what verifies it (certificate, chain or key hint),
// and the transparency-log entries. Parsing checks shape only; bundle_verify.h decides whether to trust it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "verify/certificate.h"

namespace drydock::verify {

inline constexpr std::size_t kMaxBundleBytes = 8 << 20;
inline constexpr std::size_t kMaxTlogEntries = 8;
inline constexpr std::size_t kMaxRfc3161Timestamps = 8;
inline constexpr std::size_t kMaxProofHashes = 64;  // a Merkle path for a tree of 2^64 leaves

inline constexpr std::string_view kBundleMediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

struct InclusionProof {
  std::int64_t log_index = 0;
  std::int64_t tree_size = 0;
  std::string root_hash;            // raw bytes
  std::vector<std::string> hashes;  // raw bytes, leaf to root
  std::string checkpoint;           // signed note text; empty when absent
};

struct TlogEntry {
  std::int64_t log_index = 0;
  std::string log_id;  // raw bytes
  std::string kind, version;
  std::int64_t integrated_time = 0;
  std::string signed_entry_timestamp;  // raw bytes; empty without an inclusion promise
  std::string body;                    // the canonicalized entry (JSON text)
  std::optional<InclusionProof> proof;
};

struct Bundle {
  std::string media_type;
  std::vector<Certificate> certificates;  // the leaf first; empty for a key-signed bundle
  std::string public_key_hint;            // only for a key-signed bundle
  std::vector<TlogEntry> tlog_entries;
  std::size_t rfc3161_timestamps = 0;     // how many the bundle carries
  std::vector<std::string> rfc3161_tokens;  // each a DER TimeStampResp over the signature (verify/rfc3161.h)

  bool dsse = false;
  // messageSignature
  std::string digest_algorithm;  // "SHA2_256", ...
  std::string message_digest;    // raw bytes
  // dsseEnvelope
  std::string payload, payload_type;
  std::string signature;  // raw bytes: the message signature or the envelope's only signature
};

Result<Bundle> ParseBundle(std::string_view json);

}  // namespace drydock::verify
