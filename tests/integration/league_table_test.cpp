// The league table of /stats over real HTTP, on both backends: a small hand-computed data set
// (the one of figures_test.cpp, February 2025) imported with `tawasul import`, then every column
// of each entity's row checked against the hand-computed value and the API's, the default
// ranking (compliance rate, lowest first), the sort links (keeping the period, aria-sort on the
// sorted header) and the sentence explaining answered > received.
//
// Per entity for 1-28 Feb (see figures_test.cpp for the times):
//  MOH (Ministry of Health): received 3 (A, B, E; C was received at MOW), answered 3 (A, B, B
//    again), on time 2 (0.6667); due 5, met 2 (compliance 0.4); answer times 15.5, 39.2, 5.0 h
//    -> median 15.5, p90 39.2; first responses 120, 135, 120 min -> median 2.0 h; open 2,
//    overdue 2 (C and E).
//  MOW (Ministry of Works): received 2 (C, D), answered 1 (D, on time: 1.0); due 1, met 1
//    (compliance 1.0); answer 2.0 h; first response 2.0 h; open 0, overdue 0.
// From 10 Feb: MOH received 1 (E) but answered 2 (B late on 12 Feb, B again on 16 Feb).

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {
namespace {

const char* kSet =
    R"({"record": "entity", "code": "MOH", "name_ar": "وزارة الصحة", "name_en": "Ministry of Health"}
{"record": "entity", "code": "MOW", "name_ar": "وزارة الأشغال", "name_en": "Ministry of Works"}
{"record": "category", "code": "health.appointments", "entity": "MOH", "name_ar": "المواعيد", "name_en": "Appointments"}
{"record": "category", "code": "roads.potholes", "entity": "MOW", "name_ar": "الحفر", "name_en": "Potholes"}
{"reference": "25-0000001-2", "type": "complaint", "entity": "MOH", "category": "health.appointments", "channel": "web", "language": "ar", "subject": "موعد", "description": "تأخر الموعد", "submitted_at": "2025-02-02T08:00:00+03:00", "events": [{"at": "2025-02-02T10:00:00+03:00", "kind": "reply", "body": "نعمل على ذلك"}, {"at": "2025-02-04T09:00:00+03:00", "kind": "answer", "body": "تم تحديد موعد"}, {"at": "2025-02-05T10:00:00+03:00", "kind": "rate", "score": 5}]}
{"reference": "25-0000003-6", "type": "inquiry", "entity": "MOH", "category": "health.appointments", "channel": "app", "language": "en", "subject": "Opening hours", "description": "When?", "submitted_at": "2025-02-03T13:00:00+03:00", "events": [{"at": "2025-02-04T08:00:00+03:00", "kind": "request_info", "body": "Which clinic?"}, {"at": "2025-02-05T08:00:00+03:00", "kind": "citizen_reply", "body": "Isa Town"}, {"at": "2025-02-12T09:00:00+03:00", "kind": "answer", "body": "7 to 2"}, {"at": "2025-02-13T10:00:00+03:00", "kind": "rate", "score": 2}, {"at": "2025-02-13T11:00:00+03:00", "kind": "reopen", "body": "And on Fridays?"}, {"at": "2025-02-16T09:00:00+03:00", "kind": "answer", "body": "Closed on Fridays"}]}
{"reference": "25-0000004-8", "type": "complaint", "entity": "MOW", "category": "roads.potholes", "channel": "phone", "language": "ar", "subject": "حفرة", "description": "حفرة أمام المستشفى", "submitted_at": "2025-02-05T15:00:00+03:00", "events": [{"at": "2025-02-06T08:00:00+03:00", "kind": "transfer", "entity": "MOH", "body": "أرض المستشفى"}, {"at": "2025-02-06T10:00:00+03:00", "kind": "reply", "body": "وصلت"}]}
{"reference": "25-0000005-7", "type": "suggestion", "entity": "MOW", "category": "roads.potholes", "channel": "web", "language": "en", "subject": "Paint lanes", "description": "Please", "submitted_at": "2025-02-09T09:00:00+03:00", "events": [{"at": "2025-02-09T11:00:00+03:00", "kind": "reject", "reason": "out_of_scope", "body": "Municipality"}]}
{"reference": "25-0000006-1", "type": "compliment", "entity": "MOH", "category": "health.appointments", "channel": "counter", "language": "ar", "subject": "شكرا", "description": "خدمة ممتازة", "submitted_at": "2025-02-10T07:30:00+03:00"}
)";

const std::string kPeriod = "from=2025-02-01&to=2025-02-28";

// data-value of the cell of class `cls` in the row of `code`.
std::optional<std::string> Cell(const std::string& html, const std::string& code,
                                const std::string& cls) {
  std::size_t row = html.find("id=\"st-row-" + code + "\"");
  if (row == std::string::npos) return std::nullopt;
  std::string tr = html.substr(row, html.find("</tr>", row) - row);
  std::smatch m;
  if (!std::regex_search(tr, m, std::regex("class=\"" + cls + "\" data-value=\"([^\"]*)\""))) {
    return std::nullopt;
  }
  return m[1].str();
}

// The entity codes of the table's rows, top to bottom.
std::vector<std::string> RowOrder(const std::string& html) {
  std::vector<std::string> out;
  std::regex row("<tr id=\"st-row-([^\"]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

// The <th> of column `key` in the header.
std::string Header(const std::string& html, const std::string& key) {
  std::size_t at = html.find("id=\"st-col-" + key + "\"");
  if (at == std::string::npos) return "";
  std::size_t open = html.rfind("<th", at);
  return html.substr(open, html.find("</th>", at) - open);
}

// The href of a header's sort link, as a request path (&amp; decoded).
std::string SortHref(const std::string& th) {
  std::smatch m;
  if (!std::regex_search(th, m, std::regex("href=\"([^\"]*)\""))) return "";
  return std::regex_replace(m[1].str(), std::regex("&amp;"), "&");
}

std::string Dump(const Json& v) { return v.is_null() ? "" : v.dump(); }

class LeagueTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ =
        std::make_unique<Server>(ServerOptions{.demo = false, .threads = 2, .extra_args = {}});
    std::string file = server_->dir() + "/set.jsonl";
    std::ofstream(file) << kSet;
    CliOutput imp = RunTawasul("import --format jsonl " + file + " " + server_->CliDatabaseArgs());
    ASSERT_EQ(imp.status, 0) << imp.out << imp.err;
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    if (server_->running()) server_->Stop();
  }
  Response Page(const std::string& path_and_query) {
    Response r = http_->Get(path_and_query);
    EXPECT_EQ(r.status, 200) << path_and_query << " " << r.Describe();
    return r;
  }
  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(LeagueTableTest, EveryFigureOfEachEntityAndTheDefaultRanking) {
  Response page = Page("/stats?" + kPeriod + "&lang=en");
  // Default ranking: compliance rate, lowest first.
  EXPECT_EQ(RowOrder(page.body), (std::vector<std::string>{"MOH", "MOW"}));
  EXPECT_NE(Header(page.body, "compliance").find("aria-sort=\"ascending\""), std::string::npos);
  EXPECT_EQ(Header(page.body, "received").find("aria-sort"), std::string::npos);
  EXPECT_NE(page.body.find("id=\"st-ranking-method\""), std::string::npos);
  // Names, not codes.
  EXPECT_NE(page.body.find("<bdi>Ministry of Health</bdi>"), std::string::npos);

  const std::map<std::string, std::map<std::string, std::string>> expected = {
      {"MOH",
       {{"st-received", "3"},
        {"st-answered", "3"},
        {"st-on-time", "0.6667"},
        {"st-compliance", "0.4"},
        {"st-median-answer", "15.5"},
        {"st-p90-answer", "39.2"},
        {"st-median-first-response", "2.0"},
        {"st-open", "2"},
        {"st-overdue", "2"}}},
      {"MOW",
       {{"st-received", "2"},
        {"st-answered", "1"},
        {"st-on-time", "1.0"},
        {"st-compliance", "1.0"},
        {"st-median-answer", "2.0"},
        {"st-p90-answer", "2.0"},
        {"st-median-first-response", "2.0"},
        {"st-open", "0"},
        {"st-overdue", "0"}}}};
  for (const auto& [code, cells] : expected) {
    for (const auto& [cls, value] : cells) {
      EXPECT_EQ(Cell(page.body, code, cls).value_or("?"), value) << code << " " << cls;
    }
  }
  // The same figures in the JSON figures endpoint.
  Response api = http_->Get("/api/v1/stats?" + kPeriod + "&group_by=entity");
  ASSERT_EQ(api.status, 200);
  const Json groups = api.JsonBody()["groups"];  // a copy: the body's JSON is a temporary
  for (const auto& g : groups) {
    const std::string code = g["key"];
    EXPECT_EQ(Cell(page.body, code, "st-median-answer").value_or("?"),
              Dump(g["median_working_hours_to_answer"]));
    EXPECT_EQ(Cell(page.body, code, "st-p90-answer").value_or("?"),
              Dump(g["p90_working_hours_to_answer"]));
    EXPECT_EQ(Cell(page.body, code, "st-on-time").value_or("?"), Dump(g["on_time_rate"]));
  }
  // In Arabic: Arabic names and digits.
  Response ar = Page("/stats?" + kPeriod + "&lang=ar");
  EXPECT_NE(ar.body.find("<bdi>وزارة الصحة</bdi>"), std::string::npos);
  EXPECT_NE(ar.body.find(">١٥٫٥<"), std::string::npos);
}

TEST_F(LeagueTableTest, SortLinksKeepThePeriodAndFlipTheDirection) {
  Response page = Page("/stats?" + kPeriod + "&lang=en");
  // A column not sorted yet links to its "worst first" direction: slowest first.
  std::string p90 = SortHref(Header(page.body, "p90_answer"));
  EXPECT_EQ(p90, "/stats?" + kPeriod + "&sort=p90_answer&dir=desc");
  Response slowest = Page(p90 + "&lang=en");
  EXPECT_EQ(RowOrder(slowest.body), (std::vector<std::string>{"MOH", "MOW"}));
  std::string th = Header(slowest.body, "p90_answer");
  EXPECT_NE(th.find("aria-sort=\"descending\""), std::string::npos) << th;
  EXPECT_EQ(Header(slowest.body, "compliance").find("aria-sort"), std::string::npos);
  // The sorted column links to the other direction.
  std::string flipped = SortHref(th);
  EXPECT_EQ(flipped, "/stats?" + kPeriod + "&sort=p90_answer&dir=asc");
  Response fastest = Page(flipped + "&lang=en");
  EXPECT_EQ(RowOrder(fastest.body), (std::vector<std::string>{"MOW", "MOH"}));
  EXPECT_NE(Header(fastest.body, "p90_answer").find("aria-sort=\"ascending\""), std::string::npos);
  // The period form and the presets keep the order.
  EXPECT_NE(fastest.body.find("<input type=\"hidden\" name=\"sort\" value=\"p90_answer\">"),
            std::string::npos);
  EXPECT_NE(fastest.body.find("<input type=\"hidden\" name=\"dir\" value=\"asc\">"),
            std::string::npos);
  EXPECT_NE(fastest.body.find("&amp;sort=p90_answer&amp;dir=asc\">"), std::string::npos)
      << "the presets keep the order";

  // By name (in the page's language), both ways; by counts.
  EXPECT_EQ(RowOrder(Page("/stats?" + kPeriod + "&sort=name&dir=desc&lang=en").body),
            (std::vector<std::string>{"MOW", "MOH"}));
  EXPECT_EQ(RowOrder(Page("/stats?" + kPeriod + "&sort=name&dir=asc&lang=en").body),
            (std::vector<std::string>{"MOH", "MOW"}));
  EXPECT_EQ(RowOrder(Page("/stats?" + kPeriod + "&sort=received&dir=asc&lang=en").body),
            (std::vector<std::string>{"MOW", "MOH"}));
  EXPECT_EQ(RowOrder(Page("/stats?" + kPeriod + "&sort=compliance&dir=desc&lang=en").body),
            (std::vector<std::string>{"MOW", "MOH"}));
  // An unknown column falls back to the ranking.
  Response unknown = Page("/stats?" + kPeriod + "&sort=nope&dir=sideways&lang=en");
  EXPECT_EQ(RowOrder(unknown.body), (std::vector<std::string>{"MOH", "MOW"}));
  EXPECT_NE(Header(unknown.body, "compliance").find("aria-sort=\"ascending\""), std::string::npos);
}

TEST_F(LeagueTableTest, AnsweredCanExceedReceivedAndThePageSaysWhy) {
  Response page = Page("/stats?from=2025-02-10&to=2025-02-28&lang=en");
  EXPECT_EQ(Cell(page.body, "MOH", "st-received").value_or("?"), "1");
  EXPECT_EQ(Cell(page.body, "MOH", "st-answered").value_or("?"), "2");
  auto note = ElementTextById(page.body, "st-answered-note");
  ASSERT_TRUE(note.has_value());
  EXPECT_NE(note->find("include cases received before it"), std::string::npos) << *note;
}

}  // namespace
}  // namespace tawasul_test
