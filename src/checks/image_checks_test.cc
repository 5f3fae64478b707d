#include <gtest/gtest.h>

#include "checks/checks.h"

namespace drydock {
namespace {

std::vector<std::string> Ids(const std::vector<Misconfiguration>& found) {
  std::vector<std::string> out;
  for (const auto& m : found) out.push_back(m.id);
  return out;
}

TEST(ImageChecksTest, EveryCheckHasADocLine) {
  for (auto table : {ImageChecks(), DockerfileChecks(), KubernetesChecks()}) {
    for (const CheckInfo& c : table) {
      EXPECT_FALSE(c.doc.empty()) << c.id;
      EXPECT_NE(FindCheck(c.id), nullptr);
    }
  }
}

TEST(ImageChecksTest, HardenedImagePasses) {
  ImageCheckInput input{.name = "registry.example/app:1.2.3"};
  input.config.user = "10001";
  input.config.exposed_ports = {"8080/tcp"};
  input.env = {"PATH=/usr/bin", "DB_PASSWORD=", "NODE_ENV=production"};
  input.history = {"/bin/sh -c apt-get install -y curl && rm -rf /var/lib/apt/lists/*"};
  input.layers = {{.diff_id = "sha256:a", .setuid_files = {"usr/bin/su"}}, {.diff_id = "sha256:b"}};
  EXPECT_TRUE(CheckImage(input).empty());
}

TEST(ImageChecksTest, EachProblemIsFound) {
  ImageCheckInput input{.name = "docker.io/x/app:latest"};
  input.config.user = "root:root";
  input.config.exposed_ports = {"22/tcp", "8080/tcp"};
  input.env = {"DB_PASSWORD=hunter2"};
  input.history = {"ADD https://example.com/x.tgz /x", "/bin/sh -c curl -fsSL https://get.example | sh",
                   "/bin/sh -c #(nop) ENV API_TOKEN=abc"};
  input.layers = {{.diff_id = "sha256:a"},
                  {.diff_id = "sha256:b", .setuid_files = {"usr/local/bin/helper"},
                   .package_cache_files = {"var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease"}}};
  EXPECT_EQ(Ids(CheckImage(input)),
            (std::vector<std::string>{"DD-IMG-001", "DD-IMG-002", "DD-IMG-003", "DD-IMG-004", "DD-IMG-005",
                                      "DD-IMG-006", "DD-IMG-007", "DD-IMG-008", "DD-IMG-009"}));
}

TEST(ImageChecksTest, ShellPipes) {
  EXPECT_TRUE(PipesDownloadToShell("curl -sL https://x | bash -"));
  EXPECT_TRUE(PipesDownloadToShell("wget -qO- https://x |sh"));
  EXPECT_FALSE(PipesDownloadToShell("curl -o /tmp/x https://x && sha256sum -c x.sha256"));
  EXPECT_FALSE(PipesDownloadToShell("curl https://x | tar xz"));
}

}  // namespace
}  // namespace drydock
