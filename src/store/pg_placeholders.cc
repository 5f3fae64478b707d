// SQLite-style placeholders to PostgreSQL's: the store's SQL is written once, with `?`, for both engines.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "store/pg_db.h"

namespace drydock {
namespace {

// The index just past a quoted run starting at `start` (which holds the quote); a doubled quote inside is an
// escaped one. An unterminated run ends the text (the server reports the broken statement).
std::size_t SkipQuoted(std::string_view sql, std::size_t start) {
  const char quote = sql[start];
  std::size_t i = start + 1;
  while (i < sql.size()) {
    if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return sql.size();
}

std::size_t SkipComment(std::string_view sql, std::size_t start) {
  if (sql[start + 1] == '-') {
    std::size_t end = sql.find('\n', start);
    return end == std::string_view::npos ? sql.size() : end;
  }
  std::size_t end = sql.find("*/", start + 2);
  return end == std::string_view::npos ? sql.size() : end + 2;
}

}  // namespace

std::string PostgresPlaceholders(std::string_view sql, int* parameters) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      std::size_t end = SkipQuoted(sql, i);
      out.append(sql.substr(i, end - i));
      i = end;
    } else if ((c == '-' || c == '/') && i + 1 < sql.size() && sql[i + 1] == (c == '-' ? '-' : '*')) {
      std::size_t end = SkipComment(sql, i);
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '?') {
      // As SQLite numbers them: ?N is parameter N; a bare ? is one more than the largest so far.
      std::size_t digits = i + 1;
      while (digits < sql.size() && std::isdigit(static_cast<unsigned char>(sql[digits]))) ++digits;
      const std::size_t run = digits - i - 1;
      int number = highest + 1;
      if (run >= 1 && run <= 5) {
        number = std::stoi(std::string(sql.substr(i + 1, run)));
        i = digits;
      } else {
        i += 1;  // a bare ? (a longer digit run is no parameter number: left as text after it)
      }
      highest = std::max(highest, number);
      out += '$';
      out += std::to_string(number);
    } else {
      out += c;
      ++i;
    }
  }
  if (parameters != nullptr) *parameters = highest;
  return out;
}

}  // namespace drydock
