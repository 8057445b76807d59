#pragma once
// Bulk data (docs/API.md "Bulk data"): `tawasul import --format jsonl` and `tawasul export
// --format jsonl|csv`. One JSON object a line: reference records ({"record": "entity"|"category",
// ...}) before the cases that use them, then cases with their history.
//
// Import replays each case's events through the same code as live actions (PlanCaseAction:
// lifecycle decisions, clock rules, figure facts), so an imported case has exactly the clocks
// and figures it would have had if worked live under the calendar and targets in force. It is
// idempotent by reference (a stored reference is skipped and counts nothing) and a bad line is
// reported by number and skipped; the rest of the file goes on. Imported cases carry no access
// code (codes are hashed with the source system's secret): staff read them; a citizen asks for a
// new code.
//
// Export writes the same format (the case as first received, then its history), so an export
// imported into an empty system reproduces its figures; CSV is one summary row per case.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/store.h"

namespace tawasul::service {

struct ImportReport {
  std::int64_t lines = 0;
  std::int64_t cases_read = 0;      // valid case lines
  std::int64_t cases_inserted = 0;  // new references
  std::int64_t records = 0;         // entity and category records applied
  struct BadLine {
    std::int64_t line;
    std::string reason;
  };
  std::vector<BadLine> bad_lines;
};

// Reads JSONL from `in` and stores it. Cases are written in batches of `batch`.
ImportReport ImportJsonl(std::istream& in, store::Store& store, const SlaRules::Snapshot& sla,
                         std::size_t batch = 5000);

// One case line of an import (not a "record" line), parsed and replayed without a store: the
// whole case, or why the line is bad (never an exception). Pure but for the clock (an instant in
// the future is refused); ImportJsonl builds lines with it in parallel, and the fuzz harness
// tests/fuzz/jsonl_fuzz.cpp calls it directly.
struct BuiltLine {
  std::optional<store::FullCase> full;
  std::string error;
};
BuiltLine BuildImportLine(const std::string& line, const domain::Catalogue& catalogue,
                          const SlaRules::Snapshot& sla);

struct ExportOptions {
  std::string format = "jsonl";           // "jsonl" or "csv"
  std::optional<domain::LocalDate> from;  // submitted on or after (local date)
  std::optional<domain::LocalDate> to;    // submitted on or before
  // Contacts are masked (domain/contact_access.h) and marked "contact_masked" (import then
  // leaves the contact empty) unless an administrator asks for them (--include-contact).
  bool include_contact = false;
};

// Writes every case (filtered by submission date) to `out`; returns the cases written.
std::int64_t Export(std::ostream& out, store::Store& store, const domain::WorkingCalendar& calendar,
                    const ExportOptions& options);

}  // namespace tawasul::service
