// drydock server as a process, against a real docker-registry on loopback and a DB from real GHSA and Alpine
// records: scans through the job queue, stored reports equal to the CLI's, incident-response queries, auth,
// hostile requests, restarts and a kill -9'd worker. Every test runs twice, with the same assertions: on a
// SQLite store and on a PostgreSQL one (a throwaway cluster, tests/postgres_fixture).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <set>
#include <thread>

#include "cli_runner.h"
#include "postgres_fixture.h"
#include "registry_fixture.h"
#include "server_fixture.h"

namespace drydock::e2e {
namespace {

using json = nlohmann::json;

const std::string kAlpineRepository = "drydock-test/alpine";

// Sends `request` as is on a fresh connection and returns what comes back before the server closes it.
std::string RawRequest(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    // Shorter than httplib's 5 s read timeout: a refusal must come from the headers, not after waiting for a
    // body that never comes (httplib alone skips the whole announced body before it answers 413).
    timeval timeout{.tv_sec = 3, .tv_usec = 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return response;
}

// The store URL for a new store named `name` on `engine`: a SQLite file, or a new database in the test
// binary's PostgreSQL cluster.
std::string NewStore(const std::string& engine, const std::string& name) {
  if (engine == "sqlite") return "sqlite:" + TempDirectory() + "/" + name + "/store.db";
  PostgresCluster& cluster = PostgresCluster::Shared();
  EXPECT_TRUE(cluster.Up()) << cluster.Error();
  return cluster.NewDatabase(name);
}

class ServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  // One store, its tokens and a server per engine, kept for the test binary.
  struct Engine {
    std::string store, admin, reader, scanner;
    std::unique_ptr<ServerProcess> server;
    std::map<std::string, std::string> scanned;  // image -> digest
  };

  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);  // a server that closes early must fail a write, not end the test binary
    registry_ = std::make_unique<Registry>("server");
    if (!registry_->Up()) return;
    registry_->Push("1.0");
    registry_->Push("latest");
    // skopeo reads docker-archive tars only uncompressed.
    const std::string alpine = TempDirectory() + "/server-alpine-310.tar";
    Shell("zcat " + TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz") + " > " + alpine);
    registry_->Push("3.10", "", "docker-archive:" + alpine, kAlpineRepository);
    db_ = TempDirectory() + "/server.db";
    auto built = RunDrydock("db build --osv " + TestData("github+advisory-database/advisories") + " --secdb " +
                            TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " -o " + db_);
    EXPECT_EQ(built.exit_code, 0) << built.err;
  }
  static void TearDownTestSuite() {
    engines_.clear();
    registry_.reset();
  }
  std::vector<std::string> Args(int workers, const std::string& store = "", int lease_seconds = 30,
                                bool no_cache = false) const {
    std::vector<std::string> args = {"--store", store.empty() ? store_ : store, "--db", db_, "--workers",
                                     std::to_string(workers), "--max-body", std::to_string(1 << 20),
                                     "--job-lease", std::to_string(lease_seconds), "--token-cache-ttl", "500ms"};
    if (no_cache) {
      args.push_back("--no-cache");
    } else {
      args.insert(args.end(), {"--cache-dir", TempDirectory() + "/server-cache"});
    }
    return args;
  }
  void SetUp() override {
    ASSERT_TRUE(registry_->Up());
    std::unique_ptr<Engine>& engine = engines_[GetParam()];
    if (!engine) {
      engine = std::make_unique<Engine>();
      engine->store = store_ = NewStore("server_store");
      ASSERT_FALSE(store_.empty());
      engine->admin = CreateToken(store_, "admin");
      engine->reader = CreateToken(store_, "read");
      engine->scanner = CreateToken(store_, "scan");
      engine->server = std::make_unique<ServerProcess>(Args(2), "main-" + GetParam());
    }
    engine_ = engine.get();
    store_ = engine->store;
    admin_ = engine->admin;
    reader_ = engine->reader;
    scanner_ = engine->scanner;
    server_ = engine->server.get();
    ASSERT_FALSE(admin_.empty());
    ASSERT_TRUE(server_->Up()) << server_->Log();
    client_ = server_->Client();
  }
  std::string NewStore(const std::string& name) const { return drydock::e2e::NewStore(GetParam(), name); }

