// The OCI distribution API (GET /v2/<name>/manifests|blobs/<ref>) for one repository, with auth and retries.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/options.h"
#include "source/registry/reference.h"
#include "source/registry/transfer.h"

namespace drydock {

inline constexpr int kMaxAttempts = 4;  // per request, for 429, 5xx and dropped connections
inline constexpr std::chrono::milliseconds kFirstBackoff{500};
inline constexpr std::chrono::seconds kMaxBackoff{30};  // also caps what a Retry-After may ask for
inline constexpr std::size_t kTagsPageSize = 1000;  // `n` asked per tags/list page; registries may send fewer
inline constexpr std::size_t kMaxTagPages = 1000;
inline constexpr std::size_t kMaxTags = 200'000;

struct FetchedManifest {
  std::string bytes;
  std::string media_type;  // Content-Type, else the JSON's mediaType
  std::string digest;      // "sha256:<hex>" computed over `bytes`
};

// Thread-safe: blobs of one image are fetched from several threads, sharing one token.
class RegistryClient {
 public:
  // Chooses the scheme (HTTPS; plain HTTP only when `options.insecure` or the registry is local and does
  // not speak TLS) with a GET /v2/, and learns from it how the registry wants to be authenticated.
  static Result<std::unique_ptr<RegistryClient>> Connect(const Reference& ref, const RegistryOptions& options);

  // `id` is a tag or "sha256:..."; a manifest named by digest must hash to it.
  Result<FetchedManifest> GetManifest(const std::string& id);
  // A small blob (config), whole; digest checked by the caller.
  Result<std::string> GetSmallBlob(const std::string& digest, std::size_t max_bytes);
  // A layer, as a stream positioned at its first byte.
  Result<std::unique_ptr<Transfer>> OpenBlob(const std::string& digest);
  // Like GetManifest, but a 404 (no such tag or manifest) is no manifest rather than an error.
  Result<std::optional<FetchedManifest>> FindManifest(const std::string& id);
  // The OCI 1.1 referrers of manifest `digest` as an image index (JSON text), from the referrers API, else from
  // the fallback tag "sha256-<hex>" when the registry has no such API; none when neither exists.
  Result<std::optional<std::string>> GetReferrers(const std::string& digest);
  // Every tag of the repository, in the registry's order: GET /v2/<name>/tags/list?n=`page_size`, then each
  // page the Link header's rel="next" names (OCI distribution spec, "Listing Tags"). A next link must stay on
  // this registry and this repository's tags/list (our token goes with it); a link seen before, more than
  // kMaxTagPages pages or more than kMaxTags tags is an error, never a silently short list.
  Result<std::vector<std::string>> ListTags(std::size_t page_size = kTagsPageSize);

  // Pushing (OCI distribution spec, "Pushing blobs" / "Pushing manifests"). A blob is uploaded with POST
  // .../blobs/uploads/ then one PUT of the whole body (`file`, or `bytes` when `file` is empty) to the
  // Location it names, with ?digest=; a blob the registry already holds (HEAD 200) is not sent again.
  Status PushBlob(const std::string& digest, const std::string& file, std::string_view bytes = {});
  // PUT .../manifests/<tag> with `media_type`; returns the digest the registry filed it under.
  Result<std::string> PutManifest(const std::string& tag, const std::string& media_type, const std::string& bytes);

 private:
  RegistryClient(Reference ref, RegistryOptions options) : ref_(std::move(ref)), options_(std::move(options)) {}
  // GET base_ + path with auth, retrying; returns the 200 response, or an error naming what the server said.
  // With `not_found_ok`, a 404 is returned as a Transfer too (its status says so).
  Result<std::unique_ptr<Transfer>> Get(const std::string& path, const std::string& accept, bool not_found_ok = false);
  // Any request (`request.url` is a path, or an absolute URL a registry handed out), with auth and retries;
  // returns the response when its status is one of `ok`.
  Result<std::unique_ptr<Transfer>> Send(HttpGet request, std::initializer_list<long> ok);
  // Answers a 401's WWW-Authenticate challenge: sets authorization_ or says why it cannot.
  Status Authenticate(const std::string& challenge);

  Reference ref_;
  RegistryOptions options_;
  TransferOptions transfer_;
  std::string base_;  // "https://host:port"
  std::mutex mutex_;
  std::string authorization_;  // "Authorization: Bearer ..." once known; a secret, never logged
  bool basic_ = false;         // the registry asked for basic auth: send options_'s credentials
};

}  // namespace drydock
