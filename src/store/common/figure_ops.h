#pragma once
// Reading the figures (GET /api/v1/stats), shared by both stores: a template over the backend's
// connection and SQL (see store/common/rows.h), and the expansion of figure deltas into the rows
// of the `figures` table that each store writes its own way (SQLite merges histograms in SQL,
// PostgreSQL under a row lock).
//
// Row format of `figures`: level 0 rows hold one local day, level 1 rows one month (yyyymm),
// level 2 (period 0) the cases open now, levels 3 and 4 the day and month rows rolled up by
// entity (category, type and channel "*"). A delta for day D updates D's rows and its month's
// rows, so a query over whole months reads month rows only, and a national or per-entity query
// reads the roll-ups (about one row per entity and month).
//
// QueryFigures runs inside one read transaction (a snapshot).

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/figures.h"
#include "store/common/rows.h"

namespace tawasul::store::common {

// One row of `figures` to add to.
struct FigureRow {
  int level = 0;
  std::int64_t period = 0;
  domain::FigureKey key;  // key.day is not used (see period)
  domain::FigureCounters counters;
};

// The rows `deltas` add to, in primary-key order (so concurrent writers lock them in one order):
// day and month rows for each key, entity roll-ups summed over the batch, open-now rows.
std::vector<FigureRow> ExpandFigureRows(const domain::FigureDeltas& deltas);

// Adds `deltas` to the rows of `figures` in one statement a row (parameters 1..17: the key and
// the counters). Where the backend merges histograms in SQL (`Q::kHistogramsInUpsert`: SQLite's
// hist_merge) the upsert takes them as parameters 18 and 19; elsewhere (PostgreSQL) the upsert
// returns the row's histograms, locked, and they are merged here and written back.
template <class Q, class Conn>
void ApplyFiguresOn(Conn& c, const domain::FigureDeltas& deltas) {
  for (const auto& row : ExpandFigureRows(deltas)) {
    const auto& f = row.counters;
    const auto& k = row.key;
    auto st = c.Prepare(Q::kUpsertFigures);
    st.Bind(1, row.level)
        .Bind(2, row.period)
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
        .Bind(17, f.open);
    if constexpr (Q::kHistogramsInUpsert) {
      st.BindBlob(18, f.first_response.Encode()).BindBlob(19, f.answer.Encode()).Run();
    } else {
      if (!st.Step()) throw StoreError("figures upsert returned no row");
      if (f.first_response.Empty() && f.answer.Empty()) continue;
      auto fr = domain::Histogram::Decode(st.Blob(0));
      fr.Merge(f.first_response);
      auto answer = domain::Histogram::Decode(st.Blob(1));
      answer.Merge(f.answer);
      c.Prepare(Q::kSetFigureHistograms)
          .Bind(1, row.level)
          .Bind(2, row.period)
          .Bind(3, k.entity)
          .Bind(4, k.category)
          .Bind(5, k.type)
          .Bind(6, k.channel)
          .BindBlob(7, fr.Encode())
          .BindBlob(8, answer.Encode())
          .Run();
    }
  }
}

namespace detail {
template <class St>
void BindFilter(St& st, int i, const std::string& v) {
  if (v.empty()) {
    st.BindNull(i);
  } else {
    st.Bind(i, v);
  }
}

template <class St>
domain::FigureCounters ReadCounters(const St& st) {
  domain::FigureCounters f;
  f.received = st.Int(5);
  f.answered = st.Int(6);
  f.answered_on_time = st.Int(7);
  f.due = st.Int(8);
  f.due_met = st.Int(9);
  f.rated = st.Int(10);
  f.rating_sum = st.Int(11);
  f.rating_4_5 = st.Int(12);
  f.transferred = st.Int(13);
  f.reopened = st.Int(14);
  f.open = st.Int(15);
  return f;  // histograms (columns 16, 17) are summed by the caller's accumulators
}

inline bool TimeGrouping(const std::string& g) { return g == "month" || g == "day"; }

inline std::string GroupKey(const std::string& group_by, int level, std::int64_t period,
                            const std::string& entity, const std::string& category,
                            const std::string& type, const std::string& channel) {
  if (group_by == "entity") return entity;
  if (group_by == "type") return type;
  if (group_by == "category") return category;
  if (group_by == "channel") return channel;
  if (group_by == "month") {
    auto ym =
        (level == 1 || level == 4) ? period : domain::MonthOf(static_cast<std::int32_t>(period));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(ym / 100),
                  static_cast<int>(ym % 100));
    return buf;
  }
  if (group_by == "day")
    return domain::FormatDate(domain::DateOfDay(static_cast<std::int32_t>(period)));
  return {};
}

}  // namespace detail

namespace detail {

// One figures query in steps (QueryFigures): the aggregate rows of each period part, the open
// counts, the overdue clocks, then the totals' histograms as the sum of the groups'.
template <class Q, class Conn>
class FigureReader {
 public:
  FigureReader(Conn& c, const FigureQuery& query)
      : c_(c),
        query_(query),
        by_key_(!query.group_by.empty() && !TimeGrouping(query.group_by)),
        // The entity roll-ups answer every query that filters and groups by nothing finer.
        rollup_(query.category.empty() && query.type.empty() && query.channel.empty() &&
                (query.group_by.empty() || query.group_by == "entity" ||
                 TimeGrouping(query.group_by))) {}

  // Every aggregate row of the period (by day, or by the months and days SplitPeriod gives) and
  // the open counts.
  void ReadAggregates() {
    const int day_level = rollup_ ? 3 : 0;
    const int month_level = rollup_ ? 4 : 1;
    if (query_.group_by == "day") {
      Read(day_level, query_.from_day, query_.to_day);
    } else {
      for (const auto& part : domain::SplitPeriod(query_.from_day, query_.to_day)) {
        Read(part.level == 0 ? day_level : month_level, part.from, part.to);
      }
    }
    Read(2, 0, 0);
  }

