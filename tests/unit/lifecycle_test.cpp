#include "domain/lifecycle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tawasul::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;

constexpr std::array<CaseStatus, 5> kAllStatuses = {CaseStatus::kReceived, CaseStatus::kInProgress,
                                                    CaseStatus::kAwaitingCitizen,
                                                    CaseStatus::kAnswered, CaseStatus::kClosed};
constexpr std::array<Role, 7> kAllRoles = {Role::kCitizen,   Role::kAgent,   Role::kSupervisor,
                                           Role::kAdmin,     Role::kAuditor, Role::kSystem,
                                           Role::kCallCentre};

std::vector<ActionKind> AllKinds() {
  std::vector<ActionKind> kinds;
  for (int i = 0; i < kActionKindCount; ++i) kinds.push_back(static_cast<ActionKind>(i));
  return kinds;
}

const Instant kNow = Instant{std::chrono::sys_days{std::chrono::year{2025} / 6 / 4}} + 10h;
const Instant kAnsweredAt = kNow - days(1);
constexpr std::int64_t kAgentId = 7;
constexpr std::int64_t kSupervisorId = 8;
constexpr std::int64_t kAdminId = 1;
constexpr std::int64_t kOtherAgentId = 9;

Actor MakeActor(Role role, std::string entity = "MOW") {
  Actor a;
  a.role = role;
  switch (role) {
    case Role::kAgent:
      a.user_id = kAgentId;
      break;
    case Role::kSupervisor:
      a.user_id = kSupervisorId;
      break;
    case Role::kAdmin:
      a.user_id = kAdminId;
      break;
    case Role::kAuditor:
      a.user_id = 2;
      break;
    default:
      break;
  }
  if (role == Role::kAgent || role == Role::kSupervisor) a.entity = std::move(entity);
  return a;
}

// A case of MOW in `status`, as the store would project it.
CaseState StateIn(CaseStatus status) {
  CaseState s;
  s.status = status;
  s.entity = "MOW";
  s.reference = "25-0000001-3";
  if (status != CaseStatus::kReceived) {
    s.assignee = kAgentId;
    s.first_response_at = kNow - days(3);
  }
  if (status == CaseStatus::kAnswered) s.answered_at = kAnsweredAt;
  if (status == CaseStatus::kClosed) s.answered_at = kNow - days(20);
  return s;
}

// An action with only its kind set (every input field empty or zero).
Action Bare(ActionKind kind) {
  Action a;
  a.kind = kind;
  return a;
}

// Valid input for every kind (the agent assigns to themselves).
Action ValidAction(ActionKind kind) {
  Action a;
  a.kind = kind;
  a.body = "نص / some text";
  a.assignee = kAgentId;
  a.assignee_entity = "MOW";  // the entity of StateIn's cases
  a.assignee_handles_cases = true;
  a.entity = "MOH";
  a.reason = RejectReason::kOutOfScope;
  a.working_days = 5;
  a.into = "25-0000002-8";
  a.score = 4;
  return a;
}

// The instant at which `kind` is tried in the matrices: auto_close needs a due case.
Instant NowFor(ActionKind kind) {
  return kind == ActionKind::kAutoClose ? kAnsweredAt + kAutoCloseAfter : kNow;
}

// The role that may do `kind` in the matrices: supervisor for staff actions.
Role RoleFor(ActionKind kind) {
  switch (kind) {
    case ActionKind::kCitizenReply:
    case ActionKind::kRate:
    case ActionKind::kReopen:
      return Role::kCitizen;
    case ActionKind::kAutoClose:
    case ActionKind::kInfoTimeout:
      return Role::kSystem;
    default:
      return Role::kSupervisor;
  }
}

// A status in which `kind` is legal.
CaseStatus LegalStatusFor(ActionKind kind) {
  switch (kind) {
    case ActionKind::kRate:
    case ActionKind::kReopen:
    case ActionKind::kAutoClose:
      return CaseStatus::kAnswered;
    case ActionKind::kInfoTimeout:
      return CaseStatus::kAwaitingCitizen;
    default:
      return CaseStatus::kInProgress;
  }
}

// Expects a refusal that changed nothing.
void ExpectRefused(const Decision& d, const CaseState& before, Outcome outcome,
                   const std::string& code = "") {
  EXPECT_EQ(d.outcome, outcome);
  if (!code.empty()) {
    EXPECT_EQ(d.code, code);
  }
  EXPECT_FALSE(d.code.empty());
  EXPECT_EQ(d.next, before);
  EXPECT_TRUE(d.events.empty());
  EXPECT_FALSE(d.first_response || d.resolves_cycle || d.pauses_clock || d.resumes_clock ||
               d.starts_new_cycle);
}

// Runs an action that must succeed and returns the new state.
CaseState Must(const CaseState& s, const Actor& actor, const Action& action, Instant now) {
  Decision d = Decide(s, actor, action, now);
  EXPECT_EQ(d.outcome, Outcome::kOk) << ToString(action.kind) << ": " << d.code;
  return d.next;
}

// --- Every action in every status ------------------------------------------------------------

constexpr std::optional<CaseStatus> X = std::nullopt;  // 409
constexpr auto R = CaseStatus::kReceived;
constexpr auto P = CaseStatus::kInProgress;
constexpr auto W = CaseStatus::kAwaitingCitizen;
constexpr auto A = CaseStatus::kAnswered;
constexpr auto C = CaseStatus::kClosed;

struct MatrixRow {
  ActionKind kind;
  // Next status from received, in_progress, awaiting_citizen, answered, closed; X: conflict.
  std::array<std::optional<CaseStatus>, 5> next;
};

const std::vector<MatrixRow> kStatusMatrix = {
    {ActionKind::kAssign, {P, P, W, X, X}},      {ActionKind::kReply, {P, P, W, X, X}},
    {ActionKind::kNote, {R, P, W, A, C}},        {ActionKind::kRequestInfo, {W, W, X, X, X}},
    {ActionKind::kAnswer, {A, A, A, X, X}},      {ActionKind::kReject, {A, A, A, X, X}},
    {ActionKind::kTransfer, {R, R, R, X, X}},    {ActionKind::kExtend, {P, P, W, X, X}},
    {ActionKind::kMerge, {C, C, C, X, X}},       {ActionKind::kCitizenReply, {R, P, P, X, X}},
    {ActionKind::kRate, {X, X, X, C, X}},  // score 4 closes
    {ActionKind::kReopen, {X, X, X, P, X}},      {ActionKind::kAutoClose, {X, X, X, C, X}},
    {ActionKind::kInfoTimeout, {X, X, P, X, X}},
};

