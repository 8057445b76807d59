#include "domain/sla.h"

#include <gtest/gtest.h>

#include "calendar_data.h"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/time.h"

namespace tawasul::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;
using std::chrono::sys_days;

using testdata::ReadFile;

using testdata::At;
using testdata::Bahrain;
using testdata::Bahrain2025Spec;
using testdata::Date;

std::string Local(Instant t) {
  if (t == kNeverDue) return "never";
  return FormatRfc3339(t, Bahrain().UtcOffsetSeconds(t));
}

std::string Local(std::optional<Instant> t) { return t ? Local(*t) : "stopped"; }

Target WorkingDays(std::int64_t n) { return {TargetUnit::kWorkingDays, n}; }
Target WorkingMinutes(std::int64_t n) { return {TargetUnit::kWorkingMinutes, n}; }

Pause Paused(std::string_view from, std::string_view to) { return {At(from), At(to)}; }

// ---- targets -----------------------------------------------------------------------------------

TEST(SlaTargetTest, DefaultsOfTheDesign) {
  const TargetTable table;
  EXPECT_EQ(table.Resolve("MOH", "inquiry", "").resolution, WorkingDays(5));
  EXPECT_EQ(table.Resolve("MOH", "complaint", "").resolution, WorkingDays(14));
  EXPECT_EQ(table.Resolve("MOH", "suggestion", "x").resolution, WorkingDays(14));
  EXPECT_EQ(table.Resolve("", "compliment", "").resolution, WorkingDays(5));
  for (const char* type : {"inquiry", "complaint", "suggestion", "compliment", ""}) {
    EXPECT_EQ(table.Resolve("MOH", type, "").first_response, WorkingDays(2)) << type;
  }
  EXPECT_EQ(table.Resolve("MOH", "", "").resolution, WorkingDays(14));  // the default rule
  EXPECT_EQ(Specificity(table.Resolve("MOH", "", "")), 0);
  EXPECT_TRUE(table.Rules().empty());
}

TEST(SlaTargetTest, MostSpecificRuleWinsForEverySubsetOfRules) {
  // One rule per non-empty key pattern (bit 4 category, 2 entity, 1 type), each with its own
  // resolution amount = 100 + pattern, so the winner is visible.
  const auto rule_for = [](int pattern) {
    return TargetRule{(pattern & 2) ? "MOH" : "", (pattern & 1) ? "complaint" : "",
                      (pattern & 4) ? "hospitals" : "", WorkingDays(2), WorkingDays(100 + pattern)};
  };
  for (int subset = 0; subset < 128; ++subset) {
    std::vector<TargetRule> rules;
    int best = -1;
    for (int pattern = 1; pattern <= 7; ++pattern) {
      if (subset & (1 << (pattern - 1))) {
        rules.push_back(rule_for(pattern));
        best = std::max(best, pattern);
      }
    }
    std::string error;
    const auto table = TargetTable::Create(rules, &error);
    ASSERT_TRUE(table.has_value()) << error;
    const TargetRule won = table->Resolve("MOH", "complaint", "hospitals");
    if (best < 0) {
      EXPECT_EQ(won.resolution, WorkingDays(14)) << subset;  // the built-in complaint rule
      EXPECT_EQ(won.type, "complaint");
    } else {
      EXPECT_EQ(won, rule_for(best)) << "subset " << subset;
      EXPECT_EQ(Specificity(won), best);
    }
  }
}

