#include "common/bounded_json.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

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
