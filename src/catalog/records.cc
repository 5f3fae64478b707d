#include "catalog/records.h"

#include <algorithm>

namespace drydock {

std::string_view TrimBlanks(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

namespace {

// Calls `each` with every record in turn, reusing one Record: a million-stanza dpkg status split into a vector of
// records first cost more than twice the file's size on top of the packages made from it.
template <class Each>
Status ForEachRecord(std::string_view bytes, std::size_t max_bytes, const Each& each) {
  if (bytes.size() > max_bytes) return Fail("{} bytes is over the {} byte limit", bytes.size(), max_bytes);
  if (const std::size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    const auto line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    return Fail("line {}: NUL byte in a text database", line);
  }
  Record current;
  std::size_t number = 0;
  while (!bytes.empty()) {
    const std::size_t end = bytes.find('\n');
    std::string_view text = bytes.substr(0, end);
    bytes.remove_prefix(end == std::string_view::npos ? bytes.size() : end + 1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    ++number;
    if (TrimBlanks(text).empty()) {
      if (!current.empty()) each(current);
      current.clear();
      continue;
    }
    current.push_back(Line{text, number});
  }
  if (!current.empty()) each(current);
  return {};
}

}  // namespace

Result<std::vector<Record>> SplitRecords(std::string_view bytes, std::size_t max_bytes) {
  std::vector<Record> records;
  Status split = ForEachRecord(bytes, max_bytes, [&](const Record& record) { records.push_back(record); });
  if (!split) return std::unexpected(split.error());
  return records;
}

Status CheckIdentifier(std::string_view what, std::string_view value) {
  if (value.empty()) return Fail("empty {}", what);
  if (value.size() > kMaxIdentifierBytes) {
    return Fail("{} is {} bytes, over the {} byte limit", what, value.size(), kMaxIdentifierBytes);
  }
  const bool clean =
      std::none_of(value.begin(), value.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
  if (!clean) return Fail("{} {:?} holds whitespace or control bytes", what, value);
  return {};
}

Result<ParsedPackages> ParseRecords(std::string_view bytes, std::size_t max_bytes, std::string_view record_word,
                                    const RecordToPackage& to_package) {
  ParsedPackages parsed;
  // Sized once from the blank lines (an upper bound: each record ends at one): growing by doubling held the old
  // and the new array at once, 1.5x of every package (700k dpkg stanzas: ~400 MB at the last doubling).
  // Capacity the records do not fill is never touched, so costs no memory.
  if (bytes.size() <= max_bytes) {
    std::size_t records = 1;
    for (std::size_t at = bytes.find("\n\n"); at != std::string_view::npos; at = bytes.find("\n\n", at + 2)) ++records;
    parsed.packages.reserve(records);
  }
  Status read = ForEachRecord(bytes, max_bytes, [&](const Record& record) {
    auto package = to_package(record);
    if (!package) {
      parsed.skipped.push_back(
          package.error().Wrap(fmt::format("{} at line {}", record_word, record.front().number)).message);
    } else if (*package) {
      parsed.packages.push_back(std::move(**package));
    }
  });
  if (!read) return std::unexpected(read.error());
  return parsed;
}

}  // namespace drydock
