// Page language choice and translations.

#include <gtest/gtest.h>

#include "web/i18n.h"

namespace tawasul::web {
namespace {

http::Request WithHeaders(std::vector<http::Field> headers, std::string query = "") {
  http::Request r;
  r.headers = std::move(headers);
  r.query = std::move(query);
  return r;
}

TEST(LanguageChoiceTest, QueryThenCookieThenAcceptLanguageThenArabic) {
  auto c = ChooseLanguage(WithHeaders({{"Cookie", "lang=ar"}}, "lang=en"));
  EXPECT_EQ(c.language, domain::Language::kEnglish);
  EXPECT_TRUE(c.from_query);
  c = ChooseLanguage(WithHeaders({{"Cookie", "lang=en"}, {"Accept-Language", "ar"}}));
  EXPECT_EQ(c.language, domain::Language::kEnglish);
  EXPECT_FALSE(c.from_query);
  c = ChooseLanguage(WithHeaders({{"Accept-Language", "en-US,en;q=0.9,ar;q=0.8"}}));
  EXPECT_EQ(c.language, domain::Language::kEnglish);
  c = ChooseLanguage(WithHeaders({{"Accept-Language", "fr-FR, ar-BH;q=0.5"}}));
  EXPECT_EQ(c.language, domain::Language::kArabic);
  c = ChooseLanguage(WithHeaders({{"Accept-Language", "fr, de"}}));
  EXPECT_EQ(c.language, domain::Language::kArabic);
  c = ChooseLanguage(WithHeaders({}, "lang=xx"));
  EXPECT_EQ(c.language, domain::Language::kArabic);
}

TEST(TranslationTest, KeysExistInBothLanguagesAndDiffer) {
  for (const char* key : {"service_name", "submit_title", "track_title", "reference", "access_code",
                          "status_received", "csrf_failed"}) {
    std::string ar = Text(domain::Language::kArabic, key);
    std::string en = Text(domain::Language::kEnglish, key);
    EXPECT_FALSE(ar.empty()) << key;
    EXPECT_FALSE(en.empty()) << key;
    EXPECT_NE(ar, en) << key;
  }
  EXPECT_NE(ErrorText(domain::Language::kArabic, "required"),
            ErrorText(domain::Language::kEnglish, "required"));
}

TEST(DateFormatTest, ExplicitNumberingSystems) {
  auto t = *domain::ParseRfc3339("2025-12-17T14:15:00+03:00");
  std::string ar = FormatDateTime(t, domain::Language::kArabic, "Asia/Bahrain");
  std::string en = FormatDateTime(t, domain::Language::kEnglish, "Asia/Bahrain");
  EXPECT_NE(ar.find("١٧"), std::string::npos) << ar;  // Arabic-Indic digits
  EXPECT_NE(en.find("17"), std::string::npos) << en;
  EXPECT_NE(en.find("2025"), std::string::npos) << en;
}

}  // namespace
}  // namespace tawasul::web
