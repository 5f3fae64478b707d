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

// Hashes the uncompressed tar for the diff_id and stops a stream that grows past kMaxLayerBytes. An
// uncompressed blob was hashed as it streamed in already (its digest): that digest is the diff_id, and no byte
// is hashed twice.
class BoundedReader final : public ByteReader {
 public:
  explicit BoundedReader(ByteReader& inner) : inner_(inner) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    auto n = inner_.Read(buffer, capacity);
    if (!asked_) {  // the first Read() tells the stream's compression, and so whether it is the blob itself
      hashed_below_ = inner_.SameBytesHashedBy();
      asked_ = true;
    }
    if (n && *n > 0) {
      if (hashed_below_ == nullptr) hash_.Update(buffer, *n);
      bytes_read_ += *n;
      if (bytes_read_ > kMaxLayerBytes) {
        n = Fail("layer expands past {} bytes; refusing a decompression bomb", kMaxLayerBytes);
      }
    }
    if (!n) failure_ = n.error();
    return n;
  }
  std::uint64_t bytes_read() const { return bytes_read_; }
  // Once the stream has ended.
  std::string DigestHex() { return hashed_below_ != nullptr ? hashed_below_->CurrentHex() : hash_.FinishHex(); }
  // The first read error, kept because libarchive reports it in its own words (or not at all).
  const std::optional<Error>& failure() const { return failure_; }

 private:
  ByteReader& inner_;
  Sha256 hash_;
  const HashingReader* hashed_below_ = nullptr;
  bool asked_ = false;
  std::uint64_t bytes_read_ = 0;
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

// A file of a content-addressed package store ("<store>/v3/files/1a/2b3c...", pnpm's layout since v3; "v10" in
// pnpm 10). Packages under node_modules/.pnpm are hard links into it, and when the store comes first in the tar
// the link names the store file, which no cataloger asked for.
bool IsContentStoreFile(std::string_view path) {
  // The last four segments: "v<digits>", "files", two hex digits, the file's name.
  std::string_view segments[4];
  for (std::string_view& segment : segments) {
    const std::string_view parent = ParentPath(path);
    segment = path.substr(parent.empty() ? 0 : parent.size() + 1);
    if (segment.empty()) return false;
    path = parent;
  }
  const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  const std::string_view version = segments[3];
  return segments[2] == "files" && segments[1].size() == 2 && hex(segments[1][0]) && hex(segments[1][1]) &&
         version.size() >= 2 && version[0] == 'v' && version.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

// Store files kept in case a later hard link that a cataloger wants names them: only small ones that look like
// JSON (a package.json; the store's JavaScript is never a manifest), within a budget per layer.
constexpr std::size_t kMaxLinkCandidateBytes = 1 << 20;
constexpr std::size_t kLinkCandidateBudgetBytes = 128 << 20;

struct LinkCandidates {
  std::map<std::string, std::string, std::less<>> files;
  std::size_t bytes = 0;

  bool Wants(std::string_view path, std::int64_t size) const {
    return size >= 0 && static_cast<std::size_t>(size) <= kMaxLinkCandidateBytes &&
           bytes + static_cast<std::size_t>(size) <= kLinkCandidateBudgetBytes && IsContentStoreFile(path);
  }
  void Keep(const std::string& path, std::string data) {
    const std::size_t start = data.find_first_not_of(" \t\r\n");
    if (start == std::string::npos || data[start] != '{') return;
    bytes += data.size();
    files.emplace(path, std::move(data));
  }
  // Links a cataloger wanted whose target is a kept store file get the file's bytes.
  void Resolve(LayerFiles& out) const {
    if (files.empty()) return;
    for (auto& [path, file] : out.files) {
      if (file.kind != CapturedFile::Kind::kHardlink) continue;
      if (auto target = files.find(file.data); target != files.end()) {
        file = CapturedFile{CapturedFile::Kind::kRegular, target->second};
      }
    }
  }
};

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
               const FileObserver& observer, std::string& buffer, const std::string* read_already) {
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
  if (read_already != nullptr) {  // a store file kept as a link candidate: its data was consumed
    observer.see(seen, std::string_view(*read_already).substr(0, kMaxObservedFileBytes));
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
                              const FileObserver* observer, WalkThreads* helpers) {
  std::string observed_bytes;
  LinkCandidates candidates;
  std::string candidate_bytes;
  auto inflated = OpenDecompressed(blob, helpers);
  BoundedReader bounded(*inflated);
  auto reader = OpenTarStream(bounded);
  if (!reader) {
    // A zero-byte layer is an empty layer (some builders write them); any other unreadable start is an error.
    if (bounded.failure()) return std::unexpected(*bounded.failure());
    if (bounded.bytes_read() == 0) return bounded.DigestHex();
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
    const std::string* read_already = nullptr;
    if (wanted(*path)) {
      if (auto captured = CaptureEntry(reader->get(), *entry, *path, out); !captured) {
        out.issues.push_back({*path, captured.error().message});
      }
    } else if (archive_entry_hardlink(*entry) == nullptr && archive_entry_filetype(*entry) == AE_IFREG &&
               candidates.Wants(*path, archive_entry_size(*entry))) {
      if (ReadInto(reader->get(), archive_entry_size(*entry), candidate_bytes)) {
        read_already = &candidate_bytes;
        candidates.Keep(*path, candidate_bytes);
      }
    }
    if (observer != nullptr) {
      if (auto seen = Observe(reader->get(), *entry, *path, out, *observer, observed_bytes, read_already); !seen) {
        out.issues.push_back({*path, seen.error().message});
      }
    }
  }
  candidates.Resolve(out);
  // The end-of-archive blocks may be followed by padding; the diff_id covers every byte.
  std::vector<char> rest(1 << 16);
  for (;;) {
    auto n = bounded.Read(rest.data(), rest.size());
    if (!n) return std::unexpected(n.error());
    if (*n == 0) break;
  }
  out.uncompressed_bytes = bounded.bytes_read();
  return bounded.DigestHex();
}

}  // namespace drydock
