// Delivery reports from the SMS gateway (issue 15, docs/notifications.md "Delivery reports"): the
// real `tawasul serve` sending SMS to the real HTTP receiver on loopback (loopback_sinks.h),
// which stands for the gateway and answers each SMS with its own id ("gw-N"); the test then
// posts the gateway's reports as the gateway would. What is proved: only the operator's token
// is heard (401 otherwise, nothing changed); a bad body is 422 naming the field; an unknown id
// 404; a report by our key (the `{{id}}` the gateway got) makes the SMS `delivered`, one by the
// gateway's id with a reason makes it `failed` with that reason and no retry; a report on an SMS
// the gateway has not accepted yet is 409; the staff case page and the citizen's tracking page
// show `delivered` in Arabic and English.

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "integration/loopback_sinks.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

constexpr const char* kToken = "report-token-0123456789abcdef";
constexpr const char* kPath = "/api/v1/delivery-reports/sms";

std::string SubmitSms(Http& http, const std::string& phone, std::string* code = nullptr) {
  Json body = ValidCaseBody();
  body["category"] = "roads.potholes";  // Ministry of Works: the demo agent's entity
  body["contact"] = {{"name", "Test Citizen"}, {"phone", phone}};
  body["notify"] = "sms";
  Response r = SubmitCase(http, body);
  EXPECT_EQ(r.status, 201) << r.Describe();
  if (code) *code = r.JsonBody().value("access_code", "");
  return r.JsonBody().value("reference", "");
}

std::string Received(const Server& server, const std::string& reference,
                     const std::string& column) {
  return server.SqlText("SELECT " + column + " FROM outbox WHERE reference = '" + reference +
                        "' AND kind = 'received'");
}

// The field the first error of a 422 names.
std::string FieldOf(const Response& r) {
  EXPECT_EQ(r.status, 422) << r.Describe();
  Json j = Json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("errors") || j["errors"].empty()) return "";
  return j["errors"][0].value("field", "");
}

// Signs in on /login like a browser; the cookies of the session, with the page language.
std::string StaffCookies(Http& http, const std::string& language) {
  Response form = http.Get("/login");
  const std::string csrf = FormInputValue(form.body, "csrf").value_or("");
  const std::string cookies = "csrf=" + form.SetCookie("csrf").value_or("");
  Response r = http.PostForm(
      "/login",
      {{"csrf", csrf}, {"email", kAgentMow}, {"password", "demo-agent-2026"}, {"next", "/staff/"}},
      cookies);
  EXPECT_EQ(r.status, 303) << r.Describe();
  return cookies + "; tawasul_session=" + r.SetCookie("tawasul_session").value_or("") +
         "; lang=" + language;
}

// The citizen's tracking page (reference and access code), in `language`.
std::string TrackPage(Http& http, const std::string& reference, const std::string& code,
                      const std::string& language) {
  Response form = http.Get("/track", {}, "lang=" + language);
  const std::string csrf = FormInputValue(form.body, "csrf").value_or("");
  Response r =
      http.PostForm("/track", {{"csrf", csrf}, {"reference", reference}, {"access_code", code}},
                    "csrf=" + form.SetCookie("csrf").value_or("") + "; lang=" + language);
  EXPECT_EQ(r.status, 200) << r.Describe();
  return r.body;
}

