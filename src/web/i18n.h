#pragma once
// Page language (DESIGN.md §4) and the translation table of the public pages.

#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "domain/language.h"
#include "domain/time.h"
#include "http/message.h"

namespace tawasul::web {

struct LanguageChoice {
  domain::Language language = domain::Language::kArabic;
  bool from_query = false;  // chosen by ?lang=: remember it in a cookie
};

// ?lang=ar|en, else the `lang` cookie, else Accept-Language, else Arabic.
LanguageChoice ChooseLanguage(const http::Request& request);

// Every string of the pages in one language, as a mustache object (used as {{t.key}}).
const kainjow::mustache::data& Strings(domain::Language language);
// One string by key ("" when unknown).
std::string Text(domain::Language language, std::string_view key);
// The message for a validation error code, in the language.
std::string ErrorText(domain::Language language, std::string_view code);

// Date and time in the calendar's zone, with an explicit numbering system (Arabic-Indic digits
// for Arabic, Latin for English), e.g. "١٧ ديسمبر ٢٠٢٦، ٢:١٥ م".
std::string FormatDateTime(domain::Instant t, domain::Language language, const std::string& zone);
// A count with grouping ("١٤٨٬٠٠٠" / "148,000") and a share as a percentage with one decimal
// ("٩٩٫٠٪" / "99.0%"), in the language's numbering system.
std::string FormatCount(std::int64_t n, domain::Language language);
std::string FormatPercent(double share, domain::Language language);

}  // namespace tawasul::web
