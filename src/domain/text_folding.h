#pragma once

// The text analyzer's first two steps (text_folding.cpp): split a text into word runs and fold a
// word to the one spelling it is indexed and searched under. For text_analyzer.cpp only; the
// rest of the program calls Analyze (text_analyzer.h).

#include <unicode/umachine.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace tawasul::domain::folding {

enum class RunKind { kArabic, kOther, kDigit };

// A word candidate: bytes [begin, end) of the segmented text.
struct Run {
  RunKind kind = RunKind::kOther;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool joined_to_previous = false;  // a digit run after a digit run and one dash or slash
};

// U8_NEXT indexes with int32_t; longer text is analyzed in its first 2 GiB.
inline std::int32_t ClampedLength(std::string_view s) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
  return static_cast<std::int32_t>(s.size() > kMax ? kMax : s.size());
}

inline UChar32 DecodeAt(std::string_view s, std::int32_t& i, std::int32_t length) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  UChar32 c = 0;
  U8_NEXT(bytes, i, length, c);
  return c;
}

// Code points of valid UTF-8 (counts the bytes that do not continue a sequence).
inline std::size_t CodePoints(std::string_view s) {
  std::size_t count = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Splits `s` into runs of Arabic letters, other letters or digits (text_folding.cpp, "Words").
std::vector<Run> Segment(std::string_view s);

// NFKC_Casefold, then Arabic folding, until stable (usually one round).
std::string FoldLetters(std::string_view word);

// The ASCII digits of a digit run (any script's decimal digits; other code points dropped).
std::string FoldDigits(std::string_view run);

// Removes و/ف directly before ال, as a conjunction (text_folding.cpp, "Clitics").
void StripConjunction(std::string& term);

}  // namespace tawasul::domain::folding
