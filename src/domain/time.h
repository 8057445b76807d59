#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tawasul::domain {

// A UTC instant at second precision; every stored and computed time is one of these.
using Instant = std::chrono::sys_seconds;
// A civil date with no time zone (a local calendar day).
using LocalDate = std::chrono::year_month_day;

// The current instant from the system clock, truncated to the second. The one clock every layer
// reads, so that a stored time, an SLA deadline and a rate-limit window agree on precision.
Instant Now();

// RFC 3339 with a numeric offset, e.g. "2026-11-30T09:15:02+03:00"; the offset is given in
// seconds east of UTC and truncated to whole minutes (0 gives "+00:00"). Years 0000..9999.
std::string FormatRfc3339(Instant t, int utc_offset_seconds);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)", lowercase t/z and a space for T.
// The fraction is dropped (floor). Invalid dates, hour 24+, second 60 -> nullopt.
std::optional<Instant> ParseRfc3339(std::string_view s);

// Exactly "YYYY-MM-DD" with a valid calendar date, else nullopt.
std::optional<LocalDate> ParseDate(std::string_view s);

// "YYYY-MM-DD"; precondition: d.ok() and year in 0..9999.
std::string FormatDate(LocalDate d);

}  // namespace tawasul::domain
