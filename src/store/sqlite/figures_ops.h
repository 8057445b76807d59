#pragma once
// Figures on SQLite: histograms are merged in SQL by hist_merge, a function registered on the
// writer connection (the upsert itself is shared: common::ApplyFiguresOn in
// store/common/figure_ops.h).

#include "domain/figures.h"

struct sqlite3;

namespace tawasul::store::sqlite {

// Registers hist_merge(a, b): the union of two encoded histograms (domain::Histogram).
void RegisterFigureFunctions(sqlite3* db);

}  // namespace tawasul::store::sqlite
