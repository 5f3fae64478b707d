// Alerts and registry watching end to end, every part a real process on loopback: docker-registry with its
// `notifications` calling drydock server, pushes made with skopeo, webhook receivers that check the Standard
// Webhooks signature, a receiver that fails first, kill -9 of the server before delivery, tags moved behind a
// registry's back (push notifications and the poller). Every test runs on a SQLite store and on a PostgreSQL one
// (one throwaway cluster per test binary).
#include <gtest/gtest.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "cli_runner.h"
#include "postgres_fixture.h"
#include "registry_fixture.h"
#include "server_fixture.h"
#include "webhook_receiver.h"

namespace drydock::e2e {
namespace {

using json = nlohmann::json;

const std::string kAlpine = "drydock-test/alpine";
const std::string kApp = "drydock-test/app";
const std::string kSpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";  // the Standard Webhooks example secret

json Body(const ReceivedWebhook& hook) { return json::parse(hook.body, nullptr, false); }

// Messages at `path` of `type` whose data field `key` is `value`.
std::vector<ReceivedWebhook> Matching(const std::vector<ReceivedWebhook>& all, const std::string& path,
                                      const std::string& type, const std::string& key, const std::string& value) {
  std::vector<ReceivedWebhook> out;
  for (const ReceivedWebhook& hook : all) {
    json body = Body(hook);
    if (hook.path == path && body.is_object() && body.value("type", "") == type &&
        body["data"].value(key, "") == value) {
      out.push_back(hook);
    }
  }
  return out;
}

class NotifyTest : public ::testing::TestWithParam<std::string> {
 protected:
  // Per engine, kept for the test binary: a store, its tokens, a server, a registry notifying it, and a receiver.
  struct Engine {
    std::string store, admin, scanner, reader;
    std::unique_ptr<WebhookReceiver> receiver;
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<Registry> registry;
  };

  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    alpine_ = TempDirectory() + "/notify-alpine-310.tar";  // skopeo reads docker-archive tars only uncompressed
    Shell("zcat " + TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz") + " > " + alpine_);
    db_ = TempDirectory() + "/notify.db";
    auto built = RunDrydock("db build --osv " + TestData("github+advisory-database/advisories") + " --secdb " +
                            TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " -o " + db_);
    EXPECT_EQ(built.exit_code, 0) << built.err;
  }
  static void TearDownTestSuite() { engines_.clear(); }
  static std::vector<std::string> Args(const std::string& store) {
    return {"--store", store, "--db", db_, "--workers", "1", "--cache-dir", TempDirectory() + "/notify-cache",
            "--webhook-allow-network", "127.0.0.0/8"};  // the receivers listen on loopback
  }
  // A new store named `name` on this test's engine.
  std::string NewStore(const std::string& name) const {
    std::string error;
    std::string url = NewStoreUrl(GetParam(), name, TempDirectory(), &error);
    EXPECT_FALSE(url.empty()) << error;
    return url;
  }
  void SetUp() override {
    std::unique_ptr<Engine>& engine = engines_[GetParam()];
    if (!engine) {
      engine = std::make_unique<Engine>();
      engine->store = NewStore("notify_store_" + GetParam());
      ASSERT_FALSE(engine->store.empty());
      engine->admin = CreateToken(engine->store, "admin");
      engine->scanner = CreateToken(engine->store, "scan");
      engine->reader = CreateToken(engine->store, "read");
      engine->receiver = std::make_unique<WebhookReceiver>();
      engine->server = std::make_unique<ServerProcess>(Args(engine->store), "notify-" + GetParam());
      ASSERT_TRUE(engine->server->Up()) << engine->server->Log();
      engine->registry = std::make_unique<Registry>(
          "notify-" + GetParam(),
          RegistrySetup{.notify_url = engine->server->Url() + "/hooks/registry", .notify_token = engine->scanner});
      // Every event, standard format, the spec's secret: the receiver's "/all" is the suite's event log.
      auto made = engine->server->Client()->Post(
          "/api/v1/webhooks", Bearer(engine->admin),
          json{{"url", engine->receiver->Url("/all")}, {"secret", kSpecSecret}}.dump(), "application/json");
      ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "no answer");
    }
    store_ = engine->store;
    admin_ = engine->admin;
    scanner_ = engine->scanner;
    reader_ = engine->reader;
    receiver_ = engine->receiver.get();
    server_ = engine->server.get();
    registry_ = engine->registry.get();
    ASSERT_FALSE(admin_.empty());
    ASSERT_TRUE(server_->Up()) << server_->Log();
    ASSERT_TRUE(registry_ && registry_->Up());
    client_ = server_->Client();
  }
  json PostJson(const std::string& path, const json& body, const std::string& token, int expected_status) {
    auto res = client_->Post(path, Bearer(token), body.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
  json GetJson(const std::string& path) {
    auto res = client_->Get(path, Bearer(reader_));
    EXPECT_TRUE(res && res->status == 200) << path;
    return res ? json::parse(res->body, nullptr, false) : json();
  }

  static inline std::map<std::string, std::unique_ptr<Engine>> engines_;
  static inline std::string alpine_, db_;
  std::string store_, admin_, scanner_, reader_;
  WebhookReceiver* receiver_ = nullptr;
  ServerProcess* server_ = nullptr;
  Registry* registry_ = nullptr;
  std::unique_ptr<httplib::Client> client_;
};

INSTANTIATE_TEST_SUITE_P(Engines, NotifyTest, ::testing::ValuesIn(kStoreEngines),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// The registry's push is scanned with no API call; its image.scanned summary reaches every endpoint signed; an
// endpoint that answers 500 first gets the event again, with the same webhook-id, and then never again; the
// Slack format carries a readable line; the delivery log shows both attempts.
TEST_P(NotifyTest, APushIsScannedAndAlertedWithoutAnApiCall) {
  json flaky = PostJson("/api/v1/webhooks",
                        {{"url", receiver_->Url("/flaky")}, {"events", {"image.scanned"}}, {"repositories", {"127.0.0.1:*"}}},
                        admin_, 201);
  ASSERT_TRUE(flaky.contains("secret"));  // made by the server, shown this once
  const std::string flaky_secret = flaky["secret"];
  receiver_->Script("/flaky", {500});
  PostJson("/api/v1/webhooks", {{"url", receiver_->Url("/slack")}, {"format", "slack"}, {"events", {"image.scanned"}}},
           admin_, 201);
  // Secrets are never read back.
  auto listed = client_->Get("/api/v1/webhooks", Bearer(reader_));
  ASSERT_TRUE(listed && listed->status == 200);
  EXPECT_EQ(listed->body.find(flaky_secret), std::string::npos);
  EXPECT_EQ(listed->body.find(kSpecSecret), std::string::npos);
  EXPECT_EQ(listed->body.find("\"secret\""), std::string::npos);

  const auto pushed_at = std::chrono::steady_clock::now();
  registry_->Push("1.0", "", DebianAppSource(), kApp);
  const std::string repository = registry_->Host() + "/" + kApp;
  ASSERT_TRUE(receiver_->WaitFor([&](const auto& all) {
    return !Matching(all, "/all", "image.scanned", "repository", repository).empty();
  })) << server_->Log();
  const ReceivedWebhook scanned = Matching(receiver_->Received(), "/all", "image.scanned", "repository", repository)[0];
  const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(scanned.at - pushed_at);
  std::printf("[ figure ] registry push (skopeo copy, debian12-app) to signed webhook delivery: %lld ms\n",
              static_cast<long long>(latency.count()));
  EXPECT_TRUE(VerifyStandardWebhook(kSpecSecret, scanned));
  ReceivedWebhook tampered = scanned;
  tampered.body.back() = ' ';
  EXPECT_FALSE(VerifyStandardWebhook(kSpecSecret, tampered));
  EXPECT_EQ(scanned.content_type, "application/json");
  const json data = Body(scanned)["data"];
  EXPECT_EQ(data["tag"], "1.0");
  EXPECT_EQ(data["trigger"], "registry");
  EXPECT_TRUE(data["digest"].get<std::string>().starts_with("sha256:"));
  EXPECT_GT(data["findings"].get<int>(), 0) << data.dump();
  EXPECT_FALSE(data["worst_severity"].get<std::string>().empty());
  ASSERT_FALSE(data["upgrades"].empty()) << data.dump();
  EXPECT_FALSE(data["upgrades"][0]["fixed_versions"].empty());

  // The flaky endpoint: 500, then the same message again (same id, newly signed), answered 200, and no more.
  ASSERT_TRUE(receiver_->WaitFor([&](const auto& all) {
    auto got = Matching(all, "/flaky", "image.scanned", "tag", "1.0");
    return !got.empty() && got.back().answered == 200;
  })) << server_->Log();
  std::this_thread::sleep_for(std::chrono::seconds(2));  // time for a wrong third attempt to show
  auto attempts = Matching(receiver_->Received(), "/flaky", "image.scanned", "tag", "1.0");
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].answered, 500);
  EXPECT_EQ(attempts[1].answered, 200);
  EXPECT_EQ(attempts[0].id, attempts[1].id);
  EXPECT_EQ(attempts[0].body, attempts[1].body);
  EXPECT_TRUE(VerifyStandardWebhook(flaky_secret, attempts[1]));
  EXPECT_FALSE(VerifyStandardWebhook(kSpecSecret, attempts[1]));
  for (const json& w : GetJson("/api/v1/webhooks")["items"]) {
    if (w["id"] != flaky["id"]) continue;
    EXPECT_EQ(w["state"], "active");
    EXPECT_EQ(w["delivery"]["delivered"], 1) << w.dump();
    EXPECT_EQ(w["delivery"]["last_status"], 200) << w.dump();
  }
  json deliveries = GetJson(fmt::format("/api/v1/webhooks/{}/deliveries", flaky["id"].get<int>()));
  ASSERT_EQ(deliveries["items"].size(), 1u) << deliveries.dump();
  const json& delivery = deliveries["items"][0];
  EXPECT_EQ(delivery["state"], "delivered");
  EXPECT_EQ(delivery["attempts"], 2);
  EXPECT_EQ(delivery["message_id"], attempts[0].id);
  json detail = GetJson(fmt::format("/api/v1/webhooks/{}/deliveries/{}", flaky["id"].get<int>(), delivery["id"].get<int>()));
  ASSERT_EQ(detail["attempt_log"].size(), 2u) << detail.dump();
  EXPECT_EQ(detail["attempt_log"][0]["status"], 500);
  EXPECT_EQ(detail["attempt_log"][1]["status"], 200);

  // The same event, as a Slack message.
  ASSERT_TRUE(receiver_->WaitFor([&](const auto& all) {
    return std::any_of(all.begin(), all.end(), [&](const ReceivedWebhook& h) {
      return h.path == "/slack" && h.body.find(repository + ":1.0") != std::string::npos;
    });
  }));
  for (const ReceivedWebhook& h : receiver_->Received()) {
    if (h.path != "/slack" || h.body.find(repository) == std::string::npos) continue;
    const json slack = Body(h);
    EXPECT_NE(slack["text"].get<std::string>().find("scanned"), std::string::npos) << h.body;
    EXPECT_EQ(slack["blocks"][0]["type"], "section");
  }

  // Redelivery on request: the same message id and body again.
  PostJson(fmt::format("/api/v1/webhooks/{}/deliveries/{}/redeliver", flaky["id"].get<int>(), delivery["id"].get<int>()),
           json::object(), admin_, 202);
  ASSERT_TRUE(receiver_->WaitFor([&](const auto& all) {
    return Matching(all, "/flaky", "image.scanned", "tag", "1.0").size() == 3;
  }));
  EXPECT_EQ(Matching(receiver_->Received(), "/flaky", "image.scanned", "tag", "1.0")[2].id,
            attempts[0].id);
}

// A tag pushed again with another image: tag.mutated (old and new digest) and a re-scan of the new image.
TEST_P(NotifyTest, ARepushedTagIsAMutationAndARescan) {
  registry_->Push("moving", "", "docker-archive:" + alpine_, kAlpine);
  const std::string repository = registry_->Host() + "/" + kAlpine;
  auto scanned_with = [&](const std::string& tag) {
    std::set<std::string> digests;
    for (const ReceivedWebhook& h : Matching(receiver_->Received(), "/all", "image.scanned", "tag", tag)) {
      if (Body(h)["data"]["repository"] == repository) digests.insert(Body(h)["data"]["digest"]);
    }
    return digests;
  };
  ASSERT_TRUE(receiver_->WaitFor([&](const auto&) { return scanned_with("moving").size() == 1; })) << server_->Log();
  const std::string before = *scanned_with("moving").begin();
  registry_->Push("moving", "", DebianAppSource(), kAlpine);
  ASSERT_TRUE(receiver_->WaitFor([&](const auto& all) {
    return !Matching(all, "/all", "tag.mutated", "tag", "moving").empty();
  })) << server_->Log();
  const ReceivedWebhook mutated = Matching(receiver_->Received(), "/all", "tag.mutated", "tag", "moving")[0];
  EXPECT_TRUE(VerifyStandardWebhook(kSpecSecret, mutated));
  const json data = Body(mutated)["data"];
  EXPECT_EQ(data["repository"], repository);
  EXPECT_EQ(data["old_digest"], before);
  EXPECT_NE(data["new_digest"], before);
  EXPECT_EQ(data["source"], "registry-hook");
  ASSERT_TRUE(receiver_->WaitFor([&](const auto&) { return scanned_with("moving").size() == 2; })) << server_->Log();
  EXPECT_TRUE(scanned_with("moving").contains(data["new_digest"].get<std::string>()));
}

// POST /hooks/registry itself: the token, the media type, malformed envelopes, and an event id taken once.
TEST_P(NotifyTest, TheRegistryHookIsAuthenticatedAndDeduplicated) {
  const std::string type = "application/vnd.docker.distribution.events.v1+json";
  json envelope = {{"events",
                    {{{"id", "dedupe-1"}, {"action", "push"},
                      {"target", {{"mediaType", "application/vnd.docker.distribution.manifest.v2+json"},
                                  {"digest", "sha256:" + std::string(64, 'e')}, {"repository", "nowhere/app"},
                                  {"tag", "1"}}},
                      {"request", {{"host", "127.0.0.1:1"}}}}}}};
  EXPECT_EQ(client_->Post("/hooks/registry", envelope.dump(), type)->status, 401);
  EXPECT_EQ(client_->Post("/hooks/registry", Bearer(reader_), envelope.dump(), type)->status, 403);
  EXPECT_EQ(client_->Post("/hooks/registry", Bearer(scanner_), envelope.dump(), "text/plain")->status, 415);
  EXPECT_EQ(client_->Post("/hooks/registry", Bearer(scanner_), "{\"events\": 5}", type)->status, 400);
  auto first = client_->Post("/hooks/registry", Bearer(scanner_), envelope.dump(), type);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(json::parse(first->body)["queued"], 1);
  auto again = client_->Post("/hooks/registry", Bearer(scanner_), envelope.dump(),
                             "application/vnd.docker.distribution.events.v2+json");
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["duplicates"], 1);
  EXPECT_EQ(json::parse(again->body)["queued"], 0);
  EXPECT_EQ(json::parse(first->body)["tags"], json::array({"127.0.0.1:1/nowhere/app:1"}));

