// Hostile and broken inputs through the CLI: a clear message on stderr, exit code 3, never a crash, and
// nothing written outside the scan.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

void ExpectRefused(const std::string& args, const std::string& words) {
  auto result = RunDrydock(args);
  EXPECT_EQ(result.exit_code, 3) << args << "\n" << result.err;
  EXPECT_NE(result.err.find(words), std::string::npos) << args << "\n" << result.err;
  EXPECT_TRUE(result.out.empty()) << "a refused scan must not print a report";
}

TEST(HostileInputTest, TruncatedOrTamperedImagesAreRefused) {
  // hostile/README.txt: layer 2's blob is cut in half but the manifest keeps the full size and digest.
  ExpectRefused("image " + TestData("images/hostile.oci.tar") + " --skip-db",
                "layer 2 (sha256:016a2e03ba58a4370404f0019ef4be3c31502a9929b1e772cfd4286a2e964e88)");
  ExpectRefused("image " + TestData("images/hostile.docker.tar.gz") + " --skip-db", "layer 2");
  ExpectRefused("image /nonexistent.tar --skip-db", "no such file");
  std::string not_an_image = TempDirectory() + "/not-an-image.tar";
  std::ofstream(not_an_image) << "this is not a tar archive";
  ExpectRefused("image " + not_an_image + " --skip-db", not_an_image);
  EXPECT_FALSE(std::filesystem::exists("/tmp/drydock-hostile-write-through-symlink"));
}

TEST(HostileInputTest, BadDatabasesAreRefusedBeforeTheImageIsRead) {
  std::string image = TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz");
  ExpectRefused("image " + image + " --db /nonexistent.db", "drydock db build");
  std::string garbage = TempDirectory() + "/garbage.db";
  std::ofstream(garbage) << std::string(4096, 'x');
  ExpectRefused("image " + image + " --db " + garbage, "not a drydock DB");
  ExpectRefused("db info --db " + garbage, "not a drydock DB");
}

}  // namespace
}  // namespace drydock::e2e
