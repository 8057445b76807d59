// Erasure of personal data and retention (issue 21 item 7, issue 20 item 4; docs/audit.md §2):
// `tawasul erase` empties a closed case's personal fields, deletes their salts, its attachment
// rows and files, and appends one chained personal_data_erased event; the figures do not move,
// and `audit verify` passes — plain and against a checkpoint signed before the erasure. An open
// case is refused. `tawasul retention run` erases only closed cases past their type's period
// (a back-dated one here), and so does the scheduler's leader. On both backends.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "integration/server.h"
#include "integration/upload_helpers.h"

namespace tawasul_test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSubject = "Zanzibar-quokka pothole";
constexpr const char* kDescription = "Flamingo-Vortex description of a deep pothole at home.";
constexpr const char* kEmail = "erase.me.quokka@example.com";
constexpr const char* kPhone = "+97333991122";
constexpr const char* kName = "Quokka Flamingo";

class ErasureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-erase-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ServerOptions o;
    o.extra_args = {"--attachments-dir", files_dir()};
    server_ = std::make_unique<Server>(o);
    Boot();
  }
  void TearDown() override {
    http_.reset();
    node_.reset();
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // (Re)starts the server on its database.
  void Boot() {
    http_.reset();
    if (server_->running()) server_->Stop();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  std::string files_dir() const { return dir_ + "/files"; }

  // A case with every personal field, a location and one attachment (the /submit form);
  // returns {reference, access code}.
  std::pair<std::string, std::string> SubmitPersonal() {
    Response page = http_->Get("/submit?lang=en");
    EXPECT_EQ(page.status, 200) << page.Describe();
    const std::string csrf = FormInputValue(page.body, "csrf").value_or("");
    Fields f = {{"csrf", csrf},
                {"type", "complaint"},
                {"category", "roads.potholes"},
                {"subject", kSubject},
                {"description", kDescription},
                {"name", kName},
                {"email", kEmail},
                {"phone", kPhone}};
    std::string body;
    for (const auto& [k, v] : f) {
      body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" +
              v + "\r\n";
    }
    body += "--" + kBoundary +
            "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.png\"\r\n"
            "Content-Type: image/png\r\n\r\n" +
            TinyPng() + "\r\n--" + kBoundary + "--\r\n";
    Response r = FollowReceipt(
        *http_,
        http_->PostRaw("/submit?lang=en", body, "multipart/form-data; boundary=" + kBoundary,
                       {"Cookie: csrf=" + page.SetCookie("csrf").value_or("")}));
    EXPECT_EQ(r.status, 200) << r.Describe();
    return {ElementTextById(r.body, "reference").value_or(""),
            ElementTextById(r.body, "access-code").value_or("")};
  }
  std::pair<std::string, std::string> SubmitJson() {
    Json body = ValidCaseBody();
    body["category"] = "roads.potholes";
    body["contact"]["phone"] = kPhone;
    body["location"] = {{"lat", 26.2}, {"lon", 50.5}, {"address", "Block 305, Road 12"}};
    Response r = SubmitCase(*http_, body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return {r.JsonBody().value("reference", ""), r.JsonBody().value("access_code", "")};
  }
  // Answered by the agent and rated by the citizen: closed.
  void Close(const std::string& ref, const std::string& code) {
    Response login = http_->PostJson("/api/v1/auth/login", {{"email", "agent.mow@tawasul.example"},
                                                            {"password", "demo-agent-2026"}});
    ASSERT_EQ(login.status, 200) << login.Describe();
    const std::string auth = "Authorization: Bearer " + login.JsonBody().value("token", "");
    Response r = http_->PostJson("/api/v1/cases/" + ref + "/actions",
                                 {{"action", "answer"}, {"body", "Repaired."}}, {auth});
    ASSERT_EQ(r.status, 200) << r.Describe();
    r = http_->PostJson("/api/v1/cases/" + ref + "/rating", {{"score", 5}},
                        {"X-Access-Code: " + code});
    ASSERT_EQ(r.status, 200) << r.Describe();
    ASSERT_EQ(r.JsonBody().value("status", ""), "closed");
  }

  CliOutput Cli(const std::string& args) {
    return RunTawasul(args + " " + server_->CliDatabaseArgs());
  }
  std::string Field(const std::string& ref, const std::string& column) {
    return server_->SqlText("SELECT " + column + " FROM cases WHERE reference = '" + ref + "'");
  }
  std::int64_t ErasureEvents(const std::string& ref) {
    return server_->SqlInt(
        "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.reference = "
        "'" +
        ref + "' AND e.kind = 'personal_data_erased'");
  }

  std::string dir_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Server> node_;  // a second server on the same database
  std::unique_ptr<Http> http_;
};

TEST_F(ErasureTest, EraseEmptiesPersonalFieldsKeepsFiguresAndVerifiesAgainstOlderCheckpoint) {
  auto [ref, code] = SubmitPersonal();
  auto [located, located_code] = SubmitJson();
  auto [open, open_code] = SubmitJson();
  Close(ref, code);
  Close(located, located_code);
  ASSERT_EQ(CountFiles(files_dir()), 1u);
  server_->Stop();

  CliOutput key = RunTawasul("audit keygen --out " + dir_ + "/k");
  ASSERT_EQ(key.status, 0) << key.err;
  CliOutput cp = Cli("audit checkpoint --key " + dir_ + "/k --out " + dir_ + "/cp");
  ASSERT_EQ(cp.status, 0) << cp.err;
  CliOutput figures_before = Cli("stats --group-by type");
  ASSERT_EQ(figures_before.status, 0) << figures_before.err;

  // An open case still needs its contact: refused, nothing written.
  CliOutput refused = Cli("erase --case " + open + " --reason test");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("is open"), std::string::npos) << refused.err;
  EXPECT_EQ(ErasureEvents(open), 0);

  CliOutput erased =
      Cli("erase --case " + ref + " --reason \"citizen request\" --attachments-dir " + files_dir());
  ASSERT_EQ(erased.status, 0) << erased.err;
  Json out = Json::parse(erased.out);
  EXPECT_EQ(out["erased"].size(), 7u) << erased.out;
  EXPECT_EQ(out.value("files_removed", 0), 1);
  CliOutput erased2 = Cli("erase --case " + located + " --reason \"citizen request\"");
  ASSERT_EQ(erased2.status, 0) << erased2.err;

  for (const char* column :
       {"subject", "description", "contact_name", "contact_email", "contact_phone"}) {
    EXPECT_EQ(Field(ref, column), "") << column;
    EXPECT_EQ(Field(located, column), "") << column;
  }
  EXPECT_EQ(Field(located, "address"), "");
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM cases WHERE reference = '" + located +
                            "' AND lat IS NULL AND lon IS NULL"),
            1);
  EXPECT_EQ(Field(ref, "type"), "complaint");  // what the figures count is kept
  EXPECT_EQ(Field(ref, "status"), "closed");
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM case_attachments"), 0);
  EXPECT_EQ(CountFiles(files_dir()), 0u);
  // The erased fields' salts are gone, the others kept.
  const std::string salts = server_->SqlText(
      "SELECT s.salts FROM case_submission_salts s JOIN cases c ON c.id = s.case_id WHERE "
      "c.reference = '" +
      ref + "'");
  EXPECT_EQ(salts.find("\"contact_email\""), std::string::npos) << salts;
  EXPECT_EQ(salts.find("\"subject\""), std::string::npos) << salts;
  EXPECT_NE(salts.find("\"type\""), std::string::npos) << salts;
  EXPECT_EQ(ErasureEvents(ref), 1);
  // The open case is untouched.
  EXPECT_EQ(Field(open, "contact_email"), "citizen@example.com");

  CliOutput plain = Cli("audit verify");
  EXPECT_EQ(plain.status, 0) << plain.out << plain.err;
  EXPECT_NE(plain.out.find("history intact"), std::string::npos) << plain.out;
  CliOutput checked =
      Cli("audit verify --checkpoint " + dir_ + "/cp --public-key " + dir_ + "/k.pub");
  EXPECT_EQ(checked.status, 0) << checked.out << checked.err;
  CliOutput figures_after = Cli("stats --group-by type");
  EXPECT_EQ(figures_after.out, figures_before.out);

  // Again: nothing more to erase, no second event.
  CliOutput again = Cli("erase --case " + ref + " --reason again");
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_TRUE(Json::parse(again.out).value("already_erased", false)) << again.out;
  EXPECT_EQ(ErasureEvents(ref), 1);

  // Dropping salts without an erasure on record (an insider hiding an edit) is still a failure.
  server_->SqlExec(
      "UPDATE case_submission_salts SET salts = '{}' WHERE case_id = (SELECT id FROM "
      "cases WHERE reference = '" +
      open + "')");
  CliOutput tampered = Cli("audit verify");
  EXPECT_EQ(tampered.status, 2) << tampered.out << tampered.err;
  EXPECT_NE((tampered.out + tampered.err).find(open), std::string::npos);

  // The staff view of the erased case shows no personal data, and search no longer finds it.
  Boot();
  Response login = http_->PostJson("/api/v1/auth/login", {{"email", "agent.mow@tawasul.example"},
                                                          {"password", "demo-agent-2026"}});
  const std::string auth = "Authorization: Bearer " + login.JsonBody().value("token", "");
  Response view = http_->Get("/api/v1/cases/" + ref, {auth});
  ASSERT_EQ(view.status, 200) << view.Describe();
  for (const char* s : {kSubject, kDescription, kEmail, kPhone, kName}) {
    EXPECT_EQ(view.body.find(s), std::string::npos) << s;
  }
  Response found = http_->Get("/api/v1/search?q=Zanzibar", {auth});
  ASSERT_EQ(found.status, 200) << found.Describe();
  EXPECT_EQ(found.body.find(ref), std::string::npos) << found.body;
}

