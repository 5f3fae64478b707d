// Go build info read from the two real Go executables in the debian12-app image (images/debian12-app.txt:
// /app/bin/lefthook and /app/bin/age-keygen). The expected modules are the build info's own text lines
// ("mod\t...", "dep\t..." as `strings` shows them in the binary), and the toolchains go1.19.1 / go1.19.8.
// Trivy (cdxgen's trivy 4.1.1, `rootfs` on the unpacked /app) reports the same 31 deps of lefthook and
// stdlib v1.19.1 and v1.19.8.
#include <gtest/gtest.h>

#include <string>

#include "catalog/binary/elf_section.h"
#include "common/file.h"
#include "catalog/golang/golang.h"
#include "catalog/test_image.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

const std::string& Lefthook() {
  static const std::string* const kBytes = new std::string(Debian12AppFile("app/bin/lefthook"));
  return *kBytes;
}

TEST(GoBuildInfoTest, LefthookModulesAndToolchain) {
  auto info = ReadGoBuildInfo(Lefthook());
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->go_version, "go1.19.1");
  EXPECT_EQ(info->main.path, "github.com/evilmartians/lefthook");
  EXPECT_EQ(info->main.version, "(devel)");
  ASSERT_EQ(info->deps.size(), 31u);
  EXPECT_EQ(info->deps.front().path, "github.com/MakeNowJust/heredoc");
  EXPECT_EQ(info->deps.front().version, "v1.0.0");
  EXPECT_EQ(info->deps[14].path, "github.com/muesli/reflow");
  EXPECT_EQ(info->deps[14].version, "v0.2.1-0.20210115123740-9e1d0d53df68");
  EXPECT_EQ(info->deps.back().path, "gopkg.in/yaml.v3");
  EXPECT_EQ(info->deps.back().version, "v3.0.1");
}

TEST(GoBuildInfoTest, CatalogerReportsStdlibAndDepsButNotDevelMain) {
  const GoBinaryCataloger cataloger;
  EXPECT_TRUE(cataloger.Required("app/bin/lefthook"));
  EXPECT_TRUE(cataloger.Required("usr/local/bin/gitea"));
  EXPECT_FALSE(cataloger.Required("usr/bin/bash"));
  auto parsed = cataloger.Parse("app/bin/lefthook", Lefthook());
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->packages.size(), 32u);
  EXPECT_EQ(parsed->packages[0].name, "stdlib");
  EXPECT_EQ(parsed->packages[0].version, "v1.19.1");
  EXPECT_EQ(parsed->packages[0].ecosystem, "golang");
  EXPECT_EQ(parsed->packages[0].path, "app/bin/lefthook");
  EXPECT_EQ(parsed->packages[3].name, "github.com/charmbracelet/lipgloss");
}

TEST(GoBuildInfoTest, AgeKeygenHasNoModuleDepsButAToolchain) {
  auto info = ReadGoBuildInfo(Debian12AppFile("app/bin/age-keygen"));
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->go_version, "go1.19.8");
  EXPECT_TRUE(info->deps.empty());
  auto parsed = GoBinaryCataloger().Parse("app/bin/age-keygen", Debian12AppFile("app/bin/age-keygen"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"stdlib", "v1.19.8"}}));
}

TEST(GoBuildInfoTest, ModInfoReplacementsAndToolchainVersions) {
  auto info = ParseGoModInfo("go1.22rc1", "path\tx\nmod\tx\tv1.0.0\t\ndep\ta\tv1.0.0\th1:\n=>\tb\tv2.0.0\th1:\n"
                                          "dep\tc\tv0.1.0\n=>\t../c\t\ndep\tbroken\n");
  ASSERT_TRUE(info.has_value());
  ASSERT_EQ(info->deps.size(), 2u);
  EXPECT_EQ(info->deps[0].path, "b");
  EXPECT_EQ(info->deps[0].version, "v2.0.0");
  EXPECT_EQ(info->deps[1].version, "(devel)");
  EXPECT_EQ(GoToolchainSemver("go1.22rc1"), "v1.22.0-rc.1");
  EXPECT_EQ(GoToolchainSemver("go1.20"), "v1.20.0");
  EXPECT_EQ(GoToolchainSemver("go1.21.3 X:boringcrypto"), "v1.21.3");
  EXPECT_EQ(GoToolchainSemver("devel go1.23-abc"), "");
}

// Truncations at every interesting boundary and corrupted headers: an Error each time, never a crash. (A cut
// after the section headers that were needed is still readable: only what is needed is read.)
TEST(GoBuildInfoTest, TruncatedAndCorruptElfGivesErrors) {
  const std::string& elf = Lefthook();
  for (std::size_t size : {std::size_t{0}, std::size_t{3}, std::size_t{16}, std::size_t{63}, std::size_t{4096},
                           std::size_t{0x634000 + 20}, elf.size() / 2}) {
    auto info = ReadGoBuildInfo(std::string_view(elf).substr(0, size));
    EXPECT_FALSE(info.has_value()) << size << " of " << elf.size();
  }
  std::string bad = elf;
  bad[4] = 9;  // ELF class
  EXPECT_FALSE(ReadGoBuildInfo(bad).has_value());
  bad = elf;
  bad[0x2f] = '\x7f';  // e_shoff far past the file
  EXPECT_FALSE(ReadGoBuildInfo(bad).has_value());
  bad = elf;
  bad[0x634000 + 32] = '\xff';  // the version's varint length: now runs past the section
  bad[0x634000 + 33] = '\xff';
  bad[0x634000 + 34] = '\x7f';
  EXPECT_FALSE(ReadGoBuildInfo(bad).has_value());
  const GoBinaryCataloger cataloger;
  auto script = cataloger.Parse("app/bin/run", "#!/bin/sh\necho hi\n");
  ASSERT_TRUE(script.has_value());
  EXPECT_TRUE(script->packages.empty());
}

// Found by go_buildinfo_fuzz (fuzz/seeds/go_buildinfo_fuzz/pointer-into-nobits.elf, from make_elf_seeds.py): an
// old-layout build info whose version pointer lies 8 bytes into a NOBITS section, which spans addresses but has no
// bytes in the file. ReadElfAddress cut a string_view 8 bytes into an empty one: std::out_of_range, a crash.
TEST(GoBuildInfoTest, PointerIntoNoBitsSectionIsAnError) {
  auto elf = ReadFileBounded(std::string(DRYDOCK_SOURCE_DIR) + "/fuzz/seeds/go_buildinfo_fuzz/pointer-into-nobits.elf",
                             1 << 20);
  ASSERT_TRUE(elf.has_value()) << elf.error().message;
  auto info = ReadGoBuildInfo(*elf);
  ASSERT_FALSE(info.has_value());
  EXPECT_EQ(info.error().message, "Go version: 16 bytes at 0x500008 run past their section");
}

}  // namespace
}  // namespace drydock
