#include "common/bounded_json.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "common/cbor_shape.h"
#include "common/file.h"

namespace drydock {

bool JsonTooDeep(std::string_view json, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;  // an unbalanced close is the parser's error to report, not a reason to undercount later opens
    }
  }
  return false;
}

Result<nlohmann::json> ParseBoundedJson(std::string_view bytes, std::string_view what, std::size_t max_bytes,
                                        std::size_t max_depth) {
  if (bytes.size() > max_bytes) return Fail("{} of {} bytes is over the {} byte limit", what, bytes.size(), max_bytes);
  if (JsonTooDeep(bytes, max_depth)) return Fail("{}: JSON nested deeper than {} levels", what, max_depth);
  try {
    return nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::parse_error& e) {
    return Fail("{}:{}: invalid JSON: {}", what, LineAtOffset(bytes, e.byte == 0 ? 0 : e.byte - 1), e.what());
  } catch (const nlohmann::json::exception& e) {
    // Not only parse_error: a number too large for a double ("1e999") is out_of_range.406 (found by libFuzzer).
    return Fail("{}: invalid JSON: {}", what, e.what());
  }
}

namespace {

// nlohmann's own tree-building SAX, refusing a container past `max_depth` before the reader descends into it.
class DepthBoundedSax {
 public:
  DepthBoundedSax(nlohmann::json& out, std::size_t max_depth) : build_(out, /*allow_exceptions=*/false), max_depth_(max_depth) {}

  bool null() { return build_.null(); }
  bool boolean(bool value) { return build_.boolean(value); }
  bool number_integer(nlohmann::json::number_integer_t value) { return build_.number_integer(value); }
  bool number_unsigned(nlohmann::json::number_unsigned_t value) { return build_.number_unsigned(value); }
  bool number_float(nlohmann::json::number_float_t value, const std::string& text) { return build_.number_float(value, text); }
  bool string(std::string& value) { return build_.string(value); }
  bool binary(nlohmann::json::binary_t& value) { return build_.binary(value); }
  bool start_object(std::size_t size) { return Deeper() && build_.start_object(size); }
  bool key(std::string& value) { return build_.key(value); }
  bool end_object() { --depth_; return build_.end_object(); }
  bool start_array(std::size_t size) { return Deeper() && build_.start_array(size); }
  bool end_array() { --depth_; return build_.end_array(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    error_ = e.what();
    return false;
  }

  bool too_deep() const { return too_deep_; }
  const std::string& error() const { return error_; }

 private:
  bool Deeper() {
    if (++depth_ <= max_depth_) return true;
    too_deep_ = true;
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<nlohmann::json> build_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
  std::string error_;
};

}  // namespace

Result<nlohmann::json> ParseBoundedCbor(std::string_view bytes, std::string_view what, std::size_t max_depth) {
  const CborShape shape = CheckCborShape(bytes, max_depth);
  if (shape.too_deep) return Fail("{}: CBOR nested deeper than {} levels", what, max_depth);
  if (!shape.problem.empty()) return Fail("{}: invalid CBOR: {}", what, shape.problem);
  nlohmann::json out;
  DepthBoundedSax sax(out, max_depth);
  bool parsed = false;
  try {
    parsed = nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &sax, nlohmann::json::input_format_t::cbor);
  } catch (const nlohmann::json::exception& e) {
    return Fail("{}: invalid CBOR: {}", what, e.what());
  }
  if (sax.too_deep()) return Fail("{}: CBOR nested deeper than {} levels", what, max_depth);
  if (!parsed) return Fail("{}: invalid CBOR: {}", what, sax.error().empty() ? "refused" : sax.error());
  return out;
}

namespace {

using MemberFn = std::function<void(const std::string& key, nlohmann::json& value)>;

struct TooDeep {};  // thrown out of the parser's callback: the depth check of a streamed file

// nlohmann's parser callback for ForEachJsonMember*: returning false for a finished top-level member discards it
// from the tree being built. With `check_depth` it also refuses a container deeper than `max_depth`, for input
// that cannot be pre-scanned (a file read as it is parsed).
auto MemberCallback(bool& top_is_object, std::string& key, const MemberFn& each, bool check_depth,
                    std::size_t max_depth) {
  using Event = nlohmann::json::parse_event_t;
  return [&top_is_object, &key, &each, check_depth, max_depth](int depth, Event event, nlohmann::json& parsed) {
    if (check_depth && (event == Event::object_start || event == Event::array_start) &&
        static_cast<std::size_t>(depth) + 1 > max_depth) {
      throw TooDeep{};
    }
    if (depth == 0) {
      if (event == Event::object_start) top_is_object = true;
      return true;
    }
    if (depth != 1 || !top_is_object) return true;
    if (event == Event::key) {
      key = parsed.get<std::string>();
    } else if (event == Event::object_end || event == Event::array_end || event == Event::value) {
      each(key, parsed);
      return false;
    }
    return true;
  };
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

Status ForEachJsonMember(std::string_view bytes, std::string_view what, std::size_t max_bytes,
                         std::size_t max_depth, const MemberFn& each) {
  if (bytes.size() > max_bytes) return Fail("{} of {} bytes is over the {} byte limit", what, bytes.size(), max_bytes);
  if (JsonTooDeep(bytes, max_depth)) return Fail("{}: JSON nested deeper than {} levels", what, max_depth);
  bool top_is_object = false;
  std::string key;
  try {
    nlohmann::json rest = nlohmann::json::parse(bytes, MemberCallback(top_is_object, key, each, false, max_depth));
    if (!top_is_object) return Fail("{}: the top level is not a JSON object", what);
  } catch (const nlohmann::json::parse_error& e) {
    return Fail("{}:{}: invalid JSON: {}", what, LineAtOffset(bytes, e.byte == 0 ? 0 : e.byte - 1), e.what());
  } catch (const nlohmann::json::exception& e) {
    return Fail("{}: invalid JSON: {}", what, e.what());
  }
  return {};
}

Status ForEachJsonMemberInFile(const std::string& path, std::string_view what, std::size_t max_bytes,
                               std::size_t max_depth, const MemberFn& each) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return FailWith(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kInvalidInput, "{}: {}", path,
                    std::strerror(errno));
  }
  struct stat info {};
  if (fstat(fileno(file.get()), &info) != 0 || !S_ISREG(info.st_mode)) {
    return FailWith(ErrorCode::kInvalidInput, "{}: not a regular file", path);
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size > max_bytes) {
    return FailWith(ErrorCode::kTooLarge, "{}: {} bytes is over the {} byte limit", path, size, max_bytes);
  }
  std::setvbuf(file.get(), nullptr, _IOFBF, std::size_t{1} << 20);
  bool top_is_object = false;
  std::string key;
  try {
    nlohmann::json rest = nlohmann::json::parse(file.get(), MemberCallback(top_is_object, key, each, true, max_depth));
    if (!top_is_object) return Fail("{}: the top level is not a JSON object", what);
  } catch (const TooDeep&) {
    return Fail("{}: JSON nested deeper than {} levels", what, max_depth);
  } catch (const nlohmann::json::parse_error& e) {
    return Fail("{}: byte {}: invalid JSON: {}", what, e.byte, e.what());
  } catch (const nlohmann::json::exception& e) {
    return Fail("{}: invalid JSON: {}", what, e.what());
  }
  return {};
}

std::string JsonString(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace drydock
