#include "domain/reference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace tawasul::domain {
namespace {

std::string RandomDigits(std::mt19937_64& rng, std::size_t count) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string s;
  for (std::size_t i = 0; i < count; ++i) s.push_back(static_cast<char>('0' + digit(rng)));
  return s;
}

std::string WithCheck(const std::string& body) {
  return body + static_cast<char>('0' + DammCheckDigit(body));
}

TEST(DammTest, KnownVector) {
  // The worked example from Damm's algorithm: 572 -> check digit 4.
  EXPECT_EQ(DammCheckDigit("572"), 4);
  EXPECT_TRUE(DammValid("5724"));
  EXPECT_FALSE(DammValid("5723"));
  EXPECT_FALSE(DammValid(""));
  EXPECT_FALSE(DammValid("57a4"));
}

TEST(DammTest, DetectsEverySingleSubstitutionOfRandomCodes) {
  std::mt19937_64 rng(20250101);
  int checked = 0;
  for (int n = 0; n < 10000; ++n) {
    const std::string code = WithCheck(RandomDigits(rng, 9));
    ASSERT_TRUE(DammValid(code));
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      for (char d = '0'; d <= '9'; ++d) {
        if (d == code[pos]) continue;
        std::string mutated = code;
        mutated[pos] = d;
        ASSERT_FALSE(DammValid(mutated)) << code << " -> " << mutated;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 10000 * 10 * 9);
}

TEST(DammTest, DetectsEveryAdjacentTranspositionOfRandomCodes) {
  std::mt19937_64 rng(1446);
  for (int n = 0; n < 10000; ++n) {
    const std::string code = WithCheck(RandomDigits(rng, 9));
    for (std::size_t pos = 0; pos + 1 < code.size(); ++pos) {
      if (code[pos] == code[pos + 1]) continue;
      std::string swapped = code;
      std::swap(swapped[pos], swapped[pos + 1]);
      ASSERT_FALSE(DammValid(swapped)) << code << " -> " << swapped;
    }
  }
}

TEST(DammTest, DetectsAllSingleErrorsAndTranspositionsExhaustivelyOverFourDigitBodies) {
  for (int body = 0; body < 10000; ++body) {
    std::string digits = std::to_string(body);
    digits.insert(0, 4 - digits.size(), '0');
    const std::string code = WithCheck(digits);
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      for (char d = '0'; d <= '9'; ++d) {
        if (d == code[pos]) continue;
        std::string mutated = code;
        mutated[pos] = d;
        ASSERT_FALSE(DammValid(mutated)) << mutated;
      }
      if (pos + 1 < code.size() && code[pos] != code[pos + 1]) {
        std::string swapped = code;
        std::swap(swapped[pos], swapped[pos + 1]);
        ASSERT_FALSE(DammValid(swapped)) << swapped;
      }
    }
  }
}

// Why the random tests above generalise to any length: a prefix can leave the checksum in any of
// 10 states (single-digit prefixes reach all of them); from every state, two different digits,
// or a pair of different digits in either order, lead to different states; and different states
// stay different after any further digit. Checked exhaustively through the public function.
TEST(DammTest, ErrorsAreDetectedFromEveryStateAndNeverRepairedLater) {
  std::vector<int> states;
  for (char p = '0'; p <= '9'; ++p) states.push_back(DammCheckDigit(std::string(1, p)));
  std::sort(states.begin(), states.end());
  ASSERT_EQ(std::unique(states.begin(), states.end()), states.end());  // all 10 states reached
  for (char p = '0'; p <= '9'; ++p) {
    const std::string prefix(1, p);
    for (char a = '0'; a <= '9'; ++a) {
      for (char b = '0'; b <= '9'; ++b) {
        if (a == b) continue;
        EXPECT_NE(DammCheckDigit(prefix + a), DammCheckDigit(prefix + b));
        EXPECT_NE(DammCheckDigit(prefix + a + b), DammCheckDigit(prefix + b + a));
      }
      for (char q = '0'; q <= '9'; ++q) {
        if (q == p) continue;
        EXPECT_NE(DammCheckDigit(prefix + a), DammCheckDigit(std::string(1, q) + a));
      }
    }
  }
}

TEST(ReferenceTest, FormatsCanonicalForm) {
  // Damm over "260000042" worked by hand from the table: 1,4,6,5,3,1,7,3 -> 5.
  EXPECT_EQ(FormatReference({26, 42}), "26-0000042-5");
  EXPECT_EQ(FormatReference({5, 1}), "05-0000001-" + std::to_string(DammCheckDigit("050000001")));
  EXPECT_EQ(FormatReference({26, 9999999}).size(), 12u);
  EXPECT_EQ(FormatReference({26, 10000000}).substr(0, 12), "26-10000000-");
  EXPECT_EQ(FormatReference({26, 10000000}).size(), 13u);
}

