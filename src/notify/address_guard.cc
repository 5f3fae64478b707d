#include "notify/address_guard.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

namespace drydock {
namespace {

// The ranges that are not the public Internet (RFC 6890 and its IPv6 counterparts), most specific name first.
// IPv4 inside IPv6 (::ffff:a.b.c.d) is judged by its IPv4 address, so it is not listed.
struct NamedRange {
  const char* network;
  const char* name;
};
constexpr NamedRange kNonPublic[] = {
    {"0.0.0.0/8", "unspecified"},       {"10.0.0.0/8", "private"},        {"100.64.0.0/10", "carrier-grade NAT"},
    {"127.0.0.0/8", "loopback"},        {"169.254.0.0/16", "link-local"}, {"172.16.0.0/12", "private"},
    {"192.0.0.0/24", "IETF reserved"},  {"192.168.0.0/16", "private"},    {"198.18.0.0/15", "benchmarking"},
    {"224.0.0.0/4", "multicast"},       {"240.0.0.0/4", "reserved"},      {"::/128", "unspecified"},
    {"::1/128", "loopback"},            {"::/96", "IPv4-compatible"},     {"64:ff9b::/96", "NAT64"},
    {"fc00::/7", "unique-local"},       {"fe80::/10", "link-local"},      {"fec0::/10", "site-local"},
    {"ff00::/8", "multicast"},
};

struct Address {
  bool v6 = false;
  const std::uint8_t* bytes = nullptr;
};

// The address to judge: IPv4-mapped IPv6 is its IPv4 address. nullopt for other families.
std::optional<Address> AddressOf(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  if (address->sa_family == AF_INET) {
    return Address{false, reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<const sockaddr_in*>(address)->sin_addr)};
  }
  if (address->sa_family == AF_INET6) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(bytes, kMapped, sizeof kMapped) == 0) return Address{false, bytes + 12};
    return Address{true, bytes};
  }
  return std::nullopt;
}

const std::vector<std::pair<IpNetwork, std::string_view>>& NonPublicTable() {
  static const auto table = [] {
    std::vector<std::pair<IpNetwork, std::string_view>> out;
    for (const NamedRange& r : kNonPublic) out.emplace_back(*ParseIpNetwork(r.network), r.name);
    return out;
  }();
  return table;
}

}  // namespace

bool IpNetwork::Contains(bool v6_address, const std::uint8_t* address) const {
  if (v6_address != v6) return false;
  const int full = prefix_bits / 8, rest = prefix_bits % 8;
  if (std::memcmp(address, bytes.data(), static_cast<std::size_t>(full)) != 0) return false;
  if (rest == 0) return true;
  const std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (address[full] & mask) == (bytes[static_cast<std::size_t>(full)] & mask);
}

Result<IpNetwork> ParseIpNetwork(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return FailWith(ErrorCode::kInvalidInput, "network \"{}\": {}", text.substr(0, 64), why);
  };
  const std::size_t slash = text.find('/');
  const std::string address(text.substr(0, slash));
  IpNetwork network;
  if (::inet_pton(AF_INET, address.c_str(), network.bytes.data()) == 1) {
    network.prefix_bits = 32;
  } else if (::inet_pton(AF_INET6, address.c_str(), network.bytes.data()) == 1) {
    network.v6 = true;
    network.prefix_bits = 128;
  } else {
    return bad("expected an IPv4 or IPv6 address, optionally /PREFIX");
  }
  if (slash != std::string_view::npos) {
    const std::string_view prefix = text.substr(slash + 1);
    const int max = network.prefix_bits;
    if (prefix.empty() || prefix.size() > 3 || prefix.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(prefix)) > max) {
      return bad(network.v6 ? "the prefix is 0 to 128" : "the prefix is 0 to 32");
    }
    network.prefix_bits = std::stoi(std::string(prefix));
  }
  // Bits after the prefix must be zero.
  for (int bit = network.prefix_bits; bit < (network.v6 ? 128 : 32); ++bit) {
    if (network.bytes[static_cast<std::size_t>(bit / 8)] & (0x80 >> (bit % 8))) {
      return bad("has bits set after its prefix length");
    }
  }
  return network;
}

std::string_view NonPublicRange(const sockaddr* address) {
  auto judged = AddressOf(address);
  if (!judged) return "not IP";
  for (const auto& [network, name] : NonPublicTable()) {
    if (network.Contains(judged->v6, judged->bytes)) return name;
  }
  return "";
}

Result<WebhookAddressPolicy> WebhookAddressPolicy::FromAllowList(const std::vector<std::string>& networks) {
  WebhookAddressPolicy policy;
  for (const std::string& text : networks) {
    auto network = ParseIpNetwork(text);
    if (!network) return Rewrap(network.error(), "--webhook-allow-network");
    policy.allowed_.push_back(*network);
  }
  return policy;
}

bool WebhookAddressPolicy::Permits(const sockaddr* address) const {
  auto judged = AddressOf(address);
  if (!judged) return false;
  if (NonPublicRange(address).empty()) return true;
  return std::any_of(allowed_.begin(), allowed_.end(),
                     [&](const IpNetwork& n) { return n.Contains(judged->v6, judged->bytes); });
}

std::string WebhookAddressPolicy::Describe(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "?";
  if (address != nullptr && address->sa_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address != nullptr && address->sa_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
  }
  const std::string_view range = NonPublicRange(address);
  return range.empty() ? std::string(text) : std::string(text) + " (" + std::string(range) + ")";
}

Status CheckWebhookUrlAddresses(const std::string& url, const WebhookAddressPolicy& policy) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return FailWith(ErrorCode::kInvalidInput, "\"url\" is not a URL libcurl can read");
  }
  char* host_part = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &host_part, 0) != CURLUE_OK || host_part == nullptr) {
    return FailWith(ErrorCode::kInvalidInput, "\"url\" has no host");
  }
  std::string host(host_part);
  curl_free(host_part);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (const std::size_t zone = host.find('%'); zone != std::string::npos) host.resize(zone);  // fe80::1%eth0
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return {};
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned(found, &::freeaddrinfo);
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (!policy.Permits(a->ai_addr)) {
      const std::string address = WebhookAddressPolicy::Describe(a->ai_addr);
      const std::string what = address.starts_with(host + " ") ? address : host.substr(0, 255) + " resolves to " + address;
      return FailWith(ErrorCode::kInvalidInput,
                      "\"url\": {} is not a public address; webhooks reach it only if the server allows it "
                      "(--webhook-allow-network)",
                      what);
    }
  }
  return {};
}

}  // namespace drydock
