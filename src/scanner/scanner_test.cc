// The long-lived Scanner on real images and real feeds: concurrent scans, cancellation, timeouts, DB swaps.
#include "drydock/scanner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <stop_token>
#include <thread>

#include "drydock/scan.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

using Clock = std::chrono::steady_clock;

std::string TestData(const std::string& relative) { return std::string(DRYDOCK_TESTDATA) + "/" + relative; }

const std::string kAlpine310 = TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz");
const std::string kDebianApp = TestData("images/debian12-app.docker.tar.gz");

class ScannerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("drydock-scanner-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    // Two DB generations: the real GHSA records (npm, PyPI, Maven findings in the Debian app image), then
    // only Alpine 3.11's secdb (nothing for that image).
    auto ghsa = ReadOsvFeed(TestData("github+advisory-database/advisories"));
    ASSERT_TRUE(ghsa) << ghsa.error().message;
    ASSERT_TRUE(BuildDb({&*ghsa, 1}, (dir_ / "ghsa.db").string()));
    auto alpine = ReadSecdbFeed(TestData("alpinelinux+alpine-secdb/v3.11/main.yaml"));
    ASSERT_TRUE(alpine) << alpine.error().message;
    ASSERT_TRUE(BuildDb({&*alpine, 1}, (dir_ / "alpine311.db").string()));
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::string Db(const char* name) { return (dir_ / name).string(); }
  static std::string Cache() { return (dir_ / "cache").string(); }

  static std::unique_ptr<Scanner> Make(ScannerConfig config) {
    auto scanner = Scanner::Create(config);
    EXPECT_TRUE(scanner) << scanner.error().message;
    return scanner ? std::move(*scanner) : nullptr;
  }
  static ScanRequest ImageRequest(const std::string& target) {
    ScanRequest request;
    request.options.target = target;
    return request;
  }

  static inline std::filesystem::path dir_;
};

TEST_F(ScannerTest, MatchesAsTheOneShotScanDoes) {
  auto scanner = Make({.db_path = Db("ghsa.db"), .cache_dir = Cache(), .threads = 2});
  auto report = scanner->Scan(ImageRequest(kDebianApp));
  ASSERT_TRUE(report) << report.error().message;
  auto one_shot = ScanImage({.target = kDebianApp, .db_path = Db("ghsa.db")});
  ASSERT_TRUE(one_shot) << one_shot.error().message;
  ASSERT_FALSE(report->vulnerabilities.empty());
  ASSERT_EQ(report->vulnerabilities.size(), one_shot->vulnerabilities.size());
  for (std::size_t i = 0; i < report->vulnerabilities.size(); ++i) {
    EXPECT_EQ(report->vulnerabilities[i].id, one_shot->vulnerabilities[i].id);
    EXPECT_EQ(report->vulnerabilities[i].package_id, one_shot->vulnerabilities[i].package_id);
  }
  EXPECT_EQ(report->packages, one_shot->packages);
}

TEST_F(ScannerTest, ConcurrentScansShareTheThreadBudget) {
  auto scanner = Make({.db_path = Db("ghsa.db"), .cache_dir = Cache(), .threads = 2});
  std::vector<std::future<Result<ScanReport>>> scans;
  for (int i = 0; i < 4; ++i) {
    scans.push_back(std::async(std::launch::async, [&, i] {
      return scanner->Scan(ImageRequest(i % 2 == 0 ? kAlpine310 : kDebianApp));
    }));
  }
  std::size_t app_findings = 0;
  for (int i = 0; i < 4; ++i) {
    auto report = scans[i].get();
    ASSERT_TRUE(report) << report.error().message;
    if (i % 2 == 0) {
      EXPECT_EQ(report->packages.size(), 14u);
    } else {
      if (app_findings == 0) app_findings = report->vulnerabilities.size();
      EXPECT_EQ(report->vulnerabilities.size(), app_findings);  // same image, same answer, concurrently
    }
  }
  EXPECT_GT(app_findings, 0u);
  // Four scans wanting every core each, yet never more than the budget leased at once.
  EXPECT_EQ(scanner->peak_threads(), 2u);
}

// A server's fair share: one scan alone takes at most threads_per_scan of the budget, leaving the rest free for
// the next worker's scan instead of holding every thread until it ends.
TEST_F(ScannerTest, OneScanTakesOnlyItsShareOfTheBudget) {
  auto capped = Make({.cache_dir = Cache(), .threads = 4, .threads_per_scan = 2});
  ASSERT_TRUE(capped->Scan(ImageRequest(kAlpine310)));
  EXPECT_EQ(capped->peak_threads(), 2u);
  auto whole = Make({.cache_dir = Cache(), .threads = 4});
  ASSERT_TRUE(whole->Scan(ImageRequest(kAlpine310)));
  EXPECT_EQ(whole->peak_threads(), 4u);  // without a share, one scan took every free thread
  ScanRequest asked = ImageRequest(kAlpine310);
  asked.options.max_threads = 1;  // a request may ask for less than its share
  auto again = Make({.cache_dir = Cache(), .threads = 4, .threads_per_scan = 2});
  ASSERT_TRUE(again->Scan(asked));
  EXPECT_EQ(again->peak_threads(), 1u);
}