TEST(LifecycleTest, MatrixCoversEveryAction) {
  std::set<ActionKind> covered;
  for (const auto& row : kStatusMatrix) covered.insert(row.kind);
  EXPECT_EQ(covered.size(), static_cast<std::size_t>(kActionKindCount));
}

TEST(LifecycleTest, EveryActionInEveryStatus) {
  for (Role override_role : {Role::kSupervisor, Role::kAdmin}) {
    for (const auto& row : kStatusMatrix) {
      for (std::size_t i = 0; i < kAllStatuses.size(); ++i) {
        const CaseState before = StateIn(kAllStatuses[i]);
        Role role = RoleFor(row.kind);
        if (role == Role::kSupervisor) role = override_role;
        const Actor actor = MakeActor(role);
        const Instant now = NowFor(row.kind);
        const Decision d = Decide(before, actor, ValidAction(row.kind), now);
        SCOPED_TRACE(std::string(ToString(row.kind)) + " in " +
                     std::string(ToString(kAllStatuses[i])) + " by " + std::string(ToString(role)));
        if (row.next[i].has_value()) {
          ASSERT_EQ(d.outcome, Outcome::kOk) << d.code;
          EXPECT_TRUE(d.code.empty());
          EXPECT_EQ(d.next.status, *row.next[i]);
          ASSERT_FALSE(d.events.empty());
          for (const auto& e : d.events) {
            EXPECT_EQ(e.at, now);
            EXPECT_EQ(e.seq, 0);
            EXPECT_NE(e.kind, EventKind::kOther);
          }
        } else {
          ExpectRefused(d, before, Outcome::kConflict);
        }
      }
    }
  }
}

TEST(LifecycleTest, ConflictCodesNameTheReason) {
  const Actor sup = MakeActor(Role::kSupervisor);
  const Actor cit = MakeActor(Role::kCitizen);
  const Actor sys = MakeActor(Role::kSystem);
  ExpectRefused(Decide(StateIn(C), sup, ValidAction(ActionKind::kAnswer), kNow), StateIn(C),
                Outcome::kConflict, "illegal_transition");
  ExpectRefused(Decide(StateIn(W), sup, ValidAction(ActionKind::kRequestInfo), kNow), StateIn(W),
                Outcome::kConflict, "already_awaiting_citizen");
  ExpectRefused(Decide(StateIn(P), cit, ValidAction(ActionKind::kRate), kNow), StateIn(P),
                Outcome::kConflict, "illegal_transition");
  ExpectRefused(Decide(StateIn(A), sys, ValidAction(ActionKind::kAutoClose), kNow), StateIn(A),
                Outcome::kConflict, "not_due");
}

// --- Every role against every action ---------------------------------------------------------

bool Allowed(Role role, ActionKind kind) {
  using K = ActionKind;
  switch (role) {
    case Role::kCitizen:
      return kind == K::kCitizenReply || kind == K::kRate || kind == K::kReopen;
    case Role::kAgent:
      return kind == K::kAssign || kind == K::kReply || kind == K::kNote ||
             kind == K::kRequestInfo || kind == K::kAnswer || kind == K::kReject;
    case Role::kSupervisor:
    case Role::kAdmin:
      return kind == K::kAssign || kind == K::kReply || kind == K::kNote ||
             kind == K::kRequestInfo || kind == K::kAnswer || kind == K::kReject ||
             kind == K::kTransfer || kind == K::kExtend || kind == K::kMerge;
    case Role::kAuditor:
    case Role::kCallCentre:
      return false;
    case Role::kSystem:
      return kind == K::kAutoClose || kind == K::kInfoTimeout;
  }
  return false;
}

TEST(LifecycleTest, EveryRoleAgainstEveryActionInALegalStatus) {
  int allowed = 0;
  for (Role role : kAllRoles) {
    for (ActionKind kind : AllKinds()) {
      const CaseState before = StateIn(LegalStatusFor(kind));
      const Decision d = Decide(before, MakeActor(role), ValidAction(kind), NowFor(kind));
      SCOPED_TRACE(std::string(ToString(role)) + " " + std::string(ToString(kind)));
      if (Allowed(role, kind)) {
        EXPECT_EQ(d.outcome, Outcome::kOk) << d.code;
        ++allowed;
      } else {
        ExpectRefused(d, before, Outcome::kForbidden, "role_not_allowed");
      }
    }
  }
  EXPECT_EQ(allowed, 3 + 6 + 9 + 9 + 0 + 2);
}

TEST(LifecycleTest, RoleIsCheckedBeforeStatus) {
  // A role that may not do an action gets 403 in every status, even where the status would also
  // refuse it.
  for (Role role : kAllRoles) {
    for (ActionKind kind : AllKinds()) {
      if (Allowed(role, kind)) continue;
      for (CaseStatus status : kAllStatuses) {
        const CaseState before = StateIn(status);
        ExpectRefused(Decide(before, MakeActor(role), ValidAction(kind), NowFor(kind)), before,
                      Outcome::kForbidden);
      }
    }
  }
}

TEST(LifecycleTest, AgentsAssignOnlyThemselves) {
  const CaseState before = StateIn(R);
  Action assign = ValidAction(ActionKind::kAssign);
  assign.assignee = kOtherAgentId;
  ExpectRefused(Decide(before, MakeActor(Role::kAgent), assign, kNow), before, Outcome::kForbidden,
                "assign_others_not_allowed");
  for (Role role : {Role::kSupervisor, Role::kAdmin}) {
    const Decision d = Decide(before, MakeActor(role), assign, kNow);
    ASSERT_EQ(d.outcome, Outcome::kOk);
    EXPECT_EQ(d.next.assignee, kOtherAgentId);
    EXPECT_EQ(d.next.status, P);
  }
  assign.assignee = kAgentId;
  const Decision self = Decide(before, MakeActor(Role::kAgent), assign, kNow);
  ASSERT_EQ(self.outcome, Outcome::kOk);
  EXPECT_EQ(self.next.assignee, kAgentId);
}

// Issue 21: a supervisor could assign a case to another entity's agent, and an unknown email
// answered differently from a foreign one. Both are now the same 422, decided on the case row.
TEST(LifecycleTest, AssigneesComeFromTheCasesOwnEntity) {
  const CaseState before = StateIn(R);
  Action foreign = ValidAction(ActionKind::kAssign);
  foreign.assignee = kOtherAgentId;
  foreign.assignee_entity = "MOH";
  Action unknown = ValidAction(ActionKind::kAssign);
  unknown.assignee = kOtherAgentId;
  unknown.assignee_entity.clear();
  unknown.assignee_handles_cases = false;
  Action auditor = ValidAction(ActionKind::kAssign);
  auditor.assignee = kOtherAgentId;
  auditor.assignee_handles_cases = false;  // an auditor or administrator of MOW
  for (Role role : {Role::kSupervisor, Role::kAdmin}) {
    for (const Action& a : {foreign, unknown, auditor}) {
      ExpectRefused(Decide(before, MakeActor(role), a, kNow), before, Outcome::kInvalid,
                    "assignee_not_found");
    }
  }
}

