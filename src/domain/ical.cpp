// iCalendar (RFC 5545) import of holidays, through libical (export: ical_export.cpp; what both
// share: ical_support.h). The invariants below hold for both directions.
//
// Invariants:
//  * Holidays are dates, not instants, so both directions speak all-day events and never convert
//    time zones: export writes DTSTART;VALUE=DATE with an exclusive DTEND (a one-day holiday on
//    30 Mar ends 31 Mar), and import takes dates as written (a TZID or a Z is kept, never applied)
//    and turns the exclusive end back into Tawasul's inclusive `end`.
//  * Export is deterministic (no clock, no random UIDs): the same table gives the same bytes, so
//    feeds can be diffed and cached and subscribers' calendars update events in place. What
//    iCalendar has no property for (Arabic name, kind, exact status) travels in X- properties,
//    which other tools must preserve or ignore; STATUS and RRULE carry the same facts in a form
//    other tools understand, and import falls back to them for files that did not come from us.
//  * Import is strict about structure (balanced BEGIN/END), dates, durations, RRULE and UTF-8, and
//    lenient about content (unknown properties and components are skipped): files come from many
//    tools, and a holiday silently lost or shifted would move due times. Every refusal names its
//    physical line.
//  * libical does the iCalendar work: unfolding, the content-line syntax (parameters, quoting),
//    TEXT escaping both ways, DATE, DATE-TIME, DURATION and RECUR values, writing the calendar.
//    What stays here is what libical 3.0 does not do, or does differently:
//      - Line numbers and nesting. libical knows neither (any END closes whatever is open), so
//        import walks libical's unfolded lines itself (`LineSource` counts physical lines), checks
//        BEGIN/END, and hands each property it reads to libical alone (`ParseProperty`), which
//        ties each libical error to its line.
//      - Validation. libical reads digits with sscanf and keeps "20250230", "T250000",
//        "2025 3 1" and negative durations: the values read are checked again (`WallTime`,
//        `DurationSeconds`). It also trims white space around values, which is kept (`kEndMark`).
//      - Output. libical 3.0.16 folds a line whose last piece is 73 or 74 octets without a space,
//        ';' or ':' into CR CR LF SP LF (fixed upstream in 4.0.3), and does not escape ',' and ';'
//        in X- properties. `Refold` removes libical's folds, escapes X- values as TEXT, and folds
//        again at 75 octets, before a UTF-8 lead byte only.
//  * Bad input gives an error, never an abort: libical's errors are made non-fatal once per
//    process, every libical object is owned by a unique_ptr, text with a NUL (libical works on C
//    strings) never reaches libical, and a line reaches its parser only once it is valid UTF-8.

#include "domain/ical.h"
#include "domain/ical_support.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "domain/language.h"

namespace tawasul::domain {
namespace {

using namespace ical_detail;

// ---- import ------------------------------------------------------------------------------------

// libical trims the white space at the end of each logical line and around each value, but it is
// part of the text ("Eid " imported back must still be "Eid ", or it would not match itself). So
// the text handed to libical carries kEndMark before the break of every logical line (an LF not
// followed by a space or a tab, and the end), which stops the trimming and is taken off again.
// 0xFF is never part of UTF-8, even of a sequence cut in two by a fold; input holding it is
// refused first.
constexpr char kEndMark = '\xFF';

// Gives the text to libical's line reader (icalparser_get_line) as fgets would, counting physical
// lines. libical reads one chunk ahead to see whether the next line continues the current one,
// so when it returns a logical line, the last chunk handed out starts the next logical line.
class LineSource {
 public:
  explicit LineSource(std::string_view text) {
    marked_.reserve(text.size() + text.size() / 8 + 1);
    for (std::size_t i = 0; i < text.size(); ++i) {
      const bool folds = i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t');
      if (text[i] == '\n' && !folds) {
        if (!marked_.empty() && marked_.back() == '\r') {
          marked_.back() = kEndMark;
          marked_.push_back('\r');
        } else {
          marked_.push_back(kEndMark);
        }
      }
      marked_.push_back(text[i]);
    }
    if (!text.empty() && text.back() != '\n') marked_.push_back(kEndMark);
    rest_ = marked_;
  }
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;

