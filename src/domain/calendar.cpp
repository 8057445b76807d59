// The working calendar: which local days are working days, and their working hours.
//
// Everything the SLA figures say rests on this file, so its rules are few and exact
// (DESIGN.md section 3):
//   * A calendar is an IANA time zone, a frame (open, close) per weekday, a holiday table and
//     special periods with other frames (Ramadan hours). Holidays of any status are days off:
//     a tentative Eid is still announced as a holiday, and admins confirm or move it later
//     (which recomputes due times elsewhere; here a calendar is simply rebuilt).
//   * Holidays of kind "fixed" recur every year on the same month/day; "hijri", "compensation"
//     and "one_off" hold only on the dates given, because their Gregorian dates move.
//   * A special period replaces the weekday frame on days that are working days anyway; it
//     never turns a weekend or a holiday into a working day. Overlapping periods: the later
//     entry of the spec wins (resolved once, here, into disjoint ranges).
//   * Receipt day: the local working day of the receipt if it came strictly before that day's
//     close, else the next working day. "N working days" is due at the close of the N-th working
//     day after the receipt day. Due times are always at a close.
//
// Representation: the spec is kept as given (for display and export) and compiled into lookup
// structures, so that each day query is O(log holidays): a month/day table for fixed holidays,
// and sorted disjoint day ranges for dated holidays and special periods. Day numbers are days
// since 1970-01-01 (std::chrono::sys_days), which is what all date arithmetic here works in.
//
// Time zones come from ICU. ICU TimeZone objects are not documented as safe for concurrent use,
// and calendars are read by every request thread, so at construction the zone's UTC offsets from
// 1900 to 2200 are copied into a transition table (Asia/Bahrain: a handful of entries; zones
// with DST: two per year). Lookups in that range are a lock-free binary search; only instants
// outside it take a mutex and ask ICU. Nothing assumes a fixed offset.
//
// Loops that search for the next working day stop after kMaxWorkingDaySearchDays (ten years)
// and return kNoWorkingDay / kNeverDue: a calendar with every day off is a configuration error
// that must not hang a request thread.
//
// Working time (minute targets, pauses, elapsed working hours) is the union over working days
// of the frame [open, close) converted to UTC instants, and is measured in seconds so that
// nothing is rounded before the figures are. Two primitives answer every question about it:
// WorkingSecondsBetween (a measure: additive, monotone in both ends) and DueAfterWorkingSeconds
// (its inverse: the earliest instant at which a given amount has elapsed). Defining the due time
// as "earliest" is what makes a due time that ends exactly at a close stay at that close, and
// keeps the two exactly consistent (Between(start, Due(start, s)) == s), which the tests check
// against a per-minute brute force. Both walk calendar days, one frame look-up per day: whole
// non-working days cost one look-up and never a per-minute loop. Both look at the day before
// the local date of their start too, so a frame ending at 24:00 or shifted by a DST change is
// never missed.

#include "domain/calendar.h"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/tztrans.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cassert>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace tawasul::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::int64_t kSecondsPerDay = 86400;

constexpr std::int32_t DayNumber(LocalDate d) {
  return static_cast<std::int32_t>(sys_days{d}.time_since_epoch().count());
}

LocalDate DateOfDayNumber(std::int32_t n) { return LocalDate{sys_days{days{n}}}; }

constexpr std::int64_t SecondsAt(int year) {
  return sys_days{std::chrono::year{year} / 1 / 1}.time_since_epoch().count() * kSecondsPerDay;
}

// The span of the lock-free offset table, and the span ICU is ever asked about.
constexpr std::int64_t kTableBegin = SecondsAt(1900);
constexpr std::int64_t kTableEnd = SecondsAt(2200);
constexpr std::int64_t kIcuMin = SecondsAt(1);
constexpr std::int64_t kIcuMax = SecondsAt(10000) - 1;

// Working-time walks never go past the last representable day.
constexpr std::int32_t kLastDayNumber = DayNumber(kNoWorkingDay);
// Instants are clamped to [kFirstInstant, kLastInstant] before any local-date arithmetic, so that
// kNeverDue (Instant::max) and other sentinels never reach ICU or overflow.
constexpr std::int64_t kFirstInstant = SecondsAt(1) + 2 * kSecondsPerDay;
constexpr std::int64_t kLastInstant = std::int64_t{kLastDayNumber} * kSecondsPerDay;

[[maybe_unused]] bool ValidFrame(const Frame& f) {  // asserts only (calendar_text.cpp checks)
  return f.open_minute >= 0 && f.open_minute < f.close_minute && f.close_minute <= kMinutesPerDay;
}

