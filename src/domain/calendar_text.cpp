// The calendar's text forms: holiday kinds and statuses by name, minutes of the day ("08:00"),
// the holidays CSV of data/calendars (RFC 4180, checked row by row by domain/holidays.h), and
// the default week. The working calendar itself is in calendar.cpp.

#include "domain/calendar.h"

#include <cassert>
#include <utility>
#include <variant>

#include "domain/holidays.h"
#include "domain/language.h"

namespace tawasul::domain {
namespace {

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

}  // namespace

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

}  // namespace tawasul::domain
