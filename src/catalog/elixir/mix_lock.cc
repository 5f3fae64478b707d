// mix.lock is written by Mix with Elixir's inspect/2: a map from dependency name to a tuple. Only the shape Mix
// writes is read (strings, atoms, lists, tuples, keyword lists); nothing is evaluated.
#include <string>
#include <vector>

#include "catalog/elixir/elixir.h"
#include "catalog/lockfile_cataloger.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

class TermReader {
 public:
  explicit TermReader(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == '#') {  // a comment to the end of the line (Mix writes none, people might)
        while (at_ < text_.size() && text_[at_] != '\n') ++at_;
      } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        ++at_;
      } else {
        return;
      }
    }
  }
  bool Eat(std::string_view token) {
    SkipSpace();
    if (!text_.substr(at_).starts_with(token)) return false;
    at_ += token.size();
    return true;
  }
  bool AtEnd() const { return at_ >= text_.size(); }
  // The 1-based line of the read position; counted on from the last call (the position only moves forward).
  std::size_t Line() {
    for (; line_at_ < at_ && line_at_ < text_.size(); ++line_at_) line_ += text_[line_at_] == '\n';
    return line_;
  }

  // A double-quoted string (backslash escapes kept as written); nullopt when there is none here.
  std::optional<std::string> String() {
    SkipSpace();
    if (at_ >= text_.size() || text_[at_] != '"') return std::nullopt;
    std::string out;
    for (++at_; at_ < text_.size(); ++at_) {
      const char c = text_[at_];
      if (c == '"') {
        ++at_;
        return out;
      }
      if (c == '\\' && at_ + 1 < text_.size()) out += text_[++at_];
      else out += c;
    }
    return std::nullopt;  // unterminated
  }

  // One element of a tuple or list, as its raw text; nested brackets and strings are skipped over. Stops
  // before the ',' or closing bracket that ends it. Error when cut short or nested too deep.
  Result<std::string_view> Element() {
    SkipSpace();
    const std::size_t start = at_;
    std::size_t depth = 0;
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == '"') {
        if (!String()) return Fail("line {}: unterminated string", Line());
        continue;
      }
      if (c == '{' || c == '[') {
        if (++depth > kMaxDocNestingDepth) return Fail("line {}: nested deeper than {} levels", Line(), kMaxDocNestingDepth);
      } else if (c == '}' || c == ']') {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
      ++at_;
    }
    if (at_ >= text_.size()) return Fail("cut short at line {}", Line());
    std::string_view element = text_.substr(start, at_ - start);
    while (!element.empty() && (element.back() == ' ' || element.back() == '\n' || element.back() == '\r')) {
      element.remove_suffix(1);
    }
    return element;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t line_ = 1, line_at_ = 0;
};

// The elements of the tuple that starts here ("{:hex, :jason, "1.4.0", ...}").
Result<std::vector<std::string>> Tuple(TermReader& reader) {
  if (!reader.Eat("{")) return Fail("line {}: expected a tuple", reader.Line());
  std::vector<std::string> elements;
  if (reader.Eat("}")) return elements;
  while (true) {
    auto element = reader.Element();
    if (!element) return std::unexpected(element.error());
    elements.emplace_back(*element);
    if (reader.Eat("}")) return elements;
    if (!reader.Eat(",")) return Fail("line {}: expected ',' or '}}'", reader.Line());
  }
}

std::string Unquote(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return std::string(text.substr(1, text.size() - 2));
  return "";
}

}  // namespace

bool IsMixLock(std::string_view path) { return PathBaseName(path) == "mix.lock"; }

Result<ParsedPackages> ParseMixLock(std::string_view bytes) {
  if (bytes.size() > kMaxMixLockBytes) {
    return Fail("mix.lock of {} bytes is over the {} byte limit", bytes.size(), kMaxMixLockBytes);
  }
  if (!IsValidUtf8(bytes)) return Fail("mix.lock is not valid UTF-8");
  TermReader reader(bytes);
  ParsedPackages out;
  reader.SkipSpace();
  if (reader.AtEnd()) return out;  // an empty file: no dependencies
  if (!reader.Eat("%{")) return Fail("mix.lock: line {}: not a map (%{{...}})", reader.Line());
  while (!reader.Eat("}")) {
    if (reader.AtEnd()) return Fail("mix.lock: cut short at line {}", reader.Line());
    const std::size_t line = reader.Line();
    auto key = reader.String();
    if (!key || !reader.Eat(":")) return Fail("mix.lock: line {}: expected \"name\": {{...}}", line);
    auto tuple = Tuple(reader);
    if (!tuple) return Rewrap(tuple.error(), "mix.lock: \"{}\"", *key);
    const std::vector<std::string>& t = *tuple;
    if (t.empty() || t[0] != ":hex") {
      out.skipped.push_back(fmt::format("\"{}\" (line {}): {} dependency, not a Hex release", *key, line,
                                        t.empty() ? "empty" : t[0]));
    } else if (t.size() < 3 || !t[1].starts_with(':') || t[1].size() < 2 || Unquote(t[2]).empty()) {
      out.skipped.push_back(fmt::format("\"{}\" (line {}): no package name and version", *key, line));
    } else {
      Package p;
      p.name = t[1].substr(1);
      p.version = Unquote(t[2]);
      p.ecosystem = "hex";
      out.packages.push_back(std::move(p));
    }
    if (reader.Eat("}")) break;  // the last entry may or may not have a trailing comma
    if (!reader.Eat(",")) return Fail("mix.lock: line {}: expected ',' after \"{}\"", reader.Line(), *key);
  }
  return out;
}

}  // namespace drydock