  // request.host is the Host header the pusher sent: with ?registry= the endpoint names the registry instead, so
  // a push to this registry cannot record a tag of Docker Hub's.
  json spoofed = envelope;
  spoofed["events"][0]["id"] = "spoofed-1";
  spoofed["events"][0]["request"]["host"] = "docker.io";
  auto named = client_->Post("/hooks/registry?registry=127.0.0.1:1", Bearer(scanner_), spoofed.dump(), type);
  ASSERT_EQ(named->status, 200) << named->body;
  EXPECT_EQ(json::parse(named->body)["tags"], json::array({"127.0.0.1:1/nowhere/app:1"}));
  for (const char* bad : {"", "Docker.IO", "a/b", "a%20b"}) {
    EXPECT_EQ(client_->Post(std::string("/hooks/registry?registry=") + bad, Bearer(scanner_), spoofed.dump(), type)->status,
              400) << bad;
  }
}

TEST_P(NotifyTest, WebhookAndWatchInputIsChecked) {
  PostJson("/api/v1/webhooks", {{"url", receiver_->Url("/x")}}, scanner_, 403);  // admin only
  for (const json& bad : {json{{"url", "ftp://x/y"}}, json{{"url", "http:///nohost"}}, json{{"url", 5}},
                          json{{"url", receiver_->Url("/x")}, {"secret", "not-a-secret"}},
                          json{{"url", receiver_->Url("/x")}, {"events", {"finding.nope"}}},
                          json{{"url", receiver_->Url("/x")}, {"min_severity", "SEVERE"}},
                          json{{"url", receiver_->Url("/x")}, {"format", "teams"}},
                          json{{"url", receiver_->Url("/x")}, {"per_finding", "yes"}},
                          json{{"url", receiver_->Url("/x")}, {"colour", "red"}}, json::array()}) {
    json answer = PostJson("/api/v1/webhooks", bad, admin_, 400);
    EXPECT_EQ(answer["error"]["code"], "invalid_input") << bad.dump();
  }
  json refused = PostJson("/api/v1/webhooks", {{"url", receiver_->Url("/x")}, {"secret", "whsec_c2hvcnQ="}}, admin_, 400);
  EXPECT_EQ(refused.dump().find("c2hvcnQ"), std::string::npos);  // a malformed secret is not echoed
  EXPECT_EQ(server_->Log().find(kSpecSecret), std::string::npos);
  const std::string repo = registry_->Host() + "/drydock-test/w";
  for (const json& bad : {json{{"repository", "app"}}, json{{"repository", repo + ":1"}},
                          json{{"repository", repo}, {"tags", "v[0-9"}}, json{{"repository", repo}, {"interval", "5x"}},
                          json{{"repository", repo}, {"interval", "0s"}}, json{{"tags", ".*"}}}) {
    PostJson("/api/v1/watches", bad, admin_, 400);
  }
  EXPECT_EQ(client_->Delete("/api/v1/webhooks/999999", Bearer(admin_))->status, 404);
  EXPECT_EQ(client_->Delete("/api/v1/watches/abc", Bearer(admin_))->status, 400);
}

// The poller on a registry that sends no notifications: a new tag is scanned, a moved one is tag.mutated.
TEST_P(NotifyTest, AWatchPollsTagsAndNoticesAMovedOne) {
  Registry quiet("notify-quiet-" + GetParam());
  ASSERT_TRUE(quiet.Up());
  const std::string repository = quiet.Host() + "/drydock-test/watched";
  quiet.Push("w1", "", "docker-archive:" + alpine_, "drydock-test/watched");
  quiet.Push("other", "", "docker-archive:" + alpine_, "drydock-test/watched");
  json watch = PostJson("/api/v1/watches", {{"repository", repository}, {"tags", "w[0-9]+"}, {"interval", "1s"}},
                        admin_, 201);
  ASSERT_TRUE(receiver_->WaitFor([&](const auto& all) {
    return !Matching(all, "/all", "image.scanned", "repository", repository).empty();
  })) << server_->Log();
  quiet.Push("w1", "", DebianAppSource(), "drydock-test/watched");
  ASSERT_TRUE(receiver_->WaitFor([&](const auto& all) {
    return !Matching(all, "/all", "tag.mutated", "repository", repository).empty();
  })) << server_->Log();
  const json data = Body(Matching(receiver_->Received(), "/all", "tag.mutated", "repository", repository)[0])["data"];
  EXPECT_EQ(data["tag"], "w1");
  EXPECT_EQ(data["source"], "watch");
  for (const ReceivedWebhook& h : Matching(receiver_->Received(), "/all", "image.scanned", "repository", repository)) {
    EXPECT_EQ(Body(h)["data"]["tag"], "w1");  // "other" does not match the pattern
  }
  json watches = GetJson("/api/v1/watches");
  bool found = false;
  for (const json& w : watches["items"]) {
    if (w["id"] != watch["id"]) continue;
    found = true;
    EXPECT_TRUE(w.contains("last_poll_unix_ms"));
    EXPECT_FALSE(w.contains("last_error")) << w.dump();
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(client_->Delete("/api/v1/watches/" + std::to_string(watch["id"].get<int>()), Bearer(admin_))->status, 204);
}

// kill -9 after the event and its delivery are committed, before the endpoint has taken it: the restarted server
// delivers it, once.
TEST_P(NotifyTest, KillNineBeforeDeliveryStillDeliversAfterRestart) {
  const std::string store = NewStore("notify_kill_" + GetParam());
  ASSERT_FALSE(store.empty());
  const std::string admin = CreateToken(store, "admin");
  const int port = FreePort();  // nothing listens there yet: every attempt is refused
  auto server = std::make_unique<ServerProcess>(Args(store), "notify-kill-" + GetParam());
  ASSERT_TRUE(server->Up()) << server->Log();
  auto client = server->Client();
  auto hook = client->Post("/api/v1/webhooks", Bearer(admin),
                           json{{"url", "http://127.0.0.1:" + std::to_string(port) + "/late"}, {"secret", kSpecSecret},
                                {"events", {"image.scanned"}}}.dump(),
                           "application/json");
  ASSERT_EQ(hook->status, 201) << hook->body;
  const int hook_id = json::parse(hook->body)["id"];
  registry_->Push("kill", "", "docker-archive:" + alpine_, kAlpine);
  auto scan = client->Post("/api/v1/scans", Bearer(admin), json{{"image", registry_->Reference("kill", kAlpine)}}.dump(),
                           "application/json");
  ASSERT_EQ(scan->status, 202);
  json pending;
  for (int i = 0; i < 3000 && pending.is_null(); ++i) {
    auto res = client->Get(fmt::format("/api/v1/webhooks/{}/deliveries", hook_id), Bearer(admin));
    json items = res && res->status == 200 ? json::parse(res->body)["items"] : json::array();
    if (!items.empty() && items[0]["attempts"].get<int>() >= 1) pending = items[0];
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(pending.is_null()) << server->Log();
  EXPECT_EQ(pending["state"], "pending");
  server->Kill9();
  server.reset();
  WebhookReceiver late(port);
  auto restarted = std::make_unique<ServerProcess>(Args(store), "notify-kill-restarted-" + GetParam());
  ASSERT_TRUE(restarted->Up()) << restarted->Log();
  ASSERT_TRUE(late.WaitFor([](const auto& all) { return !all.empty(); }, 60)) << restarted->Log();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto received = late.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].id, pending["message_id"].get<std::string>());
  EXPECT_TRUE(VerifyStandardWebhook(kSpecSecret, received[0]));
  EXPECT_EQ(Body(received[0])["data"]["tag"], "kill");
}

// The SSRF guard: a server without --webhook-allow-network refuses an endpoint on loopback when it is made, and
// refuses to connect to one made earlier (under an allow-list since removed): the attempt fails naming the
// address, and the receiver never hears of the event. With the allow-list, the same endpoint is taken.
TEST_P(NotifyTest, WebhooksToNonPublicAddressesNeedTheAllowList) {
  const std::string store = NewStore("notify_guard_" + GetParam());
  ASSERT_FALSE(store.empty());
  const std::string admin = CreateToken(store, "admin");
  std::vector<std::string> guarded = Args(store);
  guarded.resize(guarded.size() - 2);  // without --webhook-allow-network 127.0.0.0/8
  const json hook = {{"url", receiver_->Url("/guarded")}, {"secret", kSpecSecret}, {"events", {"image.scanned"}}};
  std::int64_t hook_id = 0;
  {
    ServerProcess strict(guarded, "notify-guard-strict-" + GetParam());
    ASSERT_TRUE(strict.Up()) << strict.Log();
    for (const std::string& url : {receiver_->Url("/guarded"), std::string("http://169.254.169.254/latest/meta-data/"),
                                  std::string("http://localhost:1/x"), std::string("http://[::1]:1/x")}) {
      json with_url = hook;
      with_url["url"] = url;
      auto refused = strict.Client()->Post("/api/v1/webhooks", Bearer(admin), with_url.dump(), "application/json");
      ASSERT_TRUE(refused);
      EXPECT_EQ(refused->status, 400) << url << ": " << refused->body;
      EXPECT_NE(refused->body.find("--webhook-allow-network"), std::string::npos) << refused->body;
    }
    EXPECT_EQ(strict.Stop(), 0);
  }
  {
    ServerProcess allowing(Args(store), "notify-guard-allowing-" + GetParam());
    ASSERT_TRUE(allowing.Up()) << allowing.Log();
    auto made = allowing.Client()->Post("/api/v1/webhooks", Bearer(admin), hook.dump(), "application/json");
    ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "no answer");
    hook_id = json::parse(made->body)["id"];
    EXPECT_EQ(allowing.Stop(), 0);
  }
  ServerProcess strict(guarded, "notify-guard-restarted-" + GetParam());
  ASSERT_TRUE(strict.Up()) << strict.Log();
  auto client = strict.Client();
  registry_->Push("guard", "", "docker-archive:" + alpine_, kAlpine);
  auto scan = client->Post("/api/v1/scans", Bearer(admin),
                           json{{"image", registry_->Reference("guard", kAlpine)}}.dump(), "application/json");
  ASSERT_TRUE(scan && scan->status == 202);
  json attempted;
  for (int i = 0; i < 1500 && attempted.is_null(); ++i) {
    auto res = client->Get(fmt::format("/api/v1/webhooks/{}/deliveries", hook_id), Bearer(admin));
    json items = res && res->status == 200 ? json::parse(res->body)["items"] : json::array();
    if (!items.empty() && items[0]["attempts"].get<int>() >= 1) attempted = items[0];
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(attempted.is_null()) << strict.Log();
  EXPECT_EQ(attempted["state"], "pending") << attempted.dump();  // retried later, refused again then
  EXPECT_NE(attempted.value("last_error", "").find("refused to connect to 127.0.0.1 (loopback)"), std::string::npos)
      << attempted.dump();
  for (const ReceivedWebhook& h : receiver_->Received()) EXPECT_NE(h.path, "/guarded");
}

// A new DB generation (the server's DB file replaced on disk, as db update does): the monitor's finding.new and
// policy.changed events for the one affected image reach the endpoint as one signed image.summary, and a
// per_finding endpoint gets each event alone; an unaffected image is never mentioned.
TEST_P(NotifyTest, ADbGenerationArrivesAsOneSignedSummaryPerImage) {
  namespace fs = std::filesystem;
  const std::string dir = TempDirectory() + "/notify-generations-" + GetParam();
  fs::create_directories(dir);
  // PyPA's flask and werkzeug records, the first generation without CVE-2023-30861 (Flask 2.0.0).
  auto build = [&](const std::string& name, bool with_flask_cve) {
    const std::string feed = dir + "/feed-" + name;
    for (const std::string package : {"flask", "werkzeug"}) {
      fs::create_directories(feed + "/" + package);
      for (const auto& entry : fs::directory_iterator(TestData("pypa+advisory-database/vulns/" + package))) {
        if (!with_flask_cve && entry.path().filename() == "PYSEC-2023-62.yaml") continue;
        fs::copy_file(entry.path(), feed + "/" + package + "/" + entry.path().filename().string(),
                      fs::copy_options::overwrite_existing);
      }
    }
    auto built = RunDrydock("db build --osv " + feed + " -o " + dir + "/" + name + ".db");
    EXPECT_EQ(built.exit_code, 0) << built.err;
    return dir + "/" + name + ".db";
  };
  const std::string live = dir + "/live.db";
  fs::copy_file(build("before", false), live, fs::copy_options::overwrite_existing);
  const std::string after = build("after", true);
  std::ofstream(dir + "/policy.yaml") << "name: gate\nrules:\n  - id: NO-FLASK-CVE\n    severity: HIGH\n"
                                         "    message: no\n    denied_advisories: [CVE-2023-30861]\n";
  const std::string store = NewStore("notify_generations_" + GetParam());
  ASSERT_FALSE(store.empty());
  const std::string admin = CreateToken(store, "admin");
  ServerProcess server({"--store", store, "--db", live, "--workers", "0", "--no-cache", "--policy",
                        dir + "/policy.yaml", "--db-check-interval", "200ms", "--webhook-allow-network", "127.0.0.0/8"},
                       "notify-generations-" + GetParam());
  ASSERT_TRUE(server.Up()) << server.Log();
  auto client = server.Client();
  for (const json& hook : {json{{"url", receiver_->Url("/generation")}, {"secret", kSpecSecret}},
                           json{{"url", receiver_->Url("/each")}, {"secret", kSpecSecret}, {"per_finding", true}}}) {
    auto made = client->Post("/api/v1/webhooks", Bearer(admin), hook.dump(), "application/json");
    ASSERT_TRUE(made && made->status == 201);
  }
  for (const std::string repo : {"pip", "gomod"}) {  // Flask 2.0.0 and Werkzeug 0.11; no PyPI package at all
    auto sbom = RunDrydock("fs " + TestData("aquasecurity+trivy/integration/testdata/fixtures/repo/" + repo) +
                           " --skip-db -f cyclonedx");
    ASSERT_EQ(sbom.exit_code, 0) << sbom.err;
    auto stored = client->Post("/api/v1/sboms?name=test/" + repo, Bearer(admin), sbom.out, "application/json");
    ASSERT_TRUE(stored && stored->status == 201) << (stored ? stored->body : "no answer");
  }
  // The first generation is the silent baseline; wait for it, then put the second in place.
  for (int i = 0; i < 300; ++i) {
    auto res = client->Get("/api/v1/generations", Bearer(admin));
    json items = res && res->status == 200 ? json::parse(res->body)["items"] : json::array();
    if (!items.empty() && items[0]["processed_ms"].get<std::int64_t>() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  fs::copy_file(after, live + ".tmp", fs::copy_options::overwrite_existing);
  fs::rename(live + ".tmp", live);
  ASSERT_TRUE(receiver_->WaitFor([&](const auto& all) {
    return !Matching(all, "/generation", "image.summary", "repository", "test/pip").empty() &&
           Matching(all, "/each", "policy.changed", "repository", "test/pip").size() == 1;
  })) << server.Log();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const auto all = receiver_->Received();
  const auto summaries = Matching(all, "/generation", "image.summary", "repository", "test/pip");
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_TRUE(VerifyStandardWebhook(kSpecSecret, summaries[0]));
  const json data = Body(summaries[0])["data"];
  EXPECT_EQ(data["policy"]["to"], "fail") << data.dump();
  EXPECT_EQ(data["counts"]["resolved"], 0);
  ASSERT_FALSE(data["findings"].empty());
  EXPECT_EQ(data["findings"][0]["type"], "finding.new");
  std::string package = data["findings"][0]["package"];
  std::transform(package.begin(), package.end(), package.begin(), [](unsigned char c) { return std::tolower(c); });
  EXPECT_EQ(package, "flask") << data.dump();
  ASSERT_FALSE(data["upgrades"].empty());
  EXPECT_EQ(data["upgrades"][0]["installed_version"], "2.0.0");
  EXPECT_TRUE(Matching(all, "/generation", "image.summary", "repository", "test/gomod").empty());
  // per_finding: the same change as separate finding.new and policy.changed messages.
  const auto each = Matching(all, "/each", "finding.new", "repository", "test/pip");
  EXPECT_EQ(each.size(), data["findings"].size());
  for (const ReceivedWebhook& h : each) EXPECT_TRUE(VerifyStandardWebhook(kSpecSecret, h));
}

}  // namespace
}  // namespace drydock::e2e
