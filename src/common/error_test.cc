#include "drydock/error.h"

#include <gtest/gtest.h>

#include <set>

namespace drydock {
namespace {

Result<int> Missing() { return FailWith(ErrorCode::kNotFound, "no image {}", "sha256:ab"); }

TEST(ErrorTest, FailDefaultsToInternal) {
  Result<int> r = Fail("broken {}", 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_EQ(r.error().message, "broken 1");
}

TEST(ErrorTest, WrapKeepsTheCode) {
  auto r = Missing();
  ASSERT_FALSE(r);
  Result<int> wrapped = Rewrap(r.error(), "GET /images/{}", "x");
  EXPECT_EQ(wrapped.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(wrapped.error().message, "GET /images/x: no image sha256:ab");
  EXPECT_EQ(r.error().Wrap("a").Wrap("b").code, ErrorCode::kNotFound);
}

TEST(ErrorTest, EveryCodeHasADistinctName) {
  const ErrorCode codes[] = {ErrorCode::kInternal,    ErrorCode::kInvalidInput,     ErrorCode::kNotFound,
                             ErrorCode::kUnauthorized, ErrorCode::kForbidden,       ErrorCode::kUnavailable,
                             ErrorCode::kCancelled,   ErrorCode::kDeadlineExceeded, ErrorCode::kConflict,
                             ErrorCode::kTooLarge};
  std::set<std::string_view> names;
  for (ErrorCode code : codes) names.insert(ErrorCodeName(code));
  EXPECT_EQ(names.size(), std::size(codes));
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
}

}  // namespace
}  // namespace drydock
