// A walk over CBOR's framing (RFC 8949 section 3) that reads no value, run before nlohmann's reader: that reader
// recurses once per chunk of an indefinite-length string, so "\x7f\x7f\x7f..." overflowed the stack before any
// SAX event could stop it (libFuzzer, parsed_codec_fuzz). The walk is iterative and linear.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace drydock {

// Whether `bytes` is one well-framed CBOR item nested at most `max_depth` containers (arrays, maps, tags) deep,
// whose indefinite-length strings are made of definite-length chunks of their own type (as RFC 8949 3.2.3
// requires). `problem` says what is wrong, with its byte offset.
struct CborShape {
  bool too_deep = false;
  std::string problem;  // "" when well framed
};
CborShape CheckCborShape(std::string_view bytes, std::size_t max_depth);

}  // namespace drydock
