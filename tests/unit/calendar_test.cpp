#include "domain/calendar.h"

#include <gtest/gtest.h>

#include "calendar_data.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "domain/time.h"

namespace tawasul::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;
using std::chrono::sys_days;

using testdata::ReadFile;

std::vector<Holiday> LoadHolidays() { return testdata::Holidays2025(); }

std::vector<SpecialPeriod> LoadSpecialPeriods() { return testdata::SpecialPeriods2025(); }
using testdata::At;
using testdata::Bahrain;
using testdata::Bahrain2025Spec;
using testdata::Date;

std::string Local(Instant t) { return FormatRfc3339(t, Bahrain().UtcOffsetSeconds(t)); }

// ---- data files ------------------------------------------------------------------------------

TEST(CalendarDataTest, ParsesShippedFiles) {
  const auto holidays = LoadHolidays();
  ASSERT_EQ(holidays.size(), 12u);
  EXPECT_EQ(holidays[0].start, Date("2025-01-01"));
  EXPECT_EQ(holidays[0].kind, HolidayKind::kFixed);
  EXPECT_EQ(holidays[0].status, HolidayStatus::kConfirmed);
  EXPECT_EQ(holidays[0].name_en, "New Year's Day");
  EXPECT_EQ(holidays[0].name_ar, "رأس السنة الميلادية");
  EXPECT_EQ(holidays[1].kind, HolidayKind::kOneOff);
  EXPECT_EQ(holidays[1].note, "declared 3 Jan 2025");
  EXPECT_EQ(holidays[2].kind, HolidayKind::kHijri);
  EXPECT_EQ(holidays[2].end, Date("2025-04-01"));
  EXPECT_EQ(holidays[6].kind, HolidayKind::kCompensation);
  EXPECT_EQ(holidays[11].start, Date("2025-12-16"));
  EXPECT_EQ(holidays[11].end, Date("2025-12-17"));
  EXPECT_EQ(holidays[11].kind, HolidayKind::kFixed);

  const auto periods = LoadSpecialPeriods();
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].start, Date("2025-03-01"));
  EXPECT_EQ(periods[0].end, Date("2025-03-29"));
  EXPECT_EQ(periods[0].frame, (Frame{8 * 60, 14 * 60}));
  EXPECT_EQ(periods[0].name_ar, "ساعات العمل في شهر رمضان");
}

TEST(CalendarDataTest, CsvHandlesQuotingLineEndingsAndColumnOrder) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "kind,status,start_date,end_date,name_en,name_ar,note\r\n"
      "one_off,tentative,2025-02-02,2025-02-03,\"Storm, and \"\"flood\"\" days\",عطلة,\"line "
      "one\nline two\"\r\n"
      "\r\n"
      "fixed,confirmed,2025-12-31,2026-01-01,Year end,نهاية السنة,";
  std::string error;
  const auto holidays = ParseHolidaysCsv(csv, &error);
  ASSERT_TRUE(holidays.has_value()) << error;
  ASSERT_EQ(holidays->size(), 2u);
  EXPECT_EQ((*holidays)[0].name_en, "Storm, and \"flood\" days");
  EXPECT_EQ((*holidays)[0].note, "line one\nline two");
  EXPECT_EQ((*holidays)[0].status, HolidayStatus::kTentative);
  EXPECT_EQ((*holidays)[0].end, Date("2025-02-03"));
  EXPECT_EQ((*holidays)[1].note, "");
}

TEST(CalendarDataTest, CsvRejectsBadRowsWithTheLine) {
  const std::string header = "start_date,end_date,kind,status,name_en,name_ar,note\n";
  const std::string good = "2025-01-01,2025-01-01,fixed,confirmed,A,ب,\n";
  const auto error_for = [&](const std::string& row) {
    std::string error;
    EXPECT_FALSE(ParseHolidaysCsv(header + good + row, &error).has_value()) << row;
    return error;
  };
  EXPECT_NE(error_for("2025-02-30,2025-02-30,fixed,confirmed,A,ب,\n").find("line 3"),
            std::string::npos);
  EXPECT_NE(error_for("2025-02-03,2025-02-02,fixed,confirmed,A,ب,\n").find("before"),
            std::string::npos);
  EXPECT_NE(error_for("2025-02-03,2025-02-03,weekly,confirmed,A,ب,\n").find("kind"),
            std::string::npos);
  EXPECT_NE(error_for("2025-02-03,2025-02-03,fixed,maybe,A,ب,\n").find("status"),
            std::string::npos);
  EXPECT_NE(error_for("2025-02-03,2025-02-03,fixed,confirmed,A,ب\n").find("fields"),
            std::string::npos);
  EXPECT_NE(error_for("2025-02-03,2025-02-03,fixed,confirmed,,ب,\n").find("name"),
            std::string::npos);
  EXPECT_NE(error_for("2025-02-03,2025-02-03,fixed,confirmed,\"A,ب,\n").find("unterminated"),
            std::string::npos);
  EXPECT_NE(error_for("2025-02-03,2025-02-03,fixed,confirmed,\"A\"x,ب,\n").find("quote"),
            std::string::npos);
  std::string error;
  EXPECT_FALSE(ParseHolidaysCsv("start_date,end_date,kind,status,name_en,note\n", &error));
  EXPECT_NE(error.find("name_ar"), std::string::npos);
  EXPECT_FALSE(ParseHolidaysCsv("", nullptr));  // a null error pointer is allowed
  EXPECT_FALSE(
      ParseSpecialPeriodsCsv("start_date,end_date,open,close,name_en,name_ar,note\n"
                             "2025-03-01,2025-03-29,14:00,08:00,R,ر,\n",
                             &error));
  EXPECT_FALSE(
      ParseSpecialPeriodsCsv("start_date,end_date,open,close,name_en,name_ar,note\n"
                             "2025-03-01,2025-03-29,8:00,14:00,R,ر,\n",
                             &error));
}

TEST(CalendarDataTest, MinuteOfDayParsing) {
  EXPECT_EQ(ParseMinuteOfDay("00:00"), 0);
  EXPECT_EQ(ParseMinuteOfDay("14:15"), 855);
  EXPECT_EQ(ParseMinuteOfDay("24:00"), 1440);
  EXPECT_FALSE(ParseMinuteOfDay("24:01"));
  EXPECT_FALSE(ParseMinuteOfDay("12:60"));
  EXPECT_FALSE(ParseMinuteOfDay("7:00"));
  EXPECT_EQ(FormatMinuteOfDay(855), "14:15");
  EXPECT_EQ(FormatMinuteOfDay(1440), "24:00");
}

// ---- days and frames -------------------------------------------------------------------------

