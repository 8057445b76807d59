#pragma once
// Every rule that changes a stored case, in one place beside the lifecycle (lifecycle.h decides
// whether an action is allowed; these say what it writes): a staff or citizen action, the
// scheduler's warnings, breaches and escalations, and the recomputation of due times after a
// holiday or target change. Pure: each takes the case as read inside the store's write
// transaction and returns the change to write (or none), so two writers can never both pass a
// check that only one should (the store serialises them per case).

#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/figures.h"
#include "domain/lifecycle.h"
#include "domain/sla.h"

namespace tawasul::domain {

// How a message travels (docs/notifications.md "Channels").
enum class MessageChannel { kEmail, kSms, kWebhook };
std::string_view ToString(MessageChannel channel);
std::optional<MessageChannel> ParseMessageChannel(std::string_view s);

// A message to deliver after the change commits (the outbox, written in the same transaction).
struct OutboxMessage {
  Instant created_at{};
  std::string kind;       // the message: "received", "answered", "breach", "escalation", ...
  std::string recipient;  // "case" (its contact), "role:supervisor@MOW", "role:admin", "user:12"
  std::string payload;    // JSON: the values its template may use
  MessageChannel channel = MessageChannel::kEmail;
  Language language = Language::kArabic;
  std::string masked;     // the citizen's address as staff may see it; "" for staff
  bool essential = true;  // false: the citizen may unsubscribe (reminders)
  std::string secret;     // an access code to deliver once; cleared when the message is final
};

// A message to staff (`recipient` a role or a user), in Arabic, by email.
OutboxMessage StaffMessage(Instant now, std::string kind, std::string recipient,
                           std::string payload);

// What one decision writes to a case.
struct CaseChange {
  bool apply = false;             // false: write nothing
  CaseRecord next;                // the row after the change
  std::vector<CaseEvent> events;  // appended in order, hash-chained
  std::vector<OutboxMessage> outbox;
  // Kinds of citizen message this change would send to a citizen who cannot be reached (no
  // contact, or the choice "none"): no outbox row of their own, still announced to webhooks.
  std::vector<std::string> unsent;
  FigureDeltas figures;  // added to the aggregates in the same transaction
  // Submission fields (SubmissionValues' names) whose stored value and salt the store removes in
  // the same transaction (erasure, domain/erasure.h); the events must list them in data.erased.
  std::vector<std::string> erased;
};

// The lifecycle state of a stored case.
CaseState StateOf(const CaseRecord& record);

// The change `action` by `actor` makes to the case `current` at `now`, with the calendar and
// targets in force (the clock rules at the top of case_rules.cpp, the figure facts and deltas of
// figures.h). `decision` receives the lifecycle's decision; the change applies only when it is
// kOk. Used by live actions and by `tawasul import` (replaying a history).
CaseChange PlanCaseAction(const WorkingCalendar& calendar, const TargetTable& targets,
                          const CaseRecord& current, const Actor& actor, const Action& action,
                          Instant now, Decision& decision);

// The scheduler's decisions, each taken on the case as it is now (no change when the condition
// no longer holds: answered, paused, already recorded, due time moved by an extension...):
// a breach of the resolution clock (`resolution`) or of the first-response clock, recorded once
// per cycle and sent to the entity's supervisors;
CaseChange BreachChange(const CaseRecord& current, bool resolution, Instant now);
// the 75% warning to the assignee (or, unassigned, the entity's agents), once per cycle;
CaseChange WarningChange(const CaseRecord& current, Instant now);
// the escalation to central administration of a breach still unresolved at `before`.
CaseChange EscalationChange(const CaseRecord& current, Instant before, Instant now);

// An open case's due times recomputed with the calendar and (when `retarget`) the targets in
// force: a "due_recomputed" event when a promise moved, a silent update when only a target or
// the warning instant changed, nothing otherwise.
CaseChange RecomputeChange(const WorkingCalendar& calendar, const TargetTable& targets,
                           const CaseRecord& current, const std::string& reason, bool retarget,
                           const std::string& actor, Instant now);

}  // namespace tawasul::domain
