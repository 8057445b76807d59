#pragma once

#include <optional>
#include <string_view>

namespace tawasul::domain {

// The service's two languages; Arabic is the default everywhere.
enum class Language { kArabic, kEnglish };

// The BCP 47 code: "ar" or "en".
std::string_view LanguageCode(Language language);

// Exactly "ar" or "en" (as sent by ?lang= and the API), else nullopt.
std::optional<Language> ParseLanguage(std::string_view code);

// Arabic when Arabic-script letters are at least 30% of all letters, else English; text with no
// letters (empty, digits, punctuation) is Arabic. Invalid UTF-8 bytes are skipped.
Language DetectLanguage(std::string_view text);

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or truncated sequences).
bool IsValidUtf8(std::string_view s);

}  // namespace tawasul::domain
