// Where an image's files live: a directory (OCI layout) or a tar archive, possibly compressed as a whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "source/archive_index.h"
#include "source/image.h"
#include "source/walk_threads.h"

namespace drydock {

inline constexpr std::size_t kMaxMetadataBytes = 4 << 20;  // manifests, indexes, configs

// What streaming one blob through a LayerVisitor found.
struct BlobVisit {
  std::string sha256;       // of the blob as stored (compressed), hex
  std::uint64_t size = 0;   // bytes as stored
  std::string diff_sha256;  // what the visitor returned: sha256 hex of the uncompressed tar
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual bool Has(std::string_view path) const = 0;
  // A small file (manifest, index, config) by its path in the store.
  virtual Result<std::string> ReadMetadata(std::string_view path) const = 0;
  // Streams the blob at `path` through `visit`, hashing it as it goes. Safe to call from many threads.
  virtual Result<BlobVisit> VisitBlob(const ImageLayer& layer, const LayerVisitor& visit) const = 0;
  // The stored size of a blob, when the store knows it without reading it.
  virtual std::optional<std::uint64_t> BlobSize(std::string_view path) const = 0;
  // True when blobs can be opened independently (so layers may run in parallel).
  virtual bool Seekable() const = 0;
};

Result<std::unique_ptr<BlobStore>> OpenDirStore(const std::string& dir);

// A tar archive (.tar, .tar.gz, .tar.zst). When the archive is compressed as a whole, seeking would mean
// inflating again, so every member too large to be metadata is streamed through `visit` during the one
// indexing pass, and VisitBlob later returns those results.
// `learned`, when given, receives what indexing found (ArchiveIndex; diff_ids left empty).
// `helpers`: an archive compressed as a whole is read and inflated on a thread of its own, when the walk has
// one to spare, while the indexing pass (and so `visit`) runs on the caller's (see OpenDecompressed).
Result<std::unique_ptr<BlobStore>> OpenArchiveStore(const std::string& file, const LayerVisitor& visit,
                                                    ArchiveIndex* learned = nullptr, WalkThreads* helpers = nullptr);
// The same store from a remembered index, reading nothing now. A blob visited later is read then (for an archive
// compressed as a whole, one pass up to that member).
std::unique_ptr<BlobStore> ReopenArchiveStore(const std::string& file, ArchiveIndex index);

// Streams `raw` through `visit` inside a HashingReader and drains what the visitor left unread.
Result<BlobVisit> VisitStream(ByteReader& raw, const ImageLayer& layer, const LayerVisitor& visit);

}  // namespace drydock
