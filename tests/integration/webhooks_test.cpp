// Webhooks (issue 15, docs/notifications.md "Webhooks"): the real `tawasul serve` registering a
// webhook through /admin/webhooks and the JSON API, and delivering signed case events to
// tests/notify/http_receiver.py (a standard-library HTTP server on loopback run by Debian's
// /usr/bin/python3; it records every request and answers as its mode file says).
//
// What is proved here: each event arrives as a POST whose Tawasul-Signature verifies with the
// secret shown at registration (recomputed here with libsodium over the bytes received), with
// Tawasul-Event, -Delivery and -Timestamp, and a body without the citizen's contact; a 500 is
// retried with the same Tawasul-Delivery; a replay from the admin page sends the delivery again
// with the same id; a URL that is not http(s) is refused with 422 naming the field, on the page
// and on the API; an entity's webhook hears only its entity, a deactivated one nothing more.
//
// Nothing here asserts a duration: every wait polls a condition until a deadline.

#include "integration/webhook_fixture.h"

namespace tawasul_test {
namespace {

TEST_F(WebhooksTest, SignedEventsArriveAndARetryAndAReplayKeepTheirDeliveryId) {
  // No event ticked: refused, naming the field.
  Response none = Post("/admin/webhooks/new", {{"url", receiver_.Url("/hooks/all")}}, admin_);
  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(ElementTextById(none.body, "webhook-events-error").has_value()) << none.body;
  auto [id, secret] =
      RegisterOnPage(receiver_.Url("/hooks/all"), "",
                     {"received", "info_requested", "answered", "transferred", "closed"});
  ASSERT_GT(id, 0);

  // Submitted: case.received, signed, without the contact.
  const std::string ref = Submit("roads.potholes");  // Ministry of Works
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received").size() == 1; }))
      << WebhookStates() << "\n"
      << server_->StderrTail();
  const Json received = receiver_.Events("case.received").front();
  ExpectSigned(received, secret, "case.received", ref);
  EXPECT_EQ(Json::parse(received.value("body", "")).value("status", ""), "received");
  EXPECT_EQ(received.value("path", ""), "/hooks/all");

  // The receiver fails: the delivery is retried with the same id.
  receiver_.SetMode("500");
  ASSERT_EQ(http_
                ->PostJson("/api/v1/cases/" + ref + "/actions",
                           {{"action", "assign"}, {"assignee", "me"}}, agent_)
                .status,
            200);
  Response r = http_->PostJson("/api/v1/cases/" + ref + "/actions",
                               {{"action", "request_info"}, {"body", "Which street?"}}, agent_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  ASSERT_TRUE(WaitUntil([&] {
    return server_->SqlInt(
               "SELECT count(*) FROM outbox WHERE channel = 'webhook' AND kind = "
               "'info_requested' AND status = 'retrying'") == 1;
  })) << WebhookStates();
  ASSERT_EQ(receiver_.Events("case.info_requested").size(), 1u);
  receiver_.SetMode("200");
  // The first retry is 30 s away (backoff with jitter): bring it forward rather than wait.
  server_->SqlExec("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'retrying'");
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.info_requested").size() == 2; }))
      << WebhookStates();
  auto info = receiver_.Events("case.info_requested");
  EXPECT_EQ(info[0]["headers"]["Tawasul-Delivery"], info[1]["headers"]["Tawasul-Delivery"]);
  ExpectSigned(info[1], secret, "case.info_requested", ref);
  EXPECT_EQ(Json::parse(info[1].value("body", "")).value("status", ""), "awaiting_citizen");
  ASSERT_TRUE(WaitUntil([&] {
    return server_->SqlInt(
               "SELECT count(*) FROM outbox WHERE channel = 'webhook' AND kind = "
               "'info_requested' AND status = 'sent'") == 1;
  })) << WebhookStates();

  // The page lists the deliveries; a replay sends the received event again, same id.
  const std::string delivery = received["headers"].value("Tawasul-Delivery", "");
  const std::string outbox_id = delivery.substr(std::string("tawasul-outbox-").size());
  Response page = Page("/admin/webhooks", admin_);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"delivery-" + outbox_id + "\" data-delivery-id=\"" + outbox_id +
                           "\" data-status=\"sent\""),
            std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find(secret), std::string::npos);  // shown once, at creation only
  r = Post("/admin/webhooks/" + std::to_string(id) + "/deliveries/" + outbox_id + "/replay", {},
           admin_);
  EXPECT_EQ(r.status, 303) << r.Describe();
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received").size() == 2; }))
      << WebhookStates();
  const Json replayed = receiver_.Events("case.received")[1];
  EXPECT_EQ(replayed["headers"].value("Tawasul-Delivery", ""), delivery);
  EXPECT_EQ(replayed.value("body", ""), received.value("body", ""));
  ExpectSigned(replayed, secret, "case.received", ref);
  // Not a webhook's delivery, or not final: nothing to replay.
  EXPECT_EQ(
      Post("/admin/webhooks/" + std::to_string(id + 1) + "/deliveries/" + outbox_id + "/replay", {},
           admin_)
          .status,
      404);
  // Auditors read, never write.
  EXPECT_EQ(Page("/admin/webhooks", auditor_).status, 200);
  EXPECT_EQ(Post("/admin/webhooks/" + std::to_string(id) + "/deactivate", {}, auditor_).status,
            403);
  EXPECT_EQ(Page("/admin/webhooks", agent_).status, 403);

