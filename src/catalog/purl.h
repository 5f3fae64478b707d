// Percent-encoding for package URLs, shared by FinishPackage and its tests.
#pragma once

#include <string>
#include <string_view>

namespace drydock {

// Percent-encodes every byte but the purl spec's unencoded set: ASCII letters and digits, "-._~", and ':'
// (which the spec says is never encoded). "5.2.15-2+b2" -> "5.2.15-2%2Bb2".
std::string PurlEncode(std::string_view text);

}  // namespace drydock