TEST(WorkingCalendarTest, EveryListedHolidayDateIsOff) {
  int dates = 0;
  for (const Holiday& h : LoadHolidays()) {
    for (sys_days d{h.start}; d <= sys_days{h.end}; d += days{1}) {
      EXPECT_TRUE(Bahrain().IsHoliday(LocalDate{d})) << FormatDate(LocalDate{d});
      EXPECT_FALSE(Bahrain().IsWorkingDay(LocalDate{d})) << FormatDate(LocalDate{d});
      EXPECT_FALSE(Bahrain().FrameOn(LocalDate{d}).has_value());
      ++dates;
    }
  }
  EXPECT_EQ(dates, 19);
}

TEST(WorkingCalendarTest, CompensationDaysAreOffThoughOrdinaryWeekdays) {
  const WorkingCalendar week_only(BahrainDefaultWeek());
  for (const char* day : {"2025-06-09", "2025-06-10", "2025-07-07"}) {
    EXPECT_TRUE(week_only.IsWorkingDay(Date(day))) << day;  // Mon/Tue/Mon
    EXPECT_FALSE(Bahrain().IsWorkingDay(Date(day))) << day;
  }
}

TEST(WorkingCalendarTest, FridaysAndSaturdaysAreOff) {
  int weekend_days = 0;
  for (sys_days d{Date("2025-01-01")}; d <= sys_days{Date("2025-12-31")}; d += days{1}) {
    const unsigned weekday = std::chrono::weekday{d}.c_encoding();
    if (weekday == 5 || weekday == 6) {
      EXPECT_FALSE(Bahrain().IsWorkingDay(LocalDate{d})) << FormatDate(LocalDate{d});
      ++weekend_days;
    }
  }
  EXPECT_EQ(weekend_days, 104);
}

TEST(WorkingCalendarTest, WeekdayFrames) {
  const Frame sun_to_wed{7 * 60, 14 * 60 + 15};
  const Frame thursday{7 * 60, 14 * 60};
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-01-12")), sun_to_wed);  // Sunday
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-01-13")), sun_to_wed);  // Monday
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-01-14")), sun_to_wed);  // Tuesday
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-01-15")), sun_to_wed);  // Wednesday
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-01-16")), thursday);
  EXPECT_EQ(Bahrain().DueAfterWorkingDays(At("2025-01-16T09:00:00+03:00"), 0),
            At("2025-01-16T14:00:00+03:00"));
  EXPECT_EQ(Bahrain().DueAfterWorkingDays(At("2025-01-15T09:00:00+03:00"), 0),
            At("2025-01-15T14:15:00+03:00"));
}

TEST(WorkingCalendarTest, RamadanFramesOnWorkingDaysOnly) {
  const Frame ramadan{8 * 60, 14 * 60};
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-03-02")), ramadan);  // Sunday
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-03-05")), ramadan);  // Wednesday
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-03-06")), ramadan);  // Thursday
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-03-27")), ramadan);  // last Thursday
  EXPECT_FALSE(Bahrain().FrameOn(Date("2025-03-01")));        // Saturday stays off
  EXPECT_FALSE(Bahrain().FrameOn(Date("2025-03-28")));        // Friday stays off
  EXPECT_FALSE(Bahrain().FrameOn(Date("2025-03-30")));        // Eid
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-02-27")), (Frame{420, 840}));
  EXPECT_EQ(Bahrain().FrameOn(Date("2025-04-02")), (Frame{420, 855}));
  // A Ramadan Wednesday closes at 14:00, not 14:15.
  EXPECT_EQ(Bahrain().ReceiptDay(At("2025-03-26T13:59:59+03:00")), Date("2025-03-26"));
  EXPECT_EQ(Bahrain().ReceiptDay(At("2025-03-26T14:00:00+03:00")), Date("2025-03-27"));
}

TEST(WorkingCalendarTest, LaterOverlappingSpecialPeriodWins) {
  CalendarSpec spec = BahrainDefaultWeek();
  spec.special_periods.push_back(
      {Date("2025-03-01"), Date("2025-03-31"), {480, 840}, "A", "أ", ""});
  spec.special_periods.push_back(
      {Date("2025-03-10"), Date("2025-03-12"), {540, 780}, "B", "ب", ""});
  const WorkingCalendar calendar(spec);
  EXPECT_EQ(calendar.FrameOn(Date("2025-03-09")), (Frame{480, 840}));
  EXPECT_EQ(calendar.FrameOn(Date("2025-03-10")), (Frame{540, 780}));
  EXPECT_EQ(calendar.FrameOn(Date("2025-03-12")), (Frame{540, 780}));
  EXPECT_EQ(calendar.FrameOn(Date("2025-03-13")), (Frame{480, 840}));
  EXPECT_EQ(calendar.FrameOn(Date("2025-04-01")), (Frame{420, 855}));
}

TEST(WorkingCalendarTest, FixedHolidaysRecurOthersDoNot) {
  EXPECT_FALSE(Bahrain().IsWorkingDay(Date("2026-01-01")));  // Thursday, New Year's Day
  EXPECT_FALSE(Bahrain().IsWorkingDay(Date("2026-05-01")));  // Labour Day (a Friday anyway)
  EXPECT_TRUE(Bahrain().IsHoliday(Date("2026-05-01")));
  EXPECT_FALSE(Bahrain().IsWorkingDay(Date("2026-12-16")));  // Wednesday, National Day
  EXPECT_FALSE(Bahrain().IsWorkingDay(Date("2026-12-17")));
  EXPECT_TRUE(Bahrain().IsHoliday(Date("2024-12-16")));     // and in earlier years
  EXPECT_TRUE(Bahrain().IsWorkingDay(Date("2026-01-05")));  // one-off Gulf Cup day: 2025 only
  EXPECT_TRUE(Bahrain().IsWorkingDay(Date("2026-06-09")));  // compensation: 2025 only
  EXPECT_TRUE(Bahrain().IsWorkingDay(Date("2026-03-31")));  // hijri: 2025 only
}

TEST(WorkingCalendarTest, TentativeHolidaysAreDaysOff) {
  CalendarSpec spec = BahrainDefaultWeek();
  spec.holidays.push_back({Date("2026-03-20"), Date("2026-03-22"), HolidayKind::kHijri,
                           HolidayStatus::kTentative, "Eid al-Fitr", "عيد الفطر", "proposed"});
  const WorkingCalendar calendar(spec);
  EXPECT_FALSE(calendar.IsWorkingDay(Date("2026-03-22")));  // Sunday
  EXPECT_TRUE(calendar.IsWorkingDay(Date("2026-03-23")));
}