TEST(SlaTargetTest, OrderOfSpecificityAndNonMatchingRules) {
  std::string error;
  const auto table = TargetTable::Create(
      {
          {"MOH", "", "", WorkingDays(1), WorkingDays(10)},                // entity
          {"MOH", "inquiry", "", WorkingDays(1), WorkingDays(3)},          // type + entity
          {"", "", "hospitals", WorkingDays(1), WorkingDays(7)},           // category
          {"MOH", "", "pharmacies", WorkingDays(1), WorkingMinutes(240)},  // category + entity
          {"", "inquiry", "", WorkingDays(1), WorkingDays(4)},             // replaces built-in
      },
      &error);
  ASSERT_TRUE(table.has_value()) << error;
  EXPECT_EQ(table->Resolve("MOH", "complaint", "").resolution, WorkingDays(10));        // E > T
  EXPECT_EQ(table->Resolve("MOH", "inquiry", "").resolution, WorkingDays(3));           // TE > E
  EXPECT_EQ(table->Resolve("MOH", "inquiry", "hospitals").resolution, WorkingDays(7));  // C > TE
  EXPECT_EQ(table->Resolve("MOH", "inquiry", "pharmacies").resolution, WorkingMinutes(240));
  EXPECT_EQ(table->Resolve("MOW", "inquiry", "").resolution, WorkingDays(4));     // T
  EXPECT_EQ(table->Resolve("MOW", "complaint", "").resolution, WorkingDays(14));  // built-in
  EXPECT_EQ(table->Resolve("MOW", "complaint", "roads").resolution, WorkingDays(14));
  EXPECT_EQ(table->Resolve("MOW", "inquiry", "pharmacies").resolution, WorkingDays(4));
  EXPECT_EQ(table->Rules().size(), 5u);
  const TargetRule won = table->Resolve("MOH", "inquiry", "hospitals");
  EXPECT_EQ(won.category, "hospitals");  // the audit trail can name the rule
  EXPECT_EQ(won.entity, "");
}

TEST(SlaTargetTest, CreateRefusesBadRules) {
  std::string error;
  EXPECT_FALSE(TargetTable::Create({{"", "complain", "", WorkingDays(2), WorkingDays(5)}}, &error));
  EXPECT_NE(error.find("rule 1: unknown type 'complain'"), std::string::npos) << error;
  EXPECT_FALSE(TargetTable::Create({{"A", "", "", WorkingDays(2), WorkingMinutes(0)}}, &error));
  EXPECT_NE(error.find("working minutes"), std::string::npos) << error;
  EXPECT_FALSE(TargetTable::Create({{"A", "", "", WorkingDays(-1), WorkingDays(5)}}, &error));
  EXPECT_FALSE(TargetTable::Create({{"A", "", "", WorkingDays(2), WorkingDays(3661)}}, &error));
  EXPECT_FALSE(TargetTable::Create({{"A", "", "x", WorkingDays(2), WorkingDays(5)},
                                    {"B", "", "", WorkingDays(2), WorkingDays(5)},
                                    {"A", "", "x", WorkingDays(1), WorkingDays(3)}},
                                   &error));
  EXPECT_NE(error.find("rule 3: same entity, type and category as rule 1"), std::string::npos)
      << error;
  EXPECT_FALSE(TargetTable::Create({{"", "x", "", WorkingDays(2), WorkingDays(5)}}, nullptr));
  EXPECT_TRUE(TargetTable::Create({{"A", "", "", WorkingDays(0), WorkingMinutes(1)}}, &error));
}

TEST(SlaTargetTest, UnitsAndFormatting) {
  EXPECT_EQ(TargetUnitName(TargetUnit::kWorkingDays), "working_days");
  EXPECT_EQ(TargetUnitName(TargetUnit::kWorkingMinutes), "working_minutes");
  EXPECT_EQ(ParseTargetUnit("working_minutes"), TargetUnit::kWorkingMinutes);
  EXPECT_EQ(ParseTargetUnit("working_days"), TargetUnit::kWorkingDays);
  EXPECT_FALSE(ParseTargetUnit("days"));
  EXPECT_EQ(FormatTarget(WorkingDays(14)), "14 working days");
  EXPECT_EQ(FormatTarget(WorkingDays(1)), "1 working day");
  EXPECT_EQ(FormatTarget(WorkingMinutes(90)), "90 working minutes");
  EXPECT_TRUE(IsValidTarget(WorkingDays(0)));
  EXPECT_TRUE(IsValidTarget(WorkingDays(kMaxTargetWorkingDays)));
  EXPECT_FALSE(IsValidTarget(WorkingDays(kMaxTargetWorkingDays + 1)));
  EXPECT_FALSE(IsValidTarget(WorkingMinutes(0)));
  EXPECT_TRUE(IsValidTarget(WorkingMinutes(kMaxTargetWorkingMinutes)));
  EXPECT_FALSE(IsValidTarget(WorkingMinutes(kMaxTargetWorkingMinutes + 1)));
}

