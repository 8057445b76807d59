#pragma once
// Service-level targets and clocks (DESIGN.md section 3): which target applies to a case, and
// when each clock of a case cycle is due. Pure functions of their inputs; docs/sla.md states
// the rules as implemented, with worked examples.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/calendar.h"
#include "domain/time.h"

namespace tawasul::domain {

// ---- targets -----------------------------------------------------------------------------------

enum class TargetUnit { kWorkingDays, kWorkingMinutes };

// "working_days", "working_minutes" (the names used in JSON, CSV and the database).
std::string_view TargetUnitName(TargetUnit unit);
std::optional<TargetUnit> ParseTargetUnit(std::string_view name);

struct Target {
  TargetUnit unit = TargetUnit::kWorkingDays;
  std::int64_t amount = 0;
  friend bool operator==(const Target&, const Target&) = default;
};

// Bounds a valid target keeps to: 0..kMaxTargetWorkingDays working days (0 = by the close of
// the receipt day), 1..kMaxTargetWorkingMinutes working minutes (a zero-minute target would be
// due at the instant of receipt, which no one can meet).
inline constexpr std::int64_t kMaxTargetWorkingDays = 3660;
inline constexpr std::int64_t kMaxTargetWorkingMinutes = kMaxTargetWorkingDays * 24 * 60;
bool IsValidTarget(const Target& target);

// The published form: "14 working days", "1 working day", "90 working minutes".
std::string FormatTarget(const Target& target);

// Targets of one (entity, type, category) key. An empty key field matches anything. `type` is a
// case type name of DESIGN.md section 2 ("complaint", "suggestion", "inquiry", "compliment"):
// strings keep the SLA engine independent of the case record.
struct TargetRule {
  std::string entity;
  std::string type;
  std::string category;
  Target first_response;
  Target resolution;
  friend bool operator==(const TargetRule&, const TargetRule&) = default;
};

// 4 * [category set] + 2 * [entity set] + 1 * [type set]: the higher wins. Ordered, most
// specific first: category+type+entity, category+entity, category+type, category, type+entity,
// entity, type, default (7..0); keys are unique, so there is never a tie.
int Specificity(const TargetRule& rule);

// The built-in rules of DESIGN.md section 3, type-only plus the empty default: inquiry and
// compliment 5 working days, complaint and suggestion 14; first response 2 working days; the
// default (an unknown type) is 14 and 2.
std::vector<TargetRule> DefaultTargetRules();

// Resolves targets, most specific rule first. Immutable after construction; safe to share.
class TargetTable {
 public:
  // The built-in rules only.
  TargetTable();
  // The built-in rules overlaid with `rules` (a rule with the same key as a built-in one
  // replaces it). Returns nullopt with a message naming the rule (1-based) when a rule has an
  // unknown type, an invalid target, or the same key as an earlier rule.
  static std::optional<TargetTable> Create(std::vector<TargetRule> rules, std::string* error);

  // The winning rule for a case (its key fields say which rule it was, for the audit trail).
  // Pass an empty category for a case routed by entity only. Always finds a rule: the default.
  TargetRule Resolve(std::string_view entity, std::string_view type,
                     std::string_view category) const;

  // The rules given to Create, in their order (without the built-in ones).
  const std::vector<TargetRule>& Rules() const { return rules_; }

 private:
  std::vector<TargetRule> rules_;
  std::unordered_map<std::string, TargetRule> by_key_;  // built-in and given, by exact key
};

// ---- clocks ------------------------------------------------------------------------------------

// An interval during which the clock stood still (the case was awaiting the citizen).
struct Pause {
  Instant from;
  std::optional<Instant> to;  // nullopt: still paused
  friend bool operator==(const Pause&, const Pause&) = default;
};

// Everything a clock's due time depends on (DESIGN.md: the due time is a pure function of these
// and the calendar).
struct ClockInput {
  Instant start;  // receipt, transfer or reopen instant of the cycle
  Target target;
  std::vector<Pause> pauses;  // any order; overlaps are merged; parts before start are ignored
  std::optional<Target> extension;  // at most one (DESIGN.md: a supervisor extends once)
};

// The due time from start with no pause or extension: for working days, the close of the
// amount-th working day after the receipt day; for working minutes, the end of the amount-th
// working minute counted from start. Amounts above the limits of IsValidTarget give kNeverDue,
// negative ones count as 0.
Instant DueAfterTarget(const WorkingCalendar& calendar, Instant start, const Target& target);

// The due time of a clock: the base due time (DueAfterTarget), moved by the extension (working
// days: to the close of the extension's amount-th working day after the working day on which
// the base due time falls, so a days target plus a days extension is simply N + E working days;
// working minutes: that many working minutes later), then moved later by the working time of
// each pause that began before the due time as moved so far (a pause beginning at or after it
// came after the clock had run out and changes nothing). nullopt while an open pause that began
// before the due time stops the clock. kNeverDue when the calendar runs out of working days.
// Never earlier for a larger target or extension, or an added pause; never earlier for an added
// holiday except when the clock counts working days and a pause overlaps that holiday.
std::optional<Instant> ComputeDue(const WorkingCalendar& calendar, const ClockInput& input);

// Working seconds in [start, end) outside every pause (an open pause runs to `end`): the
// "working hours to first response / to answer" of the figures. 0 when end <= start.
std::int64_t ElapsedWorkingSeconds(const WorkingCalendar& calendar, Instant start, Instant end,
                                   const std::vector<Pause>& pauses);

// ---- cycles ------------------------------------------------------------------------------------

// Why a cycle began. A transfer starts a new cycle at the receiving entity with both clocks and
// its own targets; a reopen starts a new resolution clock only (the citizen already had a
// response); earlier cycles' results stand.
enum class CycleKind { kReceived, kTransferred, kReopened };

struct Cycle {
  int number = 1;  // 1-based within the case
  CycleKind kind = CycleKind::kReceived;
  std::string entity;
  Instant start;
  std::optional<ClockInput> first_response;  // none for kReopened
  ClockInput resolution;
};

// The clocks of a new cycle, with the targets `table` resolves for (entity, type, category),
// starting at `start`, without pauses or extension (the caller adds them as events arrive).
Cycle StartCycle(const TargetTable& table, int number, CycleKind kind, std::string entity,
                 std::string_view type, std::string_view category, Instant start);

}  // namespace tawasul::domain
