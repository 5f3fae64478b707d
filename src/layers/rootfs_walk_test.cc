#include "layers/rootfs_walk.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "layers/merged_view.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;

// A temp directory removed when the test ends.
class TempRoot {
 public:
  TempRoot() {
    std::string pattern = fs::temp_directory_path() / "drydock-rootfs-XXXXXX";
    path_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempRoot() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }
  void Write(const std::string& relative, const std::string& bytes) const {
    fs::create_directories((fs::path(path_) / relative).parent_path());
    std::ofstream(path_ + "/" + relative, std::ios::binary) << bytes;
  }

 private:
  std::string path_;
};

bool WantAll(std::string_view) { return true; }

TEST(RootfsWalkTest, CapturesWantedFilesAndLinksResolvedInsideTheRoot) {
  TempRoot root;
  ASSERT_FALSE(root.path().empty());
  root.Write("usr/lib/os-release", "ID=debian\n");
  root.Write("var/lib/dpkg/status", "x");
  fs::create_symlink("../usr/lib/os-release", root.path() + "/etc-link");
  fs::create_symlink("/../../usr/lib/os-release", root.path() + "/abs-link");
  LayerFiles files;
  ASSERT_TRUE(WalkRootfs(root.path(), [](std::string_view p) { return p != "var/lib/dpkg/status"; }, files));
  EXPECT_FALSE(files.files.contains("var/lib/dpkg/status"));  // not wanted: never read
  ASSERT_TRUE(files.files.contains("usr/lib/os-release"));
  EXPECT_EQ(files.files.at("usr/lib/os-release").data, "ID=debian\n");
  EXPECT_EQ(files.files.at("etc-link").kind, CapturedFile::Kind::kSymlink);
  EXPECT_EQ(files.files.at("etc-link").data, "usr/lib/os-release");
  EXPECT_EQ(files.files.at("abs-link").data, "usr/lib/os-release");
  MergedView view({&files});
  auto read = view.Read("abs-link");
  ASSERT_TRUE(read && *read);
  EXPECT_EQ(*(*read)->bytes, "ID=debian\n");
  EXPECT_GE(files.entries, 6u);
}

TEST(RootfsWalkTest, DirectoryLinksAreNotDescended) {
  TempRoot root, outside;
  outside.Write("var/lib/dpkg/status", "host file");
  fs::create_directories(root.path() + "/var/lib");
  fs::create_directory_symlink(outside.path() + "/var/lib/dpkg", root.path() + "/var/lib/dpkg");
  LayerFiles files;
  ASSERT_TRUE(WalkRootfs(root.path(), WantAll, files));
  EXPECT_FALSE(files.files.contains("var/lib/dpkg/status"));
  EXPECT_EQ(files.files.at("var/lib/dpkg").kind, CapturedFile::Kind::kSymlink);
}

TEST(RootfsWalkTest, DeepTreesAreCutAtTheDepthLimit) {
  TempRoot root;
  std::string deep;
  for (int i = 0; i < kMaxRootfsDepth + 2; ++i) deep += "d/";
  root.Write(deep + "f", "x");
  LayerFiles files;
  ASSERT_TRUE(WalkRootfs(root.path(), WantAll, files));
  EXPECT_TRUE(files.files.empty());
  ASSERT_EQ(files.issues.size(), 1u);
  EXPECT_NE(files.issues[0].message.find("deeper than"), std::string::npos);
}

TEST(RootfsWalkTest, SpecialFilesAreNeverOpened) {
  TempRoot root;
  ASSERT_EQ(::mkfifo((root.path() + "/fifo").c_str(), 0600), 0);
  LayerFiles files;
  ASSERT_TRUE(WalkRootfs(root.path(), WantAll, files));  // opening the FIFO would block here
  EXPECT_TRUE(files.files.empty());
  EXPECT_TRUE(files.issues.empty());
}

// The secret scanner's hook: every regular file's metadata, the bytes of those it wants, each file read once
// whether or not a cataloger wants it too; links and unwanted files are never shown.
TEST(RootfsWalkTest, ObserverSeesRegularFilesItAsksFor) {
  TempRoot root;
  root.Write("app/.env", "KEY=1\n");
  root.Write("var/lib/dpkg/status", "Package: x\n");
  root.Write("usr/bin/tool", "\x7f" "ELF");
  ::chmod((root.path() + "/usr/bin/tool").c_str(), 04755);
  fs::create_symlink("app/.env", root.path() + "/env-link");
  std::map<std::string, std::uint32_t> modes;
  std::map<std::string, std::string> seen;
  FileObserver observer{
      .wants = [&](const ObservedEntry& e) {
        modes[std::string(e.path)] = e.mode;
        return e.path != "usr/bin/tool";
      },
      .see = [&](const ObservedEntry& e, std::string_view bytes) { seen[std::string(e.path)] = bytes; }};
  LayerFiles files;
  auto dpkg_only = [](std::string_view p) { return p == "var/lib/dpkg/status"; };
  ASSERT_TRUE(WalkRootfs(root.path(), dpkg_only, files, &observer));
  EXPECT_EQ(seen, (std::map<std::string, std::string>{{"app/.env", "KEY=1\n"},
                                                      {"var/lib/dpkg/status", "Package: x\n"}}));
  EXPECT_EQ(modes.size(), 3u);
  EXPECT_EQ(modes["usr/bin/tool"], 04755u);
  EXPECT_EQ(files.files.size(), 1u);  // the cataloged file is still captured
  EXPECT_TRUE(files.issues.empty());
}

TEST(RootfsWalkTest, AMissingRootIsAnError) {
  LayerFiles files;
  auto walked = WalkRootfs("/nonexistent/drydock-root", WantAll, files);
  ASSERT_FALSE(walked);
  EXPECT_NE(walked.error().message.find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace drydock
