#include "domain/calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "domain/time.h"

#ifndef TAWASUL_SOURCE_DIR
#define TAWASUL_SOURCE_DIR "/work/main"
#endif

namespace tawasul::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;
using std::chrono::sys_days;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<Holiday> LoadHolidays() {
  std::string error;
  auto holidays = ParseHolidaysCsv(
      ReadFile(TAWASUL_SOURCE_DIR "/data/calendars/bahrain-holidays-2025.csv"), &error);
  if (!holidays) throw std::runtime_error(error);
  return *holidays;
}

std::vector<SpecialPeriod> LoadSpecialPeriods() {
  std::string error;
  auto periods = ParseSpecialPeriodsCsv(
      ReadFile(TAWASUL_SOURCE_DIR "/data/calendars/bahrain-special-periods-2025.csv"), &error);
  if (!periods) throw std::runtime_error(error);
  return *periods;
}

CalendarSpec Bahrain2025Spec() {
  CalendarSpec spec = BahrainDefaultWeek();
  spec.holidays = LoadHolidays();
  spec.special_periods = LoadSpecialPeriods();
  return spec;
}

const WorkingCalendar& Bahrain() {
  static const WorkingCalendar calendar(Bahrain2025Spec());
  return calendar;
}

Instant At(std::string_view rfc3339) {
  const auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Instant{});
}

LocalDate Date(std::string_view text) {
  const auto d = ParseDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(LocalDate{});
}

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
