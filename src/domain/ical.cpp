// iCalendar (RFC 5545) export and import of holidays.
//
// Holidays are dates, not instants, so both directions speak all-day events and never convert
// time zones: export writes DTSTART;VALUE=DATE with an exclusive DTEND (the RFC rule that trips
// up every hand-written converter: a one-day holiday on 30 Mar ends 31 Mar), and import takes
// dates as written and turns the exclusive end back into Tawasul's inclusive `end`.
//
// Export is deterministic (no clock, no random UIDs): exporting the same table twice gives the
// same bytes, so feeds can be diffed and cached, and subscribers' calendars update events in
// place instead of duplicating them. Everything Tawasul needs that iCalendar has no property for
// (Arabic name, kind, exact status) travels in X- properties, which RFC 5545 requires other
// tools to preserve or ignore; standard STATUS and RRULE carry the same facts in a form other
// tools understand, and import falls back to them for files that did not come from Tawasul.
//
// Import is strict about structure (balanced BEGIN/END, dates, UTF-8) and lenient about content
// (unknown properties and components are skipped), because files come from many tools and a
// holiday silently lost or shifted would move due times.

#include "domain/ical.h"

#include <unicode/utf8.h>

#include "domain/language.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <utility>

namespace tawasul::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::size_t kFoldOctets = 75;
constexpr std::int64_t kSecondsPerDay = 86400;

std::int32_t DayNumber(LocalDate d) {
  return static_cast<std::int32_t>(sys_days{d}.time_since_epoch().count());
}

LocalDate DateOfDayNumber(std::int64_t n) {
  return LocalDate{sys_days{days{static_cast<std::int32_t>(n)}}};
}


std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// ---- export ------------------------------------------------------------------------------------

