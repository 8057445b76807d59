// Figures (docs/API.md "Figures", DESIGN.md §3): a hand-computed data set imported with
// `tawasul import` and checked field by field through GET /api/v1/stats and `tawasul stats`;
// maintained aggregates against `tawasul stats --rebuild` after live work over HTTP; export and
// re-import reproduce the figures.
//
// The data set (February 2025, no holidays; week Sun-Wed 07:00-14:15, Thu 07:00-14:00):
//  A complaint MOH web   Sun 2 Feb 08:00; reply 10:00 (first response 120 min); answer Tue 4
//    09:00 (375+435+120 = 930 min = 15.5 h; due Thu 20 Feb 14:00: met); rated 5 on 5 Feb.
//  B inquiry MOH app     Mon 3 Feb 13:00; request_info Tue 4 08:00 (first response 75+60 =
//    135 min); citizen_reply Wed 5 08:00 (paused 375+60 = 435 min: due Mon 10 Feb 14:15 moves to
//    Tue 11 Feb 14:15); answer Wed 12 Feb 09:00: late (2790 - 435 = 2355 min = 39.25 h -> 39.2);
//    rated 2 (stays answered), reopened Thu 13 Feb 11:00 (due Thu 20 Feb 14:00); answer Sun 16
//    Feb 09:00: on time (180 + 120 = 300 min = 5.0 h).
//  C complaint MOW phone Wed 5 Feb 15:00 (after close); transferred to MOH Thu 6 Feb 08:00 before
//    its due (not counted due at MOW; counted transferred); MOH replies 10:00 (first response
//    120 min from the transfer); still open: due Wed 26 Feb 14:15, overdue now.
//  D suggestion MOW web  Sun 9 Feb 09:00; rejected 11:00 (first response and answer 120 min;
//    due Thu 27 Feb 14:00: met).
//  E compliment MOH counter Mon 10 Feb 07:30; nothing since: due Mon 17 Feb 14:15, overdue now.
// Totals for 1-28 Feb: received 5; answered 4 (A, B, B again, D), on time 3 (0.75); due 6 (A, B,
// B again, C at MOH, D, E), met 3 (0.5); open 2, overdue 2; first response 120,120,120,135 min ->
// median 2.0 h, p90 2.2 h; answer 2.0, 5.0, 15.5, 39.2 h -> median 5.0, p90 39.2; rated 2, mean
// 3.5, share of 4-5 0.5; transferred 1; reopened 1.

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "integration/server.h"

