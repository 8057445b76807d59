// The typed figures report (service/figures_view.h) and the JSON document made from it: rates
// without a denominator are missing (null), never 0; "as of now" counts belong to the totals and
// to entity-like groups, not to the days or months of a period; labels come from the catalogue.

#include <gtest/gtest.h>

#include "service/figures_view.h"

namespace tawasul::service {
namespace {

domain::Catalogue OneEntity() {
  domain::Entity e;
  e.code = "MOW";
  e.name_ar = "وزارة الأشغال";
  e.name_en = "Ministry of Works";
  return domain::Catalogue({e}, {}, {});
}

TEST(FiguresReport, RatesOnlyWithADenominator) {
  store::FigureQuery q;
  q.from_day = domain::DayNumber(*domain::ParseDate("2025-02-01"));
  q.to_day = domain::DayNumber(*domain::ParseDate("2025-02-28"));
  q.group_by = "entity";
  store::FigureResult r;
  r.totals.received = 4;
  r.totals.due = 2;
  r.totals.due_met = 1;
  r.open = 3;
  r.overdue = 1;
  store::FigureGroup g;
  g.key = "MOW";
  g.counters = r.totals;
  g.open = 3;
  g.overdue = 1;
  r.groups.push_back(g);
  auto report = MakeFiguresReport(q, r, OneEntity());
  EXPECT_EQ(domain::FormatDate(report.from), "2025-02-01");
  EXPECT_EQ(report.totals.received, 4);
  ASSERT_TRUE(report.totals.compliance_rate.has_value());
  EXPECT_DOUBLE_EQ(*report.totals.compliance_rate, 0.5);
  EXPECT_FALSE(report.totals.on_time_rate.has_value());  // nothing answered
  EXPECT_FALSE(report.totals.rating_mean.has_value());   // nothing rated
  EXPECT_EQ(report.totals.open, 3);
  ASSERT_EQ(report.groups.size(), 1u);
  EXPECT_EQ(report.groups[0].label_en, "Ministry of Works");
  EXPECT_EQ(report.groups[0].figures.overdue, 1);

  auto doc = FiguresJson(report);
  EXPECT_EQ(doc["from"], "2025-02-01");
  EXPECT_EQ(doc["totals"]["compliance_rate"], 0.5);
  EXPECT_TRUE(doc["totals"]["on_time_rate"].is_null());
  EXPECT_EQ(doc["totals"]["open"], 3);
  EXPECT_EQ(doc["groups"][0]["label_ar"], "وزارة الأشغال");
  EXPECT_EQ(doc["groups"][0]["overdue"], 1);
}

TEST(FiguresReport, PeriodsHaveNoOpenOrOverdue) {
  store::FigureQuery q;
  q.group_by = "month";
  store::FigureResult r;
  store::FigureGroup g;
  g.key = "2025-02";
  g.counters.received = 2;
  g.open = 5;  // what the store adds up for a month is not "open now"
  r.groups.push_back(g);
  auto report = MakeFiguresReport(q, r, OneEntity());
  ASSERT_EQ(report.groups.size(), 1u);
  EXPECT_FALSE(report.groups[0].figures.open.has_value());
  EXPECT_FALSE(report.groups[0].figures.overdue.has_value());
  EXPECT_EQ(report.groups[0].label_en, "2025-02");
  auto doc = FiguresJson(report);
  EXPECT_TRUE(doc["groups"][0]["open"].is_null());
  EXPECT_EQ(doc["groups"][0]["received"], 2);
}

}  // namespace
}  // namespace tawasul::service
