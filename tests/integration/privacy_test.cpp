// Privacy by default (issue 21 item 7): no personal data in the logs, contacts masked for the
// auditor and in exports. A server runs with its access log in a file and its diagnostics at
// debug level; citizens submit (API and form), mistype (rejected input), look their cases up,
// and someone signs in with a wrong password; then every line of every log is read and none may
// hold a name, email, phone number, subject, description, access code or password. On both
// backends.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kName = "Zorblax Quintavius";
constexpr const char* kEmail = "zorblax.quintavius@example.org";
constexpr const char* kPhone = "+97339871234";
constexpr const char* kSubject = "Yellowkite lamppost broken";
constexpr const char* kDescription = "Thundercrab: the Marshwiggle lamp has been off for weeks.";
constexpr const char* kPassword = "Wr0ng-Xylophone-Passw0rd";

class PrivacyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-privacy-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ServerOptions o;
    o.access_log = dir_ + "/access.log";
    o.extra_args = {"--log-level", "debug"};
    server_ = std::make_unique<Server>(o);
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string Token(const std::string& email, const std::string& password) {
    Response r = http_->PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.JsonBody().value("token", "");
  }
  Json PersonalBody() {
    Json body = ValidCaseBody();
    body["category"] = "roads.potholes";
    body["subject"] = kSubject;
    body["description"] = kDescription;
    body["contact"] = {{"name", kName}, {"email", kEmail}, {"phone", kPhone}};
    return body;
  }
  std::pair<std::string, std::string> Submit() {
    Response r = SubmitCase(*http_, PersonalBody());
    EXPECT_EQ(r.status, 201) << r.Describe();
    return {r.JsonBody().value("reference", ""), r.JsonBody().value("access_code", "")};
  }
  // Every log the server wrote: its access log, standard output and standard error.
  std::string AllLogs() {
    std::string all;
    for (const std::string& dir : {server_->dir(), dir_}) {
      for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".log") continue;
        std::ifstream in(entry.path());
        std::stringstream s;
        s << in.rdbuf();
        all += s.str();
      }
    }
    return all;
  }

  std::string dir_;  // the access log's
  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(PrivacyTest, NoPersonalDataReachesTheLogs) {
  auto [ref, code] = Submit();

  // Rejected input carrying the same values (and one that is not JSON at all).
  Json bad = PersonalBody();
  bad["contact"]["email"] = std::string(kEmail) + "@@";
  EXPECT_EQ(SubmitCase(*http_, bad).status, 422);
  bad = PersonalBody();
  bad["contact"]["phone"] = std::string(kPhone) + "Z";
  bad["subject"] = std::string(kSubject) + "\x01";
  EXPECT_EQ(SubmitCase(*http_, bad).status, 422);
  Response broken = http_->PostRaw(
      "/api/v1/cases", std::string("{\"subject\": \"") + kSubject + "\", \"contact\": {",
      "application/json");
  EXPECT_EQ(broken.status, 400) << broken.Describe();

  // The form, accepted and refused.
  for (const std::string& email : {std::string(kEmail), std::string(kEmail) + "@@"}) {
    Response page = http_->Get("/submit?lang=en");
    ASSERT_EQ(page.status, 200);
    Response posted = http_->PostForm("/submit?lang=en",
                                      {{"csrf", FormInputValue(page.body, "csrf").value_or("")},
                                       {"type", "complaint"},
                                       {"category", "roads.potholes"},
                                       {"subject", kSubject},
                                       {"description", kDescription},
                                       {"name", kName},
                                       {"email", email},
                                       {"phone", kPhone}},
                                      "csrf=" + page.SetCookie("csrf").value_or(""));
    EXPECT_TRUE(posted.status == 303 || posted.status == 422) << posted.Describe();
  }

  // The citizen looks the case up (API and page), once with a wrong code.
  EXPECT_EQ(LookupCase(*http_, ref, code).status, 200);
  EXPECT_NE(LookupCase(*http_, ref, "999999999999").status, 200);
  Response track = http_->Get("/track?lang=en");
  Response tracked = http_->PostForm("/track",
                                     {{"csrf", FormInputValue(track.body, "csrf").value_or("")},
                                      {"reference", ref},
                                      {"access_code", code}},
                                     "csrf=" + track.SetCookie("csrf").value_or(""));
  EXPECT_EQ(tracked.status, 200) << tracked.Describe();

  // Sign-in with a wrong password (API and page) and with a citizen's email as the account.
  EXPECT_EQ(http_
                ->PostJson("/api/v1/auth/login",
                           {{"email", "agent.mow@tawasul.example"}, {"password", kPassword}})
                .status,
            401);
  EXPECT_EQ(
      http_->PostJson("/api/v1/auth/login", {{"email", kEmail}, {"password", kPassword}}).status,
      401);
  Response login = http_->Get("/login");
  http_->PostForm("/login",
                  {{"csrf", FormInputValue(login.body, "csrf").value_or("")},
                   {"email", "agent.mow@tawasul.example"},
                   {"password", kPassword}},
                  "csrf=" + login.SetCookie("csrf").value_or(""));

  // Staff search for the subject and read the case (the query string is personal data too).
  const std::string auth =
      "Authorization: Bearer " + Token("agent.mow@tawasul.example", "demo-agent-2026");
  EXPECT_EQ(http_->Get("/api/v1/search?q=Yellowkite", {auth}).status, 200);
  EXPECT_EQ(http_->Get("/api/v1/cases/" + ref, {auth}).status, 200);

  http_.reset();
  server_->Stop();
  const std::string logs = AllLogs();
  ASSERT_NE(logs.find("\"path\":\"/api/v1/cases\""), std::string::npos)
      << "the access log was not written:\n"
      << logs.substr(0, 2000);
  for (const std::string& value :
       {std::string("Zorblax"), std::string("Quintavius"), std::string("zorblax"),
        std::string("39871234"), std::string("Yellowkite"), std::string("Thundercrab"),
        std::string("Marshwiggle"), std::string("Xylophone"), code}) {
    auto at = logs.find(value);
    EXPECT_EQ(at, std::string::npos)
        << value << " is in a log: ..."
        << logs.substr(at == std::string::npos ? 0 : (at > 200 ? at - 200 : 0), 400);
  }
}