// ---- clocks: worked examples (docs/sla.md has the same ones) -----------------------------------

TEST(SlaClockTest, BaseDueTimesUseTheCalendarRules) {
  // Days: the receipt-day rule and the close of the N-th working day.
  EXPECT_EQ(Local(DueAfterTarget(Bahrain(), At("2025-06-04T10:00:00+03:00"), WorkingDays(14))),
            "2025-07-01T14:15:00+03:00");
  EXPECT_EQ(
      Local(ComputeDue(Bahrain(), {At("2025-06-04T10:00:00+03:00"), WorkingDays(14), {}, {}})),
      "2025-07-01T14:15:00+03:00");
  // Minutes: working time only.
  EXPECT_EQ(
      Local(ComputeDue(Bahrain(), {At("2025-06-04T13:00:00+03:00"), WorkingMinutes(120), {}, {}})),
      "2025-06-11T07:45:00+03:00");
  // Out-of-range amounts never hang and never throw.
  EXPECT_EQ(DueAfterTarget(Bahrain(), At("2025-06-04T10:00:00+03:00"), WorkingDays(100000)),
            kNeverDue);
  EXPECT_EQ(DueAfterTarget(Bahrain(), At("2025-06-04T10:00:00+03:00"), WorkingMinutes(INT64_MAX)),
            kNeverDue);
  EXPECT_EQ(DueAfterTarget(Bahrain(), At("2025-06-04T10:00:00+03:00"), WorkingDays(-3)),
            DueAfterTarget(Bahrain(), At("2025-06-04T10:00:00+03:00"), WorkingDays(0)));
  const WorkingCalendar none{CalendarSpec{}};
  EXPECT_EQ(ComputeDue(none, {At("2025-06-04T10:00:00+03:00"), WorkingDays(2), {}, WorkingDays(1)}),
            kNeverDue);
}

TEST(SlaClockTest, Extension) {
  const Instant start = At("2025-06-04T10:00:00+03:00");
  // 14 + 5 working days: Jul 2, 3, (5-6 Ashura, 7 compensation), 8, 9, 10.
  EXPECT_EQ(Local(ComputeDue(Bahrain(), {start, WorkingDays(14), {}, WorkingDays(5)})),
            "2025-07-10T14:00:00+03:00");
  EXPECT_EQ(ComputeDue(Bahrain(), {start, WorkingDays(14), {}, WorkingDays(5)}),
            Bahrain().DueAfterWorkingDays(start, 19));
  // A minutes extension of a days target continues from the close into the next day.
  EXPECT_EQ(Local(ComputeDue(Bahrain(), {start, WorkingDays(14), {}, WorkingMinutes(60)})),
            "2025-07-02T08:00:00+03:00");
  // A days extension of a minutes target: close of the E-th working day after the due's day.
  const Instant wednesday = At("2025-01-08T10:00:00+03:00");
  EXPECT_EQ(Local(ComputeDue(Bahrain(), {wednesday, WorkingMinutes(120), {}, {}})),
            "2025-01-08T12:00:00+03:00");
  EXPECT_EQ(Local(ComputeDue(Bahrain(), {wednesday, WorkingMinutes(120), {}, WorkingDays(0)})),
            "2025-01-08T14:15:00+03:00");
  EXPECT_EQ(Local(ComputeDue(Bahrain(), {wednesday, WorkingMinutes(120), {}, WorkingDays(1)})),
            "2025-01-09T14:00:00+03:00");
  // A due time exactly at a close belongs to that day: 0 days + 1 day = the next day's close.
  EXPECT_EQ(Local(ComputeDue(Bahrain(), {wednesday, WorkingDays(0), {}, WorkingDays(1)})),
            "2025-01-09T14:00:00+03:00");
  EXPECT_EQ(Local(ComputeDue(Bahrain(), {wednesday, WorkingMinutes(255), {}, WorkingDays(1)})),
            "2025-01-09T14:00:00+03:00");  // 255 min from 10:00 ends at the 14:15 close
  // An extension of nothing changes nothing.
  EXPECT_EQ(ComputeDue(Bahrain(), {wednesday, WorkingDays(3), {}, WorkingMinutes(0)}),
            ComputeDue(Bahrain(), {wednesday, WorkingDays(3), {}, {}}));
}

