// VulnDb::Open: mmap the file, check identifier and schema version, verify, then serve look-ups straight
// from the mapping.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/sha256.h"
#include "common/unique_fd.h"
#include "vulndb/db_generated.h"
#include "vulndb/package_digests.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

namespace fb = drydock::fb;

// Tables nest Db -> Affected -> Range (and Db -> Vulnerability -> Rating): 3 deep, vectors add one level each.
constexpr flatbuffers::uoffset_t kMaxDbDepth = 8;
// Every table costs at least 8 bytes, so this only bites on files near the 2 GiB FlatBuffers limit.
constexpr flatbuffers::uoffset_t kMaxDbTables = 256'000'000;
constexpr std::size_t kMinDbBytes = 8;  // root offset + file identifier
constexpr std::size_t kMaxDbFileBytes = FLATBUFFERS_MAX_BUFFER_SIZE - 1;

std::string Str(const flatbuffers::String* s) { return s ? s->str() : std::string(); }
std::string_view View(const flatbuffers::String* s) { return s ? s->string_view() : std::string_view(); }

std::vector<std::string> Strings(const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>* v) {
  std::vector<std::string> out;
  if (v) for (const auto* s : *v) out.push_back(Str(s));
  return out;
}

Affected ToAffected(const fb::Affected& entry) {
  Affected affected{Str(entry.ecosystem()), Str(entry.package()), {}, Strings(entry.versions()), Str(entry.status()),
                    Str(entry.severity())};
  if (const auto* ranges = entry.ranges()) {
    for (const fb::Range* r : *ranges) {
      affected.ranges.push_back(AffectedRange{Str(r->introduced()), Str(r->fixed()), Str(r->last_affected()),
                                              Str(r->type()), Strings(r->limits())});
    }
  }
  return affected;
}

// Reads schema_version (root field 0) after verifying only the root offset, the root's vtable and that
// one field, so a DB of another schema gets the "rebuild" message even if the rest of its layout differs.
std::optional<std::uint32_t> PeekSchemaVersion(const std::uint8_t* data, std::size_t size) {
  flatbuffers::Verifier verifier(data, size, kMaxDbDepth, kMaxDbTables);
  const flatbuffers::uoffset_t root_offset = verifier.VerifyOffset(0);
  if (root_offset == 0) return std::nullopt;
  const auto* table = reinterpret_cast<const flatbuffers::Table*>(data + root_offset);
  if (!table->VerifyTableStart(verifier) ||
      !table->VerifyField<std::uint32_t>(verifier, fb::Db::VT_SCHEMA_VERSION, sizeof(std::uint32_t))) {
    return std::nullopt;
  }
  return table->GetField<std::uint32_t>(fb::Db::VT_SCHEMA_VERSION, 0);
}

class MappedDb final : public VulnDb {
 public:
  MappedDb(void* map, std::size_t size) : map_(map), size_(size), db_(fb::GetDb(map)) {}
  ~MappedDb() override { ::munmap(map_, size_); }
  MappedDb(const MappedDb&) = delete;
  MappedDb& operator=(const MappedDb&) = delete;

  DbInfo Info() const override {
    DbInfo info{db_->schema_version(), Str(db_->built_at()), {}, 0, 0};
    if (const auto* feeds = db_->feeds()) {
      for (const fb::Feed* f : *feeds) {
        info.feeds.push_back(FeedInfo{Str(f->name()), Str(f->source()), Str(f->updated()),
                                      static_cast<std::size_t>(f->advisories()), static_cast<std::size_t>(f->skipped())});
      }
    }
    if (const auto* missing = db_->missing()) {
      for (const fb::Missing* m : *missing) {
        info.missing.push_back(MissingSource{Str(m->source()), Strings(m->ecosystems()), Str(m->reason())});
      }
    }
    info.advisory_count = db_->advisories() ? db_->advisories()->size() : 0;
    info.affected_count = db_->affected() ? db_->affected()->size() : 0;
    return info;
  }

  bool CoversEcosystem(std::string_view ecosystem) const override {
    const auto* affected = db_->affected();
    if (!affected) return false;
    auto less = [](const fb::Affected* entry, std::string_view k) { return View(entry->ecosystem()) < k; };
    auto it = std::lower_bound(affected->begin(), affected->end(), ecosystem, less);
    return it != affected->end() && View((*it)->ecosystem()) == ecosystem;
  }

  std::string ContentDigest() const override {
    Sha256 sha;
    sha.Update(map_, size_);
    return "sha256:" + sha.FinishHex();
  }

  std::vector<PackageDigest> PackageDigests() const override { return DigestPackages(*db_); }

