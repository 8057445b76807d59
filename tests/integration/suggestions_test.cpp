// Suggestions carried to the end (issue 19, item 2), on both backends, over real HTTP: the
// entity's agent records every stage through POST /api/v1/cases/{ref}/outcome and through the
// staff page's form; refused transitions and bad fields are 4xx naming the field with nothing
// stored; another entity's staff get 404 and an administrator 403; the citizen's view shows the
// outcome; the outbox holds one message per recording; /suggestions and GET /api/v1/suggestions
// list only the implemented one and carry no personal data; /api/v1/stats gains the shares; and
// `audit verify` still passes.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/server.h"

namespace tawasul_test {
namespace {

constexpr const char* kName = "Quetzal Marmoset";
constexpr const char* kEmail = "quetzal.marmoset@example.com";
constexpr const char* kSubject = "Okapi-lantern benches at the corniche";
constexpr const char* kDescription = "Narwhal-velvet idea: put shaded benches along the corniche.";
constexpr const char* kSummary = "Shaded benches were installed along the corniche";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class SuggestionsTest : public ::testing::Test {
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

  std::string Token(const std::string& email, const std::string& password) {
    Response r = http().PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return "Authorization: Bearer " + r.JsonBody().value("token", "");
  }
  std::string Agent() { return Token("agent.mow@tawasul.example", "demo-agent-2026"); }

  // A Ministry of Works case of `type`; returns (reference, access code).
  std::pair<std::string, std::string> Submit(const std::string& type = "suggestion") {
    auto categories = Catalogue::Get().CategoriesOf("MOW", type);
    EXPECT_FALSE(categories.empty());
    Json body = ValidCaseBody();
    body["type"] = type;
    body["category"] = categories.empty() ? "" : categories.front();
    body["subject"] = kSubject;
    body["description"] = kDescription;
    body["contact"] = {{"name", kName}, {"email", kEmail}};
    Response r = SubmitCase(http(), body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return {r.JsonBody().value("reference", ""), r.JsonBody().value("access_code", "")};
  }

  Response Record(const std::string& ref, const Json& body, const std::string& auth) {
    return http().PostJson("/api/v1/cases/" + ref + "/outcome", body, {auth});
  }
  // The field the first error names.
  static std::string FirstField(const Response& r) {
    Json j = r.JsonBody();
    if (!j.contains("errors") || j["errors"].empty()) return "";
    return j["errors"][0].value("field", "");
  }
  std::int64_t Count(const std::string& sql) { return server_->SqlInt(sql); }
  std::int64_t OutcomeEvents(const std::string& ref) {
    return Count(
        "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.reference = "
        "'" +
        ref + "' AND e.kind = 'suggestion_outcome'");
  }
  std::int64_t OutcomeMessages(const std::string& ref) {
    return Count("SELECT count(*) FROM outbox WHERE reference = '" + ref +
                 "' AND kind = 'suggestion_outcome'");
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(SuggestionsTest, EveryStageOverHttpSeenByTheCitizenAndThePublic) {
  const std::string agent = Agent();
  auto [ref, code] = Submit();
  auto [declined_ref, declined_code] = Submit();
  auto [accepted_ref, accepted_code] = Submit();

  Response r = Record(ref, {{"stage", "under_study"}}, agent);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody()["outcome"]["stage"], "under_study");

  // Refused, each naming its field, and nothing stored.
  struct Bad {
    Json body;
    int status;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {{{"stage", "implemented"}, {"summary", "x"}}, 409, "stage"},
      {{{"stage", "declined"}}, 422, "reason"},
      {{{"stage", "accepted"}, {"progress", 10}}, 422, "progress"},
      {{{"stage", "finished"}}, 422, "stage"},
      {{{"stage", "accepted"}, {"colour", "red"}}, 422, "colour"},
      {{{"stage", "accepted"}, {"progress", "ten"}}, 422, "progress"},
      {{{"stage", "accepted"}, {"milestone", {{"when", "2026-12-01"}}}}, 422, "milestone.when"},
      {{{"progress", 10}}, 422, "stage"},
  };
  for (const auto& b : bad) {
    Response refused = Record(ref, b.body, agent);
    EXPECT_EQ(refused.status, b.status) << b.body.dump() << " " << refused.Describe();
    EXPECT_EQ(refused.MediaType(), "application/problem+json");
    EXPECT_EQ(FirstField(refused), b.field) << refused.body;
  }
  EXPECT_EQ(OutcomeEvents(ref), 1);
  EXPECT_EQ(OutcomeMessages(ref), 1);

  // Another entity's agent: as if the case did not exist; an administrator: not their role; a
  // complaint: not a suggestion; nobody signed in: 401.
  Response other =
      Record(ref, {{"stage", "accepted"}}, Token("agent.moh@tawasul.example", "demo-agent-2026"));
  EXPECT_EQ(other.status, 404) << other.Describe();
  Response admin =
      Record(ref, {{"stage", "accepted"}}, Token("admin@tawasul.example", "demo-admin-2026"));
  EXPECT_EQ(admin.status, 403) << admin.Describe();
  Response anonymous =
      http().PostJson("/api/v1/cases/" + ref + "/outcome", {{"stage", "accepted"}});
  EXPECT_EQ(anonymous.status, 401) << anonymous.Describe();
  auto [complaint, complaint_code] = Submit("complaint");
  Response not_suggestion = Record(complaint, {{"stage", "accepted"}}, agent);
  EXPECT_EQ(not_suggestion.status, 409) << not_suggestion.Describe();
  EXPECT_EQ(OutcomeEvents(ref), 1);
  EXPECT_EQ(OutcomeEvents(complaint), 0);

  // The rest of the path, on a closed case too (the outcome outlives the answer).
  ASSERT_EQ(Record(ref, {{"stage", "accepted"}}, agent).status, 200);
  r = Record(ref,
             {{"stage", "in_progress"},
              {"progress", 40},
              {"milestone", {{"date", "2026-12-01"}, {"text", "Design approved"}}}},
             agent);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody()["outcome"]["progress"], 40);
  r = http().PostJson("/api/v1/cases/" + ref + "/actions",
                      {{"action", "answer"}, {"body", "We will study it."}}, {agent});
  ASSERT_EQ(r.status, 200) << r.Describe();
  r = http().PostJson("/api/v1/cases/" + ref + "/rating", {{"score", 5}},
                      {"X-Access-Code: " + code});
  ASSERT_EQ(r.JsonBody().value("status", ""), "closed") << r.Describe();
  r = Record(ref, {{"stage", "implemented"}, {"summary", kSummary}}, agent);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody()["outcome"]["stage"], "implemented");
  // Final: nothing follows implemented.
  EXPECT_EQ(Record(ref, {{"stage", "declined"}, {"reason", "x"}}, agent).status, 409);

  ASSERT_EQ(Record(declined_ref, {{"stage", "declined"}, {"reason", "No budget this year"}}, agent)
                .status,
            200);
  ASSERT_EQ(Record(accepted_ref, {{"stage", "accepted"}}, agent).status, 200);

  // The citizen's view.
  Json view = LookupCase(http(), ref, code).JsonBody();
  ASSERT_TRUE(view.contains("outcome")) << view.dump();
  EXPECT_EQ(view["outcome"]["stage"], "implemented");
  EXPECT_EQ(view["outcome"]["progress"], 100);
  ASSERT_EQ(view["outcome"]["milestones"].size(), 1u);
  EXPECT_EQ(view["outcome"]["milestones"][0]["text"], "Design approved");
  EXPECT_EQ(view["outcome"]["summary"], kSummary);
  Json declined_view = LookupCase(http(), declined_ref, declined_code).JsonBody();
  EXPECT_EQ(declined_view["outcome"]["stage"], "declined");
  EXPECT_EQ(declined_view["outcome"]["reason"], "No budget this year");

  // One message to the citizen per recording.
  EXPECT_EQ(OutcomeEvents(ref), 4);
  EXPECT_EQ(OutcomeMessages(ref), 4);
  EXPECT_EQ(OutcomeMessages(declined_ref), 1);

  // The public report: only the implemented one, no personal data, no reference.
  Response api = http().Get("/api/v1/suggestions?entity=MOW");
  ASSERT_EQ(api.status, 200) << api.Describe();
  Json doc = api.JsonBody();
  ASSERT_EQ(doc["implemented"].size(), 1u) << doc.dump();
  EXPECT_EQ(doc["implemented"][0]["summary"], kSummary);
  EXPECT_EQ(doc["counts"]["received"], 3);
  EXPECT_EQ(doc["counts"]["accepted"], 2);
  EXPECT_EQ(doc["counts"]["implemented"], 1);
  EXPECT_EQ(doc["counts"]["declined"], 1);
  EXPECT_FALSE(doc["median_days_to_implementation"].is_null());
  EXPECT_EQ(http().Get("/api/v1/suggestions?entity=NOPE").status, 400);
  EXPECT_EQ(http().Get("/api/v1/suggestions?entity=MOH").JsonBody()["implemented"].size(), 0u);
  for (const std::string lang : {"en", "ar"}) {
    Response page = http().Get("/suggestions?lang=" + lang);
    ASSERT_EQ(page.status, 200) << page.Describe();
    EXPECT_TRUE(Contains(page.body, kSummary)) << lang;
    for (const std::string& secret :
         {std::string(kName), std::string(kEmail), std::string(kSubject), std::string(kDescription),
          ref, std::string("No budget this year")}) {
      EXPECT_FALSE(Contains(page.body, secret)) << lang << ": " << secret;
      EXPECT_FALSE(Contains(api.body, secret)) << secret;
    }
  }
  Response stats = http().Get("/api/v1/stats");
  ASSERT_EQ(stats.status, 200);
  EXPECT_FALSE(stats.JsonBody()["suggestions"]["implemented_share"].is_null()) << stats.body;
  EXPECT_TRUE(Contains(http().Get("/stats?lang=en").body, "st-suggestions-implemented"));

  CliOutput verify = RunTawasul("audit verify " + server_->CliDatabaseArgs());
  EXPECT_EQ(verify.status, 0) << verify.out << verify.err;
  EXPECT_TRUE(Contains(verify.out, "history intact")) << verify.out;
}

TEST_F(SuggestionsTest, TheStaffFormWithCsrfAndAnErrorSummary) {
  auto [ref, code] = Submit();
  // Sign in like a browser.
  Response form = http().Get("/login");
  const std::string csrf = FormInputValue(form.body, "csrf").value_or("");
  std::string cookies = "csrf=" + form.SetCookie("csrf").value_or("");
  Response in = http().PostForm("/login",
                                {{"csrf", csrf},
                                 {"email", "agent.mow@tawasul.example"},
                                 {"password", "demo-agent-2026"},
                                 {"next", "/staff/"}},
                                cookies);
  ASSERT_EQ(in.status, 303) << in.Describe();
  cookies += "; tawasul_session=" + in.SetCookie("tawasul_session").value_or("") + "; lang=en";

  Response page = http().Get("/staff/cases/" + ref, {}, cookies);
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_TRUE(Contains(page.body, "id=\"form-outcome\""));
  const std::string path = "/staff/cases/" + ref + "/outcome";

  // No CSRF token: refused, nothing stored.
  Response forged = http().PostForm(path, {{"stage", "under_study"}}, cookies);
  EXPECT_EQ(forged.status, 403) << forged.Describe();
  // Declined without a reason: the page again, its summary naming the field.
  Response missing = http().PostForm(path, {{"csrf", csrf}, {"stage", "declined"}}, cookies);
  EXPECT_EQ(missing.status, 422) << missing.Describe();
  EXPECT_TRUE(Contains(missing.body, "outcome-errors")) << missing.body;
  EXPECT_TRUE(Contains(missing.body, "Reason for declining: required")) << missing.body;
  EXPECT_TRUE(Contains(missing.body, "href=\"#outcome-reason\""));
  EXPECT_EQ(OutcomeEvents(ref), 0);

  Response done = http().PostForm(path, {{"csrf", csrf}, {"stage", "accepted"}}, cookies);
  ASSERT_EQ(done.status, 303) << done.Describe();
  EXPECT_TRUE(Contains(done.Header("location"), "?outcome=done"));
  done = http().PostForm(path,
                         {{"csrf", csrf},
                          {"stage", "in_progress"},
                          {"progress", "25"},
                          {"milestone_date", "2026-11-30"},
                          {"milestone_text", "Site surveyed"}},
                         cookies);
  ASSERT_EQ(done.status, 303) << done.Describe();
  // Implemented straight from accepted is not allowed; from in progress it is.
  EXPECT_EQ(OutcomeEvents(ref), 2);
  Response after = http().Get("/staff/cases/" + ref + "?outcome=done", {}, cookies);
  EXPECT_TRUE(Contains(after.body, "data-stage=\"in_progress\"")) << after.body;
  EXPECT_TRUE(Contains(after.body, "Site surveyed"));
  EXPECT_EQ(LookupCase(http(), ref, code).JsonBody()["outcome"]["progress"], 25);
}

}  // namespace
}  // namespace tawasul_test
