// Black-box tests of the staff pages (/staff/): sign-in through the page, the inbox with its
// filters and scope, the case page and every kind of action posted as a form (the same rules as
// the JSON API: 404 for another entity, CSRF required, field errors kept with the typed text),
// the search page, and the one-click merge of a possible duplicate. Runs on both backends.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/server.h"

namespace tawasul_test {
namespace {

constexpr const char* kAgentMow = "agent.mow@tawasul.example";
constexpr const char* kSupervisorMow = "supervisor.mow@tawasul.example";
constexpr const char* kAgentMoh = "agent.moh@tawasul.example";

std::string PasswordOf(const std::string& email) {
  if (email == kSupervisorMow) return "demo-supervisor-2026";
  return "demo-agent-2026";
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class StaffPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    server_.reset();
  }
  Http& http() { return *http_; }

  struct Session {
    std::string csrf;
    std::string cookies;
  };

  // Signs in through /login like a browser; returns the cookies and the CSRF token.
  Session SignIn(const std::string& email) {
    Response form = http().Get("/login");
    EXPECT_EQ(form.status, 200) << form.Describe();
    Session s;
    s.csrf = FormInputValue(form.body, "csrf").value_or("");
    s.cookies = "csrf=" + form.SetCookie("csrf").value_or("");
    Response r = http().PostForm(
        "/login",
        {{"csrf", s.csrf}, {"email", email}, {"password", PasswordOf(email)}, {"next", "/staff/"}},
        s.cookies);
    EXPECT_EQ(r.status, 303) << r.Describe();
    EXPECT_EQ(r.Header("location"), "/staff/");
    auto session = r.SetCookie("tawasul_session");
    EXPECT_TRUE(session.has_value());
    for (const auto& h : r.HeaderValues("set-cookie")) {
      if (h.rfind("tawasul_session=", 0) != 0) continue;
      EXPECT_TRUE(Contains(h, "; HttpOnly")) << h;
      EXPECT_TRUE(Contains(h, "; Secure")) << h;
      EXPECT_TRUE(Contains(h, "; SameSite=Lax")) << h;
    }
    s.cookies += "; tawasul_session=" + session.value_or("") + "; lang=en";
    return s;
  }

