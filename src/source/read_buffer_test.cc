#include "source/read_buffer.h"

#include <gtest/gtest.h>

#include <cstring>

namespace drydock {
namespace {

TEST(GrowingReadBufferTest, DoublesOnlyAfterAFullReadAndStopsAtItsMost) {
  GrowingReadBuffer buffer(100 << 10);
  EXPECT_EQ(buffer.capacity(), 0u) << "nothing is allocated before the first read";
  char* first = buffer.Next();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(buffer.capacity(), GrowingReadBuffer::kFirstBytes);
  buffer.Filled(100);  // a short read: the stream may be small
  EXPECT_EQ(buffer.Next(), first);
  EXPECT_EQ(buffer.capacity(), GrowingReadBuffer::kFirstBytes);
  std::size_t sizes[] = {32 << 10, 64 << 10, 100 << 10, 100 << 10};
  for (std::size_t want : sizes) {
    buffer.Filled(buffer.capacity());  // a full read: there is more
    char* bytes = buffer.Next();
    EXPECT_EQ(buffer.capacity(), want);
    std::memset(bytes, 'x', buffer.capacity());  // all of it is usable (ASan checks the bounds)
  }
}

TEST(GrowingReadBufferTest, SmallMostIsTheWholeBuffer) {
  GrowingReadBuffer buffer(512);
  buffer.Next();
  EXPECT_EQ(buffer.capacity(), 512u);
  buffer.Filled(512);
  buffer.Next();
  EXPECT_EQ(buffer.capacity(), 512u);
}

}  // namespace
}  // namespace drydock
