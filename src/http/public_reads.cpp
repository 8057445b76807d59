// ETag, 304 and CORS of the public reads (see public_reads.h for the invariants).

#include "http/public_reads.h"

#include <sodium.h>

namespace tawasul::http {

std::string BodyETag(std::string_view body) {
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(body.data()),
                     body.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char b : hash) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  out += '"';
  return out;
}

bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == "*") return true;
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

void FinishPublicRead(const Request& req, Response& r) {
  r.Set("Access-Control-Allow-Origin", "*");
  if (r.status != 200) return;
  std::string etag = BodyETag(r.body);
  if (IfNoneMatchHits(req.Header("If-None-Match"), etag)) {
    r.status = 304;
    r.body.clear();
  }
  r.Set("ETag", std::move(etag));
}

Response PublicPreflight() {
  Response r;
  r.status = 204;
  r.Set("Access-Control-Allow-Origin", "*");
  r.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
  // The headers a reader of these answers may send; anything else is not needed here.
  r.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match");
  r.Set("Access-Control-Max-Age", "86400");
  return r;
}

}  // namespace tawasul::http
