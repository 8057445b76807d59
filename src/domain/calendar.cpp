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

#include "domain/holidays.h"
#include "domain/language.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <variant>

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

bool ValidFrame(const Frame& f) {
  return f.open_minute >= 0 && f.open_minute < f.close_minute && f.close_minute <= kMinutesPerDay;
}

void SetError(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ---- CSV (RFC 4180) ----------------------------------------------------------------------------

struct CsvRecord {
  int line = 1;  // where the record starts, 1-based
  std::vector<std::string> fields;
};

// Splits CSV text into records. Accepts LF or CRLF, a UTF-8 BOM, quoted fields holding commas,
// doubled quotes and newlines; skips blank lines. Stray quotes are errors, not guesses.
std::optional<std::vector<CsvRecord>> SplitCsv(std::string_view csv, std::string* error) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (csv.substr(0, kBom.size()) == kBom) csv.remove_prefix(kBom.size());
  if (csv.size() > static_cast<std::size_t>(INT32_MAX)) {
    SetError(error, "CSV text too large");
    return std::nullopt;
  }
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  int line = 1;
  bool in_quotes = false;
  bool after_quote = false;  // just closed a quoted field: only ',' or end of line may follow
  int quote_line = 0;
  const auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    after_quote = false;
  };
  const auto end_record = [&] {
    end_field();
    if (!(record.fields.size() == 1 && record.fields[0].empty()))
      records.push_back(std::move(record));
    record = CsvRecord{};
  };
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      end_record();
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      ++line;
      record.line = line;
    } else if (c == '"') {
      if (!field.empty() || after_quote) {
        SetError(error, "line " + std::to_string(line) + ": unexpected '\"' inside a field");
        return std::nullopt;
      }
      in_quotes = true;
      quote_line = line;
    } else {
      if (after_quote) {
        SetError(error, "line " + std::to_string(line) + ": text after a closing quote");
        return std::nullopt;
      }
      field.push_back(c);
    }
  }
  if (in_quotes) {
    SetError(error, "line " + std::to_string(quote_line) + ": unterminated quoted field");
    return std::nullopt;
  }
  if (!record.fields.empty() || !field.empty() || after_quote) end_record();
  return records;
}

// Finds each wanted column in the header (any order; extra columns are ignored).
std::optional<std::vector<std::size_t>> MapColumns(const CsvRecord& header,
                                                   const std::vector<std::string_view>& wanted,
                                                   std::string* error) {
  std::vector<std::size_t> columns;
  for (const std::string_view name : wanted) {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      if (Trim(header.fields[i]) != name) continue;
      if (found) {
        SetError(error, "line 1: duplicate column '" + std::string(name) + "'");
        return std::nullopt;
      }
      found = i;
    }
    if (!found) {
      SetError(error, "line 1: missing column '" + std::string(name) + "'");
      return std::nullopt;
    }
    columns.push_back(*found);
  }
  return columns;
}

