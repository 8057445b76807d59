// Client addresses behind trusted proxies; see client_address.h.

#include "http/client_address.h"

#include "http/message.h"

#include <arpa/inet.h>

#include <algorithm>
#include <stdexcept>

namespace tawasul::http {

namespace {

// An address as 16 bytes (IPv4 in the first 4); IPv4-mapped IPv6 folds to IPv4.
struct Address {
  bool v6 = false;
  unsigned char bytes[16] = {};
  std::string ToString() const {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(v6 ? AF_INET6 : AF_INET, bytes, buf, sizeof buf);
    return buf;
  }
};

bool Parse(std::string_view text, Address& out) {
  std::string s(text);
  out = Address{};
  if (inet_pton(AF_INET, s.c_str(), out.bytes) == 1) return true;
  if (inet_pton(AF_INET6, s.c_str(), out.bytes) != 1) return false;
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::equal(kMapped, kMapped + 12, out.bytes)) {
    std::copy(out.bytes + 12, out.bytes + 16, out.bytes);
    std::fill(out.bytes + 4, out.bytes + 16, 0);
  } else {
    out.v6 = true;
  }
  return true;
}

}  // namespace

TrustedProxies::TrustedProxies(std::string_view spec) {
  while (!spec.empty()) {
    auto comma = spec.find(',');
    std::string_view entry = TrimOws(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (entry.empty()) continue;
    auto slash = entry.find('/');
    Address a;
    if (!Parse(entry.substr(0, slash), a)) {
      throw std::invalid_argument("not an address or CIDR block: " + std::string(entry));
    }
    Block b;
    b.v6 = a.v6;
    int max = b.v6 ? 128 : 32;
    b.prefix = max;
    if (slash != std::string_view::npos) {
      std::string bits(entry.substr(slash + 1));
      if (bits.empty() || bits.size() > 3 ||
          bits.find_first_not_of("0123456789") != std::string::npos || std::stoi(bits) > max) {
        throw std::invalid_argument("bad prefix length in " + std::string(entry));
      }
      b.prefix = std::stoi(bits);
    }
    std::copy(a.bytes, a.bytes + 16, b.bytes);
    blocks_.push_back(b);
  }
}

bool TrustedProxies::Contains(std::string_view address) const {
  Address a;
  if (blocks_.empty() || !Parse(address, a)) return false;
  const unsigned char* bytes = a.bytes;
  for (const auto& block : blocks_) {
    if (block.v6 != a.v6) continue;
    int whole = block.prefix / 8;
    int rest = block.prefix % 8;
    bool match = std::equal(bytes, bytes + whole, block.bytes);
    if (match && rest != 0) {
      unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
      match = (bytes[whole] & mask) == (block.bytes[whole] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(const std::string& peer,
                                          std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !Contains(peer)) return peer;
  std::string client = peer;
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    std::string_view hop =
        TrimOws(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    Address a;
    if (!Parse(hop, a)) break;
    client = a.ToString();
    if (!Contains(client)) break;
  }
  return client;
}

}  // namespace tawasul::http
