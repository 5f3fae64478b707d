// drydock query affected ID --server URL [--token T]   and   drydock query package PURL [--range R] --server URL:
// the server's incident-response answers as tables, every page fetched.
#include <fmt/core.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <expected>
#include <memory>

#include "cli/commands.h"
#include "common/bounded_json.h"

namespace drydock {
namespace {

using json = nlohmann::json;

constexpr int kMaxPages = 1000;

struct QueryFlags {
  std::string server = "http://127.0.0.1:8080";
  std::string token;  // else $DRYDOCK_TOKEN
  std::string id, purl, range;
  std::string format = "table";
};

// Every item of a paged listing, or an error message.
std::expected<json, std::string> FetchAll(QueryFlags& flags, const std::string& path, httplib::Params params) {
  if (flags.token.empty()) {
    if (const char* env = std::getenv("DRYDOCK_TOKEN"); env != nullptr) flags.token = env;
  }
  httplib::Client client(flags.server);
  client.set_connection_timeout(std::chrono::seconds(10));
  client.set_read_timeout(std::chrono::seconds(60));
  httplib::Headers headers = {{"Authorization", "Bearer " + flags.token}};
  json items = json::array();
  for (int page = 0; page < kMaxPages; ++page) {
    auto res = client.Get(path, params, headers);
    if (!res) return std::unexpected(fmt::format("{}: {}", flags.server, httplib::to_string(res.error())));
    json body = json::parse(res->body, nullptr, false);
    if (res->status != 200) {
      std::string why = body.is_object() && body.contains("error") ? JsonString(body["error"], "message") : res->body;
      return std::unexpected(fmt::format("{} {}: {}", res->status, path, why));
    }
    if (!body.is_object() || !body.contains("items") || !body["items"].is_array()) {
      return std::unexpected(fmt::format("{} {}: the answer is not a page of items", res->status, path));
    }
    for (json& item : body["items"]) items.push_back(std::move(item));
    if (!body.contains("next_cursor")) return items;
    if (!body["next_cursor"].is_string()) return std::unexpected(fmt::format("{}: next_cursor is not a string", path));
    params.erase("cursor");
    params.emplace("cursor", body["next_cursor"].get<std::string>());
  }
  return items;
}

std::string Tags(const json& item) {
  std::string out;
  if (auto tags = item.find("tags"); tags != item.end() && tags->is_array()) {
    for (const json& tag : *tags) {
      if (tag.is_string()) out += (out.empty() ? "" : ", ") + tag.get<std::string>();
    }
  }
  return out.empty() ? JsonString(item, "repository") : out;
}

int Print(const std::expected<json, std::string>& items, const QueryFlags& flags,
          const std::vector<std::pair<std::string, std::string>>& columns) {
  if (!items) {
    fmt::print(stderr, "drydock: {}\n", items.error());
    return kExitError;
  }
  if (flags.format == "json") {
    fmt::print("{}\n", items->dump(2));
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {{}};
  for (const auto& [title, key] : columns) rows[0].push_back(title);
  for (const json& item : *items) {
    std::vector<std::string> row;
    for (const auto& [title, key] : columns) {
      row.push_back(key == "tags" ? Tags(item) : key == "digest" ? JsonString(item, key.c_str()).substr(0, 19) : JsonString(item, key.c_str()));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(columns.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += fmt::format("{:<{}}  ", row[i], widths[i]);
    fmt::print("{}\n", line.substr(0, line.find_last_not_of(' ') + 1));
  }
  fmt::print("{} image{}\n", items->size(), items->size() == 1 ? "" : "s");
  return kExitOk;
}

void AddCommon(CLI::App& app, QueryFlags& flags) {
  app.add_option("--server", flags.server, "drydock server URL")->capture_default_str();
  app.add_option("--token", flags.token, "API token with the read scope (default: $DRYDOCK_TOKEN)");
  app.add_option("-f,--format", flags.format, "table | json")->capture_default_str();
}

}  // namespace

CommandRunner AddQueryAffectedCommand(CLI::App& app) {
  auto flags = std::make_shared<QueryFlags>();
  app.add_option("id", flags->id, "Advisory id or alias (CVE-2021-44228, GHSA-...)")->required();
  AddCommon(app, *flags);
  return [flags] {
    auto items = FetchAll(*flags, "/api/v1/vulnerabilities/" + flags->id + "/affected", {{"limit", "1000"}});
    return Print(items, *flags, {{"IMAGE", "digest"}, {"TAGS", "tags"}, {"PACKAGE", "package"},
                                 {"INSTALLED", "installed_version"}, {"FIXED", "fixed_version"},
                                 {"SEVERITY", "severity"}, {"LAYER STEP", "created_by"}});
  };
}

CommandRunner AddQueryPackageCommand(CLI::App& app) {
  auto flags = std::make_shared<QueryFlags>();
  app.add_option("purl", flags->purl, "Package URL without a version (pkg:maven/org.apache.logging.log4j/log4j-core)")
      ->required();
  app.add_option("--range", flags->range, "Versions to find: <2.17.1, >=2.0,<2.17.1, =1.2.3");
  AddCommon(app, *flags);
  return [flags] {
    httplib::Params params = {{"purl", flags->purl}, {"limit", "1000"}};
    if (!flags->range.empty()) params.emplace("range", flags->range);
    auto items = FetchAll(*flags, "/api/v1/packages", params);
    return Print(items, *flags, {{"IMAGE", "digest"}, {"TAGS", "tags"}, {"PACKAGE", "name"}, {"VERSION", "version"},
                                 {"PATH", "path"}});
  };
}

}  // namespace drydock
