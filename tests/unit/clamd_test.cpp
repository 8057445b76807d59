// The clamd endpoint's address form (service/clamd.h): an IP literal and a port only, so a typo
// in --clamd-address fails at start instead of making every upload 503.

#include <gtest/gtest.h>

#include "service/clamd.h"

namespace tawasul::service {
namespace {

TEST(ClamdEndpointTest, ParsesIpv4AndBracketedIpv6) {
  auto v4 = ClamdEndpoint::ParseAddress("127.0.0.1:3310");
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 3310);
  EXPECT_TRUE(v4->socket_path.empty());
  EXPECT_EQ(v4->Describe(), "127.0.0.1:3310");
  auto v6 = ClamdEndpoint::ParseAddress("[::1]:3310");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->Describe(), "[::1]:3310");
}

TEST(ClamdEndpointTest, RefusesNamesBadPortsAndMissingParts) {
  for (const char* bad :
       {"", "127.0.0.1", "127.0.0.1:", ":3310", "localhost:3310", "127.0.0.1:0", "127.0.0.1:65536",
        "127.0.0.1:33a", "::1:3310", "[::1]3310", "[::1]:", "10.0.0.300:3310"}) {
    EXPECT_FALSE(ClamdEndpoint::ParseAddress(bad).has_value()) << bad;
  }
}

TEST(ClamdSessionTest, AMissingSocketIsAnErrorNotAVerdict) {
  ClamdSession session(ClamdEndpoint{"/nonexistent/tawasul-clamd.sock", "", 0}, ClamdTimeouts{});
  ClamdVerdict verdict;
  EXPECT_TRUE(session.Scan("%PDF-1.4\n", verdict));
  EXPECT_FALSE(verdict.infected);
  EXPECT_TRUE(session.Ping());
}

}  // namespace
}  // namespace tawasul::service
