#pragma once
// Writing figures on SQLite: histograms are merged in SQL by hist_merge, a function registered
// on the writer connection. Runs on the writer connection inside its transaction, so the
// aggregates change atomically with the events they count. (Reading is shared with PostgreSQL:
// store/common/figure_ops.h.)

#include "domain/figures.h"
#include "store/sqlite/db.h"

struct sqlite3;

namespace tawasul::store::sqlite {

// Registers hist_merge(a, b): the union of two encoded histograms (domain::Histogram).
void RegisterFigureFunctions(sqlite3* db);

// Adds `deltas` to the day, month, roll-up and open-now rows.
void ApplyFigures(Connection& c, const domain::FigureDeltas& deltas);

}  // namespace tawasul::store::sqlite
