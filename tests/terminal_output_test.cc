// What a person at a terminal sees, against what a pipe or CI log gets: the table's colours and the progress
// line appear only on a TTY (a real pseudo-terminal from util-linux `script`), never in pipes or files, and
// NO_COLOR and --quiet turn them off.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli_runner.h"
#include "report_fixtures.h"

namespace drydock::e2e {
namespace {

const std::string kScript = "/usr/bin/script";

std::string AppDeps() { return std::string(DRYDOCK_SOURCE_DIR) + "/tests/data/sbom/app-deps.cdx.json"; }
std::string AppOci() { return "oci:" + TestData("images/debian12-app.oci.tar"); }

// Runs drydock on a pseudo-terminal: stdout and stderr both go to the TTY, and come back here merged.
std::string OnTerminal(const std::string& args, const std::string& env = "") {
  std::string command =
      env + " " + kScript + " -qec '" + std::string(DRYDOCK_BINARY_DIR) + "/drydock " + args + "' /dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[1 << 16];
  for (std::size_t n; pipe != nullptr && (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    out.append(buffer, n);
  if (pipe != nullptr) ::pclose(pipe);
  return out;
}

// Every "Total: N (" line's N, in order: the report's own first, then one per group.
std::vector<int> Totals(const std::string& table) {
  std::vector<int> out;
  std::regex total("Total: ([0-9]+) \\(");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), total); it != std::sregex_iterator();
       ++it) {
    out.push_back(std::stoi((*it)[1]));
  }
  return out;
}

class TerminalOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kScript))
      GTEST_SKIP() << kScript << " is absent (Debian package util-linux)";
  }
};

TEST_F(TerminalOutputTest, PipedTableHasNoEscapesAndGroupsByTarget) {
  auto result = RunDrydock("sbom " + AppDeps() + " --db " + AppDb());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
  EXPECT_NE(result.out.find("Total: 15 (CRITICAL: 3, HIGH: 3, MEDIUM: 5, LOW: 1, UNKNOWN: 3), fixable: 15\n"),
            std::string::npos)
      << result.out;
  // One group per ecosystem here (an SBOM's packages have no file), each with its own count.
  EXPECT_NE(result.out.find("packages (npm)\nTotal: 6 (CRITICAL: 1, HIGH: 2, MEDIUM: 2, LOW: 1, UNKNOWN: 0), "
                            "fixable: 6\n"),
            std::string::npos)
      << result.out;
  for (const char* group : {"packages (maven)\n", "packages (pypi)\n", "packages (golang)\n"}) {
    EXPECT_NE(result.out.find(group), std::string::npos) << group;
  }
}

// The app image's Go binaries are separate targets; the groups' counts add up to the report's.
TEST_F(TerminalOutputTest, ImageFindingsAreGroupedByFile) {
  auto result = RunDrydock("image " + AppOci() + " --db " + AppDb() + " -q");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\napp/bin/lefthook (golang)\n"), std::string::npos);
  EXPECT_NE(result.out.find("\napp/bin/age-keygen (golang)\n"), std::string::npos);
  std::vector<int> totals = Totals(result.out);
  ASSERT_GE(totals.size(), 3u);
  int sum = 0;
  for (std::size_t i = 1; i < totals.size(); ++i) sum += totals[i];
  EXPECT_EQ(sum, totals[0]);
}

TEST_F(TerminalOutputTest, TerminalTableIsColouredUnlessNoColor) {
  std::string shown = OnTerminal("sbom " + AppDeps() + " --db " + AppDb());
  EXPECT_NE(shown.find("\x1b[1;31mCRITICAL"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\x1b[34mLOW"), std::string::npos);
  EXPECT_NE(shown.find("Total: 15 (CRITICAL: 3"), std::string::npos);
  std::string plain = OnTerminal("sbom " + AppDeps() + " --db " + AppDb(), "NO_COLOR=1");
  EXPECT_EQ(plain.find('\x1b'), std::string::npos) << plain;
  EXPECT_NE(plain.find("Total: 15 (CRITICAL: 3"), std::string::npos);
  // -o FILE from a terminal: the file is for tools, not eyes.
  std::string file = TempDirectory() + "/table.txt";
  OnTerminal("sbom " + AppDeps() + " --db " + AppDb() + " -o " + file);
  std::ifstream in(file);
  std::stringstream written;
  written << in.rdbuf();
  EXPECT_NE(written.str().find("Total: 15"), std::string::npos);
  EXPECT_EQ(written.str().find('\x1b'), std::string::npos);
}

TEST_F(TerminalOutputTest, ProgressLineOnlyOnTerminalAndErased) {
  const std::string scan = "image " + AppOci() + " --db " + AppDb() + " --no-cache -f json -o ";
  auto piped = RunDrydock(scan + TempDirectory() + "/piped.json");
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err.find("reading layers"), std::string::npos) << piped.err;
  EXPECT_EQ(piped.err.find('\r'), std::string::npos);
  EXPECT_EQ(piped.err.find('\x1b'), std::string::npos);

  std::string shown = OnTerminal(scan + TempDirectory() + "/tty.json");
  EXPECT_NE(shown.find("drydock: reading layers 4/4, 58.2 MiB"), std::string::npos) << shown;
  EXPECT_TRUE(shown.ends_with("\r\x1b[2K")) << "the progress line is left on screen";

  std::string quiet = OnTerminal(scan + TempDirectory() + "/quiet.json -q");
  EXPECT_EQ(quiet.find("reading layers"), std::string::npos) << quiet;
}

}  // namespace
}  // namespace drydock::e2e
