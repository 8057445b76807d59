#pragma once
// The case lifecycle (DESIGN.md §2, docs/API.md "Citizen actions" and "Staff"): which actor may
// do which action to a case in which status, and what follows. Pure: no I/O, no clock, no store.
// The store keeps a CaseState projection on the case row, calls Decide, and on kOk appends the
// returned events and writes the returned state; on anything else it changes nothing and the
// HTTP layer maps the outcome to 404/403/409/422. The rules and the choices made where the
// design is silent are listed at the top of lifecycle.cpp.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/time.h"

namespace tawasul::domain {

// kCallCentre: national staff who enter cases for callers and visitors (channel phone or
// counter); they take no action on a case and see no inbox.
enum class Role { kCitizen, kAgent, kSupervisor, kAdmin, kAuditor, kSystem, kCallCentre };

// Who acts. `user_id` identifies staff (events name them "user:<id>"); `entity` is the entity
// code of an agent or supervisor and is ignored for the other roles. A citizen is whoever the
// API layer authorised for this case (access code, owner's session).
struct Actor {
  Role role = Role::kCitizen;
  std::int64_t user_id = 0;
  std::string entity;
};

enum class ActionKind {
  // Staff actions (POST /api/v1/cases/{reference}/actions).
  kAssign,
  kReply,
  kNote,
  kRequestInfo,
  kAnswer,
  kReject,
  kTransfer,
  kExtend,
  kMerge,
  // Citizen actions (/replies, /rating, /reopen).
  kCitizenReply,
  kRate,
  kReopen,
  // Scheduler actions.
  kAutoClose,
  kInfoTimeout,
};
inline constexpr int kActionKindCount = 14;

enum class RejectReason { kOutOfScope, kDuplicate, kInsufficientInformation, kAbusive, kOther };

// One requested action. Only the fields of its kind are read:
//   assign: assignee · reply, note, request_info, answer, citizen_reply: body ·
//   reject: reason, body · transfer: entity (the receiving one), body (the reason) ·
//   extend: working_days, body (the reason) · merge: into (a reference) ·
//   rate: score, body (optional comment) · reopen: body (the reason).
struct Action {
  ActionKind kind = ActionKind::kNote;
  std::string body;
  std::int64_t assignee = 0;
  // assign: the assignee as the service found them. Only the agents and supervisors of the
  // case's own entity may be assigned (checked here, on the row being changed); an unknown or
  // inactive user leaves both empty, so an unknown and a foreign assignee get the same answer
  // and staff emails cannot be enumerated.
  std::string assignee_entity;
  bool assignee_handles_cases = false;
  std::string entity;
  RejectReason reason{};
  int working_days = 0;
  std::string into;
  int score = 0;
};

// The lifecycle-relevant state of a case (a projection the store keeps on the case row).
struct CaseState {
  CaseStatus status = CaseStatus::kReceived;
  std::string entity;
  std::int64_t assignee = 0;  // 0: unassigned
  int cycle = 1;              // resolution cycle; +1 on transfer and on reopen
  bool extended_this_cycle = false;
  std::optional<Instant> answered_at;  // the answer the rating/reopen windows run from
  bool rated_this_answer = false;
  int reopen_count = 0;
  std::optional<Instant> first_response_at;  // first public response of the entity's cycle
  std::string reference;  // canonical reference, when known: refuses merging a case into itself

