#include "common/image_reference.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

const std::string kDigest = "sha256:" + std::string(64, 'a');

struct Accepted {
  std::string text, registry, repository, tag, digest;
  bool local;
};

TEST(ReferenceTest, AcceptsTheFormsUsersType) {
  const Accepted cases[] = {
      {"alpine", "registry-1.docker.io", "library/alpine", "latest", "", false},
      {"alpine:3.19", "registry-1.docker.io", "library/alpine", "3.19", "", false},
      {"library/alpine", "registry-1.docker.io", "library/alpine", "latest", "", false},
      {"docker.io/alpine", "registry-1.docker.io", "library/alpine", "latest", "", false},
      {"index.docker.io/bitnami/redis:7", "registry-1.docker.io", "bitnami/redis", "7", "", false},
      {"bitnami/redis", "registry-1.docker.io", "bitnami/redis", "latest", "", false},
      {"127.0.0.1:5000/drydock-test/debian12-app:1", "127.0.0.1:5000", "drydock-test/debian12-app", "1", "", true},
      {"localhost/app", "localhost", "app", "latest", "", true},
      {"localhost:5000/a/b/c:v1.2-rc_3", "localhost:5000", "a/b/c", "v1.2-rc_3", "", true},
      {"[::1]:5000/app:1", "[::1]:5000", "app", "1", "", true},
      {"ghcr.io/owner/my_app__x.y--z:TAG", "ghcr.io", "owner/my_app__x.y--z", "TAG", "", false},
      {"Registry.Example.com/team/app", "Registry.Example.com", "team/app", "latest", "", false},
      {"alpine@" + kDigest, "registry-1.docker.io", "library/alpine", "", kDigest, false},
      {"quay.io/a/b:1@" + kDigest, "quay.io", "a/b", "1", kDigest, false},
      {"host:443/a@" + kDigest, "host:443", "a", "", kDigest, false},
  };
  for (const Accepted& c : cases) {
    auto ref = ParseReference(c.text);
    ASSERT_TRUE(ref) << c.text << ": " << ref.error().message;
    EXPECT_EQ(ref->registry, c.registry) << c.text;
    EXPECT_EQ(ref->repository, c.repository) << c.text;
    EXPECT_EQ(ref->tag, c.tag) << c.text;
    EXPECT_EQ(ref->digest, c.digest) << c.text;
    EXPECT_EQ(ref->local, c.local) << c.text;
  }
}

// Host names are case-insensitive and 443 is HTTPS's own port: neither may turn Docker Hub into "another
// registry" (which would skip the library/ prefix and a policy's docker.io rules).
TEST(ReferenceTest, DockerHubIsKnownWhateverTheHostCaseOrPort443) {
  for (const char* text : {"DOCKER.IO/alpine", "Docker.io/alpine", "docker.io:443/alpine", "Index.Docker.IO/alpine",
                           "REGISTRY-1.DOCKER.IO:443/library/alpine"}) {
    auto ref = ParseReference(text);
    ASSERT_TRUE(ref) << text << ": " << ref.error().message;
    EXPECT_EQ(ref->registry, kDockerHubRegistry) << text;
    EXPECT_EQ(ref->repository, "library/alpine") << text;
  }
  EXPECT_EQ(ParseReference("docker.io:5000/alpine")->registry, "docker.io:5000");  // another port, another service
}

TEST(ReferenceTest, ManifestIdPrefersTheDigest) {
  EXPECT_EQ(ParseReference("alpine:3.19")->ManifestId(), "3.19");
  EXPECT_EQ(ParseReference("alpine:3.19@" + kDigest)->ManifestId(), kDigest);
  EXPECT_EQ(ParseReference("alpine")->ToString(), "docker.io/library/alpine:latest");
  EXPECT_EQ(ParseReference("localhost:5000/x@" + kDigest)->ToString(), "localhost:5000/x@" + kDigest);
}

TEST(ReferenceTest, RejectsWhatTheGrammarDoesNot) {
  const std::string rejected[] = {
      "",
      ":tag",
      "alpine:",
      "Alpine",
      "library/Alpine",
      "-alpine",
      "alpine-",
      "a..b",
      "a//b",
      "a/",
      "/a",
      "a/b/",
      "alpine:tag with space",
      "alpine:-tag",
      "alpine:" + std::string(129, 't'),
      "alpine@sha256:abc",
      "alpine@md5:" + std::string(32, 'a'),
      "alpine@sha256:" + std::string(64, 'A'),
      "alpine@",
      "http://host/app",
      "host:0/app",
      "host:99999/app",
      "host:port/app",
      "-host.io/app",
      "ho_st.io/app",
      "a@" + kDigest + "@" + kDigest,
      std::string(256, 'a'),
  };
  for (const std::string& text : rejected) {
    EXPECT_FALSE(ParseReference(text)) << text;
  }
}

}  // namespace
}  // namespace drydock
