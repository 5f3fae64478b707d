// What db update remembers beside the DB ("<db>.update.json"): where the installed DB came from, its digest's
// validators for a conditional GET, and which digest a partial download (".zst.part") belongs to.
#pragma once

#include <string>

#include "drydock/error.h"

namespace drydock {

struct UpdateState {
  std::string source;          // artifact location the installed DB came from
  std::string installed_sha256;
  std::string digest_etag, digest_last_modified;  // of "<artifact>.sha256" when the DB was installed
  std::string part_sha256;     // the digest the partial download must end with
  std::string part_etag;       // ETag the partial bytes came with (If-Range)
};

// A missing or unreadable state file is an empty state: the worst case is one full download.
UpdateState LoadUpdateState(const std::string& path);
Status SaveUpdateState(const std::string& path, const UpdateState& state);

}  // namespace drydock
