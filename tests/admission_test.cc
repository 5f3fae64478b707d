// The admission webhook end to end: `drydock server` over HTTPS (a CA and certificate made with openssl), a real
// docker-registry holding images signed the way cosign stores signatures (tests/sigstore/attach.py, an openssl
// P-256 key), scans stored through the job queue, and AdmissionReview documents shaped as the API server sends
// them (tests/data/admission: a Pod, a Deployment with init containers, a CronJob).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "registry_fixture.h"
#include "server_fixture.h"

namespace drydock::e2e {
namespace {

using json = nlohmann::json;

const std::string kSource = DRYDOCK_SOURCE_DIR;

json Template(const std::string& name) {
  std::ifstream in(kSource + "/tests/data/admission/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// A review from one of the API server's documents, its containers' images replaced in spec order.
json Review(const std::string& name, const std::vector<std::string>& images, const std::string& namespace_name = "") {
  json review = Template(name);
  json& object = review["request"]["object"];
  json* spec = &object["spec"];
  if (object["kind"] == "CronJob") spec = &object["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  if (object["kind"] == "Deployment") spec = &object["spec"]["template"]["spec"];
  std::size_t next = 0;
  for (const char* field : {"initContainers", "containers"}) {
    if (!spec->contains(field)) continue;
    for (json& container : (*spec)[field]) container["image"] = images.at(next++);
  }
  EXPECT_EQ(next, images.size()) << name;
  if (!namespace_name.empty()) review["request"]["namespace"] = namespace_name;
  return review;
}

class AdmissionWebhook : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    registry_ = std::make_unique<Registry>("admission");
    if (!registry_->Up()) return;
    dir_ = TempDirectory() + "/admission";
    MakeServerCertificate(dir_ + "/tls");
    Shell("cd " + dir_ + " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out cosign.pem 2>/dev/null"
          " && openssl pkey -in cosign.pem -pubout -out cosign.pub");
    const std::string alpine310 = dir_ + "/alpine-310.tar", alpine311 = dir_ + "/alpine-311.tar";
    Shell("zcat " + TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz") + " > " + alpine310);
    Shell("zcat " + TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-311.tar.gz") + " > " + alpine311);
    registry_->Push("3.10", "", "docker-archive:" + alpine310, "shop/base");
    registry_->Push("1", "", "", "shop/app");  // the Debian app image: lodash, minimist, ... with known advisories
    registry_->Push("1", "", "docker-archive:" + alpine311, "shop/unsigned");
    registry_->Push("1", "", "oci-archive:" + TestData("images/many-files.oci.tar"), "shop/fresh");
    for (const char* repo : {"shop/base", "shop/app", "shop/fresh"}) Sign(repo, repo == std::string("shop/base") ? "3.10" : "1");
    std::ofstream(dir_ + "/rules.yaml") << R"(rules:
  - id: POL-REG-001
    severity: HIGH
    message: images come from the cluster's registry
    allowed_registries: ["127.0.0.1:*"]
  - id: POL-VULN-001
    severity: CRITICAL
    message: no HIGH or CRITICAL vulnerabilities
    max_vulnerabilities: {CRITICAL: 0, HIGH: 0}
  - id: POL-SIG-001
    severity: HIGH
    message: signed by the release key
    require_signature: true
  - id: POL-ROOT-001
    severity: LOW
    message: should not run as root
    no_root: true
    action: warn
)";
    std::ofstream(dir_ + "/admission.yaml") << "policy: rules.yaml\nunknown_images: deny\n"
                                               "exclude_namespaces: [kube-system, security]\n"
                                               "signatures: {keys: [cosign.pub]}\ndeadline_ms: 8000\n"
                                               "negative_cache_seconds: 1\ncluster: test\n";
    std::ofstream(dir_ + "/admission-warn.yaml") << "policy: rules.yaml\nunknown_images: warn\n"
                                                    "signatures: {keys: [cosign.pub]}\ndeadline_ms: 8000\n";
    std::ofstream(dir_ + "/admission-fast.yaml") << "policy: rules.yaml\ndeadline_ms: 300\n";
    db_ = dir_ + "/admission.db";
    auto built = RunDrydock("db build --osv " + TestData("github+advisory-database/advisories") + " --secdb " +
                            TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " -o " + db_);
    EXPECT_EQ(built.exit_code, 0) << built.err;
    store_ = "sqlite:" + dir_ + "/store/store.db";
    admin_ = CreateToken(store_, "admin");
    webhook_ = CreateToken(store_, "scan");
    MakeClientCertificates(dir_ + "/clients");
    std::vector<std::string> args = Args(store_, "admission.yaml", 1);
    args.insert(args.end(), {"--admission-client-ca", dir_ + "/clients/client-ca.pem"});
    server_ = std::make_unique<ServerProcess>(args, "admission", dir_ + "/tls/ca.pem");
  }
  static void TearDownTestSuite() {
    server_.reset();
    registry_.reset();
  }
  // The API server's client certificate (issued by client-ca.pem, for clientAuth), and a stranger's (self-signed).
  static void MakeClientCertificates(const std::string& dir) {
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
    Shell("mkdir -p " + dir + " && cd " + dir + " && openssl req -x509" + ec +
          " -days 2 -subj /CN=apiserver-client-ca -keyout client-ca-key.pem -out client-ca.pem 2>/dev/null"
          " && openssl req" + ec + " -subj /CN=kube-apiserver -keyout apiserver-key.pem -out apiserver.csr 2>/dev/null"
          " && printf 'extendedKeyUsage=clientAuth\\n' > ext.cnf"
          " && openssl x509 -req -in apiserver.csr -CA client-ca.pem -CAkey client-ca-key.pem -CAcreateserial"
          " -days 2 -extfile ext.cnf -out apiserver.pem 2>/dev/null"
          " && openssl req -x509" + ec + " -days 2 -subj /CN=stranger -keyout stranger-key.pem -out stranger.pem 2>/dev/null");
  }
  static void Sign(const std::string& repo, const std::string& tag) {
    std::string digest = Shell("skopeo inspect --tls-verify=false --raw docker://" + registry_->Reference(tag, repo) +
                               " | sha256sum | cut -c1-64");
    Shell("python3 " + kSource + "/tests/sigstore/attach.py sig " + registry_->Host() + " " + repo + " sha256:" +
          digest.substr(0, 64) + " " + dir_ + "/cosign.pem");
  }
  static std::vector<std::string> Args(const std::string& store, const std::string& policy, int workers) {
    return {"--store", store, "--db", db_, "--workers", std::to_string(workers), "--no-cache",
            "--tls-cert", dir_ + "/tls/server.pem", "--tls-key", dir_ + "/tls/server-key.pem",
            "--admission-policy", dir_ + "/" + policy};
  }
  void SetUp() override {
    ASSERT_TRUE(registry_->Up());
    ASSERT_TRUE(server_ && server_->Up()) << (server_ ? server_->Log() : "");
    client_ = server_->Client();
  }

  // The digest a scan of `image` stored, scanned through the job queue once per test process (ctest runs each
  // case in its own process: only the cases that need a stored scan pay for one).
  std::string Scanned(const std::string& image) {
    if (auto it = digests_.find(image); it != digests_.end()) return it->second;
    auto res = client_->Post("/api/v1/scans", Bearer(admin_), json{{"image", image}}.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 202) << (res ? res->body : "no answer");
    if (!res || res->status != 202) return "";
    json job = WaitForJob(*client_, admin_, json::parse(res->body)["job_id"].get<std::int64_t>(), 120);
    EXPECT_EQ(job["state"], "done") << job.dump() << server_->Log();
    return digests_[image] = job.value("image_digest", "");
  }

  // POSTs a review with a scan token (the main server's unless given); the response review's "response" object.
  static json Admit(httplib::Client& client, const json& review, const std::string& token = webhook_) {
    auto res = client.Post("/admission/v1/validate", Bearer(token), review.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    json answer = json::parse(res->body, nullptr, false);
    EXPECT_EQ(answer["apiVersion"], "admission.k8s.io/v1");
    EXPECT_EQ(answer["kind"], "AdmissionReview");
    EXPECT_EQ(answer["response"]["uid"], review["request"]["uid"]);
    return answer["response"];
  }
  json Admit(const json& review) { return Admit(*client_, review); }
  std::string Ref(const std::string& repo, const std::string& tag = "1") const { return registry_->Reference(tag, repo); }
  // A tests/data/admission/make_admission_images.py layout pushed as `repo`:1 and signed; the manifest the
  // registry holds (skopeo compresses the layers on the way, so the digests are the registry's, not the layout's).
  static json PushMade(const std::string& kind, const std::string& repo) {
    const std::string layout = dir_ + "/" + kind;
    Shell("python3 " + kSource + "/tests/data/admission/make_admission_images.py " + kind + " " + layout);
    registry_->Push("1", "", "oci:" + layout + ":1", repo, kind == "multiarch");
    Sign(repo, "1");
    return json::parse(Shell("skopeo inspect --tls-verify=false --raw docker://" + registry_->Reference("1", repo)));
  }
  static std::string Message(const json& response) { return response.value("status", json::object()).value("message", ""); }
  // The job a denial says it queued, waited for; then the denial's 1 s cache runs out.
  void WaitForQueuedScan(const std::string& message) {
    auto at = message.find("scan job ");
    ASSERT_NE(at, std::string::npos) << message;
    json job = WaitForJob(*client_, admin_, std::stoll(message.substr(at + 9)), 120);
    ASSERT_EQ(job["state"], "done") << job.dump();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::string dir_, db_, store_, admin_, webhook_;
  static inline std::map<std::string, std::string> digests_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(AdmissionWebhook, SignedCleanImageIsAllowedAndRecordedAsDeployed) {
  const std::string base = Ref("shop/base", "3.10");
  const std::string digest = Scanned(base);
  // A Pod: one container by tag, one pinned by digest.
  json response = Admit(Review("pod-create.json", {base, registry_->Host() + "/shop/base@" + digest}));
  EXPECT_EQ(response["allowed"], true) << response.dump();
  EXPECT_FALSE(response.contains("status"));
  // The warn rule (alpine runs as root) is a kubectl warning, not a denial.
  ASSERT_TRUE(response.contains("warnings")) << response.dump();
  EXPECT_NE(response["warnings"][0].get<std::string>().find("POL-ROOT-001"), std::string::npos) << response.dump();
  // Recorded as deployed: the workload, from admission, and the image listing says it runs.
  auto deployments = client_->Get("/api/v1/images/" + digest + "/deployments", Bearer(admin_));
  ASSERT_EQ(deployments->status, 200) << deployments->body;
  json rows = json::parse(deployments->body);
  EXPECT_EQ(rows["running"], true);
  bool found = false;
  for (const json& row : rows["items"]) {
    found = found || (row["namespace"] == "shop" && row["kind"] == "Pod" && row["name"] == "web-0" &&
                      row["source"] == "admission" && row["cluster"] == "test");
  }
  EXPECT_TRUE(found) << rows.dump();
  json images = json::parse(client_->Get("/api/v1/images", Bearer(admin_))->body);
  for (const json& image : images["items"]) {
    if (image["digest"] == digest) {
      EXPECT_EQ(image["running"], true);
    }
  }
}

// The GHSA records rate the app image's worst findings HIGH (none CRITICAL), so the threshold here is
// {CRITICAL: 0, HIGH: 0}: the same rule and code path as a CRITICAL over its limit.
TEST_F(AdmissionWebhook, FindingsOverThresholdAreDeniedNamingTheCve) {
  const std::string app = Ref("shop/app"), base = Ref("shop/base", "3.10");
  // The stored report says which worst finding there is (findings are sorted worst first), and its CVE.
  json report = json::parse(client_->Get("/api/v1/images/" + Scanned(app), Bearer(admin_))->body);
  std::string cve;
  for (const json& f : report["vulnerabilities"]) {
    if (f["severity"] != "CRITICAL" && f["severity"] != "HIGH") continue;
    cve = f["id"].get<std::string>().starts_with("CVE-") ? f["id"].get<std::string>() : "";
    for (const json& alias : f["aliases"]) {
      if (cve.empty() && alias.get<std::string>().starts_with("CVE-")) cve = alias;
    }
    break;
  }
  ASSERT_FALSE(cve.empty()) << "the app image has no HIGH or CRITICAL finding with a CVE";
  ASSERT_FALSE(Scanned(base).empty());  // the init containers' image is known and clean
  json response = Admit(Review("deployment-init-containers.json", {base, base, app, base}));
  EXPECT_EQ(response["allowed"], false) << response.dump();
  const std::string message = response["status"]["message"];
  EXPECT_NE(message.find("drydock denied Deployment shop/api"), std::string::npos) << message;
  EXPECT_NE(message.find("image " + app + " (container api): POL-VULN-001"), std::string::npos) << message;
  EXPECT_NE(message.find(cve), std::string::npos) << message;
  EXPECT_EQ(message.find("image " + base), std::string::npos) << message;  // the clean init containers pass
}

TEST_F(AdmissionWebhook, UnknownImageIsDeniedAScanQueuedThenAllowed) {
  const std::string fresh = Ref("shop/fresh");
  json response = Admit(Review("cronjob-create.json", {fresh}));
  EXPECT_EQ(response["allowed"], false) << response.dump();
  const std::string message = response["status"]["message"];
  EXPECT_NE(message.find("unknown_images: sha256:"), std::string::npos) << message;
  auto at = message.find("scan job ");
  ASSERT_NE(at, std::string::npos) << message;
  const std::int64_t job_id = std::stoll(message.substr(at + 9));
  json job = WaitForJob(*client_, admin_, job_id, 120);
  ASSERT_EQ(job["state"], "done") << job.dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the denial's 1 s cache runs out
  json again = Admit(Review("cronjob-create.json", {fresh}));
  EXPECT_EQ(again["allowed"], true) << again.dump();
}

TEST_F(AdmissionWebhook, WarnPolicyAdmitsUnknownImagesWithAWarning) {
  // A second server on its own store, no workers: nothing is scanned, so the image stays unknown.
  const std::string store = "sqlite:" + dir_ + "/store-warn/store.db";
  const std::string token = CreateToken(store, "admin");
  ServerProcess warn(Args(store, "admission-warn.yaml", 0), "admission-warn", dir_ + "/tls/ca.pem");
  ASSERT_TRUE(warn.Up()) << warn.Log();
  auto client = warn.Client();
  json response = Admit(*client, Review("cronjob-create.json", {Ref("shop/fresh")}), token);
  EXPECT_EQ(response["allowed"], true) << response.dump();
  ASSERT_EQ(response["warnings"].size(), 1u) << response.dump();
  const std::string warning = response["warnings"][0];
  EXPECT_NE(warning.find("unknown_images"), std::string::npos) << warning;
  const std::int64_t job_id = std::stoll(warning.substr(warning.find("scan job ") + 9));
  json job = json::parse(client->Get("/api/v1/jobs/" + std::to_string(job_id), Bearer(token))->body);
  EXPECT_EQ(job["state"], "queued") << job.dump();
  // A dry run is judged the same way but queues nothing.
  json dry = Review("pod-create.json", {Ref("shop/fresh"), Ref("shop/fresh")});
  dry["request"]["dryRun"] = true;
  json dry_response = Admit(*client, dry, token);
  EXPECT_EQ(dry_response["allowed"], true);
  EXPECT_NE(dry_response["warnings"][0].get<std::string>().find("no scan queued for a dry run"), std::string::npos)
      << dry_response.dump();
  // The unsigned image is still denied: warn is about unknown images, not about failed rules.
  EXPECT_EQ(Admit(*client, Review("cronjob-create.json", {Ref("shop/unsigned")}), token)["allowed"], false);
}

// A registry that accepts connections and never answers: the review is answered at the deadline, denied with a
// message saying why, long before the API server's timeoutSeconds.
TEST_F(AdmissionWebhook, DeadlineDeniesWhenTheRegistryStalls) {
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 16), 0);  // the kernel completes handshakes; nothing ever reads
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size), 0);
  const std::string stalled = "127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/shop/stalled:1";
  const std::string store = "sqlite:" + dir_ + "/store-fast/store.db";
  const std::string token = CreateToken(store, "scan");
  ServerProcess fast(Args(store, "admission-fast.yaml", 0), "admission-fast", dir_ + "/tls/ca.pem");
  ASSERT_TRUE(fast.Up()) << fast.Log();
  json response = Admit(*fast.Client(), Review("cronjob-create.json", {stalled}), token);
  ::close(listener);  // the stalled check fails now, so the server stops promptly
  EXPECT_EQ(response["allowed"], false) << response.dump();
  const std::string message = response["status"]["message"];
  EXPECT_NE(message.find("drydock denied CronJob finance/nightly-report: drydock could not decide within 300 ms"),
            std::string::npos) << message;
  EXPECT_NE(fast.Log().find("listening on https://"), std::string::npos);
}

// Each case here is one process with its own registry and server (ctest runs cases apart): denials that need no
// stored scan share one.
TEST_F(AdmissionWebhook, UnsignedOrDisallowedImagesAreDeniedOutsideExcludedNamespaces) {
  {  // an unsigned image
    json response = Admit(Review("cronjob-create.json", {Ref("shop/unsigned")}));
    EXPECT_EQ(response["allowed"], false) << response.dump();
    EXPECT_EQ(response["status"]["code"], 403);
    const std::string message = response["status"]["message"];
    EXPECT_NE(message.find("CronJob finance/nightly-report"), std::string::npos) << message;
    EXPECT_NE(message.find("image " + Ref("shop/unsigned")), std::string::npos) << message;
    EXPECT_NE(message.find("signatures: no valid signature"), std::string::npos) << message;
  }
  {  // a registry the policy does not allow: decided on the name alone
    const std::string hub = "docker.io/library/busybox@sha256:" + std::string(64, 'b');
    json response = Admit(Review("pod-create.json", {Ref("shop/base", "3.10"), hub}));
    EXPECT_EQ(response["allowed"], false) << response.dump();
    const std::string message = response["status"]["message"];
    EXPECT_NE(message.find("image " + hub + " (container sidecar): POL-REG-001"), std::string::npos) << message;
    EXPECT_NE(message.find("docker.io matches none"), std::string::npos) << message;
  }
  // kube-system is excluded: not judged at all
  json response = Admit(Review("cronjob-create.json", {Ref("shop/unsigned")}, "kube-system"));
  EXPECT_EQ(response["allowed"], true) << response.dump();
  EXPECT_FALSE(response.contains("warnings"));
}

TEST_F(AdmissionWebhook, MalformedOrOversizedReviewsAre400) {
  json pod = Review("pod-create.json", {Ref("shop/base", "3.10"), Ref("shop/base", "3.10")});
  json no_uid = pod;
  no_uid["request"].erase("uid");
  json configmap = pod;
  configmap["request"]["kind"]["kind"] = "ConfigMap";
  json huge = pod;
  huge["request"]["object"]["metadata"]["annotations"]["x"] = std::string(4 << 20, 'a');
  const std::pair<std::string, std::string> bad[] = {
      {"", "not JSON"},
      {"{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {", "not JSON"},
      {std::string(100000, '[') + std::string(100000, ']'), "nested deeper"},
      {no_uid.dump(), "no uid"},
      {configmap.dump(), "has no pod spec"},
      {huge.dump(), "at most 3145728"},
  };
  for (const auto& [body, why] : bad) {
    auto client = server_->Client();  // a fresh connection: a refused body leaves its own closed
    auto res = client->Post("/admission/v1/validate", Bearer(webhook_), body, "application/json");
    ASSERT_TRUE(res) << why;
    EXPECT_EQ(res->status, 400) << why << ": " << res->body.substr(0, 300);
    EXPECT_NE(res->body.find(why), std::string::npos) << res->body.substr(0, 300);
  }
  EXPECT_EQ(server_->Client()->Get("/healthz")->status, 200);  // still serving
  ASSERT_FALSE(Scanned(Ref("shop/base", "3.10")).empty());
  EXPECT_EQ(Admit(pod)["allowed"], true);
}

TEST_F(AdmissionWebhook, PodListingsMarkWhatRuns) {
  const std::string app = Scanned(Ref("shop/app"));
  std::ifstream in(kSource + "/tests/data/admission/pods.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string pods = text.str();
  for (std::size_t at; (at = pods.find("sha256:" + std::string(64, '1'))) != std::string::npos;) pods.replace(at, 71, app);
  auto res = client_->Post("/api/v1/deployments?cluster=prod", Bearer(admin_), pods, "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  json summary = json::parse(res->body);
  EXPECT_EQ(summary["pods"], 6);
  EXPECT_EQ(summary["images"], 6);
  EXPECT_EQ(summary["unresolved"], 1);
  json rows = json::parse(client_->Get("/api/v1/images/" + app + "/deployments", Bearer(admin_))->body);
  EXPECT_EQ(rows["running"], true);
  ASSERT_EQ(rows["items"].size(), 1u) << rows.dump();
  EXPECT_EQ(rows["items"][0]["kind"], "Deployment");
  EXPECT_EQ(rows["items"][0]["name"], "api");
  EXPECT_EQ(rows["items"][0]["cluster"], "prod");
  // The next listing no longer shows it: it stopped running, and is still listed.
  res = client_->Post("/api/v1/deployments?cluster=prod", Bearer(admin_), R"({"kind": "List", "items": []})",
                      "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  rows = json::parse(client_->Get("/api/v1/images/" + app + "/deployments", Bearer(admin_))->body);
  EXPECT_EQ(rows["running"], false);
  EXPECT_EQ(rows["items"].size(), 1u);
  // Bad listings and cluster names are refused; reading needs a token like any API route.
  EXPECT_EQ(client_->Post("/api/v1/deployments", Bearer(admin_), R"({"kind": "Pod"})", "application/json")->status, 400);
  EXPECT_EQ(client_->Post("/api/v1/deployments?cluster=../x", Bearer(admin_), pods, "application/json")->status, 400);
  EXPECT_EQ(client_->Post("/api/v1/deployments", pods, "application/json")->status, 401);
}

TEST_F(AdmissionWebhook, StoredImageSbomIsTheCliCycloneDx) {
  const std::string app = Ref("shop/app");
  auto res = client_->Get("/api/v1/images/" + Scanned(app) + "/sbom", Bearer(admin_));
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.cyclonedx+json");
  json served = json::parse(res->body);
  auto cli = RunDrydock("image " + app + " --db " + db_ + " --no-cache -f cyclonedx -q");
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  json direct = json::parse(cli.out);
  EXPECT_EQ(served["bomFormat"], "CycloneDX");
  auto purls = [](const json& bom) {
    std::multiset<std::string> out;
    for (const json& c : bom["components"]) out.insert(c.value("purl", c.value("name", "")));
    return out;
  };
  EXPECT_GT(served["components"].size(), 100u);
  EXPECT_EQ(purls(served), purls(direct));
  EXPECT_EQ(served["vulnerabilities"].size(), direct["vulnerabilities"].size());
  EXPECT_EQ(client_->Get("/api/v1/images/sha256:" + std::string(64, 'e') + "/sbom", Bearer(admin_))->status, 404);
  EXPECT_EQ(client_->Get("/api/v1/images/nope/sbom", Bearer(admin_))->status, 400);
}

// A file over the scanner's size limit leaves the stored scan with layer and catalog errors and no package:
// that proves nothing about the image, so it is denied, naming the error (before, 0 findings read as clean).
TEST_F(AdmissionWebhook, IncompleteScanIsDeniedNamingTheError) {
  const std::string padded = Ref("shop/padded");
  PushMade("padded", "shop/padded");
  ASSERT_FALSE(Scanned(padded).empty());
  json response = Admit(Review("cronjob-create.json", {padded}));
  EXPECT_EQ(response["allowed"], false) << response.dump();
  const std::string message = Message(response);
  EXPECT_NE(message.find("image " + padded + " (container report): incomplete_scan: the scan of sha256:"),
            std::string::npos) << message;
  EXPECT_NE(message.find("layer: app/node_modules/lodash/package.json: 67109928 bytes is over the 67108864 byte limit"),
            std::string::npos) << message;
  EXPECT_EQ(message.find("no package found"), std::string::npos) << message;  // a consequence, not the cause
}

// A kubelet pulls its own node's entry of an index: every linux entry is judged. The server scans linux/amd64
// (clean); linux/arm64 is unknown until its own scan, queued by the review, finds lodash 4.17.15.
TEST_F(AdmissionWebhook, EveryLinuxEntryOfAnIndexIsJudged) {
  const std::string multi = Ref("shop/multi");
  const json index = PushMade("multiarch", "shop/multi");
  std::string arm64;
  for (const json& entry : index["manifests"]) {
    if (entry["platform"]["architecture"] == "arm64") arm64 = entry["digest"];
  }
  ASSERT_TRUE(arm64.starts_with("sha256:")) << index.dump();
  ASSERT_FALSE(Scanned(multi).empty());
  json unknown = Admit(Review("cronjob-create.json", {multi}));
  EXPECT_EQ(unknown["allowed"], false) << unknown.dump();
  const std::string message = Message(unknown);
  EXPECT_NE(message.find("unknown_images: linux/arm64: " + arm64 + " has not been scanned yet; scan job "),
            std::string::npos) << message;
  EXPECT_EQ(message.find("linux/amd64"), std::string::npos) << message;  // its scan is stored and clean
  WaitForQueuedScan(message);
  EXPECT_EQ(client_->Get("/api/v1/images/" + arm64, Bearer(admin_))->status, 200);
  json denied = Admit(Review("cronjob-create.json", {multi}));
  EXPECT_EQ(denied["allowed"], false) << denied.dump();
  const std::string reason = Message(denied);
  EXPECT_NE(reason.find("POL-VULN-001: linux/arm64: no HIGH or CRITICAL vulnerabilities"), std::string::npos) << reason;
  EXPECT_NE(reason.find("CVE-2021-23337"), std::string::npos) << reason;
  EXPECT_EQ(reason.find("linux/amd64"), std::string::npos) << reason;
}

// A report stored from an uploaded SBOM under an image's digest never read the image: the image counts as not
// scanned (a scan is queued), and once scanned it is judged on its own findings.
TEST_F(AdmissionWebhook, SbomStoredUnderAnImageDigestDoesNotClearIt) {
  PushMade("vulnerable", "shop/sbom-covered");
  const std::string digest = "sha256:" + Shell("skopeo inspect --tls-verify=false --raw docker://" +
                                               Ref("shop/sbom-covered") + " | sha256sum | cut -c1-64").substr(0, 64);
  const std::string pinned = registry_->Host() + "/shop/sbom-covered@" + digest;
  auto uploaded = client_->Post("/api/v1/sboms?digest=" + digest, Bearer(admin_),
                                R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": []})",
                                "application/json");
  ASSERT_TRUE(uploaded);
  ASSERT_EQ(uploaded->status, 201) << uploaded->body;
  json unknown = Admit(Review("cronjob-create.json", {pinned}));
  EXPECT_EQ(unknown["allowed"], false) << unknown.dump();
  const std::string message = Message(unknown);
  EXPECT_NE(message.find("unknown_images: " + digest + " holds no scan of the image, only a stored sbom report"),
            std::string::npos) << message;
  WaitForQueuedScan(message);
  json denied = Admit(Review("cronjob-create.json", {pinned}));
  EXPECT_EQ(denied["allowed"], false) << denied.dump();
  EXPECT_NE(Message(denied).find("POL-VULN-001"), std::string::npos) << denied.dump();
}

// The webhook records what runs and queues scans, so an anonymous review would let anyone who reaches the port
// queue pulls of any image, from any host, and mark images as running. The caller proves who it is: a token with
// the scan scope, or the API server's client certificate from --admission-client-ca, which admits to the webhook
// and nowhere else. A certificate from another CA ends the handshake.
TEST_F(AdmissionWebhook, CallersProveWhoTheyAre) {
  const std::string body = Review("cronjob-create.json", {Ref("shop/unsigned")}).dump();
  auto anonymous = client_->Post("/admission/v1/validate", body, "application/json");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401) << anonymous->body;
  const std::string reader = CreateToken(store_, "read");
  auto read_only = client_->Post("/admission/v1/validate", Bearer(reader), body, "application/json");
  ASSERT_TRUE(read_only);
  EXPECT_EQ(read_only->status, 403) << read_only->body;

  const std::string clients = dir_ + "/clients/";
  const int port = std::stoi(server_->Url().substr(server_->Url().rfind(':') + 1));
  httplib::SSLClient apiserver("127.0.0.1", port, clients + "apiserver.pem", clients + "apiserver-key.pem");
  apiserver.set_ca_cert_path((dir_ + "/tls/ca.pem").c_str());
  auto admitted = apiserver.Post("/admission/v1/validate", body, "application/json");
  ASSERT_TRUE(admitted) << httplib::to_string(admitted.error());
  ASSERT_EQ(admitted->status, 200) << admitted->body;
  EXPECT_EQ(json::parse(admitted->body)["response"]["allowed"], false);  // judged: the image is unsigned
  auto elsewhere = apiserver.Post("/api/v1/scans", json{{"image", Ref("shop/base", "3.10")}}.dump(), "application/json");
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 401) << "the client certificate admits to the webhook only";
  EXPECT_EQ(apiserver.Get("/api/v1/images")->status, 401);

  httplib::SSLClient stranger("127.0.0.1", port, clients + "stranger.pem", clients + "stranger-key.pem");
  stranger.set_ca_cert_path((dir_ + "/tls/ca.pem").c_str());
  auto refused = stranger.Post("/admission/v1/validate", body, "application/json");
  EXPECT_TRUE(!refused || refused->status == 401) << refused->status;
  EXPECT_EQ(server_->Client()->Get("/healthz")->status, 200);  // still serving
}

// `drydock admission manifest`'s Deployment, run as written: its server container's arguments with every mount
// path moved under a directory here, the ConfigMap's and Secret's files where the Deployment mounts them, and the
// DB where its init container's `db update` leaves it. The API server's certificate gets a judged review.
TEST_F(AdmissionWebhook, TheManifestsDeploymentServesTheWebhook) {
  auto rendered = RunDrydock("admission manifest --store sqlite:/var/lib/drydock/store.db --ca-cert " + dir_ + "/tls/ca.pem");
  ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
  const std::vector<YAML::Node> docs = YAML::LoadAll(rendered.out);
  ASSERT_EQ(docs.size(), 3u);
  const YAML::Node pod = docs[2]["spec"]["template"]["spec"];
  ASSERT_EQ(pod["initContainers"][0]["args"][1].as<std::string>(), "update");
  EXPECT_EQ(pod["initContainers"][0]["args"][3].as<std::string>(), "/var/lib/drydock/drydock.db");
  const YAML::Node server = pod["containers"][0];
  const std::string root = dir_ + "/pod";
  std::vector<std::pair<std::string, std::string>> mounts;  // mount path -> its directory here
  for (const YAML::Node& mount : server["volumeMounts"]) {
    const std::string path = mount["mountPath"].as<std::string>();
    mounts.emplace_back(path, root + path);
    Shell("mkdir -p " + root + path);
  }
  std::vector<std::string> args;
  std::string listen;
  for (std::size_t i = 1; i < server["args"].size(); ++i) {
    std::string arg = server["args"][i].as<std::string>();
    if (arg == "--listen") {
      listen = server["args"][++i].as<std::string>();  // ServerProcess listens on a free loopback port instead
      continue;
    }
    if (arg.starts_with("/") || arg.starts_with("sqlite:/")) {
      const std::size_t at = arg.find('/');
      bool mounted = false;
      for (const auto& [path, here] : mounts) {
        const std::string_view rest = std::string_view(arg).substr(at);
        if (rest == path || rest.starts_with(path + "/")) {
          arg = arg.substr(0, at) + here + arg.substr(at + path.size());
          mounted = true;
          break;
        }
      }
      EXPECT_TRUE(mounted) << arg << " is on the read-only root filesystem";
    }
    args.push_back(arg);
  }
  EXPECT_EQ(listen, ":" + server["ports"][0]["containerPort"].as<std::string>());
  ASSERT_EQ(server["args"][0].as<std::string>(), "server");
  // The Secret <service>-tls, the ConfigMap <service>-config and the init container's DB.
  Shell("cp " + dir_ + "/tls/server.pem " + root + "/tls/tls.crt && cp " + dir_ + "/tls/server-key.pem " + root +
        "/tls/tls.key && cp " + dir_ + "/admission.yaml " + dir_ + "/rules.yaml " + dir_ + "/cosign.pub " + root +
        "/etc/drydock/ && cp " + dir_ + "/clients/client-ca.pem " + root + "/etc/drydock/apiserver-client-ca.pem && cp " +
        db_ + " " + root + "/var/lib/drydock/drydock.db");
  ServerProcess deployed(args, "admission-manifest", dir_ + "/tls/ca.pem");
  ASSERT_TRUE(deployed.Up()) << deployed.Log();

  const std::string clients = dir_ + "/clients/";
  const int port = std::stoi(deployed.Url().substr(deployed.Url().rfind(':') + 1));
  httplib::SSLClient apiserver("127.0.0.1", port, clients + "apiserver.pem", clients + "apiserver-key.pem");
  apiserver.set_ca_cert_path((dir_ + "/tls/ca.pem").c_str());  // the manifest's caBundle
  const std::string body = Review("cronjob-create.json", {Ref("shop/unsigned")}).dump();
  auto admitted = apiserver.Post("/admission/v1/validate", body, "application/json");
  ASSERT_TRUE(admitted) << httplib::to_string(admitted.error());
  ASSERT_EQ(admitted->status, 200) << admitted->body << deployed.Log();
  const json response = json::parse(admitted->body)["response"];
  EXPECT_EQ(response["allowed"], false);
  EXPECT_NE(Message(response).find("signatures: no valid signature"), std::string::npos) << Message(response);
  EXPECT_EQ(deployed.Client()->Post("/admission/v1/validate", body, "application/json")->status, 401);
}

}  // namespace
}  // namespace drydock::e2e
