// Trusted proxies and X-Forwarded-For (http/client_address.h).

#include "http/client_address.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace tawasul::http {
namespace {

TEST(ClientAddressTest, HeaderIgnoredFromAnUntrustedPeer) {
  TrustedProxies none;
  EXPECT_EQ(none.ClientAddress("203.0.113.5", "1.2.3.4"), "203.0.113.5");
  TrustedProxies lb("10.0.0.1");
  EXPECT_EQ(lb.ClientAddress("203.0.113.5", "1.2.3.4"), "203.0.113.5");
}

TEST(ClientAddressTest, RightmostUntrustedHopIsTheClient) {
  TrustedProxies proxies("10.0.0.0/8, 192.168.1.1");
  EXPECT_EQ(proxies.ClientAddress("10.1.2.3", "198.51.100.7"), "198.51.100.7");
  // The client may write anything at the left; only what trusted hops appended counts.
  EXPECT_EQ(proxies.ClientAddress("10.1.2.3", "6.6.6.6, 198.51.100.7, 192.168.1.1"),
            "198.51.100.7");
  // Every hop trusted: the leftmost.
  EXPECT_EQ(proxies.ClientAddress("10.1.2.3", "10.9.9.9, 192.168.1.1"), "10.9.9.9");
  // A malformed hop ends the walk at the last good address.
  EXPECT_EQ(proxies.ClientAddress("10.1.2.3", "198.51.100.7, garbage"), "10.1.2.3");
  EXPECT_EQ(proxies.ClientAddress("10.1.2.3", ""), "10.1.2.3");
}

TEST(ClientAddressTest, CidrBlocksAndIpv6) {
  TrustedProxies proxies("172.16.0.0/12, 2001:db8::/32");
  EXPECT_TRUE(proxies.Contains("172.31.255.255"));
  EXPECT_FALSE(proxies.Contains("172.32.0.0"));
  EXPECT_TRUE(proxies.Contains("2001:db8:1::5"));
  EXPECT_FALSE(proxies.Contains("2001:db9::1"));
  EXPECT_TRUE(proxies.Contains("::ffff:172.16.0.1")) << "IPv4-mapped folds to IPv4";
  EXPECT_EQ(proxies.ClientAddress("::ffff:172.16.0.1", "2001:db8::7, 2a00::1"), "2a00::1");
}

TEST(ClientAddressTest, BadSpecificationsNameTheEntry) {
  EXPECT_THROW(TrustedProxies("10.0.0.0/33"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies("proxy.example"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies("10.0.0.0/"), std::invalid_argument);
  try {
    TrustedProxies("10.0.0.1, nonsense");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("nonsense"), std::string::npos);
  }
}

}  // namespace
}  // namespace tawasul::http