  // Unresolved clocks past their due time: overdue now, and due (missed) in the period when
  // their due day falls in it.
  void ReadOverdue(domain::Instant now, const domain::WorkingCalendar& calendar) {
    if (TimeGrouping(query_.group_by)) {
      OverdueByDay(now, calendar);
    } else {
      OverdueCounts(now, calendar);
    }
  }

  FigureResult Finish() {
    for (const auto& [k, g] : groups_) {
      total_fr_.Add(g.fr);
      total_answer_.Add(g.answer);
    }
    result_.totals.first_response = total_fr_.ToHistogram();
    result_.totals.answer = total_answer_.ToHistogram();
    for (auto& [k, g] : groups_) {
      // A group that only has open-now rows (no activity in the period) is still listed.
      g.g.counters.first_response = g.fr.ToHistogram();
      g.g.counters.answer = g.answer.ToHistogram();
      result_.groups.push_back(std::move(g.g));
    }
    return std::move(result_);
  }

 private:
  struct Group {
    FigureGroup g;
    domain::HistogramAccumulator fr, answer;
  };

  Group& GroupOf(const std::string& key) {
    auto& g = groups_[key];
    g.g.key = key;
    return g;
  }

  void Read(int level, std::int64_t from, std::int64_t to) {
    auto st = c_.Prepare(Q::kFigureRows);
    st.Bind(1, level).Bind(2, from).Bind(3, to);
    BindFilter(st, 4, query_.entity);
    BindFilter(st, 5, rollup_ && level != 2 ? std::string("*") : query_.type);
    BindFilter(st, 6, rollup_ && level != 2 ? std::string("*") : query_.category);
    BindFilter(st, 7, rollup_ && level != 2 ? std::string("*") : query_.channel);
    while (st.Step()) {
      auto f = ReadCounters(st);
      if (level == 2) {
        result_.open += f.open;
        if (by_key_)
          GroupOf(
              GroupKey(query_.group_by, level, 0, st.Text(1), st.Text(2), st.Text(3), st.Text(4)))
              .g.open += f.open;
        continue;
      }
      result_.totals.Add(f);
      std::string fr = st.Blob(16), ans = st.Blob(17);
      if (query_.group_by.empty()) {
        total_fr_.AddEncoded(fr);
        total_answer_.AddEncoded(ans);
      } else {  // the totals' histograms are the sum of the groups' (Finish): decoded once
        auto& g = GroupOf(GroupKey(query_.group_by, level, st.Int(0), st.Text(1), st.Text(2),
                                   st.Text(3), st.Text(4)));
        g.g.counters.Add(f);
        g.fr.AddEncoded(fr);
        g.answer.AddEncoded(ans);
      }
    }
  }

  template <class St>
  void BindOverdue(St& st, domain::Instant now) {
    st.Bind(1, Secs(now));
    BindFilter(st, 2, query_.entity);
    BindFilter(st, 3, query_.type);
    BindFilter(st, 4, query_.category);
    BindFilter(st, 5, query_.channel);
  }

  void OverdueByDay(domain::Instant now, const domain::WorkingCalendar& calendar) {
    auto st = c_.Prepare(Q::kOverdueNow);
    BindOverdue(st, now);
    while (st.Step()) {
      result_.overdue += 1;
      auto day = domain::DayNumber(calendar.LocalDateOf(FromSecs(st.Int(4))));
      if (day < query_.from_day || day > query_.to_day) continue;
      result_.totals.due += 1;
      GroupOf(GroupKey(query_.group_by, 0, day, st.Text(0), st.Text(1), st.Text(2), st.Text(3)))
          .g.counters.due += 1;
    }
  }

  void OverdueCounts(domain::Instant now, const domain::WorkingCalendar& calendar) {
    auto st = c_.Prepare(Q::kOverdueCounts);
    BindOverdue(st, now);
    int key_kind = query_.group_by == "entity"     ? 1
                   : query_.group_by == "category" ? 2
                   : query_.group_by == "type"     ? 3
                   : query_.group_by == "channel"  ? 4
                                                   : 0;
    st.Bind(6, key_kind);
    st.Bind(7, Secs(calendar.ToInstant(domain::DateOfDay(query_.from_day), 0)));
    st.Bind(8, Secs(calendar.ToInstant(domain::DateOfDay(query_.to_day + 1), 0)));
    while (st.Step()) {
      auto overdue = st.Int(1), due = st.Int(2);
      result_.overdue += overdue;
      result_.totals.due += due;
      if (by_key_) {
        auto& g = GroupOf(st.Text(0));
        g.g.overdue += overdue;
        g.g.counters.due += due;
      }
    }
  }

  Conn& c_;
  const FigureQuery& query_;
  const bool by_key_;
  const bool rollup_;
  FigureResult result_;
  std::map<std::string, Group> groups_;
  domain::HistogramAccumulator total_fr_, total_answer_;
};

}  // namespace detail

// Figures for `query` from the aggregate rows plus the overdue clocks of open cases.
template <class Q, class Conn>
FigureResult QueryFigures(Conn& c, const FigureQuery& query, domain::Instant now,
                          const domain::WorkingCalendar& calendar) {
  detail::FigureReader<Q, Conn> reader(c, query);
  reader.ReadAggregates();
  reader.ReadOverdue(now, calendar);
  return reader.Finish();
}

}  // namespace tawasul::store::common
