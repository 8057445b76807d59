// Black-box tests of the administration pages (/admin/): who may see and change them, CSRF on
// every form, and that a holiday confirmed through the page moves an open case's due time the
// way the JSON admin does (one code path); bad input names the field and stores nothing.

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>

#include "domain/time.h"
#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

using tawasul::domain::ParseRfc3339;

constexpr const char* kCsrf = kAdminCsrf;

class AdminPagesTest : public AdminFixture {
 protected:
  Json Calendar() { return http_->Get("/api/v1/admin/calendar", admin_).JsonBody(); }
  Response PutHolidays(const Json& items) {
    Headers h = admin_;
    h.push_back("Content-Type: application/json");
    return http_->Request("PUT", "/api/v1/admin/calendar/holidays", Json{{"items", items}}.dump(),
                          h);
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
};

std::string ShiftDate(const std::string& date, int days) {
  auto d = *tawasul::domain::ParseDate(date);
  return tawasul::domain::FormatDate(
      tawasul::domain::LocalDate(std::chrono::sys_days(d) + std::chrono::days(days)));
}

// The attributes of the first tentative holiday's confirm form: index and key.
struct ConfirmForm {
  std::string index, key;
};
std::optional<ConfirmForm> FirstTentative(const std::string& html) {
  std::smatch m;
  std::regex form(R"(<form class="holiday-confirm[^>]*data-first-tentative="true"[^>]*>)");
  if (!std::regex_search(html, m, form)) return std::nullopt;
  std::string rest = html.substr(static_cast<std::size_t>(m.position(0)));
  std::smatch i, k;
  if (!std::regex_search(rest, i, std::regex(R"re(name="holiday" value="(\d+)")re")) ||
      !std::regex_search(rest, k, std::regex(R"re(name="key" value="([^"]+)")re")))
    return std::nullopt;
  return ConfirmForm{i[1], k[1]};
}

TEST_F(AdminPagesTest, OnlyAdminsChangeAuditorsRead) {
  Response anon = http_->Get("/admin/calendar");
  EXPECT_EQ(anon.status, 303) << anon.Describe();
  EXPECT_EQ(anon.Header("location").rfind("/login?next=", 0), 0u) << anon.Header("location");

  EXPECT_EQ(Page("/admin/", agent_).status, 403);
  EXPECT_EQ(Page("/admin/calendar", agent_).status, 403);

  Response admin = Page("/admin/", admin_);
  ASSERT_EQ(admin.status, 200) << admin.Describe();
  EXPECT_NE(admin.body.find("id=\"adm-link-calendar\""), std::string::npos);
  Response admin_cal = Page("/admin/calendar?lang=en", admin_);
  ASSERT_EQ(admin_cal.status, 200);
  EXPECT_NE(admin_cal.body.find("id=\"add-holiday-form\""), std::string::npos);
  EXPECT_NE(admin_cal.body.find("Calendar and holidays"), std::string::npos);
  EXPECT_NE(Page("/admin/calendar?lang=ar", admin_).body.find("التقويم والعطلات"),
            std::string::npos);

  Response audit = Page("/admin/calendar", auditor_);
  ASSERT_EQ(audit.status, 200) << audit.Describe();
  EXPECT_EQ(audit.body.find("<form class=\"holiday"), std::string::npos) << "forms shown";
  EXPECT_EQ(audit.body.find("id=\"add-holiday-form\""), std::string::npos);
  EXPECT_NE(audit.body.find("id=\"adm-read-only\""), std::string::npos);

  std::size_t before = Calendar()["holidays"].size();
  Fields add = {{"start_date", "2031-03-03"}, {"end_date", "2031-03-03"}, {"name_ar", "عطلة"},
                {"name_en", "Holiday"},       {"kind", "one_off"},        {"status", "confirmed"}};
  EXPECT_EQ(Post("/admin/calendar/holidays/add", add, auditor_).status, 403);
  EXPECT_EQ(Post("/admin/calendar/holidays/add", add, agent_).status, 403);
  EXPECT_EQ(Calendar()["holidays"].size(), before);

  // The catalogue pages list entities and categories with their routing.
  Response cats = Page("/admin/categories?entity=MOW", auditor_);
  ASSERT_EQ(cats.status, 200);
  EXPECT_NE(cats.body.find("id=\"category-roads.potholes\""), std::string::npos);
  EXPECT_NE(Page("/admin/entities", admin_).body.find("id=\"entity-MOW\""), std::string::npos);
  EXPECT_EQ(Page("/admin/entities", agent_).status, 403);

  // The iCalendar export is readable by auditors too.
  Response ics = Page("/admin/calendar.ics", auditor_);
  EXPECT_EQ(ics.status, 200);
  EXPECT_EQ(ics.MediaType(), "text/calendar");
  EXPECT_NE(ics.body.find("BEGIN:VCALENDAR"), std::string::npos);
}

TEST_F(AdminPagesTest, FormsWithoutCsrfAreRefused) {
  std::size_t before = Calendar()["holidays"].size();
  Fields add = {{"start_date", "2031-03-03"},
                {"end_date", "2031-03-03"},
                {"name_ar", "عطلة"},
                {"name_en", "Holiday"},
                {"kind", "one_off"}};
  EXPECT_EQ(Post("/admin/calendar/holidays/add", add, admin_, false).status, 403);
  Fields wrong = add;
  wrong.emplace_back("csrf", "ffffffffffffffffffffffffffffffff");
  EXPECT_EQ(
      http_->PostForm("/admin/calendar/holidays/add", wrong, std::string("csrf=") + kCsrf, admin_)
          .status,
      403);
  EXPECT_EQ(Calendar()["holidays"].size(), before);
  // With the token it is stored.
  Response ok = Post("/admin/calendar/holidays/add", add, admin_);
  EXPECT_EQ(ok.status, 303) << ok.Describe();
  EXPECT_EQ(Calendar()["holidays"].size(), before + 1);
}

TEST_F(AdminPagesTest, ConfirmingATentativeHolidayMovesAnOpenCase) {
  std::string ref = NewMowComplaint();
  Json c = StaffCase(ref);
  auto due = Due(c);
  std::string due_date = c["due_at"].get<std::string>().substr(0, 10);
  // A tentative one-day holiday a week before the due date (as the hijri proposal would add).
  Json holidays = Calendar()["holidays"];
  holidays.push_back({{"start_date", ShiftDate(due_date, -7)},
                      {"end_date", ShiftDate(due_date, -7)},
                      {"kind", "hijri"},
                      {"status", "tentative"},
                      {"name_en", "Test Eid"},
                      {"name_ar", "عيد تجريبي"}});
  ASSERT_EQ(PutHolidays(holidays).status, 200);
  auto due_tentative = Due(StaffCase(ref));

  Response page = Page("/admin/calendar", admin_);
  ASSERT_EQ(page.status, 200);
  auto form = FirstTentative(page.body);
  ASSERT_TRUE(form.has_value()) << "no tentative holiday form";
  // The circular: the holiday lasts the whole week before the due date.
  Response r = Post("/admin/calendar/holidays/confirm",
                    {{"holiday", form->index},
                     {"key", form->key},
                     {"start_date", ShiftDate(due_date, -7)},
                     {"end_date", ShiftDate(due_date, -1)}},
                    admin_);
  ASSERT_EQ(r.status, 303) << r.Describe();
  std::string location = r.Header("location");
  EXPECT_NE(location.find("done=confirmed"), std::string::npos) << location;
  EXPECT_EQ(location.find("changed=0"), std::string::npos) << location;

  Json after = StaffCase(ref);
  EXPECT_GT(Due(after), due_tentative + std::chrono::days(3));
  EXPECT_GT(Due(after), due);
  bool recorded = false;
  for (const auto& e : after["timeline"]) {
    if (e["kind"] == "due_recomputed" && e["data"]["reason"] == "calendar_changed") recorded = true;
  }
  EXPECT_TRUE(recorded) << after["timeline"].dump();
  bool confirmed = false;
  const Json cal1 = Calendar();
  for (const auto& h : cal1["holidays"]) {
    if (h["name_en"] == "Test Eid") {
      confirmed = h["status"] == "confirmed" && h["end_date"] == ShiftDate(due_date, -1);
    }
  }
  EXPECT_TRUE(confirmed) << Calendar()["holidays"].dump();
  // The page reports how many open cases moved.
  Response shown = Page(location.substr(0, location.find('#')), admin_);
  ASSERT_EQ(shown.status, 200);
  auto changed = ElementTextById(shown.body, "adm-result-changed");
  ASSERT_TRUE(changed.has_value());
  EXPECT_NE(*changed, "0");

  // A stale form (the row changed meanwhile) is refused and changes nothing.
  Response stale = Post("/admin/calendar/holidays/delete",
                        {{"holiday", form->index}, {"key", form->key}}, admin_);
  EXPECT_EQ(stale.status, 409) << stale.Describe();
}

TEST_F(AdminPagesTest, BadHolidayShowsFieldErrorsAndStoresNothing) {
  std::size_t before = Calendar()["holidays"].size();
  Response r = Post("/admin/calendar/holidays/add?lang=en",
                    {{"start_date", "2031-03-05"},
                     {"end_date", "2031-03-01"},
                     {"name_ar", "عطلة"},
                     {"name_en", ""},
                     {"kind", "party"}},
                    admin_);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_NE(r.body.find("id=\"add-end-error\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"add-name-en-error\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"add-kind-error\""), std::string::npos);
  EXPECT_EQ(r.body.find("id=\"add-start-error\""), std::string::npos);
  EXPECT_EQ(FormInputValue(r.body, "name_ar").value_or(""), "عطلة");
  EXPECT_EQ(Calendar()["holidays"].size(), before);

  EXPECT_EQ(
      Post("/admin/calendar/holidays/confirm", {{"holiday", "99999"}, {"key", "x"}}, admin_).status,
      404);
  EXPECT_EQ(Post("/admin/calendar/holidays/propose", {{"year", "20x7"}}, admin_).status, 422);
  EXPECT_EQ(Post("/admin/calendar/import", {{"ics", "not a calendar"}}, admin_).status, 422);
  EXPECT_EQ(Calendar()["holidays"].size(), before);
}

// One set of holiday rules (domain/holidays.h) on every path: the JSON API, the add form and
// the iCalendar import refuse the same rows (no Arabic name, a duplicate of a row in the table,
// more than 61 days) and store nothing.
TEST_F(AdminPagesTest, HolidayRulesAreTheSameOnTheApiThePageAndImport) {
  const Json table = Calendar()["holidays"];
  const std::size_t before = table.size();
  const Json one = {{"start_date", "2031-03-03"}, {"kind", "one_off"}, {"name_en", "Holiday"}};
  // The API: a name in English only (once accepted) and a row repeated.
  Json items = table;
  items.push_back(one);
  Response r = PutHolidays(items);
  Json problem = ExpectProblem(r, 422);
  EXPECT_TRUE(HasFieldError(problem, "items[" + std::to_string(before) + "].name_ar", "required"))
      << ErrorsSummary(problem);
  items = table;
  Json named = one;
  named["name_ar"] = "عطلة";
  items.push_back(named);
  named["name_en"] = "Same day, another name";
  items.push_back(named);
  problem = ExpectProblem(PutHolidays(items), 422);
  EXPECT_TRUE(
      HasFieldError(problem, "items[" + std::to_string(before + 1) + "].start_date", "duplicate"))
      << ErrorsSummary(problem);
  EXPECT_EQ(Calendar()["holidays"].size(), before);

  // The page: the same row without an Arabic name, then a duplicate of a stored row.
  Fields add = {
      {"start_date", "2031-03-03"}, {"name_ar", ""}, {"name_en", "Holiday"}, {"kind", "one_off"}};
  r = Post("/admin/calendar/holidays/add?lang=en", add, admin_);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_NE(r.body.find("id=\"add-name-ar-error\""), std::string::npos);
  const Json& stored = table.at(0);
  add = {{"start_date", stored["start_date"].get<std::string>()},
         {"end_date", stored["end_date"].get<std::string>()},
         {"name_ar", "عطلة"},
         {"name_en", "Holiday"},
         {"kind", stored["kind"].get<std::string>()}};
  r = Post("/admin/calendar/holidays/add?lang=en", add, admin_);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_NE(r.body.find("id=\"add-start-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Another holiday has the same dates and kind."), std::string::npos);

  // Import: an event of 62 days is refused as on the form (the import once checked only this,
  // the API and the form each their own way).
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20310101\r\n"
      "DTEND;VALUE=DATE:20310304\r\nSUMMARY:Long\r\nX-TAWASUL-NAME-AR:طويلة\r\n"
      "END:VEVENT\r\nEND:VCALENDAR\r\n";
  r = Post("/admin/calendar/import?lang=en", {{"ics", ics}}, admin_);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_NE(r.body.find("61 days"), std::string::npos) << r.body;
  EXPECT_EQ(Calendar()["holidays"].size(), before);
}

TEST_F(AdminPagesTest, ProposeHijriAndImportIcs) {
  Response r = Post("/admin/calendar/holidays/propose", {{"year", "2027"}}, admin_);
  ASSERT_EQ(r.status, 303) << r.Describe();
  int tentative_2027 = 0;
  const Json cal2 = Calendar();
  for (const auto& h : cal2["holidays"]) {
    if (h["start_date"].get<std::string>().rfind("2027", 0) == 0 && h["kind"] == "hijri" &&
        h["status"] == "tentative")
      ++tentative_2027;
  }
  EXPECT_GE(tentative_2027, 5);
  // Proposing again adds nothing.
  std::size_t count = Calendar()["holidays"].size();
  ASSERT_EQ(Post("/admin/calendar/holidays/propose", {{"year", "2027"}}, admin_).status, 303);
  EXPECT_EQ(Calendar()["holidays"].size(), count);

  std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20310406\r\n"
      "DTEND;VALUE=DATE:20310408\r\nSUMMARY:Imported day\r\nX-TAWASUL-NAME-AR:يوم مستورد\r\n"
      "END:VEVENT\r\nEND:VCALENDAR\r\n";
  r = Post("/admin/calendar/import", {{"ics", ics}}, admin_);
  ASSERT_EQ(r.status, 303) << r.Describe();
  bool found = false;
  const Json cal3 = Calendar();
  for (const auto& h : cal3["holidays"]) {
    if (h["name_en"] == "Imported day") {
      found = true;
      EXPECT_EQ(h["start_date"], "2031-04-06");
      EXPECT_EQ(h["end_date"], "2031-04-07");  // DTEND is exclusive
      EXPECT_EQ(h["name_ar"], "يوم مستورد");
    }
  }
  EXPECT_TRUE(found);
  Response exported = Page("/admin/calendar.ics", admin_);
  EXPECT_NE(exported.body.find("SUMMARY:Imported day"), std::string::npos);
}

TEST_F(AdminPagesTest, ResponseTemplateCrud) {
  Fields fields = {{"entity", "MOW"},
                   {"title_ar", "شكر"},
                   {"title_en", "Thanks"},
                   {"body_ar", "شكراً لتواصلكم."},
                   {"body_en", "Thank you for contacting us."}};
  Response r = Post("/admin/templates/new", fields, admin_);
  ASSERT_EQ(r.status, 303) << r.Describe();
  std::string location = r.Header("location");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(location, m, std::regex("#template-(\\d+)"))) << location;
  std::string id = m[1];

  Response list = Page("/admin/templates?entity=MOW", admin_);
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("id=\"template-" + id + "\""), std::string::npos);
  // Staff of the entity see it through the JSON API; staff of another entity do not.
  Response mine = http_->Get("/api/v1/templates", agent_);
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  ASSERT_EQ(mine.JsonBody()["items"].size(), 1u);
  EXPECT_EQ(mine.JsonBody()["items"][0]["title_en"], "Thanks");
  Headers moh = Login("agent.moh@tawasul.example", "demo-agent-2026");
  EXPECT_EQ(http_->Get("/api/v1/templates", moh).JsonBody()["items"].size(), 0u);
  EXPECT_EQ(http_->Get("/api/v1/templates?entity=MOW", moh).status, 404);
  EXPECT_EQ(http_->Get("/api/v1/templates").status, 401);

  // Update, with a bad field first: the error names it and nothing changes.
  Fields bad = fields;
  bad[2].second = "";
  Response invalid = Post("/admin/templates/" + id + "?lang=en", bad, admin_);
  EXPECT_EQ(invalid.status, 422) << invalid.Describe();
  EXPECT_NE(invalid.body.find("id=\"tpl-title-en-error\""), std::string::npos);
  EXPECT_EQ(http_->Get("/api/v1/templates", agent_).JsonBody()["items"][0]["title_en"], "Thanks");
  Fields good = fields;
  good[2].second = "Thank you";
  ASSERT_EQ(Post("/admin/templates/" + id, good, admin_).status, 303);
  EXPECT_EQ(http_->Get("/api/v1/templates", agent_).JsonBody()["items"][0]["title_en"],
            "Thank you");
  // An unknown entity is refused.
  Fields other = fields;
  other[0].second = "NOPE";
  EXPECT_EQ(Post("/admin/templates/new", other, admin_).status, 422);
  // The auditor reads, cannot write.
  EXPECT_EQ(Page("/admin/templates/" + id, auditor_).status, 200);
  EXPECT_EQ(Post("/admin/templates/" + id + "/delete", {}, auditor_).status, 403);
  // Delete.
  ASSERT_EQ(Post("/admin/templates/" + id + "/delete", {}, admin_).status, 303);
  EXPECT_EQ(http_->Get("/api/v1/templates", agent_).JsonBody()["items"].size(), 0u);
  EXPECT_EQ(Page("/admin/templates/" + id, admin_).status, 404);
}

TEST_F(AdminPagesTest, AddedUserSignsInAndCanBeDisabled) {
  // Bad input: field errors, nothing stored.
  Response bad = Post("/admin/users/new?lang=en",
                      {{"email", "not-an-email"},
                       {"name", "New Agent"},
                       {"role", "agent"},
                       {"entity", ""},
                       {"password", "short"}},
                      admin_);
  EXPECT_EQ(bad.status, 422) << bad.Describe();
  EXPECT_NE(bad.body.find("id=\"user-email-error\""), std::string::npos);
  EXPECT_NE(bad.body.find("id=\"user-entity-error\""), std::string::npos);
  EXPECT_NE(bad.body.find("id=\"user-password-error\""), std::string::npos);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM users WHERE email = 'not-an-email'"), 0);

  Response r = Post("/admin/users/new",
                    {{"email", "new.agent@tawasul.example"},
                     {"name", "New Agent"},
                     {"role", "agent"},
                     {"entity", "MOW"},
                     {"password", "a-long-password-1"}},
                    admin_);
  ASSERT_EQ(r.status, 303) << r.Describe();
  Response login = http_->PostJson("/api/v1/auth/login", {{"email", "new.agent@tawasul.example"},
                                                          {"password", "a-long-password-1"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  Headers fresh = {"Authorization: Bearer " + login.JsonBody().value("token", "")};
  EXPECT_EQ(http_->Get("/api/v1/inbox", fresh).status, 200);
  // The same email again is refused.
  EXPECT_EQ(Post("/admin/users/new",
                 {{"email", "new.agent@tawasul.example"},
                  {"role", "auditor"},
                  {"password", "a-long-password-2"}},
                 admin_)
                .status,
            422);

  // Disable: the session stops working.
  std::string id =
      server_->SqlText("SELECT id FROM users WHERE email = 'new.agent@tawasul.example'");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(
      Post("/admin/users/" + id, {{"role", "agent"}, {"entity", "MOW"}, {"active", "0"}}, auditor_)
          .status,
      403);
  ASSERT_EQ(
      Post("/admin/users/" + id, {{"role", "agent"}, {"entity", "MOW"}, {"active", "0"}}, admin_)
          .status,
      303);
  EXPECT_EQ(http_->Get("/api/v1/inbox", fresh).status, 401);
  Response users = Page("/admin/users", admin_);
  ASSERT_EQ(users.status, 200);
  EXPECT_NE(users.body.find("id=\"user-" + id + "\""), std::string::npos);
  // Promote to supervisor of MOW and enable again.
  ASSERT_EQ(Post("/admin/users/" + id, {{"role", "supervisor"}, {"entity", "MOW"}, {"active", "1"}},
                 admin_)
                .status,
            303);
  EXPECT_EQ(server_->SqlText("SELECT role FROM users WHERE id = " + id), "supervisor");
  // An agent without entity is refused.
  EXPECT_EQ(Post("/admin/users/" + id, {{"role", "agent"}, {"entity", ""}}, admin_).status, 422);
}

// A staff member's email and name pasted with Unicode spaces around them (U+00A0, U+3000) are
// stored trimmed, when added and when renamed.
TEST_F(AdminPagesTest, UserEmailAndNameAreTrimmedOfUnicodeSpaces) {
  const std::string nbsp = "\u00A0", ideographic = "\u3000";
  Response r = Post("/admin/users/new",
                    {{"email", nbsp + "trim.agent@tawasul.example" + nbsp},
                     {"name", nbsp + "Trim Agent" + ideographic},
                     {"role", "agent"},
                     {"entity", "MOW"},
                     {"password", "a-long-password-1"}},
                    admin_);
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string id =
      server_->SqlText("SELECT id FROM users WHERE email = 'trim.agent@tawasul.example'");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(server_->SqlText("SELECT name FROM users WHERE id = " + id), "Trim Agent");
  ASSERT_EQ(
      Post("/admin/users/" + id,
           {{"role", "agent"}, {"entity", "MOW"}, {"name", ideographic + "Renamed" + nbsp}}, admin_)
          .status,
      303);
  EXPECT_EQ(server_->SqlText("SELECT name FROM users WHERE id = " + id), "Renamed");
}

TEST_F(AdminPagesTest, TargetEditMovesCasesAndBadAmountIsNamed) {
  std::string ref = NewMowComplaint();
  auto due = Due(StaffCase(ref));
  Response bad = Post("/admin/targets/add?lang=en",
                      {{"entity", "MOW"},
                       {"type", "complaint"},
                       {"category", ""},
                       {"fr_amount", "two"},
                       {"fr_unit", "working_days"},
                       {"res_amount", "20"},
                       {"res_unit", "working_days"}},
                      admin_);
  EXPECT_EQ(bad.status, 422) << bad.Describe();
  EXPECT_NE(bad.body.find("id=\"add-rule-fr-amount-error\""), std::string::npos);
  EXPECT_EQ(http_->Get("/api/v1/admin/targets", admin_).JsonBody()["items"].size(), 0u);

  Response r = Post("/admin/targets/add",
                    {{"entity", "MOW"},
                     {"type", "complaint"},
                     {"category", ""},
                     {"fr_amount", "2"},
                     {"fr_unit", "working_days"},
                     {"res_amount", "20"},
                     {"res_unit", "working_days"}},
                    admin_);
  ASSERT_EQ(r.status, 303) << r.Describe();
  EXPECT_EQ(r.Header("location").find("changed=0"), std::string::npos) << r.Header("location");
  Json items = http_->Get("/api/v1/admin/targets", admin_).JsonBody()["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["resolution"]["text"], "20 working days");
  EXPECT_GT(Due(StaffCase(ref)), due + std::chrono::days(6));
  Response page = Page("/admin/targets", auditor_);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"rule-0\""), std::string::npos);
  EXPECT_EQ(page.body.find("id=\"rule-0-form\""), std::string::npos);  // read-only
  // Delete it again.
  ASSERT_EQ(Post("/admin/targets/0/delete", {}, admin_).status, 303);
  EXPECT_EQ(http_->Get("/api/v1/admin/targets", admin_).JsonBody()["items"].size(), 0u);
}

TEST_F(AdminPagesTest, AuditLogFiltersFindAnAction) {
  std::string ref = NewMowComplaint();
  Response act = http_->PostJson("/api/v1/cases/" + ref + "/actions",
                                 {{"action", "note"}, {"body", "Audit trail note"}}, agent_);
  ASSERT_EQ(act.status, 200) << act.Describe();
  Response all = Page("/admin/audit", auditor_);
  ASSERT_EQ(all.status, 200) << all.Describe();
  EXPECT_NE(all.body.find("Audit trail note"), std::string::npos);

  Response by_kind = Page("/admin/audit?kind=note&reference=" + ref, admin_);
  ASSERT_EQ(by_kind.status, 200);
  EXPECT_NE(by_kind.body.find("Audit trail note"), std::string::npos);
  EXPECT_EQ(by_kind.body.find("data-kind=\"received\""), std::string::npos);
  Response by_actor = Page("/admin/audit?actor=agent.mow%40tawasul.example", admin_);
  EXPECT_NE(by_actor.body.find("Audit trail note"), std::string::npos);
  Response other = Page("/admin/audit?kind=note&entity=MOH", admin_);
  EXPECT_EQ(other.body.find("Audit trail note"), std::string::npos);
  Response past = Page("/admin/audit?kind=note&to=2020-01-01", admin_);
  EXPECT_EQ(past.body.find("Audit trail note"), std::string::npos);
  Response bad = Page("/admin/audit?reference=12345&lang=en", admin_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("id=\"audit-reference-error\""), std::string::npos);
  EXPECT_EQ(Page("/admin/audit", agent_).status, 403);
}

}  // namespace
}  // namespace tawasul_test
