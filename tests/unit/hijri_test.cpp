#include "domain/hijri.h"

#include <gtest/gtest.h>

#include "calendar_data.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/time.h"

namespace tawasul::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

using testdata::ReadFile;

std::vector<Holiday> Holidays2025() { return testdata::Holidays2025(); }

std::vector<Holiday> OfKind(const std::vector<Holiday>& holidays, HolidayKind kind) {
  std::vector<Holiday> out;
  std::copy_if(holidays.begin(), holidays.end(), std::back_inserter(out),
               [&](const Holiday& h) { return h.kind == kind; });
  return out;
}

LocalDate Date(std::string_view text) {
  const auto d = ParseDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(LocalDate{});
}

std::string Span(const Holiday& h) { return FormatDate(h.start) + ".." + FormatDate(h.end); }

// ---- Umm al-Qura conversions
// ---------------------------------------------------------------------

TEST(HijriTest, UmmAlQuraConversions) {
  EXPECT_EQ(UmmAlQuraToGregorian({1446, 9, 1}), Date("2025-03-01"));   // 1 Ramadan 1446
  EXPECT_EQ(UmmAlQuraToGregorian({1446, 10, 1}), Date("2025-03-30"));  // 1 Shawwal 1446
  EXPECT_EQ(UmmAlQuraToGregorian({1447, 1, 1}), Date("2025-06-26"));   // 1 Muharram 1447
  EXPECT_EQ(UmmAlQuraToGregorian({1447, 10, 1}), Date("2026-03-20"));  // 1 Shawwal 1447
  EXPECT_EQ(GregorianToUmmAlQura(Date("2025-03-29")), (HijriDate{1446, 9, 29}));
  EXPECT_EQ(GregorianToUmmAlQura(Date("2024-12-31")), (HijriDate{1446, 6, 30}));
  // Ramadan 1446 had 29 days: its 30th does not exist and is refused, not rolled over.
  EXPECT_FALSE(UmmAlQuraToGregorian({1446, 9, 30}).has_value());
  EXPECT_FALSE(UmmAlQuraToGregorian({1446, 13, 1}).has_value());
  EXPECT_FALSE(UmmAlQuraToGregorian({1446, 0, 1}).has_value());
  EXPECT_FALSE(UmmAlQuraToGregorian({1446, 1, 31}).has_value());
  // Round trip over 2024-2026, and hijri days advance one by one.
  std::optional<HijriDate> previous;
  for (sys_days d{Date("2024-01-01")}; d <= sys_days{Date("2026-12-31")}; d += days{1}) {
    const auto h = GregorianToUmmAlQura(LocalDate{d});
    ASSERT_TRUE(h.has_value());
    ASSERT_EQ(UmmAlQuraToGregorian(*h), LocalDate{d}) << FormatDate(LocalDate{d});
    if (previous && h->day != 1) {
      ASSERT_EQ(h->day, previous->day + 1);
    }
    previous = h;
  }
  EXPECT_EQ(HijriMonthName(1), "Muharram");
  EXPECT_EQ(HijriMonthName(3), "Rabi al-Awwal");
  EXPECT_EQ(HijriMonthName(12), "Dhu al-Hijjah");
  EXPECT_EQ(HijriMonthName(13), "");
}

// ---- proposals against the confirmed 2025 circulars
// ------------------------------------------------

TEST(HijriTest, Proposals2025MatchEveryConfirmedHijriHoliday) {
  const auto confirmed = OfKind(Holidays2025(), HolidayKind::kHijri);
  const auto proposed = ProposeHijriHolidays(2025, BahrainHijriRules());
  ASSERT_EQ(confirmed.size(), 6u);
  ASSERT_EQ(proposed.size(), confirmed.size());
  for (std::size_t i = 0; i < confirmed.size(); ++i) {
    const Holiday& c = confirmed[i];
    const Holiday& p = proposed[i];
    SCOPED_TRACE(c.name_en);
    // No 2025 holiday differed from Umm al-Qura by a day: every date agrees.
    EXPECT_EQ(Span(p), Span(c));
    EXPECT_EQ(p.name_en, c.name_en);
    EXPECT_EQ(p.name_ar, c.name_ar);
    EXPECT_EQ(p.kind, HolidayKind::kHijri);
    EXPECT_EQ(p.status, HolidayStatus::kTentative);  // proposals, confirmed by an admin
    if (c.name_en == "Ashura") {
      // The circular's note says how it was announced; the proposal gives the hijri dates.
      EXPECT_EQ(p.note, "10-11 Muharram 1447");
      EXPECT_EQ(c.note, "announced on Umm al-Qura " + p.note);
    } else {
      EXPECT_EQ(p.note, c.note);
    }
  }
}