TEST_F(PrivacyTest, AuditorSeesMaskedContactAndExportsAreMaskedUnlessAsked) {
  auto [ref, code] = Submit();
  const std::string auditor = Token("auditor@tawasul.example", "demo-auditor-2026");
  Response view = http_->Get("/api/v1/cases/" + ref, {"Authorization: Bearer " + auditor});
  ASSERT_EQ(view.status, 200) << view.Describe();
  Json contact = view.JsonBody()["contact"];
  EXPECT_EQ(contact.value("email", ""), "z***@example.org") << contact.dump();
  EXPECT_EQ(contact.value("name", ""), "Z***") << contact.dump();
  EXPECT_TRUE(contact.value("masked", false));
  EXPECT_EQ(view.body.find(kEmail), std::string::npos);
  EXPECT_EQ(view.body.find("39871234"), std::string::npos);
  EXPECT_EQ(view.body.find("Quintavius"), std::string::npos);

  // The agent who answers it sees the contact.
  const std::string agent = Token("agent.mow@tawasul.example", "demo-agent-2026");
  Response agent_view = http_->Get("/api/v1/cases/" + ref, {"Authorization: Bearer " + agent});
  EXPECT_EQ(agent_view.JsonBody()["contact"].value("email", ""), kEmail);

  // The auditor's page too.
  Response form = http_->Get("/login");
  const std::string csrf = FormInputValue(form.body, "csrf").value_or("");
  const std::string cookies = "csrf=" + form.SetCookie("csrf").value_or("");
  Response signed_in = http_->PostForm("/login",
                                       {{"csrf", csrf},
                                        {"email", "auditor@tawasul.example"},
                                        {"password", "demo-auditor-2026"},
                                        {"next", "/staff/"}},
                                       cookies);
  ASSERT_EQ(signed_in.status, 303) << signed_in.Describe();
  Response page = http_->Get(
      "/staff/cases/" + ref, {},
      cookies + "; tawasul_session=" + signed_in.SetCookie("tawasul_session").value_or(""));
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_NE(page.body.find("z***@example.org"), std::string::npos);
  EXPECT_EQ(page.body.find(kEmail), std::string::npos);
  EXPECT_EQ(page.body.find("Quintavius"), std::string::npos);

  http_.reset();
  server_->Stop();
  CliOutput masked = RunTawasul("export --format jsonl " + server_->CliDatabaseArgs());
  ASSERT_EQ(masked.status, 0) << masked.err;
  EXPECT_EQ(masked.out.find(kEmail), std::string::npos);
  EXPECT_EQ(masked.out.find("39871234"), std::string::npos);
  EXPECT_NE(masked.out.find("z***@example.org"), std::string::npos);
  EXPECT_NE(masked.out.find("\"contact_masked\":true"), std::string::npos);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'export'"), 0);

  CliOutput full =
      RunTawasul("export --format jsonl --include-contact " + server_->CliDatabaseArgs());
  ASSERT_EQ(full.status, 0) << full.err;
  EXPECT_NE(full.out.find(kEmail), std::string::npos);
  EXPECT_EQ(full.out.find("\"contact_masked\""), std::string::npos);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'export' AND action "
                            "= 'include_contact'"),
            1);
}

}  // namespace
}  // namespace tawasul_test
