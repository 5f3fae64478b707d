// The layer walk: one streaming pass over a layer tar, keeping only what catalogers asked for.
// Nothing is ever written to disk; device nodes and FIFOs are never opened; names that climb out of the
// layer root are skipped and reported.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "source/byte_reader.h"
#include "source/walk_threads.h"

namespace drydock {

inline constexpr std::size_t kMaxCapturedFileBytes = 64 << 20;
inline constexpr std::uint64_t kMaxLayerBytes = 64ULL << 30;  // uncompressed; bounds a decompression bomb's cost
inline constexpr std::size_t kMaxLayerEntries = 5'000'000;

struct CapturedFile {
  enum class Kind { kRegular, kSymlink, kHardlink };
  Kind kind = Kind::kRegular;
  std::string data;  // file bytes, or for links the target as a normalised path from the image root
  // Only on files served by the layer cache: a large file that a cataloger parses on its own is cached as what
  // that cataloger made of it (cataloger name -> cache/parsed_codec.h encoding) instead of its bytes, and then
  // `bytes_dropped` is set and `data` is empty. A warm scan of a Go binary or a JAR then copies a few hundred
  // bytes, not megabytes, and parses nothing.
  std::map<std::string, std::string, std::less<>> parsed;
  bool bytes_dropped = false;
};

struct LayerIssue {
  std::string path;
  std::string message;
};

struct LayerFiles {
  std::map<std::string, CapturedFile, std::less<>> files;  // only paths the filter wanted
  std::vector<std::string> whiteouts;    // paths this layer deletes from the layers below
  std::vector<std::string> opaque_dirs;  // directories whose lower-layer contents this layer hides
  std::vector<LayerIssue> issues;        // entries skipped, and why
  std::uint64_t entries = 0;
  std::uint64_t uncompressed_bytes = 0;
};

// True for normalised paths ("var/lib/dpkg/status") whose bytes some cataloger needs.
using PathFilter = std::function<bool(std::string_view path)>;

// What an observer learns of each regular file (hard links included, named by the link's path).
struct ObservedEntry {
  std::string_view path;  // normalised
  std::uint32_t mode = 0;  // permission bits incl. setuid/setgid (07777)
  std::uint64_t size = 0;
};

// A second consumer of the same single pass: it sees every regular file's metadata, and the bytes of those it
// asks for (up to kMaxObservedFileBytes, read into one reused buffer), so a secret scan or config check needs no
// second inflate and no layer is held in memory. `wants` and `see` are called on the walking thread, in tar order.
struct FileObserver {
  std::function<bool(const ObservedEntry& entry)> wants;  // metadata of every regular file; true = read its bytes
  std::function<void(const ObservedEntry& entry, std::string_view bytes)> see;
};
inline constexpr std::size_t kMaxObservedFileBytes = 8 << 20;

// Streams `blob` (gzip, zstd or plain tar, detected by magic) and fills `out`. Returns the sha256 hex of the
// uncompressed tar (the layer's diff_id). A corrupt or truncated layer is an Error. `observer`, when given,
// sees every regular file as described above; a file over kMaxObservedFileBytes is seen truncated to that size.
// `helpers`: the walk's thread budget; when it has a slot free, a compressed blob is read and inflated on a
// thread of its own (see OpenDecompressed), so `blob` must be safe to read from another thread; it is not read
// after WalkLayer returns. Without it, everything runs on the caller's thread.
Result<std::string> WalkLayer(ByteReader& blob, const PathFilter& wanted, LayerFiles& out,
                              const FileObserver* observer = nullptr, WalkThreads* helpers = nullptr);

}  // namespace drydock
