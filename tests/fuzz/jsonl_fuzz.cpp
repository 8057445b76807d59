// libFuzzer harness for the JSONL bulk import (`tawasul import`): each input is one case line,
// given to service::BuildImportLine, the pure part of ImportJsonl (parsing, validation and the
// replay of the case's history through the lifecycle rules; no store). Entity and category
// "record" lines go straight to the store and are not covered here.
// Invariants: no exception escapes (a bad line is an error string, never a throw); a line gives
// a case or an error, not both; a case's reference is canonical and re-parses to itself, its
// text is UTF-8, its events are numbered 1..n, start with "received" and never go back in time,
// and its figures hold no zero entry.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "domain/language.h"
#include "domain/reference.h"
#include "domain/sla.h"
#include "service/bulk.h"

namespace {

using namespace tawasul;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

const domain::Catalogue& TestCatalogue() {
  static const domain::Catalogue catalogue(
      {{"MOW", "وزارة الأشغال", "Works"}, {"EWA", "الكهرباء والماء", "Electricity and Water"}},
      {{"roads", "MOW", "الطرق", "Roads", "", "", {domain::CaseType::kComplaint}},
       {"power",
        "EWA",
        "الكهرباء",
        "Power",
        "",
        "",
        {domain::CaseType::kComplaint, domain::CaseType::kInquiry}}},
      {});
  return catalogue;
}

const service::SlaRules::Snapshot& Sla() {
  static const service::SlaRules::Snapshot sla{
      domain::WorkingCalendar(domain::BahrainDefaultWeek()), domain::TargetTable()};
  return sla;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::string line(reinterpret_cast<const char*>(data), size);
    const service::BuiltLine built = service::BuildImportLine(line, TestCatalogue(), Sla());
    Check(built.full.has_value() != !built.error.empty(), "a case or an error");
    if (!built.full) return 0;
    const store::FullCase& c = *built.full;
    const auto ref = domain::ParseReference(c.record.reference);
    Check(ref && domain::FormatReference(*ref) == c.record.reference, "canonical reference");
    Check(domain::IsValidUtf8(c.record.draft.subject) &&
              domain::IsValidUtf8(c.record.draft.description) && !c.record.draft.subject.empty(),
          "subject and description");
    Check(TestCatalogue().FindEntity(c.record.draft.entity) != nullptr, "a known entity");
    Check(!c.events.empty() && c.events[0].kind == domain::EventKind::kReceived,
          "starts with received");
    for (std::size_t i = 0; i < c.events.size(); ++i) {
      Check(c.events[i].seq == static_cast<std::int64_t>(i) + 1, "events numbered 1..n");
      Check(i == 0 || c.events[i - 1].at <= c.events[i].at, "events in time order");
    }
    for (const auto& [key, counters] : c.figures) Check(!counters.IsZero(), "no zero figure");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception escaped: %s\n", e.what());
    std::abort();
  }
  return 0;
}
