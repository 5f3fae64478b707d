// WriteFileAtomic: the file appears whole or not at all, and no temp file is left beside it (issue 18: a killed
// secret-rule compile left a .tmp file behind; now the bytes are written to an unnamed O_TMPFILE first).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "common/file.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;

TEST(WriteFileAtomicTest, WritesWholeWithModeAndLeavesNoTempFile) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("drydock-atomic-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "secret-rules-1.hsdb").string();
  ASSERT_TRUE(WriteFileAtomic(path, "first", 0600));
  ASSERT_TRUE(WriteFileAtomic(path, std::string(1 << 20, 'x'), 0644));  // replaces, never appends
  EXPECT_EQ(ReadFileBounded(path, 2 << 20).value(), std::string(1 << 20, 'x'));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"secret-rules-1.hsdb"});
  EXPECT_FALSE(WriteFileAtomic((dir / "missing-dir/x").string(), "y"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace drydock
