// Splitting of the line-oriented package databases (dpkg status, apk installed) into records. Both formats
// are paragraphs of lines separated by blank lines; only the field syntax inside a line differs, so that
// lives with each ecosystem.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "drydock/error.h"

namespace drydock {

// A package record's identifying fields are short; a longer one is corruption or an attack, not a package.
inline constexpr std::size_t kMaxIdentifierBytes = 1024;

// One line without its terminator ("\n" or "\r\n"); `number` counts from 1 for error messages.
struct Line {
  std::string_view text;
  std::size_t number = 0;
};

// Consecutive non-blank lines. Views point into the bytes given to SplitRecords.
using Record = std::vector<Line>;

// Splits `bytes` at blank lines (empty, or only spaces and tabs, as deb822(5) allows). A missing final
// newline and CRLF line ends are accepted. NUL bytes are an Error: no text database holds them, so the file
// is corrupt and its package list cannot be trusted. Files over `max_bytes` are an Error rather than a
// partial list.
Result<std::vector<Record>> SplitRecords(std::string_view bytes, std::size_t max_bytes);

// Splits `bytes` into records and turns each into a package with `to_package` (Record -> Result<optional<
// Package>>; nullopt = a record that is no installed package). A record it rejects costs only itself: it is
// listed in `skipped` as "<record_word> at line N: why". Only a file that cannot be split is an Error.
using RecordToPackage = std::function<Result<std::optional<Package>>(const Record&)>;
Result<ParsedPackages> ParseRecords(std::string_view bytes, std::size_t max_bytes, std::string_view record_word,
                                    const RecordToPackage& to_package);

// `text` without leading and trailing spaces and tabs.
std::string_view TrimBlanks(std::string_view text);

// Error unless `value` is non-empty, at most kMaxIdentifierBytes and free of whitespace and control bytes.
// `what` names the field in the message ("Package").
Status CheckIdentifier(std::string_view what, std::string_view value);

}  // namespace drydock
