// Editing webhooks and telling the entity a case left (issue 15, docs/notifications.md
// "Webhooks"): the real `tawasul serve` and tests/notify/http_receiver.py (webhook_fixture.h).
//
// What is proved here: an edit over the JSON API and on /admin/webhooks is checked as a
// registration is (a URL that is not http(s), an unknown event or entity: 422 naming the field,
// nothing stored; the page shows its error summary), is in force for the next event, and is in
// the administration log; a rotated secret signs the next delivery and the old one does not; a
// deactivated webhook can be activated again; a webhook of the entity a case was transferred away
// from hears `case.transferred` and nothing after it.
//
// Nothing here asserts a duration: every wait polls a condition until a deadline.

#include "integration/webhook_fixture.h"

namespace tawasul_test {
namespace {

class WebhookEditsTest : public WebhooksTest {
 protected:
  Response Patch(std::int64_t id, const Json& body, Headers who) {
    who.push_back("Content-Type: application/json");
    return http_->Request("PATCH", "/api/v1/admin/webhooks/" + std::to_string(id), body.dump(),
                          who);
  }
  std::string StoredRow(std::int64_t id) const {
    return server_->SqlText(
        "SELECT url || ' ' || entity || ' ' || events || ' ' || active || ' ' "
        "|| secret FROM webhooks WHERE id = " +
        std::to_string(id));
  }
  std::int64_t Logged(const std::string& action) const {
    return server_->SqlInt(
        "SELECT count(*) FROM admin_changes WHERE area = 'webhook' AND action = '" + action + "'");
  }
};

TEST_F(WebhookEditsTest, AnEditOverTheApiIsCheckedAsARegistrationAndARotatedSecretSigns) {
  Response r = http_->PostJson(
      "/api/v1/admin/webhooks",
      {{"url", receiver_.Url("/old")}, {"entity", "MOW"}, {"events", {"closed"}}}, admin_);
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::int64_t id = r.JsonBody().value("id", 0);
  const std::string old_secret = r.JsonBody().value("secret", "");
  const std::string before = StoredRow(id);

  // Bad fields: 422 naming each, nothing stored.
  Json problem = ExpectProblem(Patch(id, {{"url", "ftp://files.example.gov/in"}}, admin_), 422);
  EXPECT_TRUE(HasFieldError(problem, "url", "invalid_url")) << ErrorsSummary(problem);
  problem = ExpectProblem(Patch(id, {{"events", {"received", "nonsense"}}}, admin_), 422);
  EXPECT_TRUE(HasFieldError(problem, "events", "invalid_events")) << ErrorsSummary(problem);
  problem = ExpectProblem(Patch(id, {{"events", Json::array()}}, admin_), 422);
  EXPECT_TRUE(HasFieldError(problem, "events", "invalid_events")) << ErrorsSummary(problem);
  problem = ExpectProblem(Patch(id, {{"entity", "NOPE"}}, admin_), 422);
  EXPECT_TRUE(HasFieldError(problem, "entity", "unknown_entity")) << ErrorsSummary(problem);
  problem = ExpectProblem(Patch(id, {{"active", "yes"}, {"url", 7}}, admin_), 422);
  EXPECT_TRUE(HasFieldError(problem, "active", "invalid_type")) << ErrorsSummary(problem);
  EXPECT_TRUE(HasFieldError(problem, "url", "invalid_type")) << ErrorsSummary(problem);
  EXPECT_EQ(StoredRow(id), before);
  EXPECT_EQ(Logged("change"), 0);
  // Only administrators edit; auditors read; no such webhook is 404.
  EXPECT_EQ(Patch(id, {{"active", false}}, agent_).status, 403);
  EXPECT_EQ(Patch(id, {{"active", false}}, auditor_).status, 403);
  EXPECT_EQ(Patch(id + 100, {{"active", false}}, admin_).status, 404);
  EXPECT_EQ(http_->Get("/api/v1/admin/webhooks/" + std::to_string(id), auditor_).status, 200);
  EXPECT_EQ(http_->Get("/api/v1/admin/webhooks/" + std::to_string(id + 100), admin_).status, 404);

  // A valid edit: what is not sent stays; the answer is the webhook as it now is.
  r = Patch(id, {{"url", receiver_.Url("/new")}, {"events", {"received", "closed"}}}, admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody().value("url", ""), receiver_.Url("/new"));
  EXPECT_EQ(r.JsonBody().value("entity", ""), "MOW");
  EXPECT_EQ(r.JsonBody()["events"], Json::array({"received", "closed"}));
  EXPECT_TRUE(r.JsonBody().value("active", false));
  EXPECT_FALSE(r.JsonBody().contains("secret"));
  EXPECT_EQ(Logged("change"), 1);

  // Rotation: a new secret once; the next delivery is signed with it, not the old one.
  r = http_->PostJson("/api/v1/admin/webhooks/" + std::to_string(id) + "/rotate-secret",
                      Json::object(), admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  const std::string new_secret = r.JsonBody().value("secret", "");
  EXPECT_TRUE(new_secret.starts_with("whsec_")) << new_secret;
  EXPECT_NE(new_secret, old_secret);
  EXPECT_EQ(http_
                ->PostJson("/api/v1/admin/webhooks/" + std::to_string(id) + "/rotate-secret",
                           Json::object(), auditor_)
                .status,
            403);
  const std::string ref = Submit("roads.potholes");  // Ministry of Works
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received", "/new").size() == 1; }))
      << WebhookStates() << "\n"
      << server_->StderrTail();
  const Json got = receiver_.Events("case.received", "/new").front();
  ExpectSigned(got, new_secret, "case.received", ref);
  EXPECT_NE(
      got["headers"].value("Tawasul-Signature", ""),
      Signature(old_secret, got["headers"].value("Tawasul-Timestamp", ""), got.value("body", "")));
  EXPECT_TRUE(receiver_.Events("case.received", "/old").empty());

  // Deactivated, then active again, by an edit.
  ASSERT_EQ(Patch(id, {{"active", false}}, admin_).status, 200);
  EXPECT_EQ(server_->SqlInt("SELECT active FROM webhooks WHERE id = " + std::to_string(id)), 0);
  ASSERT_EQ(Patch(id, {{"active", true}}, admin_).status, 200);
  EXPECT_EQ(server_->SqlInt("SELECT active FROM webhooks WHERE id = " + std::to_string(id)), 1);
  EXPECT_EQ(Logged("change"), 3);
  EXPECT_EQ(Logged("rotate"), 1);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE detail LIKE '%whsec_%'"), 0);
}

TEST_F(WebhookEditsTest, AnEditOnThePageShowsItsErrorSummaryThenRedirects) {
  auto [id, secret] = RegisterOnPage(receiver_.Url("/a"), "", {"closed"});
  ASSERT_GT(id, 0);
  const std::string path = "/admin/webhooks/" + std::to_string(id);
  Response page = Page(path, admin_);
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_EQ(FormInputValue(page.body, "url").value_or(""), receiver_.Url("/a"));
  EXPECT_NE(Page("/admin/webhooks", admin_).body.find("href=\"" + path + "\""), std::string::npos);
  EXPECT_EQ(Page(path, agent_).status, 403);
  EXPECT_EQ(Page("/admin/webhooks/999", admin_).status, 404);
  const std::string before = StoredRow(id);

  // Refused: the summary links each field, the form keeps what was sent, nothing stored.
  Response r =
      Post(path, {{"url", "javascript:alert(1)"}, {"entity", ""}, {"active", "1"}}, admin_);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_NE(r.body.find("href=\"#webhook-url\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("href=\"#webhook-events\""), std::string::npos) << r.body;
  EXPECT_TRUE(ElementTextById(r.body, "webhook-url-error").has_value());
  EXPECT_TRUE(ElementTextById(r.body, "webhook-events-error").has_value());
  EXPECT_EQ(FormInputValue(r.body, "url").value_or(""), "javascript:alert(1)");
  EXPECT_EQ(
      Post(path, {{"url", receiver_.Url("/b")}, {"events", "received"}}, admin_, false).status,
      403);  // no CSRF field
  EXPECT_EQ(Post(path, {{"url", receiver_.Url("/b")}, {"events", "received"}}, auditor_).status,
            403);
  EXPECT_EQ(StoredRow(id), before);

  // Saved: POST, redirect, GET.
  r = Post(
      path,
      {{"url", receiver_.Url("/b")}, {"entity", "MOW"}, {"events", "received"}, {"active", "1"}},
      admin_);
  EXPECT_EQ(r.status, 303) << r.Describe();
  EXPECT_NE(r.Header("Location").find("/admin/webhooks?done=changed"), std::string::npos);
  EXPECT_EQ(
      server_->SqlText("SELECT url || ' ' || entity || ' ' || events FROM webhooks WHERE id = " +
                       std::to_string(id)),
      receiver_.Url("/b") + " MOW received");

  // A new secret, shown once on the answer to the POST, and in force at once.
  r = Post(path + "/rotate", {}, admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  const std::string rotated = ElementTextById(r.body, "webhook-secret").value_or("");
  EXPECT_TRUE(rotated.starts_with("whsec_")) << r.body;
  EXPECT_NE(rotated, secret);
  EXPECT_EQ(Page(path, admin_).body.find(rotated), std::string::npos);
  const std::string ref = Submit("roads.potholes");
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received", "/b").size() == 1; }))
      << WebhookStates();
  ExpectSigned(receiver_.Events("case.received", "/b").front(), rotated, "case.received", ref);
  EXPECT_EQ(Logged("change"), 1);
  EXPECT_EQ(Logged("rotate"), 1);
}

TEST_F(WebhookEditsTest, TheEntityACaseLeftHearsTheTransferAndNothingAfter) {
  const std::vector<std::string> events = {"received", "info_requested", "transferred"};
  auto [mow, mow_secret] = RegisterOnPage(receiver_.Url("/mow"), "MOW", events);
  auto [moh, moh_secret] = RegisterOnPage(receiver_.Url("/moh"), "MOH", events);
  auto [moe, moe_secret] = RegisterOnPage(receiver_.Url("/other"), "MOE", events);
  ASSERT_GT(mow, 0);
  ASSERT_GT(moh, 0);
  const std::string ref = Submit("roads.potholes");  // Ministry of Works
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received", "/mow").size() == 1; }))
      << WebhookStates();

  Response r =
      http_->PostJson("/api/v1/cases/" + ref + "/actions",
                      {{"action", "transfer"}, {"entity", "MOH"}, {"reason", "Health"}}, admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  // Both the entity it left and the one it joined hear the transfer, once each.
  ASSERT_TRUE(WaitUntil([&] {
    return receiver_.Events("case.transferred", "/mow").size() == 1 &&
           receiver_.Events("case.transferred", "/moh").size() == 1;
  })) << WebhookStates();
  ExpectSigned(receiver_.Events("case.transferred", "/mow").front(), mow_secret, "case.transferred",
               ref, "MOH");
  ExpectSigned(receiver_.Events("case.transferred", "/moh").front(), moh_secret, "case.transferred",
               ref, "MOH");
  EXPECT_TRUE(receiver_.Events("case.transferred", "/other").empty());

  // A later event: the new entity only (rows are written with the change, so this is final).
  Headers agent_moh = Login("agent.moh@tawasul.example", "demo-agent-2026");
  ASSERT_EQ(http_
                ->PostJson("/api/v1/cases/" + ref + "/actions",
                           {{"action", "assign"}, {"assignee", "me"}}, agent_moh)
                .status,
            200);
  r = http_->PostJson("/api/v1/cases/" + ref + "/actions",
                      {{"action", "request_info"}, {"body", "Which hospital?"}}, agent_moh);
  ASSERT_EQ(r.status, 200) << r.Describe();
  ASSERT_TRUE(WaitUntil([&] {
    return receiver_.Events("case.info_requested", "/moh").size() == 1;
  })) << WebhookStates();
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE recipient = 'webhook:" +
                            std::to_string(mow) + "'"),
            2)
      << WebhookStates();
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE recipient = 'webhook:" +
                            std::to_string(mow) + "' AND kind = 'info_requested'"),
            0);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE recipient = 'webhook:" +
                            std::to_string(moe) + "'"),
            0);
  EXPECT_TRUE(receiver_.Events("case.info_requested", "/mow").empty());
  (void)moe_secret;
}

}  // namespace
}  // namespace tawasul_test
