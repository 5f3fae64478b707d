// The distributable form of a DB: DB.zst plus DB.zst.sha256 (sha256sum format), so anyone can host a mirror.
#pragma once

#include <string>

#include "drydock/error.h"

namespace drydock {

inline constexpr int kArtifactZstdLevel = 19;  // built once, downloaded many times: spend CPU on size
inline constexpr int kArtifactZstdWorkers = 2;

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