  static char* Read(char* out, std::size_t size, void* self) {
    auto& source = *static_cast<LineSource*>(self);
    out[0] = '\0';
    if (source.rest_.empty() || size < 2) return nullptr;
    const std::size_t newline = source.rest_.find('\n');
    std::size_t n = newline == std::string_view::npos ? source.rest_.size() : newline + 1;
    n = std::min(n, size - 1);
    std::memcpy(out, source.rest_.data(), n);
    out[n] = '\0';
    source.chunk_line_ = source.line_;
    if (out[n - 1] == '\n') ++source.line_;
    source.rest_.remove_prefix(n);
    return out;
  }

  // The physical line on which the last chunk handed out starts.
  int chunk_line() const { return chunk_line_; }

 private:
  std::string marked_;
  std::string_view rest_;
  int line_ = 1;
  int chunk_line_ = 1;
};

// name *(";" param) ":" value (RFC 5545 3.1): the name and the value, which starts after the
// first ':' outside a quoted parameter value. Only the shape is checked here; libical reads it.
struct ContentLine {
  std::string_view name;
  std::string_view value;
};

std::optional<ContentLine> SplitLine(std::string_view line) {
  const std::size_t name_end = line.find_first_of(";:");
  if (name_end == 0 || name_end == std::string_view::npos) return std::nullopt;
  bool quoted = false;
  for (std::size_t i = name_end; i < line.size(); ++i) {
    if (line[i] == '"') {
      quoted = !quoted;
    } else if (line[i] == ':' && !quoted) {
      return ContentLine{line.substr(0, name_end), line.substr(i + 1)};
    }
  }
  return std::nullopt;
}

// One property of a VEVENT as libical reads its line, parsed on its own so that what libical
// says about it belongs to that line. `property` is null when libical dropped it (a value it
// cannot read, or an empty one); `clean` is false when libical reported anything about the line.
struct Slot {
  int line = 0;
  std::string value;  // as written, white space included
  IcalPtr<icalproperty> property;
  bool clean = false;
};

Slot ParseProperty(int line, std::string_view text, std::string_view value) {
  Slot slot{line, std::string(value), nullptr, false};
  IcalPtr<icalparser> parser(icalparser_new());
  if (!parser) return slot;
  std::string begin = "BEGIN:VCALENDAR";
  std::string content(text);
  std::string end = "END:VCALENDAR";
  icalparser_add_line(parser.get(), begin.data());
  icalparser_add_line(parser.get(), content.data());
  const IcalPtr<icalcomponent> calendar(icalparser_add_line(parser.get(), end.data()));
  if (!calendar) return slot;
  icalproperty* found = nullptr;
  bool errors = false;
  for (icalproperty* p = icalcomponent_get_first_property(calendar.get(), ICAL_ANY_PROPERTY);
       p != nullptr; p = icalcomponent_get_next_property(calendar.get(), ICAL_ANY_PROPERTY)) {
    if (icalproperty_isa(p) == ICAL_XLICERROR_PROPERTY) {
      errors = true;
    } else if (found == nullptr) {
      found = p;
    }
  }
  if (found != nullptr) {
    icalcomponent_remove_property(calendar.get(), found);
    slot.property.reset(found);
  }
  slot.clean = found != nullptr && !errors;
  return slot;
}

// A TEXT or X- value, unescaped by libical from the value as written: that keeps the white space
// libical's parser trims, and X- names in lowercase, which libical does not take for properties.
std::string TextOf(const Slot* slot) {
  if (slot == nullptr) return {};
  const IcalPtr<icalvalue> value(icalvalue_new_from_string(ICAL_TEXT_VALUE, slot->value.c_str()));
  const char* text = value ? icalvalue_get_text(value.get()) : nullptr;
  return text != nullptr ? text : "";
}

// DTSTART, DTEND as written -> wall-clock seconds since 1970, no zone applied. libical reads
// the digits with sscanf, so the value must also be a real date and time and print back as the
// text it came from ("2025 3 1" would read as 1 March). That text follows the last ':', as
// libical reads Google's unquoted TZID=GMT+05:30.
std::optional<std::int64_t> WallTime(const Slot& slot) {
  if (!slot.clean) return std::nullopt;
  const icalvalue* value = icalproperty_get_value(slot.property.get());
  icaltimetype t;
  if (icalvalue_isa(value) == ICAL_DATE_VALUE) {
    t = icalvalue_get_date(value);
  } else if (icalvalue_isa(value) == ICAL_DATETIME_VALUE) {
    t = icalvalue_get_datetime(value);
  } else {
    return std::nullopt;
  }
  const IcalPtr<char> printed(icalvalue_as_ical_string_r(value));
  std::string_view written = slot.value;
  written.remove_prefix(written.rfind(':') + 1);  // npos + 1 == 0
  if (!printed || Trim(written) != printed.get()) return std::nullopt;
  if (t.year < 0 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 || t.hour < 0 ||
      t.hour > 23 || t.minute < 0 || t.minute > 59 || t.second < 0 || t.second > 60) {
    return std::nullopt;
  }
  const LocalDate date{std::chrono::year{t.year},
                       std::chrono::month{static_cast<unsigned>(t.month)},
                       std::chrono::day{static_cast<unsigned>(t.day)}};
  if (!date.ok()) return std::nullopt;
  return std::int64_t{DayNumber(date)} * kSecondsPerDay + t.hour * 3600 + t.minute * 60 +
         std::min(t.second, 59);
}

// DURATION -> seconds; negative or absurdly long durations are refused.
std::optional<std::int64_t> DurationSeconds(const Slot& slot) {
  if (!slot.clean) return std::nullopt;
  const icaldurationtype d = icalproperty_get_duration(slot.property.get());
  if (d.is_neg != 0) return std::nullopt;
  const std::int64_t total = ((std::int64_t{d.weeks} * 7 + d.days) * 24 + d.hours) * 3600 +
                             std::int64_t{d.minutes} * 60 + d.seconds;
  if (total > kMaxDurationDays * kSecondsPerDay) return std::nullopt;
  return total;
}

struct Failure {
  int line;
  std::string message;
};

constexpr std::array<std::string_view, 9> kReadProperties = {
    "DTSTART",           "DTEND",          "DURATION",         "RRULE", "DESCRIPTION",
    "X-TAWASUL-NAME-AR", "X-TAWASUL-KIND", "X-TAWASUL-STATUS", "STATUS"};
constexpr std::string_view kSummaryAr = "SUMMARY;LANGUAGE=AR";

// The properties of one VEVENT that matter, its own only (not a VALARM's inside it); the first
// occurrence of each wins. SUMMARY is kept once per language: LANGUAGE=ar* and the others.
struct EventLines {
  int line = 0;  // BEGIN:VEVENT
  std::map<std::string, Slot, std::less<>> slots;

