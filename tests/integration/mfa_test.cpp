// Staff second factor (issue 16 item 3) over real HTTP, on both backends: enrolment with a code
// computed here by liboath from the key the page shows, sign-in with a code (JSON API and pages),
// wrong codes refused and counted, a replayed code refused, recovery codes used once, an
// administrator held at enrolment, the operator's reset, the idle timeout, and (item 5) the last
// sign-in on /admin/users and the end of a disabled user's sessions.

#include <gtest/gtest.h>
#include <liboath/oath.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "integration/admin_fixture.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

constexpr const char* kAdmin = "admin@tawasul.example";
constexpr const char* kAdminPassword = "demo-admin-2026";
constexpr const char* kAgent = "agent.moh@tawasul.example";
constexpr const char* kAgentPassword = "demo-agent-2026";

// The raw secret of the base32 key shown on /staff/mfa.
std::string DecodeKey(const std::string& base32) {
  oath_init();
  char* out = nullptr;
  size_t len = 0;
  EXPECT_EQ(oath_base32_decode(base32.data(), base32.size(), &out, &len), OATH_OK) << base32;
  std::string raw(out ? out : "", out ? len : 0);
  std::free(out);
  return raw;
}

// The code of `secret` `steps` 30-second steps from now (liboath, RFC 6238).
std::string CodeAt(const std::string& secret, int steps) {
  char otp[7] = {};
  EXPECT_EQ(oath_totp_generate(secret.data(), secret.size(), std::time(nullptr) + 30 * steps, 30, 0,
                               6, otp),
            OATH_OK);
  return otp;
}

// Six digits that are none of the codes of the window around now.
std::string WrongCode(const std::string& secret) {
  for (int n = 123457;; ++n) {  // six digits
    const std::string code = std::to_string(n);
    bool valid = false;
    for (int d = -2; d <= 2; ++d) valid = valid || CodeAt(secret, d) == code;
    if (!valid) return code;
  }
}

class MfaTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({"--admin-mfa"}); }
  void Start(std::vector<std::string> extra) {
    ServerOptions options;
    options.extra_args = std::move(extra);
    server_ = std::make_unique<Server>(options);
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  static std::string Cookies(const std::string& session, const std::string& challenge = "") {
    std::string c = std::string("csrf=") + kAdminCsrf;
    if (!session.empty()) c += "; tawasul_session=" + session;
    if (!challenge.empty()) c += "; tawasul_mfa=" + challenge;
    return c;
  }
  Response ApiLogin(const std::string& email, const std::string& password,
                    const std::optional<std::string>& totp = std::nullopt) {
    Json body = {{"email", email}, {"password", password}};
    if (totp) body["totp"] = *totp;
    return http_->PostJson("/api/v1/auth/login", body);
  }
  Response PageLogin(const std::string& email, const std::string& password) {
    return http_->PostForm(
        "/login",
        {{"email", email}, {"password", password}, {"next", "/admin/users"}, {"csrf", kAdminCsrf}},
        Cookies(""));
  }
  Response PageCode(const std::string& challenge, const std::string& code) {
    return http_->PostForm("/login/code",
                           {{"code", code}, {"next", "/admin/users"}, {"csrf", kAdminCsrf}},
                           Cookies("", challenge));
  }
  // Enrols the signed-in session's user: returns the secret and fills `recovery`.
  std::string Enrol(const std::string& session, std::vector<std::string>* recovery) {
    Response start = http_->PostForm("/staff/mfa/start", {{"csrf", kAdminCsrf}}, Cookies(session));
    EXPECT_EQ(start.status, 303) << start.Describe();
    Response page = http_->Get("/staff/mfa", {}, Cookies(session));
    EXPECT_EQ(page.status, 200) << page.Describe();
    EXPECT_NE(page.body.find("<svg"), std::string::npos);  // the QR code
    auto key = ElementTextById(page.body, "mfa-secret");
    EXPECT_TRUE(key.has_value()) << page.body.substr(0, 2000);
    if (!key) return "";
    EXPECT_EQ(key->size(), 32u);  // 160 bits in base32
    std::string secret = DecodeKey(*key);
    EXPECT_EQ(secret.size(), 20u);
    Response wrong =
        http_->PostForm("/staff/mfa/confirm", {{"code", WrongCode(secret)}, {"csrf", kAdminCsrf}},
                        Cookies(session));
    EXPECT_EQ(wrong.status, 422) << wrong.Describe();
    enrol_code_ = CodeAt(secret, 0);
    Response done = http_->PostForm(
        "/staff/mfa/confirm", {{"code", enrol_code_}, {"csrf", kAdminCsrf}}, Cookies(session));
    EXPECT_EQ(done.status, 200) << done.Describe();
    std::regex code_re("<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>");
    for (auto it = std::sregex_iterator(done.body.begin(), done.body.end(), code_re);
         it != std::sregex_iterator(); ++it) {
      recovery->push_back((*it)[1]);
    }
    EXPECT_EQ(recovery->size(), 10u);
    return secret;
  }
  std::int64_t FailedLogins(const std::string& email) {
    return server_->SqlInt("SELECT failed_logins FROM users WHERE email = '" + email + "'");
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
  std::string enrol_code_;  // the code that confirmed the last enrolment
};

TEST_F(MfaTest, AnAdministratorIsHeldAtEnrolmentThenSignsInWithCodes) {
  // Password alone: the JSON API opens no session, the page one that reaches enrolment only.
  Response api = ApiLogin(kAdmin, kAdminPassword);
  Json problem = ExpectProblem(api, 403);
  EXPECT_EQ(problem.value("type", "").find("mfa-enrolment-required") != std::string::npos, true)
      << api.Describe();
  Response login = PageLogin(kAdmin, kAdminPassword);
  ASSERT_EQ(login.status, 303) << login.Describe();
  EXPECT_EQ(login.Header("location"), "/staff/mfa");
  auto session = login.SetCookie("tawasul_session");
  ASSERT_TRUE(session.has_value());
  Response admin_page = http_->Get("/admin/users", {}, Cookies(*session));
  EXPECT_EQ(admin_page.status, 303);
  EXPECT_EQ(admin_page.Header("location"), "/staff/mfa");
  EXPECT_EQ(http_->Get("/staff/", {}, Cookies(*session)).Header("location"), "/staff/mfa");
  EXPECT_EQ(http_->Get("/api/v1/inbox", {"Authorization: Bearer " + *session}).status, 401);

  std::vector<std::string> recovery;
  std::string secret = Enrol(*session, &recovery);
  ASSERT_FALSE(secret.empty());
  ASSERT_EQ(recovery.size(), 10u);
  // Enrolled: the same session now reaches the administration.
  EXPECT_EQ(http_->Get("/admin/users", {}, Cookies(*session)).status, 200);
  // The secret is stored sealed, the recovery codes hashed.
  std::string stored = server_->SqlText("SELECT sealed_secret FROM user_mfa");
  EXPECT_EQ(stored.rfind("sb1:", 0), 0u) << stored;
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM mfa_recovery_codes WHERE used_at IS NULL"), 10);

  // JSON API: no code -> 401 naming totp; a wrong code -> 401, counted as a failed sign-in.
  Response none = ApiLogin(kAdmin, kAdminPassword);
  EXPECT_TRUE(HasFieldError(ExpectProblem(none, 401), "totp", "required")) << none.Describe();
  Response wrong = ApiLogin(kAdmin, kAdminPassword, WrongCode(secret));
  EXPECT_TRUE(HasFieldError(ExpectProblem(wrong, 401), "totp", "invalid")) << wrong.Describe();
  EXPECT_EQ(FailedLogins(kAdmin), 1);
  // The code that confirmed the enrolment is refused now (a replay, whatever the clock did
  // since); the next step's is taken (the window is one step either side), once.
  Response replay = ApiLogin(kAdmin, kAdminPassword, enrol_code_);
  EXPECT_EQ(replay.status, 401) << replay.Describe();
  const std::string next_code = CodeAt(secret, 1);
  Response ok = ApiLogin(kAdmin, kAdminPassword, next_code);
  ASSERT_EQ(ok.status, 200) << ok.Describe();
  EXPECT_EQ(FailedLogins(kAdmin), 0);
  Response again = ApiLogin(kAdmin, kAdminPassword, next_code);
  EXPECT_EQ(again.status, 401) << again.Describe();

  // Pages: the password gives a challenge, not a session; a recovery code finishes, once.
  Response step1 = PageLogin(kAdmin, kAdminPassword);
  ASSERT_EQ(step1.status, 303) << step1.Describe();
  EXPECT_EQ(step1.Header("location").rfind("/login/code", 0), 0u);
  EXPECT_FALSE(step1.SetCookie("tawasul_session").has_value());
  auto challenge = step1.SetCookie("tawasul_mfa");
  ASSERT_TRUE(challenge.has_value());
  Response step2 = PageCode(*challenge, recovery[0]);
  ASSERT_EQ(step2.status, 303) << step2.Describe();
  EXPECT_EQ(step2.Header("location"), "/admin/users");
  auto second = step2.SetCookie("tawasul_session");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(http_->Get("/admin/users", {}, Cookies(*second)).status, 200);
  // The challenge was single use.
  Response reused_challenge = PageCode(*challenge, recovery[1]);
  EXPECT_EQ(reused_challenge.status, 303);
  EXPECT_EQ(reused_challenge.Header("location").rfind("/login?", 0), 0u);
  // The recovery code too: refused with the page again and a new challenge.
  auto fresh = PageLogin(kAdmin, kAdminPassword).SetCookie("tawasul_mfa");
  ASSERT_TRUE(fresh.has_value());
  Response used = PageCode(*fresh, recovery[0]);
  EXPECT_EQ(used.status, 401) << used.Describe();
  EXPECT_FALSE(used.SetCookie("tawasul_session").has_value());
  auto retry = used.SetCookie("tawasul_mfa");
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(FailedLogins(kAdmin), 1);
  std::string typed = recovery[1];  // as a person may type it: lower case, no hyphen
  typed.erase(5, 1);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Response other = PageCode(*retry, typed);
  EXPECT_EQ(other.status, 303) << other.Describe();
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM mfa_recovery_codes WHERE used_at IS NULL"), 8);
}

TEST_F(MfaTest, TheOperatorResetsALostFactorAndEntitiesMayRequireOne) {
  auto session = PageLogin(kAdmin, kAdminPassword).SetCookie("tawasul_session");
  ASSERT_TRUE(session.has_value());
  std::vector<std::string> recovery;
  ASSERT_FALSE(Enrol(*session, &recovery).empty());
  ASSERT_EQ(http_->Get("/admin/users", {}, Cookies(*session)).status, 200);
  CliOutput reset = RunTawasul("user reset-mfa --email " + std::string(kAdmin) + " " +
                               server_->CliDatabaseArgs());
  ASSERT_EQ(reset.status, 0) << reset.err;
  // The sessions ended; the password leads to enrolment again.
  EXPECT_EQ(
      http_->Get("/admin/users", {}, Cookies(*session)).Header("location").rfind("/login?", 0), 0u);
  EXPECT_EQ(PageLogin(kAdmin, kAdminPassword).Header("location"), "/staff/mfa");
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM user_mfa"), 0);

  // An agent signs in with a password alone until their entity requires a second factor.
  Response agent = PageLogin(kAgent, kAgentPassword);
  EXPECT_EQ(agent.Header("location"), "/admin/users");
  CliOutput require = RunTawasul("user mfa-entity --entity MOH " + server_->CliDatabaseArgs());
  ASSERT_EQ(require.status, 0) << require.err;
  auto agent_session = agent.SetCookie("tawasul_session");
  ASSERT_TRUE(agent_session.has_value());
  EXPECT_EQ(http_->Get("/staff/", {}, Cookies(*agent_session)).Header("location"), "/staff/mfa");
  EXPECT_EQ(PageLogin(kAgent, kAgentPassword).Header("location"), "/staff/mfa");
  EXPECT_EQ(ExpectProblem(ApiLogin(kAgent, kAgentPassword), 403).value("status", 0), 403);
}

TEST_F(MfaTest, LastSignInIsShownAndDisablingEndsSessions) {
  // Administrators without MFA for this one (the pages under test are item 5's).
  Start({});
  Response admin = ApiLogin(kAdmin, kAdminPassword);
  ASSERT_EQ(admin.status, 200) << admin.Describe();
  const std::string token = admin.JsonBody().value("token", "");
  Response agent = ApiLogin(kAgent, kAgentPassword);
  ASSERT_EQ(agent.status, 200);
  const std::string agent_token = agent.JsonBody().value("token", "");
  Response page = http_->Get("/admin/users", {"Authorization: Bearer " + token}, Cookies(""));
  ASSERT_EQ(page.status, 200);
  std::regex cell("<td class=\"last-sign-in\">([^<]*)</td>");
  std::size_t cells = 0, never = 0;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), cell);
       it != std::sregex_iterator(); ++it) {
    ++cells;
    if ((*it)[1].str() == "لم يدخل") ++never;  // "never" (Arabic, the default language)
  }
  EXPECT_GE(cells, 5u);          // every demo user has the column
  EXPECT_EQ(cells - never, 2u);  // a time for the two who signed in

  const std::string agent_id =
      server_->SqlText("SELECT id FROM users WHERE email = '" + std::string(kAgent) + "'");
  ASSERT_EQ(http_->Get("/api/v1/inbox", {"Authorization: Bearer " + agent_token}).status, 200);
  Response off = http_->PostForm("/admin/users/" + agent_id,
                                 {{"active", "0"},
                                  {"role", "agent"},
                                  {"entity", "MOH"},
                                  {"name", "Agent"},
                                  {"csrf", kAdminCsrf}},
                                 Cookies(""), {"Authorization: Bearer " + token});
  ASSERT_EQ(off.status, 303) << off.Describe();
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM sessions WHERE user_id = " + agent_id +
                            " AND revoked_at IS NULL"),
            0);
  EXPECT_EQ(http_->Get("/api/v1/inbox", {"Authorization: Bearer " + agent_token}).status, 401);
}

TEST_F(MfaTest, AnIdleSessionEnds) {
  Start({"--staff-idle-seconds", "1"});
  Response admin = ApiLogin(kAdmin, kAdminPassword);
  ASSERT_EQ(admin.status, 200) << admin.Describe();
  const std::string token = admin.JsonBody().value("token", "");
  // More than the idle time without a request (seconds are whole: 1 s idle ends by 2 s).
  usleep(2'500'000);
  EXPECT_EQ(http_->Get("/api/v1/inbox", {"Authorization: Bearer " + token}).status, 401);
  // Not revoked: only idle (the absolute lifetime is unchanged).
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM sessions WHERE revoked_at IS NULL"), 1);
}

}  // namespace
}  // namespace tawasul_test
