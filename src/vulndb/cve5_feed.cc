// ReadCve5Feed: CVE JSON 5 records (https://github.com/CVEProject/cve-schema; cvelistV5 and CISA's
// vulnrichment, which adds a "CISA ADP Vulnrichment" container) -> per CVE the CNA's rating, CISA ADP's
// rating and KEV mark. Metrics are taken in the order CVSS v3.1, v3.0, v4.0, v2.0 (as for NVD). SSVC decision
// points are not kept: nothing in a finding uses them yet, and KEV already says "exploited".
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "vulndb/cve_files.h"
#include "vulndb/cvss.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

using nlohmann::json;

constexpr const char* kMetricKeys[] = {"cvssV3_1", "cvssV3_0", "cvssV4_0", "cvssV2_0"};

std::string StringAt(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const json* Find(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// A container's metrics -> its first usable rating (by kMetricKeys order), and whether it holds a KEV entry.
std::optional<SeverityRating> RateContainer(const json& container, const std::string& source,
                                            const std::string& cve, bool& kev) {
  const json* metrics = Find(container, "metrics");
  if (!metrics || !metrics->is_array()) return std::nullopt;
  std::optional<SeverityRating> best;
  std::size_t best_rank = std::size(kMetricKeys);
  for (const json& metric : *metrics) {
    if (const json* other = Find(metric, "other"); other && StringAt(*other, "type") == "kev") kev = true;
    for (std::size_t rank = 0; rank < best_rank; ++rank) {
      const json* cvss = Find(metric, kMetricKeys[rank]);
      if (!cvss || !cvss->is_object()) continue;
      const json* score = Find(*cvss, "baseScore");
      const std::string vector = StringAt(*cvss, "vectorString");
      auto rating = RatingOfMetric(StringAt(*cvss, "baseSeverity"),
                                   score && score->is_number() ? std::optional(score->get<double>()) : std::nullopt,
                                   vector, rank == 3);
      if (!rating) continue;
      best = SeverityRating{source, *rating, vector, cve};
      best_rank = rank;
    }
  }
  return best;
}

}  // namespace

Result<std::optional<CveEnrichment>> ParseCve5Record(std::string_view text) {
  auto parsed = ParseBoundedJson(text, "CVE record", kMaxCve5RecordBytes, kMaxJsonDepth);
  if (!parsed) return std::unexpected(parsed.error());
  const json root = std::move(*parsed);
  if (!root.is_object() || StringAt(root, "dataType") != "CVE_RECORD") return Fail("not a CVE JSON 5 record");
  const json* metadata = Find(root, "cveMetadata");
  CveEnrichment out;
  out.cve = metadata ? StringAt(*metadata, "cveId") : "";
  if (!out.cve.starts_with("CVE-")) return Fail("no cveMetadata.cveId");
  if (StringAt(*metadata, "state") == "REJECTED") return std::optional<CveEnrichment>{};
  const json* containers = Find(root, "containers");
  if (!containers || !containers->is_object()) return Fail("{}: no containers", out.cve);
  bool kev = false;
  if (const json* cna = Find(*containers, "cna")) {
    if (auto rating = RateContainer(*cna, "cna", out.cve, kev)) out.ratings.push_back(std::move(*rating));
  }
  if (const json* adps = Find(*containers, "adp"); adps && adps->is_array()) {
    for (const json& adp : *adps) {
      const json* provider = Find(adp, "providerMetadata");
      const std::string name = provider ? StringAt(*provider, "shortName") : "";
      // Only CISA's ADP rates; the "CVE" program container carries references.
      const std::string source = name == "CISA-ADP" ? "cisa-adp" : "adp:" + name;
      bool adp_kev = false;
      if (auto rating = RateContainer(adp, source, out.cve, adp_kev)) out.ratings.push_back(std::move(*rating));
      kev = kev || (adp_kev && name == "CISA-ADP");
    }
  }
  out.kev = kev;
  if (out.ratings.empty() && !out.kev) return std::optional<CveEnrichment>{};
  return std::optional(std::move(out));
}

Result<FeedData> ReadCve5Feed(const std::string& dir_or_file) {
  FeedData feed;
  feed.info = FeedInfo{"cve5", dir_or_file, "", 0, 0};
  std::size_t files_read = 0;
  auto skip = [&](const std::string& path, const std::string& why) {
    feed.warnings.push_back(path + ": " + why);
    ++feed.info.skipped;
  };
  auto each = [&](const std::string& path, std::string_view bytes) {
    auto parsed = ParseCve5Record(bytes);
    if (!parsed) return skip(path, parsed.error().message);
    ++files_read;
    if (*parsed) feed.enrichments.push_back(std::move(**parsed));
  };
  if (Status read = ForEachJsonFile(dir_or_file, kMaxCve5RecordBytes, kMaxCveFiles, each, skip); !read) {
    return std::unexpected(read.error());
  }
  if (files_read == 0) return Fail("{}", feed.warnings.empty() ? dir_or_file : feed.warnings.front());
  feed.info.advisories = feed.enrichments.size();
  return feed;
}

}  // namespace drydock
