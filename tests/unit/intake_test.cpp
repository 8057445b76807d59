// Submission validation: each rule of docs/API.md "POST /api/v1/cases", one field at a time.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/intake.h"
#include "domain/submission_json.h"

namespace tawasul::domain {
namespace {

using nlohmann::json;

class IntakeTest : public ::testing::Test {
 protected:
  IntakeTest()
      : catalogue_({{"MOW", "وزارة الأشغال", "Ministry of Works"},
                    {"MOH", "وزارة الصحة", "Ministry of Health"}},
                   {{"roads.potholes",
                     "MOW",
                     "حفر",
                     "Potholes",
                     "",
                     "",
                     {CaseType::kComplaint, CaseType::kInquiry, CaseType::kSuggestion}},
                    {"health.appointments",
                     "MOH",
                     "مواعيد",
                     "Appointments",
                     "",
                     "",
                     {CaseType::kComplaint, CaseType::kCompliment, CaseType::kInquiry,
                      CaseType::kSuggestion}}},
                   {{"SRV-0001", "MOW", "تصريح", "Permit", "https://x.example/1"}}) {
    ctx_.catalogue = &catalogue_;
  }

  static json Valid() {
    return {{"type", "complaint"},
            {"category", "roads.potholes"},
            {"subject", "حفرة في الشارع"},
            {"description", "توجد حفرة كبيرة في الشارع منذ أسبوعين"},
            {"contact", {{"email", "Citizen@Example.COM"}}}};
  }

  // The errors for `body`, or an empty list when it is valid.
  std::vector<FieldError> Errors(const json& body) {
    auto r = ValidateSubmission(SubmissionFromJson(body), ctx_);
    if (auto* e = std::get_if<std::vector<FieldError>>(&r)) return *e;
    return {};
  }

  // Asserts that `body` fails with exactly one error on `field` with `code`.
  void ExpectOnly(const json& body, const std::string& field, const std::string& code) {
    auto errors = Errors(body);
    ASSERT_EQ(errors.size(), 1u) << body.dump();
    EXPECT_EQ(errors[0].field, field);
    EXPECT_EQ(errors[0].code, code);
  }

