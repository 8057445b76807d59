// Figures and bulk data on SQLite; see figures_ops.h.
//
// Row format of `figures` (migration 004): level 0 rows hold one local day, level 1 rows one
// month (yyyymm), level 2 (period 0) the cases open now, levels 3 and 4 the day and month rows
// rolled up by entity (category, type and channel "*"). A delta for day D updates D's rows and
// its month's rows, so a query over whole months reads month rows only, and a national or
// per-entity query reads the roll-ups (about one row per entity and month).

#include "store/sqlite/figures_ops.h"

#include <sqlite3.h>

#include "domain/reference.h"
#include "store/sqlite/case_rows.h"
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

void BindFilter(Statement& st, int i, const std::string& v) {
  if (v.empty()) {
    st.BindNull(i);
  } else {
    st.Bind(i, v);
  }
}

domain::FigureCounters ReadCounters(const Statement& st) {
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

bool TimeGrouping(const std::string& g) { return g == "month" || g == "day"; }

std::string GroupKey(const std::string& group_by, int level, std::int64_t period,
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

}  // namespace

void RegisterFigureFunctions(sqlite3* db) {
  sqlite3_create_function_v2(db, "hist_merge", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             &HistMerge, nullptr, nullptr, nullptr);
}

void ApplyFigures(Connection& c, const domain::FigureDeltas& deltas) {
  // Entity roll-ups are summed first, so a batch of many cases writes each once.
  domain::FigureDeltas rollup;
  for (const auto& [k, f] : deltas) {
    if (f.IsZero()) continue;
    if (k.day == domain::kOpenNowDay) {
      domain::FigureCounters open_only;
      open_only.open = f.open;
      Upsert(c, 2, 0, k, open_only, {}, {});
      continue;
    }
    std::string fr = f.first_response.Encode();
    std::string ans = f.answer.Encode();
    Upsert(c, 0, k.day, k, f, fr, ans);
    Upsert(c, 1, domain::MonthOf(k.day), k, f, fr, ans);
    rollup[domain::FigureKey{k.day, k.entity, "*", "*", "*"}].Add(f);
  }
  for (const auto& [k, f] : rollup) {
    std::string fr = f.first_response.Encode();
    std::string ans = f.answer.Encode();
    Upsert(c, 3, k.day, k, f, fr, ans);
    Upsert(c, 4, domain::MonthOf(k.day), k, f, fr, ans);
  }
}

FigureResult QueryFigures(Connection& c, const FigureQuery& query, domain::Instant now,
                          const domain::WorkingCalendar& calendar) {
  FigureResult result;
  struct Group {
    FigureGroup g;
    domain::HistogramAccumulator fr, answer;
  };
  std::map<std::string, Group> groups;
  domain::HistogramAccumulator total_fr, total_answer;
  const bool by_key = !query.group_by.empty() && !TimeGrouping(query.group_by);
  // The entity roll-ups answer every query that filters and groups by nothing finer.
  const bool rollup =
      query.category.empty() && query.type.empty() && query.channel.empty() &&
      (query.group_by.empty() || query.group_by == "entity" || TimeGrouping(query.group_by));
  auto group = [&](const std::string& key) -> Group& {
    auto& g = groups[key];
    g.g.key = key;
    return g;
  };
  auto read = [&](int level, std::int64_t from, std::int64_t to) {
    auto st = c.Prepare(q::kFigureRows);
    st.Bind(1, level).Bind(2, from).Bind(3, to);
    BindFilter(st, 4, query.entity);
    BindFilter(st, 5, rollup && level != 2 ? std::string("*") : query.type);
    BindFilter(st, 6, rollup && level != 2 ? std::string("*") : query.category);
    BindFilter(st, 7, rollup && level != 2 ? std::string("*") : query.channel);
    while (st.Step()) {
      auto f = ReadCounters(st);
      if (level == 2) {
        result.open += f.open;
        if (by_key)
          group(GroupKey(query.group_by, level, 0, st.Text(1), st.Text(2), st.Text(3), st.Text(4)))
              .g.open += f.open;
        continue;
      }
      result.totals.Add(f);
      std::string fr = st.Blob(16), ans = st.Blob(17);
      if (query.group_by.empty()) {
        total_fr.AddEncoded(fr);
        total_answer.AddEncoded(ans);
      } else {  // the totals' histograms are the sum of the groups' (below): decoded once
        auto& g = group(GroupKey(query.group_by, level, st.Int(0), st.Text(1), st.Text(2),
                                 st.Text(3), st.Text(4)));
        g.g.counters.Add(f);
        g.fr.AddEncoded(fr);
        g.answer.AddEncoded(ans);
      }
    }
  };
  const int day_level = rollup ? 3 : 0;
  const int month_level = rollup ? 4 : 1;
  if (query.group_by == "day") {
    read(day_level, query.from_day, query.to_day);
  } else {
    for (const auto& part : domain::SplitPeriod(query.from_day, query.to_day)) {
      read(part.level == 0 ? day_level : month_level, part.from, part.to);
    }
  }
  read(2, 0, 0);
  // Unresolved clocks past their due time: overdue now, and due (missed) in the period when
  // their due day falls in it.
  auto bind_overdue = [&](Statement& st) {
    st.Bind(1, Secs(now));
    BindFilter(st, 2, query.entity);
    BindFilter(st, 3, query.type);
    BindFilter(st, 4, query.category);
    BindFilter(st, 5, query.channel);
  };
  if (TimeGrouping(query.group_by)) {
    auto st = c.Prepare(q::kOverdueNow);
    bind_overdue(st);
    while (st.Step()) {
      result.overdue += 1;
      auto day = domain::DayNumber(calendar.LocalDateOf(FromSecs(st.Int(4))));
      if (day < query.from_day || day > query.to_day) continue;
      result.totals.due += 1;
      group(GroupKey(query.group_by, 0, day, st.Text(0), st.Text(1), st.Text(2), st.Text(3)))
          .g.counters.due += 1;
    }
  } else {
    auto st = c.Prepare(q::kOverdueCounts);
    bind_overdue(st);
    int key_kind = query.group_by == "entity"     ? 1
                   : query.group_by == "category" ? 2
                   : query.group_by == "type"     ? 3
                   : query.group_by == "channel"  ? 4
                                                  : 0;
    st.Bind(6, key_kind);
    st.Bind(7, Secs(calendar.ToInstant(domain::DateOfDay(query.from_day), 0)));
    st.Bind(8, Secs(calendar.ToInstant(domain::DateOfDay(query.to_day + 1), 0)));
    while (st.Step()) {
      auto overdue = st.Int(1), due = st.Int(2);
      result.overdue += overdue;
      result.totals.due += due;
      if (by_key) {
        auto& g = group(st.Text(0));
        g.g.overdue += overdue;
        g.g.counters.due += due;
      }
    }
  }
  for (const auto& [k, g] : groups) {
    total_fr.Add(g.fr);
    total_answer.Add(g.answer);
  }
  result.totals.first_response = total_fr.ToHistogram();
  result.totals.answer = total_answer.ToHistogram();
  for (auto& [k, g] : groups) {
    // A group that only has open-now rows (no activity in the period) is still listed.
    g.g.counters.first_response = g.fr.ToHistogram();
    g.g.counters.answer = g.answer.ToHistogram();
    result.groups.push_back(std::move(g.g));
  }
  return result;
}

void ForEachCaseOn(Connection& c,
                   const std::function<void(const domain::CaseRecord&,
                                            const std::vector<domain::CaseEvent>&)>& sink,
                   int batch) {
  std::int64_t after = 0;
  for (;;) {
    std::vector<domain::CaseRecord> cases;
    {
      auto st = c.Prepare(q::kAllCases);
      st.Bind(1, after).Bind(2, batch);
      while (st.Step()) cases.push_back(ReadCaseRow(st));
    }
    if (cases.empty()) return;
    after = cases.back().id;
    std::map<std::int64_t, std::vector<domain::CaseEvent>> events;
    {
      auto st = c.Prepare(q::kEventsOfRange);
      st.Bind(1, cases.front().id).Bind(2, cases.back().id);
      while (st.Step()) events[st.Int(0)].push_back(ReadEventRow(st, 1));
    }
    static const std::vector<domain::CaseEvent> kNone;
    for (const auto& r : cases) {
      auto it = events.find(r.id);
      sink(r, it == events.end() ? kNone : it->second);
    }
    if (static_cast<int>(cases.size()) < batch) return;
  }
}

bool InsertFullCase(Connection& c, const FullCase& fc) {
  const auto& r = fc.record;
  const auto& d = r.draft;
  auto opt = [](Statement& st, int i, const std::optional<domain::Instant>& t) {
    if (t) {
      st.Bind(i, Secs(*t));
    } else {
      st.BindNull(i);
    }
  };
  {
    auto st = c.Prepare(q::kInsertFullCase);
    BindCaseColumns(st, r.reference, d, r.status, r.access_hash, r.access_salt, r.submitted_at,
                    r.first_response_due_at, r.due_at);
    st.Bind(23, domain::EncodeClock(r.clock));
    opt(st, 24, r.first_response_at);
    opt(st, 25, r.answered_at);
    opt(st, 26, r.closed_at);
    st.Bind(27, r.cycle)
        .Bind(28, r.extended_this_cycle ? 1 : 0)
        .Bind(29, r.rated_this_answer ? 1 : 0)
        .Bind(30, r.reopen_count);
    if (r.rating) {
      st.Bind(31, *r.rating);
    } else {
      st.BindNull(31);
    }
    opt(st, 32, r.paused_at);
    st.Bind(33, r.merged_into)
        .Bind(34, r.first_response_breached ? 1 : 0)
        .Bind(35, r.resolution_breached ? 1 : 0);
    opt(st, 36, r.warn_at);
    st.Bind(37, r.warned ? 1 : 0).Bind(38, r.escalated ? 1 : 0);
    st.Run();
  }
  if (c.Changes() == 0) return false;
  std::string prev(32, '\0');
  AppendEvents(c, c.LastInsertId(), r.reference, 0, prev, fc.events);
  return true;
}

}  // namespace tawasul::store::sqlite