TEST(HijriTest, AshuraOffsetIsAParameter) {
  const HijriRules bahrain = BahrainHijriRules();
  const auto ashura = std::find_if(bahrain.holidays.begin(), bahrain.holidays.end(),
                                   [](const HijriHolidayRule& r) { return r.name_en == "Ashura"; });
  ASSERT_NE(ashura, bahrain.holidays.end());
  EXPECT_EQ(ashura->offset_days, 0);
  EXPECT_EQ(ashura->month, 1);
  EXPECT_EQ(ashura->first_day, 10);
  EXPECT_EQ(ashura->days, 2);
  HijriRules shifted{{*ashura}};
  shifted.holidays[0].offset_days = 1;
  const auto proposals = ProposeHijriHolidays(2025, shifted);
  ASSERT_EQ(proposals.size(), 1u);
  EXPECT_EQ(Span(proposals[0]), "2025-07-06..2025-07-07");
  EXPECT_EQ(proposals[0].note, "10-11 Muharram 1447 (Umm al-Qura +1 day)");
  shifted.holidays[0].offset_days = -2;
  EXPECT_EQ(ProposeHijriHolidays(2025, shifted)[0].note,
            "10-11 Muharram 1447 (Umm al-Qura -2 days)");
}

TEST(HijriTest, EveryHijriYearTouchingTheGregorianYear) {
  // 2026: the next year's proposals, all from Umm al-Qura.
  const auto y2026 = ProposeHijriHolidays(2026, BahrainHijriRules());
  ASSERT_EQ(y2026.size(), 6u);
  EXPECT_EQ(Span(y2026[0]), "2026-03-20..2026-03-22");  // Eid al-Fitr 1447
  EXPECT_EQ(Span(y2026[2]), "2026-05-27..2026-05-29");  // Eid al-Adha 1447
  EXPECT_EQ(y2026[3].note, "1 Muharram 1448");
  // 2000 had two Eids al-Fitr (1420 and 1421); 2008 two Hijri New Years.
  const auto y2000 = ProposeHijriHolidays(2000, BahrainHijriRules());
  EXPECT_EQ(std::count_if(y2000.begin(), y2000.end(),
                          [](const Holiday& h) { return h.name_en == "Eid al-Fitr"; }),
            2);
  EXPECT_EQ(Span(y2000.front()), "2000-01-08..2000-01-10");
  EXPECT_EQ(Span(y2000.back()), "2000-12-27..2000-12-29");
  const auto y2008 = ProposeHijriHolidays(2008, BahrainHijriRules());
  EXPECT_EQ(std::count_if(y2008.begin(), y2008.end(),
                          [](const Holiday& h) { return h.name_en == "Hijri New Year"; }),
            2);
  EXPECT_TRUE(std::is_sorted(y2008.begin(), y2008.end(),
                             [](const Holiday& a, const Holiday& b) { return a.start < b.start; }));
  // A span crossing New Year is proposed in both years, identically.
  const HijriRules crossing{{{6, 30, 3, 0, "Test", "اختبار"}}};  // 30 Jumada al-Akhirah 1446
  const auto in2024 = ProposeHijriHolidays(2024, crossing);
  const auto in2025 = ProposeHijriHolidays(2025, crossing);
  const auto find_1446 = [](const std::vector<Holiday>& v) {
    return std::find_if(v.begin(), v.end(),
                        [](const Holiday& h) { return h.note == "30-32 Jumada al-Akhirah 1446"; });
  };
  ASSERT_NE(find_1446(in2024), in2024.end());
  ASSERT_NE(find_1446(in2025), in2025.end());
  EXPECT_EQ(Span(*find_1446(in2024)), "2024-12-31..2025-01-02");
  EXPECT_EQ(Span(*find_1446(in2025)), "2024-12-31..2025-01-02");
  // Invalid rules are skipped, not guessed.
  EXPECT_TRUE(ProposeHijriHolidays(2025, {{{13, 1, 1, 0, "X", "س"}}}).empty());
  EXPECT_TRUE(ProposeHijriHolidays(2025, {{{1, 1, 0, 0, "X", "س"}}}).empty());
  EXPECT_TRUE(ProposeHijriHolidays(2025, {{{1, 1, 1, 0, "", "س"}}}).empty());
  EXPECT_TRUE(ProposeHijriHolidays(0, BahrainHijriRules()).empty());
}

