// Proposals for the holiday table: Islamic holidays and Ramadan hours from the Umm al-Qura
// calendar, and compensation days.
//
// Why proposals and not answers: Islamic holidays follow moon sighting, announced a few days
// before, and may differ from Umm al-Qura (the Saudi tabular-astronomical calendar ICU ships) by
// a day. So everything produced here is `tentative`; an administrator confirms or moves it from
// the official circular, and the change recomputes due times elsewhere. Until then a tentative
// holiday counts as a day off (docs/decisions.md), which never promises the citizen less time
// than the likely calendar gives.
//
// Invariants:
//   * Conversions go through ICU's "islamic-umalqura" calendar in UTC, and the result is read
//     as a day number (milliseconds since 1970 / 86400000), so no Gregorian calendar object and
//     no local time zone can shift a date. If ICU ever falls back to another calendar type
//     (missing data), the functions return nothing rather than wrong dates.
//   * Hijri -> Gregorian is checked by converting back: a day that does not exist in that month
//     is refused rather than silently rolled into the next month by ICU's lenient fields.
//   * ICU Calendar objects are not shared between threads: each call creates its own.
//   * Compensation follows Amiri Decree 5/1973 as applied in the 2025 circulars (data/README.md):
//     one compensation day per holiday date on a weekend day, placed on the next days that are
//     working days and not themselves holidays, after the holiday's span. Checked against 2025:
//     Eid al-Adha 6-8 Jun (Fri-Sun) gave 9-10 Jun, Ashura 5-6 Jul (Sat-Sun) gave 7 Jul.

#include "domain/hijri.h"

#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <memory>
#include <set>
#include <string_view>

namespace tawasul::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr double kMillisPerDay = 86400000.0;

constexpr std::array<std::string_view, 12> kMonthNames = {
    "Muharram", "Safar",  "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
    "Rajab",    "Shaban", "Ramadan",       "Shawwal",       "Dhu al-Qadah",  "Dhu al-Hijjah"};

constexpr int kRamadan = 9;
constexpr int kShawwal = 10;

std::int32_t DayNumber(LocalDate d) {
  return static_cast<std::int32_t>(sys_days{d}.time_since_epoch().count());
}

LocalDate DateOfDayNumber(std::int32_t n) { return LocalDate{sys_days{days{n}}}; }

// An ICU islamic-umalqura calendar in UTC, or null when ICU cannot provide one.
class UmmAlQura {
 public:
  UmmAlQura() {
    UErrorCode status = U_ZERO_ERROR;
    calendar_.reset(icu::Calendar::createInstance(
        *icu::TimeZone::getGMT(), icu::Locale("en@calendar=islamic-umalqura"), status));
    if (U_FAILURE(status) || !calendar_ ||
        std::string_view(calendar_->getType()) != "islamic-umalqura") {
      calendar_.reset();
    }
  }

  bool ok() const { return calendar_ != nullptr; }

  std::optional<std::int32_t> ToDayNumber(HijriDate h) {
    if (!ok() || h.month < 1 || h.month > 12 || h.day < 1 || h.day > 30) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    calendar_->clear();
    calendar_->set(UCAL_EXTENDED_YEAR, h.year);
    calendar_->set(UCAL_MONTH, h.month - 1);
    calendar_->set(UCAL_DATE, h.day);
    const UDate millis = calendar_->getTime(status);
    if (U_FAILURE(status)) return std::nullopt;
    const auto day = static_cast<std::int32_t>(std::floor(millis / kMillisPerDay));
    if (FromDayNumber(day) != h) return std::nullopt;  // e.g. 30th of a 29-day month
    return day;
  }

  std::optional<HijriDate> FromDayNumber(std::int32_t day) {
    if (!ok()) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    calendar_->setTime(static_cast<UDate>(day) * kMillisPerDay, status);
    HijriDate h{calendar_->get(UCAL_EXTENDED_YEAR, status), calendar_->get(UCAL_MONTH, status) + 1,
                calendar_->get(UCAL_DATE, status)};
    if (U_FAILURE(status)) return std::nullopt;
    return h;
  }

 private:
  std::unique_ptr<icu::Calendar> calendar_;
};

bool ValidRule(const HijriHolidayRule& rule) {
  return rule.month >= 1 && rule.month <= 12 && rule.first_day >= 1 && rule.first_day <= 30 &&
         rule.days >= 1 && rule.days <= 30 && rule.offset_days >= -30 && rule.offset_days <= 30 &&
         !rule.name_en.empty() && !rule.name_ar.empty();
}

