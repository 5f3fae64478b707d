// TrackTag and the checks on what a watch names.
#include <regex>

#include "common/image_reference.h"
#include "monitor/registry_watch.h"

namespace drydock {

Result<TrackedTag> TrackTag(Store& store, const QueueScan& queue, const std::string& repository,
                            const std::string& tag, const std::string& digest, std::string_view source,
                            std::int64_t now_ms) {
  auto change = store.ObserveTag(repository, tag, digest, std::string(source), now_ms);
  if (!change) return std::unexpected(change.error());
  TrackedTag out{.mutated = change->mutated};
  if (!change->is_new && !change->mutated) return out;
  // The scan names the tag and pins the digest seen: docker-registry sends a push's event before it links the
  // tag, so a scan by tag alone could find no manifest yet (404, a permanent failure). A tag moved again meanwhile
  // is its own event and its own scan.
  const std::string image = repository + ":" + tag + (digest.empty() ? "" : "@" + digest);
  auto job = queue(image);
  if (!job) return Rewrap(job.error(), "queueing a scan of {}", image);
  out.queued = true;
  out.job_id = *job;
  return out;
}

Result<std::chrono::milliseconds> ParseWatchInterval(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string_view unit = text.substr(digits);
  if (digits == 0 || digits > 9 || unit.size() != 1) {
    return FailWith(ErrorCode::kInvalidInput, "interval \"{}\": expected a number and one of s, m, h, d (\"5m\")",
                    text.substr(0, 32));
  }
  const std::int64_t n = std::stoll(std::string(text.substr(0, digits)));
  std::chrono::milliseconds value;
  switch (unit[0]) {
    case 's': value = std::chrono::seconds(n); break;
    case 'm': value = std::chrono::minutes(n); break;
    case 'h': value = std::chrono::hours(n); break;
    case 'd': value = std::chrono::hours(24 * n); break;
    default:
      return FailWith(ErrorCode::kInvalidInput, "interval \"{}\": the unit is s, m, h or d", text.substr(0, 32));
  }
  if (value < kMinWatchInterval || value > kMaxWatchInterval) {
    return FailWith(ErrorCode::kInvalidInput, "interval \"{}\": between 1s and 7d", text);
  }
  return value;
}

Status ValidateWatch(const std::string& repository, const std::string& tag_pattern) {
  auto ref = ParseReference(repository);
  if (!ref) return Rewrap(ref.error(), "repository");
  // The canonical form of the name must be the name itself: a registry host first, no tag, no digest.
  if (ref->ToString() != repository + ":latest") {
    return FailWith(ErrorCode::kInvalidInput,
                    "repository \"{}\": expected registry/path without a tag or digest (\"127.0.0.1:5000/team/app\")",
                    repository.substr(0, 256));
  }
  if (tag_pattern.empty() || tag_pattern.size() > 256) {
    return FailWith(ErrorCode::kInvalidInput, "tags: a regular expression of 1 to 256 characters");
  }
  try {
    std::regex compiled(tag_pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return FailWith(ErrorCode::kInvalidInput, "tags \"{}\": not a regular expression: {}", tag_pattern, e.what());
  }
  return {};
}

}  // namespace drydock
