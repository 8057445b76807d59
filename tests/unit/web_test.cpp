// Page language choice and translations.

#include <gtest/gtest.h>

#include "web/i18n.h"
#include "web/qr_code.h"

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

namespace tawasul::web {
namespace {

TEST(QrCodeTest, SvgOfTheCodeWithQuietZoneAndEscapedLabel) {
  std::string svg = QrCodeSvg("http://127.0.0.1:8080/track/26-0000042-7", "QR <code>");
  ASSERT_FALSE(svg.empty());
  // A version-V code is 17 + 4V modules wide, plus 4 modules of quiet zone on each side.
  auto at = svg.find("viewBox=\"0 0 ");
  ASSERT_NE(at, std::string::npos);
  int size = std::stoi(svg.substr(at + 13));
  EXPECT_EQ((size - 8 - 17) % 4, 0) << size;
  EXPECT_GE(size - 8, 21);
  // The three finder patterns: their outer corners are dark modules.
  const int w = size - 8;
  for (auto [x, y] : {std::pair{0, 0}, std::pair{w - 1, 0}, std::pair{0, w - 1}}) {
    std::string module = "M";  // appended piece by piece: GCC 12 warns falsely on "M" + ...
    module += std::to_string(x + 4);
    module += ' ';
    module += std::to_string(y + 4);
    module += "h1v1h-1z";
    EXPECT_NE(svg.find(module), std::string::npos) << module;
  }
  EXPECT_NE(svg.find("aria-label=\"QR &lt;code&gt;\""), std::string::npos);
  EXPECT_EQ(svg.find("26-0000042-7"), std::string::npos) << "geometry only, no text";
  // Beyond a QR code's capacity: nothing, rather than a broken image.
  EXPECT_EQ(QrCodeSvg(std::string(8000, 'x'), "x"), "");
}

}  // namespace
}  // namespace tawasul::web