// ---- receipt day and due times ---------------------------------------------------------------

TEST(WorkingCalendarTest, ReceiptDayRule) {
  const WorkingCalendar& c = Bahrain();
  // Wednesday 2025-01-08 closes at 14:15.
  EXPECT_EQ(c.ReceiptDay(At("2025-01-08T14:14:59+03:00")), Date("2025-01-08"));
  EXPECT_EQ(c.ReceiptDay(At("2025-01-08T14:15:00+03:00")), Date("2025-01-09"));
  EXPECT_EQ(c.ReceiptDay(At("2025-01-08T06:00:00+03:00")), Date("2025-01-08"));  // before opening
  EXPECT_EQ(c.ReceiptDay(At("2025-01-08T00:00:00+03:00")), Date("2025-01-08"));
  EXPECT_EQ(c.ReceiptDay(At("2025-01-08T23:59:59+03:00")), Date("2025-01-09"));
  // Thursday closes at 14:00 and is followed by the weekend.
  EXPECT_EQ(c.ReceiptDay(At("2025-01-09T13:59:59+03:00")), Date("2025-01-09"));
  EXPECT_EQ(c.ReceiptDay(At("2025-01-09T14:00:00+03:00")), Date("2025-01-12"));
  EXPECT_EQ(c.ReceiptDay(At("2025-01-10T10:00:00+03:00")), Date("2025-01-12"));  // Friday
  EXPECT_EQ(c.ReceiptDay(At("2025-01-11T10:00:00+03:00")), Date("2025-01-12"));  // Saturday
  EXPECT_EQ(c.ReceiptDay(At("2025-01-05T10:00:00+03:00")), Date("2025-01-06"));  // Gulf Cup day
  EXPECT_EQ(c.ReceiptDay(At("2025-06-05T10:00:00+03:00")), Date("2025-06-11"));  // Arafat..comp.
  // The local date decides, not the UTC date: 22:30Z on the 8th is 01:30 on the 9th in Bahrain.
  EXPECT_EQ(c.ReceiptDay(At("2025-01-08T22:30:00Z")), Date("2025-01-09"));
  EXPECT_EQ(c.ReceiptDay(At("2025-01-08T11:14:59Z")), Date("2025-01-08"));
  EXPECT_EQ(c.ReceiptDay(At("2025-01-08T11:15:00Z")), Date("2025-01-09"));
}

TEST(WorkingCalendarTest, DueTimesWorkedByHand) {
  const WorkingCalendar& c = Bahrain();
  // Wed 4 Jun, 14 days: 5 Jun Arafat, 6-8 Eid al-Adha, 9-10 compensation, 26 Jun Hijri New Year.
  // Working days: Jun 11,12,15,16,17,18,19,22,23,24,25,29,30, Jul 1 (Tuesday).
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-06-04T10:00:00+03:00"), 14)),
            "2025-07-01T14:15:00+03:00");
  // At the close on 4 Jun the receipt day is the next working day, 11 Jun.
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-06-04T14:15:00+03:00"), 0)),
            "2025-06-11T14:15:00+03:00");
  // Mon 15 Dec after close: 16-17 Dec National Day, receipt Thu 18 Dec; 5 days -> Thu 25 Dec.
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-12-15T15:00:00+03:00"), 5)),
            "2025-12-25T14:00:00+03:00");
  // Mon 15 Dec morning, 14 days, across the year end: Dec 18,21,22,23,24,25,28,29,30,31,
  // (Thu 1 Jan 2026 New Year's Day recurs), Jan 4,5,6,7 (Wednesday).
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-12-15T09:00:00+03:00"), 14)),
            "2026-01-07T14:15:00+03:00");
  // Ramadan Thursday 27 Mar, before the 14:00 close; Eid al-Fitr 30 Mar - 1 Apr.
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-03-27T13:30:00+03:00"), 0)),
            "2025-03-27T14:00:00+03:00");
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-03-27T13:30:00+03:00"), 2)),
            "2025-04-03T14:00:00+03:00");
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-03-27T14:00:00+03:00"), 0)),
            "2025-04-02T14:15:00+03:00");
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-03-27T14:00:00+03:00"), 1)),
            "2025-04-03T14:00:00+03:00");
  // Received on New Year's Day 2025, 5 days: receipt Thu 2 Jan; 5 Jan Gulf Cup; Jan 6,7,8,9,12.
  EXPECT_EQ(Local(c.DueAfterWorkingDays(At("2025-01-01T08:00:00+03:00"), 5)),
            "2025-01-12T14:15:00+03:00");
  // The due instant in UTC: Bahrain is UTC+3 all year.
  EXPECT_EQ(c.DueAfterWorkingDays(At("2025-06-04T10:00:00+03:00"), 14), At("2025-07-01T11:15:00Z"));
}

TEST(WorkingCalendarTest, DueIsAtACloseAndStrictlyMonotoneInN) {
  const WorkingCalendar& c = Bahrain();
  std::mt19937_64 rng(42);
  const std::int64_t from = At("2024-12-01T00:00:00Z").time_since_epoch().count();
  const std::int64_t to = At("2026-01-31T00:00:00Z").time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> when(from, to);
  for (int i = 0; i < 2000; ++i) {
    const Instant received{std::chrono::seconds{when(rng)}};
    Instant previous = received;
    for (int n = 0; n <= 20; ++n) {
      const Instant due = c.DueAfterWorkingDays(received, n);
      ASSERT_GT(due, previous) << Local(received) << " n=" << n;
      const LocalDate day = c.LocalDateOf(due);
      const auto frame = c.FrameOn(day);
      ASSERT_TRUE(frame.has_value()) << Local(due);
      ASSERT_EQ(c.ToInstant(day, frame->close_minute), due) << Local(due);
      ASSERT_EQ(c.WorkingDaysBetween(c.ReceiptDay(received), day), n + 1) << Local(received);
      previous = due;
    }
  }
}

TEST(WorkingCalendarTest, AddingAHolidayNeverMakesADueTimeEarlier) {
  std::mt19937_64 rng(1447);
  std::uniform_int_distribution<int> day_of_2025(0, 364);
  std::uniform_int_distribution<int> target(0, 30);
  const std::int64_t from = At("2025-01-01T00:00:00Z").time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> when(from, from + 365 * 86400);
  int later = 0;
  for (int variant = 0; variant < 150; ++variant) {
    CalendarSpec spec = Bahrain2025Spec();
    const LocalDate extra{sys_days{Date("2025-01-01")} + days{day_of_2025(rng)}};
    spec.holidays.push_back(
        {extra, extra, HolidayKind::kOneOff, HolidayStatus::kTentative, "Extra", "إضافي", ""});
    const WorkingCalendar with_extra(spec);
    for (int i = 0; i < 50; ++i) {
      const Instant received{std::chrono::seconds{when(rng)}};
      const int n = target(rng);
      const Instant before = Bahrain().DueAfterWorkingDays(received, n);
      const Instant after = with_extra.DueAfterWorkingDays(received, n);
      ASSERT_GE(after, before) << Local(received) << " n=" << n << " + " << FormatDate(extra);
      if (after > before) ++later;
    }
  }
  EXPECT_GT(later, 0);  // the property was actually exercised
}