TEST(LifecycleTest, AgentsCannotTransferExtendOrMerge) {
  for (ActionKind kind : {ActionKind::kTransfer, ActionKind::kExtend, ActionKind::kMerge}) {
    const CaseState before = StateIn(P);
    ExpectRefused(Decide(before, MakeActor(Role::kAgent), ValidAction(kind), kNow), before,
                  Outcome::kForbidden);
    EXPECT_EQ(Decide(before, MakeActor(Role::kSupervisor), ValidAction(kind), kNow).outcome,
              Outcome::kOk);
  }
}

// --- Entity scope ----------------------------------------------------------------------------

TEST(LifecycleTest, CrossEntityIsNotFoundForAgentsAndSupervisorsWhateverTheAction) {
  for (Role role : {Role::kAgent, Role::kSupervisor}) {
    const Actor outsider = MakeActor(role, "MOH");
    for (ActionKind kind : AllKinds()) {
      for (CaseStatus status : kAllStatuses) {
        const CaseState before = StateIn(status);
        SCOPED_TRACE(std::string(ToString(role)) + " " + std::string(ToString(kind)) + " in " +
                     std::string(ToString(status)));
        // Legal, illegal, forbidden, and with invalid input: always 404.
        ExpectRefused(Decide(before, outsider, ValidAction(kind), NowFor(kind)), before,
                      Outcome::kNotFound, "not_found");
        ExpectRefused(Decide(before, outsider, Bare(kind), NowFor(kind)), before,
                      Outcome::kNotFound, "not_found");
      }
    }
    // An actor with no entity is outside every entity.
    const CaseState before = StateIn(P);
    ExpectRefused(Decide(before, MakeActor(role, ""), ValidAction(ActionKind::kNote), kNow), before,
                  Outcome::kNotFound);
  }
}

TEST(LifecycleTest, AdminsAuditorsCitizensAndSystemAreNotEntityScoped) {
  for (Role role : {Role::kAdmin, Role::kAuditor, Role::kCitizen, Role::kSystem}) {
    Actor actor = MakeActor(role);
    actor.entity = "MOH";  // ignored for these roles
    for (ActionKind kind : AllKinds()) {
      for (CaseStatus status : kAllStatuses) {
        const Decision d = Decide(StateIn(status), actor, ValidAction(kind), NowFor(kind));
        EXPECT_NE(d.outcome, Outcome::kNotFound)
            << ToString(role) << " " << ToString(kind) << " in " << ToString(status);
      }
    }
  }
  // The admin does act on another entity's case.
  Actor admin = MakeActor(Role::kAdmin);
  admin.entity = "MOH";
  EXPECT_EQ(Decide(StateIn(P), admin, ValidAction(ActionKind::kAnswer), kNow).outcome,
            Outcome::kOk);
}

// --- Check order and input -------------------------------------------------------------------

TEST(LifecycleTest, StatusIsCheckedBeforeInput) {
  const CaseState closed = StateIn(C);
  Action answer = Bare(ActionKind::kAnswer);  // empty body
  ExpectRefused(Decide(closed, MakeActor(Role::kSupervisor), answer, kNow), closed,
                Outcome::kConflict, "illegal_transition");
  Action rate = Bare(ActionKind::kRate);  // score 0
  const CaseState progress = StateIn(P);
  ExpectRefused(Decide(progress, MakeActor(Role::kCitizen), rate, kNow), progress,
                Outcome::kConflict);
  // And the same inputs in a legal status are 422.
  ExpectRefused(Decide(progress, MakeActor(Role::kSupervisor), answer, kNow), progress,
                Outcome::kInvalid, "body_required");
}

struct InputCase {
  const char* name;
  ActionKind kind;
  std::function<void(Action&)> mutate;
  const char* code;  // nullptr: valid
};

