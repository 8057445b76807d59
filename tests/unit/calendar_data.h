#pragma once
// The reference calendar data of data/calendars (Bahrain 2025), shared by the calendar, SLA,
// hijri and iCalendar tests.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/calendar.h"
#include "domain/time.h"

#ifndef TAWASUL_SOURCE_DIR
#define TAWASUL_SOURCE_DIR "/work/main"
#endif

namespace tawasul::domain::testdata {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::vector<Holiday> Holidays2025() {
  std::string error;
  auto holidays = ParseHolidaysCsv(
      ReadFile(TAWASUL_SOURCE_DIR "/data/calendars/bahrain-holidays-2025.csv"), &error);
  if (!holidays) throw std::runtime_error(error);
  return *holidays;
}

inline std::vector<SpecialPeriod> SpecialPeriods2025() {
  std::string error;
  auto periods = ParseSpecialPeriodsCsv(
      ReadFile(TAWASUL_SOURCE_DIR "/data/calendars/bahrain-special-periods-2025.csv"), &error);
  if (!periods) throw std::runtime_error(error);
  return *periods;
}

// The default week with the 2025 holidays and Ramadan hours.
inline CalendarSpec Bahrain2025Spec() {
  CalendarSpec spec = BahrainDefaultWeek();
  spec.holidays = Holidays2025();
  spec.special_periods = SpecialPeriods2025();
  return spec;
}

inline const WorkingCalendar& Bahrain() {
  static const WorkingCalendar calendar(Bahrain2025Spec());
  return calendar;
}

// An instant from RFC 3339 text (a test failure when it does not parse).
inline Instant At(std::string_view rfc3339) {
  const auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Instant{});
}

inline LocalDate Date(std::string_view text) {
  const auto d = ParseDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(LocalDate{});
}

}  // namespace tawasul::domain::testdata