  Catalogue catalogue_;
  IntakeContext ctx_;
};

TEST_F(IntakeTest, ValidBodyIsRoutedAndNormalised) {
  auto r = ValidateSubmission(SubmissionFromJson(Valid()), ctx_);
  ASSERT_TRUE(std::holds_alternative<CaseDraft>(r));
  const auto& d = std::get<CaseDraft>(r);
  EXPECT_EQ(d.entity, "MOW");
  EXPECT_EQ(d.category, "roads.potholes");
  EXPECT_EQ(d.language, Language::kArabic);
  EXPECT_EQ(d.channel, Channel::kWeb);
  EXPECT_EQ(d.contact_email, "Citizen@example.com");  // domain lowercased, local part kept
}

TEST_F(IntakeTest, EnglishDetectedWhenLanguageAbsent) {
  auto b = Valid();
  b["subject"] = "Pothole on the main road";
  b["description"] = "There has been a deep pothole for two weeks";
  auto r = ValidateSubmission(SubmissionFromJson(b), ctx_);
  ASSERT_TRUE(std::holds_alternative<CaseDraft>(r));
  EXPECT_EQ(std::get<CaseDraft>(r).language, Language::kEnglish);
}

TEST_F(IntakeTest, TypeRules) {
  auto b = Valid();
  b.erase("type");
  ExpectOnly(b, "type", "required");
  b["type"] = "praise";
  ExpectOnly(b, "type", "invalid_value");
  b["type"] = 3;
  ExpectOnly(b, "type", "invalid_type");
  b["type"] = "compliment";  // roads.potholes does not accept compliments
  ExpectOnly(b, "category", "type_not_allowed");
}

TEST_F(IntakeTest, RoutingRules) {
  auto b = Valid();
  b["category"] = "roads.nope";
  ExpectOnly(b, "category", "unknown");
  b["category"] = "roads.potholes";
  b["entity"] = "MOH";
  ExpectOnly(b, "entity", "mismatch");
  b.erase("category");
  auto r = ValidateSubmission(SubmissionFromJson(b), ctx_);  // entity alone is enough
  ASSERT_TRUE(std::holds_alternative<CaseDraft>(r));
  EXPECT_EQ(std::get<CaseDraft>(r).entity, "MOH");
  b.erase("entity");
  ExpectOnly(b, "category", "required");
  b["entity"] = "XXX";
  ExpectOnly(b, "entity", "unknown");
}

TEST_F(IntakeTest, SubjectLengthCountsCharactersAfterTrimming) {
  auto b = Valid();
  b["subject"] = "   ab   ";
  ExpectOnly(b, "subject", "too_short");
  b["subject"] = "abc";
  EXPECT_TRUE(Errors(b).empty());
  std::string arabic200;
  for (int i = 0; i < 200; ++i) arabic200 += "ب";  // 400 bytes, 200 characters
  b["subject"] = arabic200;
  EXPECT_TRUE(Errors(b).empty());
  b["subject"] = arabic200 + "ب";
  ExpectOnly(b, "subject", "too_long");
  b["subject"] = "\u00a0\u200b  ";
  ExpectOnly(b, "subject", "required");
}

TEST_F(IntakeTest, DescriptionLimitsAndControlCharacters) {
  auto b = Valid();
  b["description"] = "too short";
  ExpectOnly(b, "description", "too_short");
  b["description"] = std::string(10001, 'x');
  ExpectOnly(b, "description", "too_long");
  b["description"] = std::string(10000, 'x');
  EXPECT_TRUE(Errors(b).empty());
  b["description"] = "line one\nline two\tindented";
  EXPECT_TRUE(Errors(b).empty());
  b["description"] = std::string("bell \x07 inside the text");
  ExpectOnly(b, "description", "invalid_characters");
  b["description"] = Valid()["description"];
  b["subject"] = "two\nlines";
  ExpectOnly(b, "subject", "invalid_characters");
}

TEST_F(IntakeTest, UnknownFieldsAreRejectedWithTheirPath) {
  auto b = Valid();
  b["descripton"] = "typo";
  ExpectOnly(b, "descripton", "unknown_field");
  b = Valid();
  b["contact"]["fax"] = "123";
  ExpectOnly(b, "contact.fax", "unknown_field");
  b = Valid();
  b["location"] = {{"lat", 26.2}, {"lon", 50.5}, {"alt", 3}};
  ExpectOnly(b, "location.alt", "unknown_field");
}

TEST_F(IntakeTest, ContactRules) {
  auto b = Valid();
  b["contact"] = json::object();
  ExpectOnly(b, "contact", "required");
  b.erase("contact");
  ExpectOnly(b, "contact", "required");
  b["contact"] = {{"email", "not-an-email"}};
  ExpectOnly(b, "contact.email", "invalid_email");
  b["contact"] = {{"email", "a@b"}};
  ExpectOnly(b, "contact.email", "invalid_email");
  b["contact"] = {{"phone", "12"}};
  ExpectOnly(b, "contact.phone", "invalid_phone");
  b["contact"] = "x";
  ExpectOnly(b, "contact", "invalid_type");
  b["contact"] = {{"phone", "3600 1234"}};
  auto r = ValidateSubmission(SubmissionFromJson(b), ctx_);
  ASSERT_TRUE(std::holds_alternative<CaseDraft>(r));
  EXPECT_EQ(std::get<CaseDraft>(r).contact_phone, "+97336001234");
  b["contact"] = {{"phone", "+44 20 7946 0958"}};
  r = ValidateSubmission(SubmissionFromJson(b), ctx_);
  ASSERT_TRUE(std::holds_alternative<CaseDraft>(r));
  EXPECT_EQ(std::get<CaseDraft>(r).contact_phone, "+442079460958");
  ctx_.caller_signed_in = true;
  b.erase("contact");
  EXPECT_TRUE(Errors(b).empty());
}

TEST_F(IntakeTest, ChannelRules) {
  auto b = Valid();
  b["channel"] = "app";
  EXPECT_TRUE(Errors(b).empty());
  b["channel"] = "phone";
  ExpectOnly(b, "channel", "not_allowed");
  ctx_.caller_is_staff = true;
  EXPECT_TRUE(Errors(b).empty());
  b["channel"] = "fax";
  ExpectOnly(b, "channel", "invalid_value");
}

TEST_F(IntakeTest, LocationRules) {
  auto b = Valid();
  b["location"] = {{"lat", 26.2235}, {"lon", 50.5876}, {"address", "Road 12"}};
  EXPECT_TRUE(Errors(b).empty());
  b["location"] = {{"lat", 91}, {"lon", 50.5}};
  ExpectOnly(b, "location.lat", "out_of_range");
  b["location"] = {{"lat", 26}, {"lon", -180.5}};
  ExpectOnly(b, "location.lon", "out_of_range");
  b["location"] = {{"lon", 50.5}};
  ExpectOnly(b, "location.lat", "required");
  b["location"] = {{"lat", "26"}, {"lon", 50.5}};
  ExpectOnly(b, "location.lat", "invalid_type");
}

TEST_F(IntakeTest, ServiceAnonymousAndLanguage) {
  auto b = Valid();
  b["service"] = "SRV-9999";
  ExpectOnly(b, "service", "unknown");
  b["service"] = "SRV-0001";
  b["anonymous"] = "yes";
  ExpectOnly(b, "anonymous", "invalid_type");
  b["anonymous"] = true;
  b["language"] = "fr";
  ExpectOnly(b, "language", "invalid_value");
  b["language"] = "en";
  auto r = ValidateSubmission(SubmissionFromJson(b), ctx_);
  ASSERT_TRUE(std::holds_alternative<CaseDraft>(r));
  EXPECT_TRUE(std::get<CaseDraft>(r).anonymous);
  EXPECT_EQ(std::get<CaseDraft>(r).language, Language::kEnglish);  // explicit wins over detection
}

TEST_F(IntakeTest, ReportsEveryErrorAtOnce) {
  json b = {{"type", "x"}, {"subject", ""}, {"contact", {{"email", "bad"}}}, {"extra", 1}};
  auto errors = Errors(b);
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"type", "category", "subject", "description",
                                           "contact.email", "extra"}));
}

TEST(EmailTest, Plausibility) {
  for (const char* ok : {"a@b.co", "first.last+tag@gov.bh", "x@sub.domain.example"}) {
    EXPECT_TRUE(IsPlausibleEmail(ok)) << ok;
  }
  for (const char* bad : {"", "a", "@b.com", "a@", "a@b", "a b@c.com", "a@b..com", "a@-b.com",
                          ".a@b.com", "a..b@c.com", "a@b.c", "a@b.com."}) {
    EXPECT_FALSE(IsPlausibleEmail(bad)) << bad;
  }
}

TEST(TextTest, TrimAndLength) {
  EXPECT_EQ(TrimText("  \u00a0abc\u200b \n"), "abc");
  EXPECT_EQ(TrimText("   "), "");
  EXPECT_EQ(Utf8Length("مرحبا"), 5u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
}

}  // namespace
}  // namespace tawasul::domain
