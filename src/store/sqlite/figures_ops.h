#pragma once
// Figures and bulk data on SQLite: applying aggregate deltas (writer connection), reading
// figures, recomputing them from history, inserting and streaming whole cases.
//
// Concurrency: ApplyFigures and InsertFullCase run on the writer connection inside its
// transaction, so the aggregates change atomically with the events they count. QueryFigures
// and the history readers run on a read connection inside one read transaction (a snapshot).

#include <functional>

#include "store/sqlite/db.h"
#include "store/store.h"

struct sqlite3;

namespace tawasul::store::sqlite {

// Registers hist_merge(a, b): the union of two encoded histograms (domain::Histogram).
void RegisterFigureFunctions(sqlite3* db);

// Adds `deltas` to the day, month and open-now rows.
void ApplyFigures(Connection& c, const domain::FigureDeltas& deltas);

FigureResult QueryFigures(Connection& c, const FigureQuery& query, domain::Instant now,
                          const domain::WorkingCalendar& calendar);

// Calls `sink` for every case and its full history, in id order, reading `batch` cases at a
// time. Run inside a read transaction for a consistent snapshot.
void ForEachCaseOn(Connection& c,
                   const std::function<void(const domain::CaseRecord&,
                                            const std::vector<domain::CaseEvent>&)>& sink,
                   int batch = 2000);

// Inserts one whole case (row and hash-chained events) unless its reference exists; returns
// whether it was inserted.
bool InsertFullCase(Connection& c, const FullCase& fc);

}  // namespace tawasul::store::sqlite
