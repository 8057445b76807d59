// The /stats league table's order and links (web/stats_table.h) and the Idempotency-Key values
// (domain/idempotency.h).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/idempotency.h"
#include "web/stats_table.h"

namespace tawasul {
namespace {

web::TableRow Row(const std::string& code, const std::string& name, std::optional<double> rate,
                  std::optional<double> p90, std::int64_t received) {
  web::TableRow r;
  r.code = code;
  r.name = name;
  r.figures.compliance_rate = rate;
  r.figures.p90_working_hours_to_answer = p90;
  r.figures.received = received;
  return r;
}

std::vector<std::string> Codes(const std::vector<web::TableRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.code);
  return out;
}

TEST(StatsTableTest, DefaultRankingIsComplianceLowestFirstWithMissingLast) {
  std::vector<web::TableRow> rows = {Row("A", "Alpha", 0.9, 10, 5),
                                     Row("B", "Beta", std::nullopt, {}, 0),
                                     Row("C", "Gamma", 0.4, 40, 9), Row("D", "Delta", 0.9, 5, 2)};
  auto sort = web::ParseTableSort("", "");
  EXPECT_EQ(sort.column, "compliance");
  EXPECT_TRUE(sort.ascending);
  web::SortTableRows(rows, sort);
  // Ties by name (Alpha before Delta); nothing due last.
  EXPECT_EQ(Codes(rows), (std::vector<std::string>{"C", "A", "D", "B"}));
  // Missing values stay last in the other direction too.
  web::SortTableRows(rows, web::ParseTableSort("compliance", "desc"));
  EXPECT_EQ(Codes(rows), (std::vector<std::string>{"A", "D", "C", "B"}));
  // Times: "worst first" is the longest first.
  auto slow = web::ParseTableSort("p90_answer", "");
  EXPECT_FALSE(slow.ascending);
  web::SortTableRows(rows, slow);
  EXPECT_EQ(Codes(rows), (std::vector<std::string>{"C", "A", "D", "B"}));
  web::SortTableRows(rows, web::ParseTableSort("name", "desc"));
  EXPECT_EQ(Codes(rows), (std::vector<std::string>{"C", "D", "B", "A"}));
  // Unknown column or direction: the ranking.
  auto bad = web::ParseTableSort("drop table", "up");
  EXPECT_EQ(bad.column, "compliance");
  EXPECT_TRUE(bad.ascending);
}

TEST(StatsTableTest, HeadersLinkToTheirNextOrderKeepingThePeriod) {
  auto headers = web::TableHeaders(web::ParseTableSort("received", "desc"),
                                   "/stats?from=2026-01-01&to=2026-12-07", "Entity",
                                   domain::Language::kEnglish);
  int sorted = 0;
  for (const auto& h : headers) {
    const std::string key = h.get("key")->string_value();
    const std::string href = h.get("href")->string_value();
    EXPECT_EQ(href.rfind("/stats?from=2026-01-01&to=2026-12-07&sort=" + key + "&dir=", 0), 0u)
        << href;
    if (key == "received") {
      ++sorted;
      EXPECT_EQ(h.get("aria_sort")->string_value(), "descending");
      EXPECT_NE(href.find("dir=asc"), std::string::npos);  // the other direction
    } else {
      EXPECT_EQ(h.get("aria_sort"), nullptr) << key;
    }
    if (key == "compliance") {
      EXPECT_NE(href.find("dir=asc"), std::string::npos);
    }
    if (key == "overdue") {
      EXPECT_NE(href.find("dir=desc"), std::string::npos);
    }
  }
  EXPECT_EQ(sorted, 1);
  EXPECT_EQ(headers.size(), 12u);
}

TEST(IdempotencyKeyTest, SyntaxHashesAndSealedAnswers) {
  EXPECT_EQ(domain::ParseIdempotencyKey("\"abc-123\""), "abc-123");
  EXPECT_EQ(domain::ParseIdempotencyKey("abc 123"), "abc 123");
  EXPECT_EQ(domain::ParseIdempotencyKey(std::string(255, 'x')), std::string(255, 'x'));
  EXPECT_FALSE(domain::ParseIdempotencyKey(std::string(256, 'x')));
  EXPECT_FALSE(domain::ParseIdempotencyKey(""));
  EXPECT_FALSE(domain::ParseIdempotencyKey("\"\""));
  EXPECT_FALSE(domain::ParseIdempotencyKey("tab\tkey"));
  EXPECT_FALSE(domain::ParseIdempotencyKey("caf\xc3\xa9"));

  const std::string pepper(32, 'p');
  const auto h = domain::IdempotencyKeyHash(pepper, "", "k1");
  EXPECT_EQ(h.size(), 32u);
  EXPECT_EQ(h, domain::IdempotencyKeyHash(pepper, "", "k1"));
  EXPECT_NE(h, domain::IdempotencyKeyHash(pepper, "staff:1", "k1"));  // scoped by sender
  EXPECT_NE(h, domain::IdempotencyKeyHash(std::string(32, 'q'), "", "k1"));
  EXPECT_NE(domain::IdempotencyBodyHash("{}"), domain::IdempotencyBodyHash("{\"a\":1}"));

  const std::string sealed = domain::SealIdempotentResponse(pepper, "", "k1", "{\"code\":\"X\"}");
  EXPECT_EQ(sealed.find("code"), std::string::npos);
  EXPECT_EQ(domain::OpenIdempotentResponse(pepper, "", "k1", sealed), "{\"code\":\"X\"}");
  EXPECT_FALSE(domain::OpenIdempotentResponse(pepper, "", "k2", sealed));
  EXPECT_FALSE(domain::OpenIdempotentResponse(pepper, "citizen:1", "k1", sealed));
}

}  // namespace
}  // namespace tawasul
