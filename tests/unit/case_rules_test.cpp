// The rules that change a stored case (domain/case_rules.h): the scheduler's decisions are taken
// once and only while their condition holds; an action's change follows the lifecycle; a
// recomputation records an event only when a promise moved.

#include <gtest/gtest.h>

#include "calendar_data.h"
#include "domain/case_rules.h"

namespace tawasul::domain {
namespace {

using testdata::At;

// An open complaint received on Sunday 2 February 2025 at 08:00, with its clocks computed.
CaseRecord OpenCase() {
  CaseRecord r;
  r.id = 7;
  r.reference = "25-0000007-4";
  r.status = CaseStatus::kReceived;
  r.draft.type = CaseType::kComplaint;
  r.draft.entity = "MOW";
  r.submitted_at = At("2025-02-02T08:00:00+03:00");
  r.clock = StartClock(TargetTable(), r.draft, r.submitted_at);
  RecomputeDueTimes(testdata::Bahrain(), r);
  return r;
}

TEST(CaseRules, BreachRecordedOnceAfterTheDueTime) {
  CaseRecord r = OpenCase();
  EXPECT_FALSE(BreachChange(r, true, r.due_at - std::chrono::seconds(1)).apply);
  auto ch = BreachChange(r, true, r.due_at);
  ASSERT_TRUE(ch.apply);
  EXPECT_TRUE(ch.next.resolution_breached);
  EXPECT_FALSE(ch.next.first_response_breached);
  ASSERT_EQ(ch.events.size(), 1u);
  EXPECT_EQ(ch.events[0].kind, EventKind::kBreached);
  EXPECT_FALSE(ch.events[0].is_public);
  ASSERT_EQ(ch.outbox.size(), 1u);
  EXPECT_EQ(ch.outbox[0].recipient, "role:supervisor@MOW");
  // Already recorded: nothing more.
  EXPECT_FALSE(BreachChange(ch.next, true, r.due_at + std::chrono::hours(1)).apply);
  // A paused clock (awaiting the citizen) is not breached.
  r.status = CaseStatus::kAwaitingCitizen;
  EXPECT_FALSE(BreachChange(r, true, r.due_at + std::chrono::hours(1)).apply);
}

TEST(CaseRules, FirstResponseBreachNotAfterAResponse) {
  CaseRecord r = OpenCase();
  auto late = r.first_response_due_at + std::chrono::minutes(1);
  EXPECT_TRUE(BreachChange(r, false, late).next.first_response_breached);
  r.first_response_at = r.first_response_due_at - std::chrono::minutes(5);
  EXPECT_FALSE(BreachChange(r, false, late).apply);
}

TEST(CaseRules, WarningOncePerCycleToTheAssigneeOrTheAgents) {
  CaseRecord r = OpenCase();
  ASSERT_TRUE(r.warn_at.has_value());
  EXPECT_FALSE(WarningChange(r, *r.warn_at - std::chrono::seconds(1)).apply);
  auto ch = WarningChange(r, *r.warn_at);
  ASSERT_TRUE(ch.apply);
  EXPECT_EQ(ch.outbox.at(0).recipient, "role:agent@MOW");
  EXPECT_FALSE(WarningChange(ch.next, *r.warn_at + std::chrono::hours(1)).apply);
  r.assignee_id = 12;
  EXPECT_EQ(WarningChange(r, *r.warn_at).outbox.at(0).recipient, "user:12");
}

TEST(CaseRules, EscalationOnlyOfARecordedBreachPastTheDelay) {
  CaseRecord r = OpenCase();
  auto later = r.due_at + std::chrono::hours(48);
  EXPECT_FALSE(EscalationChange(r, later, later).apply);  // no breach recorded yet
  r.resolution_breached = true;
  EXPECT_FALSE(EscalationChange(r, r.due_at - std::chrono::seconds(1), later).apply);
  auto ch = EscalationChange(r, r.due_at, later);
  ASSERT_TRUE(ch.apply);
  EXPECT_TRUE(ch.next.escalated);
  EXPECT_EQ(ch.outbox.at(0).recipient, "role:admin");
  EXPECT_FALSE(EscalationChange(ch.next, r.due_at, later).apply);
}

TEST(CaseRules, RecomputeRecordsAnEventOnlyWhenAPromiseMoved) {
  CaseRecord r = OpenCase();
  const auto now = At("2025-02-03T10:00:00+03:00");
  // Same calendar, same targets: nothing to write.
  auto same = RecomputeChange(testdata::Bahrain(), TargetTable(), r, "calendar_changed", false,
                              "user:1", now);
  EXPECT_FALSE(same.apply);
  // A holiday inside the clock moves the due time a working day later.
  CalendarSpec spec = testdata::Bahrain().Spec();
  Holiday day;
  day.start = day.end = *ParseDate("2025-02-10");
  day.name_en = "A day";
  day.name_ar = "يوم";
  spec.holidays.push_back(day);
  WorkingCalendar with_holiday(spec);
  auto moved =
      RecomputeChange(with_holiday, TargetTable(), r, "calendar_changed", false, "user:1", now);
  ASSERT_TRUE(moved.apply);
  EXPECT_GT(moved.next.due_at, r.due_at);
  ASSERT_EQ(moved.events.size(), 1u);
  EXPECT_EQ(moved.events[0].kind, EventKind::kDueRecomputed);
  EXPECT_EQ(moved.events[0].actor, "user:1");
  // A closed case is never recomputed.
  r.status = CaseStatus::kClosed;
  EXPECT_FALSE(
      RecomputeChange(with_holiday, TargetTable(), r, "calendar_changed", false, "user:1", now)
          .apply);
}

TEST(CaseRules, ActionRefusedByTheLifecycleWritesNothing) {
  CaseRecord r = OpenCase();
  Actor citizen;
  citizen.role = Role::kCitizen;
  Action rate;
  rate.kind = ActionKind::kRate;
  rate.score = 5;
  Decision decision;
  auto ch = PlanCaseAction(testdata::Bahrain(), TargetTable(), r, citizen, rate,
                           At("2025-02-03T10:00:00+03:00"), decision);
  EXPECT_NE(decision.outcome, Outcome::kOk);  // nothing answered yet: nothing to rate
  EXPECT_FALSE(ch.apply);
}

}  // namespace
}  // namespace tawasul::domain