TEST(LifecycleTest, InputErrorsAreInvalid) {
  const std::vector<InputCase> cases = {
      {"assign to nobody", ActionKind::kAssign, [](Action& a) { a.assignee = 0; },
       "assignee_required"},
      {"assign negative", ActionKind::kAssign, [](Action& a) { a.assignee = -3; },
       "assignee_required"},
      {"empty reply", ActionKind::kReply, [](Action& a) { a.body = ""; }, "body_required"},
      {"blank reply", ActionKind::kReply, [](Action& a) { a.body = " \t\r\n "; }, "body_required"},
      {"empty note", ActionKind::kNote, [](Action& a) { a.body = ""; }, "body_required"},
      {"empty request", ActionKind::kRequestInfo, [](Action& a) { a.body = " "; }, "body_required"},
      {"empty answer", ActionKind::kAnswer, [](Action& a) { a.body = ""; }, "body_required"},
      {"reject no text", ActionKind::kReject, [](Action& a) { a.body = ""; }, "body_required"},
      {"reject bad reason", ActionKind::kReject,
       [](Action& a) { a.reason = static_cast<RejectReason>(99); }, "invalid_reason"},
      {"reject other", ActionKind::kReject, [](Action& a) { a.reason = RejectReason::kOther; },
       nullptr},
      {"transfer nowhere", ActionKind::kTransfer, [](Action& a) { a.entity = ""; },
       "entity_required"},
      {"transfer same", ActionKind::kTransfer, [](Action& a) { a.entity = "MOW"; }, "same_entity"},
      {"transfer no reason", ActionKind::kTransfer, [](Action& a) { a.body = ""; },
       "reason_required"},
      {"extend 0", ActionKind::kExtend, [](Action& a) { a.working_days = 0; },
       "invalid_working_days"},
      {"extend -1", ActionKind::kExtend, [](Action& a) { a.working_days = -1; },
       "invalid_working_days"},
      {"extend 31", ActionKind::kExtend, [](Action& a) { a.working_days = 31; },
       "invalid_working_days"},
      {"extend 1", ActionKind::kExtend, [](Action& a) { a.working_days = 1; }, nullptr},
      {"extend 30", ActionKind::kExtend, [](Action& a) { a.working_days = 30; }, nullptr},
      {"extend no reason", ActionKind::kExtend, [](Action& a) { a.body = ""; }, "reason_required"},
      {"merge nowhere", ActionKind::kMerge, [](Action& a) { a.into = " "; }, "into_required"},
      {"merge into self", ActionKind::kMerge, [](Action& a) { a.into = "25-0000001-3"; },
       "merge_into_self"},
      {"empty citizen reply", ActionKind::kCitizenReply, [](Action& a) { a.body = ""; },
       "body_required"},
      {"score 0", ActionKind::kRate, [](Action& a) { a.score = 0; }, "invalid_score"},
      {"score 6", ActionKind::kRate, [](Action& a) { a.score = 6; }, "invalid_score"},
      {"score -1", ActionKind::kRate, [](Action& a) { a.score = -1; }, "invalid_score"},
      {"score 1", ActionKind::kRate, [](Action& a) { a.score = 1; }, nullptr},
      {"score 5 no comment", ActionKind::kRate,
       [](Action& a) {
         a.score = 5;
         a.body = "";
       },
       nullptr},
      {"reopen no reason", ActionKind::kReopen, [](Action& a) { a.body = "\n"; },
       "reason_required"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const CaseState before = StateIn(LegalStatusFor(c.kind));
    Action action = ValidAction(c.kind);
    c.mutate(action);
    const Decision d = Decide(before, MakeActor(RoleFor(c.kind)), action, NowFor(c.kind));
    if (c.code == nullptr) {
      EXPECT_EQ(d.outcome, Outcome::kOk) << d.code;
    } else {
      ExpectRefused(d, before, Outcome::kInvalid, c.code);
    }
  }
}

TEST(LifecycleTest, AgentAssigningNobodyIsInvalidNotForbidden) {
  const CaseState before = StateIn(R);
  Action assign = Bare(ActionKind::kAssign);
  ExpectRefused(Decide(before, MakeActor(Role::kAgent), assign, kNow), before, Outcome::kInvalid,
                "assignee_required");
}

TEST(LifecycleTest, MergeIntoAnyReferenceWhenOwnReferenceUnknown) {
  CaseState before = StateIn(P);
  before.reference.clear();
  Action merge = ValidAction(ActionKind::kMerge);
  merge.into = "25-0000001-3";
  EXPECT_EQ(Decide(before, MakeActor(Role::kSupervisor), merge, kNow).outcome, Outcome::kOk);
}

// --- Windows and limits ----------------------------------------------------------------------

TEST(LifecycleTest, RatingWindowIsHalfOpenAtFourteenDays) {
  const CaseState answered = StateIn(A);
  const Actor citizen = MakeActor(Role::kCitizen);
  const Action rate = ValidAction(ActionKind::kRate);
  EXPECT_EQ(Decide(answered, citizen, rate, kAnsweredAt).outcome, Outcome::kOk);
  EXPECT_EQ(Decide(answered, citizen, rate, kAnsweredAt + kRatingWindow - 1s).outcome,
            Outcome::kOk);
  ExpectRefused(Decide(answered, citizen, rate, kAnsweredAt + kRatingWindow), answered,
                Outcome::kConflict, "rating_window_closed");
  ExpectRefused(Decide(answered, citizen, rate, kAnsweredAt + days(30)), answered,
                Outcome::kConflict, "rating_window_closed");
}

TEST(LifecycleTest, ReopenWindowIsHalfOpenAtFourteenDays) {
  const CaseState answered = StateIn(A);
  const Actor citizen = MakeActor(Role::kCitizen);
  const Action reopen = ValidAction(ActionKind::kReopen);
  EXPECT_EQ(Decide(answered, citizen, reopen, kAnsweredAt + kReopenWindow - 1s).outcome,
            Outcome::kOk);
  ExpectRefused(Decide(answered, citizen, reopen, kAnsweredAt + kReopenWindow), answered,
                Outcome::kConflict, "reopen_window_closed");
}

TEST(LifecycleTest, AutoCloseIsDueExactlyFourteenDaysAfterTheAnswer) {
  const CaseState answered = StateIn(A);
  const Actor system = MakeActor(Role::kSystem);
  const Action close = Bare(ActionKind::kAutoClose);
  ExpectRefused(Decide(answered, system, close, kAnsweredAt + kAutoCloseAfter - 1s), answered,
                Outcome::kConflict, "not_due");
  const Decision d = Decide(answered, system, close, kAnsweredAt + kAutoCloseAfter);
  ASSERT_EQ(d.outcome, Outcome::kOk);
  EXPECT_EQ(d.next.status, C);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].kind, EventKind::kClose);
  EXPECT_EQ(d.events[0].actor, "system");
}

TEST(LifecycleTest, CitizenWindowAndAutoCloseNeverOverlapNorLeaveAGap) {
  const CaseState answered = StateIn(A);
  for (auto offset = -3s; offset <= 3s; offset += 1s) {
    const Instant now = kAnsweredAt + days(14) + offset;
    const bool can_rate =
        Decide(answered, MakeActor(Role::kCitizen), ValidAction(ActionKind::kRate), now).outcome ==
        Outcome::kOk;
    const bool can_reopen =
        Decide(answered, MakeActor(Role::kCitizen), ValidAction(ActionKind::kReopen), now)
            .outcome == Outcome::kOk;
    const bool can_close =
        Decide(answered, MakeActor(Role::kSystem), Bare(ActionKind::kAutoClose), now).outcome ==
        Outcome::kOk;
    EXPECT_EQ(can_rate, can_reopen) << offset.count();
    EXPECT_NE(can_rate, can_close) << offset.count();
  }
}

TEST(LifecycleTest, MissingAnswerInstantCountsAsLongAgo) {
  CaseState broken = StateIn(A);
  broken.answered_at.reset();
  ExpectRefused(Decide(broken, MakeActor(Role::kCitizen), ValidAction(ActionKind::kRate), kNow),
                broken, Outcome::kConflict, "rating_window_closed");
  EXPECT_EQ(Decide(broken, MakeActor(Role::kSystem), Bare(ActionKind::kAutoClose), kNow).outcome,
            Outcome::kOk);
}

TEST(LifecycleTest, AtMostTwoReopens) {
  const Actor sup = MakeActor(Role::kSupervisor);
  const Actor citizen = MakeActor(Role::kCitizen);
  CaseState s = StateIn(P);
  Instant t = kNow;
  for (int i = 1; i <= kMaxReopens; ++i) {
    s = Must(s, sup, ValidAction(ActionKind::kAnswer), t);
    t += days(2);
    s = Must(s, citizen, ValidAction(ActionKind::kReopen), t);
    EXPECT_EQ(s.reopen_count, i);
    EXPECT_EQ(s.cycle, 1 + i);
    t += days(2);
  }
  s = Must(s, sup, ValidAction(ActionKind::kAnswer), t);
  ExpectRefused(Decide(s, citizen, ValidAction(ActionKind::kReopen), t + days(1)), s,
                Outcome::kConflict, "reopen_limit_reached");
  // The limit is reported even after the window has also closed.
  ExpectRefused(Decide(s, citizen, ValidAction(ActionKind::kReopen), t + days(20)), s,
                Outcome::kConflict, "reopen_limit_reached");
  // The citizen can still rate the last answer.
  EXPECT_EQ(Decide(s, citizen, ValidAction(ActionKind::kRate), t + days(1)).outcome, Outcome::kOk);
}

