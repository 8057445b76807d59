// Case reference numbers.
//
// Format: "YY-NNNNNNN-C". YY is the two-digit year the case was received in, N the sequence of
// the case within that year, zero-padded to at least seven digits (it simply grows wider past
// 9,999,999), and C a Damm check digit over all the digits before it (year, then sequence, as
// displayed). Digits only, so a reference can be read over the phone and typed on any keypad.
//
// Why Damm: a single check digit that catches every single-digit substitution and every
// transposition of adjacent digits (the two most common typing and dictation errors), with no
// extra symbol like ISBN's 'X'. A mistyped reference is therefore rejected here, before any
// lookup, and never lands on somebody else's case.
//
// Parsing accepts what people actually type or paste: spaces, dashes of any kind, slashes, dots,
// Arabic punctuation, the bidi marks that RTL text fields insert around numbers, and Arabic-Indic
// (U+0660..U+0669) or Persian (U+06F0..U+06F9) digits. Separators carry no meaning: the digit
// string is split as year = first 2, check = last 1, sequence = everything in between. Anything
// that is not a digit or a separator (letters, symbols, other scripts' digits, invalid UTF-8)
// rejects the input outright rather than being guessed at.
//
// Invariants: the canonical form parses back to the same Reference for every sequence below
// 10^17 (20 digits in all); the check digit depends on the exact digit string, so a differently
// padded sequence has its own check digit and is valid only with it.

#include "domain/reference.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cassert>
#include <cstdint>

namespace tawasul::domain {
namespace {

// The weakly totally anti-symmetric quasigroup of order 10 from Damm's thesis (2004).
constexpr std::array<std::array<std::uint8_t, 10>, 10> kDammTable = {{
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
    {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
    {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
    {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}};

constexpr std::size_t kYearDigits = 2;
constexpr std::size_t kMinSequenceDigits = 7;
constexpr std::size_t kMinDigits = kYearDigits + kMinSequenceDigits + 1;
constexpr std::size_t kMaxDigits = 20;
// Longer input cannot hold a valid reference; the cap also keeps U8_NEXT's int32 index safe.
constexpr std::size_t kMaxInputBytes = 1024;

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

int DammInterim(std::string_view digits) {
  int interim = 0;
  for (const char c : digits) interim = kDammTable[interim][c - '0'];
  return interim;
}

// The digit value of an accepted digit code point, or -1.
int DigitValue(UChar32 c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 0x0660 && c <= 0x0669) return c - 0x0660;  // Arabic-Indic
  if (c >= 0x06F0 && c <= 0x06F9) return c - 0x06F0;  // Extended Arabic-Indic (Persian, Urdu)
  return -1;
}

// Separators: whitespace, Unicode space/line/paragraph separators, dash, connector and "other"
// punctuation (. / , ، ٫ ٬ _ : and friends), and format characters (bidi marks U+200E/U+200F,
// U+061C, isolates, zero-width space, BOM). Brackets, symbols and letters are not separators.
bool IsSeparator(UChar32 c) {
  if (u_isUWhiteSpace(c)) return true;
  switch (u_charType(c)) {
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_DASH_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_FORMAT_CHAR:
      return true;
    default:
      return false;
  }
}

std::string TwoDigits(int value) {
  return {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

}  // namespace

int DammCheckDigit(std::string_view digits) {
  for ([[maybe_unused]] const char c : digits) assert(IsAsciiDigit(c));
  return DammInterim(digits);
}

bool DammValid(std::string_view digits_with_check) {
  if (digits_with_check.empty()) return false;
  for (const char c : digits_with_check) {
    if (!IsAsciiDigit(c)) return false;
  }
  return DammInterim(digits_with_check) == 0;
}

std::string FormatReference(Reference r) {
  assert(r.year2 >= 0 && r.year2 <= 99);
  assert(r.sequence >= 1);
  std::string sequence = std::to_string(r.sequence);
  if (sequence.size() < kMinSequenceDigits) {
    sequence.insert(0, kMinSequenceDigits - sequence.size(), '0');
  }
  const std::string year = TwoDigits(r.year2);
  const int check = DammCheckDigit(year + sequence);
  std::string out;
  out.reserve(year.size() + sequence.size() + 3);
  out.append(year).append(1, '-').append(sequence).append(1, '-');
  out.push_back(static_cast<char>('0' + check));
  return out;
}

std::optional<Reference> ParseReference(std::string_view input) {
  if (input.size() > kMaxInputBytes) return std::nullopt;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.data());
  const auto length = static_cast<std::int32_t>(input.size());
  std::string digits;
  digits.reserve(kMaxDigits + 1);
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return std::nullopt;  // invalid UTF-8
    if (const int value = DigitValue(c); value >= 0) {
      if (digits.size() == kMaxDigits) return std::nullopt;
      digits.push_back(static_cast<char>('0' + value));
    } else if (!IsSeparator(c)) {
      return std::nullopt;
    }
  }
  if (digits.size() < kMinDigits || !DammValid(digits)) return std::nullopt;
  Reference r;
  r.year2 = (digits[0] - '0') * 10 + (digits[1] - '0');
  for (std::size_t i = kYearDigits; i + 1 < digits.size(); ++i) {
    r.sequence = r.sequence * 10 + static_cast<std::uint64_t>(digits[i] - '0');
  }
  if (r.sequence < 1) return std::nullopt;
  return r;
}

}  // namespace tawasul::domain