// "1-3 Shawwal 1446", "9 Dhu al-Hijjah 1446", with the offset when there is one.
std::string HijriNote(const HijriHolidayRule& rule, int year) {
  // Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string at -O3.
  std::string note = std::to_string(rule.first_day);
  if (rule.days > 1) note.append("-").append(std::to_string(rule.first_day + rule.days - 1));
  note.append(" ").append(HijriMonthName(rule.month)).append(" ").append(std::to_string(year));
  if (rule.offset_days != 0) {
    note.append(" (Umm al-Qura ").append(rule.offset_days > 0 ? "+" : "");
    note.append(std::to_string(rule.offset_days));
    note.append(std::abs(rule.offset_days) == 1 ? " day)" : " days)");
  }
  return note;
}

// The hijri years whose dates can reach the Gregorian year, with a year of margin either side
// for offsets and spans.
std::optional<std::pair<int, int>> HijriYearsAround(UmmAlQura& calendar, int gregorian_year) {
  const auto first = calendar.FromDayNumber(DayNumber(std::chrono::year{gregorian_year} / 1 / 1));
  const auto last = calendar.FromDayNumber(DayNumber(std::chrono::year{gregorian_year} / 12 / 31));
  if (!first || !last) return std::nullopt;
  return std::pair{first->year - 1, last->year + 1};
}

std::string WeekdayDate(std::int32_t day) {
  static constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                                "Thu", "Fri", "Sat"};
  const sys_days d{days{day}};
  return std::string(kWeekdays[std::chrono::weekday{d}.c_encoding()]) + " " +
         FormatDate(LocalDate{d});
}

}  // namespace

std::string_view HijriMonthName(int month) {
  return month >= 1 && month <= 12 ? kMonthNames[static_cast<std::size_t>(month - 1)] : "";
}

std::optional<LocalDate> UmmAlQuraToGregorian(HijriDate date) {
  UmmAlQura calendar;
  const auto day = calendar.ToDayNumber(date);
  if (!day) return std::nullopt;
  return DateOfDayNumber(*day);
}

std::optional<HijriDate> GregorianToUmmAlQura(LocalDate date) {
  UmmAlQura calendar;
  return calendar.FromDayNumber(DayNumber(date));
}

HijriRules BahrainHijriRules() {
  return HijriRules{{
      {10, 1, 3, 0, "Eid al-Fitr", "عيد الفطر"},
      {12, 9, 1, 0, "Arafat Day", "يوم عرفة"},
      {12, 10, 3, 0, "Eid al-Adha", "عيد الأضحى"},
      {1, 1, 1, 0, "Hijri New Year", "رأس السنة الهجرية"},
      // Observed on Umm al-Qura 10-11 Muharram in every year checked: offset 0 is data.
      {1, 10, 2, 0, "Ashura", "عاشوراء"},
      {3, 12, 1, 0, "Prophet's Birthday", "المولد النبوي الشريف"},
  }};
}

std::vector<Holiday> ProposeHijriHolidays(int gregorian_year, const HijriRules& rules) {
  if (gregorian_year < 1 || gregorian_year > 9998) return {};
  UmmAlQura calendar;
  const auto years = HijriYearsAround(calendar, gregorian_year);
  if (!years) return {};
  const std::int32_t year_first = DayNumber(std::chrono::year{gregorian_year} / 1 / 1);
  const std::int32_t year_last = DayNumber(std::chrono::year{gregorian_year} / 12 / 31);
  std::vector<Holiday> proposals;
  for (int year = years->first; year <= years->second; ++year) {
    for (const HijriHolidayRule& rule : rules.holidays) {
      if (!ValidRule(rule)) continue;
      const auto day = calendar.ToDayNumber({year, rule.month, rule.first_day});
      if (!day) continue;
      const std::int32_t first = *day + rule.offset_days;
      const std::int32_t last = first + rule.days - 1;
      if (last < year_first || first > year_last) continue;
      proposals.push_back({DateOfDayNumber(first), DateOfDayNumber(last), HolidayKind::kHijri,
                           HolidayStatus::kTentative, rule.name_en, rule.name_ar,
                           HijriNote(rule, year)});
    }
  }
  // Stable: equal starts keep hijri-year-then-rule order.
  std::stable_sort(proposals.begin(), proposals.end(),
                   [](const Holiday& a, const Holiday& b) { return a.start < b.start; });
  return proposals;
}

