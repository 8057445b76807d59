// Optional citizen accounts without passwords (issue 16, docs/accounts.md), end to end over real
// HTTP: the real `tawasul serve`, its delivery worker sending the one-time code to the real SMTP
// sink on loopback (tests/notify/smtp_sink.py), the code read back from the received mail. Runs
// on SQLite and, as pg.*, on PostgreSQL.
//
// Nothing here asserts a duration: every wait polls a condition until a deadline.

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "integration/loopback_sinks.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

Headers Bearer(const std::string& token) { return {"Authorization: Bearer " + token}; }

// The newest sign-in code mailed to `address` (waits for the `nth` such mail, from 1).
std::string CodeMailedTo(const SmtpSink& sink, const std::string& address, std::size_t nth) {
  EXPECT_TRUE(WaitUntil([&] { return sink.To(address).size() >= nth; }))
      << "no code mail #" << nth << " for " << address;
  std::string newest;
  std::int64_t newest_id = -1;
  for (const Json& m : sink.To(address)) {
    const std::string id = SmtpSink::Header(m, "Message-ID");  // <outbox-N@...>
    std::smatch num;
    if (!std::regex_search(id, num, std::regex("outbox-([0-9]+)"))) continue;
    if (std::stoll(num[1]) < newest_id) continue;
    newest_id = std::stoll(num[1]);
    const std::string text = SmtpSink::Part(m, "text/plain");
    std::smatch code;
    if (std::regex_search(text, code, std::regex("(^|[^0-9])([0-9]{6})([^0-9]|$)"))) {
      newest = code[2];
    }
  }
  return newest;
}

// Signs `address` in: asks for a code, reads the `nth` mail, redeems it; returns the token.
std::string SignIn(Http& http, const SmtpSink& sink, const std::string& address, std::size_t nth) {
  Response asked = http.PostJson("/api/v1/me/code", {{"contact", address}});
  EXPECT_EQ(asked.status, 202) << asked.Describe();
  const std::string code = CodeMailedTo(sink, address, nth);
  EXPECT_EQ(code.size(), 6u);
  Response r = http.PostJson("/api/v1/me/session", {{"contact", address}, {"code", code}});
  EXPECT_EQ(r.status, 201) << r.Describe();
  return r.JsonBody().value("token", "");
}

std::int64_t LiveSessions(const Server& server) {
  return server.SqlInt("SELECT count(*) FROM citizen_sessions WHERE revoked_at IS NULL");
}