TEST(ReferenceTest, ParsesWithSeparators) {
  const Reference expected{26, 42};
  for (const char* input : {"26-0000042-5", "26 0000042 5", "26/0000042/5", "26.0000042.5",
                            "260000042 5", "2600000425", " 26_0000042_5 ", "26\t0000042\n5",
                            "26\xD8\x8C"
                            "0000042\xD8\x8C"
                            "5" /* Arabic comma */}) {
    const auto parsed = ParseReference(input);
    ASSERT_TRUE(parsed.has_value()) << input;
    EXPECT_EQ(*parsed, expected) << input;
  }
}

TEST(ReferenceTest, ParsesArabicIndicAndPersianDigitsAndBidiMarks) {
  const Reference expected{26, 42};
  EXPECT_EQ(ParseReference("٢٦-٠٠٠٠٠٤٢-٥"), expected);
  EXPECT_EQ(ParseReference("۲۶-۰۰۰۰۰۴۲-۵"), expected);
  EXPECT_EQ(ParseReference("\u200F26-0000042-5\u200F"), expected);
  EXPECT_EQ(ParseReference("\u200E26\u200E-\u061C0000042-5"), expected);
  EXPECT_EQ(ParseReference("٢6-0000٠42-۵"), expected);  // mixed digit systems
}

TEST(ReferenceTest, RejectsBadInput) {
  EXPECT_FALSE(ParseReference("26-0000042-7"));  // wrong check digit
  EXPECT_FALSE(ParseReference("26-0000024-5"));  // transposed sequence digits
  EXPECT_FALSE(ParseReference("26-000A042-5"));  // letter
  EXPECT_FALSE(ParseReference("REF 26-0000042-5"));
  EXPECT_FALSE(ParseReference("26+0000042+5"));  // '+' is a symbol, not a separator
  EXPECT_FALSE(ParseReference(""));
  EXPECT_FALSE(ParseReference("-- --"));
  EXPECT_FALSE(ParseReference("26-0000042-5\xFF"));     // invalid UTF-8
  EXPECT_FALSE(ParseReference("26-0000042-\xC0\xB5"));  // overlong '5'
  EXPECT_FALSE(ParseReference(std::string("26-0000042-5\0", 13)));
  EXPECT_FALSE(ParseReference("26-0000000-" + std::to_string(DammCheckDigit("260000000"))));
}

TEST(ReferenceTest, RejectsWrongLengthsEvenWithValidCheck) {
  const std::string nine = WithCheck("26000004");
  ASSERT_TRUE(DammValid(nine));
  EXPECT_FALSE(ParseReference(nine));
  const std::string twenty_one = WithCheck("26000000000000000042");
  ASSERT_EQ(twenty_one.size(), 21u);
  ASSERT_TRUE(DammValid(twenty_one));
  EXPECT_FALSE(ParseReference(twenty_one));
  const std::string twenty = WithCheck("2600000000000000042");
  ASSERT_EQ(twenty.size(), 20u);
  EXPECT_EQ(ParseReference(twenty), (Reference{26, 42}));
}

TEST(ReferenceTest, WiderSequenceFieldNeedsItsOwnCheckDigit) {
  const std::string body = "26000000042";  // 9-digit sequence field
  const std::string valid = body + std::to_string(DammCheckDigit(body));
  EXPECT_EQ(ParseReference(valid), (Reference{26, 42}));
  // Every other check digit (including 5, the canonical form's) is wrong for these digits.
  for (char c = '0'; c <= '9'; ++c) {
    if (c - '0' == DammCheckDigit(body)) continue;
    EXPECT_FALSE(ParseReference(body + c)) << c;
  }
}

TEST(ReferenceTest, RoundTripsIncludingLargeSequences) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> sequence(1, 1'000'000'000'000ULL);
  std::vector<Reference> samples = {{0, 1},
                                    {99, 1},
                                    {26, 9'999'999},
                                    {26, 10'000'000},
                                    {26, 123'456'789},
                                    {26, 1'000'000'000'000ULL},
                                    {26, 99'999'999'999'999'999ULL}};
  for (int i = 0; i < 5000; ++i) {
    samples.push_back({static_cast<int>(rng() % 100), sequence(rng)});
  }
  for (const Reference& r : samples) {
    const std::string text = FormatReference(r);
    const auto parsed = ParseReference(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, r) << text;
  }
}

}  // namespace
}  // namespace tawasul::domain
