// DB generations end to end in the library: real lockfile inventories (trivy's fixture repos) scanned and
// stored, real DBs compiled from the Go vulndb and PyPA feeds with some advisories left out, then with them,
// then with one withdrawn. Asserts exactly which images get which events, that replays and the baseline are
// silent, and that findings and events survive a SIGKILL together (the outbox).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "common/sha256.h"
#include "drydock/scanner.h"
#include "monitor/db_monitor.h"
#include "report/report.h"
#include "store/store.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string TestData(const std::string& relative) { return std::string(DRYDOCK_TESTDATA) + "/" + relative; }
std::string Repo(const std::string& name) {
  return TestData("aquasecurity+trivy/integration/testdata/fixtures/repo/" + name);
}
std::string DigestOf(const std::string& name) { return "sha256:" + Sha256::HexOf(name); }

constexpr const char* kFlaskCve = "CVE-2023-30861";     // Flask 2.0.0: only the pip repo
constexpr const char* kNetCve = "CVE-2022-41723";       // golang.org/x/net: only the gomod repo
constexpr const char* kWerkzeugCve = "CVE-2023-25577";  // werkzeug: pip, pipenv and poetry

// The feeds once per test binary: reading the Go vulndb is the slow part.
const std::vector<FeedData>& Feeds() {
  static const std::vector<FeedData> feeds = [] {
    std::vector<FeedData> out;
    for (auto feed : {ReadOsvFeed(TestData("golang+vulndb/data/osv")),
                      ReadOsvFeed(TestData("pypa+advisory-database/vulns/werkzeug")),
                      ReadOsvFeed(TestData("pypa+advisory-database/vulns/flask"))}) {
      EXPECT_TRUE(feed) << feed.error().message;
      if (feed) out.push_back(std::move(*feed));
    }
    return out;
  }();
  return feeds;
}

bool Names(const Advisory& a, std::string_view cve) {
  return a.id == cve || std::find(a.aliases.begin(), a.aliases.end(), cve) != a.aliases.end();
}

// The feeds without the advisories naming any of `cves`; asserts each was there to leave out.
std::vector<FeedData> FeedsWithout(const std::vector<std::string>& cves) {
  std::vector<FeedData> feeds = Feeds();
  for (const std::string& cve : cves) {
    std::size_t removed = 0;
    for (FeedData& feed : feeds) removed += std::erase_if(feed.advisories, [&](const Advisory& a) { return Names(a, cve); });
    EXPECT_GT(removed, 0u) << cve;
  }
  return feeds;
}

class MonitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("drydock-monitor-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_path_ = (dir_ / "drydock.db").string();
    auto store = OpenStore(StoreUrl());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    policy_path_ = (dir_ / "policy.yaml").string();
    std::ofstream(policy_path_) << "name: gate\nrules:\n  - id: NO-FLASK-CVE\n    severity: HIGH\n"
                                   "    message: not this one\n    denied_advisories: [" << kFlaskCve << "]\n";
    auto rules = LoadPolicyRules(policy_path_);
    ASSERT_TRUE(rules) << rules.error().message;
    policy_ = *rules;
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string StoreUrl() const { return "sqlite:" + (dir_ / "store.db").string(); }

  // Builds a generation beside the live file, then renames it into place (as db update installs one).
  void InstallDb(const std::vector<FeedData>& feeds) {
    const std::string staged = (dir_ / "staged.db").string();
    auto built = BuildDb(feeds, staged);
    ASSERT_TRUE(built) << built.error().message;
    fs::rename(staged, db_path_);
  }

  // Scans the fixture repos with the live DB and stores each as an image (the server's StoreReport).
  void StoreRepos(const std::vector<std::string>& repos) {
    auto scanner = Scanner::Create({.db_path = db_path_, .threads = 1});
    ASSERT_TRUE(scanner) << scanner.error().message;
    for (const std::string& repo : repos) {
      ScanRequest request;
      request.kind = ScanKind::kFilesystem;
      request.options.target = Repo(repo);
      auto report = (*scanner)->Scan(request);
      ASSERT_TRUE(report) << report.error().message;
      std::ostringstream out;
      WriteJsonReport(*report, out);
      ASSERT_TRUE(store_->PutImage({.digest = DigestOf(repo), .repository = "test/" + repo, .tag = "1",
                                    .report = &*report, .report_json = out.str(),
                                    .db_built_at = (*scanner)->Db().built_at}));
    }
  }

  DbMonitor MakeMonitor() { return DbMonitor(*store_, {.db_path = db_path_, .policy = policy_, .threads = 2}); }

  GenerationOutcome CheckOk(DbMonitor& monitor) {
    auto outcome = monitor.Check();
    EXPECT_TRUE(outcome) << outcome.error().message;
    return outcome ? *outcome : GenerationOutcome{};
  }

  std::vector<Event> EventsSince(std::int64_t after) {
    auto events = store_->EventsAfter(after, kMaxEventsPage, {});
    EXPECT_TRUE(events) << events.error().message;
    return events ? *events : std::vector<Event>{};
  }

  // "type repo vulnerability" per event, for whole-set comparisons.
  std::multiset<std::string> Summary(const std::vector<Event>& events) {
    std::multiset<std::string> out;
    for (const Event& e : events) {
      json payload = json::parse(e.payload);
      std::string what = e.type == kEventPolicyChanged ? payload.value("to", "")
                                                       : payload["finding"].value("vulnerability", "");
      out.insert(e.type + " " + payload["image"].value("repository", "") + " " + what);
    }
    return out;
  }

  std::set<std::string> StoredIds(const std::string& repo) {
    std::set<std::string> ids;
    auto report = store_->ImageReport(DigestOf(repo));
    if (!report || !*report) return ids;
    const json doc = json::parse(**report);  // held: a range-for over a temporary's member would dangle
    for (const json& v : doc["vulnerabilities"]) ids.insert(v["id"].get<std::string>());
    return ids;
  }

  fs::path dir_;
  std::string db_path_, policy_path_;
  std::unique_ptr<Store> store_;
  PolicyRules policy_;
};