TEST(WorkingCalendarTest, WorkingDaysBetween) {
  const WorkingCalendar& c = Bahrain();
  // January 2025 by hand: 22 Sun-Thu days, minus 1 Jan and 5 Jan.
  EXPECT_EQ(c.WorkingDaysBetween(Date("2025-01-01"), Date("2025-01-31")), 20);
  // All of 2025 by hand: 261 Sun-Thu days, minus the 16 holiday dates that fall on them.
  EXPECT_EQ(c.WorkingDaysBetween(Date("2025-01-01"), Date("2025-12-31")), 245);
  // And independently from the raw rows (every 2025 row lies within 2025).
  const auto holidays = LoadHolidays();
  int expected = 0;
  for (sys_days d{Date("2025-01-01")}; d <= sys_days{Date("2025-12-31")}; d += days{1}) {
    if (std::chrono::weekday{d}.c_encoding() >= 5) continue;
    bool off = false;
    for (const Holiday& h : holidays) off = off || (sys_days{h.start} <= d && d <= sys_days{h.end});
    if (!off) ++expected;
  }
  EXPECT_EQ(c.WorkingDaysBetween(Date("2025-01-01"), Date("2025-12-31")), expected);
  EXPECT_EQ(c.WorkingDaysBetween(Date("2025-01-02"), Date("2025-01-02")), 1);
  EXPECT_EQ(c.WorkingDaysBetween(Date("2025-01-03"), Date("2025-01-04")), 0);
  EXPECT_EQ(c.WorkingDaysBetween(Date("2025-01-31"), Date("2025-01-01")), 0);
}

TEST(WorkingCalendarTest, CalendarWithoutWorkingDaysReturnsSentinels) {
  CalendarSpec spec;
  const WorkingCalendar none(spec);
  const Instant t = At("2025-01-08T10:00:00+03:00");
  EXPECT_EQ(none.ReceiptDay(t), kNoWorkingDay);
  EXPECT_EQ(none.DueAfterWorkingDays(t, 0), kNeverDue);
  EXPECT_EQ(none.DueAfterWorkingDays(t, 5), kNeverDue);
  EXPECT_EQ(none.NextWorkingDay(Date("2025-01-08")), kNoWorkingDay);
  EXPECT_EQ(none.WorkingDaysBetween(Date("2025-01-01"), Date("2025-12-31")), 0);

  CalendarSpec sundays;
  sundays.week[0] = Frame{540, 600};
  const WorkingCalendar sunday_only(sundays);
  EXPECT_EQ(sunday_only.DueAfterWorkingDays(t, 1), At("2025-01-19T10:00:00+03:00"));
}

// ---- time zones --------------------------------------------------------------------------------

TEST(WorkingCalendarTest, BahrainOffsetsAndLocalDates) {
  const WorkingCalendar& c = Bahrain();
  EXPECT_EQ(c.UtcOffsetSeconds(At("2025-06-01T00:00:00Z")), 3 * 3600);
  EXPECT_EQ(c.UtcOffsetSeconds(At("2300-06-01T00:00:00Z")), 3 * 3600);  // beyond the table
  EXPECT_EQ(c.LocalDateOf(At("2025-01-08T20:59:59Z")), Date("2025-01-08"));
  EXPECT_EQ(c.LocalDateOf(At("2025-01-08T21:00:00Z")), Date("2025-01-09"));
  EXPECT_EQ(c.ToInstant(Date("2025-01-08"), 855), At("2025-01-08T11:15:00Z"));
  EXPECT_EQ(c.ToInstant(Date("2025-01-08"), 1440), At("2025-01-08T21:00:00Z"));
}

