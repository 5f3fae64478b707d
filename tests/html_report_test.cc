// The HTML report in a real browser: headless Chromium loads the page from disk, its script must run without
// a single console message or error (the page marks <html data-ready=N> when done, an early trap marks
// data-js-error), and a screenshot must show the severity chart's bars at their computed sizes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli_runner.h"
#include "report_fixtures.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

const std::string kChromium = "/usr/bin/chromium";
// The chart's geometry and colours as html_chart.cc and html_parts.h draw them, in severity order.
constexpr std::array<const char*, 5> kSeverities = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"};
constexpr std::array<const char*, 5> kBarColours = {"#b3001b", "#f2600c", "#f5b800", "#2f6fdb", "#8a8a8a"};
constexpr int kTrackWidthPx = 380, kBarHeightPx = 26, kMinBarWidthPx = 6;

std::string Run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs headless Chromium with its own profile; returns stdout, and the browser log (stderr) in `log`.
std::string Chromium(const std::string& args, std::string* log) {
  static int run = 0;
  std::string profile = TempDirectory() + "/chromium-" + std::to_string(run++);
  std::string log_path = profile + ".log";
  std::string out = Run(
      kChromium + " --headless=new --disable-gpu --no-sandbox --hide-scrollbars --user-data-dir=" + profile +
      " --enable-logging=stderr --v=0 " + args + " 2>" + log_path);
  *log = Slurp(log_path);
  return out;
}

// Console lines Chromium logged for the page (uncaught errors are logged this way too).
std::string ConsoleLines(const std::string& log) {
  std::string out;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(":CONSOLE") != std::string::npos) out += line + "\n";
  }
  return out;
}

struct Rendered {
  std::string html_path;
  json report;  // the same scan as JSON, for the expected counts
};

Rendered Render(const std::string& name, const std::string& scan) {
  Rendered r{TempDirectory() + "/" + name + ".html", {}};
  auto html = RunDrydock(scan + " -q -f html -o " + r.html_path);
  EXPECT_EQ(html.exit_code, 0) << html.err;
  auto as_json = RunDrydock(scan + " -q -f json");
  EXPECT_EQ(as_json.exit_code, 0) << as_json.err;
  r.report = json::parse(as_json.out);
  return r;
}

std::string RootTag(const std::string& dom) {
  std::smatch m;
  return std::regex_search(dom, m, std::regex("<html[^>]*>")) ? m.str() : "";
}

void ExpectRunsClean(const Rendered& r) {
  std::string log;
  std::string dom = Chromium("--dump-dom file://" + r.html_path, &log);
  EXPECT_EQ(ConsoleLines(log), "");
  std::string root = RootTag(dom);
  EXPECT_EQ(root.find("data-js-error"), std::string::npos) << root;
  EXPECT_NE(root.find("data-ready=\"" + std::to_string(r.report["vulnerabilities"].size()) + "\""),
            std::string::npos)
      << root;
}

// Pixels of each bar colour against the bar area the counts call for (round(count*380/max), at least 6 px).
void ExpectChartDrawn(const Rendered& r, const std::string& name) {
  std::array<int, 5> counts{};
  for (const auto& f : r.report["vulnerabilities"]) {
    std::size_t i = 0;
    while (i + 1 < kSeverities.size() && f["severity"] != kSeverities[i]) ++i;
    ++counts[i];
  }
  const int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
  std::string png = TempDirectory() + "/" + name + ".png", log;
  Chromium("--screenshot=" + png + " --window-size=1280,2000 file://" + r.html_path, &log);
  ASSERT_TRUE(std::filesystem::exists(png)) << log;
  std::string colours;
  for (const char* c : kBarColours) colours += std::string(" '") + c + "'";
  std::istringstream lines(Run("/usr/bin/python3 " + std::string(DRYDOCK_SOURCE_DIR) +
                               "/tests/tools/png_colour_count.py " + png + colours));
  for (std::size_t i = 0; i < kSeverities.size(); ++i) {
    std::string colour;
    long pixels = -1;
    lines >> colour >> pixels;
    ASSERT_EQ(colour, kBarColours[i]);
    int width = static_cast<int>(static_cast<double>(counts[i]) * kTrackWidthPx / most + 0.5);
    if (counts[i] > 0) width = std::max(width, kMinBarWidthPx);
    const long area = static_cast<long>(width) * kBarHeightPx;
    EXPECT_NEAR(pixels, area, 0.02 * area + 10)
        << name << " " << kSeverities[i] << ": " << counts[i] << " findings";
  }
}

class HtmlReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kChromium))
      GTEST_SKIP() << kChromium << " is absent (Debian package chromium)";
  }
};

TEST_F(HtmlReportTest, AppImageRendersWithEverySection) {
  Rendered r = Render("debian12-app", "image " + TestData("images/debian12-app.docker.tar.gz") + " --db " +
                                          AppDb() + " --scanners vuln,secret,config");
  ASSERT_GT(r.report["vulnerabilities"].size(), 0u);
  std::string page = Slurp(r.html_path);
  for (const char* id :
       {"severity-chart", "by-layer", "by-package", "findings-table", "secrets", "misconfigurations"}) {
    EXPECT_NE(page.find("id=\"" + std::string(id) + "\""), std::string::npos) << id;
  }
  // Each layer's history entry is shown (escaped), and the digest and OS head the page.
  EXPECT_NE(page.find("rm -rf /app/web/node_modules/minimist /app/lib/snakeyaml-1.33.jar &amp;&amp; mkdir"),
            std::string::npos);
  EXPECT_NE(page.find(r.report["artifact"]["digest"].get<std::string>()), std::string::npos);
  EXPECT_NE(page.find("Debian GNU/Linux 12"), std::string::npos);
  // Self-contained: nothing is fetched, by tag or by CSS.
  for (const char* fetch : {" src=", "<link", "url(", "@import"})
    EXPECT_EQ(page.find(fetch), std::string::npos) << fetch;
  ExpectRunsClean(r);
  ExpectChartDrawn(r, "debian12-app");
}

// A hand-written SBOM with findings of all five severities (GHSA and Go vulndb records), so every bar is
// drawn.
TEST_F(HtmlReportTest, ChartDrawsEverySeverity) {
  Rendered r = Render("app-deps", "sbom " + std::string(DRYDOCK_SOURCE_DIR) +
                                      "/tests/data/sbom/app-deps.cdx.json --db " + AppDb());
  EXPECT_EQ(r.report["vulnerabilities"].size(), 15u);
  ExpectRunsClean(r);
  ExpectChartDrawn(r, "app-deps");
}

// The filter box reads #filter=TEXT, so the script's filtering is exercised without a click.
TEST_F(HtmlReportTest, FilterFromUrlHidesOtherRows) {
  Rendered r = Render("app-deps-filter", "sbom " + std::string(DRYDOCK_SOURCE_DIR) +
                                             "/tests/data/sbom/app-deps.cdx.json --db " + AppDb());
  std::string log;
  std::string dom = Chromium("--dump-dom 'file://" + r.html_path + "#filter=lodash'", &log);
  EXPECT_NE(RootTag(dom).find("data-shown=\"3\""), std::string::npos) << RootTag(dom);
  EXPECT_EQ(ConsoleLines(log), "");
}

TEST_F(HtmlReportTest, HostileNamesAreEscaped) {
  std::string sbom = TempDirectory() + "/hostile.cdx.json";
  std::ofstream(sbom) << R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"component":
    {"name": "<img src=x onerror=alert(1)>"}}, "components": [{"name": "x",
    "purl": "pkg:npm/%3Cscript%3Ealert(1)%3C%2Fscript%3E@1.0.0%22%27"}]})";
  std::string html = TempDirectory() + "/hostile.html";
  auto result = RunDrydock("sbom " + sbom + " --skip-db -q -f html -o " + html);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string page = Slurp(html);
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(page.find("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), std::string::npos);
  EXPECT_NE(page.find(">1.0.0&quot;&#39;</td>"), std::string::npos);
  std::string log;
  std::string dom = Chromium("--dump-dom file://" + html, &log);
  EXPECT_EQ(RootTag(dom).find("data-js-error"), std::string::npos);
  EXPECT_NE(RootTag(dom).find("data-ready=\"0\""), std::string::npos) << RootTag(dom);
  EXPECT_EQ(ConsoleLines(log), "");
}

// The error trap itself works: a page whose script fails is caught both ways the tests above rely on.
TEST_F(HtmlReportTest, BrokenScriptIsDetected) {
  std::string page = TempDirectory() + "/broken.html";
  std::ofstream(page) << "<html><body><script>window.addEventListener('error',function(e){"
                         "document.documentElement.setAttribute('data-js-error',e.message)});</script>"
                         "<script>nope(</script></body></html>";
  std::string log;
  std::string dom = Chromium("--dump-dom file://" + page, &log);
  EXPECT_NE(RootTag(dom).find("data-js-error"), std::string::npos);
  EXPECT_NE(ConsoleLines(log), "");
}

}  // namespace
}  // namespace drydock::e2e