TEST_F(ScannerTest, CancelledScanStopsWithinASecond) {
  auto scanner = Make({.threads = 1});
  std::stop_source stop;
  Clock::time_point stopped_at{};
  ScanRequest request = ImageRequest(kDebianApp);
  request.stop = stop.get_token();
  // Asked to stop as soon as the first layer has been read: three more are left to read.
  request.options.on_progress = [&](const ScanProgress& progress) {
    if (progress.layers_done >= 1 && !stop.stop_requested()) {
      stopped_at = Clock::now();
      stop.request_stop();
    }
  };
  auto report = scanner->Scan(request);
  const auto returned_at = Clock::now();
  ASSERT_FALSE(report) << "the scan finished although it was cancelled";
  EXPECT_EQ(report.error().code, ErrorCode::kCancelled) << report.error().message;
  ASSERT_NE(stopped_at, Clock::time_point{});
  EXPECT_LT(returned_at - stopped_at, std::chrono::seconds(1));
  // The scanner is unharmed: the next scan runs to the end.
  auto again = scanner->Scan(ImageRequest(kAlpine310));
  EXPECT_TRUE(again) << again.error().message;
}

TEST_F(ScannerTest, ScanPastItsTimeoutEndsWithDeadlineExceeded) {
  auto scanner = Make({.threads = 1});
  ScanRequest request = ImageRequest(kDebianApp);
  request.timeout = std::chrono::milliseconds(50);
  const auto started = Clock::now();
  auto report = scanner->Scan(request);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kDeadlineExceeded) << report.error().message;
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(50) + std::chrono::seconds(1));
}

TEST_F(ScannerTest, ADbSwapReachesTheNextScanWhileTheRunningOneKeepsItsDb) {
  auto scanner = Make({.db_path = Db("ghsa.db"), .cache_dir = Cache(), .threads = 1});
  EXPECT_EQ(scanner->Db().generation, 1u);
  Status swapped;
  ScanRequest running = ImageRequest(kDebianApp);
  // The swap happens mid-scan, after the layer is read and before matching.
  running.options.on_progress = [&](const ScanProgress& progress) {
    if (progress.layers_done == 1 && scanner->Db().generation == 1) swapped = scanner->ReloadDb(Db("alpine311.db"));
  };
  auto first = scanner->Scan(running);
  ASSERT_TRUE(swapped) << swapped.error().message;
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(scanner->Db().generation, 2u);
  EXPECT_EQ(scanner->Db().path, Db("alpine311.db"));
  EXPECT_GT(first->vulnerabilities.size(), 0u);  // matched on the GHSA DB it started with

  auto second = scanner->Scan(ImageRequest(kDebianApp));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(second->vulnerabilities.empty());
  bool warned = false;
  for (const ScanError& e : second->errors) warned = warned || e.message.find("Debian:12") != std::string::npos;
  EXPECT_TRUE(warned) << "the Alpine-only DB should say it has nothing for Debian:12";

  // A DB that does not open leaves the current generation in place.
  Status bad = scanner->ReloadDb(Db("missing.db"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(scanner->Db().generation, 2u);
}

TEST_F(ScannerTest, PolicyAsDataAndItsClock) {
  auto scanner = Make({.db_path = Db("ghsa.db"), .cache_dir = Cache(), .threads = 1});
  auto plain = scanner->Scan(ImageRequest(kDebianApp));
  ASSERT_TRUE(plain && !plain->vulnerabilities.empty());
  const std::string id = plain->vulnerabilities.front().id;
  std::size_t with_id = 0;
  for (const Finding& f : plain->vulnerabilities) with_id += f.id == id;
  ScanRequest request = ImageRequest(kDebianApp);
  request.ignore = NamedText{"team.drydockignore", id + " exp:2030-01-01 # accepted\n"};
  auto before = scanner->Scan(request);
  ASSERT_TRUE(before) << before.error().message;
  EXPECT_EQ(before->vulnerabilities.size(), plain->vulnerabilities.size() - with_id);
  // The same entry on a clock past its expiry suppresses nothing.
  request.clock = [] { return std::chrono::sys_days{std::chrono::year{2031} / 1 / 1}; };
  auto after = scanner->Scan(request);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->vulnerabilities.size(), plain->vulnerabilities.size());

  request.ignore = NamedText{"broken.yaml", "vulnerabilities: [ {"};
  auto broken = scanner->Scan(request);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(broken.error().message.find("broken.yaml"), std::string::npos) << broken.error().message;
}

TEST_F(ScannerTest, ErrorsCarryCodes) {
  auto scanner = Make({.threads = 1});
  auto missing = scanner->Scan(ImageRequest(TestData("images/no-such-image.docker.tar.gz")));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound) << missing.error().message;
  ScanRequest sbom;
  sbom.kind = ScanKind::kSbom;
  sbom.options.target = "upload.json";
  sbom.sbom_text = "{\"bomFormat\": \"CycloneDX\", ";
  auto malformed = scanner->Scan(sbom);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidInput) << malformed.error().message;
}

}  // namespace
}  // namespace drydock
