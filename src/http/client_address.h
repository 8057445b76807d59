#pragma once
// Which address a request comes from, when the service sits behind reverse proxies.
//
// Invariants:
// - X-Forwarded-For is believed only when the connection's peer is a configured trusted proxy;
//   from anyone else it is ignored, so a client cannot pick its own address (and with it a fresh
//   rate-limit allowance) by sending the header.
// - The header is read from the right: each hop appends the address it saw. The client is the
//   rightmost address that is not itself a trusted proxy; when every listed hop is trusted, the
//   leftmost. A malformed entry ends the walk at the last good address (never a parse failure).
// - Addresses are compared in canonical form (IPv4-mapped IPv6 folds to IPv4).

#include <string>
#include <string_view>
#include <vector>

namespace tawasul::http {

class TrustedProxies {
 public:
  // `spec`: comma-separated addresses or CIDR blocks ("10.0.0.0/8, ::1"). Throws
  // std::invalid_argument naming the first entry that is neither.
  explicit TrustedProxies(std::string_view spec = {});
  bool empty() const { return blocks_.empty(); }
  bool Contains(std::string_view address) const;

  // The client's address for a connection from `peer` carrying `forwarded_for` (the header's
  // value, possibly empty).
  std::string ClientAddress(const std::string& peer, std::string_view forwarded_for) const;

 private:
  struct Block {
    bool v6 = false;
    unsigned char bytes[16] = {};
    int prefix = 0;
  };
  std::vector<Block> blocks_;
};

}  // namespace tawasul::http
