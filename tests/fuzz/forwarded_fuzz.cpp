// libFuzzer harness for the client address behind trusted proxies (http::TrustedProxies): the
// --trusted-proxies list and the X-Forwarded-For header, which any client can send.
// Input: the first line is the trusted list, the second the peer's address, the rest the header.
// Invariants: a bad list throws std::invalid_argument and nothing else; without a header, or from
// a peer that is not trusted, the client is the peer (a client cannot choose its address); else
// the client is the peer or a canonical address (re-parses to itself) taken from the header, and
// not a trusted proxy unless every hop read was one.

#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http/client_address.h"

namespace {

using tawasul::http::TrustedProxies;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// The canonical text of an address, or "" when it is not one.
std::string Canonical(const std::string& s) {
  unsigned char bytes[16] = {};
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, s.c_str(), bytes) == 1) {
    inet_ntop(AF_INET, bytes, buf, sizeof buf);
    return buf;
  }
  if (inet_pton(AF_INET6, s.c_str(), bytes) == 1) {
    inet_ntop(AF_INET6, bytes, buf, sizeof buf);
    return buf;
  }
  return {};
}

std::string_view Line(std::string_view& rest) {
  auto eol = rest.find('\n');
  std::string_view line = rest.substr(0, eol);
  rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view spec = Line(rest);
  const std::string peer(Line(rest));
  const std::string_view header = rest;
  std::optional<TrustedProxies> proxies;
  try {
    proxies.emplace(spec);
  } catch (const std::invalid_argument&) {
    proxies.emplace("10.0.0.0/8, 127.0.0.1, ::1, fd00::/8");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "unexpected exception from the trusted list: %s\n", e.what());
    std::abort();
  }
  const std::string client = proxies->ClientAddress(peer, header);
  if (header.empty() || !proxies->Contains(peer)) {
    Check(client == peer, "the peer, unless a trusted proxy forwards");
    return 0;
  }
  if (client == peer) return 0;
  Check(!client.empty() && Canonical(client) == client, "a canonical address");
  Check(client.find_first_of(", \t\r\n") == std::string::npos, "one address");
  if (proxies->Contains(client)) {
    // Only when every hop read (from the right, up to a malformed one) is a trusted proxy.
    std::string_view hops = header;
    while (!hops.empty()) {
      auto comma = hops.rfind(',');
      std::string hop(comma == std::string_view::npos ? hops : hops.substr(comma + 1));
      hops = comma == std::string_view::npos ? std::string_view() : hops.substr(0, comma);
      while (!hop.empty() && (hop.front() == ' ' || hop.front() == '\t')) hop.erase(0, 1);
      while (!hop.empty() && (hop.back() == ' ' || hop.back() == '\t')) hop.pop_back();
      const std::string c = Canonical(hop);
      if (c.empty()) break;
      Check(proxies->Contains(c), "a trusted client while an untrusted hop was read");
    }
  }
  return 0;
}
