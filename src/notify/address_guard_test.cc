#include "notify/address_guard.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace drydock {
namespace {

// A sockaddr for a textual IPv4 or IPv6 address.
struct TestAddress {
  sockaddr_storage storage{};
  explicit TestAddress(const char* text) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (::inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
    } else {
      EXPECT_EQ(::inet_pton(AF_INET6, text, &v6->sin6_addr), 1) << text;
      v6->sin6_family = AF_INET6;
    }
  }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

TEST(WebhookAddressGuard, RefusesEveryNonPublicRangeByDefault) {
  const WebhookAddressPolicy policy;
  for (const auto& [address, range] : std::vector<std::pair<const char*, std::string_view>>{
           {"127.0.0.1", "loopback"}, {"127.255.0.9", "loopback"}, {"::1", "loopback"},
           {"169.254.169.254", "link-local"}, {"fe80::1", "link-local"}, {"10.1.2.3", "private"},
           {"172.16.0.1", "private"}, {"172.31.255.255", "private"}, {"192.168.1.1", "private"},
           {"100.64.0.1", "carrier-grade NAT"}, {"0.0.0.0", "unspecified"}, {"::", "unspecified"},
           {"fd12:3456::1", "unique-local"}, {"224.0.0.1", "multicast"}, {"255.255.255.255", "reserved"},
           {"::ffff:127.0.0.1", "loopback"}, {"::ffff:169.254.169.254", "link-local"}, {"64:ff9b::a00:1", "NAT64"}}) {
    TestAddress a(address);
    EXPECT_EQ(NonPublicRange(a.get()), range) << address;
    EXPECT_FALSE(policy.Permits(a.get())) << address;
  }
  for (const char* address : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.128.0.1",
                              "2001:4860:4860::8888", "::ffff:8.8.8.8", "1.1.1.1"}) {
    TestAddress a(address);
    EXPECT_EQ(NonPublicRange(a.get()), "") << address;
    EXPECT_TRUE(policy.Permits(a.get())) << address;
  }
  sockaddr unix_socket{.sa_family = AF_UNIX, .sa_data = {}};
  EXPECT_FALSE(policy.Permits(&unix_socket));
}

TEST(WebhookAddressGuard, TheAllowListOpensExactlyItsNetworks) {
  auto policy = WebhookAddressPolicy::FromAllowList({"127.0.0.0/8", "10.20.0.0/16", "fd00::/8"});
  ASSERT_TRUE(policy) << policy.error().message;
  for (const char* allowed : {"127.0.0.1", "::ffff:127.0.0.1", "10.20.3.4", "fd00::5", "8.8.8.8"}) {
    EXPECT_TRUE(policy->Permits(TestAddress(allowed).get())) << allowed;
  }
  for (const char* refused : {"::1", "10.21.0.1", "169.254.169.254", "192.168.0.1", "fe80::1", "fc00::1"}) {
    EXPECT_FALSE(policy->Permits(TestAddress(refused).get())) << refused;
  }
  EXPECT_EQ(WebhookAddressPolicy::Describe(TestAddress("169.254.169.254").get()), "169.254.169.254 (link-local)");
}

TEST(WebhookAddressGuard, NetworksAreParsedStrictly) {
  auto one = ParseIpNetwork("192.168.7.9");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->prefix_bits, 32);
  auto v6 = ParseIpNetwork("2001:db8::/32");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->v6);
  EXPECT_EQ(v6->prefix_bits, 32);
  EXPECT_TRUE(ParseIpNetwork("0.0.0.0/0"));
  for (const char* bad : {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.1/8", "10.0.0.0/-1", "10.0.0.0/8/8",
                          "::/129", "example.com", "10.0.0.0/1234", "10.0.0", "fe80::1%eth0/64", "10.0.0.0/ 8"}) {
    EXPECT_FALSE(ParseIpNetwork(bad)) << bad;
    EXPECT_FALSE(WebhookAddressPolicy::FromAllowList({"127.0.0.0/8", bad})) << bad;
  }
}

TEST(WebhookAddressGuard, AnEndpointUrlIsCheckedByTheAddressesItsHostHas) {
  const WebhookAddressPolicy public_only;
  for (const char* url : {"http://127.0.0.1:9/hook", "http://localhost/hook", "https://[::1]:8443/x",
                          "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/", "http://0x7f000001/",
                          "http://2130706433/", "http://[::ffff:127.0.0.1]/"}) {
    auto checked = CheckWebhookUrlAddresses(url, public_only);
    ASSERT_FALSE(checked) << url;
    EXPECT_NE(checked.error().message.find("--webhook-allow-network"), std::string::npos);
  }
  EXPECT_TRUE(CheckWebhookUrlAddresses("http://203.0.113.9/hook", public_only));  // public by these rules
  auto loopback = WebhookAddressPolicy::FromAllowList({"127.0.0.0/8", "::1"});
  ASSERT_TRUE(loopback);
  EXPECT_TRUE(CheckWebhookUrlAddresses("http://127.0.0.1:9/hook", *loopback));
  EXPECT_TRUE(CheckWebhookUrlAddresses("https://[::1]:8443/x", *loopback));
  EXPECT_FALSE(CheckWebhookUrlAddresses("http://10.0.0.8/", *loopback));
}

}  // namespace
}  // namespace drydock
