// libFuzzer harness for application/x-www-form-urlencoded bodies and query strings
// (http::ParseUrlEncoded, PercentDecode, UrlEncode, Request::QueryParam), what every HTML form
// post and every query parameter goes through.
// Invariants: decoding never reads past its input and never makes output longer than the input;
// UrlEncode output is unreserved ASCII and decodes back to its input (form or not); the pairs
// parsed from any input, encoded again, parse to the same pairs; QueryParam answers the first
// pair of that name (or "").

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace {

using namespace tawasul::http;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

bool Unreserved(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_' || c == '.' || c == '~' || c == '%';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // PercentDecode on the raw input, both flavours.
  for (const bool form : {false, true}) {
    std::string out = "stale";
    if (PercentDecode(input, out, form)) {
      Check(out.size() <= input.size(), "decoding grows");
    }
  }

  // UrlEncode is the inverse of PercentDecode.
  const std::string encoded = UrlEncode(input);
  for (unsigned char c : encoded) Check(Unreserved(c), "UrlEncode emits unreserved ASCII");
  for (const bool form : {false, true}) {
    std::string back;
    Check(PercentDecode(encoded, back, form) && back == input, "UrlEncode round trip");
  }

  // Parsing, re-encoding, re-parsing gives the same pairs.
  const std::vector<std::pair<std::string, std::string>> pairs = ParseUrlEncoded(input);
  std::size_t bytes = 0;
  std::string again;
  for (const auto& [k, v] : pairs) {
    bytes += k.size() + v.size();
    if (!again.empty()) again += '&';
    again += UrlEncode(k) + "=" + UrlEncode(v);
  }
  Check(bytes <= input.size(), "pairs hold more than the input");
  Check(ParseUrlEncoded(again) == pairs, "parse(encode(parse(x))) == parse(x)");

  // The query string of a request: the first pair of a name wins.
  Request request;
  request.query = std::string(input);
  for (std::size_t i = 0; i < pairs.size() && i < 16; ++i) {
    std::string first;
    for (const auto& [k, v] : pairs) {
      if (k == pairs[i].first) {
        first = v;
        break;
      }
    }
    Check(request.QueryParam(pairs[i].first) == first, "QueryParam answers the first pair");
  }
  return 0;
}
