// A citizen's account in the browser and recovering access to a case (issue 16 item 1,
// docs/accounts.md "Pages" and "Recovering access"), over real HTTP against the real
// `tawasul serve`: the codes travel through the outbox and the delivery worker to the real SMTP
// sink on loopback (tests/notify/smtp_sink.py) and are read back from the received mail. Runs on
// SQLite and, as pg.*, on PostgreSQL.
//
// Nothing here asserts a duration: every wait polls a condition until a deadline.

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "integration/loopback_sinks.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

// The code in the subject of the mail of outbox row `kind`'s newest row (waits for it).
std::string CodeOfNewest(const Server& server, const SmtpSink& sink, const std::string& address,
                         const std::string& kind) {
  std::int64_t id = 0;
  EXPECT_TRUE(WaitUntil([&] {
    id = server.SqlInt("SELECT coalesce(max(id), 0) FROM outbox WHERE kind = '" + kind + "'");
    if (id == 0) return false;
    for (const Json& m : sink.To(address)) {
      if (SmtpSink::Header(m, "Message-ID").find("outbox-" + std::to_string(id) + "@") !=
          std::string::npos) {
        return true;
      }
    }
    return false;
  })) << "no "
      << kind << " mail for " << address;
  for (const Json& m : sink.To(address)) {
    if (SmtpSink::Header(m, "Message-ID").find("outbox-" + std::to_string(id) + "@") ==
        std::string::npos) {
      continue;
    }
    std::smatch code;
    const std::string subject = SmtpSink::Header(m, "Subject");
    if (std::regex_search(subject, code, std::regex("(^|[^0-9])([0-9]{6})([^0-9]|$)"))) {
      return code[2];
    }
  }
  return "";
}

// A page's CSRF token and the cookie header that goes with it (plus `extra` cookies).
struct Form {
  std::string token;
  std::string cookies;
};

Form OpenForm(Http& http, const std::string& path, const std::string& extra = "") {
  Response r = http.Get(path, {}, extra);
  EXPECT_EQ(r.status, 200) << path << ": " << r.Describe();
  Form f;
  f.token = FormInputValue(r.body, "csrf").value_or("");
  auto cookie = r.SetCookie("csrf");
  f.cookies = cookie ? "csrf=" + *cookie : "";
  if (cookie && *cookie != f.token) ADD_FAILURE() << "csrf field and cookie differ on " << path;
  if (!extra.empty()) f.cookies += (f.cookies.empty() ? "" : "; ") + extra;
  return f;
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "; " + b;
}

// The whole Set-Cookie header that sets `name`.
std::string SetCookieHeader(const Response& r, const std::string& name) {
  for (const auto& v : r.HeaderValues("set-cookie")) {
    if (v.rfind(name + "=", 0) == 0) return v;
  }
  return "";
}

// Signs `address` in through the pages; returns the citizen cookie ("tawasul_citizen=…").
std::string SignInByPages(Http& http, const Server& server, const SmtpSink& sink,
                          const std::string& address, const Headers& headers = {}) {
  Form f = OpenForm(http, "/me/sign-in");
  Response asked =
      http.PostForm("/me/sign-in", {{"csrf", f.token}, {"contact", address}}, f.cookies);
  EXPECT_EQ(asked.status, 303) << asked.Describe();
  EXPECT_EQ(asked.Header("location"), "/me/sign-in/code");
  const std::string pending =
      "tawasul_me_pending=" + asked.SetCookie("tawasul_me_pending").value_or("");
  const std::string code = CodeOfNewest(server, sink, address, "sign_in_code");
  EXPECT_EQ(code.size(), 6u);
  Response in = http.PostForm("/me/sign-in/code", {{"csrf", f.token}, {"code", code}},
                              Join(f.cookies, pending), headers);
  EXPECT_EQ(in.status, 303) << in.Describe();
  auto citizen = in.SetCookie("tawasul_citizen");
  EXPECT_TRUE(citizen.has_value()) << in.Describe();
  return "tawasul_citizen=" + citizen.value_or("");
}

