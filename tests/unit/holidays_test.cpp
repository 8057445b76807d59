#include "domain/holidays.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace tawasul::domain {
namespace {

HolidayText Valid() {
  return {"2026-12-16", "2026-12-17", "fixed", "confirmed", "العيد الوطني", "National Day", ""};
}

// The errors of `text` as "field:code" strings, in order; empty when it is valid.
std::vector<std::string> Errors(const HolidayText& text) {
  std::vector<std::string> out;
  auto parsed = ParseHoliday(text);
  if (const auto* errors = std::get_if<std::vector<HolidayError>>(&parsed)) {
    for (const auto& e : *errors) {
      EXPECT_FALSE(e.message.empty()) << e.field;
      out.push_back(e.field + ":" + e.code);
    }
  }
  return out;
}

using Codes = std::vector<std::string>;

TEST(HolidayRulesTest, AValidHolidayIsParsed) {
  auto parsed = ParseHoliday(Valid());
  ASSERT_TRUE(std::holds_alternative<Holiday>(parsed));
  const auto& h = std::get<Holiday>(parsed);
  EXPECT_EQ(h.start, *ParseDate("2026-12-16"));
  EXPECT_EQ(h.end, *ParseDate("2026-12-17"));
  EXPECT_EQ(h.kind, HolidayKind::kFixed);
  EXPECT_EQ(h.status, HolidayStatus::kConfirmed);
  EXPECT_EQ(h.name_ar, "العيد الوطني");
  EXPECT_EQ(h.name_en, "National Day");
}

TEST(HolidayRulesTest, DatesMustBeIsoCalendarDates) {
  for (const char* bad : {"", "2026-2-16", "16/12/2026", "2026-02-30", "2026-13-01",
                          "2026-12-16T00:00:00Z", " 2026-12-16"}) {
    HolidayText t = Valid();
    t.start_date = bad;
    t.end_date = "2026-12-17";
    EXPECT_EQ(Errors(t), Codes{"start_date:invalid_date"}) << "'" << bad << "'";
    t = Valid();
    t.end_date = bad;
    if (std::string(bad).empty()) continue;  // an empty end is the start: valid
    EXPECT_EQ(Errors(t), Codes{"end_date:invalid_date"}) << "'" << bad << "'";
  }
}

TEST(HolidayRulesTest, AnEmptyEndIsTheStartAndAnEmptyStatusIsConfirmed) {
  HolidayText t = Valid();
  t.end_date = "";
  t.status = "";
  auto parsed = ParseHoliday(t);
  ASSERT_TRUE(std::holds_alternative<Holiday>(parsed));
  EXPECT_EQ(std::get<Holiday>(parsed).end, *ParseDate("2026-12-16"));
  EXPECT_EQ(std::get<Holiday>(parsed).status, HolidayStatus::kConfirmed);
}

TEST(HolidayRulesTest, RangeEndNotBeforeStartAtMost61DaysWithinTheYearBounds) {
  HolidayText t = Valid();
  t.end_date = "2026-12-15";
  EXPECT_EQ(Errors(t), Codes{"end_date:before_start"});
  t.start_date = "2026-01-01";
  t.end_date = "2026-03-02";  // 61 days, inclusive
  EXPECT_TRUE(Errors(t).empty());
  t.end_date = "2026-03-03";  // 62
  EXPECT_EQ(Errors(t), Codes{"end_date:too_long"});
  t.start_date = t.end_date = "1899-12-31";
  EXPECT_EQ(Errors(t), (Codes{"start_date:out_of_range", "end_date:out_of_range"}));
  t.start_date = t.end_date = "1900-01-01";
  EXPECT_TRUE(Errors(t).empty());
  t.start_date = t.end_date = "2200-12-31";
  EXPECT_TRUE(Errors(t).empty());
  t.end_date = "2201-01-01";
  EXPECT_EQ(Errors(t), Codes{"end_date:out_of_range"});
}

TEST(HolidayRulesTest, KindAndStatusAreFromTheirLists) {
  HolidayText t = Valid();
  t.kind = "weekly";
  t.status = "maybe";
  EXPECT_EQ(Errors(t), (Codes{"kind:invalid_value", "status:invalid_value"}));
  t.kind = "";
  t.status = "tentative";
  EXPECT_EQ(Errors(t), Codes{"kind:invalid_value"});
  for (const char* kind : {"fixed", "hijri", "compensation", "one_off"}) {
    t.kind = kind;
    EXPECT_TRUE(Errors(t).empty()) << kind;
  }
}

TEST(HolidayRulesTest, TheArabicNameIsRequiredAndSoIsTheEnglishOne) {
  HolidayText t = Valid();
  t.name_ar = "";
  EXPECT_EQ(Errors(t), Codes{"name_ar:required"});
  // Only spaces, Unicode ones included, is no name.
  t.name_ar = " \u00A0\u3000\u200B ";
  EXPECT_EQ(Errors(t), Codes{"name_ar:required"});
  t = Valid();
  t.name_en = "";
  EXPECT_EQ(Errors(t), Codes{"name_en:required"});
  t.name_ar = "";
  EXPECT_EQ(Errors(t), (Codes{"name_ar:required", "name_en:required"}));
}

TEST(HolidayRulesTest, NamesAndNoteAreTrimmedAndBounded) {
  HolidayText t = Valid();
  t.name_ar = "\u00A0العيد الوطني\u00A0";
  t.name_en = " \u2003National Day\t";
  t.note = "\u3000line one\nline two ";
  auto parsed = ParseHoliday(t);
  ASSERT_TRUE(std::holds_alternative<Holiday>(parsed));
  EXPECT_EQ(std::get<Holiday>(parsed).name_ar, "العيد الوطني");
  EXPECT_EQ(std::get<Holiday>(parsed).name_en, "National Day");
  EXPECT_EQ(std::get<Holiday>(parsed).note, "line one\nline two");  // line breaks allowed

  // Limits count characters: 200 Arabic letters (400 bytes) are a valid name, 201 are not.
  t = Valid();
  std::string arabic;
  for (int i = 0; i < 200; ++i) arabic += "ع";
  t.name_ar = arabic;
  EXPECT_TRUE(Errors(t).empty());
  t.name_ar += "ع";
  EXPECT_EQ(Errors(t), Codes{"name_ar:too_long_text"});
  t = Valid();
  t.note = std::string(kMaxHolidayNoteChars, 'n');
  EXPECT_TRUE(Errors(t).empty());
  t.note += "n";
  EXPECT_EQ(Errors(t), Codes{"note:too_long_text"});

  // Names are one line of text; invalid UTF-8 is refused everywhere.
  t = Valid();
  t.name_en = "National\nDay";
  t.note = "bad \xC3";
  EXPECT_EQ(Errors(t), (Codes{"name_en:invalid_text", "note:invalid_text"}));
  t = Valid();
  t.name_ar = "عيد\u0085";  // a C1 control (NEL)
  EXPECT_EQ(Errors(t), Codes{"name_ar:invalid_text"});
}

TEST(HolidayRulesTest, EveryProblemIsReportedInFieldOrder) {
  const HolidayText t{"2026-12-20", "2026-12-19", "party", "maybe", "", "", ""};
  EXPECT_EQ(Errors(t), (Codes{"end_date:before_start", "kind:invalid_value", "status:invalid_value",
                              "name_ar:required", "name_en:required"}));
}

TEST(HolidayRulesTest, CheckHolidayAppliesTheSameRulesToATypedHoliday) {
  Holiday h = std::get<Holiday>(ParseHoliday(Valid()));
  EXPECT_TRUE(CheckHoliday(h).empty());
  h.end = *ParseDate("2027-03-01");
  h.name_ar.clear();
  const auto errors = CheckHoliday(h);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field + ":" + errors[0].code, "end_date:too_long");
  EXPECT_EQ(errors[1].field + ":" + errors[1].code, "name_ar:required");
  h = std::get<Holiday>(ParseHoliday(Valid()));
  h.start = LocalDate{std::chrono::year{2026}, std::chrono::February, std::chrono::day{30}};
  ASSERT_FALSE(CheckHoliday(h).empty());
  EXPECT_EQ(CheckHoliday(h)[0].code, "invalid_date");
}