TEST(DeliveryReportTest, GatewayReportsMarkSmsDeliveredOrFailedAndThePagesShowIt) {
  ScratchDir dir;
  Receiver gateway(dir.path() / "gateway");
  const fs::path token_file = dir.path() / "report-token";
  std::ofstream(token_file) << kToken << "\n";
  std::vector<std::string> args = SmsArgs(gateway, WriteSmsTemplate(dir.path()));
  args.insert(args.end(), {"--sms-report-token-file", token_file.string()});
  Server server(ServerOptions{.extra_args = args});
  server.Start();
  Http http(server);
  const Headers auth = {std::string("Authorization: Bearer ") + kToken};
  const auto report = [&](const Json& body, const Headers& headers) {
    return http.PostJson(kPath, body, headers);
  };

  std::string code;
  const std::string ref = SubmitSms(http, "+97336001234", &code);
  ASSERT_TRUE(WaitUntil([&] { return Received(server, ref, "status") == "sent"; }))
      << server.StderrTail();
  const std::string key = "tawasul-outbox-" + Received(server, ref, "id");
  ASSERT_EQ(gateway.Sms().size(), 1u);
  EXPECT_EQ(gateway.Sms()[0].value("id", ""), key);  // what the gateway reports back

  // Only the operator's token is heard.
  const Json delivered = {{"key", key}, {"status", "delivered"}};
  EXPECT_EQ(report(delivered, {}).status, 401);
  Response wrong = report(delivered, {"Authorization: Bearer report-token-0123456789abcdeX"});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.Header("www-authenticate"), "Bearer");
  EXPECT_EQ(report(delivered, {std::string("Authorization: Basic ") + kToken}).status, 401);
  EXPECT_EQ(Received(server, ref, "status"), "sent");

  // A bad body names the field; nothing changes.
  EXPECT_EQ(FieldOf(report({{"key", key}}, auth)), "status");
  EXPECT_EQ(FieldOf(report({{"key", key}, {"status", "read"}}, auth)), "status");
  EXPECT_EQ(FieldOf(report({{"status", "delivered"}}, auth)), "id");
  EXPECT_EQ(FieldOf(report({{"id", 42}, {"status", "delivered"}}, auth)), "id");
  EXPECT_EQ(FieldOf(report({{"key", "outbox-1"}, {"status", "delivered"}}, auth)), "key");
  EXPECT_EQ(FieldOf(report({{"key", key}, {"status", "failed"}, {"reason", 7}}, auth)), "reason");
  EXPECT_EQ(
      http.Request("POST", kPath, "not json", {auth[0], "Content-Type: application/json"}).status /
          100,
      4);
  EXPECT_EQ(Received(server, ref, "status"), "sent");

  // Unknown ids: 404.
  EXPECT_EQ(report({{"key", "tawasul-outbox-999999"}, {"status", "delivered"}}, auth).status, 404);
  EXPECT_EQ(report({{"id", "gw-unknown"}, {"status", "delivered"}}, auth).status, 404);

  // By our key: delivered (twice is the same), with the gateway's extra fields ignored.
  Json with_extra = delivered;
  with_extra["delivered_at"] = "2026-12-07T10:00:00Z";
  Response ok = report(with_extra, auth);
  EXPECT_EQ(ok.status, 204) << ok.Describe();
  EXPECT_EQ(report(delivered, auth).status, 204);
  EXPECT_EQ(Received(server, ref, "status"), "delivered");

  // Both pages say so, in both languages.
  for (const auto& [language, word] :
       std::vector<std::pair<std::string, std::string>>{{"en", "Delivered"}, {"ar", "وصلت"}}) {
    Response staff = http.Get("/staff/cases/" + ref, {}, StaffCookies(http, language));
    EXPECT_EQ(staff.status, 200) << staff.Describe();
    EXPECT_NE(staff.body.find("data-status=\"delivered\""), std::string::npos) << language;
    EXPECT_NE(staff.body.find(word), std::string::npos) << language;
    const std::string track = TrackPage(http, ref, code, language);
    EXPECT_NE(track.find("data-status=\"delivered\""), std::string::npos) << language;
    EXPECT_NE(track.find(word), std::string::npos) << language;
  }

  // By the gateway's id: failed, with its reason, never retried.
  const std::string ref2 = SubmitSms(http, "+97336005678");
  ASSERT_TRUE(WaitUntil([&] { return Received(server, ref2, "status") == "sent"; }));
  const std::string provider_id = Received(server, ref2, "provider_id");
  ASSERT_EQ(provider_id.rfind("gw-", 0), 0u) << provider_id;
  ok = report({{"id", provider_id}, {"status", "failed"}, {"reason", "absent\nsubscriber"}}, auth);
  EXPECT_EQ(ok.status, 204) << ok.Describe();
  EXPECT_EQ(Received(server, ref2, "status"), "failed");
  EXPECT_EQ(Received(server, ref2, "last_error"), "gateway: absentsubscriber");
  EXPECT_EQ(Received(server, ref2, "attempts"), "1");
  EXPECT_EQ(Received(server, ref, "status"), "delivered");  // the other one untouched

  // Not accepted by the gateway yet (it answers 500: retrying): 409, nothing changes.
  gateway.SetMode("500");
  const std::string ref3 = SubmitSms(http, "+97336009999");
  ASSERT_TRUE(WaitUntil([&] { return Received(server, ref3, "status") == "retrying"; }));
  const std::string key3 = "tawasul-outbox-" + Received(server, ref3, "id");
  EXPECT_EQ(report({{"key", key3}, {"status", "delivered"}}, auth).status, 409);
  EXPECT_EQ(Received(server, ref3, "status"), "retrying");
  int first_sent = 0;  // a report never sends anything again
  for (const Json& sms : gateway.Sms()) first_sent += sms.value("id", "") == key ? 1 : 0;
  EXPECT_EQ(first_sent, 1);
}

// Without --sms-report-token-file every report is refused, whatever it carries.
TEST(DeliveryReportTest, WithoutATokenFileEveryReportIsRefused) {
  Server server(ServerOptions{});
  server.Start();
  Http http(server);
  Response r = http.PostJson(kPath, {{"key", "tawasul-outbox-1"}, {"status", "delivered"}},
                             {std::string("Authorization: Bearer ") + kToken});
  EXPECT_EQ(r.status, 401) << r.Describe();
}

}  // namespace
}  // namespace tawasul_test
