// License fields as package databases write them: SPDX expressions ("(Apache-2.0 OR MIT) AND MPL-2.0") or,
// in older apk databases, plain space-separated lists ("MIT BSD GPL2+").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace drydock {

// The distinct licenses a field names, in order of first mention. AND and OR (any case) and parentheses are
// dropped, so the list says which licenses are involved, not how they combine: a report that needs the choice
// must read the original field. "X WITH exception" stays one entry because the exception changes the terms.
// Trailing commas are dropped ("MIT, BSD"). Empty when the field is blank.
std::vector<std::string> SplitLicenses(std::string_view field);

}  // namespace drydock
