// The distributable form of a DB: DB.zst plus DB.zst.sha256 (sha256sum format), so anyone can host a mirror.
#pragma once

#include <cstdint>
#include <string>

#include "drydock/error.h"

namespace drydock {

inline constexpr int kArtifactZstdLevel = 19;  // built once, downloaded many times: spend CPU on size
inline constexpr int kArtifactZstdWorkers = 2;
// Level 19's own tables (chain 2^24, hash 2^22 entries: ~80 MiB per worker) capped to 2^22 and 2^21 (~24 MiB):
// the DB compresses to within 0.2% of the uncapped size (a real 5.5 MB DB: 1,119,840 vs 1,117,705 bytes; the
// 38 MB tracker DB of bench/large_inputs.sh even smaller), and the build's peak memory no longer jumps by a fixed
// few hundred MB at the end, which was 14x a 20 MB secdb input.
inline constexpr int kArtifactZstdChainLog = 22;
inline constexpr int kArtifactZstdHashLog = 21;
// Workers only pay off once a DB spans several zstd jobs (4 windows, 32 MiB each); below that they only add
// their buffers and a second context.
inline constexpr std::uint64_t kArtifactParallelBytes = std::uint64_t{64} << 20;

struct DbArtifact {
  std::string compressed_path;  // "<db>.zst"
  std::string digest_path;      // "<db>.zst.sha256"
  std::string sha256;           // hex of the compressed file
  std::uint64_t compressed_bytes = 0;
};

// Compresses `db_path` into `<db_path>.zst` and writes its digest file; both are written atomically.
Result<DbArtifact> WriteDbArtifact(const std::string& db_path);

// "HEX  NAME\n" as sha256sum writes it; the artifact's file name is what `sha256sum -c` checks.
std::string DigestLine(const std::string& sha256_hex, const std::string& file_name);
// The hex digest from the first line of a digest file; an error unless it is 64 lower/upper-case hex digits.
Result<std::string> ParseDigestFile(std::string_view text);

}  // namespace drydock
