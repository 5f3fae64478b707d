#include "catalog/dpkg/stanza.h"

#include <algorithm>

namespace drydock {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  const auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

const std::string* Stanza::Find(std::string_view name) const {
  for (const Field& field : fields) {
    if (SameName(field.name, name)) return &field.value;
  }
  return nullptr;
}

Result<Stanza> ParseStanza(const Record& record) {
  Stanza stanza;
  if (!record.empty()) stanza.first_line = record.front().number;
  for (const Line& line : record) {
    if (line.text.front() == ' ' || line.text.front() == '\t') {
      if (stanza.fields.empty()) return Fail("line {}: continuation line before any field", line.number);
      std::string& value = stanza.fields.back().value;
      value += '\n';
      value += TrimBlanks(line.text);
      continue;
    }
    const std::size_t colon = line.text.find(':');
    if (colon == std::string_view::npos) return Fail("line {}: no ':' in a field line", line.number);
    const std::string_view name = line.text.substr(0, colon);
    if (name.empty()) return Fail("line {}: field without a name", line.number);
    if (name.size() > kMaxIdentifierBytes)
      return Fail("line {}: field name over {} bytes", line.number, kMaxIdentifierBytes);
    if (name.find_first_of(" \t") != std::string_view::npos) {
      return Fail("line {}: field name holds whitespace", line.number);
    }
    if (stanza.fields.size() == kMaxStanzaFields)
      return Fail("line {}: over {} fields", line.number, kMaxStanzaFields);
    if (stanza.Find(name) != nullptr) return Fail("line {}: field {} given twice", line.number, name);
    stanza.fields.push_back(Field{name, std::string(TrimBlanks(line.text.substr(colon + 1)))});
  }
  return stanza;
}

}  // namespace drydock
