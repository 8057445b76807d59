// The message templates and the delivery queue on the administration pages (/admin/messages,
// /admin/outbox): a new version with a preview, an unknown placeholder refused with 422 naming
// it, auditors read-only, and dead letters put back in the queue.

#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

class AdminMessagesTest : public AdminFixture {};

TEST_F(AdminMessagesTest, EveryMessageIsListedWithItsBuiltInText) {
  Response r = Page("/admin/messages", admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  for (const char* kind : {"received", "info_requested", "answered", "reopened", "transferred",
                           "closed", "assigned", "warning", "breach", "escalation"}) {
    EXPECT_NE(r.body.find(std::string("id=\"msg-") + kind + "\""), std::string::npos) << kind;
  }
  Response form = Page("/admin/messages/received/sms/ar", admin_);
  ASSERT_EQ(form.status, 200) << form.Describe();
  EXPECT_NE(form.body.find("{{reference}}"), std::string::npos);
  EXPECT_NE(form.body.find("id=\"msg-sms-info\""), std::string::npos);  // segments counted
  EXPECT_EQ(Page("/admin/messages/nonsense/sms/ar", admin_).status, 404);
  EXPECT_EQ(Page("/admin/messages/received/pigeon/ar", admin_).status, 404);
  EXPECT_EQ(Page("/admin/messages", agent_).status, 403);
}

TEST_F(AdminMessagesTest, UnknownPlaceholderIsRefusedAndNothingIsStored) {
  Response r = Post("/admin/messages/answered/email/en",
                    {{"subject", "Answer to {{reference}}"},
                     {"body", "Dear citizen, {{access_code}} {{password}}"},
                     {"action", "save"}},
                    admin_);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_NE(r.body.find("access_code"), std::string::npos);  // not a placeholder of "answered"
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM message_templates"), 0);
  Response broken = Post("/admin/messages/answered/email/en",
                         {{"subject", "x"}, {"body", "{{#answer}}"}, {"action", "save"}}, admin_);
  EXPECT_EQ(broken.status, 422) << broken.Describe();
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM message_templates"), 0);
}

TEST_F(AdminMessagesTest, PreviewRendersAndSaveAddsAVersion) {
  Fields fields = {{"subject", "Answer to {{reference}}"},
                   {"body", "We answered:\n\n{{answer}}\n\n{{track_url}}"}};
  Fields preview = fields;
  preview.emplace_back("action", "preview");
  Response p = Post("/admin/messages/answered/email/en", preview, admin_);
  ASSERT_EQ(p.status, 200) << p.Describe();
  EXPECT_NE(p.body.find("Answer to 26-0001234-7"), std::string::npos);      // sample values
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM message_templates"), 0);  // preview only

  Fields save = fields;
  save.emplace_back("action", "save");
  Response s = Post("/admin/messages/answered/email/en", save, admin_);
  EXPECT_EQ(s.status, 303) << s.Describe();
  Response again = Post("/admin/messages/answered/email/en", save, admin_);
  EXPECT_EQ(again.status, 303) << again.Describe();
  EXPECT_EQ(server_->SqlInt("SELECT max(version) FROM message_templates WHERE kind = 'answered' "
                            "AND channel = 'email' AND language = 'en'"),
            2);
  Response list = Page("/admin/messages", admin_);
  EXPECT_TRUE(list.body.find("Version 2") != std::string::npos ||
              list.body.find("النسخة 2") != std::string::npos);
  // Auditors read, never write.
  EXPECT_EQ(Page("/admin/messages/answered/email/en", auditor_).status, 200);
  EXPECT_EQ(Post("/admin/messages/answered/email/en", save, auditor_).status, 403);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'message_template'"),
            2);
}

TEST_F(AdminMessagesTest, DeadLettersGoBackToTheQueue) {
  Response c = SubmitCase(*http_, ValidCaseBody());
  ASSERT_EQ(c.status, 201) << c.Describe();
  // No channel is configured in this server: the message waits, queued.
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE status = 'queued'"), 1);
  server_->SqlExec("UPDATE outbox SET status = 'dead', last_error = 'smtp 451'");
  Response list = Page("/admin/outbox?status=dead", admin_);
  ASSERT_EQ(list.status, 200) << list.Describe();
  EXPECT_NE(list.body.find("data-status=\"dead\""), std::string::npos);
  EXPECT_EQ(list.body.find(ValidCaseBody()["contact"].value("email", "@@")), std::string::npos)
      << "the address is masked";
  Response retry = Post("/admin/outbox/retry", {}, admin_);
  EXPECT_EQ(retry.status, 303) << retry.Describe();
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE status = 'queued'"), 1);
}

}  // namespace
}  // namespace tawasul_test