TEST(WorkingCalendarTest, DaylightSavingZones) {
  CalendarSpec spec = BahrainDefaultWeek();
  spec.time_zone = "America/New_York";
  const WorkingCalendar ny(spec);
  EXPECT_EQ(ny.UtcOffsetSeconds(At("2025-01-15T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(ny.UtcOffsetSeconds(At("2025-07-15T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny.ToInstant(Date("2025-07-15"), 9 * 60), At("2025-07-15T09:00:00-04:00"));
  // 2025-03-09 02:30 does not exist: it maps past the gap, to 03:30 EDT.
  EXPECT_EQ(ny.ToInstant(Date("2025-03-09"), 150), At("2025-03-09T03:30:00-04:00"));
  EXPECT_EQ(ny.ToInstant(Date("2025-03-09"), 180), At("2025-03-09T03:00:00-04:00"));
  // 2025-11-02 01:30 happens twice: the first (EDT) occurrence.
  EXPECT_EQ(ny.ToInstant(Date("2025-11-02"), 90), At("2025-11-02T01:30:00-04:00"));
  EXPECT_EQ(ny.ToInstant(Date("2025-11-02"), 120), At("2025-11-02T02:00:00-05:00"));
}

TEST(WorkingCalendarTest, UnknownTimeZoneThrows) {
  CalendarSpec spec = BahrainDefaultWeek();
  spec.time_zone = "Asia/Atlantis";
  EXPECT_THROW(WorkingCalendar{spec}, std::invalid_argument);
  spec.time_zone = "";
  EXPECT_THROW(WorkingCalendar{spec}, std::invalid_argument);
}

TEST(WorkingCalendarTest, ConcurrentQueriesAgree) {
  const WorkingCalendar c = Bahrain();  // copies share the zone table
  std::vector<Instant> inputs;
  std::vector<Instant> expected;
  for (int i = 0; i < 400; ++i) {
    inputs.push_back(At("2025-01-01T00:00:00Z") + std::chrono::hours{i * 21});
    expected.push_back(c.DueAfterWorkingDays(inputs.back(), 14));
  }
  const int far_offset = c.UtcOffsetSeconds(At("2350-01-01T00:00:00Z"));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
          if (c.DueAfterWorkingDays(inputs[i], 14) != expected[i]) ++mismatches[t];
          if (c.UtcOffsetSeconds(At("2350-01-01T00:00:00Z") + std::chrono::hours{i}) !=
              far_offset) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0);
}

// ---- working time: seconds and minutes (the SLA engine's primitives) --------------------------

Instant DueMinutes(std::string_view start, std::int64_t minutes) {
  return Bahrain().DueAfterWorkingMinutes(At(start), minutes);
}

std::int64_t Between(std::string_view a, std::string_view b) {
  return Bahrain().WorkingSecondsBetween(At(a), At(b));
}

TEST(WorkingTimeTest, SecondsBetweenAtEveryFrameBoundary) {
  // Wednesday 8 Jan 2025: 07:00-14:15 (26100 s).
  EXPECT_EQ(Between("2025-01-08T06:00:00+03:00", "2025-01-08T07:00:00+03:00"), 0);  // before
  EXPECT_EQ(Between("2025-01-08T06:00:00+03:00", "2025-01-08T07:00:01+03:00"), 1);
  EXPECT_EQ(Between("2025-01-08T07:00:00+03:00", "2025-01-08T07:00:01+03:00"), 1);  // at opening
  EXPECT_EQ(Between("2025-01-08T07:00:00+03:00", "2025-01-08T14:15:00+03:00"), 26100);
  EXPECT_EQ(Between("2025-01-08T14:14:59+03:00", "2025-01-08T14:15:00+03:00"), 1);  // last second
  EXPECT_EQ(Between("2025-01-08T14:15:00+03:00", "2025-01-08T23:59:59+03:00"), 0);  // at close
  EXPECT_EQ(Between("2025-01-08T15:00:00+03:00", "2025-01-09T07:00:00+03:00"), 0);  // after close
  EXPECT_EQ(Between("2025-01-08T00:00:00+03:00", "2025-01-09T00:00:00+03:00"), 26100);
  // Thursday closes at 14:00; the weekend has no working time.
  EXPECT_EQ(Between("2025-01-09T00:00:00+03:00", "2025-01-10T00:00:00+03:00"), 25200);
  EXPECT_EQ(Between("2025-01-09T14:00:00+03:00", "2025-01-12T07:00:00+03:00"), 0);
  // A full ordinary week, Sunday to Sunday: 4 x 7h15 + 7h = 36 h.
  EXPECT_EQ(Between("2025-01-12T00:00:00+03:00", "2025-01-19T00:00:00+03:00"), 36 * 3600);
  EXPECT_EQ(Bahrain().WorkingMinutesBetween(At("2025-01-12T00:00:00+03:00"),
                                            At("2025-01-19T00:00:00+03:00")),
            36 * 60);
  EXPECT_EQ(Bahrain().WorkingMinutesBetween(At("2025-01-08T07:00:00+03:00"),
                                            At("2025-01-08T07:00:59+03:00")),
            0);  // minutes round down
  // Empty and reversed intervals.
  EXPECT_EQ(Between("2025-01-08T10:00:00+03:00", "2025-01-08T10:00:00+03:00"), 0);
  EXPECT_EQ(Between("2025-01-08T11:00:00+03:00", "2025-01-08T10:00:00+03:00"), 0);
  // UTC inputs: the frame is local. 04:00Z = 07:00 in Bahrain.
  EXPECT_EQ(Between("2025-01-08T03:00:00Z", "2025-01-08T05:00:00Z"), 3600);
}

TEST(WorkingTimeTest, EveryHolidaySpanAndCompensationDayHasNoWorkingTime) {
  for (const Holiday& h : LoadHolidays()) {
    const Instant from = Bahrain().ToInstant(h.start, 0);
    const Instant to = Bahrain().ToInstant(h.end, kMinutesPerDay);
    EXPECT_EQ(Bahrain().WorkingSecondsBetween(from, to), 0) << h.name_en;
    // Widening by one day on each side adds exactly the neighbours' frames.
    const LocalDate before{sys_days{h.start} - days{1}};
    const LocalDate after{sys_days{h.end} + days{1}};
    std::int64_t neighbours = 0;
    for (const LocalDate d : {before, after}) {
      if (const auto f = Bahrain().FrameOn(d))
        neighbours += (f->close_minute - f->open_minute) * 60;
    }
    EXPECT_EQ(Bahrain().WorkingSecondsBetween(Bahrain().ToInstant(before, 0),
                                              Bahrain().ToInstant(after, kMinutesPerDay)),
              neighbours)
        << h.name_en;
  }
}

TEST(WorkingTimeTest, RamadanHoursAndYearTotals) {
  // Ramadan Wednesday 5 Mar 2025: 08:00-14:00 only.
  EXPECT_EQ(Between("2025-03-05T00:00:00+03:00", "2025-03-06T00:00:00+03:00"), 6 * 3600);
  EXPECT_EQ(Between("2025-03-05T07:00:00+03:00", "2025-03-05T08:00:00+03:00"), 0);
  EXPECT_EQ(Between("2025-03-05T14:00:00+03:00", "2025-03-05T14:15:00+03:00"), 0);
  // March 2025 (Sun-Thu, 1-29 Ramadan): 20 Ramadan working days x 6 h, 30-31 Mar Eid.
  EXPECT_EQ(Between("2025-03-01T00:00:00+03:00", "2025-04-01T00:00:00+03:00"), 20 * 6 * 3600);
  // All of 2025, independently from the frames day by day.
  std::int64_t expected = 0;
  for (sys_days d{Date("2025-01-01")}; d <= sys_days{Date("2025-12-31")}; d += days{1}) {
    if (const auto f = Bahrain().FrameOn(LocalDate{d})) {
      expected += (f->close_minute - f->open_minute) * 60;
    }
  }
  EXPECT_EQ(Between("2025-01-01T00:00:00+03:00", "2026-01-01T00:00:00+03:00"), expected);
  // 245 working days (20 of them in Ramadan at 6 h); the total, worked out separately from the
  // CSV, is fixed here so that a change in the data or the rules shows.
  EXPECT_EQ(expected / 60, 104415);
  // Year end: Wed 31 Dec 10:00-14:15, Thu 1 Jan 2026 New Year's Day, Fri-Sat, Sun 07:00-08:00.
  EXPECT_EQ(Between("2025-12-31T10:00:00+03:00", "2026-01-04T08:00:00+03:00"),
            4 * 3600 + 900 + 3600);
}

TEST(WorkingTimeTest, MinuteDueTimesAtEveryBoundary) {
  const auto local = [](Instant t) { return Local(t); };
  // Wednesday 8 Jan 2025, 07:00-14:15.
  EXPECT_EQ(local(DueMinutes("2025-01-08T06:00:00+03:00", 60)), "2025-01-08T08:00:00+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-08T07:00:00+03:00", 60)), "2025-01-08T08:00:00+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-08T14:14:59+03:00", 1)), "2025-01-09T07:00:59+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-08T14:15:00+03:00", 60)), "2025-01-09T08:00:00+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-08T15:00:00+03:00", 60)), "2025-01-09T08:00:00+03:00");
  // Landing exactly on a close stays at the close; one more minute goes to the next opening.
  EXPECT_EQ(local(DueMinutes("2025-01-08T13:15:00+03:00", 60)), "2025-01-08T14:15:00+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-08T13:15:00+03:00", 61)), "2025-01-09T07:01:00+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-08T07:00:00+03:00", 435)), "2025-01-08T14:15:00+03:00");
  // Thursday closes at 14:00, then the weekend.
  EXPECT_EQ(local(DueMinutes("2025-01-09T13:00:00+03:00", 60)), "2025-01-09T14:00:00+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-09T13:00:00+03:00", 61)), "2025-01-12T07:01:00+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-10T10:00:00+03:00", 60)), "2025-01-12T08:00:00+03:00");
  EXPECT_EQ(local(DueMinutes("2025-01-11T23:59:59+03:00", 1)), "2025-01-12T07:01:00+03:00");
  // Exactly one ordinary week of working time ends at a Thursday close.
  EXPECT_EQ(local(DueMinutes("2025-01-12T07:00:00+03:00", 36 * 60)), "2025-01-16T14:00:00+03:00");
  // Zero minutes: start itself, wherever it is (TargetTable refuses 0-minute targets).
  EXPECT_EQ(DueMinutes("2025-01-10T10:00:00+03:00", 0), At("2025-01-10T10:00:00+03:00"));
  // Seconds: the last working second of the day ends at the close.
  EXPECT_EQ(Bahrain().DueAfterWorkingSeconds(At("2025-01-08T14:14:59+03:00"), 1),
            At("2025-01-08T14:15:00+03:00"));
  EXPECT_EQ(Bahrain().DueAfterWorkingSeconds(At("2025-01-08T14:14:59+03:00"), 2),
            At("2025-01-09T07:00:01+03:00"));
}