TEST(LifecycleTest, ExtensionOncePerCycleAndAgainAfterReopenOrTransfer) {
  const Actor sup = MakeActor(Role::kSupervisor);
  const Action extend = ValidAction(ActionKind::kExtend);
  CaseState s = StateIn(P);
  s = Must(s, sup, extend, kNow);
  EXPECT_TRUE(s.extended_this_cycle);
  ExpectRefused(Decide(s, sup, extend, kNow + 1h), s, Outcome::kConflict, "already_extended");
  ExpectRefused(Decide(s, MakeActor(Role::kAdmin), extend, kNow + 1h), s, Outcome::kConflict,
                "already_extended");
  // A new cycle after reopening.
  s = Must(s, sup, ValidAction(ActionKind::kAnswer), kNow + days(1));
  s = Must(s, MakeActor(Role::kCitizen), ValidAction(ActionKind::kReopen), kNow + days(2));
  EXPECT_FALSE(s.extended_this_cycle);
  s = Must(s, sup, extend, kNow + days(3));
  ExpectRefused(Decide(s, sup, extend, kNow + days(3)), s, Outcome::kConflict, "already_extended");
  // And at the receiving entity after a transfer.
  s = Must(s, sup, ValidAction(ActionKind::kTransfer), kNow + days(4));
  EXPECT_FALSE(s.extended_this_cycle);
  EXPECT_EQ(Decide(s, MakeActor(Role::kSupervisor, "MOH"), extend, kNow + days(4)).outcome,
            Outcome::kOk);
}

// --- Clocks and events -----------------------------------------------------------------------

TEST(LifecycleTest, FirstResponseIsCountedOnceAndOnlyForPublicResponses) {
  const Actor sup = MakeActor(Role::kSupervisor);
  for (ActionKind kind : AllKinds()) {
    const CaseState fresh = StateIn(R);
    const Decision d = Decide(fresh, MakeActor(RoleFor(kind)), ValidAction(kind), kNow);
    if (d.outcome != Outcome::kOk) continue;
    const bool counts = kind == ActionKind::kReply || kind == ActionKind::kRequestInfo ||
                        kind == ActionKind::kAnswer || kind == ActionKind::kReject;
    EXPECT_EQ(d.first_response, counts) << ToString(kind);
    EXPECT_EQ(d.next.first_response_at.has_value(), counts) << ToString(kind);
    if (counts) {
      EXPECT_EQ(*d.next.first_response_at, kNow);
    }
  }
  CaseState s = StateIn(R);
  s = Must(s, sup, ValidAction(ActionKind::kNote), kNow);
  s = Must(s, sup, ValidAction(ActionKind::kReply), kNow + 1h);
  ASSERT_TRUE(s.first_response_at.has_value());
  EXPECT_EQ(*s.first_response_at, kNow + 1h);
  for (ActionKind kind : {ActionKind::kReply, ActionKind::kRequestInfo, ActionKind::kAnswer}) {
    const Decision later = Decide(s, sup, ValidAction(kind), kNow + 2h);
    ASSERT_EQ(later.outcome, Outcome::kOk);
    EXPECT_FALSE(later.first_response) << ToString(kind);
    EXPECT_EQ(later.next.first_response_at, kNow + 1h);
  }
}

TEST(LifecycleTest, NotesAndAssignmentsAreInternalEverythingElsePublic) {
  for (const auto& row : kStatusMatrix) {
    for (CaseStatus status : kAllStatuses) {
      const Decision d = Decide(StateIn(status), MakeActor(RoleFor(row.kind)),
                                ValidAction(row.kind), NowFor(row.kind));
      if (d.outcome != Outcome::kOk) continue;
      for (const auto& e : d.events) {
        EXPECT_EQ(e.is_public, e.kind != EventKind::kNote && e.kind != EventKind::kAssign)
            << e.kind;
      }
    }
  }
  const Decision note =
      Decide(StateIn(P), MakeActor(Role::kAgent), ValidAction(ActionKind::kNote), kNow);
  ASSERT_EQ(note.events.size(), 1u);
  EXPECT_EQ(note.events[0].kind, EventKind::kNote);
  EXPECT_FALSE(note.events[0].is_public);
  EXPECT_EQ(note.events[0].body, ValidAction(ActionKind::kNote).body);
  EXPECT_EQ(note.next, StateIn(P));
}

TEST(LifecycleTest, PauseAndResumeFlags) {
  const Actor sup = MakeActor(Role::kSupervisor);
  const Actor citizen = MakeActor(Role::kCitizen);
  const Decision ask = Decide(StateIn(P), sup, ValidAction(ActionKind::kRequestInfo), kNow);
  EXPECT_TRUE(ask.pauses_clock);
  EXPECT_FALSE(ask.resumes_clock);
  // Every way out of awaiting_citizen resumes; staying in it does not.
  struct Case {
    ActionKind kind;
    bool resumes;
  };
  for (const Case c : {Case{ActionKind::kCitizenReply, true}, Case{ActionKind::kInfoTimeout, true},
                       Case{ActionKind::kAnswer, true}, Case{ActionKind::kReject, true},
                       Case{ActionKind::kTransfer, true}, Case{ActionKind::kMerge, true},
                       Case{ActionKind::kReply, false}, Case{ActionKind::kNote, false},
                       Case{ActionKind::kAssign, false}, Case{ActionKind::kExtend, false}}) {
    const Decision d = Decide(StateIn(W), MakeActor(RoleFor(c.kind)), ValidAction(c.kind), kNow);
    ASSERT_EQ(d.outcome, Outcome::kOk) << ToString(c.kind);
    EXPECT_EQ(d.resumes_clock, c.resumes) << ToString(c.kind);
    EXPECT_EQ(d.next.status != W, c.resumes) << ToString(c.kind);
    EXPECT_FALSE(d.pauses_clock);
  }
  // Additional information outside awaiting_citizen changes neither status nor clock.
  for (CaseStatus status : {R, P}) {
    const Decision d =
        Decide(StateIn(status), citizen, ValidAction(ActionKind::kCitizenReply), kNow);
    ASSERT_EQ(d.outcome, Outcome::kOk);
    EXPECT_EQ(d.next, StateIn(status));
    EXPECT_FALSE(d.resumes_clock);
    ASSERT_EQ(d.events.size(), 1u);
    EXPECT_EQ(d.events[0].kind, EventKind::kCitizenReply);
  }
}