// The session handle of the row marked as this device on /me/sessions.
std::string CurrentHandle(const std::string& html) {
  std::size_t at = 0;
  while ((at = html.find("<tr>", at)) != std::string::npos) {
    const std::size_t end = html.find("</tr>", at);
    const std::string row = html.substr(at, end - at);
    std::smatch m;
    if (row.find("<strong>") != std::string::npos &&
        std::regex_search(row, m, std::regex("name=\"session\" value=\"([0-9a-f]{16})\""))) {
      return m[1];
    }
    at = end;
  }
  return "";
}

TEST(MePagesTest, SignInByCodeListsOwnCasesClaimsAndEndsSessions) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  Server server(ServerOptions{.extra_args = EmailArgs(sink)});
  server.Start();
  Http http(server);
  const std::string address = "muwatin.pages@example.com";

  // Not signed in: /me sends to the sign-in page.
  Response anon = http.Get("/me");
  EXPECT_EQ(anon.status, 303);
  EXPECT_EQ(anon.Header("location"), "/me/sign-in");

  // Bad input names the field and stores nothing; a form without its CSRF token is refused.
  Form f = OpenForm(http, "/me/sign-in");
  Response bad =
      http.PostForm("/me/sign-in", {{"csrf", f.token}, {"contact", "17001234"}}, f.cookies);
  EXPECT_EQ(bad.status, 422) << bad.Describe();
  EXPECT_NE(bad.body.find("href=\"#contact\""), std::string::npos) << bad.body;
  Response no_csrf = http.PostForm("/me/sign-in", {{"contact", address}}, f.cookies);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM one_time_codes"), 0);

  // A known and an unknown contact get the same answer; the code page masks the address.
  Response unknown = http.PostForm(
      "/me/sign-in", {{"csrf", f.token}, {"contact", "nobody.here@example.com"}}, f.cookies);
  EXPECT_EQ(unknown.status, 303);
  EXPECT_EQ(unknown.Header("location"), "/me/sign-in/code");
  const std::string pending_cookie = SetCookieHeader(unknown, "tawasul_me_pending");
  EXPECT_NE(pending_cookie.find("HttpOnly"), std::string::npos) << pending_cookie;
  Response code_page =
      http.Get("/me/sign-in/code", {},
               "tawasul_me_pending=" + unknown.SetCookie("tawasul_me_pending").value_or(""));
  ASSERT_EQ(code_page.status, 200) << code_page.Describe();
  EXPECT_NE(code_page.body.find("…@example.com"), std::string::npos);
  EXPECT_EQ(code_page.body.find("nobody.here"), std::string::npos);

  // A wrong code signs nobody in; the right one sets the citizen cookie.
  Response asked =
      http.PostForm("/me/sign-in", {{"csrf", f.token}, {"contact", address}}, f.cookies);
  ASSERT_EQ(asked.status, 303);
  const std::string pending =
      "tawasul_me_pending=" + asked.SetCookie("tawasul_me_pending").value_or("");
  const std::string code = CodeOfNewest(server, sink, address, "sign_in_code");
  ASSERT_EQ(code.size(), 6u) << server.StderrTail();
  const std::string wrong = code == "000000" ? "111111" : "000000";
  Response refused = http.PostForm("/me/sign-in/code", {{"csrf", f.token}, {"code", wrong}},
                                   Join(f.cookies, pending));
  EXPECT_EQ(refused.status, 401) << refused.Describe();
  EXPECT_FALSE(refused.SetCookie("tawasul_citizen").has_value());
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM citizen_sessions"), 0);
  Response in = http.PostForm("/me/sign-in/code", {{"csrf", f.token}, {"code", code}},
                              Join(f.cookies, pending));
  ASSERT_EQ(in.status, 303) << in.Describe();
  EXPECT_EQ(in.Header("location"), "/me?done=signed_in");
  const std::string set = SetCookieHeader(in, "tawasul_citizen");
  EXPECT_NE(set.find("HttpOnly"), std::string::npos) << set;
  EXPECT_NE(set.find("SameSite=Lax"), std::string::npos) << set;
  EXPECT_NE(set.find("Max-Age=2592000"), std::string::npos) << set;
  const std::string me = "tawasul_citizen=" + in.SetCookie("tawasul_citizen").value_or("");
  // The citizen cookie is no staff session.
  EXPECT_EQ(http.Get("/staff/", {}, me).status, 303);

  // My cases: empty, then the case submitted through /submit while signed in.
  Response mine = http.Get("/me", {}, me);
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  EXPECT_TRUE(ElementTextById(mine.body, "no-cases").has_value());
  Form s = OpenForm(http, "/submit", me);
  Fields submit = {{"csrf", s.token},
                   {"type", "complaint"},
                   {"category", Catalogue::Get().complaint_category},
                   {"subject", "The street light outside my house is broken"},
                   {"description", "The street light on our road has been off for two weeks."},
                   {"email", address}};
  Response sent = FollowReceipt(http, http.PostForm("/submit", submit, s.cookies));
  ASSERT_EQ(sent.status, 200) << sent.Describe();
  const std::string owned =
      server.SqlText("SELECT reference FROM cases WHERE owner_id IS NOT NULL");
  ASSERT_FALSE(owned.empty());
  mine = http.Get("/me", {}, me);
  EXPECT_NE(mine.body.find("/track/" + owned), std::string::npos) << mine.body;

  // Another account sees none of it.
  const std::string other = SignInByPages(http, server, sink, "someone.other@example.com");
  Response others = http.Get("/me", {}, other);
  ASSERT_EQ(others.status, 200);
  EXPECT_EQ(others.body.find(owned), std::string::npos);

  // Claiming an earlier case: a wrong access code is refused and stores nothing; the right one
  // adds it.
  Response earlier = SubmitCase(http, ValidCaseBody());
  ASSERT_EQ(earlier.status, 201);
  const std::string ref = earlier.JsonBody().value("reference", "");
  const std::string access = earlier.JsonBody().value("access_code", "");
  Form c = OpenForm(http, "/me", me);
  Response wrong_claim = http.PostForm(
      "/me/claim", {{"csrf", c.token}, {"reference", ref}, {"access_code", "ACDEFGHJ"}}, c.cookies);
  EXPECT_EQ(wrong_claim.status, 404) << wrong_claim.Describe();
  EXPECT_EQ(
      server.SqlInt("SELECT coalesce(owner_id, 0) FROM cases WHERE reference = '" + ref + "'"), 0);
  Response claim = http.PostForm(
      "/me/claim", {{"csrf", c.token}, {"reference", ref}, {"access_code", access}}, c.cookies);
  EXPECT_EQ(claim.status, 303) << claim.Describe();
  mine = http.Get("/me?done=claimed", {}, me);
  EXPECT_NE(mine.body.find("/track/" + ref), std::string::npos);
  EXPECT_EQ(http.Get("/me", {}, other).body.find(ref), std::string::npos);

  // Sessions: a second one from Firefox; the list names the browser family only.
  const std::string firefox = SignInByPages(
      http, server, sink, address,
      {"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"});
  Response listed = http.Get("/me/sessions", {}, firefox);
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("Firefox"), std::string::npos);
  EXPECT_EQ(listed.body.find("Gecko"), std::string::npos);
  const std::string firefox_handle = CurrentHandle(listed.body);
  ASSERT_EQ(firefox_handle.size(), 16u) << listed.body;

  // Revoking it from the first session: its cookie is refused from then on.
  Form r = OpenForm(http, "/me/sessions", me);
  Response revoked = http.PostForm("/me/sessions/revoke",
                                   {{"csrf", r.token}, {"session", firefox_handle}}, r.cookies);
  EXPECT_EQ(revoked.status, 303) << revoked.Describe();
  EXPECT_EQ(http.Get("/me", {}, firefox).status, 303);
  EXPECT_EQ(http.Get("/me", {}, me).status, 200);
  // Another account's handle (or a made-up one) ends nothing.
  Response foreign = http.PostForm("/me/sessions/revoke",
                                   {{"csrf", r.token}, {"session", "0123456789abcdef"}}, r.cookies);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(http.Get("/me", {}, other).status, 200);

  // Sign out everywhere: every session of the account ends, not the other account's.
  const std::string third = SignInByPages(http, server, sink, address);
  Response everywhere = http.PostForm("/me/sessions/revoke-all", {{"csrf", r.token}}, r.cookies);
  EXPECT_EQ(everywhere.status, 303);
  EXPECT_NE(SetCookieHeader(everywhere, "tawasul_citizen").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(http.Get("/me", {}, me).status, 303);
  EXPECT_EQ(http.Get("/me", {}, third).status, 303);
  EXPECT_EQ(http.Get("/me", {}, other).status, 200);

  // Sign out ends this session only.
  Form o = OpenForm(http, "/me", other);
  Response out = http.PostForm("/me/sign-out", {{"csrf", o.token}}, o.cookies);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(http.Get("/me", {}, other).status, 303);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM citizen_sessions WHERE revoked_at IS NULL"), 0);
}

