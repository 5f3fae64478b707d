// GET /metrics in the Prometheus text exposition format 0.0.4: HELP and TYPE lines, then samples.
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "server/admission_service.h"
#include "server/api.h"

namespace drydock {
namespace {

void Metric(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// Seconds since the DB's RFC 3339 build time; -1 when unknown.
double DbAgeSeconds(const std::string& built_at) {
  std::tm tm{};
  if (built_at.size() < 19 || ::strptime(built_at.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return -1;
  const std::time_t built = ::timegm(&tm);
  return std::difftime(std::time(nullptr), built);
}

}  // namespace

std::string MetricsText(ApiContext& context) {
  std::string out;
  if (auto counts = context.store->CountJobs()) {
    Metric(out, "drydock_jobs", "gauge", "Jobs in the queue by state.");
    out += fmt::format("drydock_jobs{{state=\"queued\"}} {}\ndrydock_jobs{{state=\"running\"}} {}\n", counts->queued,
                       counts->running);
    out += fmt::format("drydock_jobs{{state=\"done\"}} {}\ndrydock_jobs{{state=\"failed\"}} {}\n", counts->done,
                       counts->failed);
  }
  if (context.workers != nullptr) {
    JobStats stats = context.workers->Stats();
    Metric(out, "drydock_job_duration_seconds", "histogram", "Time from claim to completion of this process's jobs.");
    for (std::size_t i = 0; i < stats.bucket_seconds.size(); ++i) {
      out += fmt::format("drydock_job_duration_seconds_bucket{{le=\"{}\"}} {}\n", stats.bucket_seconds[i],
                         stats.bucket_counts[i]);
    }
    out += fmt::format("drydock_job_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", stats.count);
    out += fmt::format("drydock_job_duration_seconds_sum {}\ndrydock_job_duration_seconds_count {}\n",
                       stats.sum_seconds, stats.count);
    Metric(out, "drydock_scans_total", "counter", "Scan jobs this process finished, by outcome.");
    out += fmt::format("drydock_scans_total{{outcome=\"ok\"}} {}\ndrydock_scans_total{{outcome=\"error\"}} {}\n",
                       stats.succeeded, stats.failed);
  }
  if (auto images = context.store->CountImages()) {
    Metric(out, "drydock_images", "gauge", "Images in the store.");
    out += fmt::format("drydock_images {}\n", *images);
  }
  if (auto severities = context.store->FindingsBySeverity()) {
    Metric(out, "drydock_findings", "gauge", "Findings over every stored image, by severity.");
    for (const auto& [severity, count] : *severities) {
      out += fmt::format("drydock_findings{{severity=\"{}\"}} {}\n", severity, count);
    }
  }
  const DbGeneration db = context.scanner->Db();
  Metric(out, "drydock_db_age_seconds", "gauge", "Age of the vulnerability DB scans use (-1: none or unknown).");
  out += fmt::format("drydock_db_age_seconds {}\n", DbAgeSeconds(db.built_at));
  Metric(out, "drydock_http_requests_total", "counter", "HTTP requests served.");
  out += fmt::format("drydock_http_requests_total {}\n", context.requests.load());
  Metric(out, "drydock_http_unauthorized_total", "counter", "Requests refused for a missing or wrong token.");
  out += fmt::format("drydock_http_unauthorized_total {}\n", context.unauthorized.load());
  if (context.admission != nullptr) {
    const AdmissionStats a = context.admission->Stats();
    Metric(out, "drydock_admission_reviews_total", "counter", "Admission reviews answered, by outcome.");
    out += fmt::format("drydock_admission_reviews_total{{outcome=\"allowed\"}} {}\n"
                       "drydock_admission_reviews_total{{outcome=\"denied\"}} {}\n"
                       "drydock_admission_reviews_total{{outcome=\"deadline\"}} {}\n",
                       a.allowed, a.denied, a.timed_out);
    Metric(out, "drydock_admission_scans_queued_total", "counter", "Scans queued for images admission had not seen.");
    out += fmt::format("drydock_admission_scans_queued_total {}\n", a.scans_queued);
  }
  return out;
}

}  // namespace drydock
