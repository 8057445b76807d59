// Targets and clocks: the part of the SLA that turns a case's history into due times.
//
// The public figures ("99% answered within the required time") are only as honest as these
// rules, so they are few, total and pure:
//   * A target is resolved by exact-key look-ups in a fixed order of specificity, never by
//     scanning: eight probes, so resolving stays O(1) however many rules admins add, and the
//     winning rule is returned whole so the case history can say which rule applied.
//   * A due time is a function of (start, target, extension, pauses, calendar) and nothing else:
//     no clock reads, no state. Recomputing after a holiday or target changes is calling it
//     again; the tests check that it is deterministic and monotone: a larger target or an added
//     pause never makes a due time earlier, nor does an added holiday, with one exception that
//     follows from measuring pauses in working seconds while targets count working days (a days
//     target or extension, and a pause over the new holiday: the pause loses the holiday's hours
//     while the count moves on by one possibly shorter day; docs/sla.md, worked example).
//   * Pauses are normalised first (clipped to start, sorted, merged), so overlapping or
//     duplicated pause records can never count paused time twice.
//   * The pause rule is the "clock stops" model: walking pauses in time order, a pause that
//     began before the due time as moved so far moves it later by the pause's working time.
//     For minute targets this is exactly "due when the unpaused working time reaches the
//     target"; for day targets it is DESIGN.md's "the due time moves later by the working time
//     spent paused". A pause that began once the clock had run out changes nothing, so asking
//     the citizen for information cannot un-breach a late case.
//   * Impossible inputs do not throw: amounts beyond the limits and calendars without working
//     days give kNeverDue; an open pause before the due time gives nullopt (clock stopped).

#include "domain/sla.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>

namespace tawasul::domain {
namespace {

// The case type names of DESIGN.md section 2 (case.h's CaseType, by name, so that targets can
// be validated without linking the case record).
constexpr std::array<std::string_view, 4> kCaseTypeNames = {"complaint", "suggestion", "inquiry",
                                                            "compliment"};

void SetError(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
}

// Key fields joined by a separator that cannot appear in an entity code, type or category code
// (the unit separator control character).
std::string KeyOf(std::string_view entity, std::string_view type, std::string_view category) {
  std::string key;
  key.reserve(entity.size() + type.size() + category.size() + 2);
  key.append(entity).push_back('\x1f');
  key.append(type).push_back('\x1f');
  key.append(category);
  return key;
}

Target Days(std::int64_t n) { return Target{TargetUnit::kWorkingDays, n}; }

// Sorted by start, clipped to [start, ...), empty ones dropped, overlapping or touching ones
// merged; an open pause absorbs every later one.
std::vector<Pause> NormalisePauses(Instant start, const std::vector<Pause>& pauses) {
  std::vector<Pause> sorted;
  for (const Pause& p : pauses) {
    Pause clipped{std::max(p.from, start), p.to};
    if (clipped.to && *clipped.to <= clipped.from) continue;
    sorted.push_back(clipped);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const Pause& a, const Pause& b) { return a.from < b.from; });
  std::vector<Pause> merged;
  for (const Pause& p : sorted) {
    if (!merged.empty()) {
      Pause& last = merged.back();
      if (!last.to) break;  // still paused: nothing after it matters
      if (p.from <= *last.to) {
        if (!p.to || *p.to > *last.to) last.to = p.to;
        continue;
      }
    }
    merged.push_back(p);
  }
  return merged;
}

}  // namespace

// ---- targets -----------------------------------------------------------------------------------

std::string_view TargetUnitName(TargetUnit unit) {
  return unit == TargetUnit::kWorkingMinutes ? "working_minutes" : "working_days";
}

std::optional<TargetUnit> ParseTargetUnit(std::string_view name) {
  if (name == "working_days") return TargetUnit::kWorkingDays;
  if (name == "working_minutes") return TargetUnit::kWorkingMinutes;
  return std::nullopt;
}

bool IsValidTarget(const Target& target) {
  if (target.unit == TargetUnit::kWorkingDays) {
    return target.amount >= 0 && target.amount <= kMaxTargetWorkingDays;
  }
  return target.amount >= 1 && target.amount <= kMaxTargetWorkingMinutes;
}

std::string FormatTarget(const Target& target) {
  const bool one = target.amount == 1;
  const char* unit = target.unit == TargetUnit::kWorkingDays
                         ? (one ? " working day" : " working days")
                         : (one ? " working minute" : " working minutes");
  return std::to_string(target.amount) + unit;
}

int Specificity(const TargetRule& rule) {
  return (rule.category.empty() ? 0 : 4) + (rule.entity.empty() ? 0 : 2) +
         (rule.type.empty() ? 0 : 1);
}

std::vector<TargetRule> DefaultTargetRules() {
  return {
      {"", "", "", Days(2), Days(14)},           {"", "complaint", "", Days(2), Days(14)},
      {"", "suggestion", "", Days(2), Days(14)}, {"", "inquiry", "", Days(2), Days(5)},
      {"", "compliment", "", Days(2), Days(5)},
  };
}

TargetTable::TargetTable() {
  for (TargetRule& rule : DefaultTargetRules()) {
    by_key_.insert_or_assign(KeyOf(rule.entity, rule.type, rule.category), std::move(rule));
  }
}

