// Integers from untrusted JSON and CBOR. nlohmann's get<int>() (and value(key, 0)) turns a float member into
// an integer with static_cast, which is undefined behaviour when the float does not fit: `"schemaVersion":
// 1e300` in a manifest, a CBOR float as a cache entry's size (UBSan reports under image_manifest_fuzz and
// archive_index_fuzz). In a release build that is an arbitrary number. These take a JSON integer, or a float
// with a whole value (2.0), that T can hold, and nothing else.
#pragma once

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace drydock {

// `value` as T; nullopt when it is not a number, not a whole number, or out of T's range.
template <typename T>
std::optional<T> JsonInteger(const nlohmann::json& value) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
  if (value.is_number_unsigned()) {
    const auto n = value.get<nlohmann::json::number_unsigned_t>();
    return std::in_range<T>(n) ? std::optional<T>(static_cast<T>(n)) : std::nullopt;
  }
  if (value.is_number_integer()) {
    const auto n = value.get<nlohmann::json::number_integer_t>();
    return std::in_range<T>(n) ? std::optional<T>(static_cast<T>(n)) : std::nullopt;
  }
  if (!value.is_number_float()) return std::nullopt;
  const double d = value.get<double>();
  // [min, 2^digits): both bounds are exact doubles, so no rounding lets an out-of-range value (or NaN)
  // through.
  if (!(d >= static_cast<double>(std::numeric_limits<T>::min()) &&
        d < std::ldexp(1.0, std::numeric_limits<T>::digits)) ||
      d != std::trunc(d)) {
    return std::nullopt;
  }
  return static_cast<T>(d);
}

// For readers inside a try/catch of nlohmann::json::exception: the integer, or a json::type_error saying what
// was there instead.
template <typename T>
T RequireJsonInteger(const nlohmann::json& value) {
  if (auto n = JsonInteger<T>(value)) return *n;
  throw nlohmann::json::type_error::create(
      302,
      "expected an integer, found " + (value.is_number() ? value.dump() : std::string(value.type_name())),
      &value);
}

}  // namespace drydock
