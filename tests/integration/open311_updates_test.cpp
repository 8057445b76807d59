// Black-box tests of mySociety's Open311 updates (docs/open311.md "Updates") over real HTTP on
// both backends: GET servicerequestupdates in XML and JSON (the status table, the fixed wording,
// no personal data), POST servicerequestupdates as the citizen's reply by the key that created
// the request, every error in Open311's shape, and the Open311 404 of unknown paths.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/server.h"
#include "integration/xml_doc.h"

namespace tawasul_test {
namespace {

constexpr const char* kAgent = "agent.mow@tawasul.example";  // Ministry of Works
constexpr const char* kCategory = "roads.potholes";          // a Ministry of Works category

class Open311UpdatesTest : public ::testing::Test {
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
  Http& http() { return *http_; }

  std::string IssueKey(const std::string& scopes) {
    CliOutput out = RunTawasul("api-key add --name 'Updates test' --scopes '" + scopes + "' " +
                               server_->CliDatabaseArgs());
    EXPECT_EQ(out.status, 0) << out.err;
    std::string key = out.out;
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    return key;
  }

  // A request with personal data everywhere; returns its service_request_id.
  std::string PostRequest(const std::string& key) {
    Response r = http().PostForm("/open311/v2/requests.json",
                                 {{"api_key", key},
                                  {"service_code", kCategory},
                                  {"lat", "26.2285"},
                                  {"long", "50.5860"},
                                  {"email", "reporter.updates@example.com"},
                                  {"phone", "+97336001234"},
                                  {"first_name", "Maryam"},
                                  {"last_name", "Haddad"},
                                  {"description", "Deep pothole outside house 77 on Road 4321"}},
                                 "");
    EXPECT_EQ(r.status, 200) << r.Describe();
    Json j = r.JsonBody();
    return j.is_array() && j.size() == 1 ? j[0].value("service_request_id", "") : "";
  }

  // The Ministry of Works agent replies to the citizen (a public update: in_progress).
  void StaffReply(const std::string& ref, const std::string& text) {
    Response login =
        http().PostJson("/api/v1/auth/login", {{"email", kAgent}, {"password", "demo-agent-2026"}});
    ASSERT_EQ(login.status, 200) << login.Describe();
    Response act =
        http().PostJson("/api/v1/cases/" + ref + "/actions", {{"action", "reply"}, {"body", text}},
                        {"Authorization: Bearer " + login.JsonBody().value("token", "")});
    ASSERT_EQ(act.status, 200) << act.Describe();
  }

  Response PostUpdate(const Fields& fields, const std::string& format = "json") {
    return http().PostForm("/open311/v2/servicerequestupdates." + format, fields, "");
  }

  void ExpectJsonError(const Response& r, long status, const std::string& field) {
    SCOPED_TRACE("expected an error naming " + field);
    EXPECT_EQ(r.status, status) << r.Describe();
    EXPECT_EQ(r.MediaType(), "application/json");
    Json j = r.JsonBody();
    ASSERT_TRUE(j.is_array() && j.size() == 1) << r.Describe();
    EXPECT_EQ(j[0].value("code", 0), status) << r.Describe();
    EXPECT_EQ(j[0].value("description", "").rfind(field + ":", 0), 0u) << r.Describe();
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(Open311UpdatesTest, StaffReplyAndCitizenUpdateWithoutPersonalData) {
  const std::string key = IssueKey("submit,read");
  const std::string ref = PostRequest(key);
  ASSERT_TRUE(LooksLikeReference(ref)) << ref;
  StaffReply(ref, "Dear Maryam Haddad, our crew visits house 77 tomorrow");

  // The citizen's update, by the key that created the request.
  Response posted =
      PostUpdate({{"api_key", key},
                  {"jurisdiction_id", "bh"},
                  {"service_request_id", ref},
                  {"status", "OPEN"},
                  {"email", "reporter.updates@example.com"},
                  {"first_name", "Maryam"},
                  {"description", "Thank you, the hole is now bigger near house 77"}});
  ASSERT_EQ(posted.status, 200) << posted.Describe();
  Json p = posted.JsonBody();
  ASSERT_TRUE(p.is_array() && p.size() == 1) << posted.Describe();
  const std::string update_id = p[0].value("update_id", "");
  EXPECT_EQ(update_id.rfind(ref + "-", 0), 0u) << update_id;
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
                            "WHERE c.reference = '" +
                            ref + "' AND e.kind = 'citizen_reply'"),
            1);

  Response j = http().Get("/open311/v2/servicerequestupdates.json?api_key=" + key + "&locale=en");
  ASSERT_EQ(j.status, 200) << j.Describe();
  Json list = j.JsonBody();
  ASSERT_TRUE(list.is_array()) << j.Describe();
  ASSERT_EQ(list.size(), 2u) << j.Describe();  // the staff reply, then the citizen's update
  EXPECT_EQ(list[0]["service_request_id"], ref);
  EXPECT_EQ(list[0]["status"], "in_progress");
  EXPECT_EQ(list[0]["description"], "The request is being handled");
  EXPECT_TRUE(IsRfc3339WithOffset(list[0].value("updated_datetime", ""), "+03:00")) << list[0];
  EXPECT_EQ(list[1]["update_id"], update_id);
  EXPECT_EQ(list[1]["status"], "open");