// TEXT value escaping (RFC 5545 3.3.11).
std::string EscapeText(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Appends one content line folded at 75 octets (continuations start with a space, which counts
// toward their 75), cutting only before a UTF-8 lead byte.
void AppendLine(std::string& out, std::string_view line) {
  std::size_t limit = kFoldOctets;
  while (line.size() > limit) {
    std::size_t cut = limit;
    // Back off over continuation bytes (10xxxxxx); at most 3 in valid UTF-8.
    for (int back = 0;
         back < 3 && cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80; ++back) {
      --cut;
    }
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kFoldOctets - 1;
  }
  out.append(line);
  out += "\r\n";
}

std::string CompactDate(LocalDate d) {
  std::string text = FormatDate(d);
  text.erase(std::remove(text.begin(), text.end(), '-'), text.end());
  return text;
}

// Lowercase ASCII letters and digits, other runs -> '-'; a name with none of them gets a
// hash instead, so every holiday has a UID.
std::string Slug(std::string_view name_en, std::string_view name_ar) {
  std::string slug;
  for (const char c : name_en) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      slug.push_back(static_cast<char>(std::tolower(u)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (!slug.empty()) return slug;
  std::uint32_t hash = 2166136261u;  // FNV-1a
  for (const char c : std::string(name_en) + "\x1f" + std::string(name_ar)) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  slug = "h";
  for (int shift = 28; shift >= 0; shift -= 4) slug.push_back(kHex[(hash >> shift) & 0xF]);
  return slug;
}

// ---- import ------------------------------------------------------------------------------------

struct ContentLine {
  int line = 0;                               // physical line where it starts
  std::string name;                           // uppercased
  std::map<std::string, std::string> params;  // names uppercased, quotes removed
  std::string value;
};

struct Failure {
  int line;
  std::string message;
};

// Splits into unfolded logical lines: a physical line starting with a space or tab continues
// the previous one (the CRLF and that one character are removed).
std::vector<std::pair<int, std::string>> Unfold(std::string_view text) {
  std::vector<std::pair<int, std::string>> lines;
  int number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view physical = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (!physical.empty() && physical.back() == '\r') physical.remove_suffix(1);
    if (!physical.empty() && (physical.front() == ' ' || physical.front() == '\t') &&
        !lines.empty()) {
      lines.back().second.append(physical.substr(1));
      continue;
    }
    if (physical.empty()) continue;
    lines.emplace_back(number, std::string(physical));
  }
  return lines;
}

// name *(";" param "=" value *("," value)) ":" value, with quoted parameter values.
std::optional<ContentLine> ParseContentLine(int number, std::string_view text) {
  ContentLine line;
  line.line = number;
  std::size_t i = 0;
  while (i < text.size() && text[i] != ';' && text[i] != ':') ++i;
  if (i == 0 || i == text.size()) return std::nullopt;
  line.name = Upper(text.substr(0, i));
  while (text[i] == ';') {
    ++i;
    const std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string name = Upper(text.substr(i, eq - i));
    i = eq + 1;
    std::string value;
    bool quoted = false;
    while (i < text.size()) {
      const char c = text[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ';' || c == ':')) {
        break;
      } else {
        value.push_back(c);
      }
      ++i;
    }
    if (quoted || i == text.size()) return std::nullopt;
    line.params[std::move(name)] = std::move(value);
  }
  line.value = std::string(text.substr(i + 1));
  return line;
}

std::string UnescapeText(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char next = text[++i];
      out.push_back(next == 'n' || next == 'N' ? '\n' : next);
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Wall times before 1970 are negative: dates need floor division.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && a < 0); }

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Digits(std::string_view s) {
  int n = 0;
  for (const char c : s) n = n * 10 + (c - '0');
  return n;
}

// DATE "YYYYMMDD" or DATE-TIME "YYYYMMDDTHHMMSS[Z]" -> wall-clock seconds since 1970 as written.
std::optional<std::int64_t> ParseWallTime(std::string_view value) {
  if (value.size() < 8 || !AllDigits(value.substr(0, 8))) return std::nullopt;
  const LocalDate date{std::chrono::year{Digits(value.substr(0, 4))},
                       std::chrono::month{static_cast<unsigned>(Digits(value.substr(4, 2)))},
                       std::chrono::day{static_cast<unsigned>(Digits(value.substr(6, 2)))}};
  if (!date.ok()) return std::nullopt;
  std::int64_t seconds = std::int64_t{DayNumber(date)} * kSecondsPerDay;
  if (value.size() == 8) return seconds;
  std::string_view time = value.substr(8);
  if (!time.empty() && (time.back() == 'Z' || time.back() == 'z')) time.remove_suffix(1);
  if (time.size() != 7 || (time[0] != 'T' && time[0] != 't') || !AllDigits(time.substr(1))) {
    return std::nullopt;
  }
  const int hour = Digits(time.substr(1, 2));
  const int minute = Digits(time.substr(3, 2));
  const int second = Digits(time.substr(5, 2));
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return seconds + hour * 3600 + minute * 60 + std::min(second, 59);
}

// [+]P[nW][nD][T[nH][nM][nS]] -> seconds; negative durations are refused.
std::optional<std::int64_t> ParseDuration(std::string_view value) {
  if (!value.empty() && value.front() == '+') value.remove_prefix(1);
  if (value.size() < 3 || (value[0] != 'P' && value[0] != 'p')) return std::nullopt;
  std::int64_t total = 0;
  bool in_time = false;
  bool any = false;
  std::int64_t number = -1;
  for (std::size_t i = 1; i < value.size(); ++i) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(value[i])));
    if (c >= '0' && c <= '9') {
      number = (number < 0 ? 0 : number) * 10 + (c - '0');
      if (number > 1000000) return std::nullopt;
      continue;
    }
    if (c == 'T' && !in_time && number < 0) {
      in_time = true;
      continue;
    }
    if (number < 0) return std::nullopt;
    std::int64_t unit = 0;
    if (!in_time && c == 'W') unit = 7 * kSecondsPerDay;
    if (!in_time && c == 'D') unit = kSecondsPerDay;
    if (in_time && c == 'H') unit = 3600;
    if (in_time && c == 'M') unit = 60;
    if (in_time && c == 'S') unit = 1;
    if (unit == 0) return std::nullopt;
    total += number * unit;
    number = -1;
    any = true;
  }
  if (!any || number >= 0) return std::nullopt;
  return total;
}

