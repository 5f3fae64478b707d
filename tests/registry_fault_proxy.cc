#include "registry_fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>

namespace drydock::e2e {
namespace {

constexpr int kPollMilliseconds = 50;
constexpr std::size_t kMaxRequestHeaderBytes = 64 << 10;
constexpr char kTlsHandshakeByte = 0x16;

sockaddr_in Loopback(int port) {
  return sockaddr_in{.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = {htonl(INADDR_LOOPBACK)}};
}

void SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(n);
  }
}

std::string Respond(int status, std::string_view reason, const std::string& extra_headers, std::string_view body) {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\nContent-Type: application/json\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         std::string(body);
}

}  // namespace

FaultProxy::FaultProxy(int upstream_port, FaultRules rules) : upstream_port_(upstream_port), rules_(std::move(rules)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(0);
  ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(listener_, 64);
  socklen_t len = sizeof addr;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

FaultProxy::~FaultProxy() {
  stop_ = true;
  thread_.join();
  ::close(listener_);
}

void FaultProxy::Serve() {
  while (!stop_) {
    pollfd p{.fd = listener_, .events = POLLIN};
    if (::poll(&p, 1, kPollMilliseconds) <= 0) continue;
    int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    Handle(client);
    ::close(client);
  }
}

void FaultProxy::Handle(int client) {
  std::string request;
  char buffer[1 << 14];
  while (request.find("\r\n\r\n") == std::string::npos && request.size() < kMaxRequestHeaderBytes) {
    ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    request.append(buffer, n);
    if (request.front() == kTlsHandshakeByte) return;  // plain HTTP only: fail a TLS probe at once
  }
  std::string_view line(request.data(), request.find("\r\n"));
  std::string path(line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1));
  if (rules_.hang && path != "/v2/") {
    while (!stop_) ::usleep(kPollMilliseconds * 1000);
    return;
  }
  std::string self = "http://127.0.0.1:" + std::to_string(port_);
  if (!rules_.bearer_token.empty()) {
    if (path.starts_with("/token?")) {
      ++tokens_issued_;
      return SendAll(client, Respond(200, "OK", "", "{\"token\":\"" + rules_.bearer_token + "\"}"));
    }
    if (request.find("Authorization: Bearer " + rules_.bearer_token + "\r\n") == std::string::npos) {
      std::string challenge = "WWW-Authenticate: Bearer realm=\"" + self + "/token\",service=\"drydock-test\"\r\n";
      return SendAll(client, Respond(401, "Unauthorized", challenge, R"({"errors":[{"code":"UNAUTHORIZED"}]})"));
    }
  }
  if (path.starts_with("/v2/") && path != "/v2/" && failures_sent_ < rules_.fail_first) {
    ++failures_sent_;
    std::string headers = rules_.retry_after.empty() ? "" : "Retry-After: " + rules_.retry_after + "\r\n";
    return SendAll(client, Respond(rules_.fail_status, "Injected", headers, rules_.fail_body));
  }
  if (rules_.redirect_blobs && path.find("/blobs/sha256:") != std::string::npos) {
    // Another host name for the same registry, so the client must not carry this proxy's token along.
    ++redirects_sent_;
    std::string location = "Location: http://localhost:" + std::to_string(upstream_port_) + path + "\r\n";
    return SendAll(client, Respond(307, "Temporary Redirect", location, ""));
  }
  if (!rules_.manifest_body.empty() && path.find("/manifests/") != std::string::npos) {
    // A hostile registry: no real one stores what it cannot parse, so the answer is made up here.
    const std::string type = rules_.manifest_type.empty() ? "" : "Content-Type: " + rules_.manifest_type + "\r\n";
    return SendAll(client, Respond(200, "OK", type, rules_.manifest_body));
  }
  if (rules_.tags_page > 0 && path.find("/tags/list") != std::string::npos) return PageTags(client, request, path);
  SendAll(client, Forward(request));
}

std::string FaultProxy::Forward(const std::string& request) {
  // Forward as is, but one request per connection, and relay the answer until the registry closes it.
  std::string answer;
  char buffer[1 << 14];
  int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(upstream_port_);
  if (::connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return (::close(upstream), answer);
  std::size_t end = request.find("\r\n\r\n");
  SendAll(upstream, request.substr(0, end) + "\r\nConnection: close\r\n\r\n");
  for (ssize_t n; (n = ::recv(upstream, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, n);
  ::close(upstream);
  return answer;
}

namespace {

// The value of query parameter `name` in `path` ("" when absent); tags need no percent-decoding.
std::string QueryValue(const std::string& path, const std::string& name) {
  std::size_t query = path.find('?');
  if (query == std::string::npos) return "";
  for (std::size_t at = query + 1; at < path.size();) {
    std::size_t end = std::min(path.find('&', at), path.size());
    std::string pair = path.substr(at, end - at);
    if (pair.starts_with(name + "=")) return pair.substr(name.size() + 1);
    at = end + 1;
  }
  return "";
}

}  // namespace

void FaultProxy::PageTags(int client, const std::string& request, const std::string& path) {
  // Ask the registry for the whole list, then cut the page out of it.
  const std::string list_path = path.substr(0, path.find('?'));
  std::string whole_request = request;
  whole_request.replace(whole_request.find(path), path.size(), list_path);
  std::string answer = Forward(whole_request);
  std::size_t body_at = answer.find("\r\n\r\n");
  if (body_at == std::string::npos || !answer.starts_with("HTTP/1.1 200")) return SendAll(client, answer);
  nlohmann::json listed = nlohmann::json::parse(answer.substr(body_at + 4), nullptr, false);
  std::vector<std::string> tags = listed.value("tags", std::vector<std::string>());
  std::sort(tags.begin(), tags.end());
  const std::string last = QueryValue(path, "last"), n_text = QueryValue(path, "n");
  std::size_t n = std::min<std::size_t>(n_text.empty() ? rules_.tags_page : std::stoul(n_text), rules_.tags_page);
  auto from = last.empty() ? tags.begin() : std::upper_bound(tags.begin(), tags.end(), last);
  std::vector<std::string> page(from, from + std::min<std::ptrdiff_t>(n, tags.end() - from));
  std::string link;
  if (!rules_.tags_link.empty()) {
    link = "Link: " + rules_.tags_link + "\r\n";
  } else if (!page.empty() && page.back() != tags.back()) {
    link = "Link: <" + list_path + "?last=" + page.back() + "&n=" + std::to_string(n) + ">; rel=\"next\"\r\n";
  }
  ++tag_pages_sent_;
  listed["tags"] = page;
  SendAll(client, Respond(200, "OK", link, listed.dump()));
}

}  // namespace drydock::e2e