// Looks a case up through the track page; returns the status.
long Track(Http& http, const std::string& ref, const std::string& access) {
  Form f = OpenForm(http, "/track");
  return http
      .PostForm("/track", {{"csrf", f.token}, {"reference", ref}, {"access_code", access}},
                f.cookies)
      .status;
}

TEST(MePagesTest, RecoveringAccessSendsACodeToTheCaseContactAndReplacesTheAccessCode) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  auto args = EmailArgs(sink);
  args.insert(args.end(), {"--failed-lookups-per-minute", "30"});
  Server server(ServerOptions{.extra_args = args});
  server.Start();
  Http http(server);
  const std::string address = "lost.code@example.com";
  Json body = ValidCaseBody();
  body["contact"]["email"] = address;
  Response made = SubmitCase(http, body);
  ASSERT_EQ(made.status, 201) << made.Describe();
  const std::string ref = made.JsonBody().value("reference", "");
  const std::string old_access = made.JsonBody().value("access_code", "");

  // The track page offers it.
  EXPECT_NE(http.Get("/track").body.find("href=\"/track/recover\""), std::string::npos);

  // A malformed reference names the field; an unknown one gets the same answer as a real one,
  // and nothing is sent.
  Form f = OpenForm(http, "/track/recover");
  Response bad =
      http.PostForm("/track/recover", {{"csrf", f.token}, {"reference", "12"}}, f.cookies);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("href=\"#reference\""), std::string::npos);
  Response unknown = http.PostForm(
      "/track/recover", {{"csrf", f.token}, {"reference", MakeReference(26, 987654)}}, f.cookies);
  EXPECT_EQ(unknown.status, 303);
  EXPECT_EQ(unknown.Header("location"), "/track/recover/code");
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM one_time_codes"), 0);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM outbox WHERE kind = 'recovery_code'"), 0);

  // The real case: a code to the contact on the case, masked on the page.
  Response asked =
      http.PostForm("/track/recover", {{"csrf", f.token}, {"reference", ref}}, f.cookies);
  ASSERT_EQ(asked.status, 303) << asked.Describe();
  const std::string pending = "tawasul_recover=" + asked.SetCookie("tawasul_recover").value_or("");
  Response page = http.Get("/track/recover/code", {}, pending);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("…@example.com"), std::string::npos);
  EXPECT_EQ(page.body.find("lost.code"), std::string::npos);
  const std::string code = CodeOfNewest(server, sink, address, "recovery_code");
  ASSERT_EQ(code.size(), 6u) << server.StderrTail();
  EXPECT_EQ(server.SqlText("SELECT subject FROM one_time_codes WHERE purpose = 'recover'"), ref);

  // A wrong code changes nothing; the right one shows the case with a new access code.
  const std::string cookies = Join(f.cookies, pending);
  const std::string wrong = code == "000000" ? "111111" : "000000";
  Response refused =
      http.PostForm("/track/recover/code", {{"csrf", f.token}, {"code", wrong}}, cookies);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(Track(http, ref, old_access), 200);
  Response done =
      http.PostForm("/track/recover/code", {{"csrf", f.token}, {"code", code}}, cookies);
  ASSERT_EQ(done.status, 200) << done.Describe();
  EXPECT_EQ(done.Header("cache-control"), "no-store");
  const std::string notice = ElementTextById(done.body, "action-success").value_or("");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(notice, m, std::regex("([A-Z0-9]{8})\\s*$"))) << notice;
  const std::string new_access = m[1];
  EXPECT_NE(new_access, old_access);
  EXPECT_EQ(Track(http, ref, new_access), 200);
  EXPECT_EQ(Track(http, ref, old_access), 404);
  // Recorded in the case's history (internal, by the system), and the chain still verifies.
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
                          "WHERE c.reference = '" +
                          ref + "' AND e.kind = 'note' AND e.actor = 'system'"),
            1);
  CliOutput verify = RunTawasul("audit verify " + server.CliDatabaseArgs());
  EXPECT_EQ(verify.status, 0) << verify.out << verify.err;
  // The code is spent.
  Response again =
      http.PostForm("/track/recover/code", {{"csrf", f.token}, {"code", code}}, cookies);
  EXPECT_EQ(again.status, 401);

  // Guessing: a code dies after five wrong tries, even the right one afterwards.
  ASSERT_EQ(
      http.PostForm("/track/recover", {{"csrf", f.token}, {"reference", ref}}, f.cookies).status,
      303);
  const std::string second = CodeOfNewest(server, sink, address, "recovery_code");
  ASSERT_EQ(second.size(), 6u);
  for (int i = 0; i < 5; ++i) {
    std::string guess = std::to_string(200000 + i);
    if (guess == second) guess = "999999";
    EXPECT_EQ(
        http.PostForm("/track/recover/code", {{"csrf", f.token}, {"code", guess}}, cookies).status,
        401);
  }
  EXPECT_EQ(
      http.PostForm("/track/recover/code", {{"csrf", f.token}, {"code", second}}, cookies).status,
      401);
  EXPECT_EQ(Track(http, ref, new_access), 200);  // unchanged

  // At most three codes per case per quarter hour (two sent above).
  EXPECT_EQ(
      http.PostForm("/track/recover", {{"csrf", f.token}, {"reference", ref}}, f.cookies).status,
      303);
  Response too_many =
      http.PostForm("/track/recover", {{"csrf", f.token}, {"reference", ref}}, f.cookies);
  EXPECT_EQ(too_many.status, 429);
  EXPECT_FALSE(too_many.Header("retry-after").empty());

  // The address's failed look-up budget (30 here, 9 spent above) ends the guessing before any
  // check (it refills at 30 a minute, far slower than these tries).
  Response limited;
  for (int i = 0; i < 40 && limited.status != 429; ++i) {
    limited =
        http.PostForm("/track/recover/code", {{"csrf", f.token}, {"code", "123456"}}, cookies);
  }
  EXPECT_EQ(limited.status, 429);

  // A case without a contact (every citizen's case has one when sent; erasure empties it, as
  // here by hand, after the chain was verified above): the same answer, nothing sent.
  Response other = SubmitCase(http, ValidCaseBody());
  ASSERT_EQ(other.status, 201);
  const std::string silent = other.JsonBody().value("reference", "");
  server.SqlExec("UPDATE cases SET contact_email = '', contact_phone = '' WHERE reference = '" +
                 silent + "'");
  Form g = OpenForm(http, "/track/recover");
  Response same =
      http.PostForm("/track/recover", {{"csrf", g.token}, {"reference", silent}}, g.cookies);
  EXPECT_EQ(same.status, unknown.status);
  EXPECT_EQ(same.Header("location"), unknown.Header("location"));
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM one_time_codes WHERE subject = '" + silent + "'"),
            0);
}

}  // namespace
}  // namespace tawasul_test
