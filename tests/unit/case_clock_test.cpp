// Case clocks (domain/case_clock.h): the stored form round-trips, due times follow the inputs,
// and the 75% warning falls three quarters of the way through the working time.

#include <gtest/gtest.h>

#include "calendar_data.h"
#include "domain/case.h"
#include "domain/case_clock.h"

namespace tawasul::domain {
namespace {

using testdata::At;

TEST(CaseClock, EncodeDecodeRoundTrip) {
  CaseClock c;
  c.start = At("2025-02-02T08:00:00+03:00");
  c.first_response = {TargetUnit::kWorkingMinutes, 90};
  c.resolution = {TargetUnit::kWorkingDays, 14};
  c.pauses = {{At("2025-02-03T09:00:00+03:00"), At("2025-02-04T09:00:00+03:00")},
              {At("2025-02-05T09:00:00+03:00"), std::nullopt}};
  c.extension = Target{TargetUnit::kWorkingDays, 5};
  EXPECT_EQ(DecodeClock(EncodeClock(c)), c);
  EXPECT_FALSE(DecodeClock("").has_value());
  EXPECT_FALSE(DecodeClock("{\"s\": 1}").has_value());
  EXPECT_FALSE(DecodeClock("not json").has_value());
  EXPECT_FALSE(
      DecodeClock(R"({"s":1,"f":[0,2],"r":[0,-4],"p":[]})").has_value());  // invalid target
}

TEST(CaseClock, DueTimesFollowTheInputs) {
  const WorkingCalendar& cal = testdata::Bahrain();
  CaseRecord r;
  r.clock.start = At("2025-02-02T08:00:00+03:00");  // Sunday
  ASSERT_TRUE(RecomputeDueTimes(cal, r));
  EXPECT_EQ(r.due_at, At("2025-02-20T14:00:00+03:00"));  // 14 working days: Thursday close
  EXPECT_EQ(r.first_response_due_at, At("2025-02-04T14:15:00+03:00"));
  EXPECT_FALSE(RecomputeDueTimes(cal, r));  // nothing changed: nothing to record
  // An open pause stops the resolution clock: the stored due time stays until it closes.
  r.clock.pauses.push_back({At("2025-02-03T09:00:00+03:00"), std::nullopt});
  RecomputeDueTimes(cal, r);
  EXPECT_EQ(r.due_at, At("2025-02-20T14:00:00+03:00"));
  r.clock.pauses.back().to = At("2025-02-04T09:00:00+03:00");  // one working day paused
  RecomputeDueTimes(cal, r);
  // 435 paused working minutes from Thursday's 14:00 close: all of Sunday, to its 14:15 close.
  EXPECT_EQ(r.due_at, At("2025-02-23T14:15:00+03:00"));
  // Once answered, the first-response due time is history and no longer moves.
  r.first_response_at = At("2025-02-02T09:00:00+03:00");
  auto fr = r.first_response_due_at;
  r.clock.first_response = {TargetUnit::kWorkingDays, 5};
  RecomputeDueTimes(cal, r);
  EXPECT_EQ(r.first_response_due_at, fr);
}

TEST(CaseClock, WarningAtThreeQuartersOfTheWorkingTime) {
  const WorkingCalendar& cal = testdata::Bahrain();
  CaseClock c;
  c.start = At("2025-02-02T07:00:00+03:00");
  c.resolution = {TargetUnit::kWorkingMinutes, 400};
  auto warn = WarningAt(cal, c);
  ASSERT_TRUE(warn.has_value());
  EXPECT_EQ(*warn, At("2025-02-02T12:00:00+03:00"));  // 300 of 400 working minutes
  // A pause before the warning instant moves it by the paused working time.
  c.pauses.push_back({At("2025-02-02T08:00:00+03:00"), At("2025-02-02T09:00:00+03:00")});
  EXPECT_EQ(*WarningAt(cal, c), At("2025-02-02T13:00:00+03:00"));
  c.pauses.push_back({At("2025-02-02T13:30:00+03:00"), At("2025-02-02T13:45:00+03:00")});
  EXPECT_EQ(WarningAt(cal, c), At("2025-02-02T13:00:00+03:00"));  // a pause after the warning
  c.pauses.back() = {At("2025-02-02T10:00:00+03:00"), std::nullopt};
  EXPECT_FALSE(WarningAt(cal, c).has_value());  // an open pause: not known until it ends
  EXPECT_EQ(ClockElapsedSeconds(cal, c, At("2025-02-02T09:30:00+03:00")), 90 * 60);
}

}  // namespace
}  // namespace tawasul::domain