TEST(CitizenAccountTest, CodeByEmailSignsInListsMyCasesClaimsAndSignsOutEverywhere) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  Server server(ServerOptions{.extra_args = EmailArgs(sink)});
  server.Start();
  Http http(server);
  const std::string address = "muwatin.account@example.com";

  // The code arrives by the real SMTP server; the address is normalised (case, spaces).
  Response asked =
      http.PostJson("/api/v1/me/code", {{"contact", "  Muwatin.Account@Example.COM "}});
  ASSERT_EQ(asked.status, 202) << asked.Describe();
  const std::string code = CodeMailedTo(sink, address, 1);
  ASSERT_EQ(code.size(), 6u) << server.StderrTail();
  const Json mail = sink.To(address).front();
  EXPECT_NE(SmtpSink::Header(mail, "Subject").find(code), std::string::npos);
  // The outbox keeps only a masked address and drops the code once sent.
  EXPECT_EQ(server.SqlText("SELECT masked FROM outbox WHERE kind = 'sign_in_code'"),
            "m***@example.com");
  EXPECT_TRUE(WaitUntil([&] {
    return server.SqlInt(
               "SELECT count(*) FROM outbox WHERE kind = 'sign_in_code' AND secret IS "
               "NULL AND status = 'sent'") == 1;
  }));
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM citizen_accounts"), 0);  // not before sign-in

  // A wrong code signs nobody in; the right one opens a session and creates the account.
  const std::string wrong = code == "000000" ? "111111" : "000000";
  Response bad = http.PostJson("/api/v1/me/session", {{"contact", address}, {"code", wrong}});
  ExpectProblem(bad, 401);
  Response ok = http.PostJson("/api/v1/me/session", {{"contact", address}, {"code", code}});
  ASSERT_EQ(ok.status, 201) << ok.Describe();
  const std::string token = ok.JsonBody().value("token", "");
  ASSERT_EQ(token.size(), 64u);
  EXPECT_FALSE(ok.JsonBody().value("expires_at", "").empty());
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM citizen_accounts"), 1);
  // The same code again: refused, no second session.
  Response reused = http.PostJson("/api/v1/me/session", {{"contact", address}, {"code", code}});
  ExpectProblem(reused, 401);
  EXPECT_EQ(LiveSessions(server), 1);

  // A known and an unknown contact get the same answer.
  Response known = http.PostJson("/api/v1/me/code", {{"contact", address}});
  Response unknown = http.PostJson("/api/v1/me/code", {{"contact", "nobody.yet@example.com"}});
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.body, known.body);

  // A citizen token is not a staff session, and the reverse.
  EXPECT_EQ(http.Get("/api/v1/inbox", Bearer(token)).status, 401);
  EXPECT_EQ(http.Get("/api/v1/me/cases").status, 401);

  // A case submitted with the token is the account's.
  Response mine = http.PostJson("/api/v1/cases", ValidCaseBody(), Bearer(token));
  ASSERT_EQ(mine.status, 201) << mine.Describe();
  const std::string mine_ref = mine.JsonBody().value("reference", "");
  Response listed = http.Get("/api/v1/me/cases", Bearer(token));
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  Json cases = listed.JsonBody()["cases"];
  ASSERT_EQ(cases.size(), 1u) << listed.body;
  EXPECT_EQ(cases[0].value("reference", ""), mine_ref);
  EXPECT_EQ(cases[0].value("type", ""), "complaint");
  EXPECT_EQ(cases[0].value("status", ""), "received");
  EXPECT_EQ(cases[0].value("entity", ""), Catalogue::Get().complaint_entity);
  EXPECT_FALSE(cases[0].value("submitted_at", "").empty());
  EXPECT_TRUE(cases[0].contains("due_at"));

  // Another account never sees it.
  const std::string other = SignIn(http, sink, "someone.else@example.com", 1);
  Response others = http.Get("/api/v1/me/cases", Bearer(other));
  ASSERT_EQ(others.status, 200);
  EXPECT_TRUE(others.JsonBody()["cases"].empty()) << others.body;

  // Claiming an earlier case: a wrong access code is refused like the track look-up, the right
  // one makes it the account's.
  Response earlier = SubmitCase(http, ValidCaseBody());
  ASSERT_EQ(earlier.status, 201);
  const std::string ref = earlier.JsonBody().value("reference", "");
  const std::string access = earlier.JsonBody().value("access_code", "");
  Response wrong_claim = http.PostJson(
      "/api/v1/me/cases/claim", {{"reference", ref}, {"access_code", "ACDEFGHJ"}}, Bearer(token));
  ExpectProblem(wrong_claim, 404);
  Response claim = http.PostJson("/api/v1/me/cases/claim",
                                 {{"reference", ref}, {"access_code", access}}, Bearer(token));
  EXPECT_EQ(claim.status, 204) << claim.Describe();
  cases = http.Get("/api/v1/me/cases", Bearer(token)).JsonBody()["cases"];
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].value("reference", ""), ref);  // newest first
  EXPECT_TRUE(http.Get("/api/v1/me/cases", Bearer(other)).JsonBody()["cases"].empty());

  // Sessions: two for this account (sign in again), the current one marked.
  const std::string second = SignIn(http, sink, address, 3);
  Response sessions = http.Get("/api/v1/me/sessions", Bearer(token));
  ASSERT_EQ(sessions.status, 200);
  Json list = sessions.JsonBody()["sessions"];
  ASSERT_EQ(list.size(), 2u) << sessions.body;
  EXPECT_EQ(int(list[0].value("current", false)) + int(list[1].value("current", false)), 1);
  EXPECT_EQ(list[0].value("user_agent", ""), "other");  // libcurl sends no User-Agent here

  // Sign out everywhere ends both, and not the other account's.
  Response out = http.Request("DELETE", "/api/v1/me/sessions", "", Bearer(token));
  EXPECT_EQ(out.status, 204) << out.Describe();
  EXPECT_EQ(http.Get("/api/v1/me/cases", Bearer(token)).status, 401);
  EXPECT_EQ(http.Get("/api/v1/me/cases", Bearer(second)).status, 401);
  EXPECT_EQ(http.Get("/api/v1/me/cases", Bearer(other)).status, 200);
}