// ---- time zone -------------------------------------------------------------------------------

std::unique_ptr<icu::TimeZone> CreateZone(const std::string& id) {
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(icu::StringPiece(id))));
  if (!zone || *zone == icu::TimeZone::getUnknown()) {
    throw std::invalid_argument("unknown time zone '" + id + "'");
  }
  return zone;
}

}  // namespace

// UTC offsets of one zone: a table of (start instant, offset) over [1900, 2200) built once from
// ICU, read without locks; outside it, ICU is asked under a mutex.
class WorkingCalendar::ZoneOffsets {
 public:
  explicit ZoneOffsets(const std::string& id) : zone_(CreateZone(id)) {
    starts_.push_back(kTableBegin);
    offsets_.push_back(QueryIcu(kTableBegin));
    const auto* basic = dynamic_cast<const icu::BasicTimeZone*>(zone_.get());
    if (basic == nullptr) {  // not expected from createTimeZone; stay correct, just slower
      starts_.clear();
      offsets_.clear();
      return;
    }
    icu::TimeZoneTransition transition;
    UDate base = static_cast<UDate>(kTableBegin) * 1000.0;
    // Real zones have at most a few transitions per year; the cap only guards against a
    // misbehaving rule set.
    for (int guard = 0; guard < 100000 && basic->getNextTransition(base, false, transition);
         ++guard) {
      base = transition.getTime();
      const auto start = static_cast<std::int64_t>(base / 1000.0);
      if (start >= kTableEnd) break;
      const int offset = QueryIcu(start);
      if (offset == offsets_.back()) continue;  // only the split between raw and DST changed
      starts_.push_back(start);
      offsets_.push_back(offset);
    }
  }

  int OffsetAt(std::int64_t utc_seconds) const {
    if (!starts_.empty() && utc_seconds >= kTableBegin && utc_seconds < kTableEnd) {
      const auto it = std::upper_bound(starts_.begin(), starts_.end(), utc_seconds);
      return offsets_[static_cast<std::size_t>(it - starts_.begin()) - 1];
    }
    std::lock_guard<std::mutex> lock(mutex_);
    return QueryIcu(utc_seconds);
  }

 private:
  // Callers hold mutex_ or are still constructing.
  int QueryIcu(std::int64_t utc_seconds) const {
    const std::int64_t clamped = std::clamp(utc_seconds, kIcuMin, kIcuMax);
    UErrorCode status = U_ZERO_ERROR;
    std::int32_t raw = 0;
    std::int32_t dst = 0;
    zone_->getOffset(static_cast<UDate>(clamped) * 1000.0, false, raw, dst, status);
    if (U_FAILURE(status)) return offsets_.empty() ? 0 : offsets_.back();
    return (raw + dst) / 1000;
  }

  std::unique_ptr<icu::TimeZone> zone_;
  std::vector<std::int64_t> starts_;  // starts_[i]: first UTC second at which offsets_[i] holds
  std::vector<int> offsets_;
  mutable std::mutex mutex_;
};

// ---- WorkingCalendar -------------------------------------------------------------------------

WorkingCalendar::WorkingCalendar(CalendarSpec spec)
    : spec_(std::move(spec)), zone_(std::make_shared<const ZoneOffsets>(spec_.time_zone)) {
  for ([[maybe_unused]] const auto& frame : spec_.week) assert(!frame || ValidFrame(*frame));

  std::vector<DayRange> dated;
  for (const Holiday& h : spec_.holidays) {
    assert(h.start.ok() && h.end.ok() && h.start <= h.end);
    if (h.kind == HolidayKind::kFixed) {
      // A span of 366 days or more already covers every month/day.
      const std::int32_t last = std::min(DayNumber(h.end), DayNumber(h.start) + 365);
      for (std::int32_t day = DayNumber(h.start); day <= last; ++day) {
        const LocalDate d = DateOfDayNumber(day);
        fixed_holidays_[(static_cast<unsigned>(d.month()) - 1) * 31 +
                        (static_cast<unsigned>(d.day()) - 1)] = true;
      }
    } else {
      dated.push_back({DayNumber(h.start), DayNumber(h.end)});
    }
  }
  std::sort(dated.begin(), dated.end(),
            [](const DayRange& a, const DayRange& b) { return a.first < b.first; });
  for (const DayRange& range : dated) {
    if (!dated_holidays_.empty() && range.first <= dated_holidays_.back().last + 1) {
      dated_holidays_.back().last = std::max(dated_holidays_.back().last, range.last);
    } else {
      dated_holidays_.push_back(range);
    }
  }

  // Resolve overlapping special periods into disjoint ranges: cut at every boundary, and give
  // each piece the frame of the last period covering it.
  std::vector<std::int32_t> cuts;
  for (const SpecialPeriod& p : spec_.special_periods) {
    assert(p.start.ok() && p.end.ok() && p.start <= p.end && ValidFrame(p.frame));
    cuts.push_back(DayNumber(p.start));
    cuts.push_back(DayNumber(p.end) + 1);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const std::int32_t first = cuts[i];
    const std::int32_t last = cuts[i + 1] - 1;
    const SpecialPeriod* winner = nullptr;
    for (const SpecialPeriod& p : spec_.special_periods) {
      if (DayNumber(p.start) <= first && last <= DayNumber(p.end)) winner = &p;
    }
    if (winner == nullptr) continue;
    if (!special_periods_.empty() && special_periods_.back().last + 1 == first &&
        special_periods_.back().frame == winner->frame) {
      special_periods_.back().last = last;
    } else {
      special_periods_.push_back({first, last, winner->frame});
    }
  }
}

