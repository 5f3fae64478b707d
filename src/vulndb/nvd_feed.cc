// ReadNvdFeed: NVD's CVE API 2.0 JSON (https://nvd.nist.gov/developers/vulnerabilities) -> NVD's rating and
// KEV mark per CVE. Only what a finding needs is kept: one rating (severity + the vector it came from) and
// whether CISA lists the CVE as exploited (NVD copies the KEV fields cisaExploitAdd... into the CVE).
//
// Which metric rates: NVD's own analysis ("type": "Primary", source nvd@nist.gov) over a CNA's copy
// ("Secondary"), and within each, CVSS v3.1, v3.0, v4.0, then v2 — v3 is what every other feed here states,
// so ratings stay comparable across sources (Trivy and Grype make the same choice).
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "vulndb/cve_files.h"
#include "vulndb/cvss.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

using nlohmann::json;

constexpr const char* kMetricKeys[] = {"cvssMetricV31", "cvssMetricV30", "cvssMetricV40", "cvssMetricV2"};

std::string StringAt(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<double> NumberAt(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

// The first metric of `metrics` with the given type that yields a rating.
std::optional<SeverityRating> RateMetrics(const json& metrics, std::string_view type, const std::string& cve) {
  for (const char* key : kMetricKeys) {
    auto list = metrics.find(key);
    if (list == metrics.end() || !list->is_array()) continue;
    const bool v2 = std::string_view(key) == "cvssMetricV2";
    for (const json& metric : *list) {
      if (!metric.is_object() || StringAt(metric, "type") != type) continue;
      auto data = metric.find("cvssData");
      if (data == metric.end() || !data->is_object()) continue;
      // v2 states its severity beside cvssData, v3/v4 inside it.
      std::string stated = StringAt(*data, "baseSeverity");
      if (stated.empty()) stated = StringAt(metric, "baseSeverity");
      const std::string vector = StringAt(*data, "vectorString");
      if (auto rating = RatingOfMetric(stated, NumberAt(*data, "baseScore"), vector, v2)) {
        return SeverityRating{"nvd", *rating, vector, cve};
      }
    }
  }
  return std::nullopt;
}

// One "cve" object -> its enrichment; nullopt for a rejected CVE or one NVD neither rates nor marks KEV.
std::optional<CveEnrichment> ReadCve(const json& cve) {
  if (!cve.is_object()) throw std::invalid_argument("cve is not an object");
  CveEnrichment out;
  out.cve = StringAt(cve, "id");
  if (!out.cve.starts_with("CVE-")) throw std::invalid_argument("no CVE id");
  if (StringAt(cve, "vulnStatus") == "Rejected") return std::nullopt;
  if (auto metrics = cve.find("metrics"); metrics != cve.end() && metrics->is_object()) {
    std::optional<SeverityRating> rating = RateMetrics(*metrics, "Primary", out.cve);
    if (!rating) rating = RateMetrics(*metrics, "Secondary", out.cve);
    if (rating) out.ratings.push_back(std::move(*rating));
  }
  out.kev = !StringAt(cve, "cisaExploitAdd").empty();
  if (out.ratings.empty() && !out.kev) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> RatingOfMetric(std::string_view base_severity, std::optional<double> base_score,
                                          std::string_view vector, bool v2) {
  std::string rating = NormalizeSeverityWord(base_severity);
  if (rating == "UNKNOWN" && base_score && *base_score > 0 && *base_score <= 10) {
    // CVSS v2 has no CRITICAL: 0-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-10 HIGH (NVD's bands).
    rating = v2 ? (*base_score >= 7 ? "HIGH" : *base_score >= 4 ? "MEDIUM" : "LOW") : CvssRating(*base_score);
  }
  if (rating == "UNKNOWN" && !base_score) {
    if (auto score = CvssV3BaseScore(vector); score && *score > 0) rating = CvssRating(*score);
  }
  if (rating == "UNKNOWN") return std::nullopt;
  return rating;
}

Result<std::vector<CveEnrichment>> ParseNvdJson(std::string_view text, std::vector<std::string>* warnings) {
  auto parsed = ParseBoundedJson(text, "NVD JSON", kMaxNvdFileBytes, kMaxJsonDepth);
  if (!parsed) return std::unexpected(parsed.error());
  const json root = std::move(*parsed);
  if (!root.is_object()) return Fail("not an NVD CVE document: top level is not an object");
  std::vector<const json*> cves;
  if (auto list = root.find("vulnerabilities"); list != root.end()) {
    if (!list->is_array()) return Fail("vulnerabilities is not an array");
    for (const json& item : *list) {
      auto cve = item.is_object() ? item.find("cve") : item.end();
      if (cve == item.end()) {
        if (warnings) warnings->push_back("vulnerabilities entry without a cve object");
        continue;
      }
      cves.push_back(&*cve);
    }
  } else if (auto cve = root.find("cve"); cve != root.end()) {
    cves.push_back(&*cve);
  } else if (root.contains("id") && root.contains("metrics")) {
    cves.push_back(&root);
  } else {
    return Fail("not an NVD CVE document: no vulnerabilities, cve, or id and metrics");
  }
  std::vector<CveEnrichment> out;
  for (const json* cve : cves) {
    try {
      if (auto read = ReadCve(*cve)) out.push_back(std::move(*read));
    } catch (const std::exception& e) {
      if (warnings) warnings->push_back(fmt::format("{}: {}", cve->is_object() ? StringAt(*cve, "id") : "?", e.what()));
    }
  }
  return out;
}

Result<FeedData> ReadNvdFeed(const std::string& dir_or_file) {
  FeedData feed;
  feed.info = FeedInfo{"nvd", dir_or_file, "", 0, 0};
  std::size_t files_read = 0;
  auto each = [&](const std::string& path, std::string_view bytes) {
    std::vector<std::string> warnings;
    auto parsed = ParseNvdJson(bytes, &warnings);
    for (const std::string& warning : warnings) feed.warnings.push_back(path + ": " + warning);
    feed.info.skipped += warnings.size();
    if (!parsed) {
      feed.warnings.push_back(path + ": " + parsed.error().message);
      ++feed.info.skipped;
      return;
    }
    ++files_read;
    for (CveEnrichment& cve : *parsed) feed.enrichments.push_back(std::move(cve));
  };
  auto skip = [&](const std::string& path, const std::string& why) {
    feed.warnings.push_back(path + ": " + why);
    ++feed.info.skipped;
  };
  if (Status read = ForEachJsonFile(dir_or_file, kMaxNvdFileBytes, kMaxCveFiles, each, skip); !read) {
    return std::unexpected(read.error());
  }
  // Nothing readable (one broken file given, a directory of them) is a wrong input, not an empty feed.
  if (files_read == 0) return Fail("{}", feed.warnings.empty() ? dir_or_file : feed.warnings.front());
  feed.info.advisories = feed.enrichments.size();
  return feed;
}

}  // namespace drydock
