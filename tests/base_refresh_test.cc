// The server keeps base images fresh, end to end: debian12-minbase re-dated as bases/debian:12 in Debian's real
// docker-registry, an app built on it, both pushed; `drydock server --base-index` scans the app (its base
// identified by the index), then 12 is rebuilt upstream with glibc and gzip upgraded and re-pushed. The server's
// base refresh re-reads the index, sees the tag move, and a base.outdated event reaches the webhooks (Standard
// Webhooks, signed; and Slack's form) once, saying which base moved where and what a rebuild removes, checked
// against a CLI scan of both bases. An app rebuilt on the new base is current.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "cli_runner.h"
#include "registry_fixture.h"
#include "server_fixture.h"
#include "webhook_receiver.h"

namespace drydock::e2e {
namespace {

using json = nlohmann::json;
using Keys = std::set<std::pair<std::string, std::string>>;  // (advisory id, package)

const std::string kStackImage = std::string(DRYDOCK_SOURCE_DIR) + "/tests/tools/stack_image.py";
const std::string kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";  // the Standard Webhooks example secret

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class BaseRefreshTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    registry_ = std::make_unique<Registry>("baserefresh");
    if (!registry_->Up()) return;
    const std::string dir = TempDirectory() + "/baserefresh", layout = dir + "/layout";
    Shell("mkdir -p " + dir + "/app/app && echo hello > " + dir + "/app/app/hello.txt && tar --owner=0 --group=0 -cf " +
          dir + "/app.tar -C " + dir + "/app app && zcat " + TestData("images/debian12-minbase.docker.tar.gz") +
          " > " + dir + "/minbase.tar && skopeo copy -q docker-archive:" + dir + "/minbase.tar oci:" + layout +
          ":minbase");
    auto stack = [&](const std::string& args) { return Trim(Shell("python3 " + kStackImage + " " + layout + " " + args)); };
    base_old_ = stack("minbase base-old --created 2026-01-01T00:00:00Z");
    base_new_ = stack("base-old base-new --created 2026-02-01T00:00:00Z --dpkg-bump libc6=2.36-9+deb12u15 "
                      "--dpkg-bump libc-bin=2.36-9+deb12u15 --dpkg-bump gzip=1.12-1+deb12u1");
    stack("base-old app-1 --layer " + dir + "/app.tar 'COPY app /app'");
    stack("base-new app-2 --layer " + dir + "/app.tar 'COPY app /app'");
    registry_->Push("12", "", "oci:" + layout + ":base-old", "bases/debian");
    registry_->Push("1", "", "oci:" + layout + ":app-1", "apps/web");
    registry_->Push("2", "", "oci:" + layout + ":app-2", "apps/web");
    index_ = dir + "/index.db";
    auto added = RunDrydock("base index add " + Name("bases/debian") + " --tags '.*' --index " + index_);
    ASSERT_EQ(added.exit_code, 0) << added.err;
    db_ = dir + "/tracker.db";
    auto built = RunDrydock("db build --debian " + std::string(DRYDOCK_SOURCE_DIR) +
                            "/tests/data/base/debian-tracker.json -o " + db_);
    ASSERT_EQ(built.exit_code, 0) << built.err;
    // What a rebuild must remove, from CLI scans of both bases (the new one from the layout: not pushed yet).
    const Keys old_keys = ScanKeys("oci:" + layout + ":base-old"), new_keys = ScanKeys("oci:" + layout + ":base-new");
    removed_ = Removed(old_keys, new_keys);
    scanned_ = std::to_string(old_keys.size()) + " findings in the old base, " + std::to_string(new_keys.size()) +
               " in the new one";
    const std::string store = "sqlite:" + dir + "/store/store.db";
    token_ = CreateToken(store, "read,scan,admin");
    receiver_ = std::make_unique<WebhookReceiver>();
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--store", store, "--db", db_, "--workers", "1", "--cache-dir", dir + "/cache",
                                 "--base-index", index_, "--base-index-interval", "1s",
                                 "--webhook-allow-network", "127.0.0.0/8"},  // the receiver listens on loopback
        "baserefresh");
    ASSERT_TRUE(server_->Up()) << server_->Log();
    for (const json& hook : {json{{"url", receiver_->Url("/hook")}, {"secret", kSecret}, {"events", {"base.outdated"}}},
                             json{{"url", receiver_->Url("/slack")}, {"format", "slack"}, {"events", {"base.outdated"}}}}) {
      auto made = server_->Client()->Post("/api/v1/webhooks", Bearer(token_), hook.dump(), "application/json");
      ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "no answer");
    }
  }
  static void TearDownTestSuite() {
    server_.reset();
    receiver_.reset();
    registry_.reset();
  }
  void SetUp() override { ASSERT_TRUE(server_ && server_->Up()); }

  static std::string Name(const std::string& repository) { return registry_->Host() + "/" + repository; }
  static Keys ScanKeys(const std::string& target) {
    // Its own layer cache: the default one is shared with every drydock build on this machine.
    auto scanned = RunDrydock("image " + target + " --db " + db_ + " --cache-dir " + TempDirectory() +
                              "/baserefresh/cli-cache -f json -q");
    EXPECT_EQ(scanned.exit_code, 0) << target << ": " << scanned.err;
    Keys keys;
    if (scanned.exit_code != 0) return keys;
    const json report = json::parse(scanned.out);
    scan_notes_ += target + ": os " + report["artifact"]["os"].dump() + ", " +
                   std::to_string(report["packages"].size()) + " packages, errors " + report["errors"].dump() + "; ";
    for (const json& f : report["vulnerabilities"]) {
      keys.emplace(f["id"], f["package_name"]);
      severity_[{f["id"], f["package_name"]}] = f["severity"];
    }
    return keys;
  }
  static json Removed(const Keys& from, const Keys& minus) {
    std::map<std::string, int> out;
    for (const auto& key : from) {
      if (!minus.contains(key)) ++out[severity_[key]];
    }
    return out;
  }
  // Scans `image` through the API and waits for the base refresh to have advised it.
  static json ScanAndAdvise(const std::string& image) {
    auto client = server_->Client();
    auto res = client->Post("/api/v1/scans", Bearer(token_), json{{"image", image}}.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 202) << (res ? res->body : "no answer");
    if (!res || res->status != 202) return json();
    json job = WaitForJob(*client, token_, json::parse(res->body)["job_id"].get<std::int64_t>());
    EXPECT_EQ(job["state"], "done") << job.dump();
    return WaitForBase(job.value("image_digest", ""), [](const json&) { return true; });
  }
  static json WaitForBase(const std::string& digest, const std::function<bool(const json&)>& done) {
    json base;
    for (int i = 0; i < 120; ++i) {
      auto res = server_->Client()->Get("/api/v1/images/" + digest + "/base", Bearer(token_));
      if (res && res->status == 200) base = json::parse(res->body);
      if (base.value("advised", false) && done(base)) return base;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    ADD_FAILURE() << "not advised: " << base.dump() << server_->Log();
    return base;
  }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::unique_ptr<WebhookReceiver> receiver_;
  static inline std::string base_old_, base_new_, index_, db_, token_, scanned_, scan_notes_;
  static inline std::map<std::pair<std::string, std::string>, std::string> severity_;
  static inline json removed_;
};

