// No duplicate submissions (issue 23 item 1), over real HTTP on both backends:
// - POST /api/v1/cases with an Idempotency-Key: the same key and body returns the first 201
//   (same reference, same body, Idempotent-Replayed: true) and stores one case; another body
//   under the key is 422 naming the header; a malformed key is 400 naming it; keys are scoped
//   by who sends them; concurrent sends with one key store one case.
// - The /submit form's one-time submission token: the same form sent twice (back and send
//   again, or two clicks at once) is one case and shows the first receipt; another case sent
//   from the same old page is a case of its own.

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {
namespace {

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The review step of /submit stores files (none here) in the attachments directory.
    char dir[] = "/tmp/tawasul-idem-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    files_dir_ = dir;
    ServerOptions o;
    o.extra_args = {"--attachments-dir", files_dir_ + "/files"};
    server_ = std::make_unique<Server>(o);
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    server_.reset();
    std::filesystem::remove_all(files_dir_);
  }
  Http& http() { return *http_; }
  std::int64_t Cases() { return server_->SqlInt("SELECT count(*) FROM cases"); }
  Response Post(const Json& body, const std::string& key, const Headers& more = {}) {
    Headers h = more;
    h.push_back("Idempotency-Key: " + key);
    return http().PostJson("/api/v1/cases", body, h);
  }

  std::string files_dir_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(IdempotencyTest, ASameKeyRetryReturnsTheFirstAnswerAndStoresOneCase) {
  const std::int64_t before = Cases();
  Json body = ValidCaseBody();
  Response first = Post(body, "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
  ASSERT_EQ(first.status, 201) << first.Describe();
  EXPECT_FALSE(first.HasHeader("idempotent-replayed"));
  const std::string reference = first.JsonBody().value("reference", "");
  ASSERT_TRUE(LooksLikeReference(reference)) << first.body;

  // The retry (the same key, here unquoted, and the same body): the first answer again.
  Response again = Post(body, "8e03978e-40d5-43e8-bc93-6894a57f9324");
  ASSERT_EQ(again.status, 201) << again.Describe();
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(again.JsonBody(), first.JsonBody());
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("location"), "/api/v1/cases/" + reference);
  EXPECT_EQ(Cases(), before + 1);
  // The replayed access code opens the case.
  Response lookup = LookupCase(http(), reference, again.JsonBody().value("access_code", ""));
  EXPECT_EQ(lookup.status, 200) << lookup.Describe();

  // The same key with another body: 422 naming the header; nothing stored.
  Json other = body;
  other["subject"] = "Another subject entirely";
  Response reused = Post(other, "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(reused.status, 422) << reused.Describe();
  EXPECT_EQ(reused.MediaType(), "application/problem+json");
  EXPECT_TRUE(HasFieldError(reused.JsonBody(), "Idempotency-Key", "reused_with_another_body"))
      << reused.body;
  EXPECT_EQ(Cases(), before + 1);

  // Another key, or no key: new cases.
  Response fresh = Post(body, "another-key-1");
  ASSERT_EQ(fresh.status, 201) << fresh.Describe();
  EXPECT_NE(fresh.JsonBody().value("reference", ""), reference);
  ASSERT_EQ(SubmitCase(http(), body).status, 201);
  EXPECT_EQ(Cases(), before + 3);
  // Only hashes and a sealed answer are stored: not the key, not the access code.
  const std::string stored = server_->SqlText(
      Server::IsPostgres()
          ? "SELECT encode(key_hash, 'hex') || encode(response, 'escape') FROM idempotency_keys"
          : "SELECT hex(key_hash) || CAST(response AS TEXT) FROM idempotency_keys");
  EXPECT_EQ(stored.find("8e03978e"), std::string::npos);
  EXPECT_EQ(stored.find(first.JsonBody().value("access_code", "?")), std::string::npos);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM idempotency_keys"), 2);
}

TEST_F(IdempotencyTest, AMalformedKeyIsRefusedNamingTheHeader) {
  const std::int64_t before = Cases();
  for (const std::string& key :
       {std::string(256, 'k'), std::string("caf\xc3\xa9-key"), std::string("tab\there")}) {
    Response r = Post(ValidCaseBody(), key);
    EXPECT_EQ(r.status, 400) << key << " " << r.Describe();
    EXPECT_TRUE(HasFieldError(r.JsonBody(), "Idempotency-Key", "invalid_idempotency_key"))
        << r.body;
  }
  // 255 printable characters are accepted.
  EXPECT_EQ(Post(ValidCaseBody(), std::string(255, 'k')).status, 201);
  EXPECT_EQ(Cases(), before + 1);
}

TEST_F(IdempotencyTest, KeysAreScopedByWhoSendsThem) {
  Response login = http().PostJson("/api/v1/auth/login", {{"email", "agent.mow@tawasul.example"},
                                                          {"password", "demo-agent-2026"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  Headers staff = {"Authorization: Bearer " + login.JsonBody().value("token", "")};
  Json body = ValidCaseBody();
  Response anonymous = Post(body, "shared-key");
  ASSERT_EQ(anonymous.status, 201) << anonymous.Describe();
  Response by_staff = Post(body, "shared-key", staff);
  ASSERT_EQ(by_staff.status, 201) << by_staff.Describe();
  EXPECT_FALSE(by_staff.HasHeader("idempotent-replayed"));
  EXPECT_NE(by_staff.JsonBody()["reference"], anonymous.JsonBody()["reference"]);
}

TEST_F(IdempotencyTest, ConcurrentSendsWithOneKeyStoreOneCase) {
  const std::int64_t before = Cases();
  const Json body = ValidCaseBody();
  std::vector<Response> answers(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back([&, i] {
      Http own(*server_);
      answers[i] = own.PostJson("/api/v1/cases", body, {"Idempotency-Key: concurrent-key"});
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> references;
  for (const auto& a : answers) {
    // 201 (first or replayed) or 409 (the first was still being written).
    ASSERT_TRUE(a.status == 201 || a.status == 409) << a.Describe();
    if (a.status == 201) references.insert(a.JsonBody().value("reference", ""));
    if (a.status == 409) {
      EXPECT_TRUE(HasFieldError(a.JsonBody(), "Idempotency-Key", "in_progress")) << a.body;
    }
  }
  EXPECT_EQ(references.size(), 1u);
  EXPECT_EQ(Cases(), before + 1);
  // After the first has its outcome, a retry replays it.
  Response retry = http().PostJson("/api/v1/cases", body, {"Idempotency-Key: concurrent-key"});
  ASSERT_EQ(retry.status, 201) << retry.Describe();
  EXPECT_EQ(retry.Header("idempotent-replayed"), "true");
  EXPECT_EQ(references.count(retry.JsonBody().value("reference", "")), 1u);
}

// ---- the /submit form ----

struct Form {
  std::string cookies;
  Fields fields;
};

// GET /submit, then the review step; returns the cookies and the review page's hidden fields
// (what its "send" button posts).
Form Reviewed(Http& http, const std::string& subject) {
  Form f;
  Response page = http.Get("/submit?lang=en");
  EXPECT_EQ(page.status, 200) << page.Describe();
  auto csrf = page.SetCookie("csrf");
  auto token = FormInputValue(page.body, "submission_token");
  EXPECT_TRUE(csrf && token) << "no csrf cookie or submission token";
  if (!csrf || !token) return f;
  EXPECT_EQ(token->size(), 32u);
  f.cookies = "csrf=" + *csrf;
  Fields fields = {{"csrf", *csrf},
                   {"submission_token", *token},
                   {"type", "complaint"},
                   {"category", Catalogue::Get().complaint_category},
                   {"subject", subject},
                   {"description", "The street light on our road has been off for two weeks."},
                   {"email", "citizen@example.com"}};
  Fields review = fields;
  review.emplace_back("step", "review");
  Response r = http.PostForm("/submit", review, f.cookies);
  EXPECT_EQ(r.status, 200) << r.Describe();
  // The review page carries the same token on to "send".
  EXPECT_EQ(FormInputValue(r.body, "submission_token").value_or(""), *token);
  f.fields = fields;
  f.fields.emplace_back("step", "send");
  return f;
}

std::string ReceiptReference(Http& http, const Response& posted) {
  EXPECT_EQ(posted.status, 303) << posted.Describe();
  Response receipt = FollowReceipt(http, posted);
  EXPECT_EQ(receipt.status, 200) << receipt.Describe();
  return ElementTextById(receipt.body, "reference").value_or("");
}

TEST_F(IdempotencyTest, SubmitSentTwiceIsOneCaseWithTheFirstReceipt) {
  const std::int64_t before = Cases();
  Form f = Reviewed(http(), "Sent twice");
  ASSERT_FALSE(f.fields.empty());
  const std::string first =
      ReceiptReference(http(), http().PostForm("/submit", f.fields, f.cookies));
  ASSERT_TRUE(LooksLikeReference(first)) << first;
  // Back, and "send" again: the first receipt, no second case.
  const std::string second =
      ReceiptReference(http(), http().PostForm("/submit", f.fields, f.cookies));
  EXPECT_EQ(second, first);
  EXPECT_EQ(Cases(), before + 1);

  // Another case sent from the same old page (same token, other content): a case of its own.
  Fields edited = f.fields;
  for (auto& [name, value] : edited) {
    if (name == "subject") value = "A different complaint";
  }
  const std::string third = ReceiptReference(http(), http().PostForm("/submit", edited, f.cookies));
  EXPECT_TRUE(LooksLikeReference(third)) << third;
  EXPECT_NE(third, first);
  EXPECT_EQ(Cases(), before + 2);
}

TEST_F(IdempotencyTest, SubmitDoubleClickIsOneCase) {
  const std::int64_t before = Cases();
  Form f = Reviewed(http(), "Double click");
  ASSERT_FALSE(f.fields.empty());
  std::vector<std::string> references(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < references.size(); ++i) {
    threads.emplace_back([&, i] {
      Http own(*server_);
      references[i] = ReceiptReference(own, own.PostForm("/submit", f.fields, f.cookies));
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(LooksLikeReference(references[0])) << references[0];
  for (const auto& r : references) EXPECT_EQ(r, references[0]);
  EXPECT_EQ(Cases(), before + 1);
}

}  // namespace
}  // namespace tawasul_test
