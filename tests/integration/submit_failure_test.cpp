// A valid submission the database refuses to store (not an overload): the JSON API answers 500
// problem+json with the request id and no Retry-After, the /submit page answers a 500 page, the
// error is logged with the request id, and the log holds nothing of what the citizen wrote. The
// refusal is a trigger on `cases` (both backends), so the server's own code path is the one a
// full disk or a broken constraint would take; dropping the trigger makes submissions work again.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/server.h"

namespace tawasul_test {
namespace {

class SubmitFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    server_.reset();
  }

  // Every INSERT into cases fails. PostgreSQL's message goes on with a DETAIL line, as a real
  // constraint violation's does ("Failing row contains (...)"): it must not reach the log.
  void RefuseNewCases() {
    if (Server::IsPostgres()) {
      server_->SqlExec(
          "CREATE FUNCTION refuse_cases() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
          "RAISE EXCEPTION 'refused by the test' USING DETAIL = 'Failing row contains (" +
          std::string(kSecret) +
          ")'; END $$; CREATE TRIGGER refuse_cases BEFORE INSERT ON cases FOR EACH ROW "
          "EXECUTE FUNCTION refuse_cases()");
    } else {
      server_->SqlExec(
          "CREATE TRIGGER refuse_cases BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'refused "
          "by the test'); END");
    }
  }
  void AcceptNewCases() {
    server_->SqlExec(Server::IsPostgres()
                         ? "DROP TRIGGER refuse_cases ON cases; DROP FUNCTION refuse_cases()"
                         : "DROP TRIGGER refuse_cases");
  }

  static constexpr const char* kSecret = "Sayed Hashim 36001234";

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(SubmitFailureTest, ApiAnswers500AndLogsTheRequestIdWithoutTheCitizensText) {
  RefuseNewCases();
  Json body = ValidCaseBody();
  body["subject"] = std::string("Broken light, call ") + kSecret;
  Response r = SubmitCase(*http_, body);
  Json problem = ExpectProblem(r, 500);
  EXPECT_FALSE(r.HasHeader("retry-after")) << "a fault is not load: " << r.Describe();
  const std::string rid = r.Header("x-request-id");
  ASSERT_FALSE(rid.empty());
  const std::string log = server_->StderrTail(100000);
  const auto line_at = log.find("submission not stored (request " + rid + ")");
  ASSERT_NE(line_at, std::string::npos) << "no error line with the request id in:\n" << log;
  const std::string line = log.substr(line_at, log.find('\n', line_at) - line_at);
  EXPECT_NE(line.find("refused by the test"), std::string::npos) << line;
  EXPECT_EQ(log.find(kSecret), std::string::npos) << "personal data in the log:\n" << log;
  EXPECT_EQ(log.find("Failing row"), std::string::npos) << log;
  EXPECT_EQ(log.find(body["contact"].value("email", "@")), std::string::npos) << log;
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM cases"), 0);

  AcceptNewCases();
  EXPECT_EQ(SubmitCase(*http_, body).status, 201);
}

TEST_F(SubmitFailureTest, SubmitPageAnswers500AndLogsTheRequestId) {
  Response form = http_->Get("/submit?lang=en");
  ASSERT_EQ(form.status, 200);
  auto token = FormInputValue(form.body, "csrf");
  ASSERT_TRUE(token.has_value());
  const std::string cookies = "csrf=" + *token + "; lang=en";
  const Fields fields = {{"csrf", *token},
                         {"type", "complaint"},
                         {"category", Catalogue::Get().complaint_category},
                         {"subject", std::string("Street light, ") + kSecret},
                         {"description", "The street light on our road has been off for weeks."},
                         {"email", "citizen@example.com"}};
  RefuseNewCases();
  Response r = FollowReceipt(*http_, http_->PostForm("/submit", fields, cookies));
  EXPECT_EQ(r.status, 500) << r.Describe();
  EXPECT_FALSE(r.HasHeader("retry-after"));
  EXPECT_NE(r.body.find("could not be stored"), std::string::npos) << r.body;
  const std::string rid = r.Header("x-request-id");
  ASSERT_FALSE(rid.empty());
  const std::string log = server_->StderrTail(100000);
  EXPECT_NE(log.find("submission not stored (request " + rid + ")"), std::string::npos) << log;
  EXPECT_EQ(log.find(kSecret), std::string::npos) << log;
  EXPECT_EQ(log.find("citizen@example.com"), std::string::npos) << log;

  AcceptNewCases();
  Response ok = FollowReceipt(*http_, http_->PostForm("/submit", fields, cookies));
  EXPECT_EQ(ok.status, 200) << ok.Describe();
  EXPECT_TRUE(ElementTextById(ok.body, "reference").has_value());
}

}  // namespace
}  // namespace tawasul_test