TEST_F(BaseRefreshTest, AMovedBaseTagIsAnnouncedOnceWithWhatTheRebuildRemoves) {
  // Against the real data: glibc (libc6, libc-bin) and gzip are fixed by the rebuilt base.
  ASSERT_EQ(removed_, (json{{"HIGH", 2}, {"MEDIUM", 1}})) << scanned_ << "\n" << scan_notes_;
  json app = ScanAndAdvise(Name("apps/web:1"));
  const std::string digest = app["digest"];
  EXPECT_EQ(app["base"]["name"], Name("bases/debian"));
  EXPECT_EQ(app["base"]["tag"], "12");
  EXPECT_EQ(app["base"]["digest"], base_old_);
  EXPECT_EQ(app["base"]["source"], "index");
  EXPECT_EQ(app["outdated"], false);  // 12 has not moved yet
  EXPECT_TRUE(app["recommended"].is_null()) << app.dump();

  // Upstream rebuilds 12: the refresh re-reads the index, advises a refresh and announces it.
  registry_->Push("12", "", "oci:" + TempDirectory() + "/baserefresh/layout:base-new", "bases/debian");
  app = WaitForBase(digest, [](const json& b) { return b.value("outdated", false); });
  EXPECT_EQ(app["current_digest"], base_new_);
  EXPECT_EQ(app["recommended"]["kind"], "refresh");
  EXPECT_EQ(app["recommended"]["digest"], base_new_);
  EXPECT_EQ(app["recommended"]["removed"]["by_severity"], removed_);
  EXPECT_EQ(app["recommended"]["removed"]["total"], 3);
  ASSERT_TRUE(receiver_->WaitFor([](const auto& got) { return got.size() >= 2; }, 60)) << server_->Log();
  // Several more passes run (one a second): the move is still announced once.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::vector<ReceivedWebhook> hooks, slack;
  for (const ReceivedWebhook& r : receiver_->Received()) (r.path == "/hook" ? hooks : slack).push_back(r);
  ASSERT_EQ(hooks.size(), 1u);
  ASSERT_EQ(slack.size(), 1u);
  EXPECT_TRUE(VerifyStandardWebhook(kSecret, hooks[0]));
  const json body = json::parse(hooks[0].body);
  EXPECT_EQ(body["type"], "base.outdated");
  const json& data = body["data"];
  EXPECT_EQ(data["digest"], digest);
  EXPECT_EQ(data["repository"], Name("apps/web"));
  EXPECT_EQ(data["base"]["name"], Name("bases/debian"));
  EXPECT_EQ(data["base"]["tag"], "12");
  EXPECT_EQ(data["old_digest"], base_old_);
  EXPECT_EQ(data["new_digest"], base_new_);
  EXPECT_EQ(data["removes"]["by_severity"], removed_);
  EXPECT_EQ(data["severity"], "HIGH");
  EXPECT_EQ(data["rebuild"], Name("bases/debian") + ":12@" + base_new_);
  const std::string text = json::parse(slack[0].body)["text"];
  EXPECT_NE(text.find("removes 3 findings (2 HIGH, 1 MEDIUM)"), std::string::npos) << text;
  auto listed = server_->Client()->Get("/api/v1/images", Bearer(token_));
  ASSERT_TRUE(listed && listed->status == 200);
  for (const json& item : json::parse(listed->body)["items"]) {
    if (item["digest"] != digest) continue;
    EXPECT_EQ(item["base"]["outdated"], true);
    EXPECT_EQ(item["base"]["recommended"]["removes"], 3);
  }
  // The rebuilt base was scanned for the advice, not stored as an image of its own.
  auto stored = server_->Client()->Get("/api/v1/images/" + base_new_, Bearer(token_));
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 404);

  // An app built on the new base is current: nothing to announce.
  json rebuilt = ScanAndAdvise(Name("apps/web:2"));
  EXPECT_EQ(rebuilt["base"]["digest"], base_new_);
  EXPECT_EQ(rebuilt["outdated"], false);
  auto events = server_->Client()->Get("/api/v1/events?after=0&type=base.outdated", Bearer(token_));
  ASSERT_TRUE(events && events->status == 200);
  EXPECT_EQ(json::parse(events->body)["items"].size(), 1u);
}

TEST_F(BaseRefreshTest, TheBaseRouteRefusesBadDigestsAndUnknownImages) {
  auto client = server_->Client();
  auto bad = client->Get("/api/v1/images/sha256:nothex/base", Bearer(token_));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto unknown = client->Get("/api/v1/images/sha256:" + std::string(64, '0') + "/base", Bearer(token_));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto anonymous = client->Get("/api/v1/images/sha256:" + std::string(64, '0') + "/base");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

}  // namespace
}  // namespace drydock::e2e
