// libFuzzer harness for the iCalendar import of holidays (domain::ImportIcs, through libical),
// which reads files from other tools and government feeds.
// Invariants: never an abort, a leak or an exception; a refusal comes with a message; an
// accepted file gives holidays with start <= end, at least one name in each language, valid UTF-8
// without NUL; exporting them (domain::ExportIcs) and importing that gives the same holidays, and
// exporting again gives the same bytes.

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
#include "domain/ical.h"
#include "domain/language.h"

namespace {

using namespace tawasul::domain;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

bool CleanText(const std::string& s) { return IsValidUtf8(s) && s.find('\0') == std::string::npos; }

bool Same(const Holiday& a, const Holiday& b) {
  return a.start == b.start && a.end == b.end && a.kind == b.kind && a.status == b.status &&
         a.name_en == b.name_en && a.name_ar == b.name_ar && a.note == b.note;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string error;
    const std::optional<std::vector<Holiday>> holidays = ImportIcs(input, &error);
    if (!holidays) {
      Check(!error.empty(), "a refusal without a message");
      Check(!ImportIcs(input, nullptr).has_value(), "refused without an error pointer too");
      return 0;
    }
    for (const Holiday& h : *holidays) {
      Check(h.start <= h.end, "start <= end");
      Check(!h.name_en.empty() && !h.name_ar.empty(), "a name in both languages");
      Check(CleanText(h.name_en) && CleanText(h.name_ar) && CleanText(h.note), "clean text");
    }
    const std::string ics = ExportIcs(*holidays, "fuzz");
    std::string again_error;
    const std::optional<std::vector<Holiday>> again = ImportIcs(ics, &again_error);
    if (!again) {
      std::fprintf(stderr, "export not importable: %s\n%s\n", again_error.c_str(), ics.c_str());
      std::abort();
    }
    Check(again->size() == holidays->size(), "round trip keeps every holiday");
    for (std::size_t i = 0; i < again->size(); ++i) {
      if (!Same((*again)[i], (*holidays)[i])) {
        std::fprintf(stderr, "holiday %zu changed in the round trip\n%s\n", i, ics.c_str());
        std::abort();
      }
    }
    Check(ExportIcs(*again, "fuzz") == ics, "export is deterministic");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception escaped: %s\n", e.what());
    std::abort();
  }
  return 0;
}