  friend bool operator==(const CaseState&, const CaseState&) = default;
};

enum class Outcome {
  kOk,
  kNotFound,   // 404: a case of another entity (never reveals that it exists)
  kForbidden,  // 403: the role may not do this action
  kConflict,   // 409: the status (or a window, a limit) does not allow it
  kInvalid,    // 422: bad input (empty body, score 0, transfer to the same entity, ...)
};

struct Decision {
  Outcome outcome = Outcome::kOk;
  std::string code;  // empty on kOk; else a machine reason, e.g. "illegal_transition"
  CaseState next;    // the state to store; equal to the input state unless kOk
  // Events to append, in order (seq left 0 for the store; at = now). Kinds as in the API
  // timeline: received reply note request_info citizen_reply answer reject transfer extend
  // merge rate reopen close assign info_timeout.
  std::vector<CaseEvent> events;
  bool first_response = false;    // this action is the cycle's first public response
  bool resolves_cycle = false;    // answer or reject: the resolution clock is met now
  bool pauses_clock = false;      // a pause interval starts now (request_info)
  bool resumes_clock = false;     // the open pause interval ends now (leaving awaiting_citizen)
  bool starts_new_cycle = false;  // receipt, transfer or reopen: new clocks from now
};

inline constexpr auto kRatingWindow = std::chrono::days(14);
inline constexpr auto kReopenWindow = std::chrono::days(14);
inline constexpr auto kAutoCloseAfter = std::chrono::days(14);
inline constexpr int kMaxReopens = 2;
inline constexpr int kMaxExtensionWorkingDays = 30;
// A rating at or below this keeps the case answered, so the citizen may still reopen it (the
// appeal path of DESIGN.md §2); a higher rating closes the case.
inline constexpr int kAppealMaxScore = 2;

// Decides `action` by `actor` on a case in `state` at instant `now`. Never mutates its inputs.
// Checks, in this order, and stops at the first failure: entity scope (agent or supervisor of
// another entity -> kNotFound), role (kForbidden), status, windows and limits (kConflict), input
// (kInvalid). On kOk, `next` is the new state and `events` what to append; otherwise `next`
// equals `state`, `events` is empty, every flag is false and `code` names the reason.
Decision Decide(const CaseState& state, const Actor& actor, const Action& action, Instant now);

// The first state and "received" event of a new case of `entity`, whoever entered it and by
// whatever channel: a case entered by call-centre or counter staff starts its clocks exactly as
// one a citizen submits (starts_new_cycle). Auditors may not enter cases (kForbidden); an empty
// entity is kInvalid "entity_required". The submission itself is validated by intake.h.
Decision Receive(std::string_view entity, const Actor& submitter, Instant now);

// The actions `actor` may offer for a case in `state` at `now`, in ActionKind order: exactly
// those for which Decide, given valid input, returns kOk. (An agent's kAssign means "assign to
// myself".) Empty for a case of another entity and for auditors.
std::vector<ActionKind> AvailableActions(const CaseState& state, const Actor& actor, Instant now);

// The event an action records, under the action's own name; auto_close records kClose, like
// every move into closed.
EventKind EventOf(ActionKind kind);
// API names: "assign", "reply", "note", "request_info", "answer", "reject", "transfer",
// "extend", "merge", "citizen_reply", "rate", "reopen", "auto_close", "info_timeout": the names
// of their events (event_kind.h: one table), but "auto_close".
std::string_view ToString(ActionKind kind);
// Parses the "action" field of the staff endpoint: only the nine staff actions, exact
// lowercase names; anything else (including citizen and scheduler actions) -> nullopt.
std::optional<ActionKind> ParseStaffAction(std::string_view s);

// "out_of_scope", "duplicate", "insufficient_information", "abusive", "other".
std::string_view ToString(RejectReason reason);
std::optional<RejectReason> ParseRejectReason(std::string_view s);

std::string_view ToString(Role role);  // "citizen", "agent", "supervisor", ...
// A staff account's role by name: agent, supervisor, admin or auditor (exact lowercase);
// anything else, citizen and system included, -> nullopt.
std::optional<Role> ParseStaffRole(std::string_view s);
// Agents and supervisors belong to an entity; admins and auditors are central (no entity).
bool IsEntityRole(Role role);
// Staff who may enter a case for a caller or a visitor (channels phone and counter): the call
// centre, administrators, and an entity's agents and supervisors at its counters.
bool MayEnterCasesForCallers(Role role);
// Staff who read cases (inbox, search, case pages, dashboards): agents and supervisors of their
// entity, administrators and auditors everywhere. The call centre enters cases and reads none.
bool MayReadCases(Role role);

// Whether `viewer` may see the submitter's identity (name, email, phone) on a case. For an
// anonymous case only central admins and auditors may, plus the citizen (it is their own data)
// and the system (the outbox must reach the citizen); entity agents and supervisors may not.
// Everyone with access to a case that is not anonymous may.
bool CanSeeCitizenIdentity(const Actor& viewer, bool anonymous);

}  // namespace tawasul::domain
