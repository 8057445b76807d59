// libFuzzer harness for the calendar CSV files (domain::ParseHolidaysCsv and
// ParseSpecialPeriodsCsv, RFC 4180 with quoted fields): the reference data an administrator
// loads. The first input byte picks the parser.
// Invariants: no exception or abort; a refusal comes with a message; accepted rows have
// start <= end, valid UTF-8 text, and (special periods) opening hours within the day with the
// opening before the closing, so that WorkingCalendar (which asserts on malformed ranges)
// accepts them.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/language.h"

namespace {

using namespace tawasul::domain;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  try {
    const std::string_view csv(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string error;
    CalendarSpec spec = BahrainDefaultWeek();
    if (data[0] & 1) {
      auto periods = ParseSpecialPeriodsCsv(csv, &error);
      if (!periods) {
        Check(!error.empty(), "a refusal without a message");
        return 0;
      }
      for (const SpecialPeriod& p : *periods) {
        Check(p.start <= p.end, "start <= end");
        Check(p.frame.open_minute >= 0 && p.frame.open_minute < p.frame.close_minute &&
                  p.frame.close_minute <= 24 * 60,
              "opening hours within the day");
        Check(IsValidUtf8(p.name_en) && IsValidUtf8(p.name_ar) && IsValidUtf8(p.note), "UTF-8");
      }
      spec.special_periods = *periods;
    } else {
      auto holidays = ParseHolidaysCsv(csv, &error);
      if (!holidays) {
        Check(!error.empty(), "a refusal without a message");
        return 0;
      }
      for (const Holiday& h : *holidays) {
        Check(h.start <= h.end, "start <= end");
        Check(IsValidUtf8(h.name_en) && IsValidUtf8(h.name_ar) && IsValidUtf8(h.note), "UTF-8");
      }
      spec.holidays = *holidays;
    }
    const WorkingCalendar calendar(std::move(spec));
    (void)calendar;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception escaped: %s\n", e.what());
    std::abort();
  }
  return 0;
}
