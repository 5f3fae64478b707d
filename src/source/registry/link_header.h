// The HTTP Link header (RFC 8288) as registries use it for paging: `<url>; rel="next"`. Only the target of the
// "next" relation matters to us; everything else in the header is skipped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

// The URI reference of the link whose rel (a space-separated list, compared case-insensitively) holds "next",
// as written (relative or absolute); none when the header has no such link. A header we cannot read (no `<`,
// an unclosed `<`, an unterminated quoted parameter) is an error rather than the end of the list.
Result<std::optional<std::string>> NextLink(std::string_view header);

}  // namespace drydock
