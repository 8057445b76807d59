// SLA administration: targets per (entity, type, category) and holidays as data; a change moves
// the due times of open cases and is recorded on each of them; only central administrators may
// change them; bad input names the item and field and changes nothing.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "domain/reference.h"
#include "domain/time.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

using tawasul::domain::ParseRfc3339;

class SlaAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
    admin_ = Login("admin@tawasul.example", "demo-admin-2026");
    agent_ = Login("agent.mow@tawasul.example", "demo-agent-2026");
  }
  void TearDown() override {
    http_.reset();
    if (server_->running()) server_->Stop();
  }
  Headers Login(const std::string& email, const std::string& password) {
    Response r = http_->PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return {"Authorization: Bearer " + r.JsonBody().value("token", "")};
  }
  std::string NewMowComplaint() {
    Json body = ValidCaseBody();
    body["type"] = "complaint";
    body["category"] = "roads.potholes";
    Response r = SubmitCase(*http_, body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.JsonBody().value("reference", "");
  }
  Json StaffCase(const std::string& ref) {
    return http_->Get("/api/v1/cases/" + ref, agent_).JsonBody();
  }
  static tawasul::domain::Instant Due(const Json& c) {
    return *ParseRfc3339(c["due_at"].get<std::string>());
  }
  Response Put(const std::string& path, const Json& body, const Headers& who) {
    return http_->Request("PUT", path, body.dump(), [&] {
      Headers h = who;
      h.push_back("Content-Type: application/json");
      return h;
    }());
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
  Headers admin_, agent_;
};

Json Rule(const std::string& entity, const std::string& type, int resolution_days) {
  return {{"entity", entity},
          {"type", type},
          {"category", ""},
          {"first_response", {{"unit", "working_days"}, {"amount", 2}}},
          {"resolution", {{"unit", "working_days"}, {"amount", resolution_days}}}};
}

TEST_F(SlaAdminTest, TargetChangeMovesOpenCasesAndIsRecorded) {
  std::string ref = NewMowComplaint();
  auto before = Due(StaffCase(ref));

  Response r = Put("/api/v1/admin/targets", {{"items", {Rule("MOW", "complaint", 20)}}}, admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_GE(r.JsonBody()["recomputed"]["changed"].get<int>(), 1);
  Json after = StaffCase(ref);
  EXPECT_GT(Due(after),
            before + std::chrono::days(6));  // six more working days, at least a week later
  bool recorded = false;
  for (const auto& e : after["timeline"]) {
    if (e["kind"] == "due_recomputed") {
      recorded = true;
      EXPECT_FALSE(e["public"].get<bool>());
      EXPECT_EQ(e["data"]["reason"], "targets_changed");
    }
  }
  EXPECT_TRUE(recorded) << after["timeline"].dump();
  // The citizen never sees the internal record, only the new due date.
  Response listed = http_->Get("/api/v1/admin/targets", admin_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.JsonBody()["items"][0]["resolution"]["text"], "20 working days");

  // A case submitted now gets the new target too; another entity keeps the default.
  std::string fresh = NewMowComplaint();
  EXPECT_GE(Due(StaffCase(fresh)), Due(after) - std::chrono::hours(1));
}

TEST_F(SlaAdminTest, HolidayChangeMovesOpenCases) {
  std::string ref = NewMowComplaint();
  Json c = StaffCase(ref);
  auto due = Due(c);
  // A one-off holiday on every day of the week before the due date moves it later.
  Response cal = http_->Get("/api/v1/admin/calendar", admin_);
  ASSERT_EQ(cal.status, 200) << cal.Describe();
  EXPECT_EQ(cal.JsonBody()["time_zone"], "Asia/Bahrain");
  Json holidays = cal.JsonBody()["holidays"];
  std::string due_date = c["due_at"].get<std::string>().substr(0, 10);
  auto d = *tawasul::domain::ParseDate(due_date);
  auto week_before = std::chrono::sys_days(d) - std::chrono::days(7);
  holidays.push_back(
      {{"start_date", tawasul::domain::FormatDate(week_before)},
       {"end_date", tawasul::domain::FormatDate(std::chrono::sys_days(d) - std::chrono::days(1))},
       {"kind", "one_off"},
       {"status", "confirmed"},
       {"name_en", "Test week"},
       {"name_ar", "أسبوع تجريبي"}});
  Response r = Put("/api/v1/admin/calendar/holidays", {{"items", holidays}}, admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_GE(r.JsonBody()["recomputed"]["changed"].get<int>(), 1);
  EXPECT_GT(Due(StaffCase(ref)), due + std::chrono::days(4));
  // The calendar as stored now lists it.
  bool listed = false;
  Json stored = http_->Get("/api/v1/admin/calendar", admin_).JsonBody();
  for (const auto& h : stored["holidays"]) {
    listed = listed || h["name_en"] == "Test week";
  }
  EXPECT_TRUE(listed);
}

TEST_F(SlaAdminTest, OnlyAdminsChangeAndBadInputChangesNothing) {
  EXPECT_EQ(Put("/api/v1/admin/targets", {{"items", Json::array()}}, {}).status, 401);
  EXPECT_EQ(Put("/api/v1/admin/targets", {{"items", Json::array()}}, agent_).status, 403);
  EXPECT_EQ(http_->Get("/api/v1/admin/calendar", agent_).status, 403);
  Headers auditor = Login("auditor@tawasul.example", "demo-auditor-2026");
  EXPECT_EQ(http_->Get("/api/v1/admin/targets", auditor).status, 200);
  EXPECT_EQ(Put("/api/v1/admin/targets", {{"items", Json::array()}}, auditor).status, 403);

  Json bad = Rule("MOW", "complaint", 20);
  bad["resolution"]["unit"] = "fortnights";
  Response r = Put("/api/v1/admin/targets", {{"items", {Rule("MOH", "", 10), bad}}}, admin_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.JsonBody()["errors"][0]["field"], "items[1].resolution.unit") << r.body;
  Response dup =
      Put("/api/v1/admin/targets", {{"items", {Rule("MOH", "", 10), Rule("MOH", "", 12)}}}, admin_);
  EXPECT_EQ(dup.status, 422) << dup.body;
  EXPECT_TRUE(http_->Get("/api/v1/admin/targets", admin_).JsonBody()["items"].empty());

  Response h = Put("/api/v1/admin/calendar/holidays",
                   {{"items",
                     {{{"start_date", "2026-12-20"},
                       {"end_date", "2026-12-19"},
                       {"kind", "fixed"},
                       {"name_en", "x"}}}}},
                   admin_);
  EXPECT_EQ(h.status, 422);
  EXPECT_EQ(h.JsonBody()["errors"][0]["field"], "items[0].end_date") << h.body;
  EXPECT_FALSE(
      http_->Get("/api/v1/admin/calendar", admin_).JsonBody()["holidays"].empty());  // unchanged
}

// A change over more open cases than the store's write queue holds (--write-queue, here 16
// against 400 cases; in production 20,000) waits for room instead of reporting the excess as
// failed ("write queue full"): every case is recomputed and recorded, none fails.
TEST(SlaRecomputeTest, MoreOpenCasesThanTheWriteQueueHoldsAllRecomputeWithoutFailures) {
  namespace domain = tawasul::domain;
  constexpr int kCases = 400;
  Server server(ServerOptions{.demo = true, .threads = 2, .extra_args = {"--write-queue", "16"}});
  server.Start();  // the demo catalogue and staff accounts, no cases
  server.Stop();
  const domain::Instant submitted = domain::Now() - std::chrono::hours(24);
  const int year2 =
      static_cast<int>(domain::LocalDate(std::chrono::floor<std::chrono::days>(submitted)).year()) %
      100;
  {
    std::ofstream f(server.dir() + "/open.jsonl");
    for (int i = 1; i <= kCases; ++i) {
      f << Json{{"reference",
                 domain::FormatReference(domain::Reference{year2, static_cast<std::uint64_t>(i)})},
                {"type", "complaint"},
                {"entity", "MOW"},
                {"subject", "open case " + std::to_string(i)},
                {"submitted_at", domain::FormatRfc3339(submitted, 0)}}
               .dump()
        << "\n";
    }
  }
  const std::string cmd = std::string(TAWASUL_BINARY) + " import --format jsonl " + server.dir() +
                          "/open.jsonl " + server.CliDatabaseArgs() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  server.Start();
  Http http(server);
  Response login = http.PostJson(
      "/api/v1/auth/login", {{"email", "admin@tawasul.example"}, {"password", "demo-admin-2026"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  const Headers admin = {"Authorization: Bearer " + login.JsonBody().value("token", ""),
                         "Content-Type: application/json"};
  Response r = http.Request("PUT", "/api/v1/admin/targets",
                            Json{{"items", {Rule("MOW", "complaint", 30)}}}.dump(), admin);
  ASSERT_EQ(r.status, 200) << r.Describe();
  const Json recomputed = r.JsonBody()["recomputed"];
  EXPECT_EQ(recomputed["open"], kCases) << recomputed;
  EXPECT_EQ(recomputed["failed"], 0) << recomputed;
  EXPECT_EQ(recomputed["changed"], kCases) << recomputed;
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM case_events WHERE kind = 'due_recomputed'"),
            kCases);
  ExpectHealthy(server);
  server.Stop();
}

}  // namespace
}  // namespace tawasul_test
