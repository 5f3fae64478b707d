// The dashboard's files as the server carries them: byte-equal to src/server/ui/, served at / and /ui/NAME
// with the security headers, nothing else served, and the two rules the page's safety rests on checked in
// its source: no inline script or style (the CSP forbids them), and no HTML parsing of data (no innerHTML).
#include "server/ui.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "server/embedded_file.h"

namespace drydock {
namespace {

std::string SourceFile(const std::string& name) {
  std::ifstream in(std::string(DRYDOCK_SOURCE_DIR) + "/src/server/ui/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string_view Embedded(std::string_view name) {
  for (const EmbeddedFile& file : UiFiles()) {
    if (file.name == name) return file.bytes;
  }
  return {};
}

TEST(UiTest, EmbeddedFilesAreTheSourceFilesByteForByte) {
  std::set<std::string> on_disk, embedded;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(DRYDOCK_SOURCE_DIR) + "/src/server/ui")) {
    on_disk.insert(entry.path().filename().string());
  }
  for (const EmbeddedFile& file : UiFiles()) embedded.insert(std::string(file.name));
  EXPECT_EQ(embedded, on_disk) << "src/server/CMakeLists.txt lists every file of ui/";
  for (const EmbeddedFile& file : UiFiles()) {
    const std::string source = SourceFile(std::string(file.name));
    ASSERT_FALSE(source.empty()) << file.name;
    EXPECT_EQ(file.bytes, source) << file.name;
  }
}

TEST(UiTest, OnlyTheRootAndNamedAssetsAreUiPaths) {
  for (std::string_view path : {"/", "/ui/app.js", "/ui/anything"}) EXPECT_TRUE(IsUiPath(path)) << path;
  for (std::string_view path :
       {"", "/ui/", "/ui", "/uix/app.js", "/api/v1/images", "/index.html", "//", "/metrics"}) {
    EXPECT_FALSE(IsUiPath(path)) << path;
  }
}

TEST(UiTest, PageHasNoInlineScriptStyleOrHandlers) {
  const std::string index(Embedded("index.html"));
  ASSERT_FALSE(index.empty());
  const std::regex script("<script([^>]*)>", std::regex::icase);
  int scripts = 0;
  for (auto it = std::sregex_iterator(index.begin(), index.end(), script); it != std::sregex_iterator();
       ++it) {
    EXPECT_NE((*it)[1].str().find("src=\"/ui/"), std::string::npos) << (*it)[0].str();
    ++scripts;
  }
  EXPECT_EQ(scripts, 1);
  EXPECT_FALSE(std::regex_search(index, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase)))
      << "inline handler";
  EXPECT_FALSE(std::regex_search(index, std::regex(R"(\sstyle\s*=|<style)", std::regex::icase)))
      << "inline style";
  // Data reaches the page only as text nodes and attributes: nothing that parses a string as HTML or code.
  int modules = 0;
  for (const EmbeddedFile& file : UiFiles()) {
    if (!file.name.ends_with(".js")) continue;
    ++modules;
    for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                             "new Function", "DOMParser", "createContextualFragment"}) {
      EXPECT_EQ(file.bytes.find(sink), std::string::npos) << file.name << ": " << sink;
    }
  }
  EXPECT_GT(modules, 1);
}

class UiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterUi(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  httplib::Result Get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    return client.Get(path);
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(UiServerTest, ServesThePageAndAssetsWithSecurityHeaders) {
  auto page = Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, Embedded("index.html"));
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
  for (const auto& [path, type] :
       std::vector<std::pair<std::string, std::string>>{{"/ui/app.js", "text/javascript; charset=utf-8"},
                                                        {"/ui/app.css", "text/css; charset=utf-8"},
                                                        {"/ui/icon.svg", "image/svg+xml"}}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), type) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
}

TEST_F(UiServerTest, ARevalidationWithTheFilesETagIsA304) {
  auto first = Get("/ui/app.js");
  ASSERT_TRUE(first);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_EQ(etag.size(), 34u) << etag;
  httplib::Client client("127.0.0.1", port_);
  auto again = client.Get("/ui/app.js", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->get_header_value("Content-Security-Policy"),
            first->get_header_value("Content-Security-Policy"));
  auto other = client.Get("/", {{"If-None-Match", etag}});  // another file's tag does not match
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_NE(other->get_header_value("ETag"), etag);
}

TEST_F(UiServerTest, ServesNothingButTheEmbeddedFiles) {
  for (const char* path : {"/ui/missing.js", "/ui/index", "/ui/../api.cc", "/ui/%2e%2e%2fapi.cc",
                           "/ui/.%2Fapp.js", "/ui/app.js/x", "/index.html"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
  }
}

}  // namespace
}  // namespace drydock
