#pragma once
// The rules of one holiday row, the same wherever the row comes from: the JSON API
// (PUT /api/v1/admin/calendar/holidays), the /admin/calendar pages (add, confirm with corrected
// dates, iCalendar import, hijri proposals) and the CSV reference data (ParseHolidaysCsv). Before
// these rules each path had its own checks, so a row refused by one was accepted by another
// (the API took a holiday without an Arabic name, the page refused it; import checked only the
// length).
//
// A valid holiday: start_date and end_date are "YYYY-MM-DD" dates (an empty end is the start),
// the end not before the start, at most kMaxHolidayDays days long, both in years
// kFirstHolidayYear..kLastHolidayYear; kind fixed|hijri|compensation|one_off; status
// tentative|confirmed (empty: confirmed); an Arabic and an English name (DESIGN.md §3: every row
// has both; the Arabic one is the name of the official circular), each at most
// kMaxHolidayNameChars characters without control characters; a note of at most
// kMaxHolidayNoteChars characters (line breaks allowed). Names and note are trimmed of Unicode
// spaces (TrimText). Within one table, two rows with the same dates and kind are duplicates
// (the same day off entered twice; the pages also name a row by its dates and kind).

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/calendar.h"

namespace tawasul::domain {

inline constexpr int kMaxHolidayDays = 61;
inline constexpr int kFirstHolidayYear = 1900;
inline constexpr int kLastHolidayYear = 2200;
inline constexpr std::size_t kMaxHolidayNameChars = 200;
inline constexpr std::size_t kMaxHolidayNoteChars = 500;

// A holiday as typed (a JSON item, a form, a CSV row), before any parsing.
struct HolidayText {
  std::string start_date;
  std::string end_date;  // empty: the start date
  std::string kind;
  std::string status;  // empty: confirmed
  std::string name_ar, name_en, note;
};

// One problem with a holiday. `field` names the HolidayText member ("start_date", "end_date",
// "kind", "status", "name_ar", "name_en", "note"). `code` is one of: invalid_date, before_start,
// too_long (more than kMaxHolidayDays days), out_of_range (a year outside the bounds),
// invalid_value (kind, status), required (a name), too_long_text, invalid_text (control
// characters or invalid UTF-8), duplicate (on start_date). `message` is English, for developers
// and logs; pages translate the code.
struct HolidayError {
  std::string field;
  std::string code;
  std::string message;
  friend bool operator==(const HolidayError&, const HolidayError&) = default;
};

// Parses and checks `text`; every problem is reported, dates first, in HolidayText order.
std::variant<Holiday, std::vector<HolidayError>> ParseHoliday(const HolidayText& text);

// The rules for a holiday already in typed form (iCalendar import, proposals, a confirmed row
// with new dates): dates ordered, length, years, names and note as above. Names and note are
// checked as they are (trim them first, as ParseHoliday does).
std::vector<HolidayError> CheckHoliday(const Holiday& holiday);

// True when `a` and `b` are the same day off for the table: same start, end and kind.
bool SameHolidayDays(const Holiday& a, const Holiday& b);

// The position of the first row of `holidays` before `i` that `holidays[i]` duplicates, if any.
std::optional<std::size_t> EarlierDuplicate(const std::vector<Holiday>& holidays, std::size_t i);

// The error a duplicate row gets (on start_date).
HolidayError DuplicateHolidayError();

}  // namespace tawasul::domain