TEST(WorkingTimeTest, MinuteDueTimesCrossDaysAndHolidays) {
  const auto local = [](Instant t) { return Local(t); };
  // Wed 4 Jun 13:00 + 120: 75 min on Wednesday; 5 Jun Arafat, 6-8 Eid al-Adha, 9-10 Jun
  // compensation; the other 45 on Wed 11 Jun.
  EXPECT_EQ(local(DueMinutes("2025-06-04T13:00:00+03:00", 120)), "2025-06-11T07:45:00+03:00");
  // Ashura 5-6 Jul (Sat-Sun) and its compensation Mon 7 Jul: Thu 3 Jul 13:30 + 60 -> Tue 8 Jul.
  EXPECT_EQ(local(DueMinutes("2025-07-03T13:30:00+03:00", 60)), "2025-07-08T07:30:00+03:00");
  // Gulf Cup day Sun 5 Jan: Thu 2 Jan 13:30 + 60 -> Mon 6 Jan 07:30.
  EXPECT_EQ(local(DueMinutes("2025-01-02T13:30:00+03:00", 60)), "2025-01-06T07:30:00+03:00");
  // Ramadan Thursday closes at 14:00; Eid al-Fitr 30 Mar-1 Apr; Wed 2 Apr opens at 07:00 again.
  EXPECT_EQ(local(DueMinutes("2025-03-27T13:30:00+03:00", 60)), "2025-04-02T07:30:00+03:00");
  // First Ramadan working day opens at 08:00, not 07:00.
  EXPECT_EQ(local(DueMinutes("2025-03-02T07:30:00+03:00", 60)), "2025-03-02T09:00:00+03:00");
  // The day before Ramadan is ordinary (Thu 27 Feb, 07:00-14:00); the next is Sun 2 Mar 08:00.
  EXPECT_EQ(local(DueMinutes("2025-02-27T13:00:00+03:00", 120)), "2025-03-02T09:00:00+03:00");
  // Year end: Wed 31 Dec 14:00 + 30 -> 15 min, Thu 1 Jan 2026 (New Year's Day recurs), Sun 4 Jan.
  EXPECT_EQ(local(DueMinutes("2025-12-31T14:00:00+03:00", 30)), "2026-01-04T07:15:00+03:00");
  // National Day 16-17 Dec: Mon 15 Dec 14:00 + 30 -> Thu 18 Dec 07:15.
  EXPECT_EQ(local(DueMinutes("2025-12-15T14:00:00+03:00", 30)), "2025-12-18T07:15:00+03:00");
  // Three working days' worth from Wed 4 Jun 07:00 (7h15 + 7h15 Wed 11 + 7h Thu 12) ends at the
  // Thursday 12 Jun close.
  EXPECT_EQ(local(DueMinutes("2025-06-04T07:00:00+03:00", 435 + 435 + 420)),
            "2025-06-12T14:00:00+03:00");
}

TEST(WorkingTimeTest, RoundTheClockCalendarIsPlainArithmetic) {
  CalendarSpec spec;
  spec.time_zone = "UTC";
  for (auto& day : spec.week) day = Frame{0, kMinutesPerDay};
  const WorkingCalendar always(spec);
  const Instant t = At("2025-05-31T23:59:30Z");
  EXPECT_EQ(always.WorkingSecondsBetween(t, t + 90s), 90);
  EXPECT_EQ(always.DueAfterWorkingSeconds(t, 90), t + 90s);
  EXPECT_EQ(always.DueAfterWorkingMinutes(t, 60 * 24 * 400), t + days{400});
  EXPECT_EQ(always.WorkingSecondsBetween(At("2024-01-01T00:00:00Z"), At("2025-01-01T00:00:00Z")),
            366 * 86400);
}

TEST(WorkingTimeTest, DaylightSavingChangesInsideAFrame) {
  CalendarSpec spec;
  spec.time_zone = "America/New_York";
  for (auto& day : spec.week) day = Frame{60, 240};  // 01:00-04:00 every day
  const WorkingCalendar ny(spec);
  // 9 Mar 2025: 02:00 -> 03:00, the frame is 2 real hours; 2 Nov 2025: 02:00 -> 01:00, 4 hours.
  EXPECT_EQ(
      ny.WorkingSecondsBetween(At("2025-03-09T00:00:00-05:00"), At("2025-03-10T00:00:00-04:00")),
      2 * 3600);
  EXPECT_EQ(
      ny.WorkingSecondsBetween(At("2025-11-02T00:00:00-04:00"), At("2025-11-03T00:00:00-05:00")),
      4 * 3600);
  EXPECT_EQ(ny.DueAfterWorkingMinutes(At("2025-03-09T01:00:00-05:00"), 120),
            At("2025-03-09T04:00:00-04:00"));
  EXPECT_EQ(ny.DueAfterWorkingMinutes(At("2025-11-02T01:00:00-04:00"), 180),
            At("2025-11-02T03:00:00-05:00"));
}

