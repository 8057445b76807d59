// Accounts that strangers cannot lock (issue 21). Before, five wrong passwords from anywhere
// locked any account, administrators included, with no unlock, and the lockout answer (429)
// told a stranger the account existed. The server here believes X-Forwarded-For from loopback,
// so one test plays the owner at their usual address and strangers at many others.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/admin_fixture.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

constexpr const char* kOwner = "agent.moh@tawasul.example";
constexpr const char* kPassword = "demo-agent-2026";
constexpr const char* kOwnerDesk = "198.51.100.20";

class SignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.extra_args = {"--trusted-proxies", "127.0.0.1"};
    server_ = std::make_unique<Server>(options);
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  Response SignIn(const std::string& email, const std::string& password, const std::string& from) {
    return http_->PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}},
                           {"X-Forwarded-For: " + from});
  }
  // Ten wrong passwords from ten addresses (so no one address is slowed): the account locks.
  void StrangersGuess() {
    for (int i = 0; i < 10; ++i) {
      ASSERT_EQ(
          SignIn(kOwner, "guess-" + std::to_string(i), "203.0.113." + std::to_string(i + 1)).status,
          401)
          << i;
    }
    ASSERT_NE(server_->SqlText("SELECT coalesce(locked_until, 0) FROM users WHERE email = '" +
                               std::string(kOwner) + "'"),
              "0");
  }
  static Json WithoutRequestId(const Response& r) {
    Json j = r.JsonBody();
    j.erase("request_id");
    return j;
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(SignInTest, StrangersCannotLockTheOwnerOutOfTheirUsualAddress) {
  ASSERT_EQ(SignIn(kOwner, kPassword, kOwnerDesk).status, 200);
  StrangersGuess();
  // A stranger holding the right password at a new address is refused...
  Response stranger = SignIn(kOwner, kPassword, "203.0.113.99");
  EXPECT_EQ(stranger.status, 401) << stranger.Describe();
  // ...with the very answer an unknown account gets, so the lock reveals nothing.
  Response unknown = SignIn("nobody@tawasul.example", kPassword, "203.0.113.98");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(WithoutRequestId(stranger), WithoutRequestId(unknown));
  EXPECT_FALSE(stranger.HasHeader("Retry-After"));
  // The owner, at the desk they signed in from before, is not locked out.
  Response owner = SignIn(kOwner, kPassword, kOwnerDesk);
  EXPECT_EQ(owner.status, 200) << owner.Describe();
}

TEST_F(SignInTest, AnAdministratorUnlocksAnAccount) {
  StrangersGuess();
  EXPECT_EQ(SignIn(kOwner, kPassword, "192.0.2.50").status, 401);
  Response admin = SignIn("admin@tawasul.example", "demo-admin-2026", "192.0.2.60");
  ASSERT_EQ(admin.status, 200) << admin.Describe();
  Headers who = {"Authorization: Bearer " + admin.JsonBody().value("token", "")};
  const std::string cookies = std::string("csrf=") + kAdminCsrf;
  Response page = http_->Get("/admin/users", who, cookies);
  ASSERT_EQ(page.status, 200);
  const std::string id =
      server_->SqlText("SELECT id FROM users WHERE email = '" + std::string(kOwner) + "'");
  EXPECT_NE(page.body.find("/admin/users/" + id + "/unlock"), std::string::npos)
      << "the locked account offers an unlock button";
  Response unlock =
      http_->PostForm("/admin/users/" + id + "/unlock", {{"csrf", kAdminCsrf}}, cookies, who);
  EXPECT_EQ(unlock.status, 303) << unlock.Describe();
  EXPECT_EQ(SignIn(kOwner, kPassword, "192.0.2.50").status, 200);
  // The change is in the administration log.
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE action = 'unlock'"), 1);
  // Without the CSRF field nothing happens.
  StrangersGuess();
  Response forged = http_->PostForm("/admin/users/" + id + "/unlock", {}, cookies, who);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(SignIn(kOwner, kPassword, "192.0.2.51").status, 401);
}

}  // namespace
}  // namespace tawasul_test
