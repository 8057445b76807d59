// Time values at the edges of the domain.
//
// Inside the domain every moment is an Instant (UTC, whole seconds) and every calendar day a
// LocalDate; time zones appear only where a calendar turns one into the other. Text forms are
// RFC 3339 for instants and ISO 8601 "YYYY-MM-DD" for dates, because both sort as text, are
// what JSON APIs and CSV files expect, and carry no locale.
//
// The parser is strict about shape (fixed-width fields, a numeric offset or Z) but lenient in the
// ways RFC 3339 itself allows (t/z in lowercase, a space for T, any number of fractional digits).
// Leap seconds (second 60) are rejected: std::chrono's system clock cannot represent them, and
// no citizen or agent ever submits one. Fractions are dropped because every SLA figure is kept
// at second precision; dropping them is a floor, so an instant never moves into the future.
//
// Offsets are formatted to whole minutes: RFC 3339 has no seconds field for them. Only
// historical local mean times (e.g. Bahrain before 1920) have second offsets, and truncation
// keeps the formatted text an exact image of the same instant.

#include "domain/time.h"

#include <cstdio>
#include <cstdlib>

namespace tawasul::domain {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads `count` ASCII digits at `pos`; false if any is not a digit or the text is too short.
bool ReadDigits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!IsDigit(s[i])) return false;
    value = value * 10 + (s[i] - '0');
  }
  out = value;
  return true;
}

std::optional<LocalDate> ReadDate(std::string_view s) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (s.size() < 10 || !ReadDigits(s, 0, 4, year) || s[4] != '-' || !ReadDigits(s, 5, 2, month) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, day)) {
    return std::nullopt;
  }
  const LocalDate date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                       std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace

std::string FormatRfc3339(Instant t, int utc_offset_seconds) {
  const int offset_minutes = utc_offset_seconds / 60;  // truncates toward zero
  const auto local = t + std::chrono::minutes{offset_minutes};
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const LocalDate date{day};
  const std::chrono::hh_mm_ss<std::chrono::seconds> clock{local - day};
  const int abs_offset = std::abs(offset_minutes);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()), offset_minutes < 0 ? '-' : '+',
                abs_offset / 60, abs_offset % 60);
  return buffer;
}

std::optional<Instant> ParseRfc3339(std::string_view s) {
  const auto date = ReadDate(s);
  if (!date) return std::nullopt;
  if (s.size() < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!ReadDigits(s, 11, 2, hour) || s[13] != ':' || !ReadDigits(s, 14, 2, minute) ||
      s[16] != ':' || !ReadDigits(s, 17, 2, second)) {
    return std::nullopt;
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    const std::size_t first = ++pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    if (pos == first) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  int offset_seconds = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    int offset_hours = 0;
    int offset_minutes = 0;
    if (!ReadDigits(s, pos + 1, 2, offset_hours) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ReadDigits(s, pos + 4, 2, offset_minutes)) {
      return std::nullopt;
    }
    if (offset_hours > 23 || offset_minutes > 59) return std::nullopt;
    offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return Instant{std::chrono::sys_days{*date}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second} -
         std::chrono::seconds{offset_seconds};
}

Instant Now() {
  // A floor (time_point_cast truncates towards zero, and now is after the epoch), so a stored
  // time is never later than the moment it records.
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::optional<LocalDate> ParseDate(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  return ReadDate(s);
}

std::string FormatDate(LocalDate d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buffer;
}

}  // namespace tawasul::domain
