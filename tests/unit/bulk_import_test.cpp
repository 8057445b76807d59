// The pure part of `tawasul import` (service::BuildImportLine): one case line to a whole case or
// the reason it is bad. Regression tests for numbers found by tests/fuzz/jsonl_fuzz.cpp.

#include <gtest/gtest.h>

#include <string>

#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "domain/sla.h"
#include "service/bulk.h"

namespace tawasul::service {
namespace {

class BuildImportLineTest : public ::testing::Test {
 protected:
  BuiltLine Build(const std::string& events) {
    const std::string line =
        R"({"reference":"25-0000123-6","type":"complaint","entity":"MOW","subject":"Pothole",)"
        R"("submitted_at":"2025-03-02T05:15:00Z","events":[)" +
        events + "]}";
    return BuildImportLine(line, catalogue_, sla_);
  }

  domain::Catalogue catalogue_{{{"MOW", "وزارة الأشغال", "Works"}}, {}, {}};
  SlaRules::Snapshot sla_{domain::WorkingCalendar(domain::BahrainDefaultWeek()),
                          domain::TargetTable()};
};

TEST_F(BuildImportLineTest, ExtendsByWholeWorkingDays) {
  const BuiltLine b =
      Build(R"({"kind":"extend","at":"2025-03-02T06:00:00Z","working_days":3,"body":"x"})");
  ASSERT_TRUE(b.full.has_value()) << b.error;
  EXPECT_EQ(b.full->events.size(), 2u);
}

// 1e300 working days was converted to int (undefined behaviour, UBSan's float-cast-overflow).
TEST_F(BuildImportLineTest, RefusesWorkingDaysThatAreNotAnInt) {
  for (const char* days : {"1e300", "2.5", "4294967299", "-9223372036854775808", "\"3\""}) {
    const BuiltLine b = Build(std::string(R"({"kind":"extend","at":"2025-03-02T06:00:00Z",)") +
                              R"("working_days":)" + days + "}");
    EXPECT_FALSE(b.full.has_value()) << days;
    EXPECT_EQ(b.error, "working_days must be an integer") << days;
  }
}

// A score of 2^32 + 5 was silently wrapped to 5, a valid rating.
TEST_F(BuildImportLineTest, RefusesAScoreBeyondInt) {
  const std::string answered = R"({"kind":"answer","at":"2025-03-03T06:00:00Z","body":"fixed"},)"
                               R"({"kind":"rate","at":"2025-03-04T06:00:00Z","score":)";
  const BuiltLine good = Build(answered + "5}");
  ASSERT_TRUE(good.full.has_value()) << good.error;
  for (const char* score : {"4294967301", "18446744073709551615", "5.0", "1e400"}) {
    const BuiltLine b = Build(answered + score + "}");
    EXPECT_FALSE(b.full.has_value()) << score;
    EXPECT_FALSE(b.error.empty()) << score;
  }
  EXPECT_EQ(Build(answered + "4294967301}").error, "score must be an integer");
}

}  // namespace
}  // namespace tawasul::service