TEST(LifecycleTest, AnswerAndRejectResolveTheCycle) {
  for (ActionKind kind : {ActionKind::kAnswer, ActionKind::kReject}) {
    for (CaseStatus status : {R, P, W}) {
      const Decision d = Decide(StateIn(status), MakeActor(Role::kAgent), ValidAction(kind), kNow);
      ASSERT_EQ(d.outcome, Outcome::kOk);
      EXPECT_TRUE(d.resolves_cycle);
      EXPECT_EQ(d.next.answered_at, kNow);
      EXPECT_FALSE(d.next.rated_this_answer);
      ASSERT_EQ(d.events.size(), 1u);
      EXPECT_EQ(ToString(d.events[0].kind), ToString(kind));
      EXPECT_EQ(d.events[0].actor, "user:7");
    }
  }
  for (ActionKind kind : AllKinds()) {
    if (kind == ActionKind::kAnswer || kind == ActionKind::kReject) continue;
    const Decision d = Decide(StateIn(LegalStatusFor(kind)), MakeActor(RoleFor(kind)),
                              ValidAction(kind), NowFor(kind));
    EXPECT_FALSE(d.resolves_cycle) << ToString(kind);
  }
}

TEST(LifecycleTest, LowRatingKeepsTheAppealPathOpen) {
  const Actor citizen = MakeActor(Role::kCitizen);
  for (int score = 1; score <= 5; ++score) {
    Action rate = ValidAction(ActionKind::kRate);
    rate.score = score;
    const Decision d = Decide(StateIn(A), citizen, rate, kNow);
    ASSERT_EQ(d.outcome, Outcome::kOk);
    EXPECT_TRUE(d.next.rated_this_answer);
    ASSERT_FALSE(d.events.empty());
    EXPECT_EQ(d.events[0].kind, EventKind::kRate);
    EXPECT_EQ(d.events[0].body, rate.body);
    if (score <= kAppealMaxScore) {
      EXPECT_EQ(d.next.status, A) << score;
      EXPECT_EQ(d.events.size(), 1u);
      // Rated once; reopen is still possible.
      ExpectRefused(Decide(d.next, citizen, rate, kNow + 1h), d.next, Outcome::kConflict,
                    "already_rated");
      const Decision reopen = Decide(d.next, citizen, ValidAction(ActionKind::kReopen), kNow + 1h);
      ASSERT_EQ(reopen.outcome, Outcome::kOk);
      EXPECT_EQ(reopen.next.status, P);
      // Unreopened, it is auto-closed when the window ends.
      EXPECT_EQ(Decide(d.next, MakeActor(Role::kSystem), Bare(ActionKind::kAutoClose),
                       kAnsweredAt + kAutoCloseAfter)
                    .outcome,
                Outcome::kOk);
    } else {
      EXPECT_EQ(d.next.status, C) << score;
      ASSERT_EQ(d.events.size(), 2u);
      EXPECT_EQ(d.events[1].kind, EventKind::kClose);
      EXPECT_EQ(d.events[1].actor, "citizen");
      ExpectRefused(Decide(d.next, citizen, ValidAction(ActionKind::kReopen), kNow + 1h), d.next,
                    Outcome::kConflict, "illegal_transition");
    }
  }
}

TEST(LifecycleTest, EachAnswerMayBeRatedOnce) {
  const Actor citizen = MakeActor(Role::kCitizen);
  const Actor sup = MakeActor(Role::kSupervisor);
  Action low = ValidAction(ActionKind::kRate);
  low.score = 1;
  CaseState s = Must(StateIn(A), citizen, low, kNow);
  ExpectRefused(Decide(s, citizen, low, kNow), s, Outcome::kConflict, "already_rated");
  s = Must(s, citizen, ValidAction(ActionKind::kReopen), kNow + 1h);
  EXPECT_FALSE(s.rated_this_answer);
  ExpectRefused(Decide(s, citizen, low, kNow + 2h), s, Outcome::kConflict, "illegal_transition");
  s = Must(s, sup, ValidAction(ActionKind::kAnswer), kNow + days(1));
  EXPECT_EQ(Decide(s, citizen, low, kNow + days(2)).outcome, Outcome::kOk);
}

TEST(LifecycleTest, ReopenStartsANewResolutionCycle) {
  CaseState before = StateIn(A);
  before.extended_this_cycle = true;
  before.reopen_count = 1;
  before.cycle = 2;
  const Decision d =
      Decide(before, MakeActor(Role::kCitizen), ValidAction(ActionKind::kReopen), kNow);
  ASSERT_EQ(d.outcome, Outcome::kOk);
  EXPECT_TRUE(d.starts_new_cycle);
  EXPECT_EQ(d.next.status, P);
  EXPECT_EQ(d.next.cycle, 3);
  EXPECT_EQ(d.next.reopen_count, 2);
  EXPECT_FALSE(d.next.extended_this_cycle);
  EXPECT_FALSE(d.next.answered_at.has_value());
  EXPECT_EQ(d.next.assignee, before.assignee);
  EXPECT_EQ(d.next.first_response_at, before.first_response_at);
  EXPECT_EQ(d.next.entity, "MOW");
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].kind, EventKind::kReopen);
  EXPECT_EQ(d.events[0].actor, "citizen");
  EXPECT_TRUE(d.events[0].is_public);
}

TEST(LifecycleTest, TransferMovesTheCaseToANewCycleAtTheReceivingEntity) {
  CaseState before = StateIn(W);
  before.extended_this_cycle = true;
  const Decision d =
      Decide(before, MakeActor(Role::kSupervisor), ValidAction(ActionKind::kTransfer), kNow);
  ASSERT_EQ(d.outcome, Outcome::kOk);
  EXPECT_EQ(d.next.status, R);
  EXPECT_EQ(d.next.entity, "MOH");
  EXPECT_EQ(d.next.assignee, 0);
  EXPECT_EQ(d.next.cycle, before.cycle + 1);
  EXPECT_FALSE(d.next.first_response_at.has_value());
  EXPECT_FALSE(d.next.extended_this_cycle);
  EXPECT_TRUE(d.starts_new_cycle);
  EXPECT_FALSE(d.first_response);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].kind, EventKind::kTransfer);
  EXPECT_EQ(d.events[0].body, ValidAction(ActionKind::kTransfer).body);
  // The sending entity's staff lose the case; the receiving entity's first reply counts.
  EXPECT_EQ(Decide(d.next, MakeActor(Role::kAgent), ValidAction(ActionKind::kReply), kNow).outcome,
            Outcome::kNotFound);
  const Decision reply =
      Decide(d.next, MakeActor(Role::kAgent, "MOH"), ValidAction(ActionKind::kReply), kNow + 1h);
  ASSERT_EQ(reply.outcome, Outcome::kOk);
  EXPECT_TRUE(reply.first_response);
}

