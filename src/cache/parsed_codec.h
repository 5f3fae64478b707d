// What a cataloger parsed from one file <-> bytes, for the layer cache: a large file that parses on its own
// (Cataloger::ParsesAlone) is cached as this instead of its bytes (CapturedFile::parsed).
#pragma once

#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "drydock/error.h"

namespace drydock {

// A parse error is encoded too: a file that did not parse gives the same error from the cache.
std::string EncodeParsedPackages(const Result<ParsedPackages>& parsed);
// The parse result as encoded; a damaged encoding is an Error whose message starts "damaged cache entry".
Result<Result<ParsedPackages>> DecodeParsedPackages(std::string_view bytes);

}  // namespace drydock
