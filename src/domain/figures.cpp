// Figures: facts in event data, and the aggregate deltas derived from them (see figures.h).
//
// The facts written by RecordChangeFacts, all inside data.figure:
//   entity, category           the key in force when the fact happened (always present)
//   received: true             a new case
//   first_response_minutes: N  this event is the cycle's first public response
//   resolved: true, on_time: b, due_at: unix seconds, answer_minutes: N
//                              answer or reject: the resolution clock ends now
//   transferred: true          the cycle ends by transfer (misrouting; not an on-time figure)
//   missed_due_at: unix secs   a transfer or merge after the due time: that clock counts as due
//                              and missed (leaving a late case must not improve compliance)
//   reopened: true · score: S  a reopen · a rating

#include "domain/figures.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace tawasul::domain {

using nlohmann::json;

namespace {

constexpr std::int64_t kBucketMinutes = 6;

std::int64_t Seconds(Instant t) { return t.time_since_epoch().count(); }

std::int32_t DayOf(const WorkingCalendar& cal, Instant t) { return DayNumber(cal.LocalDateOf(t)); }

bool Dated(Instant t) { return t != kNeverDue && t != Instant{}; }

FigureCounters& Row(FigureDeltas& out, std::int32_t day, const CaseRecord& c,
                    const std::string& entity, const std::string& category) {
  FigureKey k{day, entity, category, std::string(ToString(c.draft.type)),
              std::string(ToString(c.draft.channel))};
  return out[std::move(k)];
}

json ParseData(const std::string& data) {
  if (data.empty()) return json::object();
  json j = json::parse(data, nullptr, false);
  return j.is_object() ? j : json::object();
}

}  // namespace

// ---- histogram -----------------------------------------------------------------------------

