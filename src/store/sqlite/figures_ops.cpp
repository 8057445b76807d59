// Writing figures on SQLite; see figures_ops.h.

#include "store/sqlite/figures_ops.h"

#include <sqlite3.h>

#include "store/common/figure_ops.h"
#include "store/sqlite/queries.h"

namespace tawasul::store::sqlite {

namespace {

void HistMerge(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto blob = [](sqlite3_value* v) {
    const void* p = sqlite3_value_blob(v);
    int n = sqlite3_value_bytes(v);
    return std::string_view(static_cast<const char*>(p ? p : ""), static_cast<std::size_t>(n));
  };
  std::string_view a = blob(argv[0]);
  std::string_view b = blob(argv[1]);
  if (a.empty() || b.empty()) {
    std::string_view one = a.empty() ? b : a;
    sqlite3_result_blob(ctx, one.data(), static_cast<int>(one.size()), SQLITE_TRANSIENT);
    return;
  }
  auto h = domain::Histogram::Decode(a);
  h.Merge(domain::Histogram::Decode(b));
  std::string out = h.Encode();
  sqlite3_result_blob(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

void Upsert(Connection& c, int level, std::int64_t period, const domain::FigureKey& k,
            const domain::FigureCounters& f, const std::string& fr, const std::string& ans) {
  c.Prepare(q::kUpsertFigures)
      .Bind(1, level)
      .Bind(2, period)
      .Bind(3, k.entity)
      .Bind(4, k.category)
      .Bind(5, k.type)
      .Bind(6, k.channel)
      .Bind(7, f.received)
      .Bind(8, f.answered)
      .Bind(9, f.answered_on_time)
      .Bind(10, f.due)
      .Bind(11, f.due_met)
      .Bind(12, f.rated)
      .Bind(13, f.rating_sum)
      .Bind(14, f.rating_4_5)
      .Bind(15, f.transferred)
      .Bind(16, f.reopened)
      .Bind(17, f.open)
      .BindBlob(18, fr)
      .BindBlob(19, ans)
      .Run();
}

}  // namespace

void RegisterFigureFunctions(sqlite3* db) {
  sqlite3_create_function_v2(db, "hist_merge", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             &HistMerge, nullptr, nullptr, nullptr);
}

void ApplyFigures(Connection& c, const domain::FigureDeltas& deltas) {
  for (const auto& row : common::ExpandFigureRows(deltas)) {
    Upsert(c, row.level, row.period, row.key, row.counters, row.counters.first_response.Encode(),
           row.counters.answer.Encode());
  }
}

}  // namespace tawasul::store::sqlite