  // Every change is in the administration log, never the secret.
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'webhook'"), 2);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE detail LIKE '%whsec_%'"), 0);
  // The secret is stored sealed.
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM webhooks WHERE secret LIKE '%" + secret + "%'"),
            0);
}

TEST_F(WebhooksTest, AUrlThatIsNotHttpIsRefusedWith422NamingTheField) {
  Response r =
      Post("/admin/webhooks/new",
           {{"url", "ftp://files.example.gov/in"}, {"entity", ""}, {"events", "received"}}, admin_);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_TRUE(ElementTextById(r.body, "webhook-url-error").has_value()) << r.body;
  EXPECT_NE(r.body.find("href=\"#webhook-url\""), std::string::npos);  // the summary links it
  EXPECT_EQ(FormInputValue(r.body, "url").value_or(""), "ftp://files.example.gov/in");

  r = http_->PostJson("/api/v1/admin/webhooks",
                      {{"url", "ftp://files.example.gov/in"}, {"events", {"received"}}}, admin_);
  Json problem = ExpectProblem(r, 422);
  EXPECT_TRUE(HasFieldError(problem, "url", "invalid_url")) << ErrorsSummary(problem);
  r = http_->PostJson("/api/v1/admin/webhooks",
                      {{"url", "https://hooks.example.gov/x"}, {"events", {"nonsense"}}}, admin_);
  problem = ExpectProblem(r, 422);
  EXPECT_TRUE(HasFieldError(problem, "events", "invalid_events")) << ErrorsSummary(problem);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM webhooks"), 0);

  // Only administrators register; the secret comes back once.
  r = http_->PostJson("/api/v1/admin/webhooks",
                      {{"url", "https://hooks.example.gov/x"}, {"events", {"received"}}}, agent_);
  EXPECT_EQ(r.status, 403);
  r = http_->PostJson("/api/v1/admin/webhooks",
                      {{"url", "https://hooks.example.gov/x"},
                       {"entity", "MOW"},
                       {"events", {"closed", "received"}}},
                      admin_);
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_TRUE(r.JsonBody().value("secret", "").starts_with("whsec_"));
  EXPECT_EQ(r.JsonBody()["events"], Json::array({"received", "closed"}));
  r = http_->Get("/api/v1/admin/webhooks", auditor_);
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.JsonBody()["items"].size(), 1u);
  EXPECT_FALSE(r.JsonBody()["items"][0].contains("secret"));
}

TEST_F(WebhooksTest, AnEntityWebhookHearsItsEntityAndADeactivatedOneNothingMore) {
  auto [mow, mow_secret] = RegisterOnPage(receiver_.Url("/mow"), "MOW", {"received"});
  auto [moh, moh_secret] = RegisterOnPage(receiver_.Url("/moh"), "MOH", {"received"});
  ASSERT_GT(mow, 0);
  ASSERT_GT(moh, 0);
  const std::string ref = Submit("roads.potholes");
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received", "/mow").size() == 1; }))
      << WebhookStates();
  ExpectSigned(receiver_.Events("case.received", "/mow").front(), mow_secret, "case.received", ref);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE recipient = 'webhook:" +
                            std::to_string(moh) + "'"),
            0);

  Response r = Post("/admin/webhooks/" + std::to_string(mow) + "/deactivate", {}, admin_);
  EXPECT_EQ(r.status, 303) << r.Describe();
  EXPECT_EQ(Post("/admin/webhooks/" + std::to_string(mow) + "/deactivate", {}, admin_).status, 404);
  Submit("roads.potholes");
  // The next case is announced to no one: a webhook that is inactive gets no row.
  ASSERT_TRUE(WaitUntil([&] {
    return server_->SqlInt(
               "SELECT count(*) FROM outbox WHERE kind = 'received' AND "
               "channel <> 'webhook'") == 2;
  }));
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE channel = 'webhook'"), 1);
  EXPECT_EQ(receiver_.Events("case.received").size(), 1u);
}

}  // namespace
}  // namespace tawasul_test
