#pragma once
// SqlStore's whole-history operations, out of line to keep sql_store.h to the daily work: the
// figures rebuilt from every case, the import of whole cases (`tawasul import`, `tawasul copy`)
// and the export's walk over every case. Included at the end of sql_store.h only.
//
// Invariants:
//  * An import never replaces a stored case (InsertFullCase skips a reference already stored)
//    and moves each year's reference sequence past the references it imported, so a new
//    submission is never given one of them.
//  * An imported chunk adds the figures of exactly the cases it inserted; a precomputed sum is
//    used only when it covers every case of the one chunk (figures_sum: one transaction).
//  * RebuildFigures reads every case in one snapshot and replaces the figures in one write; it
//    runs with the service stopped (writes between the two would be lost from the figures).

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

#include "domain/reference.h"
#include "store/common/sql_store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::RebuildFigures(const domain::WorkingCalendar& calendar) {
  domain::FigureDeltas all;
  std::int64_t n = 0;
  Snapshot([&](Conn& c) {
    all.clear();
    n = 0;
    ForEachCaseOn<Q>(
        c, [&](const domain::CaseRecord& r, const std::vector<domain::CaseEvent>& events) {
          ++n;
          for (const auto& e : events) domain::EventFigures(r, e, calendar, all);
          domain::OpenCycleFigures(r, +1, calendar, all);
        });
    return 0;
  });
  // Writes between the snapshot and this transaction would be lost from the rebuilt figures:
  // it runs with the service stopped (the CLI says so).
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kDeleteFigures).Run();
    ApplyFiguresOn<Q>(c, all);
  });
  return n;
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::ImportFullCases(std::vector<FullCase> cases,
                                                const domain::FigureDeltas* figures_sum) {
  std::int64_t inserted = 0;
  // One transaction when a precomputed sum is given (it covers every case); else chunks.
  const std::size_t chunk = figures_sum ? std::max<std::size_t>(cases.size(), 1) : 5000;
  for (std::size_t start = 0; start < cases.size(); start += chunk) {
    std::size_t end = std::min(cases.size(), start + chunk);
    std::int64_t chunk_inserted = 0;
    writer_->Run(
        [&](Conn& c) { chunk_inserted = ImportChunkTx(c, cases, start, end, figures_sum); });
    inserted += chunk_inserted;
  }
  return inserted;
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::ForEachCase(
    const std::function<void(const domain::CaseRecord&, const std::vector<domain::CaseEvent>&)>&
        sink) {
  // Not retried: the sink has already seen what was read before a failure.
  auto c = reads_.Acquire();
  auto each = [&](Conn& conn) {
    ForEachCaseOn<Q>(conn, sink);
    return 0;
  };
  InSnapshot(*c, each);
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::ImportChunkTx(Conn& c, const std::vector<FullCase>& cases,
                                              std::size_t start, std::size_t end,
                                              const domain::FigureDeltas* figures_sum) {
  std::vector<std::size_t> new_ones;
  new_ones.reserve(end - start);
  std::map<int, std::uint64_t> max_seq;
  for (std::size_t i = start; i < end; ++i) {
    if (!InsertFullCase<Q>(c, cases[i])) continue;
    new_ones.push_back(i);
    if (auto ref = domain::ParseReference(cases[i].record.reference)) {
      auto& m = max_seq[ref->year2];
      m = std::max(m, ref->sequence);
    }
  }
  if (figures_sum && new_ones.size() == end - start) {
    ApplyFiguresOn<Q>(c, *figures_sum);
  } else {
    domain::FigureDeltas sum;
    for (auto i : new_ones) {
      for (const auto& [k, f] : cases[i].figures) sum[k].Add(f);
    }
    ApplyFiguresOn<Q>(c, sum);
  }
  for (const auto& [year2, seq] : max_seq) {
    c.Prepare(Q::kBumpSequence)
        .Bind(1, CaseSequenceKey(year2))
        .Bind(2, static_cast<std::int64_t>(seq))
        .Run();
  }
  return static_cast<std::int64_t>(new_ones.size());
}

}  // namespace tawasul::store::common