TEST(LifecycleTest, MergeClosesWithTheTargetReference) {
  const Decision d =
      Decide(StateIn(P), MakeActor(Role::kSupervisor), ValidAction(ActionKind::kMerge), kNow);
  ASSERT_EQ(d.outcome, Outcome::kOk);
  EXPECT_EQ(d.next.status, C);
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.events[0].kind, EventKind::kMerge);
  EXPECT_EQ(d.events[0].body, "25-0000002-8");
  EXPECT_EQ(d.events[0].actor, "user:8");
  EXPECT_EQ(d.events[1].kind, EventKind::kClose);
}

TEST(LifecycleTest, EventActors) {
  const Decision staff =
      Decide(StateIn(P), MakeActor(Role::kAdmin), ValidAction(ActionKind::kReply), kNow);
  ASSERT_EQ(staff.events.size(), 1u);
  EXPECT_EQ(staff.events[0].actor, "user:1");
  const Decision citizen =
      Decide(StateIn(P), MakeActor(Role::kCitizen), ValidAction(ActionKind::kCitizenReply), kNow);
  ASSERT_EQ(citizen.events.size(), 1u);
  EXPECT_EQ(citizen.events[0].actor, "citizen");
  const Decision system =
      Decide(StateIn(W), MakeActor(Role::kSystem), Bare(ActionKind::kInfoTimeout), kNow);
  ASSERT_EQ(system.events.size(), 1u);
  EXPECT_EQ(system.events[0].actor, "system");
  EXPECT_EQ(system.events[0].kind, EventKind::kInfoTimeout);
  const Decision assign =
      Decide(StateIn(R), MakeActor(Role::kSupervisor), ValidAction(ActionKind::kAssign), kNow);
  ASSERT_EQ(assign.events.size(), 1u);
  EXPECT_EQ(assign.events[0].body, "user:7");
}

TEST(LifecycleTest, AWholeCase) {
  const Actor citizen = MakeActor(Role::kCitizen);
  const Actor agent = MakeActor(Role::kAgent);
  Decision received = Receive("MOW", citizen, kNow);
  ASSERT_EQ(received.outcome, Outcome::kOk);
  std::vector<EventKind> kinds = {received.events[0].kind};
  CaseState s = received.next;
  auto step = [&](const Actor& who, const Action& a, Instant at) {
    Decision d = Decide(s, who, a, at);
    ASSERT_EQ(d.outcome, Outcome::kOk) << ToString(a.kind) << " " << d.code;
    for (const auto& e : d.events) kinds.push_back(e.kind);
    s = d.next;
  };
  step(agent, ValidAction(ActionKind::kAssign), kNow + 1h);
  step(agent, ValidAction(ActionKind::kNote), kNow + 2h);
  step(agent, ValidAction(ActionKind::kRequestInfo), kNow + 3h);
  EXPECT_EQ(s.status, W);
  step(citizen, ValidAction(ActionKind::kCitizenReply), kNow + days(1));
  EXPECT_EQ(s.status, P);
  step(agent, ValidAction(ActionKind::kAnswer), kNow + days(2));
  step(citizen, ValidAction(ActionKind::kRate), kNow + days(3));
  EXPECT_EQ(s.status, C);
  EXPECT_EQ(s.first_response_at, kNow + 3h);
  using K = EventKind;
  EXPECT_EQ(kinds, (std::vector<EventKind>{K::kReceived, K::kAssign, K::kNote, K::kRequestInfo,
                                           K::kCitizenReply, K::kAnswer, K::kRate, K::kClose}));
  EXPECT_TRUE(AvailableActions(s, agent, kNow + days(3)) ==
              std::vector<ActionKind>{ActionKind::kNote});
}

// --- Receipt ---------------------------------------------------------------------------------

TEST(LifecycleTest, CasesEnteredByStaffStartTheirClocksLikeAnyOther) {
  const Decision by_citizen = Receive("MOW", MakeActor(Role::kCitizen), kNow);
  const Decision by_call_centre = Receive("MOW", MakeActor(Role::kAgent, "CALL"), kNow);
  const Decision by_system = Receive("MOW", MakeActor(Role::kSystem), kNow);
  for (const Decision* d : {&by_citizen, &by_call_centre, &by_system}) {
    ASSERT_EQ(d->outcome, Outcome::kOk);
    EXPECT_TRUE(d->starts_new_cycle);
    EXPECT_EQ(d->next, by_citizen.next);
    ASSERT_EQ(d->events.size(), 1u);
    EXPECT_EQ(d->events[0].kind, EventKind::kReceived);
    EXPECT_TRUE(d->events[0].is_public);
    EXPECT_EQ(d->events[0].at, kNow);
  }
  EXPECT_EQ(by_citizen.next.status, R);
  EXPECT_EQ(by_citizen.next.entity, "MOW");
  EXPECT_EQ(by_citizen.next.cycle, 1);
  EXPECT_EQ(by_citizen.events[0].actor, "citizen");
  EXPECT_EQ(by_call_centre.events[0].actor, "user:7");
  EXPECT_EQ(Receive("MOW", MakeActor(Role::kAuditor), kNow).outcome, Outcome::kForbidden);
  const Decision nowhere = Receive(" ", MakeActor(Role::kCitizen), kNow);
  EXPECT_EQ(nowhere.outcome, Outcome::kInvalid);
  EXPECT_EQ(nowhere.code, "entity_required");
  EXPECT_TRUE(nowhere.events.empty());
}

// --- AvailableActions ------------------------------------------------------------------------

Action ValidActionFor(ActionKind kind, const Actor& actor) {
  Action a = ValidAction(kind);
  a.assignee = actor.user_id > 0 ? actor.user_id : kAgentId;
  return a;
}

TEST(LifecycleTest, AvailableActionsAgreeWithDecide) {
  std::vector<Actor> actors;
  for (Role role : kAllRoles) {
    actors.push_back(MakeActor(role));
    actors.push_back(MakeActor(role, "MOH"));
  }
  std::vector<CaseState> states;
  for (CaseStatus status : kAllStatuses) states.push_back(StateIn(status));
  CaseState extended = StateIn(P);
  extended.extended_this_cycle = true;
  states.push_back(extended);
  CaseState rated = StateIn(A);
  rated.rated_this_answer = true;
  states.push_back(rated);
  CaseState reopened_twice = StateIn(A);
  reopened_twice.reopen_count = 2;
  states.push_back(reopened_twice);
  int offered = 0;
  for (const Instant now : {kNow, kAnsweredAt + days(14) - 1s, kAnsweredAt + days(14)}) {
    for (const auto& s : states) {
      for (const auto& actor : actors) {
        const auto available = AvailableActions(s, actor, now);
        EXPECT_TRUE(std::is_sorted(available.begin(), available.end()));
        for (ActionKind kind : AllKinds()) {
          const bool listed =
              std::find(available.begin(), available.end(), kind) != available.end();
          const bool ok =
              Decide(s, actor, ValidActionFor(kind, actor), now).outcome == Outcome::kOk;
          EXPECT_EQ(listed, ok) << ToString(actor.role) << "@" << actor.entity << " "
                                << ToString(kind) << " in " << ToString(s.status);
          offered += listed;
        }
      }
    }
  }
  EXPECT_GT(offered, 0);
}