  Response x = http().Get("/open311/v2/servicerequestupdates.xml?api_key=" + key);
  ASSERT_EQ(x.status, 200) << x.Describe();
  EXPECT_EQ(x.MediaType(), "text/xml");
  XmlDoc doc(x.body);
  ASSERT_TRUE(doc.ok()) << x.body;
  EXPECT_EQ(doc.RootName(), "service_request_updates");
  EXPECT_EQ(doc.Count("/service_request_updates/request_update"), 2);
  EXPECT_EQ(doc.Text("/service_request_updates/request_update[1]/status"), "in_progress");
  EXPECT_EQ(doc.Text("/service_request_updates/request_update[2]/update_id"), update_id);

  for (const auto* r : {&j, &x}) {
    for (const char* personal : {"Maryam", "Haddad", "reporter.updates", "36001234", "house 77",
                                 "pothole", "Road 4321", "26.2285", "crew"}) {
      EXPECT_EQ(r->body.find(personal), std::string::npos) << personal << " in " << r->body;
    }
  }
  // An explicit window that ends before the request holds nothing; still an array.
  Json old = http()
                 .Get("/open311/v2/servicerequestupdates.json?api_key=" + key +
                      "&start_date=" + PercentEncode("2020-01-01T00:00:00Z") +
                      "&end_date=" + PercentEncode("2020-01-20T00:00:00+03:00"))
                 .JsonBody();
  EXPECT_EQ(old, Json::array());
}

TEST_F(Open311UpdatesTest, KeysWindowAndBadInput) {
  const std::string owner = IssueKey("submit,read");
  const std::string other = IssueKey("submit,read");
  const std::string reader = IssueKey("read");
  const std::string ref = PostRequest(owner);
  ASSERT_FALSE(ref.empty());
  auto update = [&](const std::string& key) {
    return Fields{{"api_key", key}, {"service_request_id", ref}, {"description", "More detail"}};
  };
  ExpectJsonError(PostUpdate(update("")), 403, "api_key");
  ExpectJsonError(PostUpdate(update(reader)), 403, "api_key");  // no submit scope
  ExpectJsonError(PostUpdate(update("tw_forged")), 403, "api_key");
  // Another integrator's key: as if the request did not exist.
  ExpectJsonError(PostUpdate(update(other)), 404, "service_request_id");
  ExpectJsonError(PostUpdate({{"api_key", owner},
                              {"service_request_id", MakeReference(26, 9999999)},
                              {"description", "More detail"}}),
                  404, "service_request_id");
  ExpectJsonError(PostUpdate({{"api_key", owner}, {"description", "More detail"}}), 400,
                  "service_request_id");
  ExpectJsonError(PostUpdate({{"api_key", owner}, {"service_request_id", ref}}), 400,
                  "description");
  ExpectJsonError(PostUpdate({{"api_key", owner},
                              {"service_request_id", ref},
                              {"description", "x"},
                              {"status", "fixed"}}),
                  400, "status");
  Response xml_error = PostUpdate({{"api_key", owner}, {"service_request_id", "nonsense"}}, "xml");
  EXPECT_EQ(xml_error.status, 400);
  XmlDoc err(xml_error.body);
  ASSERT_TRUE(err.ok()) << xml_error.body;
  EXPECT_EQ(err.RootName(), "errors");
  EXPECT_EQ(err.Text("/errors/error/code"), "400");
  EXPECT_EQ(err.Text("/errors/error/description").rfind("service_request_id:", 0), 0u);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM case_events WHERE kind = 'citizen_reply'"), 0);

  const std::string get = "/open311/v2/servicerequestupdates.json?api_key=";
  ExpectJsonError(http().Get("/open311/v2/servicerequestupdates.json"), 403, "api_key");
  EXPECT_EQ(http().Get(get + reader).status, 200);
  ExpectJsonError(
      http().Get(get + reader + "&start_date=" + PercentEncode("2026-01-01T00:00:00+03:00") +
                 "&end_date=" + PercentEncode("2026-03-01T00:00:00+03:00")),
      400, "end_date");  // more than 31 days
  ExpectJsonError(http().Get(get + reader + "&start_date=yesterday"), 400, "start_date");
  ExpectJsonError(http().Get(get + reader + "&jurisdiction_id=xx"), 400, "jurisdiction_id");
}

TEST_F(Open311UpdatesTest, UnknownPathsAnswerOpen311NotFound) {
  ExpectJsonError(http().Get("/open311/v2/nothing.json"), 404, "path");
  ExpectJsonError(http().PostForm("/open311/v2/nothing/here.json", {{"a", "b"}}, ""), 404, "path");
  Response x = http().Get("/open311/v2/nothing.xml");
  EXPECT_EQ(x.status, 404);
  EXPECT_EQ(x.MediaType(), "text/xml");
  XmlDoc doc(x.body);
  ASSERT_TRUE(doc.ok()) << x.body;
  EXPECT_EQ(doc.Text("/errors/error/code"), "404");
  // Paths outside /open311/v2/ keep problem+json.
  EXPECT_EQ(http().Get("/api/v1/nothing").MediaType(), "application/problem+json");
}

}  // namespace
}  // namespace tawasul_test