std::vector<SpecialPeriod> ProposeRamadanHours(int gregorian_year, Frame frame) {
  if (gregorian_year < 1 || gregorian_year > 9998) return {};
  UmmAlQura calendar;
  const auto years = HijriYearsAround(calendar, gregorian_year);
  if (!years) return {};
  std::vector<SpecialPeriod> periods;
  for (int year = years->first; year <= years->second; ++year) {
    const auto first = calendar.ToDayNumber({year, kRamadan, 1});
    const auto shawwal = calendar.ToDayNumber({year, kShawwal, 1});
    if (!first || !shawwal) continue;
    const LocalDate start = DateOfDayNumber(*first);
    if (static_cast<int>(start.year()) != gregorian_year) continue;
    periods.push_back(
        {start, DateOfDayNumber(*shawwal - 1), frame, "Ramadan working hours",
         "ساعات العمل في شهر رمضان",
         "Ramadan " + std::to_string(year) + "; applies to every working day in the range"});
  }
  return periods;
}

std::vector<Holiday> FixedHolidaysInYear(const std::vector<Holiday>& holidays, int gregorian_year) {
  std::vector<Holiday> moved;
  for (const Holiday& h : holidays) {
    if (h.kind != HolidayKind::kFixed || !h.start.ok() || !h.end.ok() || h.end < h.start) continue;
    const LocalDate start = std::chrono::year{gregorian_year} / h.start.month() / h.start.day();
    if (!start.ok()) continue;  // 29 February in a common year
    Holiday copy = h;
    copy.start = start;
    copy.end = DateOfDayNumber(DayNumber(start) + (DayNumber(h.end) - DayNumber(h.start)));
    moved.push_back(std::move(copy));
  }
  return moved;
}

std::vector<Holiday> ProposeCompensationDays(const std::vector<Holiday>& holidays,
                                             const CalendarSpec& week) {
  std::vector<const Holiday*> sources;
  for (const Holiday& h : holidays) {
    if (h.kind != HolidayKind::kCompensation && h.start.ok() && h.end.ok() && h.start <= h.end) {
      sources.push_back(&h);
    }
  }
  std::stable_sort(sources.begin(), sources.end(), [](const Holiday* a, const Holiday* b) {
    return a->start != b->start ? a->start < b->start : a->end < b->end;
  });

  const auto has_frame = [&](std::int32_t day) {
    return week.week[std::chrono::weekday{sys_days{days{day}}}.c_encoding()].has_value();
  };
  const auto is_holiday = [&](std::int32_t day) {
    const LocalDate d = DateOfDayNumber(day);
    for (const Holiday* h : sources) {
      if (h->kind != HolidayKind::kFixed) {
        if (h->start <= d && d <= h->end) return true;
        continue;
      }
      // A fixed holiday recurs: does d's month/day occur in its span, moved to any year?
      const std::int32_t span = DayNumber(h->end) - DayNumber(h->start);
      for (std::int32_t i = 0; i <= std::min(span, 365); ++i) {
        const LocalDate f = DateOfDayNumber(DayNumber(h->start) + i);
        if (f.month() == d.month() && f.day() == d.day()) return true;
      }
    }
    return false;
  };

  std::set<std::int32_t> credited;  // weekend dates already counted for some holiday
  std::set<std::int32_t> given;     // compensation days already placed
  std::vector<Holiday> proposals;
  for (const Holiday* h : sources) {
    std::vector<std::int32_t> weekend_dates;
    for (std::int32_t day = DayNumber(h->start); day <= DayNumber(h->end); ++day) {
      if (!has_frame(day) && credited.insert(day).second) weekend_dates.push_back(day);
    }
    if (weekend_dates.empty()) continue;
    std::string note = h->name_en + " on";
    for (std::size_t i = 0; i < weekend_dates.size(); ++i) {
      note += (i == 0 ? " " : ", ") + WeekdayDate(weekend_dates[i]);
    }
    std::vector<std::int32_t> placed;
    std::int32_t day = DayNumber(h->end);
    for (int searched = 0;
         placed.size() < weekend_dates.size() && searched < kMaxWorkingDaySearchDays; ++searched) {
      ++day;
      if (has_frame(day) && !is_holiday(day) && given.insert(day).second) placed.push_back(day);
    }
    for (std::size_t i = 0; i < placed.size();) {
      std::size_t j = i;
      while (j + 1 < placed.size() && placed[j + 1] == placed[j] + 1) ++j;
      proposals.push_back({DateOfDayNumber(placed[i]), DateOfDayNumber(placed[j]),
                           HolidayKind::kCompensation, HolidayStatus::kTentative,
                           h->name_en + " compensation", "تعويض عطلة " + h->name_ar, note});
      i = j + 1;
    }
  }
  std::stable_sort(proposals.begin(), proposals.end(),
                   [](const Holiday& a, const Holiday& b) { return a.start < b.start; });
  return proposals;
}

}  // namespace tawasul::domain