  void Take(const std::string& name, int number, std::string_view text, std::string_view value) {
    if (name == "SUMMARY") {
      if (slots.contains(name) && slots.contains(kSummaryAr)) return;
      Slot slot = ParseProperty(number, text, value);
      if (!slot.property) return;  // empty: as if absent
      const icalparameter* language =
          icalproperty_get_first_parameter(slot.property.get(), ICAL_LANGUAGE_PARAMETER);
      const char* tag = language != nullptr ? icalparameter_get_language(language) : nullptr;
      const bool arabic = tag != nullptr && Upper(tag).rfind("AR", 0) == 0;
      slots.try_emplace(arabic ? std::string(kSummaryAr) : name, std::move(slot));
      return;
    }
    if (std::find(kReadProperties.begin(), kReadProperties.end(), name) == kReadProperties.end() ||
        slots.contains(name)) {
      return;
    }
    slots.emplace(name, ParseProperty(number, text, value));
  }

  const Slot* Find(std::string_view name) const {
    const auto it = slots.find(name);
    return it == slots.end() ? nullptr : &it->second;
  }
};

std::optional<Holiday> ReadEvent(const EventLines& e, Failure& failure, bool& skip) {
  const auto fail = [&](int line, std::string message) {
    failure = {line, std::move(message)};
    return std::nullopt;
  };
  const auto invalid = [&](const Slot& slot, std::string_view name) {
    return fail(slot.line, "invalid " + std::string(name) + " '" + slot.value + "'");
  };
  const Slot* dtstart = e.Find("DTSTART");
  if (dtstart == nullptr) return fail(e.line, "VEVENT without DTSTART");
  const auto start = WallTime(*dtstart);
  if (!start) return invalid(*dtstart, "DTSTART");
  std::optional<std::int64_t> end;  // exclusive wall time
  if (const Slot* dtend = e.Find("DTEND")) {
    end = WallTime(*dtend);
    if (!end) return invalid(*dtend, "DTEND");
  } else if (const Slot* duration = e.Find("DURATION")) {
    const auto length = DurationSeconds(*duration);
    if (!length) return invalid(*duration, "DURATION");
    end = *start + *length;
  }
  const Slot* rrule = e.Find("RRULE");
  if (rrule != nullptr && !rrule->clean) return invalid(*rrule, "RRULE");
  const std::int64_t start_day = *start / kSecondsPerDay - (*start % kSecondsPerDay < 0);
  std::int64_t end_day = start_day;
  if (end && *end > *start) {  // the day of its last second
    end_day = (*end - 1) / kSecondsPerDay - ((*end - 1) % kSecondsPerDay < 0);
  }

  // libical writes no date after 3000-12-31 (it prints 00000000T000000), so a holiday's
  // exclusive DTEND must stay within 3000: later dates would not survive an export.
  constexpr LocalDate kLastDay{std::chrono::year{2999}, std::chrono::December,
                               std::chrono::day{31}};
  if (end_day > DayNumber(kLastDay)) return fail(dtstart->line, "a date after 2999");

  Holiday h;
  h.start = DateOfDayNumber(start_day);
  h.end = DateOfDayNumber(end_day);
  if (const Slot* x_status = e.Find("X-TAWASUL-STATUS")) {
    const std::string text = TextOf(x_status);
    const auto status = ParseHolidayStatus(text);
    if (!status) return fail(x_status->line, "unknown X-TAWASUL-STATUS '" + text + "'");
    h.status = *status;
  } else if (const Slot* status = e.Find("STATUS"); status != nullptr && status->property) {
    switch (icalproperty_get_status(status->property.get())) {
      case ICAL_STATUS_CANCELLED:
        skip = true;
        return std::nullopt;
      case ICAL_STATUS_TENTATIVE:
        h.status = HolidayStatus::kTentative;
        break;
      default:
        h.status = HolidayStatus::kConfirmed;
    }
  }
  if (const Slot* x_kind = e.Find("X-TAWASUL-KIND")) {
    const std::string text = TextOf(x_kind);
    const auto kind = ParseHolidayKind(text);
    if (!kind) return fail(x_kind->line, "unknown X-TAWASUL-KIND '" + text + "'");
    h.kind = *kind;
  } else if (rrule != nullptr &&
             icalproperty_get_rrule(rrule->property.get()).freq == ICAL_YEARLY_RECURRENCE) {
    h.kind = HolidayKind::kFixed;
  }
  h.name_en = TextOf(e.Find("SUMMARY"));
  h.name_ar = TextOf(e.Find("X-TAWASUL-NAME-AR"));
  if (h.name_ar.empty()) h.name_ar = TextOf(e.Find(kSummaryAr));
  if (h.name_en.empty()) h.name_en = h.name_ar;
  if (h.name_ar.empty()) h.name_ar = h.name_en;
  if (h.name_en.empty()) return fail(e.line, "VEVENT without SUMMARY");
  h.note = TextOf(e.Find("DESCRIPTION"));
  // Escapes such as "\\r" unescape to control characters; export cannot write them back (libical
  // drops a CR). LF ("\\n") and tab survive the round trip and stay allowed.
  const auto has_control = [](std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return (u < 0x20 || u == 0x7F) && c != '\n' && c != '\t';
    });
  };
  if (has_control(h.name_en) || has_control(h.name_ar) || has_control(h.note)) {
    return fail(e.line, "a control character other than LF and tab in a name or the description");
  }
  // libical unescapes "\" before a multi-byte character by taking one byte (fuzz_ical found
  // "\ل"), which leaves invalid UTF-8 in a valid file: refused, never stored.
  if (!IsValidUtf8(h.name_en) || !IsValidUtf8(h.name_ar) || !IsValidUtf8(h.note)) {
    return fail(e.line, "a name or the description is not valid UTF-8 after unescaping");
  }
  return h;
}

}  // namespace

