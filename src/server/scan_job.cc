#include "server/scan_job.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <sstream>

#include "common/image_reference.h"
#include "notify/scan_event.h"
#include "report/report.h"

namespace drydock {
namespace {

using json = nlohmann::json;

constexpr std::string_view kDefaultPlatform = "linux/amd64";

}  // namespace

std::string RepositoryOf(const Reference& ref) {
  const std::string host = ref.registry == kDockerHubRegistry ? "docker.io" : ref.registry;
  return host + "/" + ref.repository;
}

Result<NewJob> MakeScanJob(std::string_view image, std::string_view platform) {
  auto ref = ParseReference(image);
  if (!ref) return std::unexpected(ref.error());
  if (platform.empty()) platform = kDefaultPlatform;
  if (platform.size() > 64 || platform.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789/._-") !=
                                  std::string_view::npos) {
    return FailWith(ErrorCode::kInvalidInput, "platform \"{}\": expected os/arch[/variant]", platform.substr(0, 64));
  }
  const std::string canonical = ref->ToString();
  return NewJob{.kind = std::string(kScanJobKind),
                .payload = json{{"image", canonical}, {"platform", platform}}.dump(),
                .dedupe_key = fmt::format("scan|{}|{}", canonical, platform),
                .priority = kApiPriority,
                .max_attempts = 3};
}

Status StoreReport(Store& store, const ScanReport& report, const std::string& digest, const std::string& repository,
                   const std::string& tag, const std::string& platform, const std::string& db_built_at,
                   const std::string& trigger) {
  std::ostringstream out;
  WriteJsonReport(report, out);
  const auto now = std::chrono::system_clock::now();
  ImageRecord image{.digest = digest,
                    .repository = repository,
                    .tag = tag,
                    .platform = platform,
                    .report = &report,
                    .report_json = std::move(out).str(),
                    .scanned_unix = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count(),
                    .db_built_at = db_built_at,
                    .events_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count()};
  if (!trigger.empty()) {
    auto event = ScanEvent(image.report_json, digest, repository, tag, trigger);
    if (!event) return Rewrap(event.error(), "the image.scanned event of {}", digest);
    image.events.push_back(std::move(*event));
  }
  return store.PutImage(image);
}

Result<std::string> RunScanJob(const Job& job, std::stop_token stop, const Scanner& scanner, Store& store,
                               const RegistryOptions& registry, const std::string& base_index) {
  json payload = json::parse(job.payload, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object() || !payload.contains("image") || !payload["image"].is_string()) {
    return FailWith(ErrorCode::kInvalidInput, "job {}: payload without an image", job.id);
  }
  const std::string image = payload["image"].get<std::string>();
  const std::string platform = payload.value("platform", std::string(kDefaultPlatform));
  auto ref = ParseReference(image);
  if (!ref) return std::unexpected(ref.error());
  ScanRequest request;
  request.kind = ScanKind::kImage;
  request.options.target = image;
  request.options.registry = registry;
  request.options.registry.platform = platform;
  request.options.base_index = base_index;
  request.stop = std::move(stop);
  auto report = scanner.Scan(request);
  if (!report) return Rewrap(report.error(), "scanning {}", image);
  const std::string digest = report->artifact.digest;
  if (digest.empty()) return Fail("scanning {}: the image has no digest", image);
  // An image named by digest only gets no tag (ParseReference leaves it empty then).
  if (auto stored = StoreReport(store, *report, digest, RepositoryOf(*ref), ref->tag, platform, scanner.Db().built_at,
                                payload.value("trigger", std::string("api")));
      !stored) {
    return Rewrap(stored.error(), "storing {}", image);
  }
  std::optional<ImageBase> base;
  if (const auto& b = report->artifact.base_image; b && !b->name.empty() && !b->digest.empty()) {
    base = ImageBase{.name = b->name, .tag = b->tag, .base_digest = b->digest, .source = b->source,
                     .reason = b->reason};
  }
  if (auto kept = store.SetImageBase(digest, base); !kept) return Rewrap(kept.error(), "storing {}'s base", image);
  return digest;
}

}  // namespace drydock
