#include "baseimage/official_bases.h"

#include <gtest/gtest.h>

#include <regex>

#include "common/image_reference.h"

namespace drydock::baseimage {
namespace {

TEST(RehostRepository, KeepsThePathAndDockerHubsLibraryPrefix) {
  EXPECT_EQ(RehostRepository("docker.io/library/debian", "127.0.0.1:5000").value(), "127.0.0.1:5000/library/debian");
  EXPECT_EQ(RehostRepository("docker.io/library/debian", "mirror.example/hub/").value(),
            "mirror.example/hub/library/debian");
  EXPECT_EQ(RehostRepository("gcr.io/distroless/static-debian12", "localhost:5000").value(),
            "localhost:5000/distroless/static-debian12");
  EXPECT_EQ(RehostRepository("registry.access.redhat.com/ubi9/ubi", "localhost").value(), "localhost/ubi9/ubi");
}

TEST(RehostRepository, RejectsWhatIsNotHostAndPrefix) {
  for (const char* from : {"", "/", "mirror", "mirror/hub", "https://mirror.example", "mirror.example/hub:1",
                           "mirror.example@sha256:00", "mirror example"}) {
    auto rehosted = RehostRepository("docker.io/library/debian", from);
    ASSERT_FALSE(rehosted) << from << " -> " << *rehosted;
    EXPECT_EQ(rehosted.error().code, ErrorCode::kInvalidInput) << from;
  }
  EXPECT_FALSE(RehostRepository("debian", "127.0.0.1:5000"));
}

TEST(OfficialBases, EveryEntryIsARepositoryWithAValidRegexAndParsesRehosted) {
  ASSERT_GE(OfficialBases().size(), 8u);
  for (const OfficialBase& base : OfficialBases()) {
    auto ref = ParseReference(base.repository);
    ASSERT_TRUE(ref) << base.repository;
    EXPECT_EQ(ref->tag, "latest") << base.repository;  // no tag named: a repository
    EXPECT_NO_THROW(std::regex(std::string(base.tags_regex), std::regex::ECMAScript)) << base.tags_regex;
    auto rehosted = RehostRepository(base.repository, "127.0.0.1:5000");
    ASSERT_TRUE(rehosted) << base.repository;
    EXPECT_TRUE(ParseReference(*rehosted)) << *rehosted;
  }
}

TEST(OfficialBases, DebianKeepsReleasesAndSlimButNotTheRest) {
  const OfficialBase& debian = OfficialBases()[0];
  ASSERT_EQ(debian.repository, "docker.io/library/debian");
  const std::regex pattern(std::string(debian.tags_regex));
  for (const char* tag : {"12", "12.8", "12.8-slim", "13-slim", "11", "bookworm", "trixie-slim"}) {
    EXPECT_TRUE(std::regex_match(tag, pattern)) << tag;
  }
  for (const char* tag : {"experimental", "sid", "10", "12.8-20241201", "bookworm-20241201-slim", "latest", "112"}) {
    EXPECT_FALSE(std::regex_match(tag, pattern)) << tag;
  }
}

}  // namespace
}  // namespace drydock::baseimage
