// Requests to one registry: scheme probing, auth challenges, retries. Credentials go only into request
// headers or curl's basic auth and never into a message.
#include "source/registry/registry_client.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <thread>

#include "common/bounded_json.h"
#include "common/sha256.h"
#include "source/blob_store.h"
#include "source/registry/auth.h"
#include "source/registry/link_header.h"

namespace drydock {
namespace {

constexpr std::string_view kManifestAccept =
    "Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json";

// "HTTP 404: MANIFEST_UNKNOWN: manifest unknown" from the registry's error JSON, when it sent one.
std::string DescribeFailure(Transfer& response) {
  std::string text = fmt::format("HTTP {}", response.status());
  auto body = response.ReadAll(kMaxErrorBodyBytes);
  if (!body) return text;
  auto parsed = ParseBoundedJson(*body, "error body", kMaxErrorBodyBytes);
  if (!parsed) return text;
  const nlohmann::json& json = *parsed;
  if (json.is_object() && json.contains("errors") && json["errors"].is_array()) {
    for (const auto& e : json["errors"]) {
      if (!e.is_object()) continue;
      const std::string code = JsonString(e, "code");
      text += fmt::format(": {}: {}", code.empty() ? "?" : code, JsonString(e, "message"));
    }
  }
  return text;
}

// Retry-After in seconds (the HTTP-date form falls back to our own backoff), capped at kMaxBackoff.
std::chrono::milliseconds RetryDelay(const Transfer& response, int attempt) {
  std::chrono::milliseconds backoff = kFirstBackoff * (1 << attempt);
  std::string after = response.Header("retry-after");
  if (!after.empty() && after.find_first_not_of("0123456789") == std::string::npos && after.size() < 6) {
    backoff = std::chrono::seconds(std::stoi(after));
  }
  return std::min<std::chrono::milliseconds>(backoff, kMaxBackoff);
}

Result<FetchedManifest> ReadManifest(Transfer& response, const std::string& id) {
  FetchedManifest out;
  auto bytes = response.ReadAll(kMaxMetadataBytes);
  if (!bytes) return std::unexpected(bytes.error());
  out.bytes = std::move(*bytes);
  out.media_type = response.Header("content-type");
  out.media_type.resize(std::min(out.media_type.find(';'), out.media_type.size()));
  out.digest = "sha256:" + Sha256::HexOf(out.bytes);
  if (id.starts_with("sha256:") && id != out.digest) {
    return Fail("manifest {}: content does not match its digest ({})", id, out.digest);
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<RegistryClient>> RegistryClient::Connect(const Reference& ref, const RegistryOptions& options) {
  std::unique_ptr<RegistryClient> client(new RegistryClient(ref, options));
  client->transfer_ = TransferOptions{.verify_tls = !options.insecure, .ca_cert = options.ca_cert};
  bool http_allowed = options.insecure || ref.local;
  // A loopback registry is asked over plain HTTP first: it usually speaks it (a local or CI registry), and a
  // TLS attempt there costs a CA store load and a failed handshake before every pull. No network lies between
  // us and a loopback port, and one that speaks TLS refuses the plain request (HTTP 400): HTTPS follows.
  const bool http_first = ref.local;
  std::string failed;  // why the last scheme tried did not work
  for (std::string scheme : http_first ? std::array{"http", "https"} : std::array{"https", "http"}) {
    if (scheme == "http" && !http_allowed) break;
    client->base_ = scheme + "://" + ref.registry;
    auto ping = Transfer::Start(HttpGet{.url = client->base_ + "/v2/"}, client->transfer_);
    if (!ping) {
      failed = fmt::format("over {}: {}", scheme, ping.error().message);
      continue;
    }
    if (http_first && scheme == "http" && (*ping)->status() == 400) {  // a TLS port, or not a registry
      failed = fmt::format("over http: GET {}/v2/: HTTP 400", client->base_);
      continue;
    }
    // The scheme works. Anything but 200 (a challenge, a 503 while the registry starts) gets the full
    // treatment, so bad credentials fail here, before any manifest is asked for.
    if ((*ping)->status() != 200) {
      if (auto checked = client->Get("/v2/", ""); !checked) {
        return Rewrap(checked.error(), "{}{}", client->base_, failed.empty() ? "" : " (" + failed + ")");
      }
    }
    return client;
  }
  return Fail("{}{}", failed, http_allowed ? "" : " (plain HTTP needs --insecure)");
}

Status RegistryClient::Authenticate(const std::string& header) {
  auto challenge = ParseChallenge(header);
  if (!challenge) return Rewrap(challenge.error(), "HTTP 401 with an unusable challenge");
  bool have_credentials = !options_.username.empty();
  std::lock_guard lock(mutex_);
  if (challenge->scheme == "basic") {
    if (!have_credentials) return Fail("the registry requires a username and password (--username, --password)");
    basic_ = true;
    return {};
  }
  if (challenge->scheme != "bearer") return Fail("unsupported authentication scheme \"{}\"", challenge->scheme);
  auto url = TokenUrl(*challenge, ref_.repository, base_.starts_with("http://") || options_.insecure);
  if (!url) return std::unexpected(url.error());
  HttpGet request{.url = *url, .basic_user = options_.username, .basic_password = options_.password};
  auto response = Transfer::Start(request, transfer_);
  if (!response) return Rewrap(response.error(), "token request");
  if ((*response)->status() != 200) {
    return Fail("token request{}: {}", have_credentials ? " with the given credentials" : "",
                DescribeFailure(**response));
  }
  auto body = (*response)->ReadAll(kMaxErrorBodyBytes);
  if (!body) return Rewrap(body.error(), "token request");
  auto token = ParseTokenResponse(*body);
  if (!token) return std::unexpected(token.error());
  authorization_ = "Authorization: Bearer " + *token;
  return {};
}

namespace {

// What a registry's HTTP status means to a caller deciding whether to retry or what to answer its own client.
ErrorCode StatusCode(long status) {
  if (status == 401) return ErrorCode::kUnauthorized;
  if (status == 403) return ErrorCode::kForbidden;
  if (status == 404) return ErrorCode::kNotFound;
  if (status == 429 || status >= 500) return ErrorCode::kUnavailable;
  return ErrorCode::kInternal;
}

}  // namespace

Result<std::unique_ptr<Transfer>> RegistryClient::Get(const std::string& path, const std::string& accept,
                                                       bool not_found_ok) {
  HttpGet request{.url = path};
  if (!accept.empty()) request.headers.push_back(accept);
  if (not_found_ok) return Send(std::move(request), {200, 404});
  return Send(std::move(request), {200});
}

Result<std::unique_ptr<Transfer>> RegistryClient::Send(HttpGet base, std::initializer_list<long> ok) {
  const std::string path = base.url;
  const std::string method = base.method.empty() ? "GET" : base.method;
  if (!base.url.starts_with("http://") && !base.url.starts_with("https://")) base.url = base_ + base.url;
  bool reauthenticated = false;
  for (int attempt = 0;;) {
    HttpGet request = base;
    {
      std::lock_guard lock(mutex_);
      if (!authorization_.empty()) request.headers.push_back(authorization_);
      if (basic_) {
        request.basic_user = options_.username;
        request.basic_password = options_.password;
      }
    }
    auto response = Transfer::Start(request, transfer_);
    if (!response) return std::unexpected(response.error());
    long status = (*response)->status();
    if (std::find(ok.begin(), ok.end(), status) != ok.end()) return response;
    if (status == 401 && !reauthenticated) {
      // A token's scope is per repository and it expires; one fresh answer per request is enough.
      reauthenticated = true;
      if (auto auth = Authenticate((*response)->Header("www-authenticate")); !auth) return std::unexpected(auth.error());
      continue;
    }
    if ((status == 429 || status >= 500) && ++attempt < kMaxAttempts) {
      std::this_thread::sleep_for(RetryDelay(**response, attempt - 1));
      continue;
    }
    std::string failure = DescribeFailure(**response);
    if (status == 401) {
      return FailWith(ErrorCode::kUnauthorized, "{} {}: authentication failed: {}", method, path, failure);
    }
    return FailWith(StatusCode(status), "{} {}: {}{}", method, path, failure,
                    attempt > 0 ? fmt::format(" after {} attempts", attempt) : "");
  }
}

Result<FetchedManifest> RegistryClient::GetManifest(const std::string& id) {
  auto response = Get("/v2/" + ref_.repository + "/manifests/" + id, std::string(kManifestAccept));
  if (!response) return std::unexpected(response.error());
  return ReadManifest(**response, id);
}

Result<std::optional<FetchedManifest>> RegistryClient::FindManifest(const std::string& id) {
  auto response = Get("/v2/" + ref_.repository + "/manifests/" + id, std::string(kManifestAccept),
                      /*not_found_ok=*/true);
  if (!response) return std::unexpected(response.error());
  if ((*response)->status() == 404) return std::nullopt;
  return ReadManifest(**response, id);
}

Result<std::optional<std::string>> RegistryClient::HeadManifestDigest(const std::string& tag) {
  auto response = Send(HttpGet{.url = "/v2/" + ref_.repository + "/manifests/" + tag,
                               .headers = {std::string(kManifestAccept)}, .method = "HEAD"},
                       {200, 404});
  if (!response) return std::unexpected(response.error());
  if ((*response)->status() == 404) return std::optional<std::string>();
  std::string digest = (*response)->Header("docker-content-digest");
  // Only a well-formed sha256 digest is trusted: it goes into the scan's reference (repo:tag@digest).
  const bool hex = digest.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
  if (digest.size() == 71 && digest.starts_with("sha256:") && hex) return std::optional<std::string>(std::move(digest));
  // A registry that does not say (the header is optional in the OCI spec): hash the manifest itself.
  auto manifest = FindManifest(tag);
  if (!manifest) return std::unexpected(manifest.error());
  if (!*manifest) return std::optional<std::string>();
  return std::optional<std::string>((*manifest)->digest);
}

Result<std::optional<std::string>> RegistryClient::GetReferrers(const std::string& digest) {
  std::string path = "/v2/" + ref_.repository + "/referrers/" + digest;
  auto response = Get(path, "Accept: application/vnd.oci.image.index.v1+json", /*not_found_ok=*/true);
  if (!response) return std::unexpected(response.error());
  if ((*response)->status() == 200) {
    auto body = (*response)->ReadAll(kMaxMetadataBytes);
    if (!body) return std::unexpected(body.error());
    return std::optional<std::string>(std::move(*body));
  }
  // No referrers API (distribution-spec 1.1 "referrers tag schema"): the index lives under a tag.
  std::string tag = digest;
  if (auto colon = tag.find(':'); colon != std::string::npos) tag[colon] = '-';
  auto fallback = FindManifest(tag);
  if (!fallback) return std::unexpected(fallback.error());
  if (!*fallback) return std::optional<std::string>();
  return std::optional<std::string>(std::move((*fallback)->bytes));
}

Result<std::vector<std::string>> RegistryClient::ListTags(std::size_t page_size) {
  const std::string list_path = "/v2/" + ref_.repository + "/tags/list";
  std::string next = list_path + "?n=" + std::to_string(std::max<std::size_t>(page_size, 1));
  std::set<std::string> seen;
  std::vector<std::string> tags;
  for (std::size_t page = 0;; ++page) {
    if (page == kMaxTagPages) return Fail("{}: more than {} pages of tags", list_path, kMaxTagPages);
    if (!seen.insert(next).second) return Fail("{}: the registry's next link repeats {}", list_path, next);
    auto response = Get(next, "Accept: application/json");
    if (!response) return std::unexpected(response.error());
    auto body = (*response)->ReadAll(kMaxMetadataBytes);
    if (!body) return Rewrap(body.error(), "GET {}", next);
    auto json = ParseBoundedJson(*body, "tags/list", kMaxMetadataBytes);
    if (!json) return Rewrap(json.error(), "GET {}", next);
    if (!json->is_object()) return Fail("GET {}: the tag list is not a JSON object", next);
    const nlohmann::json& listed = json->contains("tags") ? (*json)["tags"] : nlohmann::json();
    if (!listed.is_array() && !listed.is_null()) return Fail("GET {}: \"tags\" is not an array", next);
    for (const nlohmann::json& tag : listed.is_array() ? listed : nlohmann::json::array()) {
      if (!tag.is_string()) return Fail("GET {}: a tag is not a string", next);
      if (tags.size() == kMaxTags) return Fail("{}: more than {} tags", list_path, kMaxTags);
      tags.push_back(tag.get<std::string>());
    }
    auto link = NextLink((*response)->Header("link"));
    if (!link) return Rewrap(link.error(), "GET {}", next);
    if (!*link) return tags;
    // Absolute links are accepted only to this registry; "?query" is relative to the path we asked.
    std::string target = std::move(**link);
    if (target.starts_with(base_ + "/")) target.erase(0, base_.size());
    if (target.starts_with("?")) target = list_path + target;
    if (!target.starts_with(list_path + "?") && target != list_path) {
      return Fail("GET {}: the next page link leaves this repository's tag list: {}", next, target);
    }
    next = std::move(target);
  }
}

Result<std::string> RegistryClient::GetSmallBlob(const std::string& digest, std::size_t max_bytes) {
  auto response = OpenBlob(digest);
  if (!response) return std::unexpected(response.error());
  return (*response)->ReadAll(max_bytes);
}

Result<std::unique_ptr<Transfer>> RegistryClient::OpenBlob(const std::string& digest) {
  return Get("/v2/" + ref_.repository + "/blobs/" + digest, "");
}

Status RegistryClient::PushBlob(const std::string& digest, const std::string& file, std::string_view bytes) {
  const std::string blobs = "/v2/" + ref_.repository + "/blobs/";
  auto head = Send(HttpGet{.url = blobs + digest, .method = "HEAD"}, {200, 404});
  if (!head) return std::unexpected(head.error());
  if ((*head)->status() == 200) return {};
  auto started = Send(HttpGet{.url = blobs + "uploads/", .method = "POST"}, {202});
  if (!started) return Rewrap(started.error(), "starting the upload of {}", digest);
  std::string location = (*started)->Header("location");
  if (location.empty()) return Fail("POST {}uploads/: the registry named no upload location", blobs);
  // The location may be absolute or a path on this registry, and may carry its own query (_state=...).
  location += (location.find('?') == std::string::npos ? "?" : "&") + std::string("digest=") + digest;
  HttpGet put{.url = location, .headers = {"Content-Type: application/octet-stream"}, .method = "PUT",
              .body = std::string(bytes), .upload_file = file};
  auto finished = Send(std::move(put), {201, 204});
  if (!finished) return Rewrap(finished.error(), "uploading {}", digest);
  return {};
}

Result<std::string> RegistryClient::PutManifest(const std::string& tag, const std::string& media_type,
                                                const std::string& bytes) {
  HttpGet put{.url = "/v2/" + ref_.repository + "/manifests/" + tag, .headers = {"Content-Type: " + media_type},
              .method = "PUT", .body = bytes};
  auto response = Send(std::move(put), {201, 202});
  if (!response) return std::unexpected(response.error());
  std::string digest = (*response)->Header("docker-content-digest");
  return digest.empty() ? "sha256:" + Sha256::HexOf(bytes) : digest;
}

}  // namespace drydock