// Parses records into rows with a header; calls parse_row(record, columns) -> bool per row.
template <typename Row, typename ParseRow>
std::optional<std::vector<Row>> ParseTable(std::string_view csv, std::string* error,
                                           const std::vector<std::string_view>& wanted,
                                           ParseRow parse_row) {
  auto records = SplitCsv(csv, error);
  if (!records) return std::nullopt;
  if (records->empty()) {
    SetError(error, "line 1: missing header");
    return std::nullopt;
  }
  const auto columns = MapColumns(records->front(), wanted, error);
  if (!columns) return std::nullopt;
  const std::size_t width = records->front().fields.size();
  std::vector<Row> rows;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    const std::string where = "line " + std::to_string(record.line) + ": ";
    if (record.fields.size() != width) {
      SetError(error, where + "expected " + std::to_string(width) + " fields, found " +
                          std::to_string(record.fields.size()));
      return std::nullopt;
    }
    std::vector<std::string_view> values;
    for (const std::size_t c : *columns) values.push_back(Trim(record.fields[c]));
    Row row{};
    std::string message;
    if (!parse_row(values, row, message)) {
      SetError(error, where + message);
      return std::nullopt;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool ReadDateRange(std::string_view start_text, std::string_view end_text, LocalDate& start,
                   LocalDate& end, std::string& message) {
  const auto start_date = ParseDate(start_text);
  if (!start_date) {
    message = "start_date: invalid date '" + std::string(start_text) + "'";
    return false;
  }
  const auto end_date = ParseDate(end_text);
  if (!end_date) {
    message = "end_date: invalid date '" + std::string(end_text) + "'";
    return false;
  }
  if (*end_date < *start_date) {
    message = "end_date is before start_date";
    return false;
  }
  start = *start_date;
  end = *end_date;
  return true;
}

bool ReadNames(std::string_view name_en, std::string_view name_ar, std::string_view note,
               std::string& out_en, std::string& out_ar, std::string& out_note,
               std::string& message) {
  if (name_en.empty() || name_ar.empty()) {
    message = "name_en and name_ar are required";
    return false;
  }
  if (!IsValidUtf8(name_en) || !IsValidUtf8(name_ar) || !IsValidUtf8(note)) {
    message = "invalid UTF-8 in a name or note";
    return false;
  }
  out_en = name_en;
  out_ar = name_ar;
  out_note = note;
  return true;
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

// ---- names and parsing -----------------------------------------------------------------------

std::string_view HolidayKindName(HolidayKind kind) {
  switch (kind) {
    case HolidayKind::kFixed:
      return "fixed";
    case HolidayKind::kHijri:
      return "hijri";
    case HolidayKind::kCompensation:
      return "compensation";
    case HolidayKind::kOneOff:
      return "one_off";
  }
  return "one_off";
}

std::optional<HolidayKind> ParseHolidayKind(std::string_view name) {
  for (const auto kind : {HolidayKind::kFixed, HolidayKind::kHijri, HolidayKind::kCompensation,
                          HolidayKind::kOneOff}) {
    if (HolidayKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view HolidayStatusName(HolidayStatus status) {
  return status == HolidayStatus::kTentative ? "tentative" : "confirmed";
}

std::optional<HolidayStatus> ParseHolidayStatus(std::string_view name) {
  if (name == "tentative") return HolidayStatus::kTentative;
  if (name == "confirmed") return HolidayStatus::kConfirmed;
  return std::nullopt;
}

std::optional<int> ParseMinuteOfDay(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (const std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int hours = (s[0] - '0') * 10 + (s[1] - '0');
  const int minutes = (s[3] - '0') * 10 + (s[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
  return hours * 60 + minutes;
}

std::string FormatMinuteOfDay(int minute_of_day) {
  assert(minute_of_day >= 0 && minute_of_day <= kMinutesPerDay);
  const int hours = minute_of_day / 60;
  const int minutes = minute_of_day % 60;
  return {static_cast<char>('0' + hours / 10), static_cast<char>('0' + hours % 10), ':',
          static_cast<char>('0' + minutes / 10), static_cast<char>('0' + minutes % 10)};
}

std::optional<std::vector<Holiday>> ParseHolidaysCsv(std::string_view csv, std::string* error) {
  const std::vector<std::string_view> wanted = {"start_date", "end_date", "kind", "status",
                                                "name_en",    "name_ar",  "note"};
  // The rows read so far, for the duplicate rule (holidays.h: the same rules as the API and the
  // administration pages).
  std::vector<Holiday> seen;
  return ParseTable<Holiday>(
      csv, error, wanted,
      [&seen](const std::vector<std::string_view>& v, Holiday& h, std::string& message) {
        const HolidayText text{std::string(v[0]), std::string(v[1]), std::string(v[2]),
                               std::string(v[3]), std::string(v[5]), std::string(v[4]),
                               std::string(v[6])};
        auto parsed = ParseHoliday(text);
        if (const auto* errors = std::get_if<std::vector<HolidayError>>(&parsed)) {
          for (const auto& e : *errors) {
            if (!message.empty()) message += "; ";
            message += e.field + ": " + e.message;
            if (e.code == "invalid_date" || e.code == "invalid_value") {
              const std::string_view found = e.field == "start_date" ? v[0]
                                             : e.field == "end_date" ? v[1]
                                             : e.field == "kind"     ? v[2]
                                                                     : v[3];
              message += ", found '" + std::string(found) + "'";
            }
          }
          return false;
        }
        h = std::get<Holiday>(std::move(parsed));
        seen.push_back(h);
        if (EarlierDuplicate(seen, seen.size() - 1)) {
          message = "start_date: " + DuplicateHolidayError().message;
          return false;
        }
        return true;
      });
}

std::optional<std::vector<SpecialPeriod>> ParseSpecialPeriodsCsv(std::string_view csv,
                                                                 std::string* error) {
  const std::vector<std::string_view> wanted = {"start_date", "end_date", "open", "close",
                                                "name_en",    "name_ar",  "note"};
  return ParseTable<SpecialPeriod>(
      csv, error, wanted,
      [](const std::vector<std::string_view>& v, SpecialPeriod& p, std::string& message) {
        if (!ReadDateRange(v[0], v[1], p.start, p.end, message)) return false;
        const auto open = ParseMinuteOfDay(v[2]);
        const auto close = ParseMinuteOfDay(v[3]);
        if (!open || !close) {
          message = "open/close: expected HH:MM";
          return false;
        }
        p.frame = Frame{*open, *close};
        if (!ValidFrame(p.frame)) {
          message = "open must be before close";
          return false;
        }
        return ReadNames(v[4], v[5], v[6], p.name_en, p.name_ar, p.note, message);
      });
}

CalendarSpec BahrainDefaultWeek() {
  CalendarSpec spec;
  spec.time_zone = "Asia/Bahrain";
  constexpr Frame kSundayToWednesday{7 * 60, 14 * 60 + 15};
  constexpr Frame kThursday{7 * 60, 14 * 60};
  for (const unsigned weekday : {0u, 1u, 2u, 3u}) spec.week[weekday] = kSundayToWednesday;
  spec.week[4] = kThursday;
  return spec;
}

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