TEST(HijriTest, RamadanHoursMatchThe2025SpecialPeriod) {
  std::string error;
  const auto periods = ParseSpecialPeriodsCsv(
      ReadFile(TAWASUL_SOURCE_DIR "/data/calendars/bahrain-special-periods-2025.csv"), &error);
  ASSERT_TRUE(periods.has_value()) << error;
  const auto proposed = ProposeRamadanHours(2025, Frame{480, 840});
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(proposed[0].start, (*periods)[0].start);
  EXPECT_EQ(proposed[0].end, (*periods)[0].end);
  EXPECT_EQ(proposed[0].frame, (*periods)[0].frame);
  EXPECT_EQ(proposed[0].name_en, (*periods)[0].name_en);
  EXPECT_EQ(proposed[0].name_ar, (*periods)[0].name_ar);
  EXPECT_EQ(proposed[0].note.substr(0, 13), "Ramadan 1446;");
  const auto y2026 = ProposeRamadanHours(2026, Frame{480, 840});
  ASSERT_EQ(y2026.size(), 1u);
  EXPECT_EQ(FormatDate(y2026[0].start), "2026-02-18");
  EXPECT_EQ(FormatDate(y2026[0].end), "2026-03-19");
}

// ---- compensation days
// -----------------------------------------------------------------------------

TEST(CompensationTest, Proposals2025MatchTheConfirmedCompensationRows) {
  const auto all = Holidays2025();
  const auto confirmed = OfKind(all, HolidayKind::kCompensation);
  ASSERT_EQ(confirmed.size(), 2u);
  const auto check = [&](const std::vector<Holiday>& proposed) {
    ASSERT_EQ(proposed.size(), confirmed.size());
    for (std::size_t i = 0; i < confirmed.size(); ++i) {
      SCOPED_TRACE(confirmed[i].name_en);
      EXPECT_EQ(Span(proposed[i]), Span(confirmed[i]));
      EXPECT_EQ(proposed[i].name_en, confirmed[i].name_en);
      EXPECT_EQ(proposed[i].name_ar, confirmed[i].name_ar);
      EXPECT_EQ(proposed[i].kind, HolidayKind::kCompensation);
      EXPECT_EQ(proposed[i].status, HolidayStatus::kTentative);
    }
    // The notes say which weekend days earned them (the circulars word it differently).
    EXPECT_EQ(proposed[0].note, "Eid al-Adha on Fri 2025-06-06, Sat 2025-06-07");
    EXPECT_EQ(proposed[1].note, "Ashura on Sat 2025-07-05");
  };
  // From the whole file (its compensation rows are ignored) ...
  check(ProposeCompensationDays(all, BahrainDefaultWeek()));
  // ... and from this year's proposals plus the fixed and one-off rows, as an admin would.
  auto year = ProposeHijriHolidays(2025, BahrainHijriRules());
  for (const Holiday& h : all) {
    if (h.kind == HolidayKind::kFixed || h.kind == HolidayKind::kOneOff) year.push_back(h);
  }
  check(ProposeCompensationDays(year, BahrainDefaultWeek()));
}

Holiday Day(std::string_view start, std::string_view end, std::string name,
            HolidayKind kind = HolidayKind::kOneOff) {
  return {Date(start), Date(end), kind, HolidayStatus::kConfirmed, name, "عطلة " + name, ""};
}

