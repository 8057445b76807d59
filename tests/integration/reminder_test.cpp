// The reminder to rate an answer before its rating window closes (issue 15, docs/notifications.md
// "Who is told what"): the real `tawasul serve` with its real scheduler, the email read back from
// the real SMTP sink on loopback (loopback_sinks.h). What is proved: one reminder per answer
// cycle, never a second one across many ticks and a restart, a new one after a reopen and a new
// answer; none for a rated answer, for a window that does not close within the lead, or for a
// citizen who cannot be reached; the reminder is not essential (stop link, quiet hours for SMS).
//
// Nothing here asserts a duration: every wait polls a condition until a deadline, and "never a
// second one" is checked after many scheduler ticks have certainly run (the interval is 0.2 s).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "domain/lifecycle.h"
#include "domain/reference.h"
#include "domain/time.h"
#include "integration/loopback_sinks.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

constexpr const char* kSubject = "Rate the answer";

std::vector<std::string> Args(const SmtpSink& sink, std::vector<std::string> more) {
  std::vector<std::string> args = EmailArgs(sink);
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::int64_t Reminders(const Server& server, const std::string& reference) {
  return server.SqlInt(
      "SELECT count(*) FROM outbox WHERE kind = 'rate_reminder' AND reference = '" + reference +
      "'");
}

std::string Login(Http& http, const std::string& email, const std::string& password) {
  Response r = http.PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
  EXPECT_EQ(r.status, 200) << r.Describe();
  return r.JsonBody().value("token", "");
}

// With a lead of 336 hours (the whole 14-day window) a reminder is due as soon as a case is
// answered, so the whole cycle runs against the live API.
TEST(ReminderTest, OneReminderPerAnswerCycleAcrossTicksRestartsAndReopening) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  Server server(ServerOptions{
      .extra_args = Args(sink, {"--scheduler-interval", "0.2", "--rate-reminder-hours", "336"})});
  server.Start();
  auto http = std::make_unique<Http>(server);

  const std::string address = "rate.reminder@example.com";
  Json body = ValidCaseBody();
  body["category"] = "roads.potholes";  // Ministry of Works: the demo agent's entity
  body["language"] = "en";
  body["contact"]["email"] = address;
  Response r = SubmitCase(*http, body);
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::string ref = r.JsonBody().value("reference", "");
  const std::string code = r.JsonBody().value("access_code", "");
  Headers bearer = {"Authorization: Bearer " + Login(*http, kAgentMow, "demo-agent-2026")};
  const auto act = [&](Json action) {
    Response a = http->PostJson("/api/v1/cases/" + ref + "/actions", action, bearer);
    EXPECT_EQ(a.status, 200) << a.Describe();
  };
  act({{"action", "assign"}, {"assignee", "me"}});
  EXPECT_EQ(Reminders(server, ref), 0);  // not answered: nothing to rate
  act({{"action", "answer"}, {"body", "The pothole was filled."}});

  ASSERT_TRUE(WaitUntil([&] { return !sink.To(address, kSubject).empty(); }))
      << server.SqlText("SELECT kind || ':' || status FROM outbox WHERE reference = '" + ref + "'")
      << "\n"
      << server.StderrTail();
  const Json mail = sink.To(address, kSubject).at(0);
  EXPECT_NE(SmtpSink::Header(mail, "Subject").find(ref), std::string::npos);
  const std::string text = SmtpSink::Part(mail, "text/plain");
  EXPECT_NE(text.find("https://tawasul.example/track/" + ref), std::string::npos) << text;
  EXPECT_NE(text.find("You can rate the answer or reopen the case until 20"), std::string::npos)
      << text;
  // Not essential: it carries the one-click stop link, and its row says so (quiet hours hold
  // such an SMS; jobs/delivery.cpp).
  EXPECT_NE(SmtpSink::Header(mail, "List-Unsubscribe").find("/track/" + ref + "/stop?t="),
            std::string::npos);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM outbox WHERE kind = 'rate_reminder' AND "
                          "CAST(essential AS INTEGER) = 0 AND reference = '" +
                          ref + "'"),
            1);

  // Many more ticks, then a restart: still one, for one answer.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  server.Stop();
  server.Start();  // on a new port
  http = std::make_unique<Http>(server);
  bearer = {"Authorization: Bearer " + Login(*http, kAgentMow, "demo-agent-2026")};
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(Reminders(server, ref), 1);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM rate_reminders"), 1);
  EXPECT_EQ(sink.To(address, kSubject).size(), 1u);

  // Reopened and answered again: a new cycle, a new reminder (and only one).
  r = http->PostJson("/api/v1/cases/" + ref + "/reopen", {{"reason", "Still broken."}},
                     {"X-Access-Code: " + code});
  ASSERT_EQ(r.status, 200) << r.Describe();
  std::this_thread::sleep_for(std::chrono::seconds(1));  // a new answer second (answered_at)
  act({{"action", "answer"}, {"body", "Filled again, properly this time."}});
  ASSERT_TRUE(WaitUntil([&] { return sink.To(address, kSubject).size() >= 2; }))
      << server.StderrTail();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(Reminders(server, ref), 2);
  EXPECT_EQ(sink.To(address, kSubject).size(), 2u);

  // Rated (a low score keeps the case answered): rating is still possible, and still one each.
  r = http->PostJson("/api/v1/cases/" + ref + "/rating", {{"score", 2}},
                     {"X-Access-Code: " + code});
  ASSERT_EQ(r.status, 200) << r.Describe();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(Reminders(server, ref), 2);
}

