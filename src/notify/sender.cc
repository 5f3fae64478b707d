#include "notify/sender.h"

#include <curl/curl.h>

#include <sys/socket.h>

#include <cctype>
#include <memory>
#include <mutex>

namespace drydock {
namespace {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::size_t DropBody(char*, std::size_t size, std::size_t count, void*) { return size * count; }

std::size_t KeepRetryAfter(char* data, std::size_t size, std::size_t count, void* out) {
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kName) {
      std::string_view value = line.substr(kName.size());
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
        value.remove_suffix(1);
      }
      *static_cast<std::string*>(out) = std::string(value.substr(0, 64));
    }
  }
  return size * count;
}

// libcurl asks us for each socket it connects, with the address it resolved: the one place a check cannot be
// raced by DNS (a name that resolved to a public address when the endpoint was made can resolve elsewhere now).
struct SocketGuard {
  const WebhookAddressPolicy* policy;
  std::string refused;  // the last address refused, described
};

curl_socket_t GuardedSocket(void* data, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(data);
  if (purpose != CURLSOCKTYPE_IPCXN || !guard->policy->Permits(&address->addr)) {
    guard->refused = WebhookAddressPolicy::Describe(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

}  // namespace

WebhookAnswer PostWebhook(const WebhookPost& post) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  WebhookAnswer answer;
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    answer.error = "libcurl could not start a request";
    return answer;
  }
  curl_slist* list = nullptr;
  for (const std::string& h : post.headers) {
    curl_slist* grown = curl_slist_append(list, h.c_str());
    if (grown == nullptr) {
      curl_slist_free_all(list);
      answer.error = "out of memory for request headers";
      return answer;
    }
    list = grown;
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers(list);
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(post.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(post.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, DropBody);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, KeepRetryAfter);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &answer.retry_after);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "drydock-webhooks/1");
  static const WebhookAddressPolicy kDefaultPolicy;
  SocketGuard guard{.policy = post.addresses != nullptr ? post.addresses : &kDefaultPolicy};
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, GuardedSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
  const CURLcode code = curl_easy_perform(c);
  answer.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  if (code != CURLE_OK && !guard.refused.empty()) {
    answer.error = "refused to connect to " + guard.refused +
                   ": webhooks may not reach non-public addresses unless the server allows them (--webhook-allow-network)";
    return answer;
  }
  if (code != CURLE_OK) {
    // curl's message names the host and the failure; the URL's query (which may hold a token) is not in it.
    answer.error = error[0] != '\0' ? error : curl_easy_strerror(code);
    return answer;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace drydock
