// The web dashboard in a real browser: `drydock server` as a process with the Debian app image scanned from a
// real docker-registry (its base, debian12-minbase, indexed as bases/debian:12 and then rebuilt upstream with
// glibc and gzip upgraded, so the server advises a refresh) and an SBOM ingested under a name full of markup; headless Chromium (Debian package,
// driven by playwright-core from tests/dashboard/) signs in, searches a CVE the app image has, opens the
// image from the results and reads the findings table. What the page showed must equal the stored report and
// the API's answers; the screenshot must hold real rendered content in the severities' colours.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "cli_runner.h"
#include "registry_fixture.h"
#include "server_fixture.h"

namespace drydock::e2e {
namespace {

using json = nlohmann::json;

const std::string kSource = DRYDOCK_SOURCE_DIR;
const std::string kStackImage = kSource + "/tests/tools/stack_image.py";
const std::string kChromium = "/usr/bin/chromium";
// Stored under this name and tag, it must reach the page as text: no element of it may be created.
const std::string kHostileName = "evil/<img src=x onerror=alert(1)><script>window.x=1</script>";
const std::string kHostileTag = "<b>bold</b>";

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first CVE id a finding carries (as its id or an alias): what a user would paste in the search box.
std::string SomeCve(const json& report) {
  for (const json& f : report["vulnerabilities"]) {
    if (f["id"].get<std::string>().starts_with("CVE-")) return f["id"];
    for (const json& alias : f["aliases"]) {
      if (alias.get<std::string>().starts_with("CVE-")) return alias;
    }
  }
  return "";
}

// Every CVE id the report's findings carry.
std::set<std::string> Cves(const json& report) {
  std::set<std::string> out;
  for (const json& f : report["vulnerabilities"]) {
    if (f["id"].get<std::string>().starts_with("CVE-")) out.insert(f["id"].get<std::string>());
    for (const json& alias : f["aliases"]) {
      if (alias.get<std::string>().starts_with("CVE-")) out.insert(alias.get<std::string>());
    }
  }
  return out;
}

class DashboardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    const auto started = std::chrono::steady_clock::now();
    auto seconds = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    registry_ = std::make_unique<Registry>("dashboard");
    if (!registry_->Up()) return;
    registry_->Push("1.0");
    registry_->Push("latest");
    // The app's base: minbase as bases/debian:12, indexed; then 12 is rebuilt upstream (the tag moves).
    const std::string bases = TempDirectory() + "/dashboard-bases", layout = bases + "/layout";
    Shell("mkdir -p " + bases + " && zcat " + TestData("images/debian12-minbase.docker.tar.gz") + " > " + bases +
          "/minbase.tar && skopeo copy -q docker-archive:" + bases + "/minbase.tar oci:" + layout + ":minbase");
    base_old_ = Trim(Shell("python3 " + kStackImage + " " + layout + " minbase minbase-same"));  // its own manifest, same layers
    base_new_ = Trim(Shell("python3 " + kStackImage + " " + layout + " minbase rebuilt --dpkg-bump "
                           "libc6=2.36-9+deb12u15 --dpkg-bump libc-bin=2.36-9+deb12u15 --dpkg-bump gzip=1.12-1+deb12u1"));
    registry_->Push("12", "", "oci:" + layout + ":minbase-same", "bases/debian");
    index_ = bases + "/index.db";
    auto indexed = RunDrydock("base index add " + registry_->Host() + "/bases/debian --tags '.*' --index " + index_);
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    registry_->Push("12", "", "oci:" + layout + ":rebuilt", "bases/debian");
    // Debian's tracker data for minbase's packages (tests/data/base) as well, so the base layers have findings.
    db_ = TempDirectory() + "/dashboard.db";
    auto built = RunDrydock("db build --osv " + TestData("github+advisory-database/advisories") +
                            " --secdb " + TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " --debian " +
                            kSource + "/tests/data/base/debian-tracker.json -o " + db_);
    ASSERT_EQ(built.exit_code, 0) << built.err;
    const std::string& db = db_;
    const std::string store = "sqlite:" + TempDirectory() + "/dashboard-store/store.db";
    token_ = CreateToken(store, "read,scan");
    ASSERT_FALSE(token_.empty());
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--store", store, "--db", db, "--workers", "1", "--no-cache", "--base-index", index_,
                                 "--base-index-interval", "1s", "--db-check-interval", "200ms"},
        "dashboard");
    ASSERT_TRUE(server_->Up()) << server_->Log();
    auto client = server_->Client();

    // The app image, scanned by the server from the registry under two tags (one digest).
    for (const std::string tag : {"1.0", "latest"}) {
      auto res = client->Post("/api/v1/scans", Bearer(token_),
                              json{{"image", registry_->Reference(tag)}}.dump(), "application/json");
      ASSERT_TRUE(res && res->status == 202) << (res ? res->body : "no answer");
      json job = WaitForJob(*client, token_, json::parse(res->body)["job_id"].get<std::int64_t>());
      ASSERT_EQ(job["state"], "done") << job.dump() << server_->Log();
      digest_ = job["image_digest"];
    }
    auto report = client->Get("/api/v1/images/" + digest_, Bearer(token_));
    ASSERT_TRUE(report && report->status == 200);
    report_ = json::parse(report->body);
    cve_ = SomeCve(report_);
    ASSERT_FALSE(cve_.empty()) << "the app image has a finding with a CVE id";
    // The base refresh has read the moved tag and scanned the rebuilt base: the advice is there.
    for (int i = 0; i < 120; ++i) {
      auto res = client->Get("/api/v1/images/" + digest_ + "/base", Bearer(token_));
      if (res && res->status == 200) base_ = json::parse(res->body);
      if (base_.value("advised", false) && base_.value("outdated", false)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    ASSERT_TRUE(base_.value("outdated", false)) << base_.dump() << server_->Log();

    // Alpine 3.10's inventory as a CycloneDX SBOM, stored under a name and tag made of markup.
    const std::string alpine = TempDirectory() + "/dashboard-alpine.tar";
    Shell("zcat " + TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz") + " > " +
          alpine);
    auto sbom = RunDrydock("image " + alpine + " --skip-db -q -f cyclonedx");
    ASSERT_EQ(sbom.exit_code, 0) << sbom.err;
    auto ingested = client->Post(
        httplib::append_query_params("/api/v1/sboms", {{"name", kHostileName}, {"tag", kHostileTag}}).c_str(),
        Bearer(token_), sbom.out, "application/json");
    ASSERT_TRUE(ingested && ingested->status == 201) << (ingested ? ingested->body : "no answer");
    sbom_digest_ = json::parse(ingested->body)["digest"];

    // A second DB generation, the GHSA records naming another of the app image's CVEs left out: its findings
    // are resolved (events) and the generation history gets a second point (trends).
    const std::string ghsa = TestData("github+advisory-database/advisories");
    std::vector<std::string> left_out;
    for (const std::string& cve : Cves(report_)) {
      if (cve == cve_) continue;
      std::vector<std::string> naming;
      bool also_searched = false;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(ghsa)) {
        if (!entry.is_regular_file()) continue;
        const std::string text = ReadText(entry.path().string());
        if (text.find('"' + cve + '"') == std::string::npos) continue;
        naming.push_back(std::filesystem::relative(entry.path(), ghsa).string());
        also_searched = also_searched || text.find('"' + cve_ + '"') != std::string::npos;
      }
      if (naming.empty() || also_searched) continue;  // the searched CVE must stay
      removed_cve_ = cve;
      left_out = naming;
      break;
    }
    ASSERT_FALSE(removed_cve_.empty()) << "the app image has a second CVE from its own GHSA record";
    const std::string feed = TempDirectory() + "/dashboard-ghsa-without-cve";
    std::filesystem::remove_all(feed);
    std::filesystem::copy(ghsa, feed, std::filesystem::copy_options::recursive);
    for (const std::string& file : left_out) std::filesystem::remove(feed + "/" + file);
    auto second = RunDrydock("db build --osv " + feed + " --secdb " +
                             TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " --debian " + kSource +
                             "/tests/data/base/debian-tracker.json -o " + db + ".next");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    std::filesystem::rename(db + ".next", db);
    for (int i = 0; i < 600; ++i) {
      auto res = client->Get("/api/v1/generations", Bearer(token_));
      json items = res && res->status == 200 ? json::parse(res->body)["items"] : json::array();
      if (items.size() == 2 && items[1]["processed_ms"].get<std::int64_t>() > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // What the image page must show is the report as re-matched.
    auto rematched = client->Get("/api/v1/images/" + digest_, Bearer(token_));
    ASSERT_TRUE(rematched && rematched->status == 200);
    report_ = json::parse(rematched->body);
    ASSERT_EQ(Cves(report_).count(cve_), 1u) << cve_ << " stays";
    ASSERT_EQ(Cves(report_).count(removed_cve_), 0u) << removed_cve_ << " was resolved";

    std::cout << "server ready with both images after " << seconds() << " s\n";
    // The browser run: once, for every test below.
    const std::string modules = std::string(DRYDOCK_BINARY_DIR) + "/dashboard-js";
    Shell("bash " + kSource + "/tests/dashboard/install.sh " + modules);
    // Kept in the build tree after the run, to be looked at.
    screenshot_ = std::string(DRYDOCK_BINARY_DIR) + "/dashboard-image-page.png";
    std::filesystem::remove(screenshot_);
    const std::string config = TempDirectory() + "/dashboard-config.json";
    const std::string out = TempDirectory() + "/dashboard-seen.json";
    std::ofstream(config) << json{
        {"chromium", kChromium},
        {"url", server_->Url()},
        {"token", token_},
        {"wrong_token", "ddk_" + std::string(64, '0')},
        {"cve", cve_},
        {"digest", digest_},
        {"purl", "pkg:npm/lodash"},
        {"range", "<4.17.21"},
        {"screenshot", screenshot_},
        {"screenshot_dir", DRYDOCK_BINARY_DIR},
        {"out", out}}.dump();
    Shell("NODE_PATH=" + modules + "/node_modules node " + kSource + "/tests/dashboard/drive.js " + config);
    seen_ = json::parse(ReadText(out));
    std::cout << "browser run done after " << seconds()
              << " s\nbrowser timings (ms): " << seen_.value("timings_ms", json::object()).dump()
              << "\nAPI calls [path, start, duration ms]: "
              << seen_.value("api_timings_ms", json::array()).dump() << "\nsteps: " << seen_["steps"].dump()
              << "\n";
  }
  static void TearDownTestSuite() {
    server_.reset();
    registry_.reset();
  }
  void SetUp() override {
    ASSERT_TRUE(registry_->Up());
    ASSERT_FALSE(seen_.is_null()) << "the browser run wrote nothing";
    if (seen_.contains("launch_error"))
      GTEST_SKIP() << kChromium << " cannot start: " << seen_["launch_error"];
    ASSERT_FALSE(seen_.contains("error")) << seen_["error"] << "\nsteps done: " << seen_["steps"].dump()
                                          << "\nconsole: " << seen_["console"].dump() << "\n"
                                          << server_->Log();
  }
  json Api(const std::string& path) {
    auto res = server_->Client()->Get(path, Bearer(token_));
    EXPECT_TRUE(res && res->status == 200) << path;
    return res ? json::parse(res->body) : json();
  }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::unique_ptr<ServerProcess> server_;
  static std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  static inline std::string token_, digest_, sbom_digest_, cve_, removed_cve_, screenshot_, base_old_, base_new_, index_, db_;
  static inline json report_, seen_, base_;
};

TEST_F(DashboardTest, ThePageIsServedWithoutATokenUnderAStrictPolicy) {
  const json& headers = seen_["headers"];
  const std::string csp = headers.value("content-security-policy", "");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(headers.value("x-content-type-options", ""), "nosniff");
  // The page's own script ran under that policy: no violation, no uncaught error.
  EXPECT_TRUE(seen_["page_errors"].empty()) << seen_["page_errors"].dump();
  for (const json& line : seen_["console"]) {
    const std::string text = line;
    EXPECT_EQ(text.find("Content Security Policy"), std::string::npos) << text;
    EXPECT_EQ(text.find("Refused"), std::string::npos) << text;
  }
}

TEST_F(DashboardTest, SignInRefusesAnUnknownTokenAndKeepsTheGoodOneInTheTabOnly) {
  EXPECT_NE(seen_["wrong_token_message"].get<std::string>().find("does not know"), std::string::npos)
      << seen_["wrong_token_message"];
  EXPECT_TRUE(seen_["token_kept_after_refusal"].is_null());
  EXPECT_TRUE(seen_["token_in_session_storage"].get<bool>());
  EXPECT_TRUE(seen_["token_after_logout"].is_null());
  EXPECT_TRUE(seen_["steps"].back().get<std::string>().starts_with("logout @")) << seen_["steps"];
}

TEST_F(DashboardTest, TheImageListShowsEachImageWithItsSeverityCounts) {
  std::map<std::string, json> shown;
  for (const json& row : seen_["images"]) shown[row["digest"]] = row;
  ASSERT_EQ(shown.size(), 2u) << seen_["images"].dump();
  const json listed = Api("/api/v1/images");  // held: a range-for over a temporary's member would dangle
  for (const json& image : listed["items"]) {
    const std::string digest = image["digest"];
    ASSERT_TRUE(shown.contains(digest)) << digest;
    const json report = Api("/api/v1/images/" + digest);
    std::map<std::string, int> counts;
    for (const json& f : report["vulnerabilities"]) ++counts[f["severity"]];
    EXPECT_EQ(shown[digest]["total"], report["vulnerabilities"].size()) << digest;
    for (const char* severity : {"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"}) {
      EXPECT_EQ(shown[digest]["severities"].value(severity, -1), counts[severity])
          << digest << " " << severity;
    }
  }
  EXPECT_GT(shown[digest_]["total"].get<int>(), 0);
  // The policy and running columns appear when the server reports them (other parts of the server add them).
  const json items = Api("/api/v1/images")["items"];
  const json& columns = seen_["images_columns"];
  auto has_column = [&](const std::string& name) {
    return std::find(columns.begin(), columns.end(), name) != columns.end();
  };
  auto api_has = [&](const char* field) {
    return std::any_of(items.begin(), items.end(), [&](const json& i) { return i.contains(field); });
  };
  EXPECT_EQ(has_column("Running"), api_has("running") || api_has("deployments")) << columns.dump();
  EXPECT_EQ(has_column("Policy"), api_has("policy") || api_has("policy_verdict") || api_has("verdict"))
      << columns.dump();
  EXPECT_TRUE(has_column("Findings by severity")) << columns.dump();
}

TEST_F(DashboardTest, TheBaseImageItsStateAndTheRecommendedRebuildAreShownAsChecked) {
  const std::string name = registry_->Host() + "/bases/debian";
  // The API: the app's base is minbase, found in the index under 12, whose tag now names the rebuilt base.
  const json& base = base_["base"];
  EXPECT_EQ(base["name"], name);
  EXPECT_EQ(base["tag"], "12");
  EXPECT_EQ(base["digest"], base_old_);
  EXPECT_EQ(base["source"], "index");
  EXPECT_EQ(base["layers"], 1);
  EXPECT_EQ(base_["current_digest"], base_new_);
  const json& recommended = base_["recommended"];
  ASSERT_TRUE(recommended.is_object()) << base_.dump();
  EXPECT_EQ(recommended["kind"], "refresh");
  EXPECT_EQ(recommended["digest"], base_new_);
  // What the rebuild removes, against a scan of the rebuilt base made here: the app's base-layer findings the
  // rebuilt base no longer has (glibc twice and gzip, in Debian's tracker data).
  auto rebuilt = RunDrydock("image " + name + ":12 --db " + db_ + " --cache-dir " + TempDirectory() +
                            "/dashboard-cli-cache -f json -q");
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  std::set<std::pair<std::string, std::string>> in_rebuilt;
  const json rebuilt_report = json::parse(rebuilt.out);
  for (const json& f : rebuilt_report["vulnerabilities"]) in_rebuilt.emplace(f["id"], f["package_name"]);
  EXPECT_FALSE(in_rebuilt.empty()) << rebuilt_report["artifact"].dump() << rebuilt_report["errors"].dump();
  std::map<std::string, int> removed;
  for (const json& f : report_["vulnerabilities"]) {
    if (f.value("base", false) && !in_rebuilt.contains({f["id"], f["package_name"]})) ++removed[f["severity"]];
  }
  EXPECT_EQ(removed, (std::map<std::string, int>{{"HIGH", 2}, {"MEDIUM", 1}}));
  EXPECT_EQ(recommended["removed"]["by_severity"], json(removed));
  EXPECT_EQ(recommended["removed"]["total"], 3);

  // The page shows the same: in the list, the base and its state; on the image page, how it was identified,
  // the state and the recommended rebuild with what it removes, in the severities' colours.
  for (const json& row : seen_["images"]) {
    if (row["digest"] == digest_) {
      EXPECT_EQ(row["base_name"], name + ":12");
      EXPECT_EQ(row["base_state"], "outdated");
    } else {
      EXPECT_TRUE(row["base_name"].is_null()) << row.dump();  // the SBOM has no base
    }
  }
  const json& shown = seen_["base"];
  EXPECT_EQ(shown["name"], name + ":12");
  EXPECT_EQ(shown["digest"], base_old_);
  EXPECT_EQ(shown["source"], "index");
  EXPECT_EQ(shown["reason"], base["reason"]);
  EXPECT_NE(shown["reason"].get<std::string>().find("first 1 of 4 layers"), std::string::npos) << shown.dump();
  EXPECT_EQ(shown["outdated"], "true");
  EXPECT_NE(shown["state"].get<std::string>().find(base_new_.substr(7, 12)), std::string::npos) << shown.dump();
  EXPECT_EQ(shown["recommended"], name + ":12");
  EXPECT_EQ(shown["recommended_removes"], "3");
  ASSERT_FALSE(shown["options"].empty()) << shown.dump();
  EXPECT_EQ(shown["options"][0]["kind"], "refresh");
  EXPECT_EQ(shown["options"][0]["removes"], 3);
  EXPECT_EQ(shown["options"][0]["badges"], json(removed));
  // The move was announced once, as a base.outdated event.
  const json events = Api("/api/v1/events?after=0&type=base.outdated");
  ASSERT_EQ(events["items"].size(), 1u) << events.dump();
  EXPECT_EQ(events["items"][0]["digest"], digest_);
}

TEST_F(DashboardTest, MarkupInStoredNamesIsShownAsText) {
  std::string name;
  for (const json& row : seen_["images"]) {
    if (row["digest"] == sbom_digest_) name = row["name"];
  }
  EXPECT_EQ(name, kHostileName + ":" + kHostileTag);
  EXPECT_EQ(seen_["injected_elements"], 0);
}

TEST_F(DashboardTest, SearchingACveShowsExactlyTheImagesThatHaveIt) {
  ASSERT_EQ(seen_["search_view"]["state"], "ready") << seen_["search_view"].dump();
  const json affected = Api("/api/v1/vulnerabilities/" + cve_ + "/affected");
  std::multiset<std::tuple<std::string, std::string, std::string, std::string>> want, got;
  for (const json& a : affected["items"])
    want.emplace(a["digest"], a["id"], a["package"], a["installed_version"]);
  for (const json& r : seen_["search_rows"]) got.emplace(r["digest"], r["id"], r["package"], r["installed"]);
  EXPECT_EQ(got, want);
  std::set<std::string> digests;
  for (const auto& row : got) digests.insert(std::get<0>(row));
  EXPECT_EQ(digests, std::set<std::string>{digest_})
      << "the app image has " << cve_ << "; the Alpine SBOM does not";
  EXPECT_NE(seen_["search_summary"].get<std::string>().find("1 image has " + cve_), std::string::npos)
      << seen_["search_summary"];
}

TEST_F(DashboardTest, SearchingAPackageAndRangeShowsEveryImageHoldingIt) {
  ASSERT_EQ(seen_["package_view"]["state"], "ready") << seen_["package_view"].dump();
  const json holders = Api("/api/v1/packages?purl=pkg:npm/lodash&range=%3C4.17.21");
  std::multiset<std::tuple<std::string, std::string, std::string>> want, got;
  for (const json& p : holders["items"]) want.emplace(p["digest"], p["name"], p["version"]);
  for (const json& r : seen_["package_rows"]) got.emplace(r["digest"], r["package"], r["installed"]);
  EXPECT_EQ(got, want);
  // The app image's lodash is 4.17.15 (its npm ls oracle), inside the range.
  EXPECT_TRUE(got.contains({digest_, "lodash", "4.17.15"})) << seen_["package_rows"].dump();
}

TEST_F(DashboardTest, TheImagePageShowsTheStoredFindingsWithLayerAndFix) {
  ASSERT_EQ(seen_["image_view"]["state"], "ready") << seen_["image_view"].dump();
  EXPECT_EQ(seen_["image_digest_shown"], digest_);
  std::map<std::string, std::string> steps;
  for (const json& layer : report_["artifact"]["layers"]) steps[layer["diff_id"]] = layer["created_by"];
  using Row =
      std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, std::string>;
  std::multiset<Row> want, got;
  for (const json& f : report_["vulnerabilities"]) {
    const std::string layer = f["layer_diff_id"];
    want.emplace(
        f["id"], f["severity"], f["package_name"], f["installed_version"], f.value("fixed_version", ""),
        layer,
        steps.contains(layer) && !steps[layer].empty() ? steps[layer] : "layer " + layer.substr(7, 12));
  }
  for (const json& r : seen_["findings"]) {
    got.emplace(r["id"], r["severity"], r["package"], r["installed"], r["fixed"], r["layer_diff_id"],
                r["step"]);
  }
  EXPECT_EQ(got, want);
  // The app image's findings carry a Dockerfile step and most have a fix: both columns are really filled.
  int fixed = 0, with_step = 0;
  for (const Row& row : got) {
    fixed += !std::get<4>(row).empty();
    with_step += std::get<6>(row).find("npm install") != std::string::npos;
  }
  EXPECT_GT(fixed, 0);
  EXPECT_GT(with_step, 0);
  // The filter box narrows the table to the findings carrying the CVE.
  std::set<std::string> with_cve;
  for (const json& f : report_["vulnerabilities"]) {
    bool has = f["id"] == cve_;
    for (const json& alias : f["aliases"]) has = has || alias == cve_;
    if (has) with_cve.insert(f["id"]);
  }
  std::set<std::string> filtered(seen_["filtered_rows"].begin(), seen_["filtered_rows"].end());
  EXPECT_EQ(filtered, with_cve);
}

TEST_F(DashboardTest, TheScreenshotHoldsTheRenderedPage) {
  ASSERT_TRUE(std::filesystem::exists(screenshot_));
  const std::string png = ReadText(screenshot_);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  const json& stats = seen_["screenshot"];
  EXPECT_EQ(stats["width"], 1360);
  // Not blank: text, tables and badges cover a real part of the page, in many colours (anti-aliased text).
  EXPECT_GT(stats["content_fraction"].get<double>(), 0.05) << stats.dump();
  EXPECT_GT(stats["distinct_colours"].get<int>(), 50) << stats.dump();
  // Every severity the image has is drawn in its colour (badges and the bar at the top of the page).
  std::map<std::string, int> counts;
  for (const json& f : report_["vulnerabilities"]) ++counts[f["severity"]];
  for (const char* severity : {"CRITICAL", "HIGH", "MEDIUM", "LOW"}) {
    const int pixels = stats["severity_pixels"][severity];
    if (counts[severity] > 0) {
      EXPECT_GT(pixels, 100) << severity << " " << stats.dump();
    } else {
      EXPECT_LT(pixels, 20) << severity << " is not in the report but its colour is on the page";
    }
  }
  // Not an error page.
  EXPECT_EQ(seen_["image_view"]["text"].get<std::string>().find("Could not load"), std::string::npos);
}

// The event feed shows every stored event (newest first) with the values the API holds: the image.scanned of
// each scan and the finding.resolved of the second DB generation, with its vulnerability and package.
TEST_F(DashboardTest, TheEventFeedShowsTheStoredEventsWithTheirFindings) {
  ASSERT_EQ(seen_["panels"]["events"]["state"], "ready") << seen_["panels"]["events"].dump();
  const json events = Api("/api/v1/events?after=0&limit=1000")["items"];
  const json& rows = seen_["event_rows"];
  ASSERT_EQ(rows.size(), events.size()) << rows.dump();
  int resolved_with_cve = 0, scanned = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const json& e = events[i];
    const json& row = rows[events.size() - 1 - i];  // newest first
    EXPECT_EQ(row["id"], std::to_string(e["id"].get<int>()));
    EXPECT_EQ(row["type"], e["type"]);
    EXPECT_EQ(row["severity"], e["severity"]) << row.dump();
    const std::string detail = row["detail"];
    if (e["type"] == "finding.resolved") {
      const json& f = e["payload"]["finding"];
      EXPECT_NE(row["image"].get<std::string>().find(e["repository"].get<std::string>()), std::string::npos);
      EXPECT_NE(detail.find(f["vulnerability"].get<std::string>()), std::string::npos) << detail;
      EXPECT_NE(detail.find(f["package"].get<std::string>() + " " + f["installed_version"].get<std::string>()),
                std::string::npos)
          << detail;
      EXPECT_EQ(e["digest"], digest_) << "only the app image had " << removed_cve_;
      bool names_cve = f["vulnerability"] == removed_cve_;
      for (const json& alias : f["aliases"]) names_cve = names_cve || alias == removed_cve_;
      resolved_with_cve += names_cve;
    } else if (e["type"] == "image.scanned") {
      ++scanned;
      EXPECT_NE(detail.find(std::to_string(e["payload"]["findings"].get<int>()) + " findings"), std::string::npos)
          << detail;
      EXPECT_NE(detail.find("tag " + e["payload"]["tag"].get<std::string>()), std::string::npos) << detail;
    }
  }
  EXPECT_GT(resolved_with_cve, 0) << events.dump();
  EXPECT_GE(scanned, 2) << "one per scan: tags 1.0 and latest at least";
}