int WorkingCalendar::UtcOffsetSeconds(Instant t) const {
  return zone_->OffsetAt(t.time_since_epoch().count());
}

LocalDate WorkingCalendar::LocalDateOf(Instant t) const {
  const auto local = t + std::chrono::seconds{UtcOffsetSeconds(t)};
  return LocalDate{std::chrono::floor<days>(local)};
}

Instant WorkingCalendar::ToInstant(LocalDate d, int minute_of_day) const {
  assert(d.ok() && minute_of_day >= 0 && minute_of_day <= kMinutesPerDay);
  const std::int64_t local = std::int64_t{DayNumber(d)} * kSecondsPerDay + minute_of_day * 60;
  // The offsets a day before and after bracket any transition near this wall time (real zones
  // never have two transitions within two days).
  const int before = zone_->OffsetAt(local - kSecondsPerDay);
  const int after = zone_->OffsetAt(local + kSecondsPerDay);
  const std::int64_t with_before = local - before;
  const std::int64_t with_after = local - after;
  const bool before_fits = zone_->OffsetAt(with_before) == before;
  const bool after_fits = zone_->OffsetAt(with_after) == after;
  std::int64_t utc = with_before;  // in a gap, the pre-gap offset lands just past the gap
  if (before_fits && after_fits) {
    utc = std::min(with_before, with_after);  // repeated wall time: its first occurrence
  } else if (after_fits) {
    utc = with_after;
  }
  return Instant{std::chrono::seconds{utc}};
}

bool WorkingCalendar::IsHoliday(LocalDate d) const {
  assert(d.ok());
  if (fixed_holidays_[(static_cast<unsigned>(d.month()) - 1) * 31 +
                      (static_cast<unsigned>(d.day()) - 1)]) {
    return true;
  }
  const std::int32_t day = DayNumber(d);
  const auto it = std::upper_bound(
      dated_holidays_.begin(), dated_holidays_.end(), day,
      [](std::int32_t value, const DayRange& range) { return value < range.first; });
  return it != dated_holidays_.begin() && std::prev(it)->last >= day;
}

const WorkingCalendar::FrameRange* WorkingCalendar::SpecialPeriodOn(std::int32_t day) const {
  const auto it = std::upper_bound(
      special_periods_.begin(), special_periods_.end(), day,
      [](std::int32_t value, const FrameRange& range) { return value < range.first; });
  if (it == special_periods_.begin() || std::prev(it)->last < day) return nullptr;
  return &*std::prev(it);
}

std::optional<Frame> WorkingCalendar::FrameOn(LocalDate d) const {
  assert(d.ok());
  const sys_days day{d};
  const std::optional<Frame>& weekday_frame = spec_.week[std::chrono::weekday{day}.c_encoding()];
  if (!weekday_frame || IsHoliday(d)) return std::nullopt;
  if (const FrameRange* special = SpecialPeriodOn(DayNumber(d))) return special->frame;
  return weekday_frame;
}

LocalDate WorkingCalendar::NextWorkingDay(LocalDate d) const {
  if (d == kNoWorkingDay) return kNoWorkingDay;
  const sys_days start{d};
  for (int i = 1; i <= kMaxWorkingDaySearchDays; ++i) {
    const LocalDate candidate{start + days{i}};
    if (FrameOn(candidate)) return candidate;
  }
  return kNoWorkingDay;
}

