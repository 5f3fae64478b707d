// Where webhooks may be sent (SSRF guard). Anyone with the admin scope can make the server POST to a URL of
// their choosing; without a guard that URL can be the cloud metadata service (169.254.169.254), the store's
// PostgreSQL port, or an admin page on the server's own network. So by default the server refuses to connect to
// addresses that are not publicly routable (loopback, link-local, private, carrier-grade NAT, unique-local,
// multicast, unspecified, and IPv4 inside IPv6), unless the operator lists networks that may be reached
// (`drydock server --webhook-allow-network 10.20.0.0/16`, may repeat).
//
// The check applies to every address actually connected to (libcurl's socket callback, see sender.cc), so a
// name that resolves to a public address when the endpoint is made and to a private one later (DNS rebinding)
// is still refused. Making an endpoint checks its host's addresses too, to answer 400 at once.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock {

// An IPv4 or IPv6 network: address bytes (IPv4 in the first 4) and prefix length.
struct IpNetwork {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  int prefix_bits = 0;
  bool Contains(bool v6_address, const std::uint8_t* address) const;
};

// "10.0.0.0/8", "192.168.1.7" (a /32), "fd00::/8", "::1" (a /128). Host bits beyond the prefix are an error
// ("10.0.0.1/8" is ambiguous: 10.0.0.0/8 or the host?).
Result<IpNetwork> ParseIpNetwork(std::string_view text);

class WebhookAddressPolicy {
 public:
  WebhookAddressPolicy() = default;  // refuses every non-public address
  // From --webhook-allow-network values; the first unreadable one is the error.
  static Result<WebhookAddressPolicy> FromAllowList(const std::vector<std::string>& networks);

  // True when `address` (AF_INET or AF_INET6) may be connected to. Any other family is refused.
  bool Permits(const sockaddr* address) const;
  // For refusals: "127.0.0.1 (loopback)".
  static std::string Describe(const sockaddr* address);

 private:
  std::vector<IpNetwork> allowed_;
};

// The non-public range `address` lies in ("loopback", "private", "link-local", ...), "" for a public address.
std::string_view NonPublicRange(const sockaddr* address);

// Resolves the host of an http(s) `url` and checks each address: an error naming the first refused one. A host
// that does not resolve now is not an error (delivery is retried and checked again then).
Status CheckWebhookUrlAddresses(const std::string& url, const WebhookAddressPolicy& policy);

}  // namespace drydock
