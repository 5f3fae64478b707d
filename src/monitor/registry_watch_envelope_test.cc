#include "monitor/registry_watch_envelope.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/file.h"

namespace drydock {
namespace {

const std::string kDistribution = std::string(DRYDOCK_TESTDATA) + "/distribution+distribution";

// The JSON between `open` and `close` markers in one of distribution's own files.
std::string Between(const std::string& file, std::string_view open, std::string_view close) {
  auto text = ReadFileBounded(kDistribution + "/" + file, 1 << 20);
  EXPECT_TRUE(text) << file;
  if (!text) return "";
  std::size_t start = text->find(open);
  EXPECT_NE(start, std::string::npos) << open;
  start += open.size();
  return text->substr(start, text->find(close, start) - start);
}

// The documented v2 envelope: a manifest push by digest (no tag) and two layer pushes.
TEST(RegistryEnvelope, KeepsTheManifestPushOfTheDocumentedEnvelope) {
  const std::string json = Between("docs/content/about/notifications.md",
                                   "Content-Type: application/vnd.docker.distribution.events.v2+json\n\n", "\n```");
  auto envelope = ParseRegistryEnvelope(json);
  ASSERT_TRUE(envelope) << envelope.error().message;
  ASSERT_EQ(envelope->pushes.size(), 1u);
  EXPECT_EQ(envelope->ignored, 2);  // the layers
  const ManifestPush& push = envelope->pushes[0];
  EXPECT_EQ(push.event_id, "asdf-asdf-asdf-asdf-0");
  EXPECT_EQ(push.host, "registrycluster.local");
  EXPECT_EQ(push.repository, "library/test");
  EXPECT_EQ(push.digest, "sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf");
  EXPECT_EQ(push.tag, "");
  EXPECT_EQ(push.media_type, "application/vnd.docker.distribution.manifest.v2+json");
}

// The documented pull event is not a push; distribution's format test has a manifest push whose digest is not
// a real one ("sha256:0123456789abcdef0"): no scan can be made of it.
TEST(RegistryEnvelope, IgnoresPullsAndMalformedDigests) {
  auto pull = ParseRegistryEnvelope(Between("docs/content/about/notifications.md", "```json\n", "\n```"));
  ASSERT_TRUE(pull) << pull.error().message;
  EXPECT_TRUE(pull->pushes.empty());
  EXPECT_EQ(pull->ignored, 1);
  auto format = ParseRegistryEnvelope(Between("notifications/event_test.go", "strings.TrimSpace(`", "`)"));
  ASSERT_TRUE(format) << format.error().message;
  EXPECT_TRUE(format->pushes.empty());
  EXPECT_EQ(format->ignored, 3);
}

TEST(RegistryEnvelope, KeepsTagsAndSkipsSignatureTags) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  auto event = [&](std::string id, std::string tag, std::string media) {
    return nlohmann::json{{"id", id}, {"action", "push"},
                          {"target", {{"mediaType", media}, {"digest", digest}, {"repository", "team/app"},
                                      {"tag", tag}}},
                          {"request", {{"host", "127.0.0.1:5000"}}}};
  };
  nlohmann::json body = {{"events", {event("e1", "1.0", "application/vnd.oci.image.index.v1+json"),
                                     event("e2", "sha256-" + std::string(64, 'a') + ".sig",
                                           "application/vnd.oci.image.manifest.v1+json"),
                                     event("", "1.0", "application/vnd.oci.image.manifest.v1+json"),
                                     event("e4", "1.0", "application/octet-stream")}}};
  auto envelope = ParseRegistryEnvelope(body.dump());
  ASSERT_TRUE(envelope) << envelope.error().message;
  ASSERT_EQ(envelope->pushes.size(), 1u);
  EXPECT_EQ(envelope->pushes[0].tag, "1.0");
  EXPECT_EQ(envelope->pushes[0].host, "127.0.0.1:5000");
  EXPECT_EQ(envelope->ignored, 3);
}

TEST(RegistryEnvelope, RejectsWhatIsNotAnEnvelope) {
  for (std::string_view bad : {"", "{", "[]", "{\"events\": {}}", "{\"Events\": []}", "null", "\"events\""}) {
    auto envelope = ParseRegistryEnvelope(bad);
    ASSERT_FALSE(envelope) << bad;
    EXPECT_EQ(envelope.error().code, ErrorCode::kInvalidInput) << bad;
  }
  EXPECT_FALSE(ParseRegistryEnvelope(std::string(100, '[') + std::string(100, ']')));
  // Events of the wrong shape are skipped, not fatal.
  auto odd = ParseRegistryEnvelope(R"({"events": [1, "x", null, {"target": 5, "request": []}]})");
  ASSERT_TRUE(odd) << odd.error().message;
  EXPECT_EQ(odd->ignored, 4);
}

}  // namespace
}  // namespace drydock
