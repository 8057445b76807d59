#pragma once
// The fixture of the administration page tests (admin_pages_test.cpp, admin_catalogue_test.cpp):
// a demo server, the administrator, auditor and MOW agent signed in (bearer tokens), and page
// requests carrying a valid CSRF cookie/field pair (unless a test leaves the field out).

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/server.h"

namespace tawasul_test {

inline constexpr const char* kAdminCsrf = "0123456789abcdef0123456789abcdef";

class AdminFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
    admin_ = Login("admin@tawasul.example", "demo-admin-2026");
    auditor_ = Login("auditor@tawasul.example", "demo-auditor-2026");
    agent_ = Login("agent.mow@tawasul.example", "demo-agent-2026");
  }
  void TearDown() override {
    http_.reset();
    if (server_->running()) server_->Stop();
  }
  Headers Login(const std::string& email, const std::string& password) {
    Response r = http_->PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return {"Authorization: Bearer " + r.JsonBody().value("token", "")};
  }
  Response Page(const std::string& path, const Headers& who) {
    return http_->Get(path, who, std::string("csrf=") + kAdminCsrf);
  }
  // A form POST with a valid CSRF pair (unless csrf is false).
  Response Post(const std::string& path, Fields fields, const Headers& who, bool csrf = true) {
    if (csrf) fields.emplace_back("csrf", kAdminCsrf);
    return http_->PostForm(path, fields, std::string("csrf=") + kAdminCsrf, who);
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
  Headers admin_, auditor_, agent_;
};

}  // namespace tawasul_test
