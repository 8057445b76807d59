// Unit tests of the e-services catalogue (domain/services_catalogue.h, service/eservices.h):
// the fixed lists, the row validator, the Arabic-aware search index and the JSONL/CSV import and
// export (parsing and checking only; storing is in tests/integration/services_test.cpp).

#include <gtest/gtest.h>

#include <sstream>

#include "domain/services_catalogue.h"
#include "service/eservices.h"

namespace tawasul::domain {
namespace {

Catalogue Small() {
  return Catalogue(
      {{"EWA", "هيئة الكهرباء والماء", "Electricity and Water Authority"},
       {"NPRA", "شؤون الجنسية والجوازات", "Nationality and Passports"}},
      {{"electricity.billing", "EWA", "الفواتير", "Billing", "", "", {CaseType::kComplaint}}}, {});
}

EService Bill() {
  EService s;
  s.code = "SRV-0033";
  s.entity = "EWA";
  s.name_ar = "دفع فاتورة الكهرباء والماء";
  s.name_en = "Pay electricity and water bill";
  s.url = "https://services.example/SRV-0033";
  s.description_ar = "ادفع فاتورة الكهرباء والماء لحسابك.";
  s.description_en = "Pay the bill of your account.";
  s.fees_en = "Free";
  s.channels = {"online", "app"};
  s.life_events = {"utilities", "housing"};
  s.categories = {"electricity.billing"};
  s.keywords = "meter عداد";
  return s;
}

EService Passport() {
  EService s;
  s.code = "SRV-0046";
  s.entity = "NPRA";
  s.name_ar = "تجديد جواز السفر";
  s.name_en = "Renew passport";
  s.url = "https://services.example/SRV-0046";
  s.description_ar = "جدّد جواز سفرك البحريني.";
  s.life_events = {"travel"};
  return s;
}

std::vector<std::string> Fields(const std::vector<CatalogueFieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ":" + e.reason);
  return out;
}

std::vector<std::string> Codes(const ServiceIndex& index, std::string_view query) {
  std::vector<std::string> out;
  for (const auto& hit : index.Search(query)) out.push_back(index.Services()[hit.index].code);
  return out;
}

TEST(ServicesCatalogueTest, LifeEventsAndChannelsHaveBothNames) {
  ASSERT_GE(LifeEvents().size(), 10u);
  for (const char* code : {"birth", "marriage", "business", "housing", "education", "health",
                           "retirement", "death", "travel", "vehicles"}) {
    const auto* e = FindNamedCode(LifeEvents(), code);
    ASSERT_NE(e, nullptr) << code;
    EXPECT_FALSE(NameIn(*e, Language::kArabic).empty());
    EXPECT_FALSE(NameIn(*e, Language::kEnglish).empty());
  }
  EXPECT_EQ(FindNamedCode(LifeEvents(), "lottery"), nullptr);
  EXPECT_EQ(NameIn(*FindNamedCode(ServiceChannels(), "centre"), Language::kEnglish),
            "Service centre");
}

TEST(ServicesCatalogueTest, SetsJoinSortedAndSplitBack) {
  EService s = Bill();
  s.channels = {"online", "app", "online"};
  NormalizeSets(s);
  EXPECT_EQ(s.channels, (std::vector<std::string>{"app", "online"}));
  EXPECT_EQ(JoinCodes(s.channels), "app|online");
  EXPECT_EQ(SplitCodes("app| online |"), (std::vector<std::string>{"app", "online"}));
  EXPECT_TRUE(SplitCodes("").empty());
}

TEST(ServicesCatalogueTest, ChecksEveryField) {
  EXPECT_TRUE(CheckEService(Bill(), Small()).empty());
  EService s = Bill();
  s.code = "srv 1";
  s.entity = "XYZ";
  s.name_ar = "";
  s.url = "javascript:alert(1)";
  s.channels = {"fax"};
  s.life_events = {"lottery"};
  s.categories = {"no.such"};
  s.keywords = std::string(501, 'k');
  EXPECT_EQ(Fields(CheckEService(s, Small())),
            (std::vector<std::string>{"code:format", "entity:unknown", "name_ar:required",
                                      "url:format", "keywords:too_long", "channels:unknown",
                                      "life_events:unknown", "categories:unknown"}));
}

TEST(ServicesCatalogueTest, UsefulShareRounds) {
  EXPECT_EQ((UsefulCounts{0, 0}).Percent(), -1);
  EXPECT_EQ((UsefulCounts{2, 1}).Percent(), 67);
  EXPECT_EQ((UsefulCounts{0, 4}).Percent(), 0);
}

// The same analyzer as case search: the article, hamza forms and diacritics do not matter.
TEST(ServicesCatalogueTest, SearchFoldsArabic) {
  ServiceIndex index({Passport(), Bill()});
  const std::vector<std::string> bill{"SRV-0033"};
  EXPECT_EQ(Codes(index, "الكهرباء"), bill);
  EXPECT_EQ(Codes(index, "كهرباء"), bill);
  EXPECT_EQ(Codes(index, "الكهربآء"), bill);  // alef with madda
  EXPECT_EQ(Codes(index, "الكَهْرَبَاء"), bill);  // diacritics
  EXPECT_EQ(Codes(index, "فاتوره"), bill);    // ta marbuta typed as ha
  EXPECT_EQ(Codes(index, "ELECTRICITY"), bill);
  EXPECT_EQ(Codes(index, "عداد"), bill);  // a keyword
  const std::vector<std::string> passport{"SRV-0046"};
  EXPECT_EQ(Codes(index, "الجواز"), passport);  // the article added
  EXPECT_EQ(Codes(index, "اجواز"), std::vector<std::string>{});
  EXPECT_EQ(Codes(index, "تجدید"), passport);  // Persian yeh folds to ya
  EXPECT_TRUE(Codes(index, "").empty());
  EXPECT_TRUE(Codes(index, "-الكهرباء").empty());  // only an exclusion: nothing
  EXPECT_TRUE(Codes(index, "الكهرباء -عداد").empty());
}

TEST(ServicesCatalogueTest, NameMatchesRankFirst) {
  EService other = Passport();
  other.code = "SRV-0001";
  other.name_ar = "خدمة أخرى";
  other.name_en = "Another service";
  other.description_ar = "لا علاقة لها بالكهرباء";  // the word only in the description
  ServiceIndex index({other, Bill()});
  EXPECT_EQ(Codes(index, "الكهرباء"), (std::vector<std::string>{"SRV-0033", "SRV-0001"}));
  EXPECT_EQ(index.Find("SRV-0001")->name_en, "Another service");
  EXPECT_EQ(index.Find("SRV-9999"), nullptr);
}

TEST(ServicesImportTest, CsvAndJsonlRoundTrip) {
  const std::vector<EService> rows = {Bill(), Passport()};
  for (auto format : {service::ImportFormat::kCsv, service::ImportFormat::kJsonl}) {
    std::stringstream in(format == service::ImportFormat::kCsv ? service::ExportCsv(rows)
                                                               : service::ExportJsonl(rows));
    auto out = service::ParseEServices(in, format, Small());
    ASSERT_TRUE(out.problems.empty());
    ASSERT_EQ(out.rows.size(), 2u);
    EService bill = Bill();
    NormalizeSets(bill);
    EXPECT_EQ(out.rows[0], bill);
    EXPECT_EQ(out.rows[1], Passport());
  }
}

TEST(ServicesImportTest, CsvQuotedFieldsKeepCommasQuotesAndLineBreaks) {
  EService s = Bill();
  s.description_en = "Pay, \"quickly\"\nand safely";
  std::stringstream in(service::ExportCsv({s}));
  auto out = service::ParseEServices(in, service::ImportFormat::kCsv, Small());
  ASSERT_TRUE(out.problems.empty());
  EXPECT_EQ(out.rows.at(0).description_en, s.description_en);
}

TEST(ServicesImportTest, ReportsLineAndField) {
  std::stringstream csv(
      "code,entity,name_ar,name_en,url\n"
      "SRV-1,EWA,أ,A,https://x.example/1\n"
      "\"SRV-2\",EWA,\"ب\nب\",B,https://x.example/2\n"
      "SRV-3,NOPE,ج,C,https://x.example/3\n"
      "SRV-1,EWA,د,D,https://x.example/4\n"
      "SRV-5,EWA,هـ\n");
  auto out = service::ParseEServices(csv, service::ImportFormat::kCsv, Small());
  ASSERT_EQ(out.problems.size(), 3u);
  EXPECT_EQ(out.problems[0].line, 5);  // the quoted line break moved the later rows down
  EXPECT_EQ(out.problems[0].field, "entity");
  EXPECT_EQ(out.problems[0].reason, "unknown");
  EXPECT_EQ(out.problems[1].line, 6);
  EXPECT_EQ(out.problems[1].reason, "duplicate");
  EXPECT_EQ(out.problems[2].line, 7);
  EXPECT_EQ(out.problems[2].reason, "column_count");

  std::stringstream jsonl(
      "{\"code\":\"SRV-1\",\"entity\":\"EWA\",\"name_ar\":\"أ\",\"name_en\":\"A\","
      "\"url\":\"https://x.example/1\"}\n"
      "\n"
      "{\"code\":\"SRV-2\",\"colour\":\"red\"}\n"
      "not json\n"
      "{\"code\":\"SRV-4\",\"entity\":\"EWA\",\"name_ar\":\"د\",\"name_en\":\"D\","
      "\"url\":\"https://x.example/4\",\"channels\":[\"fax\"]}\n");
  out = service::ParseEServices(jsonl, service::ImportFormat::kJsonl, Small());
  ASSERT_EQ(out.problems.size(), 3u);
  EXPECT_EQ(out.problems[0].line, 3);
  EXPECT_EQ(out.problems[0].field, "colour");
  EXPECT_EQ(out.problems[1].line, 4);
  EXPECT_EQ(out.problems[1].reason, "malformed");
  EXPECT_EQ(out.problems[2].line, 5);
  EXPECT_EQ(out.problems[2].field, "channels");
}

}  // namespace
}  // namespace tawasul::domain