std::optional<std::vector<Holiday>> ImportIcs(std::string_view ics, std::string* error) {
  const auto set_error = [&](int line, const std::string& message) {
    if (error != nullptr) *error = "line " + std::to_string(line) + ": " + message;
    return std::nullopt;
  };
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (ics.substr(0, kBom.size()) == kBom) ics.remove_prefix(kBom.size());
  if (ics.size() > static_cast<std::size_t>(INT32_MAX)) {
    return set_error(0, "iCalendar text too large");
  }
  // libical reads C strings, and kEndMark must be ours alone.
  if (const std::size_t bad = ics.find_first_of(std::string_view("\0\xFF", 2));
      bad != std::string_view::npos) {
    const auto line =
        1 + std::count(ics.begin(), ics.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    return set_error(static_cast<int>(line), ics[bad] == '\0' ? "NUL character" : "invalid UTF-8");
  }
  InitLibical();
  LineSource source(ics);
  const IcalPtr<icalparser> reader(icalparser_new());
  if (!reader) return set_error(0, "out of memory");
  icalparser_set_gen_data(reader.get(), &source);

  std::vector<Holiday> holidays;
  std::vector<std::string> open;  // component stack
  std::optional<EventLines> event;
  bool saw_calendar = false;
  int last_line = 0;
  int next_line = 1;  // where the logical line libical returns next starts
  while (const IcalPtr<char> unfolded{icalparser_get_line(reader.get(), &LineSource::Read)}) {
    const int number = next_line;
    next_line = source.chunk_line();
    std::string_view text(unfolded.get());
    if (!text.empty() && text.back() == kEndMark) text.remove_suffix(1);
    if (Trim(text).empty()) continue;
    last_line = number;
    // Per logical line: a fold may cut a UTF-8 sequence in two (RFC 5545 3.1).
    if (!IsValidUtf8(text)) return set_error(number, "invalid UTF-8");
    const auto line = SplitLine(text);
    if (!line) return set_error(number, "malformed content line");
    const std::string name = Upper(line->name);
    if (name == "BEGIN") {
      const std::string component = Upper(line->value);
      if (open.empty() && component != "VCALENDAR") {
        return set_error(number, "expected BEGIN:VCALENDAR");
      }
      if (component == "VCALENDAR") {
        if (!open.empty()) return set_error(number, "nested VCALENDAR");
        saw_calendar = true;
      }
      if (component == "VEVENT" && open.size() == 1) {
        event.emplace();
        event->line = number;
      }
      open.push_back(component);
      continue;
    }
    if (name == "END") {
      const std::string component = Upper(line->value);
      if (open.empty() || open.back() != component) {
        return set_error(number, "END:" + std::string(line->value) + " does not close " +
                                     (open.empty() ? std::string("anything") : open.back()));
      }
      open.pop_back();
      if (component == "VEVENT" && open.size() == 1 && event) {
        Failure failure{0, {}};
        bool skip = false;
        auto holiday = ReadEvent(*event, failure, skip);
        if (holiday) {
          holidays.push_back(std::move(*holiday));
        } else if (!skip) {
          return set_error(failure.line, failure.message);
        }
        event.reset();
      }
      continue;
    }
    if (open.empty()) return set_error(number, "expected BEGIN:VCALENDAR");
    if (event && open.size() == 2 && open.back() == "VEVENT") {
      event->Take(name, number, text, line->value);
    }
  }
  if (!saw_calendar) return set_error(last_line, "no VCALENDAR");
  if (!open.empty()) return set_error(last_line, "missing END:" + open.back());
  return holidays;
}

}  // namespace tawasul::domain
