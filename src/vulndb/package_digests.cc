// Per-package digests of a DB, so two generations diff by (ecosystem, package) without building an Advisory
// for every entry: one pass over the sorted `affected` vector, hashing the mapped strings in place.
#include "vulndb/package_digests.h"

#include <algorithm>
#include <string_view>

namespace drydock {
namespace {

using Strings = flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>;

// FNV-1a, 64 bits, over length-prefixed fields so ("ab","c") and ("a","bc") differ. Not a security digest:
// a collision only makes one re-match skip a key, and the inputs are the DB we were given.
class Fnv {
 public:
  void Add(std::string_view text) {
    AddNumber(text.size());
    for (char c : text) Byte(static_cast<unsigned char>(c));
  }
  void Add(const flatbuffers::String* s) { Add(s != nullptr ? s->string_view() : std::string_view()); }
  void Add(const Strings* list) {
    AddNumber(list != nullptr ? list->size() : 0);
    if (list != nullptr) for (const auto* s : *list) Add(s);
  }
  void AddNumber(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<unsigned char>(value >> (8 * i)));
  }
  std::uint64_t value() const { return hash_; }

 private:
  void Byte(unsigned char b) {
    hash_ ^= b;
    hash_ *= 0x100000001b3ULL;
  }
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

void AddEntry(Fnv& h, const fb::Affected& entry) {
  const auto* ranges = entry.ranges();
  h.AddNumber(ranges != nullptr ? ranges->size() : 0);
  if (ranges != nullptr) {
    for (const fb::Range* r : *ranges) {
      h.Add(r->introduced());
      h.Add(r->fixed());
      h.Add(r->last_affected());
      h.Add(r->type());
      h.Add(r->limits());
    }
  }
  h.Add(entry.versions());
  h.Add(entry.status());
  h.Add(entry.severity());
}

void AddAdvisory(Fnv& h, const fb::Db& db, std::uint32_t index) {
  const auto* advisories = db.advisories();
  if (advisories == nullptr || index >= advisories->size()) {
    h.Add("(no advisory)");
    return;
  }
  const fb::Advisory& a = *advisories->Get(index);
  h.Add(a.id());
  h.Add(a.aliases());
  h.Add(a.summary());
  h.Add(a.severity());
  h.Add(a.severity_source());
  h.Add(a.cvss());
  h.Add(a.data_source());
  const auto* groups = db.vulnerabilities();
  if (a.vulnerability() == 0 || groups == nullptr || a.vulnerability() > groups->size()) {
    h.AddNumber(0);
    return;
  }
  // The group's number itself is not hashed: it shifts whenever an unrelated group is added before it.
  const fb::Vulnerability& group = *groups->Get(a.vulnerability() - 1);
  h.AddNumber(group.kev() ? 2 : 1);
  const auto* ratings = group.ratings();
  h.AddNumber(ratings != nullptr ? ratings->size() : 0);
  if (ratings != nullptr) {
    for (const fb::Rating* r : *ratings) {
      h.Add(r->source());
      h.Add(r->severity());
      h.Add(r->cvss());
      h.Add(r->record());
    }
  }
}

std::string_view View(const flatbuffers::String* s) { return s != nullptr ? s->string_view() : std::string_view(); }

}  // namespace

std::vector<PackageDigest> DigestPackages(const fb::Db& db) {
  std::vector<PackageDigest> out;
  const auto* affected = db.affected();
  if (affected == nullptr) return out;
  Fnv h;
  std::string_view ecosystem, package;
  bool open = false;
  for (const fb::Affected* entry : *affected) {
    if (!open || View(entry->ecosystem()) != ecosystem || View(entry->package()) != package) {
      if (open) out.push_back({std::string(ecosystem), std::string(package), h.value()});
      ecosystem = View(entry->ecosystem());
      package = View(entry->package());
      h = Fnv();
      open = true;
    }
    AddAdvisory(h, db, entry->advisory());
    AddEntry(h, *entry);
  }
  if (open) out.push_back({std::string(ecosystem), std::string(package), h.value()});
  return out;
}

std::vector<std::pair<std::string, std::string>> ChangedPackages(std::span<const PackageDigest> before,
                                                                 std::span<const PackageDigest> after) {
  std::vector<std::pair<std::string, std::string>> changed;
  auto key = [](const PackageDigest& d) { return std::tie(d.ecosystem, d.package); };
  std::size_t i = 0, j = 0;
  while (i < before.size() || j < after.size()) {
    if (j == after.size() || (i < before.size() && key(before[i]) < key(after[j]))) {
      changed.emplace_back(before[i].ecosystem, before[i].package);  // withdrawn
      ++i;
    } else if (i == before.size() || key(after[j]) < key(before[i])) {
      changed.emplace_back(after[j].ecosystem, after[j].package);  // new
      ++j;
    } else {
      if (before[i].digest != after[j].digest) changed.emplace_back(after[j].ecosystem, after[j].package);
      ++i;
      ++j;
    }
  }
  return changed;
}

}  // namespace drydock