TEST(HolidayRulesTest, DuplicatesHaveTheSameDatesAndKind) {
  std::vector<Holiday> table;
  table.push_back(std::get<Holiday>(ParseHoliday(Valid())));
  HolidayText other = Valid();
  other.name_en = "Accession Day";  // another name, status or note does not make another day off
  other.status = "tentative";
  table.push_back(std::get<Holiday>(ParseHoliday(other)));
  HolidayText hijri = Valid();
  hijri.kind = "hijri";  // another kind on the same dates is another row
  table.push_back(std::get<Holiday>(ParseHoliday(hijri)));
  HolidayText longer = Valid();
  longer.end_date = "2026-12-18";
  table.push_back(std::get<Holiday>(ParseHoliday(longer)));

  EXPECT_TRUE(SameHolidayDays(table[0], table[1]));
  EXPECT_FALSE(SameHolidayDays(table[0], table[2]));
  EXPECT_FALSE(SameHolidayDays(table[0], table[3]));
  EXPECT_EQ(EarlierDuplicate(table, 0), std::nullopt);
  EXPECT_EQ(EarlierDuplicate(table, 1), std::optional<std::size_t>(0));
  EXPECT_EQ(EarlierDuplicate(table, 2), std::nullopt);
  EXPECT_EQ(EarlierDuplicate(table, 3), std::nullopt);
  EXPECT_EQ(EarlierDuplicate(table, 9), std::nullopt);  // out of range: no row, no duplicate
  EXPECT_EQ(DuplicateHolidayError().field, "start_date");
  EXPECT_EQ(DuplicateHolidayError().code, "duplicate");
}