  std::vector<Advisory> Lookup(std::string_view ecosystem, std::string_view package) const override {
    std::vector<Advisory> out;
    const auto* affected = db_->affected();
    const auto* advisories = db_->advisories();
    if (!affected || !advisories) return out;
    const auto key = std::make_pair(ecosystem, package);
    auto less = [](const fb::Affected* entry, const std::pair<std::string_view, std::string_view>& k) {
      return std::make_pair(View(entry->ecosystem()), View(entry->package())) < k;
    };
    std::uint32_t previous = advisories->size();  // entries of one advisory are adjacent (sorted by index)
    for (auto it = std::lower_bound(affected->begin(), affected->end(), key, less); it != affected->end(); ++it) {
      const fb::Affected* entry = *it;
      if (View(entry->ecosystem()) != ecosystem || View(entry->package()) != package) break;
      const std::uint32_t index = entry->advisory();
      if (index >= advisories->size()) continue;  // the verifier checks layout, not this cross-reference
      if (index != previous) out.push_back(ToAdvisory(*advisories->Get(index)));
      previous = index;
      out.back().affected.push_back(ToAffected(*entry));
    }
    return out;
  }

 private:
  Advisory ToAdvisory(const fb::Advisory& a) const {
    Advisory advisory{Str(a.id()),       Strings(a.aliases()), Str(a.summary()),     Str(a.severity()),
                      Str(a.severity_source()), Str(a.cvss()), Str(a.data_source()), {}};
    const auto* groups = db_->vulnerabilities();
    if (a.vulnerability() == 0 || !groups || a.vulnerability() > groups->size()) return advisory;
    const fb::Vulnerability& group = *groups->Get(a.vulnerability() - 1);
    advisory.group = a.vulnerability();
    advisory.kev = group.kev();
    if (group.epss() >= 0) advisory.epss = group.epss();
    if (group.epss_percentile() >= 0) advisory.epss_percentile = group.epss_percentile();
    if (const auto* ratings = group.ratings()) {
      for (const fb::Rating* r : *ratings) {
        // The record's own rating is already in its own fields; `related` is what everyone else says.
        if (View(r->record()) == advisory.id && View(r->source()) == advisory.severity_source) continue;
        advisory.related.push_back(SeverityRating{Str(r->source()), Str(r->severity()), Str(r->cvss()), Str(r->record())});
      }
    }
    return advisory;
  }

  void* map_;
  std::size_t size_;
  const fb::Db* db_;
};


}  // namespace

bool MissingCovers(const MissingSource& missing, std::string_view ecosystem) {
  for (std::string_view pattern : missing.ecosystems) {
    if (pattern == ecosystem) return true;
    if (pattern.ends_with(":*") && ecosystem.starts_with(pattern.substr(0, pattern.size() - 1))) return true;
  }
  return false;
}

Result<std::unique_ptr<VulnDb>> VulnDb::Open(const std::string& path) {
  UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));  // kept until the mapping is made
  if (!file) {
    if (errno == ENOENT) return FailWith(ErrorCode::kNotFound, "{}: no vulnerability DB here (build one with drydock db build)", path);
    return Fail("{}: {}", path, std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) return Fail("{}: not a regular file", path);
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size < kMinDbBytes) return Fail("{}: {} bytes is too small to be a drydock DB", path, size);
  if (size > kMaxDbFileBytes) return Fail("{}: {} bytes is over the {} byte DB limit", path, size, kMaxDbFileBytes);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, file.get(), 0);
  if (map == MAP_FAILED) return Fail("{}: mmap: {}", path, std::strerror(errno));
  const auto* data = static_cast<const std::uint8_t*>(map);
  auto fail = [&](std::string message) -> Result<std::unique_ptr<VulnDb>> {
    ::munmap(map, size);
    return Fail("{}: {}", path, message);
  };
  if (!flatbuffers::BufferHasIdentifier(data, fb::DbIdentifier())) {
    return fail(fmt::format("not a drydock DB (no \"{}\" identifier)", fb::DbIdentifier()));
  }
  const auto schema = PeekSchemaVersion(data, size);
  if (!schema) return fail("corrupt DB (header does not verify); download or rebuild it");
  if (*schema != kDbSchemaVersion) {
    return fail(fmt::format("DB schema {}, this drydock reads schema {}: rebuild with drydock db build", *schema,
                            kDbSchemaVersion));
  }
  flatbuffers::Verifier verifier(data, size, kMaxDbDepth, kMaxDbTables);
  if (!fb::VerifyDbBuffer(verifier)) return fail("corrupt DB (FlatBuffers verifier failed); download or rebuild it");
  return std::unique_ptr<VulnDb>(std::make_unique<MappedDb>(map, size));
}

}  // namespace drydock
