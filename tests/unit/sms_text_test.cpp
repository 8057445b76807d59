#include "domain/sms_text.h"

#include <gtest/gtest.h>

#include <string>

namespace tawasul::domain {
namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kAlef = "ا";  // one Arabic letter: one UTF-16 unit

TEST(SmsSegmentsTest, EmptyTextCostsNothing) {
  const SmsSegments s = CountSmsSegments("");
  EXPECT_FALSE(s.ucs2);
  EXPECT_EQ(s.characters, 0);
  EXPECT_EQ(s.segments, 0);
}

TEST(SmsSegmentsTest, AsciiIsGsm7With160InOneAnd153PerPart) {
  EXPECT_EQ(CountSmsSegments("Your case 2026-000123 was received.").segments, 1);
  const SmsSegments full = CountSmsSegments(std::string(160, 'a'));
  EXPECT_FALSE(full.ucs2);
  EXPECT_EQ(full.characters, 160);
  EXPECT_EQ(full.segments, 1);
  EXPECT_EQ(CountSmsSegments(std::string(161, 'a')).segments, 2);
  EXPECT_EQ(CountSmsSegments(std::string(306, 'a')).segments, 2);
  EXPECT_EQ(CountSmsSegments(std::string(307, 'a')).segments, 3);
}

TEST(SmsSegmentsTest, GsmBasicTableBeyondAsciiStaysGsm7) {
  const SmsSegments s = CountSmsSegments("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\r\n");
  EXPECT_FALSE(s.ucs2);
  EXPECT_EQ(s.characters, 44);
}

TEST(SmsSegmentsTest, ExtensionCharactersCountTwo) {
  for (const std::string c : {"€", "{", "}", "[", "]", "~", "^", "|", "\\", "\f"}) {
    const SmsSegments s = CountSmsSegments(c);
    EXPECT_FALSE(s.ucs2) << c;
    EXPECT_EQ(s.characters, 2) << c;
  }
  EXPECT_EQ(CountSmsSegments("€{}[]~^|\\").characters, 18);
  EXPECT_EQ(CountSmsSegments(Repeat("{", 80)).segments, 1);  // 160 septets
  EXPECT_EQ(CountSmsSegments(Repeat("{", 80) + "a").segments, 2);
  EXPECT_EQ(CountSmsSegments(std::string(159, 'a') + "€").segments, 2);  // 161 septets
}

TEST(SmsSegmentsTest, AnEscapePairIsNeverSplitAcrossParts) {
  // 152 + 2 + 152 = 306 septets = 2 x 153, but the € cannot straddle the parts: 3 parts.
  const SmsSegments s = CountSmsSegments(std::string(152, 'a') + "€" + std::string(152, 'a'));
  EXPECT_EQ(s.characters, 306);
  EXPECT_EQ(s.segments, 3);
}

TEST(SmsSegmentsTest, ArabicIsUcs2With70InOneAnd67PerPart) {
  const SmsSegments one = CountSmsSegments(Repeat(kAlef, 70));
  EXPECT_TRUE(one.ucs2);
  EXPECT_EQ(one.characters, 70);
  EXPECT_EQ(one.segments, 1);
  EXPECT_EQ(CountSmsSegments(Repeat(kAlef, 71)).segments, 2);
  EXPECT_EQ(CountSmsSegments(Repeat(kAlef, 134)).segments, 2);
  EXPECT_EQ(CountSmsSegments(Repeat(kAlef, 135)).segments, 3);
}

TEST(SmsSegmentsTest, OneNonGsmCharacterMakesTheWholeTextUcs2) {
  const SmsSegments s = CountSmsSegments(std::string(100, 'a') + "ب");
  EXPECT_TRUE(s.ucs2);
  EXPECT_EQ(s.characters, 101);
  EXPECT_EQ(s.segments, 2);
  EXPECT_TRUE(CountSmsSegments("رقم ١٢").ucs2);  // Arabic-Indic digits are not GSM either
  EXPECT_TRUE(CountSmsSegments("`").ucs2);
  // In UCS-2 an extension character is one unit like any other.
  EXPECT_EQ(CountSmsSegments("ب€").characters, 2);
}

TEST(SmsSegmentsTest, CharactersOutsideTheBmpAreTwoUnitsAndNotSplit) {
  const SmsSegments emoji = CountSmsSegments("😀");
  EXPECT_TRUE(emoji.ucs2);
  EXPECT_EQ(emoji.characters, 2);
  // 66 + 2 + 66 = 134 units = 2 x 67, but the pair cannot straddle the parts: 3 parts.
  EXPECT_EQ(CountSmsSegments(Repeat(kAlef, 66) + "😀" + Repeat(kAlef, 66)).segments, 3);
}

TEST(SmsSegmentsTest, InvalidUtf8CountsAsAReplacementCharacter) {
  const SmsSegments s = CountSmsSegments("ab\xff");
  EXPECT_TRUE(s.ucs2);
  EXPECT_EQ(s.characters, 3);
}

}  // namespace
}  // namespace tawasul::domain
