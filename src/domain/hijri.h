#pragma once
// Tentative holiday proposals: Islamic holidays from ICU's islamic-umalqura calendar, Ramadan
// working hours, and compensation days for holidays that fall on a weekend. An administrator
// confirms (or moves) each proposal from the official circular; nothing here is authoritative.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"

namespace tawasul::domain {

// A date of the Umm al-Qura calendar: month 1 = Muharram ... 12 = Dhu al-Hijjah.
struct HijriDate {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const HijriDate&, const HijriDate&) = default;
};

// Transliterated month names as used in the holiday notes: "Muharram", "Safar",
// "Rabi al-Awwal", ..., "Dhu al-Hijjah". Precondition: 1 <= month <= 12.
std::string_view HijriMonthName(int month);

// Umm al-Qura -> Gregorian (ICU). nullopt when the date does not exist (month outside 1..12,
// day 30 of a 29-day month, day outside 1..30) or ICU cannot provide the calendar.
std::optional<LocalDate> UmmAlQuraToGregorian(HijriDate date);
// Gregorian -> Umm al-Qura (ICU). nullopt when ICU cannot provide the calendar.
std::optional<HijriDate> GregorianToUmmAlQura(LocalDate date);

// One Islamic holiday: `days` days from (month, first_day) of each hijri year, moved by
// `offset_days` from the Umm al-Qura date where local observation differs from it.
struct HijriHolidayRule {
  int month = 1;      // 1..12
  int first_day = 1;  // 1..30
  int days = 1;       // 1..30
  int offset_days = 0;
  std::string name_en;
  std::string name_ar;
};

struct HijriRules {
  std::vector<HijriHolidayRule> holidays;
};

// Bahrain's public-sector Islamic holidays: Eid al-Fitr 1-3 Shawwal, Arafat Day 9 Dhu al-Hijjah,
// Eid al-Adha 10-12 Dhu al-Hijjah, Hijri New Year 1 Muharram, Ashura 10-11 Muharram, Prophet's
// Birthday 12 Rabi al-Awwal; names as in data/calendars/bahrain-holidays-2025.csv. Every offset
// is 0; for Ashura this is a finding, not a default: Bahrain has announced it on Umm al-Qura
// 10-11 Muharram in every year checked (data/README.md), so keep the offset a parameter and
// revisit it if a circular ever differs.
HijriRules BahrainHijriRules();

// Tentative proposals (kind hijri, status tentative) for every holiday of `rules` in every hijri
// year whose span intersects the Gregorian year; a span crossing New Year is proposed in both
// years, with identical rows. Notes say the hijri dates, e.g. "1-3 Shawwal 1446". Sorted by
// start date, then rule order. Empty when ICU cannot provide islamic-umalqura. Invalid rules
// (fields outside the ranges above) are skipped. Precondition: 1 <= gregorian_year <= 9998.
std::vector<Holiday> ProposeHijriHolidays(int gregorian_year, const HijriRules& rules);

// Ramadan of every hijri year starting in the Gregorian year, as a special period (1 Ramadan to
// the day before 1 Shawwal, Umm al-Qura) with `frame` as working hours, named as in
// data/calendars/bahrain-special-periods-2025.csv. Empty when ICU cannot help.
std::vector<SpecialPeriod> ProposeRamadanHours(int gregorian_year, Frame frame);

// The rows of kind fixed, moved to `gregorian_year` (same month and day, same length), for
// proposing that year's compensation days; other kinds are left out. A fixed holiday starting
// on 29 February is left out in other years (the calendar never matches it there either).
std::vector<Holiday> FixedHolidaysInYear(const std::vector<Holiday>& holidays, int gregorian_year);

// Compensation days (kind compensation, status tentative) for `holidays`: each date that is a
// weekend day of `week` (a weekday without a frame; the spec's own holidays and special periods
// are not used) and lies in a holiday earns one compensation day, credited to the earliest
// holiday covering it. A holiday's days go, in order, on the first days after its span that are
// weekdays with a frame, in no holiday of `holidays` (fixed ones on their month and day of
// every year), and not already given to an earlier holiday. Rows of kind compensation in
// `holidays` are ignored altogether, so re-proposing from a list that already has them gives
// the same days. Consecutive days of one holiday form one row, named "<name_en> compensation" /
// "تعويض عطلة <name_ar>". Sorted by start date.
std::vector<Holiday> ProposeCompensationDays(const std::vector<Holiday>& holidays,
                                             const CalendarSpec& week);

}  // namespace tawasul::domain