TEST(CitizenAccountTest, ExpiredVoidAndGuessedCodesSignNobodyIn) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  auto args = EmailArgs(sink);
  args.insert(args.end(), {"--failed-lookups-per-minute", "8"});
  Server server(ServerOptions{.extra_args = args});
  server.Start();
  Http http(server);

  // Bad input names the field; nothing is stored.
  Json p = ExpectProblem(http.PostJson("/api/v1/me/code", {{"contact", "17001234"}}), 422);
  EXPECT_TRUE(HasFieldError(p, "contact", "invalid")) << p.dump();
  p = ExpectProblem(http.PostJson("/api/v1/me/code", {{"contact", "a@b.com"}, {"x", "1"}}), 422);
  EXPECT_TRUE(HasFieldError(p, "x", "unknown_field")) << p.dump();
  p = ExpectProblem(
      http.PostJson("/api/v1/me/session", {{"contact", "a@b.com"}, {"code", "12345"}}), 422);
  EXPECT_TRUE(HasFieldError(p, "code", "invalid")) << p.dump();
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM one_time_codes"), 0);

  // Expired: the code's ten minutes are over.
  const std::string late = "late.citizen@example.com";
  ASSERT_EQ(http.PostJson("/api/v1/me/code", {{"contact", late}}).status, 202);
  const std::string late_code = CodeMailedTo(sink, late, 1);
  server.SqlExec("UPDATE one_time_codes SET expires_at = " + SqlNowEpoch() +
                 " - 1 WHERE subject = '" + late + "'");
  ExpectProblem(http.PostJson("/api/v1/me/session", {{"contact", late}, {"code", late_code}}), 401);

  // Void after five wrong tries, even for the right code.
  const std::string guessed = "guessed.citizen@example.com";
  ASSERT_EQ(http.PostJson("/api/v1/me/code", {{"contact", guessed}}).status, 202);
  const std::string code = CodeMailedTo(sink, guessed, 1);
  for (int i = 0; i < 5; ++i) {
    std::string wrong = std::to_string(100000 + i);
    if (wrong == code) wrong = "999999";
    ExpectProblem(http.PostJson("/api/v1/me/session", {{"contact", guessed}, {"code", wrong}}),
                  401);
  }
  ExpectProblem(http.PostJson("/api/v1/me/session", {{"contact", guessed}, {"code", code}}), 401);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM citizen_sessions"), 0);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM citizen_accounts"), 0);

  // Guessing goes on costing the address tokens of the look-up limit (8 here) until it is
  // refused before any check (refill is 8 a minute, far slower than these tries).
  Response limited;
  for (int i = 0; i < 20 && limited.status != 429; ++i) {
    limited = http.PostJson("/api/v1/me/session", {{"contact", guessed}, {"code", "123456"}});
    if (limited.status != 429) ExpectProblem(limited, 401);
  }
  ExpectProblem(limited, 429);
  EXPECT_FALSE(limited.Header("retry-after").empty());

  // At most three codes per contact per quarter hour (one was sent above).
  EXPECT_EQ(http.PostJson("/api/v1/me/code", {{"contact", guessed}}).status, 202);
  EXPECT_EQ(http.PostJson("/api/v1/me/code", {{"contact", guessed}}).status, 202);
  Response too_many = http.PostJson("/api/v1/me/code", {{"contact", guessed}});
  ExpectProblem(too_many, 429);
  EXPECT_EQ(too_many.Header("retry-after"), "900");
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM one_time_codes WHERE subject = '" + guessed + "'"),
            3);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM citizen_sessions"), 0);
}

}  // namespace
}  // namespace tawasul_test
