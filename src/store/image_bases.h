// The store's side of base-image advice: which base each stored image was built on (written when its scan is
// stored) and what the server advises about that base (written by the base refresh, src/server/base_refresh.cc).
#pragma once

#include <cstdint>
#include <string>

namespace drydock {

struct ImageBase {
  std::string digest;       // the image's manifest digest
  std::string name, tag;    // the base's repository ("host/repo") and tag, as identified
  std::string base_digest;  // the base's manifest digest at build time
  std::string source;       // what decided: "signed-provenance", "annotation", "provenance", "index", "history"
  std::string reason;       // why, in words (BaseImageInfo::reason)
  // Set by the base refresh: the base's tag names another digest now (current_digest) than the image was built
  // on. advice_json is {"options": [...], "recommended": N|null} (the report's advice options); "" until advised.
  bool outdated = false;
  std::string current_digest;
  std::string advice_json;
  std::int64_t advised_ms = 0;  // 0: not advised yet
};

// What the base refresh concluded about one image, written by Store::RecordBaseAdvice.
struct BaseAdviceRecord {
  std::string digest;
  std::string base_digest;  // the base the advice was made for: a re-scan since (another base) drops it
  bool outdated = false;
  std::string current_digest;
  std::string advice_json;
};

}  // namespace drydock
