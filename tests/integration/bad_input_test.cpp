// Bad input on the JSON routes (issue 21): each a clean 4xx naming the field where there is one,
// nothing stored, and the server still serving afterwards.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/server.h"

namespace tawasul_test {
namespace {

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  std::int64_t Cases() { return server_->SqlInt("SELECT count(*) FROM cases"); }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(BadInputTest, AHugeNumberIs422NamingTheMemberOnEveryJsonRoute) {
  const std::int64_t before = Cases();
  // Once a 500: the parser's overflow escaped as an exception.
  std::string body = ValidCaseBody().dump();
  body.insert(body.size() - 1, R"(,"latitude":1e400)");
  Response r = http_->PostRaw("/api/v1/cases", body, "application/json");
  ASSERT_EQ(r.status, 422) << r.Describe();
  Json j = r.JsonBody();
  ASSERT_TRUE(j.contains("errors")) << r.Describe();
  EXPECT_EQ(j["errors"][0].value("field", ""), "latitude");
  EXPECT_EQ(j["errors"][0].value("code", ""), "out_of_range");
  EXPECT_EQ(Cases(), before);

  for (const char* path : {"/api/v1/auth/login", "/api/v1/routing/suggest"}) {
    Response other = http_->PostRaw(path, R"({"a":-1e400})", "application/json");
    EXPECT_EQ(other.status, 422) << path << ": " << other.Describe();
  }
  EXPECT_EQ(http_->Get("/healthz").status, 200);
}

TEST_F(BadInputTest, MalformedDeepOrOverlongBodiesAreCleanRefusals) {
  const std::int64_t before = Cases();
  struct Case {
    const char* name;
    std::string body;
    long status;
  };
  const Case cases[] = {
      {"ill-formed UTF-8", std::string("{\"subject\":\"\xC3\x28\"}"), 400},
      {"overlong UTF-8", std::string("{\"subject\":\"\xC0\xAF\"}"), 400},
      {"deep nesting", std::string(200000, '[') + std::string(200000, ']'), 400},
      {"not an object", "[1,2,3]", 400},
      {"truncated", R"({"type":"complaint")", 400},
  };
  for (const auto& c : cases) {
    Response r = http_->PostRaw("/api/v1/cases", c.body, "application/json");
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.Describe();
    EXPECT_EQ(r.MediaType(), "application/problem+json") << c.name;
  }
  EXPECT_EQ(Cases(), before);
  EXPECT_EQ(http_->Get("/healthz").status, 200);
}

// A name of zero-width characters only trims to nothing (the name is optional): not tested here.
TEST_F(BadInputTest, ControlAndBidiOverrideCharactersInNamesAreRefusedByField) {
  const std::int64_t before = Cases();
  // BEL; RIGHT-TO-LEFT OVERRIDE; FIRST STRONG ISOLATE.
  for (const char* bad : {"Ali\x07",
                          "Ali\xE2\x80\xAE"
                          "evil",
                          "Ali\xE2\x81\xA8"
                          "x"}) {
    Json body = ValidCaseBody();
    body["contact"]["name"] = bad;
    Response r = SubmitCase(*http_, body);
    EXPECT_EQ(r.status, 422) << r.Describe();
    bool named = false;
    for (const auto& e : r.JsonBody().value("errors", Json::array())) {
      named = named || e.value("field", "") == "contact.name";
    }
    EXPECT_TRUE(named) << r.Describe();
  }
  EXPECT_EQ(Cases(), before);
}

}  // namespace
}  // namespace tawasul_test
