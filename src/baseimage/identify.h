// Which base image an image was built on: the sources in the order they are trusted, and the first that knows
// decides. Pure: the caller passes the image's facts and (optionally) an opened index.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "baseimage/base_index.h"
#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock::baseimage {

struct ImageFacts {
  std::vector<std::string> diff_ids;             // base first
  std::vector<std::string> layer_created_by;     // parallel to diff_ids
  std::vector<std::string> history;              // every history step's created_by, empty layers included
  std::map<std::string, std::string> labels;     // config labels
  std::map<std::string, std::string> annotations;  // manifest annotations, when the source kept them
  std::vector<std::string> attestations;  // in-toto statements attached to the image (BuildKit), JSON text
  // In-toto statements whose signature verified (src/verify), each with who signed it.
  struct SignedStatement {
    std::string statement;
    std::string signer;
  };
  std::vector<SignedStatement> signed_attestations;
};

// 1. "signed-provenance": as "provenance" below, from the signed_attestations only. A verified signature is the
//    only claim about the base someone answers for, so it wins over annotations and over layer matching.
// 2. "annotation": org.opencontainers.image.base.name / .base.digest, from the manifest annotations, else the
//    config labels; the layer count comes from the index when it knows that digest, else from the history rule.
// 3. "provenance": the pkg:docker materials of a SLSA provenance attestation (see provenance.h). With several
//    (multi-stage builds), the one the index places under the image's layers, else the last one; every one is
//    listed as a candidate. The layer count comes from the index (by digest, else by chain), else the history.
// 4. "index": the longest prefix of the image's chain IDs that the index holds (the whole image included: a
//    base scanned itself is its own base). Every entry with that chain ID is a candidate; the primary is the
//    first current one, newest first.
// 5. "history": see HistoryBaseLayers.
// Every source says in BaseImageInfo::reason why it decided.
// No source knowing anything is no base (nullopt), not an error; a broken index is an error.
Result<std::optional<BaseImageInfo>> Identify(const ImageFacts& image, const BaseIndex* index);

// The history rule: a base image's build ends with its CMD or ENTRYPOINT (every official image sets one:
// `CMD ["bash"]`, `CMD ["/bin/sh"]`), so the layers created before the first history step that is a bare CMD
// or ENTRYPOINT instruction are the base's. 0 when there is no such step, or when it comes after every layer
// (the image's own final CMD; the image adds nothing on top of a base we could tell apart).
std::size_t HistoryBaseLayers(const ImageFacts& image);

}  // namespace drydock::baseimage
