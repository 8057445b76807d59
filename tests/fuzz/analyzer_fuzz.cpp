// libFuzzer harness for domain::Analyze: arbitrary bytes must never crash it or break the
// invariants its header promises (offsets inside the input and on character boundaries,
// positions in order, clean bounded terms and stems, Analyze(term) == term). Inputs up to 4 KiB
// (tests/fuzz/run), so int32 indexes are safe here.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include <unicode/utf8.h>

#include "domain/text_analyzer.h"

namespace {

using tawasul::domain::Analyze;
using tawasul::domain::kMaxTermBytes;
using tawasul::domain::Token;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// Where decoding the input code point by code point (U8_NEXT, as the analyzer does; an invalid
// byte is one step) may stop: true at every boundary, including the end.
std::vector<bool> Boundaries(std::string_view s) {
  std::vector<bool> boundary(s.size() + 1, false);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < length;) {
    boundary[static_cast<std::size_t>(i)] = true;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
  }
  boundary[s.size()] = true;
  return boundary;
}

// Non-empty, bounded, well-formed UTF-8 without ASCII whitespace, controls or '"'.
bool IsCleanTerm(std::string_view s) {
  if (s.empty() || s.size() > kMaxTermBytes) return false;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = 1;
    if (c < 0x80) {
      if (c <= 0x20 || c == 0x7F || c == '"') return false;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
    } else {
      return false;
    }
    if (i + length > s.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<Token> tokens = Analyze(input);
  const std::vector<bool> boundary = Boundaries(input);
  std::size_t next_position = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    Check(t.begin < t.end && t.end <= input.size(), "offsets inside the input");
    Check(boundary[t.begin] && boundary[t.end], "offsets on character boundaries");
    const bool colocated = i > 0 && t.position == tokens[i - 1].position;
    Check(colocated || t.position == next_position, "positions count up from 0");
    next_position = t.position + 1;
    Check(IsCleanTerm(t.term), "clean term");
    Check(IsCleanTerm(t.stem), "clean stem");
    const std::vector<Token> again = Analyze(t.term);
    Check(again.size() == 1, "a term is one word");
    Check(again[0].term == t.term, "a term folds to itself");
    Check(again[0].stem == t.stem, "a term stems the same");
  }
  return 0;
}
