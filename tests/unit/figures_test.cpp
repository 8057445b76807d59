// Figures arithmetic (domain/figures.h): histograms, period splitting, and the deltas of
// changes (what a change adds must equal what a rebuild from the whole history adds).

#include <gtest/gtest.h>

#include "calendar_data.h"
#include "domain/figures.h"

namespace tawasul::domain {
namespace {

LocalDate D(int y, unsigned m, unsigned d) { return std::chrono::year(y) / m / d; }

TEST(Histogram, QuantilesAreNearestRankRoundedDownToATenthOfAnHour) {
  Histogram h;
  EXPECT_FALSE(h.QuantileHours(0.5).has_value());
  for (int m : {120, 120, 120, 135}) h.Add(m);
  EXPECT_EQ(h.Count(), 4);
  EXPECT_DOUBLE_EQ(*h.QuantileHours(0.5), 2.0);
  EXPECT_DOUBLE_EQ(*h.QuantileHours(0.9), 2.2);  // 135 min = 2.25 h -> 2.2
  EXPECT_DOUBLE_EQ(*h.QuantileHours(1.0), 2.2);
  h.Add(5, 3);
  EXPECT_DOUBLE_EQ(*h.QuantileHours(0.1), 0.0);
}

TEST(Histogram, EncodeDecodeAndMerge) {
  Histogram a, b;
  a.Add(0);
  a.Add(600000, 7);  // large values and counts survive the varint form
  b.Add(0, 2);
  b.Add(61);
  EXPECT_EQ(Histogram::Decode(a.Encode()), a);
  Histogram m = a;
  m.Merge(b);
  EXPECT_EQ(m.Count(), 11);
  EXPECT_EQ(Histogram::Decode(m.Encode()), m);
  EXPECT_TRUE(Histogram::Decode("").Empty());
  // A truncated encoding yields what was read before the fault, never garbage or a crash.
  std::string bytes = m.Encode();
  EXPECT_LE(Histogram::Decode(bytes.substr(0, bytes.size() - 1)).Count(), m.Count());
}

TEST(SplitPeriod, WholeMonthsAndPartialDays) {
  auto parts = SplitPeriod(DayNumber(D(2025, 1, 15)), DayNumber(D(2025, 3, 10)));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].level, 0);
  EXPECT_EQ(parts[0].from, DayNumber(D(2025, 1, 15)));
  EXPECT_EQ(parts[0].to, DayNumber(D(2025, 1, 31)));
  EXPECT_EQ(parts[1].level, 1);
  EXPECT_EQ(parts[1].from, 202502);
  EXPECT_EQ(parts[1].to, 202502);
  EXPECT_EQ(parts[2].from, DayNumber(D(2025, 3, 1)));
  EXPECT_EQ(parts[2].to, DayNumber(D(2025, 3, 10)));
  // A whole year is twelve month rows; a period inside one month is days only.
  auto year = SplitPeriod(DayNumber(D(2025, 1, 1)), DayNumber(D(2025, 12, 31)));
  ASSERT_EQ(year.size(), 1u);
  EXPECT_EQ(year[0].from, 202501);
  EXPECT_EQ(year[0].to, 202512);
  auto inside = SplitPeriod(DayNumber(D(2025, 2, 3)), DayNumber(D(2025, 2, 20)));
  ASSERT_EQ(inside.size(), 1u);
  EXPECT_EQ(inside[0].level, 0);
  EXPECT_TRUE(SplitPeriod(10, 9).empty());
  EXPECT_EQ(MonthOf(DayNumber(D(2024, 2, 29))), 202402);
}

TEST(ChangeFigures, OpenCountMovesWithTheCaseAndFactsCountOnce) {
  const WorkingCalendar& cal = testdata::Bahrain();
  CaseRecord before;
  before.draft.entity = "MOW";
  before.draft.category = "roads.potholes";
  before.submitted_at = cal.ToInstant(D(2025, 2, 2), 8 * 60);
  before.clock.start = before.submitted_at;
  before.due_at = cal.DueAfterWorkingDays(before.submitted_at, 14);
  auto created = NewCaseFigures(before, cal);
  std::int64_t received = 0, open = 0;
  for (const auto& [k, f] : created) {
    received += f.received;
    open += f.open;
  }
  EXPECT_EQ(received, 1);
  EXPECT_EQ(open, 1);

  // An answer: the open count goes, one answered-on-time fact and one met clock arrive.
  CaseRecord after = before;
  after.status = CaseStatus::kAnswered;
  Instant now = cal.ToInstant(D(2025, 2, 4), 9 * 60);
  Decision d;
  d.first_response = true;
  d.resolves_cycle = true;
  std::vector<CaseEvent> events(1);
  events[0].at = now;
  events[0].kind = EventKind::kAnswer;
  RecordChangeFacts(before, after, d, ActionKind::kAnswer, now, cal, events);
  auto delta = ChangeFigures(&before, after, events, cal);
  FigureCounters sum;
  for (const auto& [k, f] : delta) sum.Add(f);
  EXPECT_EQ(sum.open, -1);
  EXPECT_EQ(sum.answered, 1);
  EXPECT_EQ(sum.answered_on_time, 1);
  EXPECT_EQ(sum.due, 1);
  EXPECT_EQ(sum.due_met, 1);
  EXPECT_EQ(sum.answer.Count(), 1);
  EXPECT_DOUBLE_EQ(*sum.answer.QuantileHours(0.5), 15.5);  // 375 + 435 + 120 working minutes
  EXPECT_DOUBLE_EQ(*sum.first_response.QuantileHours(0.5), 15.5);

  // Rebuilding from the whole history gives the sum of the two deltas.
  CaseEvent received_event;
  received_event.at = before.submitted_at;
  received_event.kind = EventKind::kReceived;
  RecordReceivedFacts(before, received_event);
  FigureDeltas rebuilt;
  EventFigures(after, received_event, cal, rebuilt);
  EventFigures(after, events[0], cal, rebuilt);
  OpenCycleFigures(after, +1, cal, rebuilt);
  FigureDeltas incremental = created;
  for (const auto& [k, f] : delta) incremental[k].Add(f);
  std::erase_if(incremental, [](const auto& kv) { return kv.second.IsZero(); });
  std::erase_if(rebuilt, [](const auto& kv) { return kv.second.IsZero(); });
  EXPECT_EQ(incremental, rebuilt);
}

}  // namespace
}  // namespace tawasul::domain
