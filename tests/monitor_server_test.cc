// Continuous monitoring through a running `drydock server`: inventories stored over the API, then DB
// generations compiled with `drydock db build` from real PyPA records (some left out, then put back, then one
// withdrawn) replacing the server's DB file on disk, and a scheduled `db update` from a mirror directory.
// Asserts the events each image gets over GET /api/v1/events (exactly the affected ones), that a replayed
// generation and a restart announce nothing, and the API's paging, filters and auth. Every test runs on a
// SQLite store and on a PostgreSQL one (tests/postgres_fixture: one throwaway cluster per test binary).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "cli_runner.h"
#include "postgres_fixture.h"
#include "server_fixture.h"

namespace drydock::e2e {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr const char* kFlaskRecord = "flask/PYSEC-2023-62.yaml";        // CVE-2023-30861: Flask 2.0.0 (pip)
constexpr const char* kWerkzeugRecord = "werkzeug/PYSEC-2023-58.yaml";  // CVE-2023-25577: pip and poetry
const std::vector<std::string> kRecords = {"flask", "werkzeug"};

class MonitorServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    static int stores = 0;  // a fresh store per test: a database name is not reused while a server may hold it
    dir_ = TempDirectory() + "/monitor-server-" + GetParam() + "-" + std::to_string(++stores);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    live_ = dir_ + "/live.db";
    std::string error;
    store_ = NewStoreUrl(GetParam(), "monitor_" + std::to_string(stores), dir_, &error);
    ASSERT_FALSE(store_.empty()) << error;
    std::ofstream(dir_ + "/policy.yaml") << "name: gate\nrules:\n  - id: NO-FLASK-CVE\n    severity: HIGH\n"
                                            "    message: no\n    denied_advisories: [CVE-2023-30861]\n";
  }

  // Copies the PyPA flask and werkzeug records, minus `leave_out`, into a feed directory and compiles it.
  std::string BuildGeneration(const std::string& name, const std::vector<std::string>& leave_out,
                              const std::string& output = "") {
    const std::string feed = dir_ + "/feed-" + name;
    for (const std::string& package : kRecords) {
      fs::create_directories(feed + "/" + package);
      for (const auto& entry : fs::directory_iterator(TestData("pypa+advisory-database/vulns/" + package))) {
        const std::string relative = package + "/" + entry.path().filename().string();
        if (std::find(leave_out.begin(), leave_out.end(), relative) != leave_out.end()) continue;
        fs::copy_file(entry.path(), feed + "/" + relative, fs::copy_options::overwrite_existing);
      }
    }
    const std::string db = output.empty() ? dir_ + "/" + name + ".db" : output;
    auto built = RunDrydock("db build --osv " + feed + " -o " + db);
    EXPECT_EQ(built.exit_code, 0) << built.err;
    return db;
  }
  // Puts a generation in place the way db update does: a rename over the live file.
  void Install(const std::string& db) {
    fs::copy_file(db, live_ + ".tmp", fs::copy_options::overwrite_existing);
    fs::rename(live_ + ".tmp", live_);
  }

  std::unique_ptr<ServerProcess> Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--store", store_, "--db", live_, "--workers", "0", "--no-cache",
                                     "--policy", dir_ + "/policy.yaml", "--db-check-interval", "200ms"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto server = std::make_unique<ServerProcess>(args, "monitor-" + GetParam());
    EXPECT_TRUE(server->Up()) << server->Log();
    return server;
  }

  // Stores a lockfile repo's inventory as an image, as `drydock image --server` would send it.
  std::string Ingest(ServerProcess& server, const std::string& repo, const std::string& token) {
    auto sbom = RunDrydock("fs " + TestData("aquasecurity+trivy/integration/testdata/fixtures/repo/" + repo) +
                           " --skip-db -f cyclonedx");
    EXPECT_EQ(sbom.exit_code, 0) << sbom.err;
    auto res = server.Client()->Post("/api/v1/sboms?name=test/" + repo, Bearer(token), sbom.out, "application/json");
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
    return res ? json::parse(res->body)["digest"].get<std::string>() : "";
  }

  json Get(ServerProcess& server, const std::string& path, const std::string& token, int status = 200) {
    auto res = server.Client()->Get(path, Bearer(token));
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }

  // Waits until `count` generations have been processed; returns them.
  json WaitForGenerations(ServerProcess& server, const std::string& token, std::size_t count) {
    json items;
    for (int i = 0; i < 300; ++i) {
      items = Get(server, "/api/v1/generations", token)["items"];
      std::size_t processed = 0;
      for (const json& g : items) processed += g["processed_ms"].get<std::int64_t>() > 0 ? 1 : 0;
      if (processed >= count) return items;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no generation " << count << ":\n" << server.Log();
    return items;
  }
  // Waits until the server's log says `needle` `times` times.
  void WaitForLog(ServerProcess& server, const std::string& needle, int times = 1) {
    for (int i = 0; i < 300; ++i) {
      const std::string log = server.Log();
      int seen = 0;
      for (std::size_t at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++seen;
      if (seen >= times) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "never logged " << needle << ":\n" << server.Log();
  }

  std::multiset<std::string> EventsAfter(ServerProcess& server, const std::string& token, std::int64_t after,
                                         std::int64_t* last = nullptr) {
    json page = Get(server, "/api/v1/events?after=" + std::to_string(after), token);
    std::multiset<std::string> out;
    for (const json& e : page["items"]) {
      const json& p = e["payload"];
      out.insert(e["type"].get<std::string>() + " " + e["repository"].get<std::string>() + " " +
                 (e["type"] == "policy.changed" ? p["to"].get<std::string>()
                                                : p["finding"]["vulnerability"].get<std::string>()));
    }
    if (last != nullptr) *last = page["next_after"].get<std::int64_t>();
    return out;
  }

  std::string dir_, live_, store_;
};

INSTANTIATE_TEST_SUITE_P(Engines, MonitorServerTest, ::testing::ValuesIn(kStoreEngines),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST_P(MonitorServerTest, GenerationsReplacedOnDiskAnnounceExactlyTheChanges) {
  const std::string without_flask = BuildGeneration("a", {kFlaskRecord});
  const std::string full = BuildGeneration("b", {});
  const std::string without_werkzeug = BuildGeneration("c", {kWerkzeugRecord});
  Install(without_flask);
  const std::string admin = CreateToken(store_, "admin");
  const std::string reader = CreateToken(store_, "read");
  auto server = Start();
  ASSERT_TRUE(server->Up());
  Ingest(*server, "pip", admin);      // Flask 2.0.0, Werkzeug 0.11
  Ingest(*server, "poetry", admin);   // werkzeug 0.14
  Ingest(*server, "gomod", admin);    // no PyPI packages: must never hear of these changes
  // The first generation is the silent baseline.
  WaitForGenerations(*server, reader, 1);
  // Images ingested after the baseline are indexed when the next generation arrives.
  EXPECT_TRUE(Get(*server, "/api/v1/events", reader)["items"].empty());

  Install(full);
  json generations = WaitForGenerations(*server, reader, 2);
  std::int64_t cursor = 0;
  EXPECT_EQ(EventsAfter(*server, reader, 0, &cursor),
            (std::multiset<std::string>{"finding.new test/pip CVE-2023-30861", "policy.changed test/pip fail"}));
  auto affected = Get(*server, "/api/v1/vulnerabilities/CVE-2023-30861/affected", reader);
  ASSERT_EQ(affected["items"].size(), 1u) << "the new finding is queryable at once";
  EXPECT_EQ(generations[1]["findings_by_severity"].size() > 0, true);

  Install(without_werkzeug);
  WaitForGenerations(*server, reader, 3);
  EXPECT_EQ(EventsAfter(*server, reader, cursor, &cursor),
            (std::multiset<std::string>{"finding.resolved test/pip CVE-2023-25577",
                                        "finding.resolved test/poetry CVE-2023-25577"}));

  // Replays: an earlier generation put back, then a restart on it. Nothing is announced.
  Install(full);
  WaitForLog(*server, "(replay,");
  EXPECT_TRUE(EventsAfter(*server, reader, cursor).empty());
  EXPECT_EQ(server->Stop(), 0);
  server = Start();
  WaitForLog(*server, "(replay,", 2);
  EXPECT_TRUE(EventsAfter(*server, reader, cursor).empty());

  // Paging, filters and auth on the events API.
  json first = Get(*server, "/api/v1/events?limit=1", reader);
  ASSERT_EQ(first["items"].size(), 1u);
  json second = Get(*server, "/api/v1/events?limit=1&after=" + std::to_string(first["next_after"].get<int>()), reader);
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_GT(second["items"][0]["id"].get<int>(), first["items"][0]["id"].get<int>());
  EXPECT_EQ(Get(*server, "/api/v1/events?type=finding.resolved", reader)["items"].size(), 2u);
  EXPECT_EQ(Get(*server, "/api/v1/events?type=finding.new,policy.changed&repository=test/pip", reader)["items"].size(),
            2u);
  EXPECT_TRUE(Get(*server, "/api/v1/events?repository=test/gomod", reader)["items"].empty());
  for (const char* bad : {"/api/v1/events?after=-1", "/api/v1/events?after=x", "/api/v1/events?limit=0",
                          "/api/v1/events?limit=5000", "/api/v1/events?type=DROP%20TABLE",
                          "/api/v1/events?digest=nope"}) {
    Get(*server, bad, reader, 400);
  }
  auto anonymous = server->Client()->Get("/api/v1/events");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

TEST_P(MonitorServerTest, AScheduledDbUpdateFromAMirrorIsANewGeneration) {
  Install(BuildGeneration("full", {}));
  const std::string reader = CreateToken(store_, "read");
  const std::string admin = CreateToken(store_, "admin");
  const std::string mirror = dir_ + "/mirror";
  fs::create_directories(mirror);
  auto server = Start({"--db-update-interval", "1s", "--db-mirror", mirror});
  ASSERT_TRUE(server->Up());
  Ingest(*server, "pip", admin);
  WaitForGenerations(*server, reader, 1);
  // The mirror publishes a DB without the Flask advisory (db build leaves drydock.db.zst beside its output).
  BuildGeneration("published", {kFlaskRecord}, mirror + "/drydock.db");
  WaitForGenerations(*server, reader, 2);
  EXPECT_EQ(EventsAfter(*server, reader, 0),
            (std::multiset<std::string>{"finding.resolved test/pip CVE-2023-30861", "policy.changed test/pip pass"}));
}

}  // namespace
}  // namespace drydock::e2e
