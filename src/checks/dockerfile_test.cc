#include "checks/dockerfile.h"

#include <gtest/gtest.h>

#include "common/file.h"

namespace drydock {
namespace {

using Row = std::pair<std::string, std::size_t>;

std::vector<Row> Rows(const std::vector<Misconfiguration>& found) {
  std::vector<Row> out;
  for (const auto& m : found) out.emplace_back(m.id, m.line);
  return out;
}

std::vector<Row> CheckFile(const std::string& path) {
  auto text = ReadFileBounded(path, kMaxDockerfileBytes);
  EXPECT_TRUE(text) << path;
  auto parsed = ParseDockerfile(text ? *text : "");
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed ? Rows(CheckDockerfile(*parsed, path)) : std::vector<Row>{};
}

TEST(DockerfileTest, JoinsContinuationsAndSkipsComments) {
  auto parsed = ParseDockerfile("# c\nFROM a\nrun echo 1 \\\n  # inner comment\n  && echo 2\n\nUSER app\n");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[1].keyword, "RUN");
  EXPECT_EQ((*parsed)[1].args, "echo 1 && echo 2");
  EXPECT_EQ((*parsed)[1].line, 3u);
  EXPECT_EQ((*parsed)[2].line, 7u);
}

// osv-scalibr's Swift testbed (real file): FROM ubuntu:24.04 on line 22, no USER; its apt-get line already has
// --no-install-recommends and removes /var/lib/apt/lists.
TEST(DockerfileTest, RealSwiftTestbed) {
  EXPECT_EQ(CheckFile(std::string(DRYDOCK_TESTDATA) +
                      "/google+osv-scalibr/extractor/filesystem/language/swift/packageresolved/testdata/"
                      "Dockerfile.swift-testbed"),
            (std::vector<Row>{{"DD-DF-001", 22}, {"DD-DF-003", 22}}));
}

// claircore's quay Dockerfile (real file): every FROM is a digest, USER 1001 is set (line 150), no apt-get.
TEST(DockerfileTest, RealQuayDockerfilePasses) {
  EXPECT_EQ(CheckFile(std::string(DRYDOCK_TESTDATA) +
                      "/quay+claircore/rhel/rhcc/testdata/Dockerfile-quay-quay-rhel8-v3.5.6-4"),
            std::vector<Row>{});
}

TEST(DockerfileTest, OwnBadDockerfile) {
  EXPECT_EQ(CheckFile(std::string(DRYDOCK_SOURCE_DIR) + "/tests/data/config/Dockerfile.bad"),
            (std::vector<Row>{{"DD-DF-001", 2},
                              {"DD-DF-004", 2},
                              {"DD-DF-002", 3},
                              {"DD-DF-009", 3},
                              {"DD-DF-007", 5},
                              {"DD-DF-001", 6},
                              {"DD-DF-008", 7},
                              {"DD-DF-006", 8},
                              {"DD-DF-005", 9},
                              {"DD-DF-003", 11}}));
}

TEST(DockerfileTest, HostileInputIsAnError) {
  EXPECT_FALSE(ParseDockerfile(std::string(kMaxDockerfileBytes + 1, 'a')));
  EXPECT_FALSE(ParseDockerfile("FROM a\n$$$ nonsense\n"));
  EXPECT_FALSE(ParseDockerfile(std::string("FROM a\n\0\n", 9)));
  std::string many;
  for (std::size_t i = 0; i <= kMaxDockerfileInstructions; ++i) many += "RUN x\n";
  EXPECT_FALSE(ParseDockerfile(many));
  // A continuation that never ends, and one huge line, are fine and bounded by the byte limit.
  EXPECT_TRUE(ParseDockerfile("RUN a \\\n" + std::string(100000, 'b') + " \\\n"));
  auto empty = ParseDockerfile("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(CheckDockerfile(*empty, "x").empty());
}

}  // namespace
}  // namespace drydock
