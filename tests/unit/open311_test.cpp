// Open311 mapping (domain/open311.h): statuses, services, reading a POST into our submission,
// error field names, and the GET query's window.

#include "domain/open311.h"

#include <gtest/gtest.h>

#include "domain/reference.h"

namespace tawasul::domain {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Catalogue TestCatalogue() {
  return Catalogue({{"MOW", "وزارة الأشغال", "Ministry of Works"}},
                   {{"roads.potholes",
                     "MOW",
                     "حفر الطرق",
                     "Potholes",
                     "دليل",
                     "Guidance",
                     {CaseType::kComplaint, CaseType::kSuggestion}},
                    {"roads.ideas", "MOW", "أفكار", "Ideas", "", "", {CaseType::kSuggestion}}},
                   {});
}

bool HasError(const Open311Post& p, const std::string& field) {
  for (const auto& e : p.errors) {
    if (e.field == field) return true;
  }
  return false;
}

TEST(Open311Test, StatusMapping) {
  EXPECT_EQ(Open311Status(CaseStatus::kReceived), "open");
  EXPECT_EQ(Open311Status(CaseStatus::kInProgress), "open");
  EXPECT_EQ(Open311Status(CaseStatus::kAwaitingCitizen), "open");
  EXPECT_EQ(Open311Status(CaseStatus::kAnswered), "closed");
  EXPECT_EQ(Open311Status(CaseStatus::kClosed), "closed");
}

TEST(Open311Test, ServicesInBothLanguages) {
  auto cat = TestCatalogue();
  auto ar = Open311Services(cat, Language::kArabic);
  ASSERT_EQ(ar.size(), 2u);
  EXPECT_EQ(ar[0].code, "roads.potholes");
  EXPECT_EQ(ar[0].name, "حفر الطرق");
  EXPECT_EQ(ar[0].group, "وزارة الأشغال");
  EXPECT_EQ(ar[0].keywords, "complaint,suggestion");
  EXPECT_FALSE(ar[0].metadata);
  auto en = Open311Services(cat, Language::kEnglish);
  EXPECT_EQ(en[0].name, "Potholes");
  EXPECT_EQ(en[0].description, "Guidance");
  EXPECT_EQ(en[0].group, "Ministry of Works");
}

TEST(Open311Test, ReadsAPostWithCoordinates) {
  auto p = ReadOpen311Post({{"api_key", "k"},
                            {"jurisdiction_id", "bh"},
                            {"service_code", "roads.potholes"},
                            {"lat", "26.2235"},
                            {"long", "50.5876"},
                            {"address_string", "Road 12"},
                            {"email", "a@example.com"},
                            {"first_name", "Sara"},
                            {"last_name", "Ali"},
                            {"phone", "+97317000000"},
                            {"device_id", "x"},
                            {"account_id", "y"},
                            {"description", "A deep hole\nin the road near the school"}},
                           TestCatalogue());
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.api_key, "k");
  const auto& in = p.input;
  EXPECT_EQ(in.channel, "open311");
  EXPECT_EQ(in.type, "complaint");
  EXPECT_EQ(in.category, "roads.potholes");
  EXPECT_EQ(in.subject, "A deep hole in the road near the school");
  EXPECT_EQ(in.description, "A deep hole\nin the road near the school");
  ASSERT_TRUE(in.location);
  EXPECT_DOUBLE_EQ(*in.location->lat, 26.2235);
  EXPECT_DOUBLE_EQ(*in.location->lon, 50.5876);
  EXPECT_EQ(in.location->address, "Road 12");
  ASSERT_TRUE(in.contact);
  EXPECT_EQ(in.contact->name, "Sara Ali");
  EXPECT_EQ(in.contact->email, "a@example.com");
  EXPECT_EQ(in.contact->phone, "+97317000000");
}

TEST(Open311Test, AddressOnlyAndMediaGoToTheDescription) {
  auto p = ReadOpen311Post({{"service_code", "roads.ideas"},
                            {"address_string", "Block 3"},
                            {"media_url", "https://example.com/a.jpg"},
                            {"description", "Please plant trees here"}},
                           TestCatalogue());
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.input.type, "suggestion");  // the category takes no complaints
  EXPECT_FALSE(p.input.location);
  EXPECT_EQ(p.input.description,
            "Please plant trees here\n\naddress_string: Block 3\n\nmedia_url: "
            "https://example.com/a.jpg");
  EXPECT_EQ(p.input.subject, "Please plant trees here");
}

