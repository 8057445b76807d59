// The holiday rules; see holidays.h.

#include "domain/holidays.h"

#include <string_view>

#include "domain/intake.h"
#include "domain/language.h"

namespace tawasul::domain {

namespace {

// Code points of valid UTF-8 text (the unit of the length limits: an Arabic letter is one
// character, as in the form's maxlength, not two bytes).
std::size_t Characters(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

// C0 controls, DEL and C1 controls (U+0080..U+009F, two bytes C2 80..C2 9F in UTF-8); line
// breaks and tabs only where `allow_breaks`.
bool HasControl(std::string_view s, bool allow_breaks) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (allow_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f) return true;
  }
  return false;
}

void CheckText(const std::string& value, const char* field, bool required, std::size_t max_chars,
               bool allow_breaks, std::vector<HolidayError>& errors) {
  const std::string f = field;
  if (value.empty()) {
    if (required) errors.push_back({f, "required", f + " is required"});
    return;
  }
  if (!IsValidUtf8(value) || HasControl(value, allow_breaks)) {
    errors.push_back({f, "invalid_text", f + " has invalid UTF-8 or control characters"});
    return;
  }
  if (Characters(value) > max_chars)
    errors.push_back(
        {f, "too_long_text", f + " is longer than " + std::to_string(max_chars) + " characters"});
}

bool YearInRange(LocalDate d) {
  const int y = static_cast<int>(d.year());
  return y >= kFirstHolidayYear && y <= kLastHolidayYear;
}

// The date rules once both dates are known: order, length, years.
void CheckDates(LocalDate start, LocalDate end, std::vector<HolidayError>& errors) {
  const std::string years =
      std::to_string(kFirstHolidayYear) + ".." + std::to_string(kLastHolidayYear);
  if (!YearInRange(start))
    errors.push_back({"start_date", "out_of_range", "start_date must be in the years " + years});
  if (!YearInRange(end))
    errors.push_back({"end_date", "out_of_range", "end_date must be in the years " + years});
  const auto days = (std::chrono::sys_days(end) - std::chrono::sys_days(start)).count();
  if (days < 0) {
    errors.push_back({"end_date", "before_start", "end_date is before start_date"});
  } else if (days + 1 > kMaxHolidayDays) {
    errors.push_back({"end_date", "too_long",
                      "a holiday lasts at most " + std::to_string(kMaxHolidayDays) + " days"});
  }
}

void CheckNames(const Holiday& h, std::vector<HolidayError>& errors) {
  CheckText(h.name_ar, "name_ar", true, kMaxHolidayNameChars, false, errors);
  CheckText(h.name_en, "name_en", true, kMaxHolidayNameChars, false, errors);
  CheckText(h.note, "note", false, kMaxHolidayNoteChars, true, errors);
}

}  // namespace

std::variant<Holiday, std::vector<HolidayError>> ParseHoliday(const HolidayText& text) {
  std::vector<HolidayError> errors;
  const auto start = ParseDate(text.start_date);
  const auto end = ParseDate(text.end_date.empty() ? text.start_date : text.end_date);
  if (!start) errors.push_back({"start_date", "invalid_date", "start_date must be YYYY-MM-DD"});
  if (!end) errors.push_back({"end_date", "invalid_date", "end_date must be YYYY-MM-DD"});
  if (start && end) CheckDates(*start, *end, errors);
  const auto kind = ParseHolidayKind(text.kind);
  if (!kind)
    errors.push_back(
        {"kind", "invalid_value", "kind must be fixed, hijri, compensation or one_off"});
  const auto status = ParseHolidayStatus(text.status.empty() ? "confirmed" : text.status);
  if (!status)
    errors.push_back({"status", "invalid_value", "status must be tentative or confirmed"});
  Holiday h;
  h.name_ar = TrimText(text.name_ar);
  h.name_en = TrimText(text.name_en);
  h.note = TrimText(text.note);
  CheckNames(h, errors);
  if (!errors.empty()) return errors;
  h.start = *start;
  h.end = *end;
  h.kind = *kind;
  h.status = *status;
  return h;
}

std::vector<HolidayError> CheckHoliday(const Holiday& holiday) {
  std::vector<HolidayError> errors;
  if (!holiday.start.ok())
    errors.push_back({"start_date", "invalid_date", "start_date is not a calendar date"});
  if (!holiday.end.ok())
    errors.push_back({"end_date", "invalid_date", "end_date is not a calendar date"});
  if (holiday.start.ok() && holiday.end.ok()) CheckDates(holiday.start, holiday.end, errors);
  CheckNames(holiday, errors);
  return errors;
}

bool SameHolidayDays(const Holiday& a, const Holiday& b) {
  return a.start == b.start && a.end == b.end && a.kind == b.kind;
}

std::optional<std::size_t> EarlierDuplicate(const std::vector<Holiday>& holidays, std::size_t i) {
  if (i >= holidays.size()) return std::nullopt;
  for (std::size_t j = 0; j < i; ++j) {
    if (SameHolidayDays(holidays[j], holidays[i])) return j;
  }
  return std::nullopt;
}

HolidayError DuplicateHolidayError() {
  return {"start_date", "duplicate", "another holiday has the same dates and kind"};
}

}  // namespace tawasul::domain
