#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace tawasul::domain {

inline constexpr int kMinutesPerDay = 24 * 60;

// Working hours of one day: minutes after local midnight, 0 <= open < close <= 1440.
struct Frame {
  int open_minute = 0;
  int close_minute = 0;
  friend bool operator==(const Frame&, const Frame&) = default;
};

enum class HolidayKind { kFixed, kHijri, kCompensation, kOneOff };
enum class HolidayStatus { kTentative, kConfirmed };

// Text forms used in CSV, JSON and the database: "fixed", "hijri", "compensation", "one_off".
std::string_view HolidayKindName(HolidayKind kind);
std::optional<HolidayKind> ParseHolidayKind(std::string_view name);
// "tentative", "confirmed".
std::string_view HolidayStatusName(HolidayStatus status);
std::optional<HolidayStatus> ParseHolidayStatus(std::string_view name);

// "HH:MM" from "00:00" to "24:00" (24:00 only as a close) -> minute of day; else nullopt.
std::optional<int> ParseMinuteOfDay(std::string_view s);
// Minute of day 0..1440 -> "HH:MM".
std::string FormatMinuteOfDay(int minute_of_day);

// A day or span of days off. kFixed recurs every year on the same month and day(s); the other
// kinds hold only for the dates given. Tentative and confirmed holidays are both days off.
struct Holiday {
  LocalDate start;
  LocalDate end;  // inclusive
  HolidayKind kind = HolidayKind::kOneOff;
  HolidayStatus status = HolidayStatus::kConfirmed;
  std::string name_en, name_ar, note;
};

// Other working hours over a span (e.g. Ramadan); replaces the weekday frame on working days only.
struct SpecialPeriod {
  LocalDate start;
  LocalDate end;  // inclusive
  Frame frame;
  std::string name_en, name_ar, note;
};

struct CalendarSpec {
  std::string time_zone = "Asia/Bahrain";    // IANA id
  std::array<std::optional<Frame>, 7> week;  // index = weekday c_encoding (0 = Sunday)
  std::vector<Holiday> holidays;
  std::vector<SpecialPeriod> special_periods;  // on overlap, the later entry wins
};

// Parses the format of data/calendars/bahrain-holidays-2025.csv (RFC 4180: header line naming
// the columns in any order, quoted fields with commas, quotes and newlines). On failure returns
// nullopt and, if `error` is not null, a message naming the line.
std::optional<std::vector<Holiday>> ParseHolidaysCsv(std::string_view csv, std::string* error);
// Same for data/calendars/bahrain-special-periods-2025.csv (open/close as "HH:MM").
std::optional<std::vector<SpecialPeriod>> ParseSpecialPeriodsCsv(std::string_view csv,
                                                                 std::string* error);

// The "Bahrain government" week: Sun-Wed 07:00-14:15, Thu 07:00-14:00, Fri-Sat off,
// Asia/Bahrain; no holidays or special periods (those come from data).
CalendarSpec BahrainDefaultWeek();

// Searches for a next working day give up after this many days (a calendar with no working
// days at all) and return the sentinels below instead of looping forever.
inline constexpr int kMaxWorkingDaySearchDays = 3660;
// "No working day within reach": later than any real date.
inline constexpr LocalDate kNoWorkingDay{std::chrono::year{9999}, std::chrono::December,
                                         std::chrono::day{31}};
// "Never due": the due time of a clock on a calendar with no working days.
inline constexpr Instant kNeverDue = Instant::max();

// An immutable working calendar built from a CalendarSpec. All queries are const and safe to
// call from many threads at once; copies are cheap (the time zone data is shared).
class WorkingCalendar {
 public:
  // Asserts on malformed frames or holiday/period ranges (start > end); an unknown time zone
  // throws std::invalid_argument (a configuration error, caught where calendars are loaded).
  explicit WorkingCalendar(CalendarSpec spec);

  const CalendarSpec& Spec() const { return spec_; }