// With the default lead (24 hours), over cases imported with answers in the past: only the
// unrated answer whose window closes within a day is reminded; the case without a contact is
// marked (so it is not looked at again) but sends nothing.
TEST(ReminderTest, OnlyUnratedAnswersWhoseWindowClosesWithinTheLeadAreReminded) {
  namespace domain = tawasul::domain;
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  Server server(ServerOptions{
      .demo = false, .threads = 2, .extra_args = Args(sink, {"--scheduler-interval", "0.2"})});
  const domain::Instant now = domain::Now();
  const auto at = [](domain::Instant t) { return domain::FormatRfc3339(t, 0); };
  const auto ref = [](int n) {
    return domain::FormatReference(domain::Reference{25, static_cast<std::uint64_t>(n)});
  };
  const auto closes_in = [&](std::chrono::seconds s) { return now - domain::kRatingWindow + s; };
  struct Imported {
    std::string reference, email;
    domain::Instant answered;
    bool rated;
  };
  const std::vector<Imported> cases = {
      {ref(1), "due@example.com", closes_in(std::chrono::hours(12)), false},
      {ref(2), "later@example.com", closes_in(std::chrono::hours(48)), false},
      {ref(3), "rated@example.com", closes_in(std::chrono::hours(12)), true},
      {ref(4), "", closes_in(std::chrono::hours(12)), false},
      {ref(5), "closed@example.com", closes_in(-std::chrono::hours(1)), false},
  };
  {
    std::ofstream f(server.dir() + "/answered.jsonl");
    f << R"({"record": "entity", "code": "MOW", "name_ar": "وزارة الأشغال", "name_en": "Ministry of Works"})"
      << "\n";
    for (const auto& c : cases) {
      Json events = Json::array({{{"kind", "answer"}, {"at", at(c.answered)}, {"body", "Done."}}});
      if (c.rated) {
        events.push_back(
            {{"kind", "rate"}, {"at", at(c.answered + std::chrono::hours(1))}, {"score", 1}});
      }
      Json line = {{"reference", c.reference},
                   {"type", "complaint"},
                   {"entity", "MOW"},
                   {"language", "en"},
                   {"subject", "answered case"},
                   {"submitted_at", at(c.answered - std::chrono::days(3))},
                   {"events", events}};
      if (!c.email.empty()) line["contact"] = {{"name", "A Citizen"}, {"email", c.email}};
      f << line.dump() << "\n";
    }
  }
  std::string cmd = std::string(TAWASUL_BINARY) + " import --format jsonl " + server.dir() +
                    "/answered.jsonl " + server.CliDatabaseArgs() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  ASSERT_EQ(server.SqlText("SELECT status FROM cases WHERE reference = '" + ref(3) + "'"),
            "answered");  // a rating of 1 keeps it answered (the appeal path)

  server.Start();
  ASSERT_TRUE(WaitUntil([&] { return !sink.To("due@example.com", kSubject).empty(); }))
      << server.StderrTail();
  ASSERT_TRUE(WaitUntil([&] { return server.SqlInt("SELECT count(*) FROM rate_reminders") >= 2; }));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // many more ticks
  EXPECT_EQ(Reminders(server, ref(1)), 1);
  EXPECT_EQ(sink.To("due@example.com", kSubject).size(), 1u);
  for (int n : {2, 3, 4, 5}) EXPECT_EQ(Reminders(server, ref(n)), 0) << ref(n);
  // The case without a contact is marked for its answer; the others are not touched.
  EXPECT_EQ(server.SqlText("SELECT c.reference FROM rate_reminders r JOIN cases c ON c.id = "
                           "r.case_id ORDER BY c.reference"),
            ref(1) + "\n" + ref(4));
  // One reminder in all (the case whose window closed was closed automatically and told so).
  int reminders = 0;
  for (const Json& m : sink.Messages()) {
    reminders += SmtpSink::Header(m, "Subject").find(kSubject) != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(reminders, 1);
}

}  // namespace
}  // namespace tawasul_test
