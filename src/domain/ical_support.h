#pragma once
// What the iCalendar import (ical.cpp) and export (ical_export.cpp) share: date arithmetic,
// ASCII helpers, and ownership of libical objects. Internal to those two files.

#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "domain/time.h"

namespace tawasul::domain::ical_detail {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::size_t kFoldOctets = 75;
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kMaxDurationDays = 1000000;

inline std::int32_t DayNumber(LocalDate d) {
  return static_cast<std::int32_t>(sys_days{d}.time_since_epoch().count());
}

inline LocalDate DateOfDayNumber(std::int64_t n) {
  return LocalDate{sys_days{days{static_cast<std::int32_t>(n)}}};
}

inline std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ---- libical ----------------------------------------------------------------------------------

struct IcalFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
  void operator()(icalproperty* p) const { icalproperty_free(p); }
  void operator()(icalvalue* v) const { icalvalue_free(v); }
  void operator()(icalparser* p) const { icalparser_free(p); }
  void operator()(char* s) const { icalmemory_free_buffer(s); }
};
template <typename T>
using IcalPtr = std::unique_ptr<T, IcalFree>;

// A libical built with ICAL_ERRORS_ARE_FATAL aborts on malformed data (Debian's is not built so);
// this makes sure of it whatever the build.
inline void InitLibical() {
  static std::once_flag once;
  std::call_once(once, [] { icalerror_set_errors_are_fatal(0); });
}

}  // namespace tawasul::domain::ical_detail