TEST(CompensationTest, PlacementRules) {
  const CalendarSpec week = BahrainDefaultWeek();
  // Thu-Sat: two weekend days -> Sun and Mon after the span.
  auto proposed = ProposeCompensationDays({Day("2025-01-23", "2025-01-25", "A")}, week);
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(Span(proposed[0]), "2025-01-26..2025-01-27");
  EXPECT_EQ(proposed[0].name_en, "A compensation");
  EXPECT_EQ(proposed[0].name_ar, "تعويض عطلة عطلة A");
  // No weekend day, no compensation.
  EXPECT_TRUE(ProposeCompensationDays({Day("2025-01-26", "2025-01-28", "B")}, week).empty());
  // The next days that are holidays themselves are skipped; the two holidays' days never meet.
  proposed = ProposeCompensationDays(
      {Day("2025-01-31", "2025-01-31", "Fri"), Day("2025-02-02", "2025-02-02", "Sun"),
       Day("2025-02-01", "2025-02-01", "Sat")},
      week);
  ASSERT_EQ(proposed.size(), 2u);
  EXPECT_EQ(Span(proposed[0]), "2025-02-03..2025-02-03");  // Fri's: Sat off, Sun holiday
  EXPECT_EQ(proposed[0].name_en, "Fri compensation");
  EXPECT_EQ(Span(proposed[1]), "2025-02-04..2025-02-04");  // Sat's: Mon already given
  EXPECT_EQ(proposed[1].name_en, "Sat compensation");
  // A weekend date covered by two holidays earns one day, credited to the earlier holiday.
  proposed = ProposeCompensationDays(
      {Day("2025-02-07", "2025-02-07", "Second"), Day("2025-02-06", "2025-02-07", "First")}, week);
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(proposed[0].name_en, "First compensation");
  EXPECT_EQ(Span(proposed[0]), "2025-02-09..2025-02-09");
  // Days of one holiday split by a weekend form separate rows (never covering a weekend).
  proposed = ProposeCompensationDays(
      {Day("2025-03-07", "2025-03-08", "Long"), Day("2025-03-10", "2025-03-12", "Block")}, week);
  ASSERT_EQ(proposed.size(), 2u);
  EXPECT_EQ(Span(proposed[0]), "2025-03-09..2025-03-09");
  EXPECT_EQ(Span(proposed[1]), "2025-03-13..2025-03-13");
  // A fixed holiday blocks its month/day in every year; compensation rows are ignored entirely.
  // Sat 31 Dec 2022 -> Sun 1 Jan 2023 is New Year's Day (a 2025 fixed row) -> Mon 2 Jan.
  proposed =
      ProposeCompensationDays({Day("2022-12-31", "2022-12-31", "Eve"),
                               Day("2025-01-01", "2025-01-01", "NY", HolidayKind::kFixed),
                               Day("2023-01-02", "2023-01-02", "Old", HolidayKind::kCompensation)},
                              week);
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(Span(proposed[0]), "2023-01-02..2023-01-02");
  EXPECT_EQ(proposed[0].name_en, "Eve compensation");
  // A calendar without working days proposes nothing and does not hang.
  EXPECT_TRUE(
      ProposeCompensationDays({Day("2025-01-31", "2025-01-31", "X")}, CalendarSpec{}).empty());
}

TEST(CompensationTest, FixedHolidaysMovedToAYear) {
  const auto fixed = FixedHolidaysInYear(Holidays2025(), 2026);
  ASSERT_EQ(fixed.size(), 3u);
  EXPECT_EQ(Span(fixed[0]), "2026-01-01..2026-01-01");
  EXPECT_EQ(Span(fixed[1]), "2026-05-01..2026-05-01");
  EXPECT_EQ(Span(fixed[2]), "2026-12-16..2026-12-17");
  EXPECT_EQ(fixed[1].name_en, "Labour Day");
  // Labour Day 2026 is a Friday: it earns Sunday 3 May.
  const auto proposed = ProposeCompensationDays(fixed, BahrainDefaultWeek());
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(Span(proposed[0]), "2026-05-03..2026-05-03");
  EXPECT_EQ(proposed[0].name_en, "Labour Day compensation");
  // 29 February only exists in leap years; a span keeps its length across the year end.
  const auto moved =
      FixedHolidaysInYear({Day("2024-02-29", "2024-02-29", "Leap", HolidayKind::kFixed),
                           Day("2024-12-31", "2025-01-01", "Turn", HolidayKind::kFixed)},
                          2025);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(Span(moved[0]), "2025-12-31..2026-01-01");
}

}  // namespace
}  // namespace tawasul::domain
