// Language of user text.
//
// Used to pick the analyzer's stemmer and the language of replies and notifications when the
// citizen did not choose one. Citizens write Arabic mixed with Latin words (brand names, street
// names, English terms), so a majority rule would misclassify ordinary Arabic complaints; Arabic
// wins at 30% of letters instead. Only letters count (ICU's alphabetic property): digits,
// punctuation, emoji and Arabic diacritics (harakat are combining marks) say nothing about the
// language. Text without letters falls back to Arabic, the service's default language.
//
// "Arabic script" means the Arabic blocks: U+0600-06FF, Supplement U+0750-077F, Extended-A
// U+08A0-08FF, Presentation Forms-A U+FB50-FDFF and -B U+FE70-FEFF (so Persian and Urdu text
// counts as Arabic, which is the better of the two choices for this service).
// Invalid UTF-8 sequences are skipped rather than rejected: detection is a hint, and validation
// of input is the job of the request parser.

#include "domain/language.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <limits>

namespace tawasul::domain {
namespace {

bool IsArabicScript(UChar32 c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFF);
}

}  // namespace

std::string_view LanguageCode(Language language) {
  switch (language) {
    case Language::kArabic:
      return "ar";
    case Language::kEnglish:
      return "en";
  }
  return "ar";
}

std::optional<Language> ParseLanguage(std::string_view code) {
  if (code == "ar") return Language::kArabic;
  if (code == "en") return Language::kEnglish;
  return std::nullopt;
}

Language DetectLanguage(std::string_view text) {
  std::uint64_t letters = 0;
  std::uint64_t arabic_letters = 0;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  // U8_NEXT indexes with int32_t; longer text is judged by its first 2 GiB.
  const std::int32_t length =
      text.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())
          ? std::numeric_limits<std::int32_t>::max()
          : static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !u_isUAlphabetic(c)) continue;
    // Combining marks can be "alphabetic" in ICU (e.g. Arabic harakat); they are not letters.
    if (U_GET_GC_MASK(c) & U_GC_M_MASK) continue;
    ++letters;
    if (IsArabicScript(c)) ++arabic_letters;
  }
  if (letters == 0) return Language::kArabic;
  return arabic_letters * 10 >= letters * 3 ? Language::kArabic : Language::kEnglish;
}

bool IsValidUtf8(std::string_view s) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace tawasul::domain
