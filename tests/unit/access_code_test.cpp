#include "domain/access_code.h"

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <set>
#include <stdexcept>
#include <string>

namespace tawasul::domain {
namespace {

const std::string kPepper(32, 'p');
const std::string kOtherPepper(32, 'q');

TEST(AccessCodeTest, AlphabetHasNoLookAlikesAndNoRepeats) {
  EXPECT_GE(kAccessCodeAlphabet.size(), 24u);
  for (const char c : std::string_view("0O1IL2Z5S8B")) {
    EXPECT_EQ(kAccessCodeAlphabet.find(c), std::string_view::npos) << c;
  }
  const std::set<char> unique(kAccessCodeAlphabet.begin(), kAccessCodeAlphabet.end());
  EXPECT_EQ(unique.size(), kAccessCodeAlphabet.size());
  for (const char c : kAccessCodeAlphabet) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) << c;
  }
}

TEST(AccessCodeTest, NewCodesHaveLengthAndAlphabet) {
  for (int i = 0; i < 1000; ++i) {
    const std::string code = NewAccessCode();
    ASSERT_EQ(code.size(), kAccessCodeLength);
    for (const char c : code)
      ASSERT_NE(kAccessCodeAlphabet.find(c), std::string_view::npos) << code;
    ASSERT_EQ(NormalizeAccessCode(code), code);
  }
}

TEST(AccessCodeTest, NewCodesAreRoughlyUniformPerPositionAndDistinct) {
  constexpr int kCodes = 10000;
  std::array<std::array<int, 256>, kAccessCodeLength> counts{};
  std::set<std::string> seen;
  for (int i = 0; i < kCodes; ++i) {
    const std::string code = NewAccessCode();
    seen.insert(code);
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      ++counts[pos][static_cast<unsigned char>(code[pos])];
    }
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kCodes));
  const double expected = static_cast<double>(kCodes) / kAccessCodeAlphabet.size();
  for (std::size_t pos = 0; pos < kAccessCodeLength; ++pos) {
    double chi_square = 0;
    for (const char c : kAccessCodeAlphabet) {
      const double diff = counts[pos][static_cast<unsigned char>(c)] - expected;
      chi_square += diff * diff / expected;
    }
    // 24 degrees of freedom: mean 24, sd ~7; 80 is far out in the tail (p < 1e-7).
    EXPECT_LT(chi_square, 80.0) << "position " << pos;
  }
}

TEST(AccessCodeTest, NormalizesUserInput) {
  EXPECT_EQ(NormalizeAccessCode("ac3d-ef4g"), "AC3DEF4G");
  EXPECT_EQ(NormalizeAccessCode(" AC3D EF4G "), "AC3DEF4G");
  EXPECT_EQ(NormalizeAccessCode("ac-3d-ef-4g"), "AC3DEF4G");
  EXPECT_EQ(NormalizeAccessCode("\u200FAC٣D-EF۴G"), "AC3DEF4G");  // RLM, Arabic-Indic and Persian
}

TEST(AccessCodeTest, RejectsMalformedInput) {
  EXPECT_FALSE(NormalizeAccessCode(""));
  EXPECT_FALSE(NormalizeAccessCode("AC3DEF4"));      // 7
  EXPECT_FALSE(NormalizeAccessCode("AC3DEF4GH"));    // 9
  EXPECT_FALSE(NormalizeAccessCode("AC3DEF4O"));     // O is not in the alphabet
  EXPECT_FALSE(NormalizeAccessCode("AC3DEF40"));     // nor 0
  EXPECT_FALSE(NormalizeAccessCode("AC3DEF4\xFF"));  // invalid UTF-8
  EXPECT_FALSE(NormalizeAccessCode("AC3D.EF4G"));    // '.' is not a grouping character here
}

TEST(AccessCodeTest, HashHasFixedSizeAndDependsOnEveryInput) {
  const std::string salt = NewSalt();
  ASSERT_EQ(salt.size(), kAccessCodeSaltBytes);
  EXPECT_NE(NewSalt(), salt);
  const std::string hash = HashAccessCode("AC3DEF4G", salt, kPepper);
  ASSERT_EQ(hash.size(), kAccessCodeHashBytes);
  EXPECT_EQ(HashAccessCode("AC3DEF4G", salt, kPepper), hash);
  EXPECT_EQ(HashAccessCode("ac3d-ef4g", salt, kPepper), hash);  // normalised first
  EXPECT_NE(HashAccessCode("AC3DEF4H", salt, kPepper), hash);
  EXPECT_NE(HashAccessCode("AC3DEF4G", NewSalt(), kPepper), hash);
  EXPECT_NE(HashAccessCode("AC3DEF4G", salt, kOtherPepper), hash);
  EXPECT_THROW(HashAccessCode("AC3DEF4G", salt, "short"), std::invalid_argument);
}

TEST(AccessCodeTest, VerifiesOnlyTheRightCodeSaltAndPepper) {
  const std::string code = NewAccessCode();
  const std::string salt = NewSalt();
  const std::string hash = HashAccessCode(code, salt, kPepper);
  EXPECT_TRUE(VerifyAccessCode(code, salt, kPepper, hash));
  std::string lowercase_dashed;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i == 4) lowercase_dashed.push_back('-');
    lowercase_dashed.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(code[i]))));
  }
  EXPECT_TRUE(VerifyAccessCode(lowercase_dashed, salt, kPepper, hash));
  std::string other = code;
  other[7] = other[7] == 'A' ? 'C' : 'A';
  EXPECT_FALSE(VerifyAccessCode(other, salt, kPepper, hash));
  EXPECT_FALSE(VerifyAccessCode(code, NewSalt(), kPepper, hash));
  EXPECT_FALSE(VerifyAccessCode(code, salt, kOtherPepper, hash));
  EXPECT_FALSE(VerifyAccessCode(code, salt, kPepper, hash.substr(0, 31)));
  EXPECT_FALSE(VerifyAccessCode("", salt, kPepper, hash));
}

}  // namespace
}  // namespace tawasul::domain