// The properties of one VEVENT that matter; the first occurrence of each wins.
struct EventLines {
  int line = 0;  // BEGIN:VEVENT
  std::optional<ContentLine> dtstart, dtend, duration, summary, summary_ar, name_ar,
      description, kind, x_status, status, rrule;
};

std::optional<Holiday> ReadEvent(const EventLines& e, Failure& failure, bool& skip) {
  const auto fail = [&](int line, std::string message) {
    failure = {line, std::move(message)};
    return std::nullopt;
  };
  if (!e.dtstart) return fail(e.line, "VEVENT without DTSTART");
  const auto start = ParseWallTime(e.dtstart->value);
  if (!start) return fail(e.dtstart->line, "invalid DTSTART '" + e.dtstart->value + "'");
  std::optional<std::int64_t> end;  // exclusive wall time
  if (e.dtend) {
    end = ParseWallTime(e.dtend->value);
    if (!end) return fail(e.dtend->line, "invalid DTEND '" + e.dtend->value + "'");
  } else if (e.duration) {
    const auto length = ParseDuration(e.duration->value);
    if (!length) return fail(e.duration->line, "invalid DURATION '" + e.duration->value + "'");
    end = *start + *length;
  }
  const std::int64_t start_day = FloorDiv(*start, kSecondsPerDay);
  std::int64_t end_day = start_day;
  if (end && *end > *start) end_day = FloorDiv(*end - 1, kSecondsPerDay);  // its last second

  Holiday h;
  h.start = DateOfDayNumber(start_day);
  h.end = DateOfDayNumber(end_day);
  if (e.x_status) {
    const auto status = ParseHolidayStatus(e.x_status->value);
    if (!status) {
      return fail(e.x_status->line, "unknown X-TAWASUL-STATUS '" + e.x_status->value + "'");
    }
    h.status = *status;
  } else if (e.status) {
    const std::string status = Upper(e.status->value);
    if (status == "CANCELLED") {
      skip = true;
      return std::nullopt;
    }
    h.status = status == "TENTATIVE" ? HolidayStatus::kTentative : HolidayStatus::kConfirmed;
  }
  if (e.kind) {
    const auto kind = ParseHolidayKind(e.kind->value);
    if (!kind) return fail(e.kind->line, "unknown X-TAWASUL-KIND '" + e.kind->value + "'");
    h.kind = *kind;
  } else if (e.rrule && Upper(e.rrule->value).find("FREQ=YEARLY") != std::string::npos) {
    h.kind = HolidayKind::kFixed;
  }
  if (e.summary) h.name_en = UnescapeText(e.summary->value);
  if (e.name_ar) {
    h.name_ar = UnescapeText(e.name_ar->value);
  } else if (e.summary_ar) {
    h.name_ar = UnescapeText(e.summary_ar->value);
  }
  if (h.name_en.empty()) h.name_en = h.name_ar;
  if (h.name_ar.empty()) h.name_ar = h.name_en;
  if (h.name_en.empty()) return fail(e.line, "VEVENT without SUMMARY");
  if (e.description) h.note = UnescapeText(e.description->value);
  return h;
}

}  // namespace

