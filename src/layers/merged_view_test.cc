#include "layers/merged_view.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

CapturedFile Regular(std::string bytes) { return {CapturedFile::Kind::kRegular, std::move(bytes)}; }
CapturedFile Symlink(std::string target) { return {CapturedFile::Kind::kSymlink, std::move(target)}; }

std::string ReadOrEmpty(const MergedView& view, std::string_view path) {
  auto visible = view.Read(path);
  if (!visible || !*visible) return "";
  return *(*visible)->bytes;
}

TEST(MergedViewTest, UpperLayersOverrideAndWhiteoutsDelete) {
  LayerFiles base, app, cleanup;
  base.files["var/lib/dpkg/status"] = Regular("v1");
  base.files["app/lib/a.jar"] = Regular("a");
  base.files["app/lib/b.jar"] = Regular("b");
  base.files["opt/x/y"] = Regular("y");
  app.files["var/lib/dpkg/status"] = Regular("v2");
  cleanup.whiteouts = {"app/lib/a.jar"};
  cleanup.opaque_dirs = {"opt/x"};
  cleanup.files["opt/x/z"] = Regular("z");  // the opaque dir's own new content stays
  MergedView view({&base, &app, &cleanup});

  EXPECT_EQ(ReadOrEmpty(view, "var/lib/dpkg/status"), "v2");
  EXPECT_EQ(ReadOrEmpty(view, "app/lib/a.jar"), "");
  EXPECT_EQ(ReadOrEmpty(view, "app/lib/b.jar"), "b");
  EXPECT_EQ(ReadOrEmpty(view, "opt/x/y"), "");
  EXPECT_EQ(ReadOrEmpty(view, "opt/x/z"), "z");
  EXPECT_EQ(view.VisiblePaths(), (std::vector<std::string>{"app/lib/b.jar", "opt/x/z", "var/lib/dpkg/status"}));
  auto history = view.History("var/lib/dpkg/status");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].first, 0u);
  EXPECT_EQ(history[1].second->data, "v2");
}

TEST(MergedViewTest, WhiteoutOfADirectoryHidesEverythingBelow) {
  LayerFiles base, upper;
  base.files["lib/apk/db/installed"] = Regular("pkgs");
  upper.whiteouts = {"lib/apk"};
  MergedView view({&base, &upper});
  EXPECT_TRUE(view.VisiblePaths().empty());
}

TEST(MergedViewTest, SymlinksResolveAcrossLayers) {
  LayerFiles base, upper;
  base.files["usr/lib/os-release"] = Regular("ID=debian");
  upper.files["etc/os-release"] = Symlink("usr/lib/os-release");
  MergedView view({&base, &upper});
  auto visible = view.Read("etc/os-release");
  ASSERT_TRUE(visible && *visible);
  EXPECT_EQ(*(*visible)->bytes, "ID=debian");
  EXPECT_EQ((*visible)->path, "usr/lib/os-release");
  EXPECT_EQ((*visible)->layer, 0u);
}

TEST(MergedViewTest, LinkChainsAreBounded) {
  LayerFiles layer;
  for (int i = 0; i < kMaxLinkHops + 2; ++i) layer.files["l" + std::to_string(i)] = Symlink("l" + std::to_string(i + 1));
  layer.files["l" + std::to_string(kMaxLinkHops + 2)] = Regular("end");
  MergedView view({&layer});
  EXPECT_FALSE(view.Read("l0"));
  EXPECT_EQ(ReadOrEmpty(view, "l3"), "end");
}

}  // namespace
}  // namespace drydock