TEST(SlaClockTest, PauseMovesTheDueTimeByPausedWorkingTime) {
  // Wed 8 Jan 09:00, 2 working days: due Sun 12 Jan 14:15. Paused Wed 10:00 - Thu 10:00:
  // 4h15 + 3h = 7h15 of working time, exactly Monday's frame: due Mon 13 Jan 14:15.
  const Instant start = At("2025-01-08T09:00:00+03:00");
  ClockInput input{start, WorkingDays(2), {}, {}};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T14:15:00+03:00");
  input.pauses = {Paused("2025-01-08T10:00:00+03:00", "2025-01-09T10:00:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-13T14:15:00+03:00");
  // A pause over the weekend only has no working time and changes nothing.
  input.pauses = {Paused("2025-01-09T14:00:00+03:00", "2025-01-12T07:00:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T14:15:00+03:00");
  // Before the clock started: ignored; straddling the start: only the part after it counts.
  input.pauses = {Paused("2025-01-07T09:00:00+03:00", "2025-01-08T08:00:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T14:15:00+03:00");
  input.pauses = {Paused("2025-01-07T09:00:00+03:00", "2025-01-08T10:00:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-13T08:00:00+03:00");
}

TEST(SlaClockTest, PauseAcrossAHolidayCountsOnlyWorkingTime) {
  // Tue 3 Jun 09:00, 5 working days: Jun 4, (5 Arafat, 6-8 Eid, 9-10 compensation), 11, 12, 15,
  // 16 -> Mon 16 Jun 14:15. Paused Wed 4 Jun 12:00 - Wed 11 Jun 09:00: 2h15 + 2h = 4h15 of
  // working time (the six days off in between count nothing) -> Tue 17 Jun 11:15.
  ClockInput input{At("2025-06-03T09:00:00+03:00"), WorkingDays(5), {}, {}};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-06-16T14:15:00+03:00");
  input.pauses = {Paused("2025-06-04T12:00:00+03:00", "2025-06-11T09:00:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-06-17T11:15:00+03:00");
  // Minutes: Wed 4 Jun 13:00, 240 min, paused 13:30 - Wed 11 Jun 08:00. Runs 30 min, then 210
  // from 08:00 on 11 Jun -> 11:30.
  ClockInput minutes{At("2025-06-04T13:00:00+03:00"), WorkingMinutes(240), {}, {}};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), minutes)), "2025-06-11T09:45:00+03:00");
  minutes.pauses = {Paused("2025-06-04T13:30:00+03:00", "2025-06-11T08:00:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), minutes)), "2025-06-11T11:30:00+03:00");
  EXPECT_EQ(ElapsedWorkingSeconds(Bahrain(), minutes.start, At("2025-06-11T11:30:00+03:00"),
                                  minutes.pauses),
            240 * 60);
}

TEST(SlaClockTest, PausesAfterTheClockRanOutOrStillOpen) {
  const Instant start = At("2025-01-12T07:00:00+03:00");
  ClockInput input{start, WorkingMinutes(60), {}, {}};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T08:00:00+03:00");
  // Beginning at or after the due time: the clock had run out, nothing changes.
  input.pauses = {Paused("2025-01-12T08:00:00+03:00", "2025-01-12T12:00:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T08:00:00+03:00");
  input.pauses = {Pause{At("2025-01-12T09:00:00+03:00"), std::nullopt}};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T08:00:00+03:00");
  // Still open and begun before the due time: the clock is stopped, no due time.
  input.pauses = {Pause{At("2025-01-12T07:30:00+03:00"), std::nullopt}};
  EXPECT_FALSE(ComputeDue(Bahrain(), input).has_value());
  // A second pause that begins after the original due time but before the moved one counts:
  // runs 07:00-07:30, paused to 09:00, runs to 09:15, paused to 09:45, runs to 10:00.
  input.pauses = {Paused("2025-01-12T09:15:00+03:00", "2025-01-12T09:45:00+03:00"),
                  Paused("2025-01-12T07:30:00+03:00", "2025-01-12T09:00:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T10:00:00+03:00");
  // Overlapping and duplicated pause records never count twice.
  input.pauses = {Paused("2025-01-12T07:30:00+03:00", "2025-01-12T08:30:00+03:00"),
                  Paused("2025-01-12T08:00:00+03:00", "2025-01-12T09:00:00+03:00"),
                  Paused("2025-01-12T07:30:00+03:00", "2025-01-12T09:00:00+03:00"),
                  Paused("2025-01-12T08:10:00+03:00", "2025-01-12T08:20:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T09:30:00+03:00");
  // Empty or reversed pauses are ignored.
  input.pauses = {Paused("2025-01-12T07:30:00+03:00", "2025-01-12T07:30:00+03:00"),
                  Paused("2025-01-12T07:40:00+03:00", "2025-01-12T07:35:00+03:00")};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-12T08:00:00+03:00");
}

TEST(SlaClockTest, ExtensionAndPauseTogether) {
  // 14 days + 5 days extension -> Thu 10 Jul 14:00; a 1-hour pause on 4 Jun -> Sun 13 Jul 08:00.
  ClockInput input{At("2025-06-04T10:00:00+03:00"),
                   WorkingDays(14),
                   {Paused("2025-06-04T11:00:00+03:00", "2025-06-04T12:00:00+03:00")},
                   WorkingDays(5)};
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-07-13T08:00:00+03:00");
  // "Within the original time" uses the same input without the extension.
  input.extension.reset();
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-07-02T08:00:00+03:00");
}

TEST(SlaClockTest, ElapsedWorkingSecondsExcludesPauses) {
  const Instant start = At("2025-01-08T09:00:00+03:00");
  const Instant end = At("2025-01-12T09:00:00+03:00");
  // Wed 09:00-14:15 (5h15) + Thu 7h + Sun 2h = 14h15.
  EXPECT_EQ(ElapsedWorkingSeconds(Bahrain(), start, end, {}), 14 * 3600 + 900);
  EXPECT_EQ(
      ElapsedWorkingSeconds(Bahrain(), start, end,
                            {Paused("2025-01-09T10:00:00+03:00", "2025-01-09T11:00:00+03:00")}),
      13 * 3600 + 900);
  // An open pause runs to `end`: Thu 13:00-14:00 and Sun 07:00-09:00 are excluded.
  EXPECT_EQ(ElapsedWorkingSeconds(Bahrain(), start, end,
                                  {Pause{At("2025-01-09T13:00:00+03:00"), std::nullopt}}),
            11 * 3600 + 900);
  // Pauses outside [start, end) are irrelevant; so is a reversed interval.
  EXPECT_EQ(
      ElapsedWorkingSeconds(Bahrain(), start, end,
                            {Paused("2025-01-05T10:00:00+03:00", "2025-01-06T11:00:00+03:00"),
                             Paused("2025-01-13T10:00:00+03:00", "2025-01-14T11:00:00+03:00")}),
      14 * 3600 + 900);
  EXPECT_EQ(ElapsedWorkingSeconds(Bahrain(), end, start, {}), 0);
}

// ---- cycles ------------------------------------------------------------------------------------

TEST(SlaCycleTest, TransferAndReopenStartNewCycles) {
  std::string error;
  const auto table =
      TargetTable::Create({{"MOW", "complaint", "", WorkingDays(1), WorkingDays(10)}}, &error);
  ASSERT_TRUE(table.has_value()) << error;
  const Instant received = At("2025-06-04T10:00:00+03:00");
  const Cycle first = StartCycle(*table, 1, CycleKind::kReceived, "MOH", "complaint", "", received);
  ASSERT_TRUE(first.first_response.has_value());
  EXPECT_EQ(first.first_response->target, WorkingDays(2));
  EXPECT_EQ(first.resolution.target, WorkingDays(14));
  EXPECT_EQ(Local(ComputeDue(Bahrain(), *first.first_response)), "2025-06-12T14:00:00+03:00");
  EXPECT_EQ(Local(ComputeDue(Bahrain(), first.resolution)), "2025-07-01T14:15:00+03:00");

  // Transferred on Sun 15 Jun 11:00 to MOW: both clocks restart there with MOW's targets.
  const Instant transferred = At("2025-06-15T11:00:00+03:00");
  const Cycle second =
      StartCycle(*table, 2, CycleKind::kTransferred, "MOW", "complaint", "", transferred);
  EXPECT_EQ(second.number, 2);
  EXPECT_EQ(second.entity, "MOW");
  ASSERT_TRUE(second.first_response.has_value());
  EXPECT_EQ(second.first_response->start, transferred);
  EXPECT_EQ(Local(ComputeDue(Bahrain(), *second.first_response)), "2025-06-16T14:15:00+03:00");
  // 10 days after Sun 15 Jun: 16, 17, 18, 19, 22, 23, 24, 25, (26 Hijri New Year), 29, 30.
  EXPECT_EQ(Local(ComputeDue(Bahrain(), second.resolution)), "2025-06-30T14:15:00+03:00");

  // Reopened after the answer: a new resolution clock only.
  const Instant reopened = At("2025-07-03T09:00:00+03:00");
  const Cycle third = StartCycle(*table, 3, CycleKind::kReopened, "MOW", "complaint", "", reopened);
  EXPECT_FALSE(third.first_response.has_value());
  EXPECT_EQ(third.resolution.start, reopened);
  EXPECT_EQ(third.resolution.target, WorkingDays(10));

  // The citizen's end-to-end time runs from the original receipt.
  const Instant answered = At("2025-06-30T12:00:00+03:00");
  EXPECT_GT(ElapsedWorkingSeconds(Bahrain(), received, answered, {}),
            ElapsedWorkingSeconds(Bahrain(), transferred, answered, {}));
}

TEST(SlaCycleTest, DueTimesAreRecomputedWhenAHolidayOrTargetChanges) {
  // A tentative Eid al-Fitr 2026 proposed for 20-22 Mar (Fri-Sun) is confirmed as 21-23 Mar.
  CalendarSpec tentative = BahrainDefaultWeek();
  tentative.holidays.push_back({Date("2026-03-20"), Date("2026-03-22"), HolidayKind::kHijri,
                                HolidayStatus::kTentative, "Eid al-Fitr", "عيد الفطر", ""});
  CalendarSpec confirmed = BahrainDefaultWeek();
  confirmed.holidays.push_back({Date("2026-03-21"), Date("2026-03-23"), HolidayKind::kHijri,
                                HolidayStatus::kConfirmed, "Eid al-Fitr", "عيد الفطر", ""});
  const ClockInput input{At("2026-03-18T10:00:00+03:00"), WorkingDays(3), {}, {}};
  // Wed 18: Thu 19, (20-22 Eid), Mon 23, Tue 24 -> Tue 24. Confirmed: Thu 19, Tue 24, Wed 25.
  EXPECT_EQ(Local(ComputeDue(WorkingCalendar(tentative), input)), "2026-03-24T14:15:00+03:00");
  EXPECT_EQ(Local(ComputeDue(WorkingCalendar(confirmed), input)), "2026-03-25T14:15:00+03:00");
  // A target change: recomputing with the new target is the same call.
  const TargetTable defaults;
  std::string error;
  const auto faster =
      TargetTable::Create({{"MOH", "complaint", "", WorkingDays(1), WorkingDays(7)}}, &error);
  ASSERT_TRUE(faster.has_value());
  ClockInput before{
      At("2025-06-04T10:00:00+03:00"), defaults.Resolve("MOH", "complaint", "").resolution, {}, {}};
  ClockInput after = before;
  after.target = faster->Resolve("MOH", "complaint", "").resolution;
  EXPECT_EQ(Local(ComputeDue(Bahrain(), before)), "2025-07-01T14:15:00+03:00");
  // 7 days: 11, 12, 15, 16, 17, 18, 19 Jun.
  EXPECT_EQ(Local(ComputeDue(Bahrain(), after)), "2025-06-19T14:00:00+03:00");
}

// ---- properties --------------------------------------------------------------------------------

struct RandomClocks {
  std::mt19937_64 rng;
  std::int64_t from = At("2025-01-01T00:00:00Z").time_since_epoch().count();

  explicit RandomClocks(std::uint64_t seed) : rng(seed) {}

  Instant When() {
    return Instant{std::chrono::seconds{
        std::uniform_int_distribution<std::int64_t>(from, from + 330 * 86400)(rng)}};
  }
  Target AnyTarget() {
    if (std::uniform_int_distribution<int>(0, 1)(rng) == 0) {
      return WorkingDays(std::uniform_int_distribution<std::int64_t>(0, 20)(rng));
    }
    return WorkingMinutes(std::uniform_int_distribution<std::int64_t>(1, 8000)(rng));
  }
  Pause AnyPause(Instant near) {
    const auto at = near + std::chrono::seconds{std::uniform_int_distribution<std::int64_t>(
                               -86400, 20 * 86400)(rng)};
    return {at, at + std::chrono::seconds{
                         std::uniform_int_distribution<std::int64_t>(0, 6 * 86400)(rng)}};
  }
  ClockInput Any(bool minutes_only = false) {
    ClockInput input{When(), AnyTarget(), {}, {}};
    if (minutes_only && input.target.unit == TargetUnit::kWorkingDays) {
      input.target = WorkingMinutes(input.target.amount * 400 + 1);
    }
    const int pauses = std::uniform_int_distribution<int>(0, 3)(rng);
    for (int i = 0; i < pauses; ++i) input.pauses.push_back(AnyPause(input.start));
    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) input.extension = AnyTarget();
    return input;
  }
};

TEST(SlaPropertyTest, DueNeverEarlierWhenTheTargetGrows) {
  RandomClocks random(11);
  for (int i = 0; i < 1500; ++i) {
    ClockInput input = random.Any();
    const auto due = ComputeDue(Bahrain(), input);
    ASSERT_TRUE(due.has_value());
    ClockInput larger = input;
    larger.target.amount += std::uniform_int_distribution<std::int64_t>(1, 10)(random.rng);
    const auto larger_due = ComputeDue(Bahrain(), larger);
    ASSERT_GE(larger_due, due) << Local(input.start);
    // Strictly later, unless a days extension rounds both up to the same close.
    const bool rounds_to_a_close = input.target.unit == TargetUnit::kWorkingMinutes &&
                                   input.extension &&
                                   input.extension->unit == TargetUnit::kWorkingDays;
    if (!rounds_to_a_close) {
      ASSERT_GT(larger_due, due) << Local(input.start);
    }
    if (input.extension) {
      ClockInput extended = input;
      extended.extension->amount += 1;
      ASSERT_GT(ComputeDue(Bahrain(), extended), due) << Local(input.start);
    }
  }
}

TEST(SlaPropertyTest, AddingAPauseNeverMakesTheDueTimeEarlier) {
  RandomClocks random(12);
  int later = 0;
  for (int i = 0; i < 1500; ++i) {
    const ClockInput input = random.Any();
    const auto due = ComputeDue(Bahrain(), input);
    ClockInput paused = input;
    paused.pauses.push_back(random.AnyPause(input.start));
    const auto with_pause = ComputeDue(Bahrain(), paused);
    ASSERT_GE(with_pause, due) << Local(input.start) << " " << FormatTarget(input.target);
    if (with_pause > due) ++later;
  }
  EXPECT_GT(later, 500);
}

TEST(SlaPropertyTest, AddingAHolidayNeverMakesTheDueTimeEarlier) {
  // Holds for every clock counted in working minutes only, and for every clock when no pause
  // overlaps the added holiday. The exception (a count of working days and a pause over the new
  // holiday, docs/sla.md) is counted here and shown by hand in the next test.
  RandomClocks random(13);
  int later = 0;
  int exceptions = 0;
  for (int variant = 0; variant < 60; ++variant) {
    CalendarSpec spec = Bahrain2025Spec();
    const LocalDate extra{sys_days{Date("2025-01-01")} +
                          days{std::uniform_int_distribution<int>(0, 340)(random.rng)}};
    spec.holidays.push_back(
        {extra, extra, HolidayKind::kOneOff, HolidayStatus::kTentative, "Extra", "إضافي", ""});
    const WorkingCalendar with_extra(spec);
    const Instant holiday_from = Bahrain().ToInstant(extra, 0);
    const Instant holiday_to = Bahrain().ToInstant(extra, kMinutesPerDay);
    for (int i = 0; i < 60; ++i) {
      const ClockInput input = random.Any(/*minutes_only=*/i % 2 == 0);
      const auto before = ComputeDue(Bahrain(), input);
      const auto after = ComputeDue(with_extra, input);
      if (!before || !after) continue;
      const bool counts_days =
          input.target.unit == TargetUnit::kWorkingDays ||
          (input.extension && input.extension->unit == TargetUnit::kWorkingDays);
      const bool pause_over_holiday = std::any_of(
          input.pauses.begin(), input.pauses.end(),
          [&](const Pause& p) { return p.from < holiday_to && (!p.to || *p.to > holiday_from); });
      if (counts_days && pause_over_holiday) {
        if (*after < *before) ++exceptions;
        continue;
      }
      ASSERT_GE(*after, *before) << Local(input.start) << " " << FormatTarget(input.target)
                                 << " + holiday " << FormatDate(extra);
      if (*after > *before) ++later;
    }
  }
  EXPECT_GT(later, 100);      // the property was exercised
  EXPECT_LT(exceptions, 40);  // and the exception is rare: out of 3600 random clocks
}

TEST(SlaPropertyTest, DaysTargetWithAPauseOverANewHolidayIsTheBoundedException) {
  // Mon 13 Jan 08:00, 2 working days: due Wed 15 Jan 14:15; paused Mon 09:00 - Tue 14:15
  // (5h15 + 7h15 = 12h30) -> Sun 19 Jan 12:30. Declaring Tue 14 Jan a holiday moves the base
  // due to Thursday's close (Thursday is 15 minutes shorter) and removes Tuesday's 7h15 from the
  // pause: Thu 16 14:00 + 5h15 -> Sun 19 Jan 12:15, 15 minutes earlier.
  ClockInput input{At("2025-01-13T08:00:00+03:00"),
                   WorkingDays(2),
                   {Paused("2025-01-13T09:00:00+03:00", "2025-01-14T14:15:00+03:00")},
                   {}};
  CalendarSpec spec = Bahrain2025Spec();
  spec.holidays.push_back({Date("2025-01-14"), Date("2025-01-14"), HolidayKind::kOneOff,
                           HolidayStatus::kConfirmed, "Extra", "إضافي", ""});
  const WorkingCalendar with_extra(spec);
  EXPECT_EQ(Local(ComputeDue(Bahrain(), input)), "2025-01-19T12:30:00+03:00");
  EXPECT_EQ(Local(ComputeDue(with_extra, input)), "2025-01-19T12:15:00+03:00");
}

TEST(SlaPropertyTest, MinuteClocksMeetTheirTargetExactly) {
  // For minutes targets the due time is when the unpaused working time reaches the target.
  RandomClocks random(14);
  for (int i = 0; i < 1500; ++i) {
    ClockInput input = random.Any(/*minutes_only=*/true);
    input.extension.reset();
    const auto due = ComputeDue(Bahrain(), input);
    ASSERT_TRUE(due.has_value());
    ASSERT_EQ(ElapsedWorkingSeconds(Bahrain(), input.start, *due, input.pauses),
              input.target.amount * 60)
        << Local(input.start);
    ASSERT_LT(ElapsedWorkingSeconds(Bahrain(), input.start, *due - 1s, input.pauses),
              input.target.amount * 60);
  }
}

TEST(SlaPropertyTest, Deterministic) {
  const WorkingCalendar rebuilt(Bahrain2025Spec());
  RandomClocks random(15);
  for (int i = 0; i < 500; ++i) {
    ClockInput input = random.Any();
    const auto due = ComputeDue(Bahrain(), input);
    ASSERT_EQ(ComputeDue(Bahrain(), input), due);
    ASSERT_EQ(ComputeDue(rebuilt, input), due);
    std::reverse(input.pauses.begin(), input.pauses.end());  // record order does not matter
    ASSERT_EQ(ComputeDue(Bahrain(), input), due);
  }
}

}  // namespace
}  // namespace tawasul::domain
