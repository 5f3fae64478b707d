#include "catalog/records.h"

#include <algorithm>

namespace drydock {

std::string_view TrimBlanks(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

Result<std::vector<Record>> SplitRecords(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() > max_bytes) return Fail("{} bytes is over the {} byte limit", bytes.size(), max_bytes);
  if (const std::size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    const auto line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    return Fail("line {}: NUL byte in a text database", line);
  }
  std::vector<Record> records;
  Record current;
  std::size_t number = 0;
  while (!bytes.empty()) {
    const std::size_t end = bytes.find('\n');
    std::string_view text = bytes.substr(0, end);
    bytes.remove_prefix(end == std::string_view::npos ? bytes.size() : end + 1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    ++number;
    if (TrimBlanks(text).empty()) {
      if (!current.empty()) records.push_back(std::move(current));
      current.clear();
      continue;
    }
    current.push_back(Line{text, number});
  }
  if (!current.empty()) records.push_back(std::move(current));
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
  auto records = SplitRecords(bytes, max_bytes);
  if (!records) return std::unexpected(records.error());
  ParsedPackages parsed;
  for (const Record& record : *records) {
    auto package = to_package(record);
    if (!package) {
      parsed.skipped.push_back(
          package.error().Wrap(fmt::format("{} at line {}", record_word, record.front().number)).message);
    } else if (*package) {
      parsed.packages.push_back(std::move(**package));
    }
  }
  return parsed;
}

}  // namespace drydock
