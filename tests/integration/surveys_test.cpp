// The survey after each case (issue 18 item 3, docs/surveys.md), end to end over real HTTP on
// both backends: closing a case stores a link's hash and mails the link (the real SMTP sink on
// loopback); the link answers once (a second use is refused, a bad answer names the question and
// stores nothing); the response row has no column that could name a case or a person; the track
// page's button issues a fresh link; /admin/surveys and its CSV show the aggregates with small
// groups suppressed; a questionnaire imported with a quota stops responses at the quota.
//
// Nothing here asserts a duration: every wait polls a condition until a deadline.

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>

#include "integration/admin_fixture.h"
#include "integration/loopback_sinks.h"

namespace tawasul_test {
namespace {

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class SurveysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sink_ = std::make_unique<SmtpSink>(dir_.path() / "smtp");
    server_ = std::make_unique<Server>(ServerOptions{.extra_args = EmailArgs(*sink_)});
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
    admin_ = Login("admin@tawasul.example", "demo-admin-2026");
    agent_ = Login("agent.mow@tawasul.example", "demo-agent-2026");
    categories_ = Catalogue::Get().CategoriesOf("MOW", "complaint");
    ASSERT_GE(categories_.size(), 2u);
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
  // A Ministry of Works complaint in category #`category` mailing `email`: (reference, code).
  std::pair<std::string, std::string> Submit(const std::string& email, std::size_t category = 0) {
    Json body = ValidCaseBody();
    body["type"] = "complaint";
    body["category"] = categories_.at(category);
    body["contact"] = {{"name", "Ibis Quokka"}, {"email", email}};
    Response r = SubmitCase(*http_, body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return {r.JsonBody().value("reference", ""), r.JsonBody().value("access_code", "")};
  }
  void Close(const std::string& ref) {
    Response r = http_->PostJson(
        "/api/v1/cases/" + ref + "/actions",
        {{"action", "reject"}, {"reason", "out_of_scope"}, {"body", "Handled by the council."}},
        agent_);
    ASSERT_EQ(r.status, 200) << r.Describe();
  }
  // The survey link's token in the closing email to `email`.
  std::string MailedToken(const std::string& email) {
    std::string token;
    const std::regex link("https://tawasul\\.example/surveys/([0-9a-f]{64})");
    EXPECT_TRUE(WaitUntil([&] {
      for (const Json& m : sink_->To(email)) {
        const std::string text = SmtpSink::Part(m, "text/plain");
        std::smatch found;
        if (std::regex_search(text, found, link)) {
          token = found[1];
          return true;
        }
      }
      return false;
    })) << "no survey link mailed to "
        << email;
    return token;
  }
  Response Answer(const std::string& token, Fields fields, bool csrf = true) {
    if (csrf) fields.emplace_back("csrf", kAdminCsrf);
    return http_->PostForm("/surveys/" + token, fields, std::string("csrf=") + kAdminCsrf);
  }
  std::int64_t Responses() { return server_->SqlInt("SELECT count(*) FROM survey_responses"); }

  ScratchDir dir_;
  std::unique_ptr<SmtpSink> sink_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
  Headers admin_, agent_;
  std::vector<std::string> categories_;
};

TEST_F(SurveysTest, ClosingMailsASingleUseLinkAndTheResponseNamesNoCase) {
  const std::string email = "ibis.quokka@example.com";
  auto [ref, code] = Submit(email);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM survey_tokens"), 0);
  Close(ref);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM survey_tokens WHERE entity = 'MOW' AND used = 0"),
            1);
  const std::string token = MailedToken(email);
  ASSERT_EQ(token.size(), 64u) << server_->StderrTail();
  // Only its hash is stored.
  EXPECT_EQ(
      server_->SqlInt("SELECT count(*) FROM survey_tokens WHERE token_hash = '" + token + "'"), 0);

  Response page = http_->Get("/surveys/" + token);
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_TRUE(Has(page.body, "ما مدى رضاك")) << "Arabic first";
  EXPECT_TRUE(Has(page.body, "id=\"survey-form\""));
  EXPECT_TRUE(FormInputValue(page.body, "csrf").has_value());