  // Offset of local time from UTC at `t`, in seconds east of UTC (Bahrain: 10800).
  int UtcOffsetSeconds(Instant t) const;
  // The local calendar date at `t` (precondition: t within years 0001..9999, not kNeverDue).
  LocalDate LocalDateOf(Instant t) const;
  // Local wall time (d, minute 0..1440) -> UTC. A wall time repeated by a DST fall-back maps to
  // its first occurrence; one skipped by a spring-forward gap maps past the gap (02:30 -> 03:30).
  Instant ToInstant(LocalDate d, int minute_of_day) const;

  // True when d is a holiday (any kind or status).
  bool IsHoliday(LocalDate d) const;
  // Working hours on d: nullopt on weekends and holidays; a special period's frame overrides
  // the weekday frame.
  std::optional<Frame> FrameOn(LocalDate d) const;
  bool IsWorkingDay(LocalDate d) const { return FrameOn(d).has_value(); }
  // The first working day strictly after d, or kNoWorkingDay after kMaxWorkingDaySearchDays.
  LocalDate NextWorkingDay(LocalDate d) const;

  // The local working day on which `received` falls if strictly before that day's close,
  // else the next working day (kNoWorkingDay if none).
  LocalDate ReceiptDay(Instant received) const;
  // The close of the n-th working day after the receipt day (n = 0: the receipt day's close).
  // Precondition: n >= 0. kNeverDue when the calendar runs out of working days.
  Instant DueAfterWorkingDays(Instant received, int n) const;
  // Working days in [from, to], both inclusive; 0 when to < from.
  int WorkingDaysBetween(LocalDate from, LocalDate to) const;

  // ---- working time (second precision; the SLA engine of sla.h is built on these two) ----
  // Working time is the union of each working day's frame [open, close) as UTC instants (a DST
  // change inside a frame makes that day's frame an hour shorter or longer).
  //
  // Seconds of working time in [a, b); 0 when b <= a. Additive: for a <= b <= c,
  // Between(a, b) + Between(b, c) == Between(a, c). Cost: one frame look-up per calendar day
  // spanned. Precondition: a and b within years 0001..9999 (kNeverDue is clamped to 9999).
  std::int64_t WorkingSecondsBetween(Instant a, Instant b) const;
  // WorkingSecondsBetween(a, b) / 60, rounded down.
  std::int64_t WorkingMinutesBetween(Instant a, Instant b) const;
  // The earliest instant t >= start with WorkingSecondsBetween(start, t) == seconds, i.e. the end
  // of the seconds-th working second counted from start. Consequences: the result is always
  // inside a frame or exactly at a close; a due time that lands exactly on a close stays there
  // (it never rolls to the next opening); time outside frames before start's next opening is
  // skipped. seconds == 0 returns start unchanged (so adding no paused time is the identity).
  // Precondition: seconds >= 0 (negative counts as 0). kNeverDue when start is kNeverDue or the
  // calendar has no working day within kMaxWorkingDaySearchDays (or before year 10000).
  Instant DueAfterWorkingSeconds(Instant start, std::int64_t seconds) const;
  // DueAfterWorkingSeconds(start, minutes * 60); kNeverDue if that product would overflow.
  Instant DueAfterWorkingMinutes(Instant start, std::int64_t minutes) const;

 private:
  class ZoneOffsets;  // ICU-backed offset table, defined in calendar.cpp
  struct DayRange {
    std::int32_t first;  // days since 1970-01-01, inclusive
    std::int32_t last;   // inclusive
  };
  struct FrameRange {
    std::int32_t first;
    std::int32_t last;
    Frame frame;
  };

  const FrameRange* SpecialPeriodOn(std::int32_t day) const;

  CalendarSpec spec_;
  std::shared_ptr<const ZoneOffsets> zone_;
  // Fixed (recurring) holidays by month and day: index (month - 1) * 31 + (day - 1).
  std::array<bool, 12 * 31> fixed_holidays_{};
  // Dated holidays as sorted, disjoint, non-adjacent day ranges (binary search).
  std::vector<DayRange> dated_holidays_;
  // Special periods resolved to sorted, disjoint day ranges (later spec entries win).
  std::vector<FrameRange> special_periods_;
};

}  // namespace tawasul::domain
