// The case lifecycle over HTTP against the real server: staff sign-in and lockout, the inbox,
// staff actions with their 403/404/409 rules, citizen replies, ratings and reopening, transfer
// between entities, and `tawasul audit verify` detecting an edited history.

#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "integration/server.h"

namespace tawasul_test {
namespace {

constexpr const char* kAgentMow = "agent.mow@tawasul.example";
constexpr const char* kSupervisorMow = "supervisor.mow@tawasul.example";
constexpr const char* kAgentMoh = "agent.moh@tawasul.example";
constexpr const char* kAdmin = "admin@tawasul.example";
constexpr const char* kAuditor = "auditor@tawasul.example";

std::string PasswordOf(const std::string& email) {
  if (email == kAdmin) return "demo-admin-2026";
  if (email == kAuditor) return "demo-auditor-2026";
  if (email == kSupervisorMow) return "demo-supervisor-2026";
  return "demo-agent-2026";
}

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    if (server_ && server_->running()) server_->Stop();
  }

  std::string Login(const std::string& email) {
    Response r =
        http_->PostJson("/api/v1/auth/login", {{"email", email}, {"password", PasswordOf(email)}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.JsonBody().value("token", "");
  }
  static Headers Bearer(const std::string& token) { return {"Authorization: Bearer " + token}; }

  // A new Ministry of Works complaint; returns (reference, access code).
  std::pair<std::string, std::string> NewMowCase() {
    Json body = ValidCaseBody();
    body["category"] = "roads.potholes";
    Response r = SubmitCase(*http_, body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    Json j = r.JsonBody();
    return {j.value("reference", ""), j.value("access_code", "")};
  }

  Response Act(const std::string& token, const std::string& ref, const Json& action) {
    return http_->PostJson("/api/v1/cases/" + ref + "/actions", action, Bearer(token));
  }
  Response Citizen(const std::string& ref, const std::string& code, const std::string& what,
                   const Json& body) {
    return http_->PostJson("/api/v1/cases/" + ref + "/" + what, body, {"X-Access-Code: " + code});
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(LifecycleTest, SignInIssuesTokenAndCookieAndSignOutRevokesIt) {
  Response r = http_->PostJson("/api/v1/auth/login",
                               {{"email", kAgentMow}, {"password", "demo-agent-2026"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  std::string token = r.JsonBody().value("token", "");
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(r.JsonBody()["user"].value("role", ""), "agent");
  EXPECT_EQ(r.JsonBody()["user"].value("entity", ""), "MOW");
  auto cookie = r.SetCookie("tawasul_session");
  ASSERT_TRUE(cookie);
  std::string all = r.Header("set-cookie");
  EXPECT_NE(all.find("HttpOnly"), std::string::npos) << all;
  EXPECT_NE(all.find("SameSite=Lax"), std::string::npos) << all;

  EXPECT_EQ(http_->Get("/api/v1/inbox", Bearer(token)).status, 200);
  EXPECT_EQ(http_->Get("/api/v1/inbox", {}, "tawasul_session=" + *cookie).status, 200);
  EXPECT_EQ(http_->Get("/api/v1/inbox").status, 401);
  EXPECT_EQ(http_->Request("POST", "/api/v1/auth/logout", "", Bearer(token)).status, 204);
  EXPECT_EQ(http_->Get("/api/v1/inbox", Bearer(token)).status, 401);
}

TEST_F(LifecycleTest, WrongPasswordAndUnknownEmailLookTheSame) {
  Response a =
      http_->PostJson("/api/v1/auth/login", {{"email", kAgentMow}, {"password", "wrong-password"}});
  Response b = http_->PostJson(
      "/api/v1/auth/login", {{"email", "nobody@tawasul.example"}, {"password", "wrong-password"}});
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(b.status, 401);
  Json ja = a.JsonBody(), jb = b.JsonBody();
  ja.erase("request_id");
  jb.erase("request_id");
  EXPECT_EQ(ja, jb);
  Response c = http_->PostJson("/api/v1/auth/login", {{"email", kAgentMow}});
  EXPECT_EQ(c.status, 422);
}

// Guessing from one address slows down after three failures (sign_in_guard.h), for a known and
// an unknown email alike, and never touches another account. The account lock itself, and that a
// stranger cannot use it against the owner, is in sign_in_test.cpp.
TEST_F(LifecycleTest, RepeatedFailuresFromOneAddressAreSlowed) {
  auto attempt = [&](const char* email, const char* password) {
    return http_->PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
  };
  for (const char* email : {kAgentMoh, "nobody@tawasul.example"}) {
    for (int i = 0; i < 3; ++i) ASSERT_EQ(attempt(email, "wrong-password").status, 401) << i;
    Response slowed = attempt(email, "wrong-password");
    EXPECT_EQ(slowed.status, 429) << slowed.Describe();
    EXPECT_EQ(slowed.Header("retry-after"), "2");
    EXPECT_EQ(slowed.JsonBody().value("type", ""), "https://tawasul.example/problems/rate-limited")
        << slowed.Describe();
  }
  // Another account is not affected.
  EXPECT_EQ(attempt(kAgentMow, "demo-agent-2026").status, 200);
}

TEST_F(LifecycleTest, InboxIsScopedToTheCallersEntity) {
  auto [mow_ref, mow_code] = NewMowCase();
  Json moh = ValidCaseBody();
  moh["category"] = "health.appointments";
  ASSERT_EQ(SubmitCase(*http_, moh).status, 201);

  auto refs_of = [](const Response& r) {
    std::set<std::string> out;
    Json j = r.JsonBody();  // keep the document alive while iterating it
    for (const auto& item : j["items"]) out.insert(item.value("entity", ""));
    return out;
  };
  Response agent = http_->Get("/api/v1/inbox", Bearer(Login(kAgentMow)));
  ASSERT_EQ(agent.status, 200) << agent.Describe();
  EXPECT_EQ(refs_of(agent), (std::set<std::string>{"MOW"}));
  EXPECT_EQ(agent.JsonBody().value("total", 0), 1);
  Response admin = http_->Get("/api/v1/inbox", Bearer(Login(kAdmin)));
  EXPECT_EQ(refs_of(admin), (std::set<std::string>{"MOW", "MOH"}));
  Response bad = http_->Get("/api/v1/inbox?status=nope", Bearer(Login(kAdmin)));
  EXPECT_EQ(bad.status, 400);
}

// An action the database refuses to store (not an overload) is a fault: 500 problem+json without
// Retry-After, logged without what the staff member wrote; nothing changed, and once the
// database accepts writes again the same action succeeds.
TEST_F(LifecycleTest, ActionTheDatabaseRefusesIs500AndLogged) {
  auto [ref, code] = NewMowCase();
  std::string agent = Login(kAgentMow);
  if (Server::IsPostgres()) {
    server_->SqlExec(
        "CREATE FUNCTION refuse_updates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'refused by the test'; END $$; CREATE TRIGGER refuse_updates BEFORE "
        "UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION refuse_updates()");
  } else {
    server_->SqlExec(
        "CREATE TRIGGER refuse_updates BEFORE UPDATE ON cases BEGIN SELECT RAISE(ABORT, "
        "'refused by the test'); END");
  }
  const std::string secret = "internal: ask Sayed Hashim on 36001234";
  Response r = Act(agent, ref, {{"action", "note"}, {"body", secret}});
  EXPECT_EQ(r.status, 500) << r.Describe();
  EXPECT_FALSE(r.HasHeader("retry-after")) << "a fault is not load: " << r.Describe();
  const std::string log = server_->StderrTail(100000);
  const auto line_at = log.find("case action not stored: ");
  ASSERT_NE(line_at, std::string::npos) << log;
  EXPECT_NE(log.substr(line_at, log.find('\n', line_at) - line_at).find("refused by the test"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("Sayed Hashim"), std::string::npos) << "personal data in the log:\n" << log;
  server_->SqlExec(Server::IsPostgres()
                       ? "DROP TRIGGER refuse_updates ON cases; DROP FUNCTION refuse_updates()"
                       : "DROP TRIGGER refuse_updates");
  EXPECT_EQ(Act(agent, ref, {{"action", "note"}, {"body", secret}}).status, 200);
}

TEST_F(LifecycleTest, CitizenJourneyWithPauseReplyAnswerAndRating) {
  auto [ref, code] = NewMowCase();
  std::string agent = Login(kAgentMow);
  Response r = Act(agent, ref, {{"action", "assign"}, {"assignee", "me"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody().value("status", ""), "in_progress");
  r = Act(agent, ref, {{"action", "note"}, {"body", "internal: check with the contractor"}});
  ASSERT_EQ(r.status, 200);
  r = Act(agent, ref, {{"action", "request_info"}, {"body", "Which street exactly?"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody().value("status", ""), "awaiting_citizen");
  EXPECT_FALSE(r.JsonBody()["paused_at"].is_null());
  EXPECT_FALSE(r.JsonBody()["first_response_at"].is_null());  // request_info is a first response

  r = Citizen(ref, code, "replies", {{"body", "Road 12, Block 305"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody().value("status", ""), "in_progress");
  r = Act(agent, ref, {{"action", "answer"}, {"body", "The pothole was repaired today."}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody().value("status", ""), "answered");

  Response view = LookupCase(*http_, ref, code);
  ASSERT_EQ(view.status, 200);
  Json v = view.JsonBody();
  EXPECT_TRUE(v.value("can_rate", false));
  std::vector<std::string> kinds;
  for (const auto& e : v["timeline"]) kinds.push_back(e.value("kind", ""));
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"received", "request_info", "citizen_reply", "answer"}));
  EXPECT_EQ(view.body.find("contractor"), std::string::npos);  // internal note never shown
  EXPECT_EQ(view.body.find("user:"), std::string::npos);       // no staff identity

  r = Citizen(ref, code, "rating", {{"score", 5}, {"comment", "Quick, thank you"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody().value("status", ""), "closed");
  EXPECT_EQ(r.JsonBody().value("rating", 0), 5);
  EXPECT_EQ(Citizen(ref, code, "rating", {{"score", 4}}).status, 409);  // once per answer
  EXPECT_EQ(Citizen(ref, "AAAAAAAA", "replies", {{"body", "x"}}).status, 404);
  EXPECT_EQ(Citizen(ref, code, "rating", {{"score", 9}}).status, 422);
}

TEST_F(LifecycleTest, LowRatingAllowsReopenAsNewCycle) {
  auto [ref, code] = NewMowCase();
  std::string agent = Login(kAgentMow);
  ASSERT_EQ(Act(agent, ref, {{"action", "answer"}, {"body", "Done."}}).status, 200);
  Response r = Citizen(ref, code, "rating", {{"score", 1}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody().value("status", ""), "answered");
  EXPECT_TRUE(r.JsonBody().value("can_reopen", false));
  r = Citizen(ref, code, "reopen", {{"reason", "Nothing was repaired."}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody().value("status", ""), "in_progress");
  Response staff = http_->Get("/api/v1/cases/" + ref, Bearer(agent));
  ASSERT_EQ(staff.status, 200);
  EXPECT_EQ(staff.JsonBody().value("cycle", 0), 2);
  EXPECT_EQ(staff.JsonBody().value("reopen_count", 0), 1);
}

TEST_F(LifecycleTest, IllegalTransitionIs409AndChangesNothing) {
  auto [ref, code] = NewMowCase();
  std::string agent = Login(kAgentMow);
  ASSERT_EQ(Act(agent, ref, {{"action", "answer"}, {"body", "Done."}}).status, 200);
  Response before = http_->Get("/api/v1/cases/" + ref, Bearer(agent));
  Response r = Act(agent, ref, {{"action", "request_info"}, {"body", "More?"}});
  EXPECT_EQ(r.status, 409) << r.Describe();
  EXPECT_EQ(r.MediaType(), "application/problem+json");
  Response after = http_->Get("/api/v1/cases/" + ref, Bearer(agent));
  EXPECT_EQ(before.JsonBody()["timeline"].size(), after.JsonBody()["timeline"].size());
  EXPECT_EQ(after.JsonBody().value("status", ""), "answered");
}

TEST_F(LifecycleTest, RolesAndEntitiesAreEnforced) {
  auto [ref, code] = NewMowCase();
  std::string agent_mow = Login(kAgentMow);
  std::string agent_moh = Login(kAgentMoh);
  std::string auditor = Login(kAuditor);
  // Another entity's agent cannot see or act on the case: 404, as if it did not exist.
  EXPECT_EQ(Act(agent_moh, ref, {{"action", "note"}, {"body", "x"}}).status, 404);
  EXPECT_EQ(http_->Get("/api/v1/cases/" + ref, Bearer(agent_moh)).status, 404);
  // Agents may not transfer; auditors may not act at all.
  EXPECT_EQ(
      Act(agent_mow, ref, {{"action", "transfer"}, {"entity", "MOH"}, {"reason", "Health matter"}})
          .status,
      403);
  EXPECT_EQ(Act(auditor, ref, {{"action", "note"}, {"body", "x"}}).status, 403);
  EXPECT_EQ(http_->Get("/api/v1/cases/" + ref, Bearer(auditor)).status, 200);
  // Unknown action and bad fields are 422.
  EXPECT_EQ(Act(agent_mow, ref, {{"action", "delete"}}).status, 422);
  EXPECT_EQ(Act(agent_mow, ref, {{"action", "reject"}, {"reason", "bored"}, {"body", "x"}}).status,
            422);
  // No token: 401.
  EXPECT_EQ(
      http_->PostJson("/api/v1/cases/" + ref + "/actions", {{"action", "note"}, {"body", "x"}})
          .status,
      401);
}

TEST_F(LifecycleTest, SupervisorTransfersToAnotherEntity) {
  auto [ref, code] = NewMowCase();
  std::string supervisor = Login(kSupervisorMow);
  Response r = Act(supervisor, ref,
                   {{"action", "transfer"}, {"entity", "MOH"}, {"reason", "A health matter"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody()["entity"].value("code", ""), "MOH");
  EXPECT_EQ(r.JsonBody().value("status", ""), "received");
  EXPECT_EQ(r.JsonBody().value("cycle", 0), 2);
  EXPECT_EQ(http_->Get("/api/v1/cases/" + ref, Bearer(Login(kAgentMoh))).status, 200);
  EXPECT_EQ(http_->Get("/api/v1/cases/" + ref, Bearer(Login(kAgentMow))).status, 404);
  // Extension once per cycle.
  std::string admin = Login(kAdmin);
  Response ext = Act(admin, ref,
                     {{"action", "extend"}, {"working_days", 5}, {"reason", "Site survey needed"}});
  ASSERT_EQ(ext.status, 200) << ext.Describe();
  EXPECT_GT(ext.JsonBody().value("due_at", ""), r.JsonBody().value("due_at", ""));
  EXPECT_EQ(
      Act(admin, ref, {{"action", "extend"}, {"working_days", 5}, {"reason", "Again"}}).status,
      409);
}

TEST_F(LifecycleTest, AuditVerifyDetectsAnEditedEvent) {
  auto [ref, code] = NewMowCase();
  std::string agent = Login(kAgentMow);
  ASSERT_EQ(Act(agent, ref, {{"action", "reply"}, {"body", "We are on it."}}).status, 200);
  ASSERT_EQ(Act(agent, ref, {{"action", "answer"}, {"body", "Repaired."}}).status, 200);
  server_->Stop();
  std::string cmd =
      std::string(TAWASUL_BINARY) + " audit verify " + server_->CliDatabaseArgs() + " 2>&1";
  auto run = [&](int* status) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[512];
    while (p && fgets(buf, sizeof buf, p)) out += buf;
    *status = p ? pclose(p) : -1;
    return out;
  };
  int status = 0;
  std::string out = run(&status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("intact"), std::string::npos) << out;

  // Edit the reply behind the service's back (a trigger refuses updates: drop it on SQLite,
  // disable it on PostgreSQL).
  const std::string unguard =
      server_->IsPostgres() ? "ALTER TABLE case_events DISABLE TRIGGER case_events_no_update; "
                            : "DROP TRIGGER case_events_no_update; ";
  server_->SqlExec(unguard +
                   "UPDATE case_events SET body = 'We never said that' WHERE kind = 'reply' AND "
                   "case_id = (SELECT id FROM cases WHERE reference = '" +
                   ref + "');");
  ASSERT_FALSE(HasFailure());

  out = run(&status);
  EXPECT_NE(status, 0) << out;
  EXPECT_NE(out.find(ref), std::string::npos) << out;
  EXPECT_NE(out.find("event 2"), std::string::npos) << out;
}

}  // namespace
}  // namespace tawasul_test
