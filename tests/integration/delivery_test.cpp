// Messages reach people (issue 15): the real `tawasul serve` delivering from its outbox to real
// servers on loopback, no mocks. tests/notify/smtp_sink.py (aiosmtpd, Debian's /usr/bin/python3)
// stores each email it accepts as JSON, read back by Python's `email` parser; tests/notify/
// http_receiver.py stands for the SMS gateway, records each request and answers as its mode file
// says (200, 404, 500, hang). Both are started by the test and killed when it ends.
//
// What is proved here (docs/notifications.md "Delivery guarantees, measured"): a citizen's email
// in Arabic with the reference, text and right-to-left HTML; staff actions reaching the citizen;
// a call-centre case whose SMS carries the real access code; temporary failures retried and
// permanent ones not; a kill -9 in the middle of a send losing nothing (at least once, with the
// same idempotency key); two nodes on one PostgreSQL sending each message exactly once.
//
// Nothing here asserts a duration: every wait polls a condition until a deadline.

#include <gtest/gtest.h>
#include <signal.h>
#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "integration/loopback_sinks.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// `tawasul outbox list --format jsonl [--case REF]` on the server's database: the rows.
std::vector<Json> OutboxList(const Server& server, const std::string& reference = "",
                             std::string* raw = nullptr) {
  std::string args = "outbox list --format jsonl " + server.CliDatabaseArgs();
  if (!reference.empty()) args += " --case " + Quoted(reference);
  CliOutput r = RunTawasul(args);
  EXPECT_EQ(r.status, 0) << r.err;
  if (raw) *raw = r.out;
  std::vector<Json> rows;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    Json j = Json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << line;
    if (!j.is_discarded()) rows.push_back(std::move(j));
  }
  return rows;
}

// The outbox rows of a case as "kind:status" (by id), through SQL: cheap enough to poll.
std::string OutboxStates(const Server& server, const std::string& reference) {
  return server.SqlText("SELECT kind || ':' || status FROM outbox WHERE reference = '" + reference +
                        "' ORDER BY id");
}

// The status of one kind of message of a case ("" while there is none).
std::string OutboxStatus(const Server& server, const std::string& reference,
                         const std::string& kind) {
  return server.SqlText("SELECT status FROM outbox WHERE reference = '" + reference +
                        "' AND kind = '" + kind + "' ORDER BY id");
}

std::string Login(Http& http, const std::string& email, const std::string& password) {
  Response r = http.PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
  EXPECT_EQ(r.status, 200) << r.Describe();
  return r.JsonBody().value("token", "");
}
Headers Bearer(const std::string& token) { return {"Authorization: Bearer " + token}; }

// The access code in an SMS or email text: the 8 characters after its label.
std::string CodeIn(const std::string& text) {
  for (const std::string label : {"رمز الدخول ", "رمز الدخول: ", "Access code ", "Access code: "}) {
    auto at = text.find(label);
    if (at != std::string::npos) return text.substr(at + label.size(), 8);
  }
  return "";
}

// Submits a case whose citizen chose SMS at `phone`; returns its reference.
std::string SubmitSmsCase(Http& http, const std::string& phone) {
  Json body = ValidCaseBody();
  body["contact"] = {{"name", "Test Citizen"}, {"phone", phone}};
  body["notify"] = "sms";
  Response r = SubmitCase(http, body);
  EXPECT_EQ(r.status, 201) << r.Describe();
  return r.JsonBody().value("reference", "");
}

// ---------------------------------------------------------------------------------------------

