// The TOTP rules of domain/totp.h (issue 16 item 3): RFC 6238's test vectors computed through
// liboath, the ±1 step window, the replay rule, base32 and the otpauth URI, recovery codes.

#include "domain/totp.h"

#include <gtest/gtest.h>
#include <liboath/oath.h>

#include <cctype>
#include <set>
#include <string>

namespace tawasul::domain {
namespace {

// RFC 6238 appendix B: the SHA-1 seed and its 8-digit codes.
const std::string kRfcSeed = "12345678901234567890";

std::string Rfc8Digits(std::int64_t t) {
  char otp[9] = {};
  EXPECT_EQ(
      oath_totp_generate(kRfcSeed.data(), kRfcSeed.size(), static_cast<time_t>(t), 30, 0, 8, otp),
      OATH_OK);
  return otp;
}

TEST(TotpTest, Rfc6238VectorsThroughLiboath) {
  oath_init();
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [t, code] : vectors) {
    EXPECT_EQ(Rfc8Digits(t), code) << t;
    // Six digits are the last six of eight (the same truncation, modulo 10^6).
    EXPECT_EQ(TotpCode(kRfcSeed, t), std::string(code).substr(2)) << t;
    auto step = MatchTotp(kRfcSeed, t, std::string(code).substr(2));
    ASSERT_TRUE(step.has_value()) << t;
    EXPECT_EQ(*step, t / 30);
  }
}

TEST(TotpTest, AcceptsOneStepEitherSideAndNoMore) {
  const std::int64_t now = 1234567890;  // the first second of step 41152263
  const std::int64_t step = TotpStep(now);
  for (int d = -1; d <= 1; ++d) {
    auto m = MatchTotp(kRfcSeed, now, TotpCode(kRfcSeed, now + 30 * d));
    ASSERT_TRUE(m.has_value()) << d;
    EXPECT_EQ(*m, step + d);
  }
  for (int d : {-3, -2, 2, 3}) {
    EXPECT_FALSE(MatchTotp(kRfcSeed, now, TotpCode(kRfcSeed, now + 30 * d)).has_value()) << d;
  }
  EXPECT_FALSE(MatchTotp(kRfcSeed, now, "12345").has_value());
  EXPECT_FALSE(MatchTotp(kRfcSeed, now, "12345a").has_value());
  EXPECT_FALSE(MatchTotp("another secret 12345", now, TotpCode(kRfcSeed, now)).has_value());
}

TEST(TotpTest, AStepIsAcceptedOnceAndNeverAnOlderOne) {
  EXPECT_TRUE(AcceptsStep(0, 41152263));
  EXPECT_FALSE(AcceptsStep(41152263, 41152263));  // the same code again: a replay
  EXPECT_FALSE(AcceptsStep(41152263, 41152262));  // the previous step's, after a newer one
  EXPECT_TRUE(AcceptsStep(41152263, 41152264));
}

TEST(TotpTest, Base32AndOtpauthUri) {
  EXPECT_EQ(Base32(kRfcSeed), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(OtpauthUri("Tawasul", "admin@tawasul.example", kRfcSeed),
            "otpauth://totp/Tawasul:admin@tawasul.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Tawasul&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(NewTotpSecret().size(), 20u);
  EXPECT_NE(NewTotpSecret(), NewTotpSecret());
}

TEST(TotpTest, RecoveryCodesAreDistinctAndHashedInTheirNormalForm) {
  auto codes = NewRecoveryCodes();
  ASSERT_EQ(codes.size(), 10u);
  std::set<std::string> unique(codes.begin(), codes.end());
  EXPECT_EQ(unique.size(), 10u);
  for (const auto& c : codes) {
    ASSERT_EQ(c.size(), 11u) << c;
    EXPECT_EQ(c[5], '-') << c;
  }
  const std::string pepper(32, 'p');
  std::string lower = codes[0];
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  lower.erase(5, 1);
  EXPECT_EQ(RecoveryCodeHash(pepper, codes[0]), RecoveryCodeHash(pepper, " " + lower + " "));
  EXPECT_NE(RecoveryCodeHash(pepper, codes[0]), RecoveryCodeHash(pepper, codes[1]));
  EXPECT_NE(RecoveryCodeHash(pepper, codes[0]), RecoveryCodeHash(std::string(32, 'q'), codes[0]));
}

}  // namespace
}  // namespace tawasul::domain
