#include "layers/layer_walk.h"

#include <archive_entry.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "common/path.h"
#include "source/archive_reader.h"
#include "source/decompress.h"

namespace drydock {
namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

// Hashes the uncompressed tar for the diff_id and stops a stream that grows past kMaxLayerBytes.
class BoundedReader final : public ByteReader {
 public:
  explicit BoundedReader(ByteReader& inner) : hashing_(inner) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    auto n = hashing_.Read(buffer, capacity);
    if (n && hashing_.bytes_read() > kMaxLayerBytes) {
      n = Fail("layer expands past {} bytes; refusing a decompression bomb", kMaxLayerBytes);
    }
    if (!n) failure_ = n.error();
    return n;
  }
  HashingReader& hashing() { return hashing_; }
  // The first read error, kept because libarchive reports it in its own words (or not at all).
  const std::optional<Error>& failure() const { return failure_; }

 private:
  HashingReader hashing_;
  std::optional<Error> failure_;
};

// Reads `size` bytes of the current entry into `bytes`, reusing its capacity.
Status ReadInto(archive* a, std::int64_t size, std::string& bytes) {
  bytes.resize(static_cast<std::size_t>(size));
  std::size_t done = 0;
  ArchiveEntryReader data(a);
  while (done < bytes.size()) {
    auto n = data.Read(bytes.data() + done, bytes.size() - done);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return Fail("file data ends early");
    done += *n;
  }
  return {};
}

Result<std::string> ReadWhole(archive* a, std::int64_t size) {
  std::string bytes;
  if (auto read = ReadInto(a, size, bytes); !read) return std::unexpected(read.error());
  return bytes;
}

// Records a whiteout entry; false when `name` is not one.
bool RecordWhiteout(const std::string& path, LayerFiles& out) {
  std::string_view parent = ParentPath(path);
  std::string_view base = std::string_view(path).substr(parent.empty() ? 0 : parent.size() + 1);
  if (!base.starts_with(kWhiteoutPrefix)) return false;
  if (base == kOpaqueMarker) {
    out.opaque_dirs.emplace_back(parent);
  } else {
    std::string deleted(parent);
    if (!deleted.empty()) deleted.push_back('/');
    deleted.append(base.substr(kWhiteoutPrefix.size()));
    out.whiteouts.push_back(std::move(deleted));
  }
  return true;
}

Status CaptureEntry(archive* a, archive_entry* entry, const std::string& path, LayerFiles& out) {
  if (const char* hardlink = archive_entry_hardlink(entry)) {
    auto target = NormalizePath(hardlink);
    if (!target) return Fail("hard link target {} leaves the layer", hardlink);
    auto same_layer = out.files.find(*target);
    if (same_layer != out.files.end() && same_layer->second.kind == CapturedFile::Kind::kRegular) {
      out.files[path] = same_layer->second;
    } else {
      out.files[path] = CapturedFile{CapturedFile::Kind::kHardlink, *target};
    }
    return {};
  }
  switch (archive_entry_filetype(entry)) {
    case AE_IFLNK: {
      const char* target = archive_entry_symlink(entry);
      out.files[path] = CapturedFile{CapturedFile::Kind::kSymlink, ResolveLinkTarget(path, target ? target : "")};
      return {};
    }
    case AE_IFREG: {
      std::int64_t size = archive_entry_size(entry);
      if (size < 0 || static_cast<std::uint64_t>(size) > kMaxCapturedFileBytes) {
        return Fail("{} bytes is over the {} byte limit for a cataloged file", size, kMaxCapturedFileBytes);
      }
      auto bytes = ReadWhole(a, size);
      if (!bytes) return std::unexpected(bytes.error());
      out.files[path] = CapturedFile{CapturedFile::Kind::kRegular, std::move(*bytes)};
      return {};
    }
    default:
      return {};  // directories, devices, FIFOs: nothing a cataloger reads
  }
}

// Offers a regular file to the observer, reusing the bytes already captured for a cataloger when there are any.
Status Observe(archive* a, archive_entry* entry, const std::string& path, const LayerFiles& out,
               const FileObserver& observer, std::string& buffer) {
  bool hardlink = archive_entry_hardlink(entry) != nullptr;
  if (!hardlink && archive_entry_filetype(entry) != AE_IFREG) return {};
  auto captured = out.files.find(path);
  bool have = captured != out.files.end() && captured->second.kind == CapturedFile::Kind::kRegular;
  std::int64_t size = have ? static_cast<std::int64_t>(captured->second.data.size()) : archive_entry_size(entry);
  ObservedEntry seen{path, static_cast<std::uint32_t>(archive_entry_perm(entry)),
                     static_cast<std::uint64_t>(std::max<std::int64_t>(size, 0))};
  if (!observer.wants(seen)) return {};
  if (have) {
    observer.see(seen, captured->second.data);
    return {};
  }
  if (hardlink) return {};  // its bytes are the target's, already offered under the target's name
  auto limit = static_cast<std::int64_t>(std::min<std::uint64_t>(seen.size, kMaxObservedFileBytes));
  if (auto read = ReadInto(a, limit, buffer); !read) return std::unexpected(read.error());
  observer.see(seen, buffer);
  return {};
}

}  // namespace

Result<std::string> WalkLayer(ByteReader& blob, const PathFilter& wanted, LayerFiles& out,
                              const FileObserver* observer) {
  std::string observed_bytes;
  auto inflated = OpenDecompressed(blob);
  BoundedReader bounded(*inflated);
  auto reader = OpenTarStream(bounded);
  if (!reader) {
    // A zero-byte layer is an empty layer (some builders write them); any other unreadable start is an error.
    if (bounded.failure()) return std::unexpected(*bounded.failure());
    if (bounded.hashing().bytes_read() == 0) return bounded.hashing().FinishHex();
    return std::unexpected(reader.error());
  }
  for (;;) {
    auto entry = NextEntry(reader->get());
    if (!entry) return std::unexpected(bounded.failure().value_or(entry.error()));
    if (*entry == nullptr) break;
    if (++out.entries > kMaxLayerEntries) return Fail("more than {} entries", kMaxLayerEntries);
    const char* raw_name = archive_entry_pathname(*entry);
    auto path = NormalizePath(raw_name != nullptr ? raw_name : "");
    if (!path) {
      out.issues.push_back({raw_name, "path leaves the layer root; skipped"});
      continue;
    }
    if (path->empty() || RecordWhiteout(*path, out)) continue;
    if (wanted(*path)) {
      if (auto captured = CaptureEntry(reader->get(), *entry, *path, out); !captured) {
        out.issues.push_back({*path, captured.error().message});
      }
    }
    if (observer != nullptr) {
      if (auto seen = Observe(reader->get(), *entry, *path, out, *observer, observed_bytes); !seen) {
        out.issues.push_back({*path, seen.error().message});
      }
    }
  }
  // The end-of-archive blocks may be followed by padding; the diff_id covers every byte.
  std::vector<char> rest(1 << 16);
  for (;;) {
    auto n = bounded.Read(rest.data(), rest.size());
    if (!n) return std::unexpected(n.error());
    if (*n == 0) break;
  }
  out.uncompressed_bytes = bounded.hashing().bytes_read();
  return bounded.hashing().FinishHex();
}

}  // namespace drydock