TEST_F(MonitorTest, ExactlyTheAffectedImagesGetEventsAndReplaysAreSilent) {
  const std::vector<std::string> repos = {"gomod", "pip", "pipenv", "poetry", "npm"};
  InstallDb(FeedsWithout({kFlaskCve, kNetCve}));
  StoreRepos(repos);
  ASSERT_EQ(StoredIds("pip").count(kFlaskCve), 0u);
  DbMonitor monitor = MakeMonitor();

  // The first generation the store sees is the baseline: recorded, nothing announced.
  GenerationOutcome baseline = CheckOk(monitor);
  EXPECT_EQ(baseline.kind, GenerationKind::kBaseline);
  EXPECT_TRUE(EventsSince(0).empty());
  EXPECT_EQ(CheckOk(monitor).kind, GenerationKind::kUnchanged);

  // The advisories arrive: finding.new exactly where they apply, and the pip image's verdict flips.
  InstallDb(Feeds());
  GenerationOutcome added = CheckOk(monitor);
  ASSERT_EQ(added.kind, GenerationKind::kNew);
  EXPECT_FALSE(added.full);
  EXPECT_GT(added.changed_keys, 0u);
  EXPECT_EQ(added.stats.images, 2u) << "only the images holding a changed key are re-matched";
  EXPECT_EQ(added.stats.failed, 0u);
  std::vector<Event> events = EventsSince(0);
  EXPECT_EQ(Summary(events), (std::multiset<std::string>{
                                 std::string("finding.new test/pip ") + kFlaskCve,
                                 std::string("finding.new test/gomod ") + kNetCve,
                                 "policy.changed test/pip fail",
                             }));
  for (const Event& e : events) {
    EXPECT_EQ(e.generation, added.digest);
    if (e.type == kEventFindingNew) {
      EXPECT_FALSE(e.severity.empty());
    }
  }
  EXPECT_EQ(StoredIds("pip").count(kFlaskCve), 1u) << "the findings are stored with their events";
  EXPECT_EQ(StoredIds("gomod").count(kNetCve), 1u);
  auto pip_report = json::parse(**store_->ImageReport(DigestOf("pip")));
  EXPECT_FALSE(pip_report["policy"]["passed"].get<bool>());

  // An advisory withdrawn: finding.resolved on each image that had it, nothing else.
  const std::int64_t mark = events.back().id;
  InstallDb(FeedsWithout({kWerkzeugCve}));
  GenerationOutcome withdrawn = CheckOk(monitor);
  ASSERT_EQ(withdrawn.kind, GenerationKind::kNew);
  EXPECT_EQ(Summary(EventsSince(mark)), (std::multiset<std::string>{
                                            std::string("finding.resolved test/pip ") + kWerkzeugCve,
                                            std::string("finding.resolved test/pipenv ") + kWerkzeugCve,
                                            std::string("finding.resolved test/poetry ") + kWerkzeugCve,
                                        }));
  EXPECT_EQ(StoredIds("poetry").count(kWerkzeugCve), 0u);

  // Replays: the same generation again (a byte-identical copy put in place), an earlier one, a restart.
  const std::int64_t before_replays = *store_->LastEventId();
  fs::copy_file(db_path_, dir_ / "copy.db");
  fs::rename(dir_ / "copy.db", db_path_);
  EXPECT_EQ(CheckOk(monitor).kind, GenerationKind::kUnchanged);
  DbMonitor restarted = MakeMonitor();
  EXPECT_EQ(CheckOk(restarted).kind, GenerationKind::kReplay);
  EXPECT_EQ(*store_->LastEventId(), before_replays);

  auto generations = store_->Generations();
  ASSERT_TRUE(generations);
  ASSERT_EQ(generations->size(), 3u);
  for (const DbGenerationRecord& g : *generations) EXPECT_GT(g.processed_ms, 0);
  EXPECT_NE((*generations)[2].finding_counts, "{}");
}