LocalDate WorkingCalendar::ReceiptDay(Instant received) const {
  const LocalDate local = LocalDateOf(received);
  if (const auto frame = FrameOn(local);
      frame && received < ToInstant(local, frame->close_minute)) {
    return local;
  }
  return NextWorkingDay(local);
}

Instant WorkingCalendar::DueAfterWorkingDays(Instant received, int n) const {
  assert(n >= 0);
  LocalDate day = ReceiptDay(received);
  for (int i = 0; i < n && day != kNoWorkingDay; ++i) day = NextWorkingDay(day);
  if (day == kNoWorkingDay) return kNeverDue;
  return ToInstant(day, FrameOn(day)->close_minute);
}

int WorkingCalendar::WorkingDaysBetween(LocalDate from, LocalDate to) const {
  if (to < from) return 0;
  int count = 0;
  for (sys_days day{from}; day <= sys_days{to}; day += days{1}) {
    if (FrameOn(LocalDate{day})) ++count;
  }
  return count;
}

// ---- working time ------------------------------------------------------------------------------

namespace {

// One working day's frame as UTC seconds [open, close); nullopt on days off. A frame that DST
// squeezes to nothing (not possible with real zones and frames of a minute or more) is a day off.
struct Span {
  std::int64_t open;
  std::int64_t close;
};

std::optional<Span> WorkingSpanOn(const WorkingCalendar& calendar, std::int32_t day) {
  const LocalDate d = DateOfDayNumber(day);
  const auto frame = calendar.FrameOn(d);
  if (!frame) return std::nullopt;
  const Span span{calendar.ToInstant(d, frame->open_minute).time_since_epoch().count(),
                  calendar.ToInstant(d, frame->close_minute).time_since_epoch().count()};
  if (span.close <= span.open) return std::nullopt;
  return span;
}

std::int64_t ClampSeconds(Instant t) {
  return std::clamp(t.time_since_epoch().count(), kFirstInstant, kLastInstant);
}

Instant InstantOfSeconds(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

}  // namespace

std::int64_t WorkingCalendar::WorkingSecondsBetween(Instant a, Instant b) const {
  if (b <= a) return 0;
  const std::int64_t from = ClampSeconds(a);
  const std::int64_t to = ClampSeconds(b);
  if (to <= from) return 0;
  const std::int32_t first = DayNumber(LocalDateOf(InstantOfSeconds(from))) - 1;
  const std::int32_t last = std::min(DayNumber(LocalDateOf(InstantOfSeconds(to))), kLastDayNumber);
  std::int64_t total = 0;
  for (std::int32_t day = first; day <= last; ++day) {
    const auto span = WorkingSpanOn(*this, day);
    if (!span) continue;
    const std::int64_t lo = std::max(span->open, from);
    const std::int64_t hi = std::min(span->close, to);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

std::int64_t WorkingCalendar::WorkingMinutesBetween(Instant a, Instant b) const {
  return WorkingSecondsBetween(a, b) / 60;
}

Instant WorkingCalendar::DueAfterWorkingSeconds(Instant start, std::int64_t seconds) const {
  assert(seconds >= 0);
  if (seconds <= 0 || start == kNeverDue) return start;
  const std::int64_t from = start.time_since_epoch().count();
  if (from >= kLastInstant) return kNeverDue;
  std::int64_t remaining = seconds;
  int days_off_in_a_row = 0;
  const std::int32_t first =
      DayNumber(LocalDateOf(InstantOfSeconds(std::max(from, kFirstInstant)))) - 1;
  for (std::int32_t day = first; day <= kLastDayNumber; ++day) {
    const auto span = WorkingSpanOn(*this, day);
    if (!span) {
      if (++days_off_in_a_row > kMaxWorkingDaySearchDays) return kNeverDue;
      continue;
    }
    days_off_in_a_row = 0;
    const std::int64_t lo = std::max(span->open, from);
    if (lo >= span->close) continue;
    const std::int64_t available = span->close - lo;
    // "<=": the last working second ending exactly at the close makes the close the due time.
    if (remaining <= available) return InstantOfSeconds(lo + remaining);
    remaining -= available;
  }
  return kNeverDue;
}

Instant WorkingCalendar::DueAfterWorkingMinutes(Instant start, std::int64_t minutes) const {
  assert(minutes >= 0);
  if (minutes > INT64_MAX / 60) return kNeverDue;
  return DueAfterWorkingSeconds(start, std::max<std::int64_t>(minutes, 0) * 60);
}

}  // namespace tawasul::domain
