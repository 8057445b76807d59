// The conventions of the public read-only answers (docs/api.md "Caching and CORS") over real
// HTTP on both backends: a strong ETag and If-None-Match -> 304 on each public read, CORS for any
// origin on GET with its preflight, none of it on other routes; and the OpenAPI document served
// at /api/v1/openapi.json is docs/openapi.json.

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "integration/server.h"

namespace tawasul_test {
namespace {

class PublicReadsTest : public ::testing::Test {
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
  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(PublicReadsTest, ETagAnd304OnEachPublicRead) {
  for (const std::string path :
       {"/api/v1/entities", "/api/v1/categories", "/api/v1/services", "/api/v1/stats",
        "/api/v1/suggestions", "/api/v1/openapi.json", "/open311/v2/discovery.xml",
        "/open311/v2/services.json", "/open311/v2/services.xml", "/stats.json"}) {
    SCOPED_TRACE(path);
    Response first = http_->Get(path);
    ASSERT_EQ(first.status, 200) << first.Describe();
    const std::string etag = first.Header("ETag");
    ASSERT_EQ(etag.size(), 34u) << etag;  // a quoted 128-bit hash: strong
    EXPECT_EQ(etag.front(), '"');
    EXPECT_EQ(http_->Get(path).Header("ETag"), etag);  // same body, same tag
    Response again = http_->Get(path, {"If-None-Match: " + etag});
    EXPECT_EQ(again.status, 304) << again.Describe();
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.Header("ETag"), etag);
    EXPECT_EQ(http_->Get(path, {"If-None-Match: \"other\", W/" + etag}).status, 304);
    EXPECT_EQ(http_->Get(path, {"If-None-Match: \"other\""}).status, 200);
    EXPECT_EQ(first.Header("Access-Control-Allow-Origin"), "*");
    EXPECT_FALSE(first.HasHeader("Access-Control-Allow-Credentials"));
  }
  // Another language is another body, so another tag.
  EXPECT_NE(http_->Get("/open311/v2/services.json?locale=en").Header("ETag"),
            http_->Get("/open311/v2/services.json?locale=ar").Header("ETag"));
}

TEST_F(PublicReadsTest, CorsPreflightOnlyForPublicReads) {
  Response pre =
      http_->Request("OPTIONS", "/api/v1/services", "",
                     {"Origin: https://app.example", "Access-Control-Request-Method: GET"});
  EXPECT_EQ(pre.status, 204) << pre.Describe();
  EXPECT_EQ(pre.Header("Access-Control-Allow-Origin"), "*");
  EXPECT_NE(pre.Header("Access-Control-Allow-Methods").find("GET"), std::string::npos);
  EXPECT_EQ(pre.Header("Access-Control-Allow-Methods").find("POST"), std::string::npos);
  EXPECT_EQ(http_->Request("OPTIONS", "/open311/v2/services.xml", "", {}).status, 204);
  // Not public, or not a read: no CORS, no ETag.
  Response cases =
      http_->Request("OPTIONS", "/api/v1/cases", "",
                     {"Origin: https://app.example", "Access-Control-Request-Method: POST"});
  EXPECT_EQ(cases.status, 405) << cases.Describe();
  EXPECT_FALSE(cases.HasHeader("Access-Control-Allow-Origin"));
  Response inbox = http_->Get("/api/v1/inbox", {"Origin: https://app.example"});
  EXPECT_EQ(inbox.status, 401);
  EXPECT_FALSE(inbox.HasHeader("Access-Control-Allow-Origin"));
  EXPECT_FALSE(inbox.HasHeader("ETag"));
  Response health = http_->Get("/healthz");
  EXPECT_FALSE(health.HasHeader("ETag"));
  EXPECT_FALSE(health.HasHeader("Access-Control-Allow-Origin"));
}

TEST_F(PublicReadsTest, OpenApiDocumentIsServed) {
  Response r = http_->Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.MediaType(), "application/json");
  std::ifstream in(std::string(TAWASUL_SOURCE_DIR) + "/docs/openapi.json", std::ios::binary);
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_EQ(r.body, file.str());
  Json doc = r.JsonBody();
  EXPECT_EQ(doc.value("openapi", ""), "3.1.0");
  EXPECT_TRUE(doc["paths"].contains("/api/v1/cases"));
  EXPECT_TRUE(doc["paths"].contains("/open311/v2/servicerequestupdates.json"));
}

}  // namespace
}  // namespace tawasul_test