  // Bad answers name the question; nothing is stored and the link stays usable.
  Response bad = Answer(token, {{"satisfaction", "9"}, {"on_time", "yes"}});
  EXPECT_EQ(bad.status, 422) << bad.Describe();
  EXPECT_TRUE(Has(bad.body, "href=\"#q-satisfaction\"")) << bad.body.substr(0, 400);
  Response missing = Answer(token, {{"satisfaction", "4"}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(Has(missing.body, "href=\"#q-on_time\""));
  Response unknown = Answer(token, {{"satisfaction", "4"}, {"on_time", "yes"}, {"case", ref}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(Answer(token, {{"satisfaction", "4"}, {"on_time", "yes"}}, false).status, 403);
  EXPECT_EQ(Responses(), 0);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM survey_tokens WHERE used = 1"), 0);

  Response ok = Answer(token, {{"satisfaction", "2"},
                               {"on_time", "no"},
                               {"nps", "6"},
                               {"improve", "Quicker replies"},
                               {"comment", ""}});
  ASSERT_EQ(ok.status, 303) << ok.Describe();
  EXPECT_EQ(ok.Header("Location"), "/surveys/thanks");
  EXPECT_EQ(http_->Get("/surveys/thanks").status, 200);
  EXPECT_EQ(Responses(), 1);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM survey_tokens WHERE used = 1"), 1);

  // Twice: refused, still one response.
  Response again = Answer(token, {{"satisfaction", "5"}, {"on_time", "yes"}});
  EXPECT_EQ(again.status, 410) << again.Describe();
  Response reopened = http_->Get("/surveys/" + token + "?lang=en");
  EXPECT_EQ(reopened.status, 410);
  EXPECT_TRUE(Has(reopened.body, "already answered")) << reopened.body.substr(0, 400);
  EXPECT_EQ(Responses(), 1);
  EXPECT_EQ(http_->Get("/surveys/" + std::string(64, 'a')).status, 404);
  EXPECT_EQ(http_->Get("/surveys/not-a-token").status, 404);

  // The response row: entity, category, month and answers; no column could name the case.
  const std::string columns =
      Server::IsPostgres()
          ? server_->SqlText(
                "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                "information_schema.columns WHERE table_name = 'survey_responses'")
          : server_->SqlText(
                "SELECT group_concat(name, ',') FROM pragma_table_info('survey_responses')");
  EXPECT_EQ(columns, "id,questionnaire,version,entity,category,month,answers");
  const std::string row = server_->SqlText(
      "SELECT entity || '|' || category || '|' || month || '|' || answers FROM survey_responses");
  EXPECT_TRUE(Has(row, "MOW|" + categories_[0] + "|")) << row;
  EXPECT_TRUE(std::regex_search(row, std::regex("\\|20[0-9]{2}-[01][0-9]\\|"))) << row;
  EXPECT_TRUE(Has(row, "Quicker replies")) << row;
  EXPECT_FALSE(Has(row, ref));
  EXPECT_FALSE(Has(row, email));
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM survey_responses WHERE id = '" + token + "'"), 0);
}

TEST_F(SurveysTest, TrackPageOffersAFreshLinkWhileUnanswered) {
  const std::string email = "tern.wombat@example.com";
  auto [ref, code] = Submit(email);
  Close(ref);
  const std::string mailed = MailedToken(email);
  ASSERT_FALSE(mailed.empty());
  Response track =
      http_->PostForm("/track", {{"csrf", kAdminCsrf}, {"reference", ref}, {"access_code", code}},
                      std::string("csrf=") + kAdminCsrf);
  ASSERT_EQ(track.status, 200) << track.Describe();
  ASSERT_TRUE(Has(track.body, "id=\"survey-offer\""));
  const auto track_token = FormInputValue(track.body, "track_token");
  ASSERT_TRUE(track_token.has_value());

  // A forged page token gets nothing.
  EXPECT_EQ(http_
                ->PostForm("/track/survey",
                           {{"csrf", kAdminCsrf}, {"reference", ref}, {"track_token", "1.ab"}},
                           std::string("csrf=") + kAdminCsrf)
                .status,
            404);
  Response fresh = http_->PostForm(
      "/track/survey", {{"csrf", kAdminCsrf}, {"reference", ref}, {"track_token", *track_token}},
      std::string("csrf=") + kAdminCsrf);
  ASSERT_EQ(fresh.status, 303) << fresh.Describe();
  std::smatch m;
  const std::string location = fresh.Header("Location");
  ASSERT_TRUE(std::regex_match(location, m, std::regex("/surveys/([0-9a-f]{64})"))) << location;
  const std::string token = m[1];
  EXPECT_NE(token, mailed);
  EXPECT_EQ(http_->Get("/surveys/" + mailed).status, 404) << "the mailed link was replaced";
  EXPECT_EQ(http_->Get("/surveys/" + token).status, 200);
  ASSERT_EQ(Answer(token, {{"satisfaction", "5"}, {"on_time", "yes"}}).status, 303);

  Response after =
      http_->PostForm("/track", {{"csrf", kAdminCsrf}, {"reference", ref}, {"access_code", code}},
                      std::string("csrf=") + kAdminCsrf);
  ASSERT_EQ(after.status, 200);
  EXPECT_FALSE(Has(after.body, "survey-offer"));
  EXPECT_EQ(
      http_
          ->PostForm("/track/survey",
                     {{"csrf", kAdminCsrf}, {"reference", ref}, {"track_token", *track_token}},
                     std::string("csrf=") + kAdminCsrf)
          .status,
      410);
  EXPECT_EQ(Responses(), 1);
}

TEST_F(SurveysTest, AdminSeesAggregatesSmallGroupsSuppressedAndAQuotaStopsResponses) {
  // Five answers in the first category (satisfaction 4, 4, 4, 5, 3) and one in the second.
  const char* scores[] = {"4", "4", "4", "5", "3", "1"};
  for (int i = 0; i < 6; ++i) {
    const std::string email = "heron" + std::to_string(i) + "@example.com";
    auto [ref, code] = Submit(email, i < 5 ? 0 : 1);
    Close(ref);
    const std::string token = MailedToken(email);
    ASSERT_EQ(Answer(token, {{"satisfaction", scores[i]},
                             {"on_time", i < 4 ? "yes" : "no"},
                             {"nps", i < 3 ? "10" : "5"}})
                  .status,
              303);
  }
  EXPECT_EQ(Responses(), 6);

  EXPECT_EQ(http_->Get("/admin/surveys", agent_).status, 403);
  Response page = http_->Get("/admin/surveys?lang=en", admin_);
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_TRUE(Has(page.body, "Fewer than 5 responses"));
  EXPECT_TRUE(Has(page.body, "3.50")) << "MOW's mean: 21/6";

  Response csv = http_->Get("/admin/surveys.csv", admin_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.MediaType(), "text/csv");
  EXPECT_TRUE(Has(csv.body, "MOW,,6,1,3.50,")) << csv.body;
  // Five in the first category: 4.00, NPS (3 promoters - 2 detractors)/5 = 20, on time 4/5.
  EXPECT_TRUE(Has(csv.body, "MOW," + categories_[0] + ",5,1,4.00,20.0,0.800\r\n")) << csv.body;
  EXPECT_TRUE(Has(csv.body, "MOW," + categories_[1] + ",1,0,,,\r\n")) << csv.body;

  // Questionnaires: export, a bad import (nothing saved), an import with a quota of 7.
  Response exported = http_->Get("/admin/surveys/questionnaires.jsonl", admin_);
  ASSERT_EQ(exported.status, 200);
  Json def = Json::parse(exported.body.substr(0, exported.body.find('\n')));
  EXPECT_EQ(def.value("code", ""), "after_case");
  Json broken = def;
  broken["questions"][0]["kind"] = "slider";
  const std::string cookie = std::string("csrf=") + kAdminCsrf;
  Headers who = admin_;
  Response refused = http_->PostForm("/admin/surveys/questionnaires",
                                     {{"csrf", kAdminCsrf}, {"jsonl", broken.dump()}}, cookie, who);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(Has(refused.body, "line 1: satisfaction: kind")) << refused.body.substr(0, 600);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM survey_questionnaires"), 0);
  def["quota"] = 7;
  Response saved = http_->PostForm("/admin/surveys/questionnaires",
                                   {{"csrf", kAdminCsrf}, {"jsonl", def.dump()}}, cookie, who);
  ASSERT_EQ(saved.status, 303) << saved.Describe();
  EXPECT_EQ(server_->SqlInt("SELECT max(version) FROM survey_questionnaires WHERE code = "
                            "'after_case'"),
            1);

  // The seventh response fills the quota; the eighth is refused and stores nothing.
  std::vector<std::string> tokens;
  for (int i = 0; i < 2; ++i) {
    const std::string email = "egret" + std::to_string(i) + "@example.com";
    auto [ref, code] = Submit(email);
    Close(ref);
    tokens.push_back(MailedToken(email));
  }
  EXPECT_EQ(Answer(tokens[0], {{"satisfaction", "3"}, {"on_time", "yes"}}).status, 303);
  EXPECT_EQ(Answer(tokens[1], {{"satisfaction", "3"}, {"on_time", "yes"}}).status, 410);
  EXPECT_EQ(Responses(), 7);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM survey_tokens WHERE used = 0"), 1);
}

}  // namespace
}  // namespace tawasul_test