TEST(LifecycleTest, AvailableActionsExamples) {
  using K = ActionKind;
  EXPECT_EQ(
      AvailableActions(StateIn(R), MakeActor(Role::kAgent), kNow),
      (std::vector<K>{K::kAssign, K::kReply, K::kNote, K::kRequestInfo, K::kAnswer, K::kReject}));
  EXPECT_EQ(AvailableActions(StateIn(W), MakeActor(Role::kSupervisor), kNow),
            (std::vector<K>{K::kAssign, K::kReply, K::kNote, K::kAnswer, K::kReject, K::kTransfer,
                            K::kExtend, K::kMerge}));
  EXPECT_EQ(AvailableActions(StateIn(A), MakeActor(Role::kCitizen), kNow),
            (std::vector<K>{K::kRate, K::kReopen}));
  EXPECT_EQ(AvailableActions(StateIn(W), MakeActor(Role::kCitizen), kNow),
            (std::vector<K>{K::kCitizenReply}));
  EXPECT_EQ(AvailableActions(StateIn(A), MakeActor(Role::kSystem), kNow + days(13)),
            (std::vector<K>{K::kAutoClose}));
  EXPECT_TRUE(AvailableActions(StateIn(P), MakeActor(Role::kAuditor), kNow).empty());
  EXPECT_TRUE(AvailableActions(StateIn(P), MakeActor(Role::kSupervisor, "MOH"), kNow).empty());
}

// --- Identity and names ----------------------------------------------------------------------

TEST(LifecycleTest, AnonymousCasesHideTheCitizenFromEntityStaff) {
  struct Row {
    Role role;
    bool sees_anonymous;
  };
  for (const Row row :
       {Row{Role::kCitizen, true}, Row{Role::kAgent, false}, Row{Role::kSupervisor, false},
        Row{Role::kAdmin, true}, Row{Role::kAuditor, true}, Row{Role::kSystem, true}}) {
    const Actor viewer = MakeActor(row.role);
    EXPECT_EQ(CanSeeCitizenIdentity(viewer, true), row.sees_anonymous) << ToString(row.role);
    EXPECT_TRUE(CanSeeCitizenIdentity(viewer, false)) << ToString(row.role);
  }
}

TEST(LifecycleTest, ActionNamesRoundTrip) {
  const std::vector<std::string> expected = {
      "assign", "reply", "note",          "request_info", "answer", "reject",     "transfer",
      "extend", "merge", "citizen_reply", "rate",         "reopen", "auto_close", "info_timeout"};
  const auto kinds = AllKinds();
  ASSERT_EQ(kinds.size(), expected.size());
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(ToString(kinds[i]), expected[i]);
    const auto parsed = ParseStaffAction(expected[i]);
    if (i < 9) {
      ASSERT_TRUE(parsed.has_value()) << expected[i];
      EXPECT_EQ(*parsed, kinds[i]);
    } else {
      EXPECT_FALSE(parsed.has_value()) << expected[i];
    }
  }
  for (std::string_view bad : {"", "Assign", "assign ", "close", "propose_transfer"}) {
    EXPECT_FALSE(ParseStaffAction(bad).has_value()) << bad;
  }
}

TEST(LifecycleTest, RejectReasonsRoundTrip) {
  const std::vector<std::pair<std::string, RejectReason>> expected = {
      {"out_of_scope", RejectReason::kOutOfScope},
      {"duplicate", RejectReason::kDuplicate},
      {"insufficient_information", RejectReason::kInsufficientInformation},
      {"abusive", RejectReason::kAbusive},
      {"other", RejectReason::kOther}};
  for (const auto& [name, reason] : expected) {
    EXPECT_EQ(ToString(reason), name);
    EXPECT_EQ(ParseRejectReason(name), reason);
  }
  for (std::string_view bad : {"", "OTHER", "spam", "out-of-scope"}) {
    EXPECT_FALSE(ParseRejectReason(bad).has_value()) << bad;
  }
}

TEST(LifecycleTest, RoleNames) {
  EXPECT_EQ(ToString(Role::kCitizen), "citizen");
  EXPECT_EQ(ToString(Role::kAgent), "agent");
  EXPECT_EQ(ToString(Role::kSupervisor), "supervisor");
  EXPECT_EQ(ToString(Role::kAdmin), "admin");
  EXPECT_EQ(ToString(Role::kAuditor), "auditor");
  EXPECT_EQ(ToString(Role::kSystem), "system");
}

}  // namespace
}  // namespace tawasul::domain

namespace tawasul::domain {
namespace {

TEST(StaffRoles, ParsedByExactNameAndOnlyStaffRoles) {
  EXPECT_EQ(ParseStaffRole("agent"), Role::kAgent);
  EXPECT_EQ(ParseStaffRole("supervisor"), Role::kSupervisor);
  EXPECT_EQ(ParseStaffRole("admin"), Role::kAdmin);
  EXPECT_EQ(ParseStaffRole("auditor"), Role::kAuditor);
  EXPECT_FALSE(ParseStaffRole("citizen").has_value());
  EXPECT_FALSE(ParseStaffRole("system").has_value());
  EXPECT_FALSE(ParseStaffRole("Admin").has_value());
  EXPECT_FALSE(ParseStaffRole("").has_value());
  for (Role r : {Role::kAgent, Role::kSupervisor, Role::kAdmin, Role::kAuditor, Role::kCallCentre})
    EXPECT_EQ(ParseStaffRole(ToString(r)), r);
  EXPECT_EQ(ToString(Role::kCallCentre), "call_centre");
  EXPECT_TRUE(MayEnterCasesForCallers(Role::kCallCentre));
  EXPECT_TRUE(MayEnterCasesForCallers(Role::kAgent));
  EXPECT_FALSE(MayEnterCasesForCallers(Role::kAuditor));
  EXPECT_FALSE(MayEnterCasesForCallers(Role::kCitizen));
  EXPECT_TRUE(IsEntityRole(Role::kAgent));
  EXPECT_TRUE(IsEntityRole(Role::kSupervisor));
  EXPECT_FALSE(IsEntityRole(Role::kAdmin));
  EXPECT_FALSE(IsEntityRole(Role::kAuditor));
}

}  // namespace
}  // namespace tawasul::domain
