#include "vulndb/string_pool.h"

#include <gtest/gtest.h>

#include <string>

namespace drydock {
namespace {

TEST(StringPoolTest, EqualStringsShareAnIdAndBytesSurviveGrowth) {
  StringPool pool;
  EXPECT_EQ(pool.Intern(""), StringPool::kEmpty);
  const StringPool::Id bookworm = pool.Intern("bookworm");
  EXPECT_NE(bookworm, StringPool::kEmpty);
  // Longer than the first (4 KiB) block while it is still part-used: it gets its own block, bookworm stays put.
  const std::string description(6000, 'd');
  const StringPool::Id description_id = pool.Intern(description);
  EXPECT_EQ(pool.View(bookworm), "bookworm");
  // Enough strings to rehash the table several times and fill more than one block.
  for (int i = 0; i < 200'000; ++i) pool.Intern("package-" + std::to_string(i));
  const std::string long_text(3 << 20, 'x');  // longer than a block
  const StringPool::Id long_id = pool.Intern(long_text);
  EXPECT_EQ(pool.Intern("bookworm"), bookworm);
  EXPECT_EQ(pool.View(bookworm), "bookworm");
  EXPECT_EQ(pool.View(pool.Intern("package-123456")), "package-123456");
  EXPECT_EQ(pool.Intern(long_text), long_id);
  EXPECT_EQ(pool.View(long_id), long_text);
  EXPECT_EQ(pool.View(description_id), description);
  EXPECT_EQ(pool.size(), 200'004u);
  // Bytes are kept as given: embedded NULs and non-UTF-8 are just bytes.
  const std::string odd("a\0b\xff", 4);
  EXPECT_EQ(pool.View(pool.Intern(odd)), odd);
  EXPECT_NE(pool.Intern(odd), pool.Intern("a"));
}

TEST(StringPoolTest, ACopyKeepsTheIds) {
  StringPool pool;
  const StringPool::Id a = pool.Intern("a"), b = pool.Intern("b");
  const StringPool copy = pool;
  EXPECT_EQ(copy.View(a), "a");
  EXPECT_EQ(copy.View(b), "b");
  EXPECT_EQ(copy.size(), pool.size());
}

}  // namespace
}  // namespace drydock
