// A record is a flags byte, then the string fields in kFieldOrder, then the licence count and the licences.
// Each string is a varint tag: (length << 2) | 0 followed by the bytes, (word << 2) | 1 for a value of the
// pool, kSameAsName (source_name only) or kUsualId (id only: "<ecosystem>:<name>@<version>[:<arch>]").
#include "drydock/package_table.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace drydock {
namespace {

constexpr std::uint64_t kInline = 0, kWord = 1, kSameAsName = 2, kUsualId = 3;
constexpr std::uint8_t kDevFlag = 1, kBaseFlag = 2;
// Chunks start small (a lockfile's table holds a few packages) and double up to 1 MiB; a full chunk is never
// grown, so a record never moves and no chunk is ever copied.
constexpr std::size_t kFirstChunkBytes = 512, kMaxChunkBytes = 1 << 20;
// Pool entries are few in practice (ecosystems, arches, one path and one layer per file); the cap bounds
// what a hostile file of all-distinct values costs: past it, values are stored inline.
constexpr std::size_t kMaxWords = 1 << 16;
constexpr std::size_t kMaxVarintBytes = 10;

void PutVarint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

std::uint64_t GetVarint(const char*& at) {
  std::uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<std::uint8_t>(*at++);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
}

bool IsUsualId(const Package& p) {
  const std::string_view id = p.id;
  const std::size_t head = p.ecosystem.size() + 1 + p.name.size() + 1 + p.version.size();
  const std::size_t size = head + (p.arch.empty() ? 0 : 1 + p.arch.size());
  if (id.size() != size) return false;
  std::string_view rest = id;
  for (auto [text, separator] : {std::pair<std::string_view, char>{p.ecosystem, ':'}, {p.name, '@'}}) {
    if (!rest.starts_with(text) || rest[text.size()] != separator) return false;
    rest.remove_prefix(text.size() + 1);
  }
  if (!rest.starts_with(p.version)) return false;
  rest.remove_prefix(p.version.size());
  return p.arch.empty() ? rest.empty() : rest[0] == ':' && rest.substr(1) == p.arch;
}

std::string UsualId(const Package& p) {
  std::string id;
  id.reserve(p.ecosystem.size() + p.name.size() + p.version.size() + p.arch.size() + 3);
  id.append(p.ecosystem).append(":").append(p.name).append("@").append(p.version);
  if (!p.arch.empty()) id.append(":").append(p.arch);
  return id;
}

}  // namespace

struct PackageTable::KeyFields {
  std::string_view ecosystem, name, version, arch;
  auto Tie() const { return std::tie(ecosystem, name, version, arch); }
};

// Reads a record's fields in order.
class PackageTable::Cursor {
 public:
  Cursor(const PackageTable& table, const char* record) : table_(table), at_(record + 1), flags_(static_cast<std::uint8_t>(*record)) {}
  std::uint8_t flags() const { return flags_; }
  // The next string field. Tags kSameAsName and kUsualId come back as themselves in `special`.
  std::string_view Next(std::uint64_t* special = nullptr) {
    const std::uint64_t tag = GetVarint(at_);
    switch (tag & 3) {
      case kInline: {
        const std::string_view text(at_, tag >> 2);
        at_ += text.size();
        return text;
      }
      case kWord: return table_.words_[tag >> 2];
      default:
        if (special != nullptr) *special = tag;
        return {};
    }
  }
  std::uint64_t Count() { return GetVarint(at_); }

 private:
  const PackageTable& table_;
  const char* at_;
  std::uint8_t flags_;
};

PackageTable::PackageTable(std::initializer_list<Package> packages) {
  rows_.reserve(packages.size());
  for (const Package& p : packages) push_back(p);
}

PackageTable::PackageTable(const std::vector<Package>& packages) {
  rows_.reserve(packages.size());
  for (const Package& p : packages) push_back(p);
}

PackageTable::PackageTable(const PackageTable& other)
    : rows_(other.rows_), chunks_(other.chunks_), words_(other.words_) {
  RebuildIndex();
}