  // A new Ministry of Works complaint through the API; returns (reference, access code).
  std::pair<std::string, std::string> NewMowCase(const std::string& subject,
                                                 const std::string& description =
                                                     "The road near the school has a deep pothole "
                                                     "that damages cars every day.") {
    Json body = ValidCaseBody();
    body["category"] = "roads.potholes";
    body["subject"] = subject;
    body["description"] = description;
    Response r = SubmitCase(http(), body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    Json j = r.JsonBody();
    return {j.value("reference", ""), j.value("access_code", "")};
  }

  Response Act(const Session& s, const std::string& ref, Fields fields, bool with_csrf = true) {
    if (with_csrf) fields.emplace_back("csrf", s.csrf);
    return http().PostForm("/staff/cases/" + ref + "/actions", fields, s.cookies);
  }

  Json CitizenView(const std::string& ref, const std::string& code) {
    Response r = LookupCase(http(), ref, code);
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.JsonBody();
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(StaffPagesTest, StaffPagesNeedSignInAndKeepTheDestination) {
  Response r = http().Get("/staff/?status=received");
  EXPECT_EQ(r.status, 303) << r.Describe();
  EXPECT_EQ(r.Header("location"), "/login?next=/staff/%3Fstatus%3Dreceived");
  for (const char* path : {"/staff/search", "/staff/cases/26-0000001-5"}) {
    EXPECT_EQ(http().Get(path).status, 303) << path;
  }
  // After sign-in, a foreign "next" is not followed.
  Response form = http().Get("/login");
  std::string csrf = FormInputValue(form.body, "csrf").value_or("");
  Response in = http().PostForm("/login",
                                {{"csrf", csrf},
                                 {"email", kAgentMow},
                                 {"password", "demo-agent-2026"},
                                 {"next", "//evil.example/"}},
                                "csrf=" + form.SetCookie("csrf").value_or(""));
  EXPECT_EQ(in.status, 303);
  EXPECT_EQ(in.Header("location"), "/staff/");
}

TEST_F(StaffPagesTest, InboxShowsOwnEntityOnlyWithFiltersAndCounts) {
  auto [ref, code] = NewMowCase("Pothole on Road 12");
  Session mow = SignIn(kAgentMow);
  Response inbox = http().Get("/staff/", {}, mow.cookies);
  ASSERT_EQ(inbox.status, 200) << inbox.Describe();
  EXPECT_TRUE(Contains(inbox.body, ref));
  EXPECT_TRUE(Contains(inbox.body, "Pothole on Road 12"));
  EXPECT_TRUE(Contains(inbox.body, "Sign out"));
  EXPECT_EQ(ElementTextById(inbox.body, "inbox-total").value_or(""), "1");
  // Filters: a status the case is not in hides it; unassigned shows it; a bad value is named.
  Response answered = http().Get("/staff/?status=answered", {}, mow.cookies);
  EXPECT_EQ(answered.status, 200);
  EXPECT_FALSE(Contains(answered.body, ref));
  Response unassigned = http().Get("/staff/?assignee=none", {}, mow.cookies);
  EXPECT_TRUE(Contains(unassigned.body, ref));
  Response bad = http().Get("/staff/?overdue=maybe", {}, mow.cookies);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad.body, "id=\"e-overdue\"") || Contains(bad.body, "#f-overdue"))
      << bad.body.substr(0, 2000);

  Session moh = SignIn(kAgentMoh);
  Response other = http().Get("/staff/", {}, moh.cookies);
  EXPECT_EQ(other.status, 200);
  EXPECT_FALSE(Contains(other.body, ref));
  Response foreign = http().Get("/staff/cases/" + ref, {}, moh.cookies);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_FALSE(Contains(foreign.body, "Pothole on Road 12"));
  // Acting on another entity's case is the same 404, and changes nothing.
  Response act = Act(moh, ref, {{"action", "note"}, {"body", "peek"}});
  EXPECT_EQ(act.status, 404);
  EXPECT_EQ(server_->SqlInt("SELECT COUNT(*) FROM case_events WHERE kind = 'note'"), 0);
}

TEST_F(StaffPagesTest, ActionsAsFormsFollowTheLifecycle) {
  auto [ref, code] = NewMowCase("Broken street light");
  Session agent = SignIn(kAgentMow);
  Response page = http().Get("/staff/cases/" + ref, {}, agent.cookies);
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_TRUE(Contains(page.body, "id=\"form-compose\""));
  EXPECT_TRUE(Contains(page.body, "citizen@example.com"));  // not anonymous: contact shown

  Response assign = Act(agent, ref, {{"action", "assign"}, {"assignee", "me"}});
  EXPECT_EQ(assign.status, 303) << assign.Describe();
  EXPECT_EQ(assign.Header("location"), "/staff/cases/" + ref + "?done=assign");

  Response note = Act(agent, ref, {{"action", "note"}, {"body", "Checked with the roads team."}});
  EXPECT_EQ(note.status, 303);
  Response ask = Act(agent, ref, {{"action", "request_info"}, {"body", "Which street exactly?"}});
  EXPECT_EQ(ask.status, 303);
  EXPECT_EQ(CitizenView(ref, code).value("status", ""), "awaiting_citizen");

  // The internal note is marked on the staff page and absent from the citizen's view.
  Response after = http().Get("/staff/cases/" + ref + "?done=request_info", {}, agent.cookies);
  EXPECT_TRUE(Contains(after.body, "event-internal"));
  EXPECT_TRUE(Contains(after.body, "Internal note — not shown to the citizen"));
  EXPECT_TRUE(Contains(after.body, "role=\"status\""));
  EXPECT_FALSE(Contains(CitizenView(ref, code).dump(), "roads team"));

  Response reply =
      http().PostJson("/api/v1/cases/" + ref + "/replies", {{"body", "Road 12, near the school."}},
                      {"X-Access-Code: " + code});
  EXPECT_EQ(reply.status, 200) << reply.Describe();
  Response answer = Act(agent, ref, {{"action", "answer"}, {"body", "Repaired on Monday."}});
  EXPECT_EQ(answer.status, 303);
  EXPECT_EQ(answer.Header("location"), "/staff/cases/" + ref + "?done=answer");
  EXPECT_EQ(CitizenView(ref, code).value("status", ""), "answered");

  // A second answer is refused by the lifecycle: the page says so and nothing changes.
  Response again = Act(agent, ref, {{"action", "answer"}, {"body", "Again."}});
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(again.Header("location"), "/staff/cases/" + ref + "?refused=conflict");
  Response refused = http().Get(again.Header("location"), {}, agent.cookies);
  EXPECT_TRUE(Contains(refused.body, "does not allow this action"));
}

TEST_F(StaffPagesTest, LocationShownWithCoordinatesAndAMapLink) {
  Json body = ValidCaseBody();
  body["category"] = "roads.potholes";
  body["location"] = {{"lat", 26.2235}, {"lon", 50.5876}, {"address", "شارع الملك فيصل، المنامة"}};
  Response r = SubmitCase(http(), body);
  ASSERT_EQ(r.status, 201) << r.Describe();
  std::string ref = r.JsonBody().value("reference", "");
  Session agent = SignIn(kAgentMow);
  Response page = http().Get("/staff/cases/" + ref + "?lang=en", {}, agent.cookies);
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_TRUE(Contains(page.body, "id=\"case-location\""));
  EXPECT_TRUE(Contains(page.body, "شارع الملك فيصل، المنامة"));
  EXPECT_TRUE(Contains(page.body, "26.22350, 50.58760"));
  EXPECT_TRUE(
      Contains(page.body, "https://www.openstreetmap.org/?mlat=26.22350&amp;mlon=50.58760"));
  // A case without coordinates has no location section.
  auto [plain, code] = NewMowCase("Broken street light");
  Response other = http().Get("/staff/cases/" + plain, {}, agent.cookies);
  EXPECT_FALSE(Contains(other.body, "id=\"case-location\""));
}

TEST_F(StaffPagesTest, FormWithoutCsrfIsRefusedAndChangesNothing) {
  auto [ref, code] = NewMowCase("Streetlight out");
  Session agent = SignIn(kAgentMow);
  Response r = Act(agent, ref, {{"action", "answer"}, {"body", "Done."}}, false);
  EXPECT_EQ(r.status, 403) << r.Describe();
  Response wrong = Act(agent, ref, {{"action", "answer"}, {"body", "Done."}, {"csrf", "x"}}, false);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(CitizenView(ref, code).value("status", ""), "received");
}

TEST_F(StaffPagesTest, FieldErrorsKeepTheTypedTextAndStoreNothing) {
  auto [ref, code] = NewMowCase("Sidewalk blocked");
  Session agent = SignIn(kAgentMow);
  Response r =
      Act(agent, ref, {{"action", "reject"}, {"reason", "because"}, {"body", "<b>typed text</b>"}});
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_TRUE(Contains(r.body, "id=\"e-reject-reason\""));
  EXPECT_TRUE(Contains(r.body, "&lt;b&gt;typed text&lt;/b&gt;"));
  EXPECT_FALSE(Contains(r.body, "<b>typed text</b>"));
  Session supervisor = SignIn(kSupervisorMow);
  Response days = Act(supervisor, ref, {{"action", "extend"}, {"working_days", "five"}});
  EXPECT_EQ(days.status, 422);
  EXPECT_TRUE(Contains(days.body, "id=\"e-extend-days\""));
  Response unknown = Act(agent, ref, {{"action", "explode"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(CitizenView(ref, code).value("status", ""), "received");
  EXPECT_EQ(server_->SqlInt("SELECT COUNT(*) FROM case_events WHERE kind <> 'received'"), 0);
}

TEST_F(StaffPagesTest, SupervisorTransfersThroughTheForm) {
  auto [ref, code] = NewMowCase("Water leak in the street");
  Session agent = SignIn(kAgentMow);
  Response page = http().Get("/staff/cases/" + ref, {}, agent.cookies);
  EXPECT_FALSE(Contains(page.body, "id=\"form-transfer\""));  // agents propose, supervisors move
  Session supervisor = SignIn(kSupervisorMow);
  Response sup_page = http().Get("/staff/cases/" + ref, {}, supervisor.cookies);
  EXPECT_TRUE(Contains(sup_page.body, "id=\"form-transfer\""));
  Response t = Act(supervisor, ref,
                   {{"action", "transfer"}, {"entity", "MOH"}, {"reason", "A health matter."}});
  EXPECT_EQ(t.status, 303) << t.Describe();
  EXPECT_EQ(t.Header("location"), "/staff/?done=transfer");  // no longer this entity's case
  EXPECT_EQ(CitizenView(ref, code)["entity"].value("code", ""), "MOH");
  EXPECT_EQ(http().Get("/staff/cases/" + ref, {}, agent.cookies).status, 404);
  Session moh = SignIn(kAgentMoh);
  Response moh_inbox = http().Get("/staff/", {}, moh.cookies);
  EXPECT_TRUE(Contains(moh_inbox.body, ref));
}

TEST_F(StaffPagesTest, SearchPageFindsWordsAndReferencesAndEscapes) {
  auto [ref, code] = NewMowCase("<script>alert(1)</script> حفرة كبيرة",
                                "توجد حفرة كبيرة في الشارع المؤدي إلى المدرسة منذ أسبوعين.");
  Session agent = SignIn(kAgentMow);
  Response words = http().Get("/staff/search?q=" + PercentEncode("الحفره"), {}, agent.cookies);
  ASSERT_EQ(words.status, 200) << words.Describe();
  EXPECT_TRUE(Contains(words.body, ref));
  EXPECT_TRUE(Contains(words.body, "<mark>"));
  EXPECT_FALSE(Contains(words.body, "<script>alert(1)</script>"));
  EXPECT_TRUE(Contains(words.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  Response by_ref =
      http().Get("/staff/search?q=" + PercentEncode(ToArabicIndicDigits(ref)), {}, agent.cookies);
  EXPECT_TRUE(Contains(by_ref.body, ref));
  EXPECT_EQ(ElementTextById(by_ref.body, "search-total").value_or(""), "1");
  Response empty = http().Get("/staff/search", {}, agent.cookies);
  EXPECT_EQ(empty.status, 200);
  Response bad = http().Get("/staff/search?q=x&from=yesterday", {}, agent.cookies);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad.body, "id=\"e-from\""));
  // Another entity's staff do not find it.
  Session moh = SignIn(kAgentMoh);
  Response other = http().Get("/staff/search?q=" + PercentEncode("حفرة"), {}, moh.cookies);
  EXPECT_FALSE(Contains(other.body, ref));
}

TEST_F(StaffPagesTest, PossibleDuplicateMergedInOneClick) {
  auto [first, first_code] =
      NewMowCase("Deep pothole on Budaiya highway",
                 "A deep pothole on Budaiya highway near exit 4 damaged two tyres yesterday.");
  auto [second, second_code] =
      NewMowCase("Pothole Budaiya highway exit 4",
                 "There is a deep pothole on Budaiya highway at exit 4 that damages tyres.");
  Session supervisor = SignIn(kSupervisorMow);
  Response page = http().Get("/staff/cases/" + second, {}, supervisor.cookies);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "data-reference=\"" + first + "\"")) << "not offered as similar";
  Response merge = Act(supervisor, second, {{"action", "merge"}, {"into", first}});
  EXPECT_EQ(merge.status, 303) << merge.Describe();
  Json view = CitizenView(second, second_code);
  EXPECT_EQ(view.value("status", ""), "closed");
  Response merged = http().Get("/staff/cases/" + second, {}, supervisor.cookies);
  EXPECT_TRUE(Contains(merged.body, "Merged into"));
  EXPECT_EQ(CitizenView(first, first_code).value("status", ""), "received");
}

TEST_F(StaffPagesTest, ResponseTemplatesFillTheReplyInTheCitizensLanguage) {
  server_->SqlExec(
      "INSERT INTO response_templates(entity, title_ar, title_en, body_ar, body_en, created_at, "
      "updated_at) VALUES ('MOW', 'شكر', 'Thanks', 'شكراً لتواصلكم معنا.', "
      "'Thank you for contacting us.', 0, 0)");
  std::string id = server_->SqlText("SELECT id FROM response_templates");
  auto [ref, code] = NewMowCase("Road sign missing");  // an English case
  Session agent = SignIn(kAgentMow);
  Response page = http().Get("/staff/cases/" + ref, {}, agent.cookies);
  EXPECT_TRUE(Contains(page.body, "?template=" + id));
  Response filled = http().Get("/staff/cases/" + ref + "?template=" + id, {}, agent.cookies);
  EXPECT_TRUE(Contains(filled.body, ">Thank you for contacting us.</textarea>"));
  // Another entity's template is not offered.
  server_->SqlExec("UPDATE response_templates SET entity = 'MOH'");
  Response other = http().Get("/staff/cases/" + ref + "?template=" + id, {}, agent.cookies);
  EXPECT_FALSE(Contains(other.body, "Thank you for contacting us."));
}

}  // namespace
}  // namespace tawasul_test