TEST(HolidayRulesTest, TheCsvReferenceDataFollowsTheSameRules) {
  const std::string header = "start_date,end_date,kind,status,name_en,name_ar,note\n";
  std::string error;
  // A duplicate row, a holiday too long, a year out of range: refused with the line.
  EXPECT_FALSE(ParseHolidaysCsv(header +
                                    "2025-12-16,2025-12-17,fixed,confirmed,National Day,العيد,\n"
                                    "2025-12-16,2025-12-17,fixed,confirmed,Accession Day,الجلوس,\n",
                                &error));
  EXPECT_NE(error.find("line 3"), std::string::npos) << error;
  EXPECT_NE(error.find("same dates and kind"), std::string::npos) << error;
  EXPECT_FALSE(
      ParseHolidaysCsv(header + "2025-01-01,2025-03-03,one_off,confirmed,Long,طويلة,\n", &error));
  EXPECT_NE(error.find("61 days"), std::string::npos) << error;
  EXPECT_FALSE(
      ParseHolidaysCsv(header + "1850-01-01,1850-01-01,one_off,confirmed,Old,قديمة,\n", &error));
  EXPECT_NE(error.find("1900..2200"), std::string::npos) << error;
  // Names are trimmed of Unicode spaces, as on the pages.
  auto holidays =
      ParseHolidaysCsv(header + "2025-05-01,,fixed,,Labour Day\u00A0,\u00A0عيد العمال,\n", &error);
  ASSERT_TRUE(holidays) << error;
  EXPECT_EQ((*holidays)[0].name_en, "Labour Day");
  EXPECT_EQ((*holidays)[0].name_ar, "عيد العمال");
  EXPECT_EQ((*holidays)[0].end, *ParseDate("2025-05-01"));
}

}  // namespace
}  // namespace tawasul::domain