TEST(DeliveryTest, ArabicCitizenEmailIsDeliveredWithReferenceTextAndRtlHtml) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  Server server(ServerOptions{.extra_args = EmailArgs(sink)});
  server.Start();
  Http http(server);

  const std::string address = "muwatin.test@example.com";
  Json body = ValidArabicCaseBody();
  body["contact"]["email"] = address;
  Response r = SubmitCase(http, body);
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::string ref = r.JsonBody().value("reference", "");
  ASSERT_TRUE(LooksLikeReference(ref)) << ref;

  ASSERT_TRUE(WaitUntil([&] { return OutboxStatus(server, ref, "received") == "sent"; }))
      << OutboxStates(server, ref) << "\n"
      << server.StderrTail();
  ASSERT_TRUE(WaitUntil([&] { return !sink.To(address).empty(); }));
  std::vector<Json> mails = sink.To(address);
  ASSERT_EQ(mails.size(), 1u);
  const Json& m = mails.front();

  const std::string subject = SmtpSink::Header(m, "Subject");
  EXPECT_NE(subject.find(ref), std::string::npos) << subject;
  EXPECT_NE(subject.find("استلمنا ملاحظتك"), std::string::npos) << subject;  // decoded Arabic
  EXPECT_EQ(SmtpSink::Header(m, "Content-Language"), "ar");
  EXPECT_EQ(m["parsed"].value("content_type", ""), "multipart/alternative");
  EXPECT_TRUE(m["parsed"]["defects"].empty()) << m["parsed"]["defects"].dump();
  const std::string text = SmtpSink::Part(m, "text/plain");
  const std::string html = SmtpSink::Part(m, "text/html");
  EXPECT_NE(text.find(ref), std::string::npos) << text;
  EXPECT_NE(text.find("https://tawasul.example/track/" + ref), std::string::npos) << text;
  EXPECT_NE(html.find("dir=\"rtl\""), std::string::npos) << html;
  EXPECT_NE(html.find("lang=\"ar\""), std::string::npos) << html;
  EXPECT_NE(html.find(ref), std::string::npos) << html;
  // Web submissions show the access code on screen: the email never carries it.
  EXPECT_EQ(CodeIn(text), "") << text;
  const std::string message_id = SmtpSink::Header(m, "Message-ID");
  EXPECT_TRUE(message_id.starts_with("<outbox-") && message_id.ends_with("@tawasul.example>"))
      << message_id;
  EXPECT_FALSE(SmtpSink::Header(m, "X-Tawasul-Idempotency-Key").empty());
  EXPECT_EQ(m.value("mail_from", ""), "noreply@tawasul.example");

  // The command line shows it sent, to a masked address.
  std::string raw;
  std::vector<Json> rows = OutboxList(server, ref, &raw);
  ASSERT_EQ(rows.size(), 1u) << raw;
  EXPECT_EQ(rows[0].value("status", ""), "sent");
  EXPECT_EQ(rows[0].value("channel", ""), "email");
  EXPECT_EQ(rows[0].value("template", ""), "received");
  EXPECT_EQ(rows[0].value("case", ""), ref);
  EXPECT_EQ(rows[0].value("attempts", 0), 1);
  const std::string masked = rows[0].value("recipient", "");
  EXPECT_FALSE(masked.empty());
  EXPECT_NE(masked, address);
  EXPECT_EQ(raw.find(address), std::string::npos) << raw;
  EXPECT_EQ(raw.find("muwatin.test"), std::string::npos) << raw;
}

TEST(DeliveryTest, StaffRequestForInformationAndAnswerReachTheCitizen) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  Server server(ServerOptions{.extra_args = EmailArgs(sink)});
  server.Start();
  Http http(server);

  const std::string address = "reporter.test@example.com";
  Json body = ValidCaseBody();
  body["category"] = "roads.potholes";  // Ministry of Works: the demo agent's entity
  body["language"] = "en";
  body["contact"]["email"] = address;
  Response r = SubmitCase(http, body);
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::string ref = r.JsonBody().value("reference", "");
  const std::string code = r.JsonBody().value("access_code", "");

  const std::string agent = Login(http, kAgentMow, "demo-agent-2026");
  ASSERT_EQ(http.PostJson("/api/v1/cases/" + ref + "/actions",
                          {{"action", "assign"}, {"assignee", "me"}}, Bearer(agent))
                .status,
            200);
  const std::string question = "Which street exactly, and near which landmark?";
  r = http.PostJson("/api/v1/cases/" + ref + "/actions",
                    {{"action", "request_info"}, {"body", question}}, Bearer(agent));
  ASSERT_EQ(r.status, 200) << r.Describe();

  ASSERT_TRUE(WaitUntil([&] { return !sink.To(address, "More information needed").empty(); }))
      << OutboxStates(server, ref) << "\n"
      << server.StderrTail();
  std::vector<Json> info = sink.To(address, "More information needed");
  ASSERT_EQ(info.size(), 1u);
  EXPECT_NE(SmtpSink::Header(info[0], "Subject").find(ref), std::string::npos);
  EXPECT_NE(SmtpSink::Part(info[0], "text/plain").find(question), std::string::npos)
      << SmtpSink::Part(info[0], "text/plain");
  EXPECT_NE(SmtpSink::Part(info[0], "text/html").find("dir=\"ltr\""), std::string::npos);
  EXPECT_EQ(SmtpSink::Header(info[0], "Content-Language"), "en");

  r = http.PostJson("/api/v1/cases/" + ref + "/replies", {{"body", "Road 12, Block 305"}},
                    {"X-Access-Code: " + code});
  ASSERT_EQ(r.status, 200) << r.Describe();
  const std::string answer = "The pothole on Road 12 was repaired today.";
  r = http.PostJson("/api/v1/cases/" + ref + "/actions", {{"action", "answer"}, {"body", answer}},
                    Bearer(agent));
  ASSERT_EQ(r.status, 200) << r.Describe();

  ASSERT_TRUE(WaitUntil([&] { return !sink.To(address, "has been answered").empty(); }))
      << OutboxStates(server, ref) << "\n"
      << server.StderrTail();
  std::vector<Json> answered = sink.To(address, "has been answered");
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_NE(SmtpSink::Part(answered[0], "text/plain").find(answer), std::string::npos)
      << SmtpSink::Part(answered[0], "text/plain");

  // One message per event, each sent once, each with its own Message-ID; no "assigned" message
  // to an agent who took the case themselves.
  ASSERT_TRUE(WaitUntil([&] {
    return OutboxStates(server, ref) == "received:sent\ninfo_requested:sent\nanswered:sent";
  })) << OutboxStates(server, ref);
  std::set<std::string> ids;
  for (const Json& m : sink.To(address)) ids.insert(SmtpSink::Header(m, "Message-ID"));
  EXPECT_EQ(sink.To(address).size(), 3u);
  EXPECT_EQ(ids.size(), 3u);
}

