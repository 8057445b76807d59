// Cases for callers and visitors on the staff pages (/staff/caller): the call centre enters a
// case with no contact (anonymous caller) and gets the reference and access code to read out;
// errors are shown with nothing stored; the call centre reads no case anywhere else.

#include <cstdio>

#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

class CallerPagesTest : public AdminFixture {
 protected:
  Headers CallCentre() {
    std::string cmd = std::string(TAWASUL_BINARY) +
                      " user add --email cc@tawasul.example --password call-centre-2026 "
                      "--role call_centre " +
                      server_->CliDatabaseArgs() + " > /dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return Login("cc@tawasul.example", "call-centre-2026");
  }
};

TEST_F(CallerPagesTest, AnonymousCallerGetsAReferenceAndCodeToReadOut) {
  Headers cc = CallCentre();
  ASSERT_EQ(Page("/staff/caller", cc).status, 200);
  Response r = Post("/staff/caller",
                    {{"channel", "phone"},
                     {"type", "complaint"},
                     {"category", Catalogue::Get().complaint_category},
                     {"subject", "Street light broken"},
                     {"description", "The caller says the street light has been off for a week."}},
                    cc);
  ASSERT_EQ(r.status, 201) << r.Describe();
  auto at = r.body.find("id=\"cc-reference\">");
  ASSERT_NE(at, std::string::npos);
  std::string reference = r.body.substr(at + 18, 12);
  EXPECT_TRUE(LooksLikeReference(reference)) << reference;
  auto code_at = r.body.find("id=\"cc-access-code\">");
  ASSERT_NE(code_at, std::string::npos);
  std::string code = r.body.substr(code_at + 20, 8);
  // The code read out is the real one.
  EXPECT_EQ(LookupCase(*http_, reference, code).status, 200);
  EXPECT_EQ(server_->SqlText("SELECT channel FROM cases WHERE reference = '" + reference + "'"),
            "phone");
  std::string user_id = server_->SqlText("SELECT id FROM users WHERE email = 'cc@tawasul.example'");
  EXPECT_EQ(server_->SqlText("SELECT e.actor FROM case_events e JOIN cases c ON c.id = e.case_id "
                             "WHERE c.reference = '" +
                             reference + "' AND e.seq = 1"),
            "user:" + user_id);
  // No contact: no message is queued.
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE reference = '" + reference + "'"),
            0);
}

TEST_F(CallerPagesTest, ErrorsAreShownAndNothingIsStored) {
  Headers cc = CallCentre();
  std::int64_t before = server_->SqlInt("SELECT count(*) FROM cases");
  Response r = Post("/staff/caller",
                    {{"channel", "counter"},
                     {"type", "complaint"},
                     {"category", Catalogue::Get().complaint_category},
                     {"subject", "x"},
                     {"description", "short"},
                     {"phone", "not a phone"},
                     {"notify", "email"}},
                    cc);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_NE(r.body.find("id=\"cc-errors\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#cc-subject\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#cc-phone\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#cc-notify\""), std::string::npos);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM cases"), before);
  // Without the CSRF field nothing happens either.
  Response no_csrf = Post("/staff/caller", {{"subject", "A valid subject"}}, cc, false);
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.Describe();
}

TEST_F(CallerPagesTest, TheCallCentreReadsNoCase) {
  Headers cc = CallCentre();
  Response inbox = Page("/staff/", cc);
  EXPECT_EQ(inbox.status, 303) << inbox.Describe();
  EXPECT_EQ(inbox.Header("Location"), "/staff/caller");
  EXPECT_EQ(Page("/staff/search?q=light", cc).status, 303);
  EXPECT_EQ(http_->Get("/api/v1/inbox", cc).status, 403);
  EXPECT_EQ(http_->Get("/api/v1/search?q=light", cc).status, 403);
  Response c = SubmitCase(*http_, ValidCaseBody());
  ASSERT_EQ(c.status, 201);
  std::string ref = c.JsonBody().value("reference", "");
  EXPECT_EQ(http_->Get("/api/v1/cases/" + ref, cc).status, 404);
  EXPECT_EQ(Page("/staff/cases/" + ref, cc).status, 303);
  // Auditors may not enter cases for callers.
  EXPECT_EQ(Page("/staff/caller", auditor_).status, 403);
}

}  // namespace
}  // namespace tawasul_test