TEST(WorkingTimeTest, CalendarWithoutWorkingDaysNeverFallsDue) {
  const WorkingCalendar none{CalendarSpec{}};
  const Instant t = At("2025-01-08T10:00:00+03:00");
  EXPECT_EQ(none.DueAfterWorkingMinutes(t, 1), kNeverDue);
  EXPECT_EQ(none.DueAfterWorkingSeconds(t, 0), t);
  EXPECT_EQ(none.WorkingSecondsBetween(t, t + days{30}), 0);
  EXPECT_EQ(Bahrain().DueAfterWorkingSeconds(kNeverDue, 60), kNeverDue);
  EXPECT_EQ(Bahrain().DueAfterWorkingMinutes(t, INT64_MAX / 2), kNeverDue);  // overflow guarded
}

// Per-minute ground truth over a window: prefix[i] = working minutes in [begin, begin + i min),
// from each minute's local date and minute of day (no use of the functions under test).
struct MinuteTruth {
  const WorkingCalendar* calendar;
  Instant begin;
  std::vector<std::int64_t> prefix;

  MinuteTruth(const WorkingCalendar& c, Instant from, Instant to) : calendar(&c), begin(from) {
    prefix.push_back(0);
    for (Instant t = from; t < to; t += 1min) {
      const int offset = c.UtcOffsetSeconds(t);
      const auto local = t + std::chrono::seconds{offset};
      const LocalDate d{std::chrono::floor<days>(local)};
      const int minute = static_cast<int>((local - std::chrono::floor<days>(local)) / 1min);
      const auto frame = c.FrameOn(d);
      const bool working = frame && frame->open_minute <= minute && minute < frame->close_minute;
      prefix.push_back(prefix.back() + (working ? 1 : 0));
    }
  }
  Instant At(std::size_t i) const { return begin + std::chrono::minutes{i}; }
};

void CheckAgainstTruth(const MinuteTruth& truth, std::uint64_t seed) {
  const WorkingCalendar& c = *truth.calendar;
  std::mt19937_64 rng(seed);
  const std::size_t n = truth.prefix.size() - 1;
  std::uniform_int_distribution<std::size_t> index(0, n);
  std::uniform_int_distribution<std::int64_t> minutes(1, 6000);
  for (int i = 0; i < 3000; ++i) {
    std::size_t a = index(rng);
    std::size_t b = index(rng);
    if (i % 3 == 0) b = std::min(n, a + static_cast<std::size_t>(minutes(rng)));  // short spans
    if (b < a) std::swap(a, b);
    ASSERT_EQ(c.WorkingMinutesBetween(truth.At(a), truth.At(b)), truth.prefix[b] - truth.prefix[a])
        << FormatRfc3339(truth.At(a), 0) << " .. " << FormatRfc3339(truth.At(b), 0);
    const std::int64_t m = minutes(rng);
    const auto goal = truth.prefix[a] + m;
    const auto it = std::lower_bound(truth.prefix.begin(), truth.prefix.end(), goal);
    if (it == truth.prefix.end()) continue;
    const auto expected = truth.At(static_cast<std::size_t>(it - truth.prefix.begin()));
    ASSERT_EQ(c.DueAfterWorkingMinutes(truth.At(a), m), expected)
        << FormatRfc3339(truth.At(a), 0) << " + " << m;
  }
}

TEST(WorkingTimeTest, AgreesWithAPerMinuteBruteForce) {
  const MinuteTruth bahrain(Bahrain(), At("2024-12-20T00:00:00Z"), At("2026-01-20T00:00:00Z"));
  CheckAgainstTruth(bahrain, 7);
  // A zone with DST, a Ramadan-like period and holidays, frames away from the 02:00 changes.
  CalendarSpec spec = Bahrain2025Spec();
  spec.time_zone = "America/New_York";
  const WorkingCalendar ny(spec);
  const MinuteTruth new_york(ny, At("2025-02-20T00:00:00Z"), At("2025-04-10T00:00:00Z"));
  CheckAgainstTruth(new_york, 8);
  const MinuteTruth autumn(ny, At("2025-10-20T00:00:00Z"), At("2025-11-20T00:00:00Z"));
  CheckAgainstTruth(autumn, 9);
}

TEST(WorkingTimeTest, SecondPrecisionInverseAndAdditivity) {
  const WorkingCalendar& c = Bahrain();
  std::mt19937_64 rng(2025);
  const std::int64_t from = At("2024-12-25T00:00:00Z").time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> when(from, from + 380 * 86400);
  std::uniform_int_distribution<std::int64_t> amount(1, 30 * 26100);
  for (int i = 0; i < 3000; ++i) {
    const Instant start{std::chrono::seconds{when(rng)}};
    const std::int64_t s = i % 10 == 0 ? amount(rng) % 120 + 1 : amount(rng);
    const Instant due = c.DueAfterWorkingSeconds(start, s);
    ASSERT_GT(due, start);
    ASSERT_EQ(c.WorkingSecondsBetween(start, due), s) << Local(start) << " + " << s;
    ASSERT_EQ(c.WorkingSecondsBetween(start, due - 1s), s - 1)
        << "not the earliest: " << Local(due);
    // Every due time is inside a frame or exactly at its close.
    const LocalDate day = c.LocalDateOf(due - 1s);
    const auto frame = c.FrameOn(day);
    ASSERT_TRUE(frame.has_value()) << Local(due);
    ASSERT_GT(due, c.ToInstant(day, frame->open_minute));
    ASSERT_LE(due, c.ToInstant(day, frame->close_minute));

    Instant a{std::chrono::seconds{when(rng)}};
    Instant b{std::chrono::seconds{when(rng)}};
    Instant m{std::chrono::seconds{when(rng)}};
    if (a > b) std::swap(a, b);
    m = std::clamp(m, a, b);
    ASSERT_EQ(c.WorkingSecondsBetween(a, m) + c.WorkingSecondsBetween(m, b),
              c.WorkingSecondsBetween(a, b));
  }
}

