// drydock db update: mirrors in order, first that answers wins; resume, conditional GET, SHA-256 and optional
// signature checks, atomic install. The DB at `target` is replaced only by a rename of a verified file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::uint64_t kMaxCompressedDbBytes = 1ULL << 30;
inline constexpr std::size_t kMaxDigestFileBytes = 4 << 10;
inline constexpr int kMaxResumeAttempts = 5;  // per mirror, when a transfer breaks off mid-file
inline constexpr std::string_view kArtifactName = "drydock.db.zst";

struct UpdateOptions {
  std::string target;                // the DB file to replace
  std::vector<std::string> mirrors;  // "https://host/path/drydock.db.zst", "http://host/dir/", "file:///x.zst", a dir
  std::string public_key_pem;        // when set, "<artifact>.sha256.sig" must verify under it
  bool offline = false;              // only file:// and local sources are used
};

struct UpdateResult {
  bool updated = false;              // false: the installed DB already matches the mirror's digest
  std::string mirror;                // the artifact location that answered
  std::string sha256;                // of the compressed artifact
  std::vector<std::string> skipped;  // "mirror: why" for each mirror that did not answer
};

Result<UpdateResult> UpdateDb(const UpdateOptions& options);

// Where a mirror entry's artifact lives: a directory or a URL ending in '/' gets kArtifactName appended.
std::string ArtifactLocation(const std::string& mirror);

}  // namespace drydock
