// UTF-8 well-formedness, for text from untrusted bytes that later lands in JSON reports and DB strings.
#pragma once

#include <string_view>

namespace drydock {

// True when `text` is well-formed UTF-8 (no stray continuation bytes, overlong or out-of-range leads, or
// truncated sequences). yaml-cpp does not check; reports must stay valid JSON.
bool IsValidUtf8(std::string_view text);

}  // namespace drydock
