// Writing figures on SQLite; see figures_ops.h.

#include "store/sqlite/figures_ops.h"

#include <sqlite3.h>

#include "domain/figures.h"

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

}  // namespace

void RegisterFigureFunctions(sqlite3* db) {
  sqlite3_create_function_v2(db, "hist_merge", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             &HistMerge, nullptr, nullptr, nullptr);
}

}  // namespace tawasul::store::sqlite