TEST(DeliveryTest, TheStopLinkInAnEmailEndsTheMessagesAboutItsCase) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  Server server(ServerOptions{.extra_args = EmailArgs(sink)});
  server.Start();
  Http http(server);

  const std::string address = "stop.test@example.com";
  Json body = ValidCaseBody();
  body["category"] = "roads.potholes";
  body["language"] = "en";
  body["contact"]["email"] = address;
  Response r = SubmitCase(http, body);
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::string ref = r.JsonBody().value("reference", "");
  ASSERT_TRUE(WaitUntil([&] { return !sink.To(address).empty(); })) << OutboxStates(server, ref);
  const Json received = sink.To(address).at(0);

  // The link is in the text and in List-Unsubscribe (one-click, RFC 8058).
  const std::string header = SmtpSink::Header(received, "List-Unsubscribe");
  const std::string text = SmtpSink::Part(received, "text/plain");
  auto at = header.find("/track/" + ref + "/stop?t=");
  ASSERT_NE(at, std::string::npos) << header;
  const std::string path = header.substr(at, header.find('>', at) - at);
  EXPECT_NE(text.find("https://tawasul.example" + path), std::string::npos) << text;
  EXPECT_NE(SmtpSink::Header(received, "List-Unsubscribe-Post"), "");

  // A GET only asks; a tampered token is the 404 page; the POST stops the messages.
  EXPECT_EQ(http.Get(path).status, 200);
  EXPECT_EQ(server.SqlText("SELECT notify FROM cases WHERE reference = '" + ref + "'"), "");
  std::string tampered = path;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(http.Request("POST", tampered).status, 404);
  Response stop = http.Request("POST", path, "List-Unsubscribe=One-Click",
                               {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(stop.status, 303) << stop.Describe();
  EXPECT_EQ(server.SqlText("SELECT notify FROM cases WHERE reference = '" + ref + "'"), "none");

  // Staff act on the case: nothing more is queued for the citizen.
  const std::string agent = Login(http, kAgentMow, "demo-agent-2026");
  r = http.PostJson("/api/v1/cases/" + ref + "/actions",
                    {{"action", "request_info"}, {"body", "Which street?"}}, Bearer(agent));
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(OutboxStates(server, ref), "received:sent");
  EXPECT_EQ(sink.To(address).size(), 1u);
}

TEST(DeliveryTest, CallCentreCaseSendsTheRealAccessCodeBySms) {
  ScratchDir dir;
  Receiver gateway(dir.path() / "sms");
  const std::string template_file = WriteSmsTemplate(dir.path());
  Server server(ServerOptions{.extra_args = SmsArgs(gateway, template_file)});
  server.Start();
  Http http(server);

  const std::string email = "caller.desk@tawasul.example";
  CliOutput add = RunTawasul("user add --email " + email +
                             " --password call-centre-2026 --role call_centre --name 'Call Desk' " +
                             server.CliDatabaseArgs());
  ASSERT_EQ(add.status, 0) << add.out << add.err;
  const std::string token = Login(http, email, "call-centre-2026");
  ASSERT_FALSE(token.empty());

  Json body = ValidArabicCaseBody();
  body["channel"] = "phone";
  body["contact"] = {{"phone", "+973 3600 1234"}};

  // Without a staff token the channel is refused.
  Response refused = SubmitCase(http, body);
  Json problem = ExpectProblem(refused, 422);
  EXPECT_TRUE(HasFieldError(problem, "channel", "not_allowed")) << ErrorsSummary(problem);

  Response r = http.PostJson("/api/v1/cases", body, Bearer(token));
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::string ref = r.JsonBody().value("reference", "");
  ASSERT_TRUE(LooksLikeReference(ref)) << r.Describe();

  ASSERT_TRUE(WaitUntil([&] { return OutboxStatus(server, ref, "received") == "sent"; }))
      << OutboxStates(server, ref) << "\n"
      << server.StderrTail();
  std::vector<Json> requests = gateway.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].value("method", ""), "POST");
  EXPECT_EQ(requests[0].value("path", ""), "/sms");
  EXPECT_EQ(requests[0]["headers"].value("X-Gateway-Key", ""), "test-key-123");
  Json sms = Json::parse(requests[0].value("body", ""), nullptr, false);
  ASSERT_TRUE(sms.is_object()) << requests[0].dump();
  EXPECT_EQ(sms.value("to", ""), "+97336001234");
  const std::string text = sms.value("text", "");
  EXPECT_NE(text.find(ref), std::string::npos) << text;
  EXPECT_TRUE(sms.value("id", "").starts_with("tawasul-outbox-")) << sms.dump();
  const std::string code = CodeIn(text);
  ASSERT_EQ(code.size(), 8u) << text;

  // The code in the SMS opens the case: it is the real one.
  Response view = LookupCase(http, ref, code);
  EXPECT_EQ(view.status, 200) << view.Describe();
  EXPECT_EQ(view.JsonBody().value("reference", ""), ref);
  std::string wrong = code;
  wrong[0] = wrong[0] == 'A' ? 'C' : 'A';
  EXPECT_EQ(LookupCase(http, ref, wrong).status, 404);
  // Once the SMS went out, the code is no longer kept in the outbox.
  EXPECT_EQ(
      server.SqlText("SELECT coalesce(secret, '') FROM outbox WHERE reference = '" + ref + "'"),
      "");

  // The history names the staff member who took the call, and the channel.
  const std::int64_t user_id = server.SqlInt("SELECT id FROM users WHERE email = '" + email + "'");
  ASSERT_GT(user_id, 0);
  EXPECT_EQ(server.SqlText("SELECT e.actor FROM case_events e JOIN cases c ON c.id = e.case_id "
                           "WHERE c.reference = '" +
                           ref + "' AND e.kind = 'received'"),
            "user:" + std::to_string(user_id));
  EXPECT_EQ(server.SqlText("SELECT channel FROM cases WHERE reference = '" + ref + "'"), "phone");
}