TEST(Open311Test, NamesEveryOpen311Error) {
  auto cat = TestCatalogue();
  EXPECT_TRUE(HasError(ReadOpen311Post({{"description", "x"}}, cat), "service_code"));
  EXPECT_TRUE(HasError(ReadOpen311Post({{"service_code", "a"}}, cat), "lat"));
  EXPECT_TRUE(HasError(ReadOpen311Post({{"service_code", "a"}, {"lat", "1"}}, cat), "long"));
  EXPECT_TRUE(HasError(ReadOpen311Post({{"lat", "north"}, {"long", "1"}}, cat), "lat"));
  EXPECT_TRUE(HasError(ReadOpen311Post({{"jurisdiction_id", "uk"}}, cat), "jurisdiction_id"));
  EXPECT_TRUE(HasError(ReadOpen311Post({{"attribute[size]", "big"}}, cat), "attribute[size]"));
  EXPECT_TRUE(HasError(ReadOpen311Post({{"media_url", "ftp://x"}}, cat), "media_url"));
  EXPECT_TRUE(HasError(ReadOpen311Post({{"descripton", "typo"}}, cat), "descripton"));
  // Too short as written, whatever the notes added to it would make it.
  EXPECT_TRUE(HasError(
      ReadOpen311Post({{"description", "short"}, {"media_url", "https://example.com/a.jpg"}}, cat),
      "description"));
  EXPECT_TRUE(HasError(ReadOpen311Post({{"email", "a@b.c"}, {"email", "d@e.f"}}, cat), "email"));
}

TEST(Open311Test, ValidatorFieldsReadAsOpen311Fields) {
  EXPECT_EQ(Open311FieldName("category"), "service_code");
  EXPECT_EQ(Open311FieldName("subject"), "description");
  EXPECT_EQ(Open311FieldName("description"), "description");
  EXPECT_EQ(Open311FieldName("contact"), "email");
  EXPECT_EQ(Open311FieldName("contact.email"), "email");
  EXPECT_EQ(Open311FieldName("contact.phone"), "phone");
  EXPECT_EQ(Open311FieldName("contact.name"), "first_name");
  EXPECT_EQ(Open311FieldName("location.lat"), "lat");
  EXPECT_EQ(Open311FieldName("location.lon"), "long");
  EXPECT_EQ(Open311FieldName("location.address"), "address_string");
}

TEST(Open311Test, SubjectIsOneLineOfAtMost200Characters) {
  EXPECT_EQ(SubjectFromDescription("  a\tb\r\nc  "), "a b  c");
  std::string arabic;
  for (int i = 0; i < 250; ++i) arabic += "ب";
  auto s = SubjectFromDescription(arabic);
  EXPECT_EQ(s.size(), 400u);  // 200 two-byte characters, never half of one
}

TEST(Open311Test, W3cDates) {
  auto t = ParseW3cDateTime("2026-12-07T10:00:00+03:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t, ParseRfc3339("2026-12-07T07:00:00Z"));
  EXPECT_EQ(ParseW3cDateTime("2026-12-07T10:00:00 03:00"), t);  // '+' decoded as a space
  EXPECT_TRUE(ParseW3cDateTime("2026-12-07T07:00:00Z"));
  EXPECT_FALSE(ParseW3cDateTime("2026-12-07T10:00:00"));  // no zone
  EXPECT_FALSE(ParseW3cDateTime("2026-12-07"));
  EXPECT_FALSE(ParseW3cDateTime("yesterday"));
}

TEST(Open311Test, QueryWindow) {
  Instant now = ParseRfc3339("2026-12-07T10:00:00Z").value();
  auto q = std::get<Open311Query>(ParseOpen311Query({}, now));
  EXPECT_EQ(q.to, now + std::chrono::seconds(1));  // a request of this very second is listed
  EXPECT_EQ(q.from, now - std::chrono::days(90));
  EXPECT_FALSE(q.open);

  Open311QueryInput in;
  in.start_date = "2026-11-01T00:00:00+03:00";
  in.status = "closed";
  q = std::get<Open311Query>(ParseOpen311Query(in, now));
  EXPECT_EQ(q.from, ParseRfc3339("2026-10-31T21:00:00Z"));
  EXPECT_EQ(q.to, q.from + std::chrono::days(90) + std::chrono::seconds(1));
  EXPECT_EQ(q.open, false);

  in.end_date = "2027-03-01T00:00:00+03:00";  // 120 days
  auto e = std::get<FieldError>(ParseOpen311Query(in, now));
  EXPECT_EQ(e.field, "end_date");
  in.end_date = "2026-10-01T00:00:00+03:00";  // before the start
  EXPECT_EQ(std::get<FieldError>(ParseOpen311Query(in, now)).field, "end_date");
  in = {};
  in.start_date = "2026-11-01";
  EXPECT_EQ(std::get<FieldError>(ParseOpen311Query(in, now)).field, "start_date");
  in = {};
  in.status = "pending";
  EXPECT_EQ(std::get<FieldError>(ParseOpen311Query(in, now)).field, "status");
}

TEST(Open311Test, QueryIds) {
  Instant now = ParseRfc3339("2026-12-07T10:00:00Z").value();
  Open311QueryInput in;
  in.service_request_id = "nonsense";
  EXPECT_EQ(std::get<FieldError>(ParseOpen311Query(in, now)).field, "service_request_id");
  std::string a = FormatReference({26, 12}), b = FormatReference({26, 13});
  std::string b_spaced = b;
  b_spaced.erase(2, 1);  // any written form of a reference
  in.service_request_id = a + ", " + b_spaced;
  auto q = std::get<Open311Query>(ParseOpen311Query(in, now));
  EXPECT_EQ(q.references, (std::vector<std::string>{a, b}));
}

}  // namespace
}  // namespace tawasul::domain