namespace {
// Calls f(bucket, count) for each pair of Histogram::Encode's form; stops at a malformed tail.
template <typename F>
void ForEachPair(std::string_view bytes, F&& f) {
  std::size_t i = 0;
  auto get = [&](std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (i >= bytes.size()) return false;
      auto byte = static_cast<unsigned char>(bytes[i++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  };
  std::uint64_t b = 0, c = 0;
  while (i < bytes.size() && get(b) && get(c)) f(b, c);
}
}  // namespace

void Histogram::Add(std::int64_t working_minutes, std::int64_t count) {
  if (count == 0) return;
  auto bucket = static_cast<std::uint32_t>(std::clamp<std::int64_t>(working_minutes, 0, 1LL << 34) /
                                           kBucketMinutes);
  AddBucket(bucket, count);
}

void Histogram::AddBucket(std::uint32_t bucket, std::int64_t count) {
  // Appending in order (decoding, accumulating) is the common case.
  if (buckets_.empty() || buckets_.back().first < bucket) {
    buckets_.emplace_back(bucket, count);
    return;
  }
  auto it = std::lower_bound(buckets_.begin(), buckets_.end(), bucket,
                             [](const auto& p, std::uint32_t b) { return p.first < b; });
  if (it != buckets_.end() && it->first == bucket) {
    it->second += count;
  } else {
    buckets_.insert(it, {bucket, count});
  }
}

void Histogram::Merge(const Histogram& other) {
  if (other.buckets_.empty()) return;
  std::vector<std::pair<std::uint32_t, std::int64_t>> out;
  out.reserve(buckets_.size() + other.buckets_.size());
  auto a = buckets_.cbegin();
  auto b = other.buckets_.cbegin();
  while (a != buckets_.cend() || b != other.buckets_.cend()) {
    if (b == other.buckets_.cend() || (a != buckets_.cend() && a->first < b->first)) {
      out.push_back(*a++);
    } else if (a == buckets_.cend() || b->first < a->first) {
      out.push_back(*b++);
    } else {
      out.emplace_back(a->first, a->second + b->second);
      ++a;
      ++b;
    }
  }
  buckets_ = std::move(out);
}

std::int64_t Histogram::Count() const {
  std::int64_t n = 0;
  for (const auto& [b, c] : buckets_) n += c;
  return n;
}

std::optional<double> Histogram::QuantileHours(double q) const {
  auto total = Count();
  if (total <= 0) return std::nullopt;
  auto rank = static_cast<std::int64_t>(std::ceil(q * static_cast<double>(total)));
  rank = std::clamp<std::int64_t>(rank, 1, total);
  std::int64_t seen = 0;
  for (const auto& [b, c] : buckets_) {
    seen += c;
    if (seen >= rank) return static_cast<double>(b) / 10.0;
  }
  return static_cast<double>(buckets_.back().first) / 10.0;
}

std::string Histogram::Encode() const {
  std::string out;
  auto put = [&out](std::uint64_t v) {
    do {
      auto byte = static_cast<unsigned char>(v & 0x7f);
      v >>= 7;
      if (v) byte |= 0x80;
      out.push_back(static_cast<char>(byte));
    } while (v);
  };
  for (const auto& [b, c] : buckets_) {
    if (c <= 0) continue;
    put(b);
    put(static_cast<std::uint64_t>(c));
  }
  return out;
}

Histogram Histogram::Decode(std::string_view bytes) {
  Histogram h;
  ForEachPair(bytes, [&](std::uint64_t b, std::uint64_t c) {
    if (b <= 0xffffffffULL && c > 0)
      h.AddBucket(static_cast<std::uint32_t>(b), static_cast<std::int64_t>(c));
  });
  return h;
}

void HistogramAccumulator::AddEncoded(std::string_view bytes) {
  ForEachPair(bytes, [&](std::uint64_t b, std::uint64_t c) {
    if (b < kDenseBuckets) {
      if (dense_.empty()) dense_.assign(kDenseBuckets, 0);
      dense_[static_cast<std::size_t>(b)] += static_cast<std::int64_t>(c);
    } else if (b <= 0xffffffffULL) {
      tail_[static_cast<std::uint32_t>(b)] += static_cast<std::int64_t>(c);
    }
  });
}

void HistogramAccumulator::Add(const HistogramAccumulator& other) {
  if (!other.dense_.empty()) {
    if (dense_.empty()) dense_.assign(kDenseBuckets, 0);
    for (std::size_t b = 0; b < kDenseBuckets; ++b) dense_[b] += other.dense_[b];
  }
  for (const auto& [b, c] : other.tail_) tail_[b] += c;
}

Histogram HistogramAccumulator::ToHistogram() const {
  Histogram h;
  for (std::size_t b = 0; b < dense_.size(); ++b) {
    if (dense_[b] != 0) h.buckets_.emplace_back(static_cast<std::uint32_t>(b), dense_[b]);
  }
  for (const auto& [b, c] : tail_) h.buckets_.emplace_back(b, c);
  return h;
}

// ---- counters ------------------------------------------------------------------------------

void FigureCounters::Add(const FigureCounters& o) {
  received += o.received;
  answered += o.answered;
  answered_on_time += o.answered_on_time;
  due += o.due;
  due_met += o.due_met;
  rated += o.rated;
  rating_sum += o.rating_sum;
  rating_4_5 += o.rating_4_5;
  transferred += o.transferred;
  reopened += o.reopened;
  open += o.open;
  first_response.Merge(o.first_response);
  answer.Merge(o.answer);
}

bool FigureCounters::IsZero() const {
  return received == 0 && answered == 0 && answered_on_time == 0 && due == 0 && due_met == 0 &&
         rated == 0 && rating_sum == 0 && rating_4_5 == 0 && transferred == 0 && reopened == 0 &&
         open == 0 && first_response.Empty() && answer.Empty();
}

std::int32_t DayNumber(LocalDate d) {
  return static_cast<std::int32_t>(std::chrono::sys_days(d).time_since_epoch().count());
}

LocalDate DateOfDay(std::int32_t day) {
  return LocalDate(std::chrono::sys_days(std::chrono::days(day)));
}

std::int32_t MonthOf(std::int32_t day) {
  auto d = DateOfDay(day);
  return static_cast<int>(d.year()) * 100 + static_cast<int>(static_cast<unsigned>(d.month()));
}

bool IsOpenStatus(CaseStatus s) {
  return s == CaseStatus::kReceived || s == CaseStatus::kInProgress ||
         s == CaseStatus::kAwaitingCitizen;
}

// ---- facts ---------------------------------------------------------------------------------

void SetFigureFacts(CaseEvent& event, std::string_view facts_json) {
  json data = ParseData(event.data);
  data["figure"] = json::parse(facts_json);
  event.data = data.dump();
}

void RecordReceivedFacts(const CaseRecord& record, CaseEvent& received) {
  json f = {
      {"entity", record.draft.entity}, {"category", record.draft.category}, {"received", true}};
  SetFigureFacts(received, f.dump());
}

void RecordChangeFacts(const CaseRecord& before, const CaseRecord& after, const Decision& d,
                       ActionKind action, Instant now, const WorkingCalendar& cal,
                       std::vector<CaseEvent>& events) {
  json f = {{"entity", before.draft.entity}, {"category", before.draft.category}};
  bool any = false;
  if (d.first_response) {
    f["first_response_minutes"] = ClockElapsedSeconds(cal, before.clock, now) / 60;
    any = true;
  }
  if (d.resolves_cycle) {
    f["resolved"] = true;
    f["on_time"] = now <= after.due_at;
    f["due_at"] = Seconds(after.due_at);
    f["answer_minutes"] = ClockElapsedSeconds(cal, after.clock, now) / 60;
    any = true;
  }
  if (action == ActionKind::kTransfer || action == ActionKind::kMerge) {
    if (action == ActionKind::kTransfer) f["transferred"] = true;
    if (IsOpenStatus(before.status) && Dated(before.due_at) && now > before.due_at) {
      f["missed_due_at"] = Seconds(before.due_at);
    }
    any = true;
  }
  if (action == ActionKind::kReopen) {
    f["reopened"] = true;
    any = true;
  }
  if (action == ActionKind::kRate) {
    f["score"] = after.rating.value_or(0);
    any = true;
  }
  if (!any) return;
  // The facts go on the event that names the action (the first public one for a first response).
  CaseEvent* target = nullptr;
  for (auto& e : events) {
    if (e.kind == EventOf(action)) {
      target = &e;
      break;
    }
  }
  if (!target) {
    for (auto& e : events) {
      if (e.is_public) {
        target = &e;
        break;
      }
    }
  }
  if (!target && !events.empty()) target = &events.front();
  if (target) SetFigureFacts(*target, f.dump());
}

// ---- deltas --------------------------------------------------------------------------------

void EventFigures(const CaseRecord& c, const CaseEvent& e, const WorkingCalendar& cal,
                  FigureDeltas& out) {
  json data = ParseData(e.data);
  auto it = data.find("figure");
  if (it == data.end() || !it->is_object()) {
    if (e.kind == EventKind::kReceived)
      Row(out, DayOf(cal, e.at), c, c.draft.entity, c.draft.category).received += 1;
    return;
  }
  const json& f = *it;
  std::string entity = f.value("entity", c.draft.entity);
  std::string category = f.value("category", std::string());
  auto day = DayOf(cal, e.at);
  if (f.value("received", false)) Row(out, day, c, entity, category).received += 1;
  if (f.contains("first_response_minutes")) {
    Row(out, day, c, entity, category)
        .first_response.Add(f["first_response_minutes"].get<std::int64_t>());
  }
  if (f.value("resolved", false)) {
    bool on_time = f.value("on_time", false);
    auto& r = Row(out, day, c, entity, category);
    r.answered += 1;
    if (on_time) r.answered_on_time += 1;
    r.answer.Add(f.value("answer_minutes", std::int64_t{0}));
    Instant due{std::chrono::seconds(f.value("due_at", std::int64_t{0}))};
    if (Dated(due)) {
      auto& dr = Row(out, DayOf(cal, due), c, entity, category);
      dr.due += 1;
      if (on_time) dr.due_met += 1;
    }
  }
  if (f.value("transferred", false)) Row(out, day, c, entity, category).transferred += 1;
  if (f.contains("missed_due_at")) {
    Instant due{std::chrono::seconds(f["missed_due_at"].get<std::int64_t>())};
    if (Dated(due)) Row(out, DayOf(cal, due), c, entity, category).due += 1;
  }
  if (f.value("reopened", false)) Row(out, day, c, entity, category).reopened += 1;
  if (f.contains("score")) {
    int score = f["score"].get<int>();
    if (score >= 1 && score <= 5) {
      auto& r = Row(out, day, c, entity, category);
      r.rated += 1;
      r.rating_sum += score;
      if (score >= 4) r.rating_4_5 += 1;
    }
  }
}

void OpenCycleFigures(const CaseRecord& c, int sign, const WorkingCalendar& cal,
                      FigureDeltas& out) {
  (void)cal;
  if (!IsOpenStatus(c.status)) return;
  Row(out, kOpenNowDay, c, c.draft.entity, c.draft.category).open += sign;
}

FigureDeltas NewCaseFigures(const CaseRecord& record, const WorkingCalendar& cal) {
  CaseEvent received;
  received.at = record.submitted_at;
  received.kind = EventKind::kReceived;
  RecordReceivedFacts(record, received);
  return ChangeFigures(nullptr, record, {received}, cal);
}

std::vector<PeriodPart> SplitPeriod(std::int32_t from_day, std::int32_t to_day) {
  using namespace std::chrono;
  std::vector<PeriodPart> parts;
  if (to_day < from_day) return parts;
  // First whole month: the month of from_day if it starts there, else the next one.
  year_month first_ym = DateOfDay(from_day).year() / DateOfDay(from_day).month();
  if (DayNumber(first_ym / 1) != from_day) first_ym += months(1);
  // Last whole month: the month of to_day if it ends there, else the previous one.
  year_month last_ym = DateOfDay(to_day).year() / DateOfDay(to_day).month();
  if (DayNumber(last_ym / last) != to_day) last_ym -= months(1);
  if (first_ym > last_ym) {
    parts.push_back({0, from_day, to_day});
    return parts;
  }
  auto first_month_day = DayNumber(first_ym / 1);
  auto last_month_day = DayNumber(last_ym / last);
  if (from_day < first_month_day) parts.push_back({0, from_day, first_month_day - 1});
  auto ym = [](year_month m) {
    return static_cast<int>(m.year()) * 100 + static_cast<int>(static_cast<unsigned>(m.month()));
  };
  parts.push_back({1, ym(first_ym), ym(last_ym)});
  if (to_day > last_month_day) parts.push_back({0, last_month_day + 1, to_day});
  return parts;
}

FigureDeltas ChangeFigures(const CaseRecord* before, const CaseRecord& after,
                           const std::vector<CaseEvent>& new_events, const WorkingCalendar& cal) {
  FigureDeltas out;
  for (const auto& e : new_events) EventFigures(after, e, cal, out);
  OpenCycleFigures(after, +1, cal, out);
  if (before) OpenCycleFigures(*before, -1, cal, out);
  std::erase_if(out, [](const auto& kv) { return kv.second.IsZero(); });
  return out;
}

}  // namespace tawasul::domain