TEST(DeliveryTest, GatewayFailuresAreRetriedOrRecordedAndIntakeCarriesOn) {
  ScratchDir dir;
  Receiver gateway(dir.path() / "sms");
  gateway.SetMode("500");
  const std::string template_file = WriteSmsTemplate(dir.path());
  std::vector<std::string> args = SmsArgs(gateway, template_file);
  args.insert(args.end(), {"--delivery-retry-first-seconds", "1"});
  Server server(ServerOptions{.extra_args = args});
  server.Start();
  Http http(server);

  // 500: a temporary failure, retried; intake answers meanwhile.
  const std::string first = SubmitSmsCase(http, "+97336000001");
  ASSERT_TRUE(WaitUntil([&] {
    return OutboxStatus(server, first, "received") == "retrying" &&
           server.SqlInt("SELECT attempts FROM outbox WHERE reference = '" + first + "'") >= 1;
  })) << OutboxStates(server, first)
      << "\n"
      << server.StderrTail();
  EXPECT_EQ(server.SqlText("SELECT last_error FROM outbox WHERE reference = '" + first + "'"),
            "http 500");
  const std::string second = SubmitSmsCase(http, "+97336000002");  // 201 while it fails
  ASSERT_FALSE(second.empty());
  ExpectHealthy(server);

  // The gateway recovers: both are sent, with one idempotency key per message across retries.
  gateway.SetMode("200");
  ASSERT_TRUE(WaitUntil([&] {
    return OutboxStatus(server, first, "received") == "sent" &&
           OutboxStatus(server, second, "received") == "sent";
  })) << OutboxStates(server, first)
      << " / " << OutboxStates(server, second);
  std::map<std::string, std::set<std::string>> ids_by_number;
  for (const Json& sms : gateway.Sms())
    ids_by_number[sms.value("to", "")].insert(sms.value("id", ""));
  EXPECT_EQ(ids_by_number["+97336000001"].size(), 1u);
  EXPECT_EQ(ids_by_number["+97336000002"].size(), 1u);
  EXPECT_GE(server.SqlInt("SELECT attempts FROM outbox WHERE reference = '" + first + "'"), 2);

  // 404: a permanent failure, recorded at once and never tried again.
  gateway.SetMode("404");
  const std::string third = SubmitSmsCase(http, "+97336000003");
  ASSERT_TRUE(WaitUntil([&] { return OutboxStatus(server, third, "received") == "failed"; }))
      << OutboxStates(server, third);
  const std::int64_t failed_id =
      server.SqlInt("SELECT id FROM outbox WHERE reference = '" + third + "'");
  // A later message goes through: the worker has had rounds since, and did not retry the failure.
  gateway.SetMode("200");
  const std::string fourth = SubmitSmsCase(http, "+97336000004");
  ASSERT_TRUE(WaitUntil([&] { return OutboxStatus(server, fourth, "received") == "sent"; }))
      << OutboxStates(server, fourth);
  auto requests_for = [&](const std::string& number) {
    int n = 0;
    for (const Json& sms : gateway.Sms()) n += sms.value("to", "") == number;
    return n;
  };
  EXPECT_EQ(requests_for("+97336000003"), 1);
  EXPECT_EQ(OutboxStatus(server, third, "received"), "failed");
  std::vector<Json> rows = OutboxList(server, third);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].value("attempts", 0), 1);
  EXPECT_EQ(rows[0].value("last_error", ""), "http 404");
  EXPECT_EQ(OutboxList(server, "", nullptr).size(), 4u);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM outbox WHERE status = 'failed'"), 1);

  // `tawasul outbox retry` puts it back in the queue (server stopped, so it stays there to be
  // seen), and the next server sends it.
  server.Stop();
  CliOutput retry =
      RunTawasul("outbox retry --id " + std::to_string(failed_id) + " " + server.CliDatabaseArgs());
  ASSERT_EQ(retry.status, 0) << retry.out << retry.err;
  EXPECT_EQ(Json::parse(retry.out, nullptr, false).value("requeued", -1), 1) << retry.out;
  rows = OutboxList(server, third);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].value("status", ""), "queued");
  EXPECT_EQ(rows[0].value("attempts", -1), 0);
  server.Start();
  ASSERT_TRUE(WaitUntil([&] { return OutboxStatus(server, third, "received") == "sent"; }))
      << OutboxStates(server, third);
  EXPECT_EQ(requests_for("+97336000003"), 2);
}

