#include "domain/language.h"

#include <gtest/gtest.h>

namespace tawasul::domain {
namespace {

TEST(LanguageTest, CodesRoundTrip) {
  EXPECT_EQ(LanguageCode(Language::kArabic), "ar");
  EXPECT_EQ(LanguageCode(Language::kEnglish), "en");
  EXPECT_EQ(ParseLanguage("ar"), Language::kArabic);
  EXPECT_EQ(ParseLanguage("en"), Language::kEnglish);
  EXPECT_FALSE(ParseLanguage("AR"));
  EXPECT_FALSE(ParseLanguage("en-US"));
  EXPECT_FALSE(ParseLanguage(""));
}

TEST(LanguageTest, DetectsArabic) {
  EXPECT_EQ(DetectLanguage("انقطاع الكهرباء في المنطقة منذ الصباح"), Language::kArabic);
  EXPECT_EQ(DetectLanguage("شُكْرًا جَزِيلًا"), Language::kArabic);  // harakat are not letters
  EXPECT_EQ(DetectLanguage("ﻻ"), Language::kArabic);           // presentation form
}

TEST(LanguageTest, DetectsEnglish) {
  EXPECT_EQ(DetectLanguage("The street light on Road 12 has been out for a week."),
            Language::kEnglish);
  EXPECT_EQ(DetectLanguage("Ça marche"), Language::kEnglish);  // any non-Arabic letters
}

TEST(LanguageTest, MixedTextUsesThirtyPercentThreshold) {
  // 3 Arabic letters of 10 -> Arabic; 2 of 10 -> English.
  EXPECT_EQ(DetectLanguage("abcdefg بيت"), Language::kArabic);
  EXPECT_EQ(DetectLanguage("abcdefgh من"), Language::kEnglish);
  // Arabic sentence with a Latin brand name stays Arabic.
  EXPECT_EQ(DetectLanguage("تطبيق BenefitPay لا يعمل"), Language::kArabic);
  // English sentence quoting one Arabic word stays English.
  EXPECT_EQ(DetectLanguage("Please fix the sign that says مدرسة near the roundabout"),
            Language::kEnglish);
}

TEST(LanguageTest, NoLettersDefaultsToArabic) {
  EXPECT_EQ(DetectLanguage(""), Language::kArabic);
  EXPECT_EQ(DetectLanguage("12345 ٦٧٨ !?"), Language::kArabic);
  EXPECT_EQ(DetectLanguage("\xFF\xFE"), Language::kArabic);
}

TEST(LanguageTest, InvalidBytesAreSkipped) {
  EXPECT_EQ(DetectLanguage("hello\xFF world"), Language::kEnglish);
  EXPECT_EQ(DetectLanguage("\xC0مرحبا\xFF"), Language::kArabic);
}

}  // namespace
}  // namespace tawasul::domain
