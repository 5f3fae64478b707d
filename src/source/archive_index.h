// What indexing a local image archive learns (member sizes, the small members' bytes, links), so that a warm
// scan of the same unchanged file need not read it again: for a docker-save .tar.gz, reading it means inflating
// all of it, since manifest.json comes last.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "drydock/error.h"

namespace drydock {

struct ArchiveIndex {
  bool compressed = false;                                   // as a whole (.tar.gz, .tar.zst)
  std::map<std::string, std::int64_t, std::less<>> members;  // regular members -> size (-1 when unknown)
  std::map<std::string, std::string, std::less<>> small;     // members up to kMaxMetadataBytes -> bytes
  std::map<std::string, std::string, std::less<>> links;     // link member -> target, normalised
  std::vector<std::string> diff_ids;                         // the layers the plan named, once it was verified
};

// Drops the bytes of these members (layer blobs small enough to have been kept, named directly or through a
// link): a remembered index holds metadata, not layers, which the layer cache has already.
void ForgetMemberBytes(ArchiveIndex& index, const std::vector<std::string>& paths);

std::string EncodeArchiveIndex(const ArchiveIndex& index);
Result<ArchiveIndex> DecodeArchiveIndex(std::string_view bytes);  // damage is an error, never a crash

// Where a scan keeps archive indexes (the layer cache), keyed by the file's path and identity (see
// ArchiveIdentity). `all_cached` says whether every one of these layers' results is cached: only then is a
// remembered index used, since a layer that must be read would cost a pass over the archive of its own.
struct ArchiveIndexMemo {
  std::function<std::optional<std::string>(const std::string& key)> load;
  std::function<void(const std::string& key, const std::string& value)> store;
  std::function<bool(const std::vector<std::string>& diff_ids)> all_cached;
};

// "archive@<version>|<canonical path>|<device>:<inode>:<size>:<mtime ns>:<ctime ns>", or nullopt when the file
// cannot be stat'ed. ctime changes on every write and cannot be set back by a user, so a file rewritten in place
// (even to the same size and mtime) gets another key.
std::optional<std::string> ArchiveIdentity(const std::string& path);

}  // namespace drydock
