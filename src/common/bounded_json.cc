#include "common/bounded_json.h"

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

Status ForEachJsonMember(std::string_view bytes, std::string_view what, std::size_t max_bytes,
                         std::size_t max_depth,
                         const std::function<void(const std::string& key, nlohmann::json& value)>& each) {
  using Event = nlohmann::json::parse_event_t;
  if (bytes.size() > max_bytes) return Fail("{} of {} bytes is over the {} byte limit", what, bytes.size(), max_bytes);
  if (JsonTooDeep(bytes, max_depth)) return Fail("{}: JSON nested deeper than {} levels", what, max_depth);
  bool top_is_object = false;
  std::string key;
  // nlohmann's parser callback: returning false for a finished member discards it from the tree being built.
  auto callback = [&](int depth, Event event, nlohmann::json& parsed) {
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
  try {
    nlohmann::json rest = nlohmann::json::parse(bytes, callback);
    if (!top_is_object) return Fail("{}: the top level is not a JSON object", what);
  } catch (const nlohmann::json::parse_error& e) {
    return Fail("{}:{}: invalid JSON: {}", what, LineAtOffset(bytes, e.byte == 0 ? 0 : e.byte - 1), e.what());
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