TEST(WorkingTimeTest, MinuteDueNeverEarlierWhenTargetGrowsOrHolidayAdded) {
  std::mt19937_64 rng(1446);
  const std::int64_t from = At("2025-01-01T00:00:00Z").time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> when(from, from + 365 * 86400);
  std::uniform_int_distribution<std::int64_t> minutes(0, 20 * 435);
  std::uniform_int_distribution<int> day_of_2025(0, 364);
  int later = 0;
  for (int variant = 0; variant < 60; ++variant) {
    CalendarSpec spec = Bahrain2025Spec();
    const LocalDate extra{sys_days{Date("2025-01-01")} + days{day_of_2025(rng)}};
    spec.holidays.push_back(
        {extra, extra, HolidayKind::kOneOff, HolidayStatus::kTentative, "Extra", "إضافي", ""});
    const WorkingCalendar with_extra(spec);
    for (int i = 0; i < 40; ++i) {
      const Instant start{std::chrono::seconds{when(rng)}};
      const std::int64_t m = minutes(rng);
      const Instant due = Bahrain().DueAfterWorkingMinutes(start, m);
      ASSERT_LT(due, Bahrain().DueAfterWorkingMinutes(start, m + 1)) << Local(start) << " " << m;
      ASSERT_LE(due, Bahrain().DueAfterWorkingMinutes(start, m + minutes(rng)));
      const Instant after = with_extra.DueAfterWorkingMinutes(start, m);
      ASSERT_GE(after, due) << Local(start) << " + " << m << " min, + " << FormatDate(extra);
      if (after > due) ++later;
    }
  }
  EXPECT_GT(later, 0);
}

TEST(WorkingTimeTest, Deterministic) {
  const WorkingCalendar rebuilt(Bahrain2025Spec());
  const WorkingCalendar copy = Bahrain();  // NOLINT(performance-unnecessary-copy-initialization)
  std::mt19937_64 rng(99);
  const std::int64_t from = At("2025-01-01T00:00:00Z").time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> when(from, from + 365 * 86400);
  for (int i = 0; i < 500; ++i) {
    const Instant a{std::chrono::seconds{when(rng)}};
    const Instant b{std::chrono::seconds{when(rng)}};
    const std::int64_t m = i * 37 % 5000;
    const Instant due = Bahrain().DueAfterWorkingMinutes(a, m);
    ASSERT_EQ(Bahrain().DueAfterWorkingMinutes(a, m), due);
    ASSERT_EQ(rebuilt.DueAfterWorkingMinutes(a, m), due);
    ASSERT_EQ(copy.DueAfterWorkingMinutes(a, m), due);
    ASSERT_EQ(rebuilt.WorkingSecondsBetween(a, b), Bahrain().WorkingSecondsBetween(a, b));
  }
}

// ---- RFC 3339 ----------------------------------------------------------------------------------

TEST(TimeTest, FormatsRfc3339WithOffsets) {
  const Instant t = Instant{sys_days{Date("2026-11-30")}} + 6h + 15min + 2s;
  EXPECT_EQ(FormatRfc3339(t, 3 * 3600), "2026-11-30T09:15:02+03:00");
  EXPECT_EQ(FormatRfc3339(t, 0), "2026-11-30T06:15:02+00:00");
  EXPECT_EQ(FormatRfc3339(t, -(7 * 3600)), "2026-11-29T23:15:02-07:00");
  EXPECT_EQ(FormatRfc3339(t, 5 * 3600 + 1800), "2026-11-30T11:45:02+05:30");
  EXPECT_EQ(FormatRfc3339(t, -(3 * 3600 + 1800)), "2026-11-30T02:45:02-03:30");
}

TEST(TimeTest, ParsesRfc3339Variants) {
  const Instant t = Instant{sys_days{Date("2026-11-30")}} + 6h + 15min + 2s;
  EXPECT_EQ(ParseRfc3339("2026-11-30T09:15:02+03:00"), t);
  EXPECT_EQ(ParseRfc3339("2026-11-30T06:15:02Z"), t);
  EXPECT_EQ(ParseRfc3339("2026-11-30t06:15:02z"), t);
  EXPECT_EQ(ParseRfc3339("2026-11-30 06:15:02Z"), t);
  EXPECT_EQ(ParseRfc3339("2026-11-30T06:15:02.999999Z"), t);  // fraction dropped
  EXPECT_EQ(ParseRfc3339("2026-11-29T23:15:02-07:00"), t);
  EXPECT_EQ(ParseRfc3339("2024-02-29T00:00:00Z"), Instant{sys_days{Date("2024-02-29")}});
}

TEST(TimeTest, RejectsInvalidRfc3339) {
  for (const char* bad : {"",
                          "2026-11-30",
                          "2026-11-30T09:15:02",
                          "2026-11-30T09:15+03:00",
                          "2026-02-29T09:15:02Z",
                          "2026-02-30T09:15:02Z",
                          "2026-13-01T00:00:00Z",
                          "2026-00-10T00:00:00Z",
                          "2026-11-31T00:00:00Z",
                          "2026-11-30T24:00:00Z",
                          "2026-11-30T23:60:00Z",
                          "2026-11-30T23:59:60Z",
                          "2026-11-30T09:15:02+3:00",
                          "2026-11-30T09:15:02+0300",
                          "2026-11-30T09:15:02+24:00",
                          "2026-11-30T09:15:02+03:60",
                          "2026-11-30T09:15:02.Z",
                          "2026-11-30T09:15:02Zjunk",
                          "2026-11-30X09:15:02Z",
                          "2026/11/30T09:15:02Z",
                          "２026-11-30T09:15:02Z",
                          "2026-11-30T09:15:02 Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

TEST(TimeTest, Rfc3339RoundTrips) {
  std::mt19937_64 rng(3339);
  std::uniform_int_distribution<std::int64_t> when(
      At("1970-01-01T00:00:00Z").time_since_epoch().count(),
      At("2199-12-31T23:59:59Z").time_since_epoch().count());
  std::uniform_int_distribution<int> offset_minutes(-14 * 60, 14 * 60);
  for (int i = 0; i < 20000; ++i) {
    const Instant t{std::chrono::seconds{when(rng)}};
    const int offset = offset_minutes(rng) * 60;
    const std::string text = FormatRfc3339(t, offset);
    ASSERT_EQ(ParseRfc3339(text), t) << text;
  }
}

TEST(TimeTest, Dates) {
  EXPECT_EQ(FormatDate(Date("2025-03-01")), "2025-03-01");
  EXPECT_EQ(ParseDate("2024-02-29"), LocalDate{std::chrono::year{2024} / 2 / 29});
  EXPECT_FALSE(ParseDate("2025-02-29"));
  EXPECT_FALSE(ParseDate("2025-2-28"));
  EXPECT_FALSE(ParseDate("2025-02-28 "));
  EXPECT_FALSE(ParseDate("2025-02-28T00:00:00Z"));
}

}  // namespace
}  // namespace tawasul::domain
