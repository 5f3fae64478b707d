#include "source/file_reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "source/random_bytes_test_util.h"

namespace drydock {
namespace {

class FileReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("file_reader_test." + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  int Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return ::open((dir_ / name).c_str(), O_RDONLY | O_CLOEXEC);
  }
  std::filesystem::path dir_;
};

// Below the mapping threshold a file is read(); from it on, mapped and lent. Either way Read() gives every byte
// in order, whatever the buffer size, and then 0.
TEST_F(FileReaderTest, SmallFilesAreReadLargeOnesMappedSameBytes) {
  for (std::size_t size : {std::size_t{0}, std::size_t{100}, FileReader::kSmallestMappedBytes - 1,
                           FileReader::kSmallestMappedBytes, 3 * FileReader::kSmallestMappedBytes + 17}) {
    const std::string bytes = RandomBytes(size);
    FileReader reader(Write("f", bytes));
    EXPECT_EQ(reader.Lends(), size >= FileReader::kSmallestMappedBytes) << size;
    std::string got;
    char buffer[4099];
    for (;;) {
      auto n = reader.Read(buffer, sizeof buffer);
      ASSERT_TRUE(n) << n.error().message;
      if (*n == 0) break;
      got.append(buffer, *n);
    }
    EXPECT_TRUE(got == bytes) << size;
  }
}

// Lend and Read share one position: bytes lent are not read again, and the other way round. A reader that does
// not lend says so as an error.
TEST_F(FileReaderTest, LendAndReadShareOnePosition) {
  const std::string bytes = RandomBytes(2 * FileReader::kSmallestMappedBytes);
  FileReader reader(Write("f", bytes));
  ASSERT_TRUE(reader.Lends());
  std::string got;
  char buffer[1000];
  for (bool lend = true;; lend = !lend) {
    if (lend) {
      auto lent = reader.Lend(777);
      ASSERT_TRUE(lent);
      if (lent->empty()) break;
      EXPECT_LE(lent->size(), 777u);
      got.append(*lent);
    } else {
      auto n = reader.Read(buffer, sizeof buffer);
      ASSERT_TRUE(n);
      if (*n == 0) break;
      got.append(buffer, *n);
    }
  }
  EXPECT_TRUE(got == bytes);

  FileReader small(Write("g", "tiny"));
  ASSERT_FALSE(small.Lends());
  auto refused = small.Lend(10);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "this stream does not lend its bytes");
}

// The file-backed pages this process has mapped in, from /proc/self/status.
std::size_t RssFileBytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("RssFile:")) return std::stoul(line.substr(8)) * 1024;
  }
  return 0;
}

// Streaming a large file through Lend leaves only the last few megabytes mapped in, not the whole file: pages
// lent earlier are let go as the stream moves on.
TEST_F(FileReaderTest, ResidentSizeStaysSmallWhileStreaming) {
  const std::size_t size = 48 << 20;
  FileReader reader(Write("big", RandomBytes(size)));
  ASSERT_TRUE(reader.Lends());
  const std::size_t before = RssFileBytes();
  std::size_t most = before, total = 0;
  unsigned sum = 0;
  for (;;) {
    auto lent = reader.Lend(1 << 20);
    ASSERT_TRUE(lent);
    if (lent->empty()) break;
    for (std::size_t i = 0; i < lent->size(); i += 4096) sum += static_cast<unsigned char>((*lent)[i]);
    total += lent->size();
    most = std::max(most, RssFileBytes());
  }
  EXPECT_EQ(total, size);
  EXPECT_LT(most - before, size / 3) << "of " << size << " bytes streamed (sum " << sum << ")";
}

}  // namespace
}  // namespace drydock
