#pragma once
// The figures of DESIGN.md §3 as incrementally maintained aggregates.
//
// How they stay exact. Every change to a case records, in the `figure` object of its events'
// data (covered by the hash chain), the facts the figures count: "received", "first response
// after N working minutes", "resolved (answered or rejected) on time or not, due at T, after N
// working minutes", "transferred", "rated S", "reopened", "a clock missed at T". Those facts
// never change once written. What does change is the state of open cases: the aggregates count
// them ("open now") by key. A moving due time (pauses, extensions, recomputation) is never
// aggregated: an unresolved clock counts as due, and missed, only once its due time has passed,
// which depends on the instant of the query, so the figures query adds those clocks from the
// cases themselves (an index over running clocks by due time; store/sqlite/figures_ops.cpp).
//
//   contribution(case) = Σ EventFigures(event) + OpenCycleFigures(case)
//
// A change therefore adds EventFigures(new events) + OpenCycleFigures(after) −
// OpenCycleFigures(before) (ChangeFigures), and `tawasul stats --rebuild` recomputes the sum
// from every case's full history; both must agree, and a test proves it.
//
// Keys: (local day, entity, category, type, channel), with the entity and category in force when
// the fact happened (a transfer changes them). Days are the default calendar's local dates.
// Working-hour distributions are histograms of 6-minute buckets (0.1 working hour): medians and
// 90th percentiles are nearest-rank values rounded down to 0.1 h.
//
// Pure: no I/O; JSON only to read and write the facts in event data.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/lifecycle.h"

namespace tawasul::domain {

// Counts per 0.1-working-hour bucket. Counts only grow (facts are never retracted).
class Histogram {
 public:
  void Add(std::int64_t working_minutes, std::int64_t count = 1);
  void Merge(const Histogram& other);
  std::int64_t Count() const;
  bool Empty() const { return buckets_.empty(); }
  // Nearest-rank quantile (q in (0, 1]) in working hours, rounded down to 0.1 h; nullopt if empty.
  std::optional<double> QuantileHours(double q) const;
  // Compact binary form: (bucket, count) pairs as unsigned LEB128 varints, buckets ascending.
  std::string Encode() const;
  // Inverse of Encode; malformed input yields the pairs read before the fault.
  static Histogram Decode(std::string_view bytes);
  friend bool operator==(const Histogram&, const Histogram&) = default;
  friend class HistogramAccumulator;

 private:
  void AddBucket(std::uint32_t bucket, std::int64_t count);
  // (bucket, count) sorted by bucket, counts > 0: small, contiguous, cheap to scan.
  std::vector<std::pair<std::uint32_t, std::int64_t>> buckets_;
};

// Sums many encoded histograms quickly: dense counts for the first kDenseBuckets buckets (up to
// 204.8 working hours, where nearly all times fall) and a map for the long tail. The figures
// query merges hundreds to thousands of aggregate rows' histograms per request.
class HistogramAccumulator {
 public:
  static constexpr std::size_t kDenseBuckets = 2048;
  // Adds the pairs of Histogram::Encode's form (a malformed tail is ignored).
  void AddEncoded(std::string_view bytes);
  void Add(const HistogramAccumulator& other);
  Histogram ToHistogram() const;

 private:
  std::vector<std::int64_t> dense_;  // allocated on first use
  std::map<std::uint32_t, std::int64_t> tail_;
};

struct FigureCounters {
  std::int64_t received = 0;
  std::int64_t answered = 0;  // resolutions: answers and rejections with a reason
  std::int64_t answered_on_time = 0;
  std::int64_t due = 0;      // resolution clocks whose due time falls in the period
  std::int64_t due_met = 0;  // ... resolved at or before it
  std::int64_t rated = 0;
  std::int64_t rating_sum = 0;
  std::int64_t rating_4_5 = 0;
  std::int64_t transferred = 0;
  std::int64_t reopened = 0;
  std::int64_t open = 0;     // only on kOpenNowDay rows: cases open now
  Histogram first_response;  // working minutes from a cycle's start to its first response
  Histogram answer;  // working minutes from a cycle's start to its resolution, pauses excluded

  void Add(const FigureCounters& other);
  bool IsZero() const;
  friend bool operator==(const FigureCounters&, const FigureCounters&) = default;
};

struct FigureKey {
  std::int32_t day = 0;  // local date as days since 1970-01-01
  std::string entity;
  std::string category;
  std::string type;
  std::string channel;
  auto operator<=>(const FigureKey&) const = default;
  bool operator==(const FigureKey&) const = default;
};

using FigureDeltas = std::map<FigureKey, FigureCounters>;

// The day of the "open now" rows (not a date): OpenCycleFigures counts open cases there.
inline constexpr std::int32_t kOpenNowDay = -2147483647 - 1;

// A period [from_day, to_day] cut into whole months (level 1, periods yyyymm) and the days of
// the partial months at either end (level 0, periods day numbers), so a query reads at most
// ~60 day rows per key plus one row per month.
struct PeriodPart {
  int level = 0;  // 0: day rows, 1: month rows
  std::int32_t from = 0;
  std::int32_t to = 0;
};
std::vector<PeriodPart> SplitPeriod(std::int32_t from_day, std::int32_t to_day);

std::int32_t DayNumber(LocalDate d);
LocalDate DateOfDay(std::int32_t day);
// yyyymm of a day number (the month level of the aggregates).
std::int32_t MonthOf(std::int32_t day);

// Adds the "figure" facts to the data of `event` (a JSON object, possibly empty text).
void SetFigureFacts(CaseEvent& event, std::string_view facts_json);

// Writes the facts of one lifecycle change into the data of its events. `before` and `after`
// are the case rows around the change (after: with its clocks already moved), `events` the
// events the change appends, `decision` what the lifecycle decided, `now` its instant.
// The time to answer is the working time of after.clock up to now, pauses excluded.
void RecordChangeFacts(const CaseRecord& before, const CaseRecord& after, const Decision& decision,
                       ActionKind action, Instant now, const WorkingCalendar& calendar,
                       std::vector<CaseEvent>& events);
// The facts of a new case's "received" event.
void RecordReceivedFacts(const CaseRecord& record, CaseEvent& received);

// What one event contributes (nothing when its data has no "figure" facts, except a "received"
// event written before facts existed, which counts at the case's current entity and category).
void EventFigures(const CaseRecord& c, const CaseEvent& e, const WorkingCalendar& calendar,
                  FigureDeltas& out);
// An open case's "open now" count (sign +1 or -1); nothing for a case that is not open.
void OpenCycleFigures(const CaseRecord& c, int sign, const WorkingCalendar& calendar,
                      FigureDeltas& out);
// The delta of one change (before == nullptr for a new case). Zero rows are dropped.
FigureDeltas ChangeFigures(const CaseRecord* before, const CaseRecord& after,
                           const std::vector<CaseEvent>& new_events,
                           const WorkingCalendar& calendar);

// What a new case adds: received, and its open resolution clock.
FigureDeltas NewCaseFigures(const CaseRecord& record, const WorkingCalendar& calendar);

bool IsOpenStatus(CaseStatus s);

}  // namespace tawasul::domain