// Images that run (a deployment says so) are re-matched in a pass before the others: every event about them
// precedes every event about an image that does not run, so their alerts go out first.
TEST_F(MonitorTest, RunningImagesAreRematchedAndAnnouncedFirst) {
  InstallDb(FeedsWithout({kWerkzeugCve}));
  StoreRepos({"pip", "pipenv", "poetry"});  // each holds werkzeug
  DbMonitor monitor = MakeMonitor();
  ASSERT_EQ(CheckOk(monitor).kind, GenerationKind::kBaseline);
  for (const std::string running : {"poetry", "pipenv"}) {
    ASSERT_TRUE(store_->RecordDeployments({{.digest = DigestOf(running), .namespace_name = "prod", .kind = "Pod",
                                            .name = running, .image = "test/" + running + ":1", .source = "pods"}},
                                          1000));
  }
  InstallDb(Feeds());
  GenerationOutcome added = CheckOk(monitor);
  ASSERT_EQ(added.kind, GenerationKind::kNew);
  EXPECT_EQ(added.stats.images, 3u);
  std::vector<std::string> order;  // the repositories in event order
  for (const Event& e : EventsSince(0)) {
    if (e.type == kEventFindingNew && json::parse(e.payload)["finding"]["vulnerability"] == kWerkzeugCve) {
      order.push_back(e.repository);
    }
  }
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[2], "test/pip") << "the one image that does not run comes last";
  EXPECT_EQ(std::set<std::string>(order.begin(), order.begin() + 2),
            (std::set<std::string>{"test/poetry", "test/pipenv"}));
}

TEST_F(MonitorTest, AChangedSeverityIsFindingChangedAndARestartOntoANewDbRematchesAll) {
  InstallDb(Feeds());
  StoreRepos({"pip", "gomod"});
  {
    DbMonitor monitor = MakeMonitor();
    EXPECT_EQ(CheckOk(monitor).kind, GenerationKind::kBaseline);
  }
  // While "down", the DB is replaced by one where Werkzeug's advisory is rated differently.
  std::vector<FeedData> edited = Feeds();
  std::string old_severity;
  for (FeedData& feed : edited) {
    for (Advisory& a : feed.advisories) {
      if (!Names(a, kWerkzeugCve)) continue;
      for (Affected& affected : a.affected) affected.severity = "CRITICAL";
    }
  }
  InstallDb(edited);
  DbMonitor monitor = MakeMonitor();
  GenerationOutcome outcome = CheckOk(monitor);
  ASSERT_EQ(outcome.kind, GenerationKind::kNew);
  EXPECT_TRUE(outcome.full) << "no previous DB in memory: every stored image is re-matched";
  EXPECT_EQ(outcome.stats.images, 2u);
  std::vector<Event> events = EventsSince(0);
  ASSERT_EQ(events.size(), 1u) << "only the re-rated finding is news";
  EXPECT_EQ(events[0].type, kEventFindingChanged);
  EXPECT_EQ(events[0].severity, "CRITICAL");
  json payload = json::parse(events[0].payload);
  EXPECT_EQ(payload["finding"]["vulnerability"], kWerkzeugCve);
  EXPECT_EQ(payload["changes"]["severity"]["to"], "CRITICAL");
  EXPECT_NE(payload["changes"]["severity"]["from"], "CRITICAL");

  // Another restart onto another new DB (Werkzeug's advisory rated HIGH): every image is re-matched again, but
  // gomod's report comes out byte for byte as stored, so it is not written again; only its generation moves.
  const std::string gomod_before = **store_->ImageReport(DigestOf("gomod"));
  for (FeedData& feed : edited) {
    for (Advisory& a : feed.advisories) {
      if (!Names(a, kWerkzeugCve)) continue;
      for (Affected& affected : a.affected) affected.severity = "HIGH";
    }
  }
  InstallDb(edited);
  DbMonitor again = MakeMonitor();
  GenerationOutcome rerated = CheckOk(again);
  ASSERT_EQ(rerated.kind, GenerationKind::kNew);
  EXPECT_TRUE(rerated.full);
  EXPECT_EQ(rerated.stats.images, 2u);
  EXPECT_EQ(rerated.stats.changed, 1u) << "only pip's report changed";
  EXPECT_EQ(**store_->ImageReport(DigestOf("gomod")), gomod_before);
  auto gomod = store_->GetImage(DigestOf("gomod"));
  ASSERT_TRUE(gomod && *gomod);
  EXPECT_EQ((*gomod)->db_built_at, rerated.built_at);
}

