// Citizen accounts' pure rules (domain/citizen_account.h): contact normalisation and one-time
// codes.

#include "domain/citizen_account.h"

#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

namespace tawasul::domain {
namespace {

const std::string kPepper(32, 'p');

Instant At(std::int64_t secs) { return Instant(std::chrono::seconds(secs)); }

TEST(CitizenAccountTest, EmailsAreTrimmedAndLowerCased) {
  auto c = NormalizeContact("  Name.Surname@Example.COM \t");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->kind, ContactKind::kEmail);
  EXPECT_EQ(c->value, "name.surname@example.com");
  for (const char* bad : {"", "   ", "@example.com", "name@", "name@example", "a@b@c.com",
                          "na me@example.com", "name@example.", "name@.com", "<a@b.com>"}) {
    EXPECT_FALSE(NormalizeContact(bad).has_value()) << bad;
  }
  EXPECT_FALSE(NormalizeContact(std::string(250, 'a') + "@b.com").has_value());
}

TEST(CitizenAccountTest, BahrainMobilesBecomeE164) {
  for (const char* in : {"+97336001234", "+973 3600 1234", "0097336001234", "97336001234",
                         "36001234", "3600-1234", " (+973) 36 00 12 34 "}) {
    auto c = NormalizeContact(in);
    ASSERT_TRUE(c.has_value()) << in;
    EXPECT_EQ(c->kind, ContactKind::kPhone);
    EXPECT_EQ(c->value, "+97336001234") << in;
  }
  EXPECT_EQ(NormalizeContact("66123456")->value, "+97366123456");
  // Arabic-Indic digits from an Arabic keyboard.
  EXPECT_EQ(NormalizeContact("٣٦٠٠١٢٣٤")->value, "+97336001234");
  // Not a Bahrain mobile: fixed lines, other countries, wrong lengths, letters.
  for (const char* bad :
       {"17001234", "+97317001234", "+966501234567", "3600123", "360012345", "+9733600123",
        "3600123x", "+44 20 7946 0000", "++97336001234", "6512345"}) {
    EXPECT_FALSE(NormalizeContact(bad).has_value()) << bad;
  }
}

TEST(CitizenAccountTest, ChannelAndMaskFollowTheKind) {
  auto phone = *NormalizeContact("36001234");
  auto email = *NormalizeContact("name@example.com");
  EXPECT_EQ(ChannelFor(phone.kind), MessageChannel::kSms);
  EXPECT_EQ(ChannelFor(email.kind), MessageChannel::kEmail);
  EXPECT_EQ(MaskContact(phone), "+973 ****1234");
  EXPECT_EQ(MaskContact(email), "n***@example.com");
}

TEST(CitizenAccountTest, CodesAreSixDigitsAndVary) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto code = NewOneTimeCode();
    ASSERT_EQ(code.size(), kOneTimeCodeDigits);
    for (char c : code) ASSERT_TRUE(c >= '0' && c <= '9') << code;
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 190u);  // 200 draws from 1e6: a repeat or two at most
}

TEST(CitizenAccountTest, CodesAreNormalisedAsTyped) {
  EXPECT_EQ(NormalizeOneTimeCode(" 123 456 "), "123456");
  EXPECT_EQ(NormalizeOneTimeCode("123-456"), "123456");
  EXPECT_EQ(NormalizeOneTimeCode("١٢٣٤٥٦"), "123456");
  for (const char* bad : {"", "12345", "1234567", "12345a", "+12345", "abcdef"}) {
    EXPECT_FALSE(NormalizeOneTimeCode(bad).has_value()) << bad;
  }
}

TEST(CitizenAccountTest, HashedCodesMatchOnlyTheirCodeSaltAndPepper) {
  const std::string salt = "0123456789abcdef";
  const std::string hash = HashOneTimeCode("123456", salt, kPepper);
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_TRUE(OneTimeCodeMatches("123 456", salt, kPepper, hash));
  EXPECT_FALSE(OneTimeCodeMatches("123457", salt, kPepper, hash));
  EXPECT_FALSE(OneTimeCodeMatches("123456", "fedcba9876543210", kPepper, hash));
  EXPECT_FALSE(OneTimeCodeMatches("123456", salt, std::string(32, 'q'), hash));
  EXPECT_FALSE(OneTimeCodeMatches("12345", salt, kPepper, hash));
  EXPECT_FALSE(OneTimeCodeMatches("123456", salt, kPepper, hash.substr(1)));
  EXPECT_THROW(HashOneTimeCode("123456", salt, "short"), std::invalid_argument);
}

TEST(CitizenAccountTest, ACodeIsUsableOnceForTenMinutesAndFiveWrongTries) {
  const Instant issued = At(1'000'000);
  OneTimeCodeState code{issued + kCodeLifetime, 0, false};
  EXPECT_EQ(kCodeLifetime, std::chrono::minutes(10));
  EXPECT_TRUE(CodeUsable(code, issued));
  EXPECT_TRUE(CodeUsable(code, issued + kCodeLifetime - std::chrono::seconds(1)));
  EXPECT_FALSE(CodeUsable(code, issued + kCodeLifetime));
  code.failures = kMaxCodeFailures - 1;
  EXPECT_TRUE(CodeUsable(code, issued));
  code.failures = kMaxCodeFailures;
  EXPECT_FALSE(CodeUsable(code, issued));
  EXPECT_EQ(kMaxCodeFailures, 5);
  code.failures = 0;
  code.used = true;
  EXPECT_FALSE(CodeUsable(code, issued));
}

TEST(CitizenAccountTest, AtMostThreeCodesPerWindow) {
  EXPECT_TRUE(MayIssueCode(0));
  EXPECT_TRUE(MayIssueCode(2));
  EXPECT_FALSE(MayIssueCode(3));
  EXPECT_EQ(kCodeWindow, std::chrono::minutes(15));
}

TEST(CitizenAccountTest, TheMessageCarriesTheCodeOnlyAsItsSecret) {
  auto m = SignInCodeMessage(*NormalizeContact("36001234"), Language::kEnglish, At(5), "123456");
  EXPECT_EQ(m.kind, "sign_in_code");
  EXPECT_EQ(m.recipient, "contact:+97336001234");
  EXPECT_EQ(m.channel, MessageChannel::kSms);
  EXPECT_EQ(m.secret, "123456");
  EXPECT_EQ(m.masked, "+973 ****1234");
  EXPECT_EQ(m.payload.find("123456"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(m.payload).value("minutes", 0), 10);
  EXPECT_TRUE(m.essential);  // no quiet hours for a code the citizen is waiting for
}

}  // namespace
}  // namespace tawasul::domain