TEST(DeliveryTest, KillDuringDeliveryLosesNothing) {
  ScratchDir dir;
  Receiver gateway(dir.path() / "sms", /*hang_seconds=*/120);
  gateway.SetMode("hang");
  const std::string template_file = WriteSmsTemplate(dir.path());
  std::vector<std::string> args = SmsArgs(gateway, template_file);
  // A crashed node's messages are taken again once their lease ends: short here, so that the
  // test does not wait five minutes. The SMS client gives up after 10 s: the kill comes first.
  args.insert(args.end(), {"--delivery-lease-seconds", "5", "--delivery-retry-first-seconds", "1"});
  Server server(ServerOptions{.extra_args = args});
  server.Start();
  Http http(server);

  constexpr int kCases = 5;
  std::vector<std::string> refs;
  for (int i = 0; i < kCases; ++i) {
    refs.push_back(SubmitSmsCase(http, "+9733610000" + std::to_string(i)));
  }
  // A send is in flight (the gateway holds it): kill -9 now.
  ASSERT_TRUE(WaitUntil([&] { return !gateway.Requests().empty(); })) << server.StderrTail();
  server.Kill();
  const std::int64_t in_flight =
      server.SqlInt("SELECT count(*) FROM outbox WHERE status = 'sending'");
  EXPECT_GE(in_flight, 1);
  const std::size_t before_restart = gateway.Requests().size();

  gateway.SetMode("200");
  server.Start();
  ASSERT_TRUE(WaitUntil([&] {
    return server.SqlInt("SELECT count(*) FROM outbox WHERE status = 'sent'") == kCases;
  })) << server.SqlText("SELECT id || ' ' || status || ' ' || attempts FROM outbox ORDER BY id");
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM outbox"), kCases);

  // Every message reached the gateway at least once; a repeat carries the same key.
  std::map<std::string, std::set<std::string>> ids_by_number;
  std::map<std::string, int> sends_by_id;
  for (const Json& sms : gateway.Sms()) {
    ids_by_number[sms.value("to", "")].insert(sms.value("id", ""));
    ++sends_by_id[sms.value("id", "")];
  }
  ASSERT_EQ(sends_by_id.size(), static_cast<std::size_t>(kCases));
  int total = 0, repeated = 0;
  for (const auto& [id, n] : sends_by_id) {
    EXPECT_GE(n, 1) << id;
    EXPECT_LE(n, 2) << id;
    total += n;
    repeated += n > 1;
  }
  for (int i = 0; i < kCases; ++i) {
    EXPECT_EQ(ids_by_number["+9733610000" + std::to_string(i)].size(), 1u) << i;
  }
  // Only the messages whose request was in flight when the process died are sent twice; the
  // others it had claimed are sent once, after their lease.
  EXPECT_EQ(repeated, static_cast<int>(before_restart));
  EXPECT_GE(in_flight, static_cast<std::int64_t>(before_restart));
  std::cout << "[ delivery ] kill -9 during delivery: " << kCases << " messages, " << in_flight
            << " claimed (sending) at the kill, " << before_restart
            << " request(s) held by the gateway then, " << total << " gateway requests in all, "
            << repeated << " sent twice with the same id\n";
  RecordProperty("gateway_requests", total);
  RecordProperty("sent_twice", repeated);
}