// The trends chart has one bar per DB generation, its parts the API's findings per severity; the second
// generation's total is every finding stored after it.
TEST_F(DashboardTest, TheTrendsChartShowsEachGenerationsFindingsBySeverity) {
  ASSERT_EQ(seen_["panels"]["trends"]["state"], "ready") << seen_["panels"]["trends"].dump();
  const json generations = Api("/api/v1/generations")["items"];
  ASSERT_EQ(generations.size(), 2u) << generations.dump();
  const json& bars = seen_["generation_bars"];
  ASSERT_EQ(bars.size(), generations.size()) << bars.dump();
  for (std::size_t i = 0; i < generations.size(); ++i) {
    const json& g = generations[i];
    EXPECT_EQ(bars[i]["id"], std::to_string(g["id"].get<int>()));
    int total = 0;
    for (const auto& [severity, count] : g["findings_by_severity"].items()) {
      total += count.get<int>();
      EXPECT_EQ(bars[i]["counts"].value(severity, 0), count.get<int>()) << severity << " " << bars[i].dump();
    }
    EXPECT_EQ(bars[i]["total"], total) << bars[i].dump();
  }
  int stored = 0;
  const json images = Api("/api/v1/images");  // held: a range-for over a temporary's member would dangle
  for (const json& image : images["items"]) {
    stored += static_cast<int>(Api("/api/v1/images/" + image["digest"].get<std::string>())["vulnerabilities"].size());
  }
  EXPECT_EQ(bars[1]["total"], stored);
  EXPECT_GT(stored, 0);
}

TEST_F(DashboardTest, PanelsShowTheirDataOrSayTheyAreNotAvailable) {
  ASSERT_TRUE(seen_["shape_failures"].is_array());
  EXPECT_TRUE(seen_["shape_failures"].empty()) << seen_["shape_failures"].dump();
  for (const char* view : {"events", "alerts", "trends"}) {
    const json& panel = seen_["panels"][view];
    const std::string state = panel["state"];
    EXPECT_TRUE(state == "ready" || state == "unavailable") << view << ": " << panel.dump();
    if (state == "unavailable") {
      EXPECT_NE(panel["text"].get<std::string>().find("not available on this server"), std::string::npos)
          << panel.dump();
    }
  }
}

}  // namespace
}  // namespace drydock::e2e
