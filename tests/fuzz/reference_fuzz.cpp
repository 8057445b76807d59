// libFuzzer harness for case references (domain::ParseReference), typed or pasted by citizens
// into the tracking form and the API.
// Invariants: a parsed reference has year 0..99 and sequence >= 1; its canonical form is
// "YY-NNNNNNN-C" in ASCII digits, Damm-valid, and parses back to the same reference; separators
// carry no meaning (the input's digits alone, in ASCII, parse to the same reference). The input's
// first bytes, read as a year and a sequence below 10^13, also format and parse back.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "domain/reference.h"

namespace {

using namespace tawasul::domain;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// The digits of valid UTF-8 text in ASCII: ASCII, Arabic-Indic (U+0660..U+0669, D9 A0..D9 A9)
// and Persian (U+06F0..U+06F9, DB B0..DB B9) digits.
std::string DigitsOf(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c >= '0' && c <= '9') {
      out.push_back(static_cast<char>(c));
    } else if (c == 0xD9 && next >= 0xA0 && next <= 0xA9) {
      out.push_back(static_cast<char>('0' + next - 0xA0));
      ++i;
    } else if (c == 0xDB && next >= 0xB0 && next <= 0xB9) {
      out.push_back(static_cast<char>('0' + next - 0xB0));
      ++i;
    }
  }
  return out;
}

std::string AsciiDigits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

void CheckCanonical(const Reference& r) {
  const std::string text = FormatReference(r);
  Check(text.size() >= 12 && text[2] == '-' && text[text.size() - 2] == '-', "canonical shape");
  const std::string digits = AsciiDigits(text);
  Check(digits.size() + 2 == text.size(), "canonical form is digits and two dashes");
  Check(DammValid(digits), "canonical form is Damm-valid");
  const std::optional<Reference> back = ParseReference(text);
  Check(back.has_value() && *back == r, "canonical form parses back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)DammValid(input);
  if (const std::optional<Reference> r = ParseReference(input)) {
    Check(r->year2 >= 0 && r->year2 <= 99, "year in range");
    Check(r->sequence >= 1, "sequence >= 1");
    CheckCanonical(*r);
    // Separators carry no meaning: the digits alone give the same reference.
    Check(ParseReference(DigitsOf(input)) == r, "the digits decide");
  }
  if (size >= 9) {
    Reference r;
    r.year2 = data[0] % 100;
    std::uint64_t sequence = 0;
    std::memcpy(&sequence, data + 1, sizeof sequence);
    r.sequence = 1 + sequence % 10000000000000ULL;
    CheckCanonical(r);
  }
  return 0;
}