namespace tawasul_test {
namespace {

struct CliRun {
  int status = -1;
  std::string out;
};

// `tawasul ARGS` on a database (Server::CliDatabaseArgs()).
CliRun Tawasul(const std::string& database_args, const std::string& args,
               bool merge_stderr = false) {
  std::string cmd = std::string(TAWASUL_BINARY) + " " + args + " " + database_args +
                    (merge_stderr ? " 2>&1" : " 2>/dev/null");
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int raw = p ? pclose(p) : -1;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

const char* kDataSet =
    R"({"record": "entity", "code": "MOH", "name_ar": "وزارة الصحة", "name_en": "Ministry of Health"}
{"record": "entity", "code": "MOW", "name_ar": "وزارة الأشغال", "name_en": "Ministry of Works"}
{"record": "category", "code": "health.appointments", "entity": "MOH", "name_ar": "المواعيد", "name_en": "Appointments"}
{"record": "category", "code": "roads.potholes", "entity": "MOW", "name_ar": "الحفر", "name_en": "Potholes"}
{"reference": "25-0000001-2", "type": "complaint", "entity": "MOH", "category": "health.appointments", "channel": "web", "language": "ar", "subject": "موعد", "description": "تأخر الموعد", "submitted_at": "2025-02-02T08:00:00+03:00", "events": [{"at": "2025-02-02T10:00:00+03:00", "kind": "reply", "body": "نعمل على ذلك"}, {"at": "2025-02-04T09:00:00+03:00", "kind": "answer", "body": "تم تحديد موعد"}, {"at": "2025-02-05T10:00:00+03:00", "kind": "rate", "score": 5}]}
this line is not JSON
{"reference": "25-0000002-9", "type": "complaint", "entity": "MOH", "subject": "bad reference", "submitted_at": "2025-02-02T08:00:00+03:00"}
{"reference": "25-0000003-6", "type": "inquiry", "entity": "MOH", "category": "health.appointments", "channel": "app", "language": "en", "subject": "Opening hours", "description": "When?", "submitted_at": "2025-02-03T13:00:00+03:00", "events": [{"at": "2025-02-04T08:00:00+03:00", "kind": "request_info", "body": "Which clinic?"}, {"at": "2025-02-05T08:00:00+03:00", "kind": "citizen_reply", "body": "Isa Town"}, {"at": "2025-02-12T09:00:00+03:00", "kind": "answer", "body": "7 to 2"}, {"at": "2025-02-13T10:00:00+03:00", "kind": "rate", "score": 2}, {"at": "2025-02-13T11:00:00+03:00", "kind": "reopen", "body": "And on Fridays?"}, {"at": "2025-02-16T09:00:00+03:00", "kind": "answer", "body": "Closed on Fridays"}]}
{"reference": "25-0000004-8", "type": "complaint", "entity": "MOW", "category": "roads.potholes", "channel": "phone", "language": "ar", "subject": "حفرة", "description": "حفرة أمام المستشفى", "submitted_at": "2025-02-05T15:00:00+03:00", "events": [{"at": "2025-02-06T08:00:00+03:00", "kind": "transfer", "entity": "MOH", "body": "أرض المستشفى"}, {"at": "2025-02-06T10:00:00+03:00", "kind": "reply", "body": "وصلت"}]}
{"reference": "25-0000005-7", "type": "suggestion", "entity": "MOW", "category": "roads.potholes", "channel": "web", "language": "en", "subject": "Paint lanes", "description": "Please", "submitted_at": "2025-02-09T09:00:00+03:00", "events": [{"at": "2025-02-09T11:00:00+03:00", "kind": "reject", "reason": "out_of_scope", "body": "Municipality"}]}
{"reference": "25-0000006-1", "type": "compliment", "entity": "MOH", "category": "health.appointments", "channel": "counter", "language": "ar", "subject": "شكرا", "description": "خدمة ممتازة", "submitted_at": "2025-02-10T07:30:00+03:00"}
)";

class FiguresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ =
        std::make_unique<Server>(ServerOptions{.demo = false, .threads = 2, .extra_args = {}});
    db_ = server_->CliDatabaseArgs();
    file_ = server_->dir() + "/set.jsonl";
    std::ofstream(file_) << kDataSet;
  }
  void TearDown() override {
    if (server_->running()) server_->Stop();
  }
  std::unique_ptr<Server> server_;
  std::string db_;  // --database and --secret-file arguments
  std::string file_;
};