TEST_F(MonitorTest, FindingsAndEventsSurviveSigkillTogether) {
  constexpr int kImages = 400;
  InstallDb(FeedsWithout({kFlaskCve}));
  StoreRepos({"pip"});
  auto pip = store_->GetImage(DigestOf("pip"));
  ASSERT_TRUE(pip && *pip);
  auto stored = store_->ImageReport(DigestOf("pip"));
  ScanReport placeholder;  // PutImage indexes from the report; the stored JSON is the real scan's
  {
    auto scanner = Scanner::Create({.db_path = db_path_, .threads = 1});
    ASSERT_TRUE(scanner);
    ScanRequest request;
    request.kind = ScanKind::kFilesystem;
    request.options.target = Repo("pip");
    auto report = (*scanner)->Scan(request);
    ASSERT_TRUE(report);
    placeholder = *report;
  }
  for (int i = 0; i < kImages; ++i) {
    ASSERT_TRUE(store_->PutImage({.digest = DigestOf("copy" + std::to_string(i)), .repository = "test/copies",
                                  .report = &placeholder, .report_json = **stored}));
  }
  {
    DbMonitor monitor = MakeMonitor();
    ASSERT_EQ(CheckOk(monitor).kind, GenerationKind::kBaseline);
  }
  InstallDb(Feeds());
  const std::string url = StoreUrl(), db_path = db_path_;
  PolicyRules policy = policy_;
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The "server": its own store connection, re-matching on one thread until it is killed.
    auto store = OpenStore(url);
    if (!store) ::_exit(2);
    DbMonitor monitor(**store, {.db_path = db_path, .policy = policy, .threads = 1});
    auto outcome = monitor.Check();
    ::_exit(outcome ? 0 : 3);
  }
  // Kill it part-way: once some images have their events, well before all do.
  for (int i = 0; i < 2000 && *store_->LastEventId() < 20; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the re-match finished before the kill; raise kImages";

  auto consistent = [&](std::size_t& with_events) {
    std::map<std::string, int> new_events;
    for (const Event& e : EventsSince(0)) {
      if (e.type == kEventFindingNew) ++new_events[e.digest];
    }
    with_events = new_events.size();
    for (int i = 0; i < kImages; ++i) {
      const std::string digest = DigestOf("copy" + std::to_string(i));
      auto report = store_->ImageReport(digest);
      ASSERT_TRUE(report && *report);
      bool has = false;
      const json doc = json::parse(**report);
      for (const json& v : doc["vulnerabilities"]) has |= v["id"] == kFlaskCve;
      EXPECT_EQ(has ? 1 : 0, new_events[digest]) << digest << ": findings and events disagree";
    }
  };
  std::size_t after_kill = 0;
  consistent(after_kill);
  EXPECT_GT(after_kill, 0u);
  EXPECT_LT(after_kill, static_cast<std::size_t>(kImages) + 1);

  // The restart finishes the generation (it was never marked processed): every image once, none twice.
  DbMonitor restarted = MakeMonitor();
  GenerationOutcome outcome = CheckOk(restarted);
  EXPECT_EQ(outcome.kind, GenerationKind::kNew);
  std::size_t after_restart = 0;
  consistent(after_restart);
  EXPECT_EQ(after_restart, static_cast<std::size_t>(kImages) + 1);
  DbMonitor again = MakeMonitor();
  EXPECT_EQ(CheckOk(again).kind, GenerationKind::kReplay);
}

}  // namespace
}  // namespace drydock
