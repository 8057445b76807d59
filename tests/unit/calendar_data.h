#pragma once
// The reference calendar data of data/calendars (Bahrain 2025), shared by the calendar, SLA,
// hijri and iCalendar tests.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/calendar.h"

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

}  // namespace tawasul::domain::testdata
