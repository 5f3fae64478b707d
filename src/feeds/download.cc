#include "feeds/download.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "update/fetch.h"

namespace drydock {
namespace {

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

bool Retryable(long status) { return status == 408 || status == 429 || status >= 500; }

std::chrono::milliseconds Backoff(const DownloadPolicy& policy, int attempt) {
  auto delay = policy.first_backoff * (1LL << std::min(attempt, 20));
  return std::min<std::chrono::milliseconds>(delay, policy.max_backoff);
}

}  // namespace

Result<Downloaded> Download(const std::string& location, const std::string& file, const Validators& cached,
                            const DownloadPolicy& policy) {
  if (!IsHttpLocation(location)) {
    std::string path = location.starts_with("file://") ? location.substr(7) : location;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return Fail("{}: {}", path, std::strerror(errno));
    if (static_cast<std::uint64_t>(st.st_size) > policy.max_bytes) {
      return Fail("{}: {} bytes, over the {} byte bound", path, st.st_size, policy.max_bytes);
    }
    return Downloaded{.path = path};
  }
  const std::string part = file + ".part";
  ::unlink(part.c_str());  // a .part of an earlier run has unknown validators: start clean
  std::vector<std::string> conditional;
  if (Exists(file)) {
    if (!cached.etag.empty()) conditional.push_back("If-None-Match: " + cached.etag);
    if (!cached.last_modified.empty()) conditional.push_back("If-Modified-Since: " + cached.last_modified);
  }
  Downloaded out{.path = part};
  std::string last_error;
  std::string resume_with;  // ETag (else Last-Modified) the partial bytes came with
  for (int attempt = 0; attempt < policy.max_attempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(Backoff(policy, attempt - 1));
    out.attempts = attempt + 1;
    auto got = FetchFile(location, part, resume_with, policy.max_bytes, conditional);
    if (!got) {  // no response at all (refused, reset before headers, TLS): the server may come back
      last_error = got.error().message;
      continue;
    }
    if (got->too_large) {
      ::unlink(part.c_str());
      return Fail("{} (the size bound for this source; raise it with --source-max-bytes)", got->error);
    }
    if (got->status == kHttpNotModified) {
      ::unlink(part.c_str());
      return Downloaded{.path = file, .not_modified = true, .validators = cached, .attempts = attempt + 1};
    }
    if (got->status == kHttpOk || got->status == kHttpPartial) {
      if (got->status == kHttpOk) {
        out.validators = {got->etag, got->last_modified};
        resume_with = !got->etag.empty() ? got->etag : got->last_modified;
      }
      if (got->error.empty()) {
        struct stat st {};
        out.bytes = ::stat(part.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
        out.fresh = true;
        return out;
      }
      last_error = fmt::format("transfer broke off after {} bytes: {}", got->bytes, got->error);
      if (resume_with.empty()) ::unlink(part.c_str());  // nothing to prove the rest belongs to these bytes
      continue;
    }
    ::unlink(part.c_str());
    if (!Retryable(got->status)) return Fail("{}: HTTP {}", location, got->status);
    last_error = fmt::format("HTTP {}", got->status);
  }
  ::unlink(part.c_str());
  return Fail("{}: {} (gave up after {} attempts)", location, last_error, policy.max_attempts);
}

Status Commit(const Downloaded& downloaded, const std::string& file) {
  if (!downloaded.fresh) return {};
  if (::rename(downloaded.path.c_str(), file.c_str()) != 0) {
    return Fail("{} -> {}: {}", downloaded.path, file, std::strerror(errno));
  }
  return {};
}

void Discard(const Downloaded& downloaded) {
  if (downloaded.fresh) ::unlink(downloaded.path.c_str());
}

}  // namespace drydock