std::optional<TargetTable> TargetTable::Create(std::vector<TargetRule> rules, std::string* error) {
  TargetTable table;
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const TargetRule& rule = rules[i];
    const std::string where = "rule " + std::to_string(i + 1) + ": ";
    if (!rule.type.empty() && std::find(kCaseTypeNames.begin(), kCaseTypeNames.end(), rule.type) ==
                                  kCaseTypeNames.end()) {
      SetError(error, where + "unknown type '" + rule.type + "'");
      return std::nullopt;
    }
    if (!IsValidTarget(rule.first_response) || !IsValidTarget(rule.resolution)) {
      SetError(error, where + "targets must be 0.." + std::to_string(kMaxTargetWorkingDays) +
                          " working days or 1.." + std::to_string(kMaxTargetWorkingMinutes) +
                          " working minutes");
      return std::nullopt;
    }
    std::string key = KeyOf(rule.entity, rule.type, rule.category);
    if (const auto it = seen.find(key); it != seen.end()) {
      SetError(error,
               where + "same entity, type and category as rule " + std::to_string(it->second + 1));
      return std::nullopt;
    }
    seen.emplace(key, i);
    table.by_key_.insert_or_assign(std::move(key), rule);
  }
  table.rules_ = std::move(rules);
  return table;
}

TargetRule TargetTable::Resolve(std::string_view entity, std::string_view type,
                                std::string_view category) const {
  // Probes in descending Specificity (7..0). A query field that is empty probes the "any"
  // rule for that field, which is exactly the rule that matches an unset field.
  const std::string_view none;
  const std::array<std::string, 8> probes = {
      KeyOf(entity, type, category), KeyOf(entity, none, category), KeyOf(none, type, category),
      KeyOf(none, none, category),   KeyOf(entity, type, none),     KeyOf(entity, none, none),
      KeyOf(none, type, none),       KeyOf(none, none, none),
  };
  for (const std::string& key : probes) {
    if (const auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  }
  assert(false && "the built-in default rule is always present");
  return DefaultTargetRules().front();
}

// ---- clocks ------------------------------------------------------------------------------------

Instant DueAfterTarget(const WorkingCalendar& calendar, Instant start, const Target& target) {
  const std::int64_t amount = std::max<std::int64_t>(target.amount, 0);
  if (target.unit == TargetUnit::kWorkingDays) {
    if (amount > kMaxTargetWorkingDays) return kNeverDue;
    return calendar.DueAfterWorkingDays(start, static_cast<int>(amount));
  }
  if (amount > kMaxTargetWorkingMinutes) return kNeverDue;
  return calendar.DueAfterWorkingMinutes(start, amount);
}

namespace {

// Moves a due time by an extension (see ComputeDue's contract).
Instant Extend(const WorkingCalendar& calendar, Instant due, const Target& extension) {
  if (due == kNeverDue) return kNeverDue;
  // The working day on which `due` falls, counting a close as part of its own day, is the
  // receipt day of the second before it; from there the days rule applies unchanged.
  if (extension.unit == TargetUnit::kWorkingDays) {
    return DueAfterTarget(calendar, due - std::chrono::seconds{1}, extension);
  }
  const std::int64_t minutes = std::max<std::int64_t>(extension.amount, 0);
  if (minutes > kMaxTargetWorkingMinutes) return kNeverDue;
  return calendar.DueAfterWorkingMinutes(due, minutes);
}

}  // namespace

std::optional<Instant> ComputeDue(const WorkingCalendar& calendar, const ClockInput& input) {
  Instant due = DueAfterTarget(calendar, input.start, input.target);
  if (input.extension) due = Extend(calendar, due, *input.extension);
  for (const Pause& pause : NormalisePauses(input.start, input.pauses)) {
    if (pause.from >= due) break;  // the clock had run out before this pause
    if (!pause.to) return std::nullopt;
    due =
        calendar.DueAfterWorkingSeconds(due, calendar.WorkingSecondsBetween(pause.from, *pause.to));
  }
  return due;
}

std::int64_t ElapsedWorkingSeconds(const WorkingCalendar& calendar, Instant start, Instant end,
                                   const std::vector<Pause>& pauses) {
  if (end <= start) return 0;
  std::int64_t elapsed = calendar.WorkingSecondsBetween(start, end);
  for (const Pause& pause : NormalisePauses(start, pauses)) {
    if (pause.from >= end) break;
    const Instant to = pause.to ? std::min(*pause.to, end) : end;
    elapsed -= calendar.WorkingSecondsBetween(pause.from, to);
  }
  return elapsed;
}

// ---- cycles ------------------------------------------------------------------------------------

Cycle StartCycle(const TargetTable& table, int number, CycleKind kind, std::string entity,
                 std::string_view type, std::string_view category, Instant start) {
  const TargetRule rule = table.Resolve(entity, type, category);
  Cycle cycle;
  cycle.number = number;
  cycle.kind = kind;
  cycle.entity = std::move(entity);
  cycle.start = start;
  if (kind != CycleKind::kReopened) {
    cycle.first_response = ClockInput{start, rule.first_response, {}, {}};
  }
  cycle.resolution = ClockInput{start, rule.resolution, {}, {}};
  return cycle;
}

}  // namespace tawasul::domain