TEST(DeliveryTest, TwoNodesOnOnePostgresSendEachMessageExactlyOnce) {
  if (!Server::IsPostgres()) GTEST_SKIP() << "several nodes share a database on PostgreSQL only";
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  std::vector<std::string> args = EmailArgs(sink);
  args.insert(args.end(), {"--delivery-email-per-second", "0", "--delivery-threads", "2"});
  Server a(ServerOptions{.extra_args = args});
  a.Start();
  Server b(ServerOptions{.demo = false, .threads = 2, .extra_args = args, .share_database_of = &a});
  b.Start();

  constexpr int kCases = 200;
  std::mutex mu;
  std::vector<std::string> problems;
  std::vector<std::thread> threads;
  for (const Server* node : {&a, &b}) {
    threads.emplace_back([&, node] {
      Http http(*node);
      for (int i = 0; i < kCases / 2; ++i) {
        Json body = ValidCaseBody();
        body["contact"]["email"] =
            "citizen." + std::to_string(node->port()) + "." + std::to_string(i) + "@example.com";
        Response r = SubmitCase(http, body);
        if (r.status != 201) {
          std::lock_guard lock(mu);
          problems.push_back(r.Describe());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(problems.empty()) << problems.front();

  ASSERT_TRUE(WaitUntil([&] {
    return a.SqlInt("SELECT count(*) FROM outbox WHERE status = 'sent'") == kCases;
  })) << a.SqlText("SELECT status || ' ' || count(*) FROM outbox GROUP BY status");
  ASSERT_TRUE(WaitUntil([&] { return sink.Messages().size() >= kCases; }));
  std::map<std::string, int> per_id;
  for (const Json& m : sink.Messages()) ++per_id[SmtpSink::Header(m, "Message-ID")];
  EXPECT_EQ(per_id.size(), static_cast<std::size_t>(kCases));
  int doubles = 0;
  for (const auto& [id, n] : per_id) doubles += n != 1;
  EXPECT_EQ(doubles, 0);
  EXPECT_EQ(sink.Messages().size(), static_cast<std::size_t>(kCases));
  EXPECT_EQ(a.SqlInt("SELECT max(attempts) FROM outbox"), 1);
  std::cout << "[ delivery ] two nodes: " << kCases << " cases, " << sink.Messages().size()
            << " emails, " << per_id.size() << " distinct Message-IDs\n";
}

}  // namespace
}  // namespace tawasul_test
