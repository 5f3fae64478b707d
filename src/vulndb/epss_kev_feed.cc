// ReadEpssFeed and ReadKevFeed: the two exploitation signals a finding carries. EPSS (FIRST,
// https://www.first.org/epss/data_stats) is a daily CSV of every CVE's probability of exploitation in the next
// 30 days; KEV (CISA, https://www.cisa.gov/known-exploited-vulnerabilities-catalog) lists CVEs known to be
// exploited. The DB keeps them only for CVEs that some advisory names.
#include <archive.h>
#include <archive_entry.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <memory>

#include "common/file.h"
#include "common/bounded_json.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

using nlohmann::json;

std::optional<double> Probability(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !(value >= 0 && value <= 1)) return std::nullopt;
  return value;
}

// The file's bytes, inflated when it is gzip (the published form is epss_scores-current.csv.gz).
Result<std::string> ReadMaybeCompressed(const std::string& path, std::size_t max_bytes) {
  std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_raw(reader.get());
  if (archive_read_open_filename(reader.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    const char* why = archive_error_string(reader.get());
    return Fail("{}: {}", path, why ? why : "cannot be read");
  }
  archive_entry* entry = nullptr;
  if (archive_read_next_header(reader.get(), &entry) != ARCHIVE_OK) return std::string();  // an empty file
  std::string bytes;
  char buffer[64 * 1024];
  for (la_ssize_t n; (n = archive_read_data(reader.get(), buffer, sizeof(buffer))) != 0;) {
    if (n < 0) return Fail("{}: {}", path, archive_error_string(reader.get()));
    if (bytes.size() + static_cast<std::size_t>(n) > max_bytes) return Fail("{}: over {} bytes", path, max_bytes);
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  return bytes;
}

}  // namespace

Result<std::vector<CveEnrichment>> ParseEpssCsv(std::string_view csv, std::vector<std::string>* warnings) {
  std::vector<CveEnrichment> out;
  bool header = false;
  std::size_t line_number = 0;
  while (!csv.empty()) {
    const std::size_t newline = csv.find('\n');
    std::string_view line = csv.substr(0, newline);
    csv.remove_prefix(newline == std::string_view::npos ? csv.size() : newline + 1);
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() || line.starts_with('#')) continue;  // "#model_version:v2023.03.01,score_date:..."
    if (!header) {
      if (line != "cve,epss,percentile") return Fail("line {}: not an EPSS CSV (header \"{}\")", line_number, line);
      header = true;
      continue;
    }
    const std::size_t first = line.find(','), second = line.find(',', first + 1);
    const std::string_view cve = line.substr(0, first);
    const auto epss = first == std::string_view::npos ? std::nullopt : Probability(line.substr(first + 1, second - first - 1));
    const auto percentile = second == std::string_view::npos ? std::nullopt : Probability(line.substr(second + 1));
    if (!cve.starts_with("CVE-") || !epss || !percentile) {
      if (warnings) warnings->push_back(fmt::format("line {}: not \"CVE-...,probability,percentile\"", line_number));
      continue;
    }
    out.push_back(CveEnrichment{std::string(cve), {}, false, epss, percentile});
  }
  if (!header) return Fail("not an EPSS CSV: no \"cve,epss,percentile\" header");
  return out;
}

Result<std::vector<CveEnrichment>> ParseKevCatalog(std::string_view text, std::string* released) {
  auto parsed = ParseBoundedJson(text, "KEV catalog", kMaxKevBytes, kMaxJsonDepth);
  if (!parsed) return std::unexpected(parsed.error());
  const json root = std::move(*parsed);
  auto list = root.is_object() ? root.find("vulnerabilities") : root.end();
  if (list == root.end() || !list->is_array()) return Fail("not a KEV catalog: no vulnerabilities list");
  if (auto date = root.find("dateReleased"); released && date != root.end() && date->is_string()) *released = *date;
  std::vector<CveEnrichment> out;
  for (const json& entry : *list) {
    auto id = entry.is_object() ? entry.find("cveID") : entry.end();
    if (id == entry.end() || !id->is_string() || !id->get<std::string>().starts_with("CVE-")) {
      return Fail("KEV entry {} has no cveID", out.size());
    }
    out.push_back(CveEnrichment{id->get<std::string>(), {}, true, std::nullopt, std::nullopt});
  }
  return out;
}

Result<FeedData> ReadEpssFeed(const std::string& file) {
  auto bytes = ReadMaybeCompressed(file, kMaxEpssBytes);
  if (!bytes) return std::unexpected(bytes.error());
  FeedData feed;
  feed.info = FeedInfo{"epss", file, "", 0, 0};
  std::vector<std::string> warnings;
  auto parsed = ParseEpssCsv(*bytes, &warnings);
  if (!parsed) return Rewrap(parsed.error(), "{}", file);
  for (std::string& warning : warnings) feed.warnings.push_back(file + ": " + std::move(warning));
  feed.info.skipped = warnings.size();
  // "#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000": the date says how old the scores are.
  if (auto at = bytes->find("score_date:"); at != std::string::npos && at < 200) {
    feed.info.updated = bytes->substr(at + 11, bytes->find_first_of(",\r\n", at) - at - 11);
  }
  feed.enrichments = std::move(*parsed);
  feed.info.advisories = feed.enrichments.size();
  return feed;
}

Result<FeedData> ReadKevFeed(const std::string& file) {
  auto bytes = ReadFileBounded(file, kMaxKevBytes);
  if (!bytes) return std::unexpected(bytes.error());
  std::string released;
  auto parsed = ParseKevCatalog(*bytes, &released);
  if (!parsed) return Rewrap(parsed.error(), "{}", file);
  FeedData feed;
  feed.info = FeedInfo{"kev", file, released, 0, 0};
  feed.enrichments = std::move(*parsed);
  feed.info.advisories = feed.enrichments.size();
  return feed;
}

}  // namespace drydock