  // POST /scans for `image`; the finished job's JSON.
  json Scan(const std::string& image, httplib::Client& client) {
    auto res = client.Post("/api/v1/scans", Bearer(scanner_), json{{"image", image}}.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 202) << res->body;
    json accepted = json::parse(res->body);
    return WaitForJob(client, reader_, accepted["job_id"].get<std::int64_t>());
  }
  // The digest a scan of `image` stored, scanning it once per test binary and engine.
  std::string Scanned(const std::string& image) {
    std::map<std::string, std::string>& digests = engine_->scanned;
    if (auto it = digests.find(image); it != digests.end()) return it->second;
    json job = Scan(image, *client_);
    EXPECT_EQ(job["state"], "done") << job.dump() << server_->Log();
    return digests[image] = job.value("image_digest", "");
  }
  httplib::Result Get(const std::string& path, const std::string& token = "") {
    return client_->Get(path, Bearer(token.empty() ? reader_ : token));
  }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::string db_;
  static inline std::map<std::string, std::unique_ptr<Engine>> engines_;
  Engine* engine_ = nullptr;
  ServerProcess* server_ = nullptr;
  std::string store_, admin_, reader_, scanner_;
  std::unique_ptr<httplib::Client> client_;
};

INSTANTIATE_TEST_SUITE_P(Engines, ServerTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST_P(ServerTest, EveryRouteButHealthNeedsAToken) {
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
  EXPECT_EQ(client_->Get("/readyz")->status, 200);
  auto none = client_->Get("/api/v1/images");
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(json::parse(none->body)["error"]["code"], "unauthorized");
  const std::string wrong = "ddk_" + std::string(64, '0');
  EXPECT_EQ(client_->Get("/api/v1/images", Bearer(wrong))->status, 401);
  EXPECT_EQ(client_->Get("/metrics")->status, 401);
  // A read token cannot ask for work or delete; a scan token cannot delete.
  auto post = client_->Post("/api/v1/scans", Bearer(reader_), R"({"image":"x/y:1"})", "application/json");
  EXPECT_EQ(post->status, 403);
  EXPECT_EQ(client_->Delete("/api/v1/images/sha256:" + std::string(64, 'a'), Bearer(scanner_))->status, 403);
  // The refusals are logged, and no token is ever in the log.
  std::string log = server_->Log();
  EXPECT_NE(log.find("401 GET /api/v1/images"), std::string::npos) << log;
  for (const std::string& token : {wrong, admin_, reader_, scanner_}) EXPECT_EQ(log.find(token), std::string::npos);
}

TEST_P(ServerTest, ARevokedTokenStopsWorkingWithinTheCacheTtl) {
  const std::string token = CreateToken(store_, "read");
  ASSERT_EQ(Get("/api/v1/images", token)->status, 200);  // known now, and remembered for --token-cache-ttl
  auto revoked = RunDrydock("server token revoke " + token + " --store " + store_);
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(RunDrydock("server token revoke " + token + " --store " + store_).exit_code, 3);  // gone already
  // The server was started with --token-cache-ttl 500ms: the token is refused within that (polled for 5 s so a
  // slow machine does not fail the test; a cache that never expires would).
  int status = 0;
  for (int i = 0; i < 100 && status != 401; ++i) {
    status = Get("/api/v1/images", token)->status;
    if (status != 401) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 401);
  EXPECT_EQ(Get("/api/v1/images")->status, 200);  // the other tokens still work
}

TEST_P(ServerTest, ABrowsersAcceptEncodingGetsGzipNotBrotli) {
  // httplib would answer "br" with brotli at quality 11 (480 ms for a 143 KB report); gzip is what it must pick.
  const std::string digest = Scanned(registry_->Reference("1.0"));
  httplib::Headers browser = Bearer(reader_);
  browser.emplace("Accept-Encoding", "gzip, deflate, br, zstd");
  auto compressed = client_->Get("/api/v1/images/" + digest, browser);
  ASSERT_TRUE(compressed);
  ASSERT_EQ(compressed->status, 200) << compressed->body;
  EXPECT_EQ(compressed->get_header_value("Content-Encoding"), "gzip");
  httplib::Headers plain = Bearer(reader_);
  plain.emplace("Accept-Encoding", "identity");
  auto uncompressed = client_->Get("/api/v1/images/" + digest, plain);
  ASSERT_TRUE(uncompressed);
  EXPECT_FALSE(uncompressed->has_header("Content-Encoding"));
  EXPECT_EQ(json::parse(compressed->body), json::parse(uncompressed->body));  // the client inflated it
  EXPECT_GT(uncompressed->body.size(), 10'000u);  // a real report, worth compressing
}

TEST_P(ServerTest, AStoredReportIsTheCliReport) {
  const std::string image = registry_->Reference("1.0");
  const std::string digest = Scanned(image);
  ASSERT_TRUE(digest.starts_with("sha256:")) << digest;
  auto res = Get("/api/v1/images/" + digest);
  ASSERT_EQ(res->status, 200) << res->body;
  json stored = json::parse(res->body);
  auto cli = RunDrydock("image " + image + " --db " + db_ + " --no-cache -f json -q");
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  json direct = json::parse(cli.out);
  EXPECT_EQ(stored["schema_version"], 1);
  EXPECT_EQ(stored["packages"], direct["packages"]);
  EXPECT_EQ(stored["vulnerabilities"], direct["vulnerabilities"]);
  EXPECT_FALSE(stored["vulnerabilities"].empty());
  EXPECT_EQ(stored["artifact"]["digest"], digest);
}

TEST_P(ServerTest, ImagesAreListedWithEveryTag) {
  const std::string digest = Scanned(registry_->Reference("1.0"));
  EXPECT_EQ(Scanned(registry_->Reference("latest")), digest);  // same manifest, second tag
  auto res = Get("/api/v1/images?limit=1000");
  ASSERT_EQ(res->status, 200) << res->body;
  json images = json::parse(res->body)["items"];
  json app;
  for (const json& image : images) {
    if (image["digest"] == digest) app = image;
  }
  ASSERT_FALSE(app.is_null()) << images.dump();
  const std::string repository = registry_->Host() + "/" + kRepository;
  EXPECT_EQ(app["tags"], json::array({repository + ":1.0", repository + ":latest"}));
  EXPECT_GT(app["packages"].get<int>(), 100);
}

TEST_P(ServerTest, AffectedFindsExactlyTheImagesThatHaveTheFinding) {
  const std::string app = Scanned(registry_->Reference("1.0"));
  const std::string alpine = Scanned(registry_->Reference("3.10", kAlpineRepository));
  ASSERT_FALSE(alpine.empty());
  // Each image's own report says which findings it has; affected must agree for one of each.
  auto report = [&](const std::string& digest) { return json::parse(Get("/api/v1/images/" + digest)->body); };
  json app_report = report(app), alpine_report = report(alpine);
  // Alpine 3.10.4's packages are all fixed in its secdb: it must show up for none of the app's findings.
  ASSERT_FALSE(app_report["vulnerabilities"].empty());
  EXPECT_EQ(alpine_report["packages"].size(), 14u);
  for (const json& finding : {app_report["vulnerabilities"][0], app_report["vulnerabilities"].back()}) {
    const std::string id = finding["id"];
    std::set<std::string> want;
    for (auto& [digest, r] : {std::pair{app, app_report}, {alpine, alpine_report}}) {
      for (const json& f : r["vulnerabilities"]) {
        if (f["id"] == id) want.insert(digest);
      }
    }
    auto res = Get("/api/v1/vulnerabilities/" + id + "/affected");
    ASSERT_EQ(res->status, 200) << res->body;
    std::set<std::string> got;
    const json body = json::parse(res->body);  // kept: a range-for over a temporary's member would dangle
    for (const json& hit : body["items"]) {
      got.insert(hit["digest"]);
      EXPECT_EQ(hit["package"], finding["package_name"]);
      EXPECT_FALSE(hit["tags"].empty());
    }
    EXPECT_EQ(got, want) << id;
  }
  // By alias: a GHSA finding is found by its CVE.
  for (const json& f : app_report["vulnerabilities"]) {
    if (f["aliases"].empty()) continue;
    auto res = Get("/api/v1/vulnerabilities/" + f["aliases"][0].get<std::string>() + "/affected");
    ASSERT_EQ(res->status, 200);
    EXPECT_FALSE(json::parse(res->body)["items"].empty()) << f.dump();
    break;
  }
  EXPECT_TRUE(json::parse(Get("/api/v1/vulnerabilities/CVE-1999-0001/affected")->body)["items"].empty());
}

TEST_P(ServerTest, QueryCommandsPrintTheServersAnswersAsTables) {
  const std::string app = Scanned(registry_->Reference("1.0"));
  json report = json::parse(Get("/api/v1/images/" + app)->body);
  ASSERT_FALSE(report["vulnerabilities"].empty());
  const std::string id = report["vulnerabilities"][0]["id"];
  const std::string common = " --server " + server_->Url() + " --token " + reader_;
  auto affected = RunDrydock("query affected " + id + common);
  ASSERT_EQ(affected.exit_code, 0) << affected.err;
  EXPECT_NE(affected.out.find(app.substr(0, 19)), std::string::npos) << affected.out;
  EXPECT_NE(affected.out.find(registry_->Host() + "/" + kRepository + ":1.0"), std::string::npos) << affected.out;
  auto package = RunDrydock("query package pkg:npm/lodash --range '>=1.0'" + common);
  ASSERT_EQ(package.exit_code, 0) << package.err;
  EXPECT_NE(package.out.find("lodash"), std::string::npos) << package.out;
  auto refused = RunDrydock("query affected " + id + " --server " + server_->Url() + " --token wrong");
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("401"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("wrong"), std::string::npos) << "a token is never echoed";
}

TEST_P(ServerTest, PackagesByPurlAndVersionRange) {
  const std::string app = Scanned(registry_->Reference("1.0"));
  json packages = json::parse(Get("/api/v1/images/" + app)->body)["packages"];
  std::string version;
  for (const json& p : packages) {
    if (p["name"] == "lodash" && p["ecosystem"] == "npm") version = p["version"];
  }
  ASSERT_FALSE(version.empty()) << "the app image holds lodash";
  auto digests_for = [&](const std::string& query) {
    auto res = Get("/api/v1/packages?" + query);
    EXPECT_EQ(res->status, 200) << res->body;
    std::set<std::string> out;
    const json body = json::parse(res->body);
    for (const json& hit : body["items"]) out.insert(hit["digest"]);
    return out;
  };
  EXPECT_TRUE(digests_for("purl=pkg:npm/lodash").contains(app));
  EXPECT_TRUE(digests_for("purl=pkg:npm/lodash&range=%3C%3D" + version).contains(app));   // <= version
  EXPECT_TRUE(digests_for("purl=pkg:npm/lodash&range=%3E%3D" + version).contains(app));   // >= version
  EXPECT_FALSE(digests_for("purl=pkg:npm/lodash&range=%3C" + version).contains(app));     // < version
  EXPECT_FALSE(digests_for("purl=pkg:npm/lodash&range=%3E" + version).contains(app));     // > version
  EXPECT_TRUE(digests_for("purl=pkg:npm/lodash&range=%3C4.17.21").contains(app)) << version;  // GHSA's fixed one
  EXPECT_TRUE(digests_for("purl=pkg:npm/lodash@0.0.1&range=%3E%3D1.0.0,%3C99").contains(app));  // version in purl ignored
  EXPECT_EQ(Get("/api/v1/packages?purl=pkg:npm/lodash&range=%3C")->status, 400);
}

TEST_P(ServerTest, HostileRequestsGetClear4xxAndTheServerKeepsServing) {
  struct Case {
    std::string what;
    httplib::Result result;
    int status;
  };
  // A 5 GB upload is refused from its Content-Length, before a byte of it is sent.
  const std::string huge = RawRequest(server_->port(), "POST /api/v1/sboms HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                      "Authorization: Bearer " + scanner_ + "\r\nContent-Type: application/json\r\n"
                                      "Content-Length: 5368709120\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(huge.starts_with("HTTP/1.1 413")) << huge;
  EXPECT_NE(huge.find("too_large"), std::string::npos) << huge;
  // Chunked bodies have no Content-Length to judge: they are bounded while read (a scan request is at most
  // 64 KiB), and refused outright (411) by a route that does not read through the bound.
  std::string chunked = "POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + scanner_ +
                        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  for (int i = 0; i < 40; ++i) chunked += "1000\r\n" + std::string(0x1000, ' ') + "\r\n";  // 160 KiB of spaces
  chunked += "0\r\n\r\n";
  const std::string bounded = RawRequest(server_->port(), chunked);
  EXPECT_TRUE(bounded.starts_with("HTTP/1.1 413")) << bounded;
  EXPECT_NE(bounded.find("over the limit of 65536 bytes"), std::string::npos) << bounded;
  const std::string unbounded = RawRequest(server_->port(), "DELETE /api/v1/images/sha256:" + std::string(64, 'a') +
                                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin_ +
                                           "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                           "5\r\nhello\r\n0\r\n\r\n");
  EXPECT_TRUE(unbounded.starts_with("HTTP/1.1 411")) << unbounded;
  const std::string compressed = RawRequest(server_->port(), "DELETE /api/v1/images/sha256:" + std::string(64, 'a') +
                                            " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin_ +
                                            "\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\nConnection: close"
                                            "\r\n\r\nhello");
  EXPECT_TRUE(compressed.starts_with("HTTP/1.1 415")) << compressed;
  std::vector<Case> cases;
  cases.push_back({"truncated", client_->Post("/api/v1/scans", Bearer(scanner_), R"({"image": "reg/x)", "application/json"), 400});
  cases.push_back({"not an object", client_->Post("/api/v1/scans", Bearer(scanner_), "[1,2]", "application/json"), 400});
  cases.push_back({"deep", client_->Post("/api/v1/scans", Bearer(scanner_), std::string(5000, '[') + std::string(5000, ']'), "application/json"), 400});
  cases.push_back({"bad reference", client_->Post("/api/v1/scans", Bearer(scanner_), R"({"image": "UPPER/Case:!"})", "application/json"), 400});
  cases.push_back({"bad platform", client_->Post("/api/v1/scans", Bearer(scanner_), R"({"image": "a/b:1", "platform": "../../x y"})", "application/json"), 400});
  // "%2F" decodes to '/', so these reach no route at all; ".." alone reaches one and is refused as an id.
  cases.push_back({"path id", Get("/api/v1/images/..%2F..%2Fetc%2Fpasswd"), 404});
  cases.push_back({"dot id", Get("/api/v1/images/.."), 400});
  cases.push_back({"job id", Get("/api/v1/jobs/..%2F1"), 404});
  cases.push_back({"dot job id", Get("/api/v1/jobs/.."), 400});
  cases.push_back({"dot delete", client_->Delete("/api/v1/images/..", Bearer(admin_)), 400});
  cases.push_back({"unknown job", Get("/api/v1/jobs/999999"), 404});
  cases.push_back({"unknown image", Get("/api/v1/images/sha256:" + std::string(64, 'f')), 404});
  cases.push_back({"advisory id", Get("/api/v1/vulnerabilities/..%2Fx/affected"), 404});
  cases.push_back({"advisory chars", Get("/api/v1/vulnerabilities/CVE%20'1/affected"), 400});
  cases.push_back({"cursor", Get("/api/v1/images?cursor=1;DROP"), 400});
  cases.push_back({"limit", Get("/api/v1/images?limit=100000"), 400});
  cases.push_back({"purl", Get("/api/v1/packages?purl=lodash"), 400});
  cases.push_back({"unknown route", Get("/api/v1/nothing"), 404});
  // An empty body would mean "read the file named by ?name=" to the scanner: refused.
  cases.push_back({"empty sbom", client_->Post("/api/v1/sboms?name=/etc/passwd", Bearer(scanner_), "", "application/json"), 400});
  cases.push_back({"malformed sbom", client_->Post("/api/v1/sboms", Bearer(scanner_), R"({"bomFormat": "CycloneDX", "components": [)", "application/json"), 400});
  for (const Case& c : cases) {
    ASSERT_TRUE(c.result) << c.what;
    EXPECT_EQ(c.result->status, c.status) << c.what << ": " << c.result->body;
    if (c.result->status >= 400) {
      json body = json::parse(c.result->body, nullptr, false);
      EXPECT_TRUE(body.contains("error")) << c.what << ": " << c.result->body;
    }
  }
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
  EXPECT_EQ(Get("/api/v1/images")->status, 200);
}

TEST_P(ServerTest, AnSbomIsStoredLikeAScannedImage) {
  auto cli = RunDrydock("image " + TestData("images/debian12-app.docker.tar.gz") + " --skip-db -f cyclonedx -q");
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  auto res = client_->Post("/api/v1/sboms?name=app-ci", Bearer(scanner_), cli.out, "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  json created = json::parse(res->body);
  json components = json::parse(cli.out)["components"];
  EXPECT_EQ(created["packages"], components.size());
  EXPECT_GT(created["vulnerabilities"].get<int>(), 0);  // matched by the server's DB
  auto stored = Get("/api/v1/images/" + created["digest"].get<std::string>());
  ASSERT_EQ(stored->status, 200);
  EXPECT_EQ(json::parse(stored->body)["artifact"]["type"], "sbom");
}

TEST_P(ServerTest, TheCliSendsItsInventoryAndTheServerMatchesIt) {
  // A CI job scans the local archive without a DB; the server matches the inventory with its own and keeps it.
  const std::string archive = TestData("images/debian12-app.docker.tar.gz");
  auto sent = RunDrydock("image " + archive + " --skip-db -f json -q --server " + server_->Url() + " --token " +
                         scanner_);
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  json local = json::parse(sent.out);
  const std::string digest = local["artifact"]["digest"];
  auto res = Get("/api/v1/images/" + digest);
  ASSERT_EQ(res->status, 200) << res->body;
  json stored = json::parse(res->body);
  EXPECT_EQ(stored["packages"].size(), local["packages"].size());
  EXPECT_FALSE(stored["vulnerabilities"].empty());  // matched on the server, though the CLI had no DB
  auto refused = RunDrydock("image " + archive + " --skip-db -q -o /dev/null --server " + server_->Url() + " --token " + reader_);
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("403"), std::string::npos) << refused.err;
}

// Naming the digest an SBOM is stored under claims to be that image's inventory: never over the scan of the
// image itself (an empty SBOM there would hide every finding from the queries), whoever sends it.
TEST_P(ServerTest, AnSbomUnderAnImagesDigestNeverReplacesItsScan) {
  const std::string app = Scanned(registry_->Reference("1.0"));
  const std::string before = Get("/api/v1/images/" + app)->body;
  const std::string empty_bom = R"({"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[]})";
  for (const std::string& token : {scanner_, admin_}) {
    auto conflict = client_->Post("/api/v1/sboms?digest=" + app, Bearer(token), empty_bom, "application/json");
    ASSERT_TRUE(conflict);
    EXPECT_EQ(conflict->status, 409) << conflict->body;
    EXPECT_NE(conflict->body.find("container image"), std::string::npos) << conflict->body;
  }
  EXPECT_TRUE(Get("/api/v1/images/" + app)->body == before) << "the scanned image's report was replaced";
  const std::string fresh = "sha256:" + std::string(63, '0') + "1";
  auto stored = client_->Post("/api/v1/sboms?digest=" + fresh, Bearer(scanner_), empty_bom, "application/json");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 201) << stored->body;
  EXPECT_EQ(client_->Delete("/api/v1/images/" + fresh, Bearer(admin_))->status, 204);
}

// "Which images have X" answers whatever spelling X is asked in: a scope's '@' plain or encoded (httplib
// decodes %40 before the route sees it), PyPI names in any case, advisory ids in any case.
TEST_P(ServerTest, PackageAndAdvisoryQueriesIgnoreSpelling) {
  const std::string bom = R"({"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[
    {"type":"library","name":"PyYAML","version":"6.0","purl":"pkg:pypi/PyYAML@6.0"},
    {"type":"library","group":"@babel","name":"core","version":"7.0.0","purl":"pkg:npm/%40babel/core@7.0.0"}]})";
  auto res = client_->Post("/api/v1/sboms?name=spelling", Bearer(scanner_), bom, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const std::string digest = json::parse(res->body)["digest"];
  auto holders = [&](const std::string& purl) {
    auto found = Get("/api/v1/packages?purl=" + purl);
    EXPECT_EQ(found->status, 200) << purl << ": " << found->body;
    std::set<std::string> out;
    if (found->status != 200) return out;
    const json body = json::parse(found->body);  // kept: a loop over a temporary's member would dangle
    for (const json& hit : body["items"]) out.insert(hit["digest"]);
    return out;
  };
  for (const char* purl : {"pkg:pypi/pyyaml", "pkg:pypi/PyYAML", "pkg:pypi/PYYAML", "pkg:pypi/PyYAML@5.0",
                           "pkg:npm/%40babel/core", "pkg:npm/@babel/core", "pkg:npm/%2540babel/core",
                           "pkg:npm/@babel/core@7.0.0", "pkg:NPM/@Babel/Core"}) {
    EXPECT_TRUE(holders(purl).contains(digest)) << purl;
  }
  for (const char* unparsable : {"pkg:npm/", "pkg:npm", "pkg:/core", "pkg:npm/core%zz", "pkg:npm/a?x"}) {
    EXPECT_EQ(Get(std::string("/api/v1/packages?purl=") + unparsable)->status, 400) << unparsable;
  }
  EXPECT_EQ(client_->Delete("/api/v1/images/" + digest, Bearer(admin_))->status, 204);

  const std::string app = Scanned(registry_->Reference("1.0"));
  const json report = json::parse(Get("/api/v1/images/" + app)->body);
  ASSERT_FALSE(report["vulnerabilities"].empty());
  const json& finding = report["vulnerabilities"][0];  // one finding, by its id and an alias, is enough
  ASSERT_FALSE(finding["aliases"].empty());
  for (std::string id : {finding["id"].get<std::string>(), finding["aliases"][0].get<std::string>()}) {
    for (char& c : id) c = static_cast<char>(std::islower(static_cast<unsigned char>(c)) ? std::toupper(c) : std::tolower(c));
    const json affected = json::parse(Get("/api/v1/vulnerabilities/" + id + "/affected")->body);
    std::set<std::string> found;
    for (const json& hit : affected["items"]) found.insert(hit["digest"]);
    EXPECT_TRUE(found.contains(app)) << id;
  }
}

TEST_P(ServerTest, MetricsInPrometheusTextFormat) {
  Scanned(registry_->Reference("1.0"));
  auto res = Get("/metrics");
  ASSERT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Content-Type").find("version=0.0.4"), std::string::npos);
  for (const char* line : {"# TYPE drydock_jobs gauge", "drydock_jobs{state=\"done\"}", "drydock_job_duration_seconds_bucket{le=\"+Inf\"}",
                           "# TYPE drydock_findings gauge", "drydock_db_age_seconds", "drydock_images "}) {
    EXPECT_NE(res->body.find(line), std::string::npos) << line << "\n" << res->body;
  }
}

TEST_P(ServerTest, AQueuedJobSurvivesARestart) {
  const std::string store = NewStore("restart");
  const std::string token = CreateToken(store, "admin");
  std::int64_t id = 0;
  {
    ServerProcess api_only(Args(0, store), "api-only");
    ASSERT_TRUE(api_only.Up()) << api_only.Log();
    auto res = api_only.Client()->Post("/api/v1/scans", Bearer(token),
                                       json{{"image", registry_->Reference("3.10", kAlpineRepository)}}.dump(), "application/json");
    ASSERT_EQ(res->status, 202);
    id = json::parse(res->body)["job_id"];
    EXPECT_EQ(api_only.Stop(), 0);
  }
  ServerProcess worker(Args(1, store), "restarted");
  ASSERT_TRUE(worker.Up()) << worker.Log();
  json job = WaitForJob(*worker.Client(), token, id);
  EXPECT_EQ(job["state"], "done") << job.dump() << worker.Log();
}

TEST_P(ServerTest, AKilledWorkersJobIsFinishedByAnother) {
  const std::string store = NewStore("kill");
  const std::string token = CreateToken(store, "admin");
  std::int64_t id = 0;
  {
    ServerProcess doomed(Args(1, store, 2, /*no_cache=*/true), "doomed");  // a cold pull: ~1 s of work to interrupt
    ASSERT_TRUE(doomed.Up()) << doomed.Log();
    auto client = doomed.Client();
    auto res = client->Post("/api/v1/scans", Bearer(token), json{{"image", registry_->Reference("1.0")}}.dump(),
                            "application/json");
    ASSERT_EQ(res->status, 202);
    id = json::parse(res->body)["job_id"];
    // Killed as soon as it has claimed the job, before it can finish or hand it back.
    for (int i = 0; i < 400; ++i) {
      auto job = client->Get("/api/v1/jobs/" + std::to_string(id), Bearer(token));
      if (job && json::parse(job->body)["state"] != "queued") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    doomed.Kill9();
  }
  ServerProcess rescuer(Args(1, store, 2), "rescuer");
  ASSERT_TRUE(rescuer.Up()) << rescuer.Log();
  json job = WaitForJob(*rescuer.Client(), token, id, 60);
  EXPECT_EQ(job["state"], "done") << job.dump() << rescuer.Log();
  EXPECT_EQ(job["attempts"], 2);  // the killed worker's claim, then the rescuer's
}

}  // namespace
}  // namespace drydock::e2e
