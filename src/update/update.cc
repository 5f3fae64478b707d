#include "update/update.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "common/sha256.h"
#include "update/artifact.h"
#include "update/fetch.h"
#include "update/install.h"
#include "update/signature.h"
#include "update/update_state.h"

namespace drydock {
namespace {

bool IsDirectory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

Result<std::string> FileSha256(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail("{}: {}", path, std::strerror(errno));
  Sha256 sha;
  char chunk[1 << 16];
  for (ssize_t n; (n = ::read(fd, chunk, sizeof chunk)) > 0;) sha.Update(chunk, static_cast<std::size_t>(n));
  ::close(fd);
  return sha.FinishHex();
}

// One mirror, start to finish. An error means "try the next mirror"; `state` keeps what a later run can reuse.
Result<UpdateResult> TryMirror(const UpdateOptions& options, const std::string& location, UpdateState& state,
                               const std::string& state_path) {
  const bool have_db = Exists(options.target);
  const bool same_source = have_db && state.source == location;
  auto digest = FetchText(location + ".sha256", kMaxDigestFileBytes, same_source ? state.digest_etag : "",
                          same_source ? state.digest_last_modified : "");
  if (!digest) return std::unexpected(digest.error());
  if (digest->status == kHttpNotModified && same_source) {
    return UpdateResult{.updated = false, .mirror = location, .sha256 = state.installed_sha256};
  }
  if (digest->status != kHttpOk) return Fail("{}.sha256: HTTP {}", location, digest->status);
  auto want = ParseDigestFile(digest->body);
  if (!want) return Rewrap(want.error(), "{}.sha256", location);
  if (have_db && *want == state.installed_sha256) {
    state.source = location;
    state.digest_etag = digest->etag;
    state.digest_last_modified = digest->last_modified;
    (void)SaveUpdateState(state_path, state);
    return UpdateResult{.updated = false, .mirror = location, .sha256 = *want};
  }
  if (!options.public_key_pem.empty()) {
    auto sig = FetchText(location + ".sha256.sig", kMaxSignatureBytes, "", "");
    if (!sig) return std::unexpected(sig.error());
    if (sig->status != kHttpOk) return Fail("{}.sha256.sig: HTTP {} (a signature is required)", location, sig->status);
    if (auto ok = VerifySignature(options.public_key_pem, digest->body, sig->body); !ok) {
      return Rewrap(ok.error(), "{}.sha256.sig", location);
    }
  }

  const std::string part = options.target + ".zst.part";
  if (state.part_sha256 != *want) {
    ::unlink(part.c_str());  // bytes of another artifact cannot be resumed
    state.part_sha256 = *want;
    state.part_etag.clear();
  }
  std::string broke_off;
  for (int attempt = 0; attempt < kMaxResumeAttempts; ++attempt) {
    auto got = FetchFile(location, part, state.part_etag, kMaxCompressedDbBytes);
    if (!got) {
      // Not a broken-off transfer (those come back as got->error and resume): an artifact over the size limit
      // or a local write failure. Its bytes are no use to a later run; a refused 1 GiB .part stayed behind.
      ::unlink(part.c_str());
      state.part_sha256.clear();
      state.part_etag.clear();
      (void)SaveUpdateState(state_path, state);
      return std::unexpected(got.error());
    }
    if (got->status != kHttpOk && got->status != kHttpPartial) return Fail("{}: HTTP {}", location, got->status);
    if (got->too_large) {
      ::unlink(part.c_str());
      return Fail("{}", got->error);
    }
    state.part_etag = got->etag;
    (void)SaveUpdateState(state_path, state);  // a killed run resumes from here
    broke_off = got->error;
    if (broke_off.empty()) break;
  }
  if (!broke_off.empty()) return Fail("{}: {} (gave up after {} attempts)", location, broke_off, kMaxResumeAttempts);

  auto have = FileSha256(part);
  if (!have) return std::unexpected(have.error());
  if (*have != *want) {
    ::unlink(part.c_str());
    state.part_sha256.clear();
    (void)SaveUpdateState(state_path, state);
    return Fail("{}: downloaded file has sha256 {} but the digest file says {}", location, *have, *want);
  }
  if (auto installed = InstallCompressedDb(part, options.target); !installed) {
    ::unlink(part.c_str());
    return Rewrap(installed.error(), "{}", location);
  }
  ::unlink(part.c_str());
  state = UpdateState{.source = location, .installed_sha256 = *want, .digest_etag = digest->etag,
                      .digest_last_modified = digest->last_modified};
  (void)SaveUpdateState(state_path, state);
  return UpdateResult{.updated = true, .mirror = location, .sha256 = *want};
}

}  // namespace

std::string ArtifactLocation(const std::string& mirror) {
  if (mirror.ends_with('/')) return mirror + std::string(kArtifactName);
  std::string local = mirror.starts_with("file://") ? mirror.substr(7) : mirror;
  if (!IsHttpLocation(mirror) && IsDirectory(local)) return local + "/" + std::string(kArtifactName);
  return mirror;
}

Result<UpdateResult> UpdateDb(const UpdateOptions& options) {
  if (options.mirrors.empty()) return Fail("no mirror configured (--mirror URL or a config file)");
  const std::string state_path = options.target + ".update.json";
  UpdateState state = LoadUpdateState(state_path);
  std::vector<std::string> skipped;
  for (const std::string& mirror : options.mirrors) {
    if (options.offline && IsHttpLocation(mirror)) {
      skipped.push_back(fmt::format("{}: skipped (--offline)", mirror));
      continue;
    }
    auto result = TryMirror(options, ArtifactLocation(mirror), state, state_path);
    if (result) {
      result->skipped = std::move(skipped);
      return result;
    }
    skipped.push_back(result.error().message);
  }
  std::string why;
  for (const std::string& s : skipped) why += (why.empty() ? "" : "; ") + s;
  return Fail("no mirror could update {}: {}", options.target, why);
}

}  // namespace drydock