std::string ExportIcs(const std::vector<Holiday>& holidays, std::string_view calendar_name) {
  std::string out;
  AppendLine(out, "BEGIN:VCALENDAR");
  AppendLine(out, "VERSION:2.0");
  AppendLine(out, "PRODID:-//Tawasul//Holidays//EN");
  AppendLine(out, "CALSCALE:GREGORIAN");
  AppendLine(out, "METHOD:PUBLISH");
  AppendLine(out, "X-WR-CALNAME:" + EscapeText(calendar_name));
  std::map<std::string, int> uid_uses;
  for (const Holiday& h : holidays) {
    std::string uid = std::to_string(static_cast<int>(h.start.year())) + "-" +
                      std::string(HolidayKindName(h.kind)) + "-" + Slug(h.name_en, h.name_ar);
    if (const int uses = ++uid_uses[uid]; uses > 1) uid += "-" + std::to_string(uses);
    const std::string status(HolidayStatusName(h.status));
    AppendLine(out, "BEGIN:VEVENT");
    AppendLine(out, "UID:" + uid + "@tawasul");
    AppendLine(out, "DTSTAMP:" + CompactDate(h.start) + "T000000Z");
    AppendLine(out, "DTSTART;VALUE=DATE:" + CompactDate(h.start));
    AppendLine(out, "DTEND;VALUE=DATE:" + CompactDate(LocalDate{sys_days{h.end} + days{1}}));
    if (h.kind == HolidayKind::kFixed) AppendLine(out, "RRULE:FREQ=YEARLY");
    AppendLine(out, "SUMMARY:" + EscapeText(h.name_en));
    AppendLine(out, "X-TAWASUL-NAME-AR:" + EscapeText(h.name_ar));
    if (!h.note.empty()) AppendLine(out, "DESCRIPTION:" + EscapeText(h.note));
    AppendLine(out, "STATUS:" + Upper(status));
    AppendLine(out, "TRANSP:TRANSPARENT");
    AppendLine(out, "X-TAWASUL-KIND:" + std::string(HolidayKindName(h.kind)));
    AppendLine(out, "X-TAWASUL-STATUS:" + status);
    AppendLine(out, "END:VEVENT");
  }
  AppendLine(out, "END:VCALENDAR");
  return out;
}

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
  if (!IsValidUtf8(ics)) return set_error(0, "invalid UTF-8");

  std::vector<Holiday> holidays;
  std::vector<std::string> open;  // component stack
  std::optional<EventLines> event;
  bool saw_calendar = false;
  int last_line = 0;
  for (const auto& [number, text] : Unfold(ics)) {
    last_line = number;
    auto line = ParseContentLine(number, text);
    if (!line) return set_error(number, "malformed content line");
    if (line->name == "BEGIN") {
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
    if (line->name == "END") {
      const std::string component = Upper(line->value);
      if (open.empty() || open.back() != component) {
        return set_error(number, "END:" + line->value + " does not close " +
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
    // Only the VEVENT's own properties: not those of a VALARM inside it.
    if (!event || open.size() != 2 || open.back() != "VEVENT") continue;
    const auto keep = [&](std::optional<ContentLine>& slot) {
      if (!slot) slot = *line;
    };
    const std::string& name = line->name;
    if (name == "DTSTART") keep(event->dtstart);
    if (name == "DTEND") keep(event->dtend);
    if (name == "DURATION") keep(event->duration);
    if (name == "SUMMARY") {
      const auto language = line->params.find("LANGUAGE");
      const bool arabic = language != line->params.end() &&
                          Upper(language->second).substr(0, 2) == "AR";
      keep(arabic ? event->summary_ar : event->summary);
    }
    if (name == "X-TAWASUL-NAME-AR") keep(event->name_ar);
    if (name == "DESCRIPTION") keep(event->description);
    if (name == "X-TAWASUL-KIND") keep(event->kind);
    if (name == "X-TAWASUL-STATUS") keep(event->x_status);
    if (name == "STATUS") keep(event->status);
    if (name == "RRULE") keep(event->rrule);
  }
  if (!saw_calendar) return set_error(last_line, "no VCALENDAR");
  if (!open.empty()) return set_error(last_line, "missing END:" + open.back());
  return holidays;
}

}  // namespace tawasul::domain