void ExpectFebruaryTotals(const Json& t) {
  EXPECT_EQ(t["received"], 5) << t.dump();
  EXPECT_EQ(t["answered"], 4);
  EXPECT_EQ(t["answered_on_time"], 3);
  EXPECT_DOUBLE_EQ(t["on_time_rate"].get<double>(), 0.75);
  EXPECT_EQ(t["due"], 6);
  EXPECT_EQ(t["due_met"], 3);
  EXPECT_DOUBLE_EQ(t["compliance_rate"].get<double>(), 0.5);
  EXPECT_EQ(t["open"], 2);
  EXPECT_EQ(t["overdue"], 2);
  EXPECT_DOUBLE_EQ(t["median_working_hours_to_first_response"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(t["p90_working_hours_to_first_response"].get<double>(), 2.2);
  EXPECT_DOUBLE_EQ(t["median_working_hours_to_answer"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(t["p90_working_hours_to_answer"].get<double>(), 39.2);
  EXPECT_EQ(t["rated"], 2);
  EXPECT_DOUBLE_EQ(t["rating_mean"].get<double>(), 3.5);
  EXPECT_DOUBLE_EQ(t["rating_share_4_5"].get<double>(), 0.5);
  EXPECT_EQ(t["transferred"], 1);
  EXPECT_EQ(t["reopened"], 1);
}

Json GroupOf(const Json& doc, const std::string& key) {
  for (const auto& g : doc["groups"]) {
    if (g["key"] == key) return g;
  }
  return Json();
}

TEST_F(FiguresTest, HandComputedSetThroughCliAndApi) {
  CliRun imp = Tawasul(db_, "import --format jsonl " + file_, true);
  ASSERT_EQ(imp.status, 0) << imp.out;
  EXPECT_NE(imp.out.find("imported 5 new cases"), std::string::npos) << imp.out;
  EXPECT_NE(imp.out.find("line 6:"), std::string::npos) << imp.out;  // not JSON
  EXPECT_NE(imp.out.find("line 7: reference"), std::string::npos) << imp.out;
  EXPECT_NE(imp.out.find("2 bad lines"), std::string::npos) << imp.out;

  // Idempotent by reference: a second run adds nothing.
  CliRun again = Tawasul(db_, "import --format jsonl " + file_, true);
  EXPECT_NE(again.out.find("imported 0 new cases of 5"), std::string::npos) << again.out;

  CliRun cli = Tawasul(db_, "stats --from 2025-02-01 --to 2025-02-28");
  ASSERT_EQ(cli.status, 0) << cli.out;
  Json cli_doc = Json::parse(cli.out);
  ExpectFebruaryTotals(cli_doc["totals"]);

  server_->Start();
  Http http(*server_);
  Response r = http.Get("/api/v1/stats?from=2025-02-01&to=2025-02-28");
  ASSERT_EQ(r.status, 200) << r.Describe();
  ExpectFebruaryTotals(r.JsonBody()["totals"]);
  EXPECT_EQ(r.JsonBody()["from"], "2025-02-01");

  Response by_entity = http.Get("/api/v1/stats?from=2025-02-01&to=2025-02-28&group_by=entity");
  ASSERT_EQ(by_entity.status, 200);
  Json moh = GroupOf(by_entity.JsonBody(), "MOH");
  Json mow = GroupOf(by_entity.JsonBody(), "MOW");
  EXPECT_EQ(moh["label_en"], "Ministry of Health");
  EXPECT_EQ(moh["received"], 3);
  EXPECT_EQ(moh["answered"], 3);
  EXPECT_EQ(moh["answered_on_time"], 2);
  EXPECT_EQ(moh["due"], 5);
  EXPECT_EQ(moh["due_met"], 2);
  EXPECT_EQ(moh["open"], 2);
  EXPECT_EQ(moh["overdue"], 2);
  EXPECT_EQ(moh["transferred"], 0);
  EXPECT_EQ(mow["received"], 2);
  EXPECT_EQ(mow["answered"], 1);
  EXPECT_EQ(mow["due"], 1);
  EXPECT_EQ(mow["due_met"], 1);
  EXPECT_EQ(mow["transferred"], 1);
  EXPECT_EQ(mow["open"], 0);

  // The entity roll-ups (national and per-entity queries) and the full-key rows agree.
  for (const char* g : {"type", "channel", "category"}) {
    Response full =
        http.Get(std::string("/api/v1/stats?from=2025-02-01&to=2025-02-28&group_by=") + g);
    ASSERT_EQ(full.status, 200);
    EXPECT_EQ(full.JsonBody()["totals"], r.JsonBody()["totals"]) << g;
  }
  Response filtered =
      http.Get("/api/v1/stats?from=2025-02-01&to=2025-02-28&entity=MOH&type=complaint");
  EXPECT_EQ(filtered.JsonBody()["totals"]["received"], 1);  // A (C was received at MOW)

  // Filters and day groups: the day of B's late answer.
  Response day = http.Get("/api/v1/stats?from=2025-02-12&to=2025-02-12&entity=MOH&group_by=day");
  ASSERT_EQ(day.status, 200);
  EXPECT_EQ(day.JsonBody()["totals"]["answered"], 1);
  EXPECT_EQ(day.JsonBody()["totals"]["answered_on_time"], 0);
  EXPECT_EQ(GroupOf(day.JsonBody(), "2025-02-12")["answered"], 1);
  // A period in which nothing happened: rates are null, not 0 or 1.
  Response empty = http.Get("/api/v1/stats?from=2024-01-01&to=2024-01-31");
  EXPECT_TRUE(empty.JsonBody()["totals"]["on_time_rate"].is_null());
  EXPECT_TRUE(empty.JsonBody()["totals"]["compliance_rate"].is_null());
  // Whole months and partial months give the same answer as days.
  Response wide = http.Get("/api/v1/stats?from=2025-01-15&to=2025-03-10&group_by=month");
  ASSERT_EQ(wide.status, 200);
  EXPECT_EQ(wide.JsonBody()["totals"]["received"], 5);
  EXPECT_EQ(GroupOf(wide.JsonBody(), "2025-02")["answered"], 4);

  // Bad input names the parameter.
  for (const std::string q : {"from=2025-02-30", "group_by=weekday", "type=praise", "entity=NOPE",
                              "from=2025-03-01&to=2025-02-01"}) {
    Response bad = http.Get("/api/v1/stats?" + q);
    EXPECT_EQ(bad.status, 400) << q;
    EXPECT_EQ(bad.MediaType(), "application/problem+json");
  }
  server_->Stop();

  // The rebuild from the histories gives the same figures.
  CliRun rebuilt =
      Tawasul(db_, "stats --rebuild --from 2025-02-01 --to 2025-02-28 --group-by entity");
  ASSERT_EQ(rebuilt.status, 0) << rebuilt.out;
  CliRun maintained_again =
      Tawasul(db_, "stats --from 2025-02-01 --to 2025-02-28 --group-by entity");
  EXPECT_EQ(Json::parse(rebuilt.out), Json::parse(maintained_again.out));
  ExpectFebruaryTotals(Json::parse(rebuilt.out)["totals"]);
}

TEST_F(FiguresTest, ExportAndReimportReproduceTheFigures) {
  ASSERT_EQ(Tawasul(db_, "import --format jsonl " + file_).status, 0);
  CliRun exported = Tawasul(db_, "export --format jsonl");
  ASSERT_EQ(exported.status, 0);
  std::string copy_file = server_->dir() + "/copy.jsonl";
  std::ofstream(copy_file) << exported.out;
  const std::string copy_dir = server_->dir() + "/copy";
  std::filesystem::create_directories(copy_dir);
  TestDatabase copy(copy_dir);  // a second, empty database
  const std::string copy_db = copy.CliArgs();
  CliRun imp = Tawasul(copy_db, "import --format jsonl " + copy_file, true);
  ASSERT_EQ(imp.status, 0) << imp.out;
  EXPECT_NE(imp.out.find("0 bad lines"), std::string::npos) << imp.out;
  for (const char* g : {"entity", "type", "channel", "category", "day"}) {
    std::string args = std::string("stats --from 2025-02-01 --to 2025-02-28 --group-by ") + g;
    EXPECT_EQ(Json::parse(Tawasul(db_, args).out), Json::parse(Tawasul(copy_db, args).out)) << g;
  }
  EXPECT_NE(exported.out.find(R"("types":[)"), std::string::npos);  // categories keep their types
  CliRun csv = Tawasul(db_, "export --format csv");
  EXPECT_EQ(csv.out.rfind("reference,type,status", 0), 0u) << csv.out.substr(0, 200);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 6);
}

TEST_F(FiguresTest, ImportRefusesTheFutureAndKeepsCategoryTypes) {
  ASSERT_EQ(Tawasul(db_, "import --format jsonl " + file_).status, 0);
  std::string more = server_->dir() + "/more.jsonl";
  std::ofstream(more)
      << R"({"reference": "25-0000007-3", "type": "complaint", "entity": "MOH", "subject": "s", "submitted_at": "2099-01-01T08:00:00+03:00"})"
         "\n"
      << R"({"record": "category", "code": "roads.potholes", "entity": "MOW", "name_ar": "الحفر", "name_en": "Potholes", "types": ["complaint"]})"
         "\n"
      << R"({"record": "category", "code": "roads.potholes", "entity": "MOW", "name_ar": "حفر الطرق", "name_en": "Potholes"})"
         "\n";
  CliRun r = Tawasul(db_, "import --format jsonl " + more, true);
  EXPECT_NE(r.out.find("line 1: submitted_at is in the future"), std::string::npos) << r.out;
  CliRun exported = Tawasul(db_, "export --format jsonl");
  // The second record renamed the category and, giving no types, kept the ones set before.
  EXPECT_NE(
      exported.out.find(
          R"("name_ar":"حفر الطرق","name_en":"Potholes","record":"category","types":["complaint"])"),
      std::string::npos)
      << exported.out.substr(0, 2000);
}

TEST(FiguresLiveTest, MaintainedAggregatesAgreeWithRebuild) {
  Server server;
  server.Start();
  Http http(server);
  auto login = [&](const char* email, const char* password) {
    Response r = http.PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return Headers{"Authorization: Bearer " + r.JsonBody().value("token", "")};
  };
  Headers agent = login("agent.mow@tawasul.example", "demo-agent-2026");
  Headers supervisor = login("supervisor.mow@tawasul.example", "demo-supervisor-2026");
  std::vector<std::pair<std::string, std::string>> cases;
  for (int i = 0; i < 6; ++i) {
    Json body = ValidCaseBody();
    body["category"] = "roads.potholes";
    Response r = SubmitCase(http, body);
    ASSERT_EQ(r.status, 201) << r.Describe();
    cases.emplace_back(r.JsonBody()["reference"], r.JsonBody()["access_code"]);
  }
  auto act = [&](const Headers& who, const std::string& ref, const Json& a) {
    Response r = http.PostJson("/api/v1/cases/" + ref + "/actions", a, who);
    EXPECT_EQ(r.status, 200) << a.dump() << " " << r.Describe();
  };
  auto citizen = [&](int i, const std::string& what, const Json& body) {
    Response r = http.PostJson("/api/v1/cases/" + cases[i].first + "/" + what, body,
                               {"X-Access-Code: " + cases[i].second});
    EXPECT_EQ(r.status, 200) << what << " " << r.Describe();
  };
  act(agent, cases[0].first, {{"action", "reply"}, {"body", "received"}});
  act(agent, cases[0].first, {{"action", "answer"}, {"body", "fixed"}});
  citizen(0, "rating", {{"score", 4}});
  act(agent, cases[1].first, {{"action", "request_info"}, {"body", "where exactly?"}});
  citizen(1, "replies", {{"body", "near the school"}});
  act(agent, cases[1].first, {{"action", "answer"}, {"body", "scheduled"}});
  citizen(1, "rating", {{"score", 1}});
  citizen(1, "reopen", {{"reason", "still there"}});
  act(supervisor, cases[2].first,
      {{"action", "transfer"}, {"entity", "MOH"}, {"body", "hospital land"}});
  act(supervisor, cases[3].first,
      {{"action", "extend"}, {"working_days", 3}, {"body", "contractor"}});
  act(agent, cases[4].first,
      {{"action", "reject"}, {"reason", "duplicate"}, {"body", "see the other"}});
  act(agent, cases[5].first, {{"action", "note"}, {"body", "internal"}});

  Response live = http.Get("/api/v1/stats?group_by=entity");
  ASSERT_EQ(live.status, 200);
  Json t = live.JsonBody()["totals"];
  EXPECT_EQ(t["received"], 6);
  EXPECT_EQ(t["answered"], 3);  // two answers and a rejection
  EXPECT_EQ(t["answered_on_time"], 3);
  EXPECT_EQ(t["rated"], 2);
  EXPECT_EQ(t["transferred"], 1);
  EXPECT_EQ(t["reopened"], 1);
  EXPECT_EQ(t["open"], 4);  // the reopened, transferred, extended and noted cases
  server.Stop();
  CliRun maintained = Tawasul(server.CliDatabaseArgs(), "stats --group-by entity");
  CliRun rebuilt = Tawasul(server.CliDatabaseArgs(), "stats --rebuild --group-by entity");
  ASSERT_EQ(rebuilt.status, 0);
  Json m = Json::parse(maintained.out);
  EXPECT_EQ(m, Json::parse(rebuilt.out));
  EXPECT_EQ(m["totals"], t);
}

}  // namespace
}  // namespace tawasul_test