PackageTable& PackageTable::operator=(const PackageTable& other) {
  if (this != &other) {
    PackageTable copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void PackageTable::RebuildIndex() {
  word_index_.clear();
  for (std::size_t i = 0; i < words_.size(); ++i) word_index_.emplace(words_[i], static_cast<std::uint32_t>(i));
}

std::int64_t PackageTable::Intern(std::string_view value) {
  if (auto found = word_index_.find(value); found != word_index_.end()) return found->second;
  if (words_.size() >= kMaxWords) return -1;
  words_.emplace_back(value);
  word_index_.emplace(words_.back(), static_cast<std::uint32_t>(words_.size() - 1));
  return static_cast<std::int64_t>(words_.size() - 1);
}

PackageTable::Row PackageTable::Append(const Package& p) {
  const std::string* const fields[] = {&p.ecosystem, &p.name,   &p.version,       &p.arch,
                                       &p.source_name, &p.source_version, &p.module, &p.purl,
                                       &p.layer_diff_id, &p.path, &p.id};
  std::size_t bound = 1 + kMaxVarintBytes;
  for (const std::string* field : fields) bound += kMaxVarintBytes + field->size();
  for (const std::string& license : p.licenses) bound += kMaxVarintBytes + license.size();
  if (chunks_.empty() || chunks_.back().capacity() - chunks_.back().size() < bound) {
    const std::size_t next = chunks_.empty() ? kFirstChunkBytes : std::min(kMaxChunkBytes, chunks_.back().capacity() * 2);
    chunks_.emplace_back().reserve(std::max(next, bound));
  }
  std::string& out = chunks_.back();
  const Row row{static_cast<std::uint32_t>(chunks_.size() - 1), static_cast<std::uint32_t>(out.size())};
  out.push_back(static_cast<char>((p.dev ? kDevFlag : 0) | (p.base ? kBaseFlag : 0)));
  auto put = [&](std::string_view value, bool pooled) {
    if (const std::int64_t word = pooled ? Intern(value) : -1; word >= 0) {
      PutVarint(out, (static_cast<std::uint64_t>(word) << 2) | kWord);
      return;
    }
    PutVarint(out, (value.size() << 2) | kInline);
    out.append(value);
  };
  put(p.ecosystem, true);
  put(p.name, false);
  put(p.version, false);
  put(p.arch, true);
  if (p.source_name == p.name && !p.name.empty()) {
    PutVarint(out, kSameAsName);
  } else {
    put(p.source_name, false);
  }
  put(p.source_version, false);
  put(p.module, true);
  put(p.purl, false);
  put(p.layer_diff_id, true);
  put(p.path, true);
  if (IsUsualId(p)) {
    PutVarint(out, kUsualId);
  } else {
    put(p.id, false);
  }
  PutVarint(out, p.licenses.size());
  for (const std::string& license : p.licenses) put(license, true);
  return row;
}

Package PackageTable::Decode(Row row) const { return DecodeAt(Record(row)); }

Package PackageTable::DecodeAt(const char* record) const {
  Cursor in(*this, record);
  Package p;
  p.dev = (in.flags() & kDevFlag) != 0;
  p.base = (in.flags() & kBaseFlag) != 0;
  p.ecosystem = in.Next();
  p.name = in.Next();
  p.version = in.Next();
  p.arch = in.Next();
  std::uint64_t special = 0;
  p.source_name = in.Next(&special);
  if (special == kSameAsName) p.source_name = p.name;
  p.source_version = in.Next();
  p.module = in.Next();
  p.purl = in.Next();
  p.layer_diff_id = in.Next();
  p.path = in.Next();
  special = 0;
  p.id = in.Next(&special);
  if (special == kUsualId) p.id = UsualId(p);
  const std::uint64_t licenses = in.Count();
  p.licenses.reserve(licenses);
  for (std::uint64_t i = 0; i < licenses; ++i) p.licenses.emplace_back(in.Next());
  return p;
}

PackageTable::KeyFields PackageTable::Keys(Row row) const {
  Cursor in(*this, Record(row));
  KeyFields keys;
  keys.ecosystem = in.Next();
  keys.name = in.Next();
  keys.version = in.Next();
  keys.arch = in.Next();
  return keys;
}

Package PackageTable::operator[](std::size_t row) const { return Decode(rows_[row]); }

Package PackageTable::at(std::size_t row) const {
  if (row >= rows_.size()) throw std::out_of_range("PackageTable::at");
  return Decode(rows_[row]);
}

std::vector<Package> PackageTable::ToVector() const { return std::vector<Package>(begin(), end()); }

void PackageTable::push_back(const Package& package) { rows_.push_back(Append(package)); }

void PackageTable::clear() {
  rows_.clear();
  chunks_.clear();
  words_.clear();
  word_index_.clear();
}

std::string_view PackageTable::Ecosystem(std::size_t row) const { return Keys(rows_[row]).ecosystem; }
std::string_view PackageTable::Name(std::size_t row) const { return Keys(rows_[row]).name; }
std::string PackageTable::Id(std::size_t row) const { return Decode(rows_[row]).id; }

std::unordered_map<std::string, Package> PackageTable::ById(const std::unordered_set<std::string>& ids) const {
  std::unordered_map<std::string, Package> found;
  if (ids.empty()) return found;
  for (std::size_t row = 0; row < size(); ++row) {
    std::string id = Id(row);
    if (ids.contains(id) && !found.contains(id)) found.emplace(std::move(id), (*this)[row]);
  }
  return found;
}

void PackageTable::Set(std::size_t row, const Package& package) { rows_[row] = Append(package); }

void PackageTable::SetDev(std::size_t row, bool dev) {
  char& flags = chunks_[rows_[row].chunk][rows_[row].offset];
  flags = static_cast<char>(dev ? (flags | kDevFlag) : (flags & ~kDevFlag));
}

void PackageTable::SetBase(std::size_t row, bool base) {
  char& flags = chunks_[rows_[row].chunk][rows_[row].offset];
  flags = static_cast<char>(base ? (flags | kBaseFlag) : (flags & ~kBaseFlag));
}

void PackageTable::Rewrite(const std::function<bool(Package&)>& change) {
  std::vector<Row> old_rows = std::move(rows_);
  std::vector<std::string> old_chunks = std::move(chunks_);
  rows_.clear();
  chunks_.clear();
  rows_.reserve(old_rows.size());
  // Rows in arena order (as parsed, or as a previous Rewrite left them) let each passed chunk go at once.
  const bool in_order = std::is_sorted(old_rows.begin(), old_rows.end(), [](Row a, Row b) {
    return std::tie(a.chunk, a.offset) < std::tie(b.chunk, b.offset);
  });
  std::uint32_t freed = 0;
  for (const Row old : old_rows) {
    Package p = DecodeAt(old_chunks[old.chunk].data() + old.offset);
    for (; in_order && freed < old.chunk; ++freed) std::string().swap(old_chunks[freed]);
    if (change(p)) rows_.push_back(Append(p));
  }
}

void PackageTable::SetPaths(std::string_view path) {
  Rewrite([&](Package& p) {
    p.path = path;
    return true;
  });
}

void PackageTable::EraseIf(const std::function<bool(const Package&)>& erase) {
  std::erase_if(rows_, [&](Row row) { return erase(Decode(row)); });
}

void PackageTable::EraseRows(const std::vector<bool>& erase) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (!erase[i]) rows_[kept++] = rows_[i];
  }
  rows_.resize(kept);
}

void PackageTable::Insert(std::size_t at, const PackageTable& other) {
  if (&other == this) {
    const PackageTable copy(other);
    Insert(at, copy);
    return;
  }
  std::vector<Row> added;
  added.reserve(other.size());
  for (const Package& p : other) added.push_back(Append(p));
  rows_.insert(rows_.begin() + static_cast<std::ptrdiff_t>(at), added.begin(), added.end());
}

void PackageTable::SortByKey() {
  std::sort(rows_.begin(), rows_.end(), [&](Row a, Row b) { return Keys(a).Tie() < Keys(b).Tie(); });
}

bool PackageTable::operator==(const PackageTable& other) const {
  if (size() != other.size()) return false;
  for (std::size_t i = 0; i < size(); ++i) {
    if ((*this)[i] != other[i]) return false;
  }
  return true;
}

}  // namespace drydock
