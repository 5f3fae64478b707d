// deb822 stanzas ("Field: value" with continuation lines), as written in var/lib/dpkg/status and in the
// distroless var/lib/dpkg/status.d/* files. One parser serves both.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/records.h"
#include "drydock/error.h"

namespace drydock {

// Real stanzas carry about 25 fields; the cap keeps the duplicate-field check linear in practice.
inline constexpr std::size_t kMaxStanzaFields = 256;

struct Field {
  std::string_view name;
  std::string
      value;  // first-line value trimmed; continuation lines joined with '\n', as dpkg-query prints them
};

struct Stanza {
  std::size_t first_line = 0;
  std::vector<Field> fields;

  // The value of `name` (matched case-insensitively, as deb822 field names are), or nullptr when absent.
  const std::string* Find(std::string_view name) const;
};

// Parses one record. Malformed syntax is an Error naming the line: a continuation before any field, a line
// with no ':' or an empty field name, or a field given twice (dpkg itself refuses all three).
Result<Stanza> ParseStanza(const Record& record);

}  // namespace drydock