TEST_F(ErasureTest, RetentionErasesOnlyClosedCasesPastTheirPeriod) {
  auto [old_ref, old_code] = SubmitJson();
  auto [recent, recent_code] = SubmitJson();
  Close(old_ref, old_code);
  Close(recent, recent_code);
  server_->Stop();
  // Closed six years ago (complaints keep personal data five years by default).
  server_->SqlExec("UPDATE cases SET closed_at = closed_at - 6 * 31557600 WHERE reference = '" +
                   old_ref + "'");

  CliOutput dry = Cli("retention run --dry-run");
  ASSERT_EQ(dry.status, 0) << dry.err;
  EXPECT_EQ(Json::parse(dry.out)["due"]["complaint"], Json::array({old_ref})) << dry.out;
  EXPECT_EQ(Field(old_ref, "contact_email"), "citizen@example.com");  // dry: nothing erased

  CliOutput kept = Cli("retention run --retention-years complaint=0");
  ASSERT_EQ(kept.status, 0) << kept.err;
  EXPECT_EQ(Field(old_ref, "contact_email"), "citizen@example.com");

  CliOutput run = Cli("retention run --retention-batch 1");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(Json::parse(run.out)["erased"].value("complaint", -1), 1) << run.out;
  EXPECT_EQ(Field(old_ref, "contact_email"), "");
  EXPECT_EQ(Field(old_ref, "subject"), "");
  EXPECT_EQ(Field(recent, "contact_email"), "citizen@example.com");
  const std::string event = server_->SqlText(
      "SELECT e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.reference = '" +
      old_ref + "' AND e.kind = 'personal_data_erased'");
  EXPECT_NE(event.find("\"reason\":\"retention\""), std::string::npos) << event;
  CliOutput verify = Cli("audit verify");
  EXPECT_EQ(verify.status, 0) << verify.out << verify.err;

  // The scheduler's leader runs the same pass: a second back-dated case is erased by the server.
  Boot();
  auto [third, third_code] = SubmitJson();
  Close(third, third_code);
  http_.reset();
  server_->Stop();
  server_->SqlExec("UPDATE cases SET closed_at = closed_at - 6 * 31557600 WHERE reference = '" +
                   third + "'");
  ServerOptions o;
  o.share_database_of = server_.get();
  o.extra_args = {"--scheduler-interval", "1"};
  node_ = std::make_unique<Server>(o);
  node_->Start();
  // The first tick's housekeeping runs the pass; wait for its event (polling: nothing about how
  // long it takes is asserted, the bound only turns a hang into a failure).
  for (int i = 0; i < 1200 && ErasureEvents(third) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(ErasureEvents(third), 1) << "the scheduler's leader did not erase the case";
  EXPECT_EQ(Field(third, "contact_email"), "");
  EXPECT_EQ(Field(recent, "contact_email"), "citizen@example.com");
}

}  // namespace
}  // namespace tawasul_test
