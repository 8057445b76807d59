#pragma once
// What became of a suggestion (issue 19, item 2; docs/design.md "Suggestions carried to the
// end"). The entity that received a suggestion records its outcome, stage by stage:
//
//     (none) ─▶ under_study ─▶ accepted ─▶ in_progress ─▶ implemented
//        │           │            │         ▲     │
//        └───────────┴────────────┴▶ declined    └─┘ (progress and milestones)
//
// Invariants:
//  * The history is the only source of truth: every recording is one public, hash-chained
//    "suggestion_outcome" event whose data holds the stage and its details; the current outcome
//    is OutcomeOf(history), a fold over those events. A read model (the public page) is derived
//    from the same fold in the same transaction.
//  * Only cases of type suggestion have an outcome, and only the agents and supervisors of the
//    case's entity record it (another entity's staff: kNotFound, as for every case action; any
//    other role: kForbidden).
//  * The outcome is independent of the case's answer/close lifecycle: it may be recorded on a
//    closed case (a suggestion is usually answered "under study" and closed long before it is
//    implemented), and it never changes the case row, its clocks or its figures.
//  * implemented and declined are final. declined needs a reason and is allowed only from no
//    outcome, under_study or accepted; implemented only from in_progress, with a public summary
//    (the only text of the case the public page shows, written by staff for the public).
//  * in_progress may be recorded again to move the progress (0..100) or add a dated milestone;
//    a recording that changes nothing is refused. Fields a stage does not take are refused,
//    never silently dropped.
//  * Pure: no I/O, no clock (the instant is given).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/case_rules.h"
#include "domain/intake.h"
#include "domain/lifecycle.h"

namespace tawasul::domain {

enum class SuggestionStage { kUnderStudy, kAccepted, kInProgress, kImplemented, kDeclined };
// "under_study", "accepted", "in_progress", "implemented", "declined".
std::string_view ToString(SuggestionStage stage);
std::optional<SuggestionStage> ParseSuggestionStage(std::string_view s);

inline constexpr std::size_t kMilestoneTextMax = 200;
inline constexpr std::size_t kOutcomeReasonMax = 1000;
inline constexpr std::size_t kOutcomeSummaryMax = 500;

struct Milestone {
  LocalDate date{};
  std::string text;
  friend bool operator==(const Milestone&, const Milestone&) = default;
};

// One recording as requested, each field as given (absent: nullopt), before validation.
// `milestone_date`/`milestone_text` are the members of "milestone".
struct OutcomeRequest {
  std::optional<std::string> stage;
  std::optional<int> progress;
  std::optional<std::string> milestone_date, milestone_text;
  std::optional<std::string> reason;
  std::optional<std::string> summary;
};

// The outcome as of a history: the latest stage and what was recorded with it.
struct SuggestionOutcome {
  std::optional<SuggestionStage> stage;  // nullopt: nothing recorded yet
  int progress = 0;
  std::vector<Milestone> milestones;  // in the order recorded
  std::string reason;                 // declined
  std::string summary;                // implemented: the public summary
  std::optional<Instant> updated_at, accepted_at, implemented_at, declined_at;
  friend bool operator==(const SuggestionOutcome&, const SuggestionOutcome&) = default;
};

// The fold over a case's history (events of other kinds are ignored; a malformed event's data
// is skipped, never thrown on).
SuggestionOutcome OutcomeOf(const std::vector<CaseEvent>& events);

// The stages that may follow `from` (nullopt: nothing recorded yet), in enum order.
std::vector<SuggestionStage> NextStages(std::optional<SuggestionStage> from);

struct OutcomeDecision {
  Outcome outcome = Outcome::kOk;
  std::string code;   // e.g. "not_a_suggestion", "illegal_transition", "required"
  std::string field;  // the field a kInvalid names ("stage", "progress", "milestone.date", ...)
  CaseChange change;  // kOk: the event to append and the citizen's message
};

// Decides one recording by `actor` on `current` (whose history gives `outcome`) at `now`.
// Checks, in this order: entity scope (kNotFound), role (kForbidden), the case's type
// (kConflict "not_a_suggestion"), the input (kInvalid naming the field), the transition
// (kConflict "illegal_transition", or "no_change"). On kOk the change appends one public
// "suggestion_outcome" event by "user:<id>" with data {"stage", "progress", "milestone":
// {"date","text"}, "reason", "summary"} (only the members given), leaves the row as it is, and
// tells the citizen (kind "suggestion_outcome") when they can be reached.
OutcomeDecision DecideOutcome(const CaseRecord& current, const SuggestionOutcome& outcome,
                              const Actor& actor, const OutcomeRequest& request, Instant now);

}  // namespace tawasul::domain
