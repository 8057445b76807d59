// The suggestion outcome rules (domain/suggestion_outcome.h): every allowed and refused
// transition, the fields each stage takes and refuses, who may record, and the fold over the
// history that the pages, the JSON views and the read model share.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "domain/suggestion_outcome.h"

namespace tawasul::domain {
namespace {

using S = SuggestionStage;

const Instant kNow = Instant(std::chrono::seconds(1'800'000'000));

CaseRecord Suggestion() {
  CaseRecord r;
  r.id = 9;
  r.reference = "26-0000009-5";
  r.status = CaseStatus::kClosed;  // outcomes are recorded on closed cases too
  r.draft.type = CaseType::kSuggestion;
  r.draft.entity = "MOW";
  r.draft.category = "roads.lighting";
  r.draft.contact_email = "citizen@example.com";
  r.draft.language = Language::kArabic;
  return r;
}

Actor Agent(std::string entity = "MOW") { return {Role::kAgent, 12, std::move(entity)}; }

OutcomeRequest Stage(const char* stage) {
  OutcomeRequest r;
  r.stage = stage;
  return r;
}

// The outcome after recording `stages` in order (each must be allowed).
std::vector<CaseEvent> History(const std::vector<OutcomeRequest>& steps) {
  std::vector<CaseEvent> events;
  Instant at = kNow;
  for (const auto& step : steps) {
    auto d = DecideOutcome(Suggestion(), OutcomeOf(events), Agent(), step, at);
    EXPECT_EQ(d.outcome, Outcome::kOk) << d.code << " " << d.field;
    for (auto& e : d.change.events) events.push_back(e);
    at += std::chrono::hours(24);
  }
  return events;
}

OutcomeRequest Implemented() {
  OutcomeRequest r = Stage("implemented");
  r.summary = "Lights installed along the road";
  return r;
}

OutcomeRequest Declined() {
  OutcomeRequest r = Stage("declined");
  r.reason = "Not within this year's budget";
  return r;
}

OutcomeRequest Progress(int p) {
  OutcomeRequest r = Stage("in_progress");
  r.progress = p;
  return r;
}

TEST(SuggestionOutcomeTest, NamesRoundTrip) {
  for (S s : {S::kUnderStudy, S::kAccepted, S::kInProgress, S::kImplemented, S::kDeclined}) {
    EXPECT_EQ(ParseSuggestionStage(ToString(s)), s);
  }
  EXPECT_FALSE(ParseSuggestionStage("Accepted"));
  EXPECT_FALSE(ParseSuggestionStage(""));
  EXPECT_EQ(ParseEventKind("suggestion_outcome"), EventKind::kSuggestionOutcome);
}

TEST(SuggestionOutcomeTest, TheWholePathToImplemented) {
  OutcomeRequest milestone = Progress(40);
  milestone.milestone_date = "2026-12-01";
  milestone.milestone_text = "Design approved";
  auto events = History({Stage("under_study"), Stage("accepted"), Progress(10), milestone,
                         Progress(80), Implemented()});
  ASSERT_EQ(events.size(), 6u);
  for (const auto& e : events) {
    EXPECT_EQ(e.kind, EventKind::kSuggestionOutcome);
    EXPECT_TRUE(e.is_public);
    EXPECT_EQ(e.actor, "user:12");
  }
  auto o = OutcomeOf(events);
  EXPECT_EQ(o.stage, S::kImplemented);
  EXPECT_EQ(o.progress, 100);
  ASSERT_EQ(o.milestones.size(), 1u);
  EXPECT_EQ(FormatDate(o.milestones[0].date), "2026-12-01");
  EXPECT_EQ(o.milestones[0].text, "Design approved");
  EXPECT_EQ(o.summary, "Lights installed along the road");
  EXPECT_EQ(o.accepted_at, kNow + std::chrono::hours(24));
  EXPECT_EQ(o.implemented_at, kNow + std::chrono::hours(5 * 24));
  EXPECT_FALSE(o.declined_at);
  EXPECT_TRUE(NextStages(o.stage).empty());
}

TEST(SuggestionOutcomeTest, EveryTransitionAllowedOrRefused) {
  // The stage reached by recording, from nothing, the prefix of the path.
  const std::vector<std::optional<S>> from = {std::nullopt,   S::kUnderStudy,  S::kAccepted,
                                              S::kInProgress, S::kImplemented, S::kDeclined};
  auto history_to = [](std::optional<S> stage) -> std::vector<CaseEvent> {
    if (!stage) return {};
    switch (*stage) {
      case S::kUnderStudy:
        return History({Stage("under_study")});
      case S::kAccepted:
        return History({Stage("under_study"), Stage("accepted")});
      case S::kInProgress:
        return History({Stage("accepted"), Progress(20)});
      case S::kImplemented:
        return History({Stage("accepted"), Progress(20), Implemented()});
      case S::kDeclined:
        return History({Declined()});
    }
    return {};
  };
  auto request_for = [](S to) {
    if (to == S::kImplemented) return Implemented();
    if (to == S::kDeclined) return Declined();
    if (to == S::kInProgress) return Progress(50);
    return Stage(std::string(ToString(to)).c_str());
  };
  for (auto f : from) {
    const auto events = history_to(f);
    ASSERT_EQ(OutcomeOf(events).stage, f);
    const auto allowed = NextStages(f);
    for (S to : {S::kUnderStudy, S::kAccepted, S::kInProgress, S::kImplemented, S::kDeclined}) {
      auto d = DecideOutcome(Suggestion(), OutcomeOf(events), Agent(), request_for(to), kNow);
      const bool ok = std::find(allowed.begin(), allowed.end(), to) != allowed.end();
      SCOPED_TRACE(std::string(f ? ToString(*f) : "none") + " -> " + std::string(ToString(to)));
      if (ok) {
        EXPECT_EQ(d.outcome, Outcome::kOk) << d.code;
        EXPECT_TRUE(d.change.apply);
        EXPECT_EQ(d.change.events.size(), 1u);
      } else {
        EXPECT_EQ(d.outcome, Outcome::kConflict);
        EXPECT_EQ(d.code, "illegal_transition");
        EXPECT_EQ(d.field, "stage");
        EXPECT_FALSE(d.change.apply);
        EXPECT_TRUE(d.change.events.empty());
        EXPECT_TRUE(d.change.outbox.empty());
      }
    }
  }
  // The table itself, as documented.
  EXPECT_EQ(NextStages(std::nullopt), (std::vector<S>{S::kUnderStudy, S::kAccepted, S::kDeclined}));
  EXPECT_EQ(NextStages(S::kUnderStudy), (std::vector<S>{S::kAccepted, S::kDeclined}));
  EXPECT_EQ(NextStages(S::kAccepted), (std::vector<S>{S::kInProgress, S::kDeclined}));
  EXPECT_EQ(NextStages(S::kInProgress), (std::vector<S>{S::kInProgress, S::kImplemented}));
  EXPECT_TRUE(NextStages(S::kDeclined).empty());
}

TEST(SuggestionOutcomeTest, InProgressAgainMustChangeSomething) {
  auto events = History({Stage("accepted"), Progress(20)});
  auto same = DecideOutcome(Suggestion(), OutcomeOf(events), Agent(), Progress(20), kNow);
  EXPECT_EQ(same.outcome, Outcome::kConflict);
  EXPECT_EQ(same.code, "no_change");
  OutcomeRequest keep = Stage("in_progress");  // no progress given: keeps 20
  EXPECT_EQ(DecideOutcome(Suggestion(), OutcomeOf(events), Agent(), keep, kNow).code, "no_change");
  keep.milestone_date = "2026-12-02";
  keep.milestone_text = "Poles delivered";
  auto d = DecideOutcome(Suggestion(), OutcomeOf(events), Agent(), keep, kNow);
  ASSERT_EQ(d.outcome, Outcome::kOk);
  auto data = nlohmann::json::parse(d.change.events[0].data);
  EXPECT_EQ(data["progress"], 20);
  EXPECT_EQ(data["milestone"]["text"], "Poles delivered");
}

TEST(SuggestionOutcomeTest, FieldsAreCheckedAndNamed) {
  struct Bad {
    OutcomeRequest request;
    std::string field, code;
  };
  auto with = [](OutcomeRequest r, auto f) {
    f(r);
    return r;
  };
  const auto in_progress = OutcomeOf(History({Stage("accepted"), Progress(20)}));
  const std::vector<Bad> bad = {
      {OutcomeRequest{}, "stage", "required"},
      {Stage("done"), "stage", "invalid_value"},
      {Progress(101), "progress", "out_of_range"},
      {Progress(-1), "progress", "out_of_range"},
      {with(Stage("accepted"), [](auto& r) { r.progress = 5; }), "progress", "not_allowed"},
      {with(Stage("accepted"), [](auto& r) { r.reason = "x"; }), "reason", "not_allowed"},
      {with(Progress(30), [](auto& r) { r.summary = "x"; }), "summary", "not_allowed"},
      {with(Stage("declined"), [](auto& r) { r.milestone_date = "2026-12-01"; }), "milestone",
       "not_allowed"},
      {Stage("declined"), "reason", "required"},
      {with(Stage("declined"), [](auto& r) { r.reason = "   "; }), "reason", "required"},
      {with(Stage("declined"), [](auto& r) { r.reason = std::string(1001, 'x'); }), "reason",
       "too_long"},
      {with(Stage("declined"), [](auto& r) { r.reason = "a\x01b"; }), "reason", "invalid_text"},
      // A right-to-left override (U+202E) would reorder what follows it on the page.
      {with(Stage("declined"), [](auto& r) { r.reason = "abc \xE2\x80\xAE def"; }), "reason",
       "invalid_text"},
      {Stage("implemented"), "summary", "required"},
      {with(Progress(30), [](auto& r) { r.milestone_text = "x"; }), "milestone.date", "required"},
      {with(Progress(30),
            [](auto& r) {
              r.milestone_date = "2026-02-30";
              r.milestone_text = "x";
            }),
       "milestone.date", "invalid_date"},
      {with(Progress(30), [](auto& r) { r.milestone_date = "2026-12-01"; }), "milestone.text",
       "required"},
      {with(Progress(30),
            [](auto& r) {
              r.milestone_date = "2026-12-01";
              r.milestone_text = "line\nbreak";
            }),
       "milestone.text", "invalid_text"},
  };
  for (const auto& b : bad) {
    auto d = DecideOutcome(Suggestion(), in_progress, Agent(), b.request, kNow);
    SCOPED_TRACE(b.field + " " + b.code);
    EXPECT_EQ(d.outcome, Outcome::kInvalid);
    EXPECT_EQ(d.field, b.field);
    EXPECT_EQ(d.code, b.code);
    EXPECT_FALSE(d.change.apply);
  }
}

TEST(SuggestionOutcomeTest, OnlyTheEntitysAgentsAndSupervisorsOnSuggestions) {
  const SuggestionOutcome none;
  EXPECT_EQ(DecideOutcome(Suggestion(), none, Agent("MOH"), Stage("accepted"), kNow).outcome,
            Outcome::kNotFound);
  EXPECT_EQ(
      DecideOutcome(Suggestion(), none, Actor{Role::kSupervisor, 3, "MOW"}, Stage("accepted"), kNow)
          .outcome,
      Outcome::kOk);
  for (Role role :
       {Role::kAdmin, Role::kAuditor, Role::kCitizen, Role::kSystem, Role::kCallCentre}) {
    EXPECT_EQ(
        DecideOutcome(Suggestion(), none, Actor{role, 1, ""}, Stage("accepted"), kNow).outcome,
        Outcome::kForbidden);
  }
  CaseRecord complaint = Suggestion();
  complaint.draft.type = CaseType::kComplaint;
  auto d = DecideOutcome(complaint, none, Agent(), Stage("accepted"), kNow);
  EXPECT_EQ(d.outcome, Outcome::kConflict);
  EXPECT_EQ(d.code, "not_a_suggestion");
}

TEST(SuggestionOutcomeTest, TheCitizenIsToldInTheirLanguageUnlessUnreachable) {
  auto d = DecideOutcome(Suggestion(), {}, Agent(), Declined(), kNow);
  ASSERT_EQ(d.outcome, Outcome::kOk);
  ASSERT_EQ(d.change.outbox.size(), 1u);
  const auto& m = d.change.outbox[0];
  EXPECT_EQ(m.kind, "suggestion_outcome");
  EXPECT_EQ(m.recipient, "case");
  EXPECT_EQ(m.language, Language::kArabic);
  auto payload = nlohmann::json::parse(m.payload);
  EXPECT_EQ(payload["stage"], "اعتُذر عن تنفيذه");
  EXPECT_EQ(payload["detail"], "Not within this year's budget");
  EXPECT_EQ(payload["entity"], "MOW");
  // The row itself is left as it was: the outcome lives in the history.
  EXPECT_EQ(d.change.next.status, CaseStatus::kClosed);
  EXPECT_TRUE(d.change.figures.empty());

  CaseRecord unreachable = Suggestion();
  unreachable.draft.contact_email.clear();
  auto u = DecideOutcome(unreachable, {}, Agent(), Stage("under_study"), kNow);
  ASSERT_EQ(u.outcome, Outcome::kOk);
  EXPECT_TRUE(u.change.outbox.empty());
  EXPECT_EQ(u.change.unsent, std::vector<std::string>{"suggestion_outcome"});
}

TEST(SuggestionOutcomeTest, TheFoldSkipsWhatItCannotRead) {
  CaseEvent bad;
  bad.kind = EventKind::kSuggestionOutcome;
  bad.data = "not json";
  CaseEvent unknown = bad;
  unknown.data = R"({"stage":"teleported"})";
  CaseEvent other;
  other.kind = EventKind::kAnswer;
  other.data = R"({"stage":"implemented"})";
  EXPECT_EQ(OutcomeOf({bad, unknown, other}), SuggestionOutcome{});
}

}  // namespace
}  // namespace tawasul::domain
