#include "common/json_integer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace drydock {
namespace {

using nlohmann::json;

TEST(JsonIntegerTest, IntegersInRange) {
  EXPECT_EQ(JsonInteger<int>(json(2)), 2);
  EXPECT_EQ(JsonInteger<int>(json(-7)), -7);
  EXPECT_EQ(JsonInteger<std::uint64_t>(json(std::uint64_t{18446744073709551615u})), 18446744073709551615u);
  EXPECT_EQ(JsonInteger<std::int64_t>(json(std::int64_t{-9223372036854775807 - 1})),
            -9223372036854775807 - 1);
  EXPECT_EQ(JsonInteger<std::uint64_t>(json::parse("18446744073709551615")), 18446744073709551615u);
}

TEST(JsonIntegerTest, OutOfRangeIntegersAreRefused) {
  EXPECT_EQ(JsonInteger<int>(json(std::int64_t{2147483648})), std::nullopt);
  EXPECT_EQ(JsonInteger<std::uint64_t>(json(-1)), std::nullopt);
  EXPECT_EQ(JsonInteger<std::size_t>(json(-1)), std::nullopt);
  EXPECT_EQ(JsonInteger<std::int64_t>(json(std::uint64_t{9223372036854775808u})), std::nullopt);
}

// The floats nlohmann would static_cast (undefined behaviour out of range): whole ones in range are numbers.
TEST(JsonIntegerTest, FloatsOnlyWhenWholeAndInRange) {
  EXPECT_EQ(JsonInteger<int>(json(2.0)), 2);
  EXPECT_EQ(JsonInteger<int>(json::parse("2e0")), 2);
  EXPECT_EQ(JsonInteger<int>(json(-2147483648.0)), -2147483647 - 1);
  EXPECT_EQ(JsonInteger<int>(json(2147483648.0)), std::nullopt);
  EXPECT_EQ(JsonInteger<int>(json::parse("1e300")), std::nullopt);
  EXPECT_EQ(JsonInteger<int>(json(2.5)), std::nullopt);
  EXPECT_EQ(JsonInteger<std::uint64_t>(json(-1.0)), std::nullopt);
  EXPECT_EQ(JsonInteger<std::uint64_t>(json(18446744073709551616.0)), std::nullopt);   // 2^64
  EXPECT_EQ(JsonInteger<std::int64_t>(json(9223372036854775808.0)), std::nullopt);     // 2^63
  EXPECT_EQ(JsonInteger<std::uint64_t>(json(9007199254740992.0)), 9007199254740992u);  // 2^53
  EXPECT_EQ(JsonInteger<int>(json(std::nan(""))), std::nullopt);  // CBOR can carry NaN and infinities
  EXPECT_EQ(JsonInteger<int>(json(INFINITY)), std::nullopt);
}

TEST(JsonIntegerTest, OtherTypesAreRefused) {
  EXPECT_EQ(JsonInteger<int>(json("2")), std::nullopt);
  EXPECT_EQ(JsonInteger<int>(json(true)), std::nullopt);
  EXPECT_EQ(JsonInteger<int>(json()), std::nullopt);
  EXPECT_EQ(JsonInteger<int>(json::array({2})), std::nullopt);
}

TEST(JsonIntegerTest, RequireThrowsATypeErrorNamingWhatWasThere) {
  EXPECT_EQ(RequireJsonInteger<int>(json(3)), 3);
  try {
    RequireJsonInteger<int>(json::parse("1e300"));
    FAIL() << "no exception";
  } catch (const json::type_error& e) {
    EXPECT_NE(std::string(e.what()).find("expected an integer, found 1e+300"), std::string::npos) << e.what();
  }
  EXPECT_THROW(RequireJsonInteger<int>(json("x")), json::type_error);
}

}  // namespace
}  // namespace drydock
