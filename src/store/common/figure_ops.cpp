// Expansion of figure deltas into `figures` rows; see figure_ops.h.

#include "store/common/figure_ops.h"

#include <tuple>

namespace tawasul::store::common {

std::vector<FigureRow> ExpandFigureRows(const domain::FigureDeltas& deltas) {
  using RowKey = std::tuple<int, std::int64_t, std::string, std::string, std::string, std::string>;
  std::map<RowKey, FigureRow> rows;
  auto add = [&](int level, std::int64_t period, const domain::FigureKey& k,
                 const domain::FigureCounters& f) {
    auto& row = rows[RowKey{level, period, k.entity, k.category, k.type, k.channel}];
    row.level = level;
    row.period = period;
    row.key = k;
    row.counters.Add(f);
  };
  for (const auto& [k, f] : deltas) {
    if (f.IsZero()) continue;
    if (k.day == domain::kOpenNowDay) {
      domain::FigureCounters open_only;
      open_only.open = f.open;
      add(2, 0, k, open_only);
      continue;
    }
    add(0, k.day, k, f);
    add(1, domain::MonthOf(k.day), k, f);
    // Entity roll-ups are summed over the batch, so a batch of many cases writes each once.
    domain::FigureKey rollup{k.day, k.entity, "*", "*", "*"};
    add(3, k.day, rollup, f);
    add(4, domain::MonthOf(k.day), rollup, f);
  }
  std::vector<FigureRow> out;
  out.reserve(rows.size());
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

}  // namespace tawasul::store::common
