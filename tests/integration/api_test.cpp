// Black-box tests of the JSON API (docs/API.md) against a running `tawasul serve`.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer({}); }
  void TearDown() override {
    http_.reset();
    server_.reset();
  }

  void StartServer(ServerOptions options) {
    http_.reset();
    server_.reset();
    server_ = std::make_unique<Server>(std::move(options));
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }

  Server& server() { return *server_; }
  Http& http() { return *http_; }

  // Submits and returns the 201 body; records a failure (and returns a non-object) otherwise.
  Json SubmitOk(const Json& body) {
    Response r = SubmitCase(http(), body);
    EXPECT_EQ(r.status, 201) << "request: " << body.dump() << "\nresponse: " << r.Describe();
    if (r.status != 201) return Json::value_t::discarded;
    Json j = r.JsonBody();
    EXPECT_TRUE(j.is_object() && j.contains("reference") && j["reference"].is_string() &&
                j.contains("access_code") && j["access_code"].is_string())
        << r.Describe();
    if (!j.is_object() || !j.contains("reference") || !j.contains("access_code")) {
      return Json::value_t::discarded;
    }
    return j;
  }

  std::uint64_t SequenceOf(const Json& created) {
    auto p = ParseCanonicalReference(created.value("reference", ""));
    EXPECT_TRUE(p.has_value()) << created.dump();
    return p ? p->sequence : 0;
  }

  // Sends a body expected to be rejected with 422 naming exactly one error {field, code}.
  void ExpectSingleFieldError(const Json& body, const std::string& field, const std::string& code) {
    Response r = SubmitCase(http(), body);
    Json p = ExpectProblem(r, 422);
    EXPECT_TRUE(HasFieldError(p, field, code))
        << "expected error {" << field << ", " << code << "}, got " << ErrorsSummary(p)
        << "\nrequest: " << body.dump() << "\nresponse: " << r.Describe();
    if (p.is_object() && p.contains("errors") && p["errors"].is_array()) {
      EXPECT_EQ(p["errors"].size(), 1u)
          << "one bad field, one entry expected: " << ErrorsSummary(p);
    }
    Response h = http().Get("/healthz");
    EXPECT_EQ(h.status, 200) << "after a rejected request: " << h.Describe();
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

void ExpectSecurityHeaders(const Response& r, const std::string& what) {
  SCOPED_TRACE("security headers of " + what);
  EXPECT_FALSE(r.Header("x-request-id").empty()) << r.Describe();
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  const std::string csp = r.Header("content-security-policy");
  ASSERT_FALSE(csp.empty()) << "no Content-Security-Policy";
  // The directive governing scripts: script-src, else default-src.
  std::string script_src, default_src;
  std::size_t start = 0;
  while (start <= csp.size()) {
    std::size_t end = csp.find(';', start);
    if (end == std::string::npos) end = csp.size();
    std::string d = csp.substr(start, end - start);
    auto b = d.find_first_not_of(" \t");
    if (b != std::string::npos) {
      d = d.substr(b);
      if (d.rfind("script-src ", 0) == 0 || d == "script-src") script_src = d;
      if (d.rfind("default-src ", 0) == 0 || d == "default-src") default_src = d;
    }
    start = end + 1;
  }
  const std::string governing = script_src.empty() ? default_src : script_src;
  EXPECT_FALSE(governing.empty()) << "CSP has neither script-src nor default-src: " << csp;
  EXPECT_EQ(governing.find("'unsafe-inline'"), std::string::npos) << csp;
  EXPECT_EQ(governing.find("'unsafe-eval'"), std::string::npos) << csp;
}

// Checks a 201 body against the request; returns true when usable.
void ExpectCreated(const Response& r, const Json& sent, const std::string& language) {
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_EQ(r.MediaType(), "application/json");
  Json c = r.JsonBody();
  ASSERT_TRUE(c.is_object()) << r.Describe();
  const std::string ref = c.value("reference", "");
  ASSERT_TRUE(LooksLikeReference(ref)) << "reference: " << ref;
  auto parsed = ParseCanonicalReference(ref);
  ASSERT_TRUE(parsed);
  EXPECT_GE(parsed->sequence, 1u);
  EXPECT_EQ(DammCheckDigit(ref.substr(0, 2) + ref.substr(3, ref.size() - 5)), parsed->check)
      << "bad Damm check digit in " << ref;
  EXPECT_EQ(r.Header("location"), "/api/v1/cases/" + ref);

  const std::string code = c.value("access_code", "");
  EXPECT_EQ(code.size(), 8u) << code;
  for (char ch : code) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch))) << code;

  EXPECT_EQ(c.value("status", ""), "received");
  EXPECT_EQ(c.value("type", ""), sent.value("type", ""));
  EXPECT_EQ(c.value("language", ""), language);

  ASSERT_TRUE(c.contains("entity") && c["entity"].is_object()) << c.dump();
  EXPECT_EQ(c["entity"].value("code", ""), Catalogue::Get().complaint_entity);
  EXPECT_FALSE(c["entity"].value("name_ar", "").empty());
  EXPECT_FALSE(c["entity"].value("name_en", "").empty());
  ASSERT_TRUE(c.contains("category") && c["category"].is_object()) << c.dump();
  EXPECT_EQ(c["category"].value("code", ""), sent.value("category", ""));
  EXPECT_FALSE(c["category"].value("name_ar", "").empty());
  EXPECT_FALSE(c["category"].value("name_en", "").empty());

  for (const char* k : {"submitted_at", "first_response_due_at", "due_at"}) {
    ASSERT_TRUE(c.contains(k) && c[k].is_string()) << k << " in " << c.dump();
    EXPECT_TRUE(IsRfc3339WithOffset(c[k].get<std::string>(), "+03:00"))
        << k << " = " << c[k].get<std::string>();
  }
  const std::string submitted = c["submitted_at"].get<std::string>().substr(0, 19);
  const std::string first_due = c["first_response_due_at"].get<std::string>().substr(0, 19);
  const std::string due = c["due_at"].get<std::string>().substr(0, 19);
  EXPECT_LT(submitted, first_due);
  EXPECT_LE(first_due, due);
  EXPECT_LT(submitted, due);
  EXPECT_EQ(submitted.substr(2, 2), ref.substr(0, 2))
      << "the reference's year is the submission's (local) year";

  ASSERT_TRUE(c.contains("links") && c["links"].is_object()) << c.dump();
  EXPECT_EQ(c["links"].value("self", ""), "/api/v1/cases/" + ref);
  EXPECT_EQ(c["links"].value("html", ""), "/track/" + ref);
  ExpectSecurityHeaders(r, "201 Created");
}

// Checks the citizen view against what was sent and acknowledged.
void ExpectCitizenView(const Response& r, const Json& sent, const Json& created) {
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.MediaType(), "application/json");
  Json v = r.JsonBody();
  ASSERT_TRUE(v.is_object()) << r.Describe();
  EXPECT_EQ(v.value("reference", ""), created.value("reference", ""));
  EXPECT_EQ(v.value("status", ""), "received");
  EXPECT_EQ(v.value("type", ""), sent.value("type", ""));
  EXPECT_EQ(v.value("subject", ""), sent.value("subject", ""));
  EXPECT_EQ(v.value("description", ""), sent.value("description", ""));
  EXPECT_EQ(v.value("channel", ""), "web");
  ASSERT_TRUE(v.contains("entity") && v["entity"].is_object()) << v.dump();
  EXPECT_EQ(v["entity"].value("code", ""), created["entity"].value("code", ""));
  ASSERT_TRUE(v.contains("category") && v["category"].is_object()) << v.dump();
  EXPECT_EQ(v["category"].value("code", ""), created["category"].value("code", ""));
  for (const char* k : {"submitted_at", "first_response_due_at", "due_at"}) {
    EXPECT_EQ(v.value(k, ""), created.value(k, "")) << k;
  }
  ASSERT_TRUE(v.contains("timeline") && v["timeline"].is_array()) << v.dump();
  bool received = false;
  for (const auto& e : v["timeline"]) {
    ASSERT_TRUE(e.is_object());
    EXPECT_TRUE(e.contains("at") && e["at"].is_string()) << e.dump();
    if (e.value("kind", "") == "received") received = true;
    EXPECT_NE(e.value("kind", ""), "note") << "internal note in the citizen view";
  }
  EXPECT_TRUE(received) << "no 'received' timeline entry: " << v["timeline"].dump();
  EXPECT_FALSE(v.contains("access_code")) << "the access code is shown only once";
  EXPECT_EQ(r.body.find(created.value("access_code", "")), std::string::npos)
      << "the access code appears in the citizen view";
  EXPECT_EQ(r.body.find("access_code_hash"), std::string::npos);
}

// --------------------------------------------------------------------------------------------
// Submission: happy paths

TEST_F(ApiTest, SubmitArabicComplaintDetectsArabic) {
  Json body = ValidArabicCaseBody();
  Response r = SubmitCase(http(), body);
  ASSERT_NO_FATAL_FAILURE(ExpectCreated(r, body, "ar"));
  Json created = r.JsonBody();
  Response g = LookupCase(http(), created["reference"], created["access_code"].get<std::string>());
  ExpectCitizenView(g, body, created);
}

TEST_F(ApiTest, SubmitEnglishComplaintDetectsEnglish) {
  Json body = ValidCaseBody();
  Response r = SubmitCase(http(), body);
  ASSERT_NO_FATAL_FAILURE(ExpectCreated(r, body, "en"));
  Json created = r.JsonBody();
  Response g = LookupCase(http(), created["reference"], created["access_code"].get<std::string>());
  ExpectCitizenView(g, body, created);
}

TEST_F(ApiTest, ExplicitLanguageOverridesDetection) {
  Json body = ValidArabicCaseBody();
  body["language"] = "en";
  Response r = SubmitCase(http(), body);
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_EQ(r.JsonBody().value("language", ""), "en");
}

TEST_F(ApiTest, EachTypeAccepted) {
  for (const char* type : {"complaint", "suggestion", "inquiry", "compliment"}) {
    SCOPED_TRACE(type);
    Json body = ValidCaseBody();
    body["type"] = type;
    Json c = SubmitOk(body);
    ASSERT_TRUE(c.is_object());
    EXPECT_EQ(c.value("type", ""), type);
  }
}

TEST_F(ApiTest, PhoneOnlyContactAccepted) {
  for (const char* phone : {"+973 3600 1234", "36001234", "+97336001234"}) {
    SCOPED_TRACE(phone);
    Json body = ValidCaseBody();
    body["contact"] = Json{{"phone", phone}};
    Json c = SubmitOk(body);
    ASSERT_TRUE(c.is_object());
    Response g = LookupCase(http(), c["reference"], c["access_code"].get<std::string>());
    EXPECT_EQ(g.status, 200) << g.Describe();
    EXPECT_EQ(g.JsonBody().value("subject", ""), body["subject"]);
  }
}

TEST_F(ApiTest, AllOptionalFieldsAccepted) {
  const auto& cat = Catalogue::Get();
  Json body = ValidCaseBody();
  body["entity"] = cat.complaint_entity;
  body["language"] = "en";
  body["channel"] = "web";
  body["anonymous"] = true;
  body["contact"] = Json{{"name", "A B"}, {"email", "a.b@example.com"}, {"phone", "+97336001234"}};
  body["location"] = Json{{"lat", 26.2235}, {"lon", 50.5876}, {"address", "Road 1, Manama"}};
  body["service"] = cat.service_code;
  Json c = SubmitOk(body);
  ASSERT_TRUE(c.is_object());
  EXPECT_EQ(c["entity"].value("code", ""), cat.complaint_entity);
  Response g = LookupCase(http(), c["reference"], c["access_code"].get<std::string>());
  EXPECT_EQ(g.status, 200) << g.Describe();
}

TEST_F(ApiTest, EntityWithoutCategoryAccepted) {
  const auto& cat = Catalogue::Get();
  Json body = ValidCaseBody();
  body.erase("category");
  body["entity"] = cat.other_entity;
  Json c = SubmitOk(body);
  ASSERT_TRUE(c.is_object());
  ASSERT_TRUE(c.contains("entity") && c["entity"].is_object()) << c.dump();
  EXPECT_EQ(c["entity"].value("code", ""), cat.other_entity);
  Response g = LookupCase(http(), c["reference"], c["access_code"].get<std::string>());
  EXPECT_EQ(g.status, 200) << g.Describe();
}

TEST_F(ApiTest, SequentialReferencesAndDistinctCodes) {
  Json a = SubmitOk(ValidCaseBody());
  Json b = SubmitOk(ValidArabicCaseBody());
  ASSERT_TRUE(a.is_object() && b.is_object());
  EXPECT_EQ(SequenceOf(b), SequenceOf(a) + 1);
  EXPECT_NE(a["access_code"], b["access_code"]);
  // A case's code does not open another case.
  Response g = LookupCase(http(), a["reference"], b["access_code"].get<std::string>());
  EXPECT_EQ(g.status, 404) << g.Describe();
}

// --------------------------------------------------------------------------------------------
// Submission: validation (one bad field → exactly one entry naming it)

struct BadCase {
  std::string name;
  std::function<void(Json&)> mutate;
  std::string field;
  std::string code;
};

TEST_F(ApiTest, ValidationTypeCategoryEntityService) {
  const auto& cat = Catalogue::Get();
  ASSERT_FALSE(cat.HasService("SRV-9999"));
  const std::vector<BadCase> cases = {
      {"missing type", [](Json& b) { b.erase("type"); }, "type", "required"},
      {"type is a number", [](Json& b) { b["type"] = 5; }, "type", "invalid_type"},
      {"type unknown", [](Json& b) { b["type"] = "praise"; }, "type", "invalid_value"},
      {"no category nor entity", [](Json& b) { b.erase("category"); }, "category", "required"},
      {"unknown category", [](Json& b) { b["category"] = "no.such.category"; }, "category",
       "unknown"},
      {"category is a number", [](Json& b) { b["category"] = 12; }, "category", "invalid_type"},
      {"unknown entity",
       [](Json& b) {
         b.erase("category");
         b["entity"] = "NOPE";
       },
       "entity", "unknown"},
      {"type not allowed by category",
       [&](Json& b) {
         b["category"] = cat.restricted_category;
         b["type"] = cat.disallowed_type;
       },
       "category", "type_not_allowed"},
      {"entity disagrees with category", [&](Json& b) { b["entity"] = cat.other_entity; }, "entity",
       "mismatch"},
      {"unknown service", [](Json& b) { b["service"] = "SRV-9999"; }, "service", "unknown"},
      {"anonymous not a boolean", [](Json& b) { b["anonymous"] = "yes"; }, "anonymous",
       "invalid_type"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json body = ValidCaseBody();
    c.mutate(body);
    ExpectSingleFieldError(body, c.field, c.code);
  }
}

TEST_F(ApiTest, ValidationTextFields) {
  const std::vector<BadCase> cases = {
      {"missing subject", [](Json& b) { b.erase("subject"); }, "subject", "required"},
      {"subject is a number", [](Json& b) { b["subject"] = 42; }, "subject", "invalid_type"},
      {"subject of 2", [](Json& b) { b["subject"] = "ab"; }, "subject", "too_short"},
      {"subject of 2 after trimming", [](Json& b) { b["subject"] = "   ab   "; }, "subject",
       "too_short"},
      {"subject of 2 Arabic letters", [](Json& b) { b["subject"] = "با"; }, "subject", "too_short"},
      {"subject of 201", [](Json& b) { b["subject"] = Repeat("a", 201); }, "subject", "too_long"},
      {"subject of 201 Arabic letters", [](Json& b) { b["subject"] = Repeat("ب", 201); }, "subject",
       "too_long"},
      {"subject with a control character", [](Json& b) { b["subject"] = "broken\x01light"; },
       "subject", "invalid_characters"},
      {"subject with NUL", [](Json& b) { b["subject"] = std::string("broken\0light", 12); },
       "subject", "invalid_characters"},
      {"missing description", [](Json& b) { b.erase("description"); }, "description", "required"},
      {"description of 9", [](Json& b) { b["description"] = "123456789"; }, "description",
       "too_short"},
      {"description of 10001", [](Json& b) { b["description"] = Repeat("x", 10001); },
       "description", "too_long"},
      {"description of 10001 Arabic letters",
       [](Json& b) { b["description"] = Repeat("ت", 10001); }, "description", "too_long"},
      {"description with a control character",
       [](Json& b) { b["description"] = "the light \x07 is broken again"; }, "description",
       "invalid_characters"},
      {"description is an object", [](Json& b) { b["description"] = Json::object(); },
       "description", "invalid_type"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json body = ValidCaseBody();
    c.mutate(body);
    ExpectSingleFieldError(body, c.field, c.code);
  }
}

TEST_F(ApiTest, ValidationChannelAndLanguage) {
  const std::vector<BadCase> cases = {
      {"channel phone needs staff", [](Json& b) { b["channel"] = "phone"; }, "channel",
       "not_allowed"},
      {"channel counter needs staff", [](Json& b) { b["channel"] = "counter"; }, "channel",
       "not_allowed"},
      {"channel email needs staff", [](Json& b) { b["channel"] = "email"; }, "channel",
       "not_allowed"},
      {"channel unknown", [](Json& b) { b["channel"] = "fax"; }, "channel", "invalid_value"},
      {"language unknown", [](Json& b) { b["language"] = "fr"; }, "language", "invalid_value"},
      {"language is a number", [](Json& b) { b["language"] = 1; }, "language", "invalid_type"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json body = ValidCaseBody();
    c.mutate(body);
    ExpectSingleFieldError(body, c.field, c.code);
  }
}

TEST_F(ApiTest, ValidationContact) {
  const std::vector<BadCase> cases = {
      {"no contact", [](Json& b) { b.erase("contact"); }, "contact", "required"},
      {"empty contact", [](Json& b) { b["contact"] = Json::object(); }, "contact", "required"},
      {"name only",
       [](Json& b) {
         b["contact"] = Json{{"name", "Someone"}};
       },
       "contact", "required"},
      {"contact not an object", [](Json& b) { b["contact"] = "me@example.com"; }, "contact",
       "invalid_type"},
      {"bad email", [](Json& b) { b["contact"]["email"] = "not-an-email"; }, "contact.email",
       "invalid_email"},
      {"email without domain", [](Json& b) { b["contact"]["email"] = "someone@"; }, "contact.email",
       "invalid_email"},
      {"email with space", [](Json& b) { b["contact"]["email"] = "some one@example.com"; },
       "contact.email", "invalid_email"},
      {"too short phone",
       [](Json& b) {
         b["contact"] = Json{{"phone", "12"}};
       },
       "contact.phone", "invalid_phone"},
      {"letters as phone",
       [](Json& b) {
         b["contact"] = Json{{"phone", "call me maybe"}};
       },
       "contact.phone", "invalid_phone"},
      {"bad phone beside a good email", [](Json& b) { b["contact"]["phone"] = "12"; },
       "contact.phone", "invalid_phone"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json body = ValidCaseBody();
    c.mutate(body);
    ExpectSingleFieldError(body, c.field, c.code);
  }
}

TEST_F(ApiTest, ValidationLocation) {
  const std::vector<BadCase> cases = {
      {"lat above 90",
       [](Json& b) {
         b["location"] = Json{{"lat", 90.5}, {"lon", 50.5}};
       },
       "location.lat", "out_of_range"},
      {"lat below -90",
       [](Json& b) {
         b["location"] = Json{{"lat", -91}, {"lon", 50.5}};
       },
       "location.lat", "out_of_range"},
      {"lon above 180",
       [](Json& b) {
         b["location"] = Json{{"lat", 26.2}, {"lon", 180.01}};
       },
       "location.lon", "out_of_range"},
      {"lon below -180",
       [](Json& b) {
         b["location"] = Json{{"lat", 26.2}, {"lon", -200}};
       },
       "location.lon", "out_of_range"},
      {"location without lat",
       [](Json& b) {
         b["location"] = Json{{"lon", 50.5}};
       },
       "location.lat", "required"},
      {"lat is a string",
       [](Json& b) {
         b["location"] = Json{{"lat", "26.2"}, {"lon", 50.5}};
       },
       "location.lat", "invalid_type"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json body = ValidCaseBody();
    c.mutate(body);
    ExpectSingleFieldError(body, c.field, c.code);
  }
}

TEST_F(ApiTest, UnknownFieldsRejected) {
  const std::vector<BadCase> cases = {
      {"top-level typo", [](Json& b) { b["descripton"] = "typo"; }, "descripton", "unknown_field"},
      {"top-level foo", [](Json& b) { b["foo"] = 1; }, "foo", "unknown_field"},
      {"status may not be set", [](Json& b) { b["status"] = "answered"; }, "status",
       "unknown_field"},
      {"contact.foo", [](Json& b) { b["contact"]["foo"] = "bar"; }, "contact.foo", "unknown_field"},
      {"location.foo",
       [](Json& b) {
         b["location"] = Json{{"lat", 26.2}, {"lon", 50.5}, {"foo", true}};
       },
       "location.foo", "unknown_field"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json body = ValidCaseBody();
    c.mutate(body);
    ExpectSingleFieldError(body, c.field, c.code);
  }
}

TEST_F(ApiTest, BlankOrNullSubjectRejected) {
  struct Case {
    std::string name;
    Json subject;
    std::set<std::string> codes;  // either is a fair reading of the contract
  };
  const std::vector<Case> cases = {
      {"empty", "", {"required", "too_short"}},
      {"whitespace only", " \t   \u00a0 ", {"required", "too_short"}},
      {"null", nullptr, {"required", "invalid_type"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json body = ValidCaseBody();
    body["subject"] = c.subject;
    Response r = SubmitCase(http(), body);
    Json p = ExpectProblem(r, 422);
    ASSERT_TRUE(p.is_object() && p.contains("errors") && p["errors"].is_array()) << r.Describe();
    ASSERT_EQ(p["errors"].size(), 1u) << ErrorsSummary(p);
    EXPECT_EQ(p["errors"][0].value("field", ""), "subject") << ErrorsSummary(p);
    EXPECT_TRUE(c.codes.count(p["errors"][0].value("code", ""))) << ErrorsSummary(p);
  }
}

TEST_F(ApiTest, DescriptionMayHaveLineBreaksAndTabs) {
  Json body = ValidCaseBody();
  body["description"] = "First line of the details.\nSecond line:\n\t- an indented item";
  Json c = SubmitOk(body);
  ASSERT_TRUE(c.is_object());
  Response g = LookupCase(http(), c["reference"], c["access_code"].get<std::string>());
  ASSERT_EQ(g.status, 200) << g.Describe();
  EXPECT_EQ(g.JsonBody().value("description", ""), body["description"]);
}

TEST_F(ApiTest, SeveralErrorsAllReported) {
  Json body = ValidCaseBody();
  body["type"] = "bogus";
  body["subject"] = "x";
  body["description"] = "short";
  body["contact"] = Json{{"email", "nope"}};
  body["location"] = Json{{"lat", 100}, {"lon", 50}};
  body["extra"] = 1;
  Response r = SubmitCase(http(), body);
  Json p = ExpectProblem(r, 422);
  ASSERT_TRUE(p.is_object());
  EXPECT_TRUE(HasFieldError(p, "type", "invalid_value")) << ErrorsSummary(p);
  EXPECT_TRUE(HasFieldError(p, "subject", "too_short")) << ErrorsSummary(p);
  EXPECT_TRUE(HasFieldError(p, "description", "too_short")) << ErrorsSummary(p);
  EXPECT_TRUE(HasFieldError(p, "contact.email", "invalid_email")) << ErrorsSummary(p);
  EXPECT_TRUE(HasFieldError(p, "location.lat", "out_of_range")) << ErrorsSummary(p);
  EXPECT_TRUE(HasFieldError(p, "extra", "unknown_field")) << ErrorsSummary(p);
  ASSERT_TRUE(p.contains("errors") && p["errors"].is_array());
  EXPECT_EQ(p["errors"].size(), 6u) << ErrorsSummary(p);
  ExpectHealthy(server());
}

TEST_F(ApiTest, LengthLimitsAtTheBoundaryAccepted) {
  struct Ok {
    std::string name;
    std::string subject;
    std::string description;
  };
  const std::string desc = "The light has been off for weeks.";
  const std::vector<Ok> cases = {
      {"subject of 3", "abc", desc},
      {"subject of 3 after trimming", "   abc   ", desc},
      {"subject of 3 Arabic letters", "بيت", desc},
      {"subject of 200", Repeat("a", 200), desc},
      {"subject of 200 Arabic letters", Repeat("ب", 200), desc},
      {"subject of 200 after trimming", "  " + Repeat("s", 200) + "  ", desc},
      {"description of 10", "Broken light", "0123456789"},
      {"description of 10 Arabic letters", "Broken light", Repeat("ت", 10)},
      {"description of 10000", "Broken light", Repeat("d", 10000)},
      {"description of 10000 Arabic letters", "Broken light", Repeat("ت", 10000)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json body = ValidCaseBody();
    body["subject"] = c.subject;
    body["description"] = c.description;
    body["language"] = "en";
    Json created = SubmitOk(body);
    ASSERT_TRUE(created.is_object());
    Response g =
        LookupCase(http(), created["reference"], created["access_code"].get<std::string>());
    ASSERT_EQ(g.status, 200) << g.Describe();
  }
}

// --------------------------------------------------------------------------------------------
// Malformed requests

struct RawCase {
  std::string name;
  std::string body;
  std::string content_type;
  long status;
};

std::vector<RawCase> MalformedCases() {
  const std::string valid = ValidCaseBody().dump();
  std::string bad_utf8 = ValidCaseBody().dump();
  bad_utf8.replace(bad_utf8.find("broken"), 6, "br\xff\xfen");
  std::string overlong = ValidCaseBody().dump();
  overlong.replace(overlong.find("broken"), 6, "br\xc0\xafn");
  std::string surrogate = ValidCaseBody().dump();  // CESU-style encoded surrogate
  surrogate.replace(surrogate.find("broken"), 6, "br\xed\xa0\x80n");
  Json big = ValidCaseBody();
  big["description"] = Repeat("x", 1024 * 1024 + 1024);
  return {
      {"truncated JSON", "{", "application/json", 400},
      {"missing value", R"({"type": })", "application/json", 400},
      {"trailing garbage", valid + "x", "application/json", 400},
      {"empty body", "", "application/json", 400},
      {"single quotes", "{'type': 'complaint'}", "application/json", 400},
      {"invalid UTF-8 in a string", bad_utf8, "application/json", 400},
      {"overlong UTF-8 in a string", overlong, "application/json", 400},
      {"encoded surrogate in a string", surrogate, "application/json", 400},
      {"empty array", "[]", "application/json", 400},
      {"array of a valid case", "[" + valid + "]", "application/json", 400},
      {"text/plain", valid, "text/plain", 415},
      {"form content type", valid, "application/x-www-form-urlencoded", 415},
      {"body over 1 MiB", big.dump(), "application/json", 413},
  };
}

TEST_F(ApiTest, MalformedRequestsRejected) {
  for (const auto& c : MalformedCases()) {
    SCOPED_TRACE(c.name);
    Response r = http().PostRaw("/api/v1/cases", c.body, c.content_type);
    ExpectProblem(r, c.status);
    ExpectSecurityHeaders(r, c.name);
    ExpectHealthy(server());
  }
}

TEST_F(ApiTest, NothingStoredAfterRejectedRequests) {
  Json before = SubmitOk(ValidCaseBody());
  ASSERT_TRUE(before.is_object());
  // Every kind of rejection in between.
  for (const auto& c : MalformedCases()) {
    SCOPED_TRACE(c.name);
    Response r = http().PostRaw("/api/v1/cases", c.body, c.content_type);
    EXPECT_EQ(r.status, c.status) << r.Describe();
  }
  const auto& cat = Catalogue::Get();
  std::vector<Json> invalid;
  {
    Json b = ValidCaseBody();
    b["subject"] = "ab";
    invalid.push_back(b);
    b = ValidCaseBody();
    b["category"] = cat.restricted_category;
    b["type"] = cat.disallowed_type;
    invalid.push_back(b);
    b = ValidCaseBody();
    b["channel"] = "phone";
    invalid.push_back(b);
    b = ValidCaseBody();
    b.erase("contact");
    invalid.push_back(b);
    b = ValidCaseBody();
    b["contact"]["foo"] = 1;
    invalid.push_back(b);
    b = ValidCaseBody();
    b["entity"] = cat.other_entity;
    invalid.push_back(b);
  }
  for (const auto& b : invalid) {
    Response r = SubmitCase(http(), b);
    EXPECT_EQ(r.status, 422) << b.dump() << "\n" << r.Describe();
  }
  Json after = SubmitOk(ValidArabicCaseBody());
  ASSERT_TRUE(after.is_object());
  EXPECT_EQ(SequenceOf(after), SequenceOf(before) + 1)
      << "a rejected request consumed a reference: " << before["reference"] << " then "
      << after["reference"];
}

// --------------------------------------------------------------------------------------------
// Reading a case

std::string WithoutRequestId(const Response& r) {
  Json j = r.JsonBody();
  if (!j.is_object()) return "not JSON: " + r.body;
  j.erase("request_id");
  return j.dump();
}

TEST_F(ApiTest, NotFoundIsIndistinguishable) {
  Json a = SubmitOk(ValidCaseBody());
  Json b = SubmitOk(ValidCaseBody());
  ASSERT_TRUE(a.is_object() && b.is_object());
  const std::string ref = a["reference"];
  const std::string code = a["access_code"];
  auto p = ParseCanonicalReference(ref);
  ASSERT_TRUE(p);
  std::string wrong_check = ref;
  wrong_check.back() = static_cast<char>('0' + (p->check + 1) % 10);
  std::string swapped = ref;  // two adjacent, different sequence digits swapped
  for (std::size_t i = 3; i + 1 < ref.size() - 2; ++i) {
    if (swapped[i] != swapped[i + 1]) {
      std::swap(swapped[i], swapped[i + 1]);
      break;
    }
  }

  struct Miss {
    std::string name;
    std::string path_ref;
    std::optional<std::string> code;
  };
  const std::vector<Miss> misses = {
      {"unknown reference", MakeReference(p->year2, p->sequence + 500000), code},
      {"wrong check digit", wrong_check, code},
      {"swapped digits", swapped, code},
      {"another case's code", ref, b["access_code"].get<std::string>()},
      {"made-up code", ref, std::string(code == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA")},
      {"missing code", ref, std::nullopt},
      {"empty code", ref, std::string()},
      {"not a reference", "not-a-reference", code},
  };
  std::string first_body;
  for (const auto& m : misses) {
    SCOPED_TRACE(m.name);
    Response r = LookupCase(http(), EncodePathSegment(m.path_ref), m.code);
    ExpectProblem(r, 404);
    ExpectSecurityHeaders(r, m.name);
    const std::string body = WithoutRequestId(r);
    if (first_body.empty()) {
      first_body = body;
    } else {
      EXPECT_EQ(body, first_body) << "404 bodies must not reveal which part was wrong";
    }
  }
  // The real case is still readable.
  Response ok = LookupCase(http(), ref, code);
  EXPECT_EQ(ok.status, 200) << ok.Describe();
}

TEST_F(ApiTest, ReferenceAcceptedInManyWrittenForms) {
  Json c = SubmitOk(ValidArabicCaseBody());
  ASSERT_TRUE(c.is_object());
  const std::string ref = c["reference"];
  const std::string code = c["access_code"];
  std::string lower_code = code;
  for (char& ch : lower_code) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string yy = ref.substr(0, 2);
  const std::string seq = ref.substr(3, ref.size() - 5);
  const std::string cd = ref.substr(ref.size() - 1);

  struct Form {
    std::string name;
    std::string written;
    std::string code;
  };
  const std::vector<Form> forms = {
      {"canonical", ref, code},
      {"spaces", yy + " " + seq + " " + cd, code},
      {"slashes", yy + "/" + seq + "/" + cd, code},
      {"no separators", yy + seq + cd, code},
      {"dots", yy + "." + seq + "." + cd, code},
      {"Arabic-Indic digits", ToArabicIndicDigits(ref), code},
      {"Arabic-Indic digits without separators", ToArabicIndicDigits(yy + seq + cd), code},
      {"Arabic-Indic digits with spaces", ToArabicIndicDigits(yy + " " + seq + " " + cd), code},
      {"lowercase code", ref, lower_code},
      {"Arabic-Indic digits and lowercase code", ToArabicIndicDigits(yy + seq + cd), lower_code},
  };
  for (const auto& f : forms) {
    SCOPED_TRACE(f.name + ": " + f.written);
    Response r = LookupCase(http(), EncodePathSegment(f.written), f.code);
    ASSERT_EQ(r.status, 200) << r.Describe();
    EXPECT_EQ(r.JsonBody().value("reference", ""), ref);
  }
}

TEST_F(ApiTest, FailedLookupsRateLimited) {
  StartServer(ServerOptions{.extra_args = {"--failed-lookups-per-minute", "5"}});
  Json c = SubmitOk(ValidCaseBody());
  ASSERT_TRUE(c.is_object());
  const std::string ref = c["reference"];
  const std::string code = c["access_code"];
  // Successful look-ups do not count.
  for (int i = 0; i < 10; ++i) {
    Response r = LookupCase(http(), ref, code);
    ASSERT_EQ(r.status, 200) << "successful look-up " << i + 1 << ": " << r.Describe();
  }
  const std::string wrong = code == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";
  for (int i = 0; i < 5; ++i) {
    Response r = LookupCase(http(), ref, wrong);
    ASSERT_EQ(r.status, 404) << "failed look-up " << i + 1 << " of the allowed 5: " << r.Describe();
  }
  Response limited;
  int attempt = 6;
  for (; attempt <= 7; ++attempt) {
    limited = LookupCase(http(), ref, wrong);
    if (limited.status == 429) break;
    EXPECT_EQ(limited.status, 404) << limited.Describe();
  }
  ASSERT_EQ(limited.status, 429) << "no 429 after 5 failed look-ups (attempts 6 and 7)";
  ExpectProblem(limited, 429);
  const std::string retry = limited.Header("retry-after");
  ASSERT_FALSE(retry.empty()) << "429 without Retry-After";
  ASSERT_TRUE(IsDigits(retry)) << retry;
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_LE(std::stoi(retry), 60);
  // Still limited on the next failure.
  Response again = LookupCase(http(), ref, wrong);
  EXPECT_EQ(again.status, 429) << again.Describe();
  // Other endpoints are unaffected.
  ExpectHealthy(server());
  Response ent = http().Get("/api/v1/entities");
  EXPECT_EQ(ent.status, 200) << ent.Describe();
}

TEST_F(ApiTest, DefaultLimitAllowsThirtyFailedLookups) {
  Json c = SubmitOk(ValidCaseBody());
  ASSERT_TRUE(c.is_object());
  const std::string ref = c["reference"];
  const std::string wrong = c["access_code"] == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";
  for (int i = 0; i < 30; ++i) {
    Response r = LookupCase(http(), ref, wrong);
    ASSERT_EQ(r.status, 404) << "failed look-up " << i + 1
                             << " of the default 30: " << r.Describe();
  }
  bool limited = false;
  for (int i = 0; i < 2 && !limited; ++i) {
    Response r = LookupCase(http(), ref, wrong);
    limited = r.status == 429;
    if (!limited) {
      EXPECT_EQ(r.status, 404) << r.Describe();
    }
  }
  EXPECT_TRUE(limited) << "no 429 after more than 30 failed look-ups";
}

TEST_F(ApiTest, RateLimitZeroDisables) {
  StartServer(ServerOptions{.extra_args = {"--failed-lookups-per-minute", "0"}});
  Json c = SubmitOk(ValidCaseBody());
  ASSERT_TRUE(c.is_object());
  const std::string ref = c["reference"];
  const std::string wrong = c["access_code"] == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";
  for (int i = 0; i < 45; ++i) {
    Response r = LookupCase(http(), ref, wrong);
    ASSERT_EQ(r.status, 404) << "failed look-up " << i + 1
                             << " with the limit disabled: " << r.Describe();
  }
  Response ok = LookupCase(http(), ref, c["access_code"].get<std::string>());
  EXPECT_EQ(ok.status, 200) << ok.Describe();
}

// --------------------------------------------------------------------------------------------
// Catalogue

TEST_F(ApiTest, EntitiesListed) {
  const auto& cat = Catalogue::Get();
  Response r = http().Get("/api/v1/entities");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.MediaType(), "application/json");
  Json j = r.JsonBody();
  ASSERT_TRUE(j.is_object() && j.contains("items") && j["items"].is_array()) << r.Describe();
  EXPECT_GE(j["items"].size(), 12u);
  std::set<std::string> codes;
  for (const auto& e : j["items"]) {
    ASSERT_TRUE(e.is_object());
    EXPECT_FALSE(e.value("code", "").empty()) << e.dump();
    EXPECT_FALSE(e.value("name_ar", "").empty()) << e.dump();
    EXPECT_FALSE(e.value("name_en", "").empty()) << e.dump();
    codes.insert(e.value("code", ""));
  }
  for (const auto& code : cat.entity_codes) EXPECT_TRUE(codes.count(code)) << code;
  ExpectSecurityHeaders(r, "GET /api/v1/entities");
}

TEST_F(ApiTest, CategoriesFilteredByEntityAndType) {
  const auto& cat = Catalogue::Get();
  {
    Response r = http().Get("/api/v1/categories");
    ASSERT_EQ(r.status, 200) << r.Describe();
    Json j = r.JsonBody();
    ASSERT_TRUE(j.is_object() && j.contains("items") && j["items"].is_array()) << r.Describe();
    EXPECT_GE(j["items"].size(), cat.raw["categories"].size());
  }
  // Entity filter.
  const std::string entity = Catalogue::Get().raw["categories"].at(0).at("entity");
  {
    Response r = http().Get("/api/v1/categories?entity=" + entity);
    ASSERT_EQ(r.status, 200) << r.Describe();
    Json j = r.JsonBody();
    ASSERT_TRUE(j.is_object() && j.contains("items") && j["items"].is_array()) << r.Describe();
    std::set<std::string> got;
    for (const auto& c : j["items"]) {
      ASSERT_TRUE(c.is_object());
      EXPECT_EQ(c.value("entity", ""), entity) << c.dump();
      EXPECT_FALSE(c.value("name_ar", "").empty()) << c.dump();
      EXPECT_FALSE(c.value("name_en", "").empty()) << c.dump();
      EXPECT_TRUE(c.contains("guidance_ar") && c["guidance_ar"].is_string()) << c.dump();
      EXPECT_TRUE(c.contains("guidance_en") && c["guidance_en"].is_string()) << c.dump();
      EXPECT_TRUE(c.contains("types") && c["types"].is_array() && !c["types"].empty()) << c.dump();
      got.insert(c.value("code", ""));
    }
    for (const auto& code : cat.CategoriesOf(entity)) EXPECT_TRUE(got.count(code)) << code;
  }
  // Entity and type filter: the restricted category is excluded for its disallowed type.
  std::string restricted_entity;
  for (const auto& c : cat.raw["categories"]) {
    if (c["code"] == cat.restricted_category) restricted_entity = c["entity"];
  }
  {
    Response r = http().Get("/api/v1/categories?entity=" + restricted_entity +
                            "&type=" + cat.disallowed_type);
    ASSERT_EQ(r.status, 200) << r.Describe();
    Json j = r.JsonBody();
    ASSERT_TRUE(j.is_object() && j.contains("items") && j["items"].is_array()) << r.Describe();
    std::set<std::string> got;
    for (const auto& c : j["items"]) {
      EXPECT_EQ(c.value("entity", ""), restricted_entity) << c.dump();
      bool allows = false;
      for (const auto& t : c.value("types", Json::array())) allows |= t == cat.disallowed_type;
      EXPECT_TRUE(allows) << c.dump();
      got.insert(c.value("code", ""));
    }
    EXPECT_FALSE(got.count(cat.restricted_category))
        << cat.restricted_category << " does not allow " << cat.disallowed_type;
    for (const auto& code : cat.CategoriesOf(restricted_entity, cat.disallowed_type)) {
      EXPECT_TRUE(got.count(code)) << code;
    }
  }
  // Type filter across entities.
  {
    Response r = http().Get("/api/v1/categories?type=" + cat.disallowed_type);
    ASSERT_EQ(r.status, 200) << r.Describe();
    Json j = r.JsonBody();
    ASSERT_TRUE(j.is_object() && j.contains("items") && j["items"].is_array()) << r.Describe();
    for (const auto& c : j["items"]) {
      EXPECT_NE(c.value("code", ""), cat.restricted_category);
    }
    EXPECT_FALSE(j["items"].empty());
  }
}

// --------------------------------------------------------------------------------------------
// Operations

TEST_F(ApiTest, HealthAndReadiness) {
  Response h = http().Get("/healthz");
  ASSERT_EQ(h.status, 200) << h.Describe();
  std::string body = h.body;
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.pop_back();
  EXPECT_EQ(body, "ok");
  ExpectSecurityHeaders(h, "GET /healthz");
  Response ready = http().Get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.Describe();
  // Request ids are unique per request.
  Response h2 = http().Get("/healthz");
  EXPECT_NE(h.Header("x-request-id"), h2.Header("x-request-id"));
}

long MetricValue(const std::string& text, const std::string& series) {
  std::size_t pos = 0;
  while ((pos = text.find(series, pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') {
      std::size_t v = pos + series.size();
      while (v < text.size() && text[v] == ' ') ++v;
      return static_cast<long>(std::stod(text.substr(v)));
    }
    pos += series.size();
  }
  return -1;
}

TEST_F(ApiTest, MetricsCountSubmissions) {
  // Labelled by route pattern and method (issue 20): GET and POST /api/v1/cases are two series.
  const std::string series =
      R"(tawasul_http_requests_total{route="/api/v1/cases",method="POST",status="201"})";
  ASSERT_TRUE(SubmitOk(ValidCaseBody()).is_object());
  long first = -1;
  std::string text;
  for (int i = 0; i < 40 && first < 1; ++i) {  // the observation may land just after the reply
    Response m = http().Get("/metrics");
    ASSERT_EQ(m.status, 200) << m.Describe();
    EXPECT_EQ(m.MediaType(), "text/plain");
    text = m.body;
    first = MetricValue(text, series);
    if (first < 1) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GE(first, 1) << "no " << series << " after a submission:\n" << text.substr(0, 3000);
  EXPECT_NE(text.find("tawasul_store_commit_batch_size_count"), std::string::npos)
      << text.substr(0, 3000);

  ASSERT_TRUE(SubmitOk(ValidCaseBody()).is_object());
  long second = -1;
  for (int i = 0; i < 40 && second < first + 1; ++i) {
    text = http().Get("/metrics").body;
    second = MetricValue(text, series);
    if (second < first + 1) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(second, first + 1);
  EXPECT_GE(
      MetricValue(
          text,
          R"(tawasul_http_request_duration_seconds_count{route="/api/v1/cases",method="POST"})"),
      2)
      << text.substr(0, 3000);
  // A path no route knows is counted by method under one bounded label, never the raw path.
  http().Request("DELETE", "/no-such-path-" + std::to_string(second));
  text = http().Get("/metrics").body;
  for (int i = 0; i < 40 && text.find(R"(route="unmatched",method="DELETE")") == std::string::npos;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    text = http().Get("/metrics").body;
  }
  EXPECT_NE(text.find(R"(tawasul_http_requests_total{route="unmatched",method="DELETE",status=")"),
            std::string::npos)
      << text.substr(0, 3000);
  EXPECT_EQ(text.find("no-such-path"), std::string::npos);
}

// --------------------------------------------------------------------------------------------
// Routing and headers

TEST_F(ApiTest, UnknownPathIs404) {
  for (const char* path : {"/api/v1/no-such-thing", "/api/v2/cases", "/api/v1/cases/x/y/z"}) {
    SCOPED_TRACE(path);
    Response r = http().Get(path);
    ExpectProblem(r, 404);
    ExpectSecurityHeaders(r, path);
  }
  Response page = http().Get("/no-such-page");
  EXPECT_EQ(page.status, 404) << page.Describe();
  EXPECT_TRUE(page.MediaType() == "application/problem+json" || page.MediaType() == "text/html")
      << page.Describe();
  ExpectSecurityHeaders(page, "/no-such-page");
  ExpectHealthy(server());
}

TEST_F(ApiTest, WrongMethodIs405) {
  struct M {
    std::string method, path;
  };
  const std::vector<M> cases = {{"DELETE", "/api/v1/entities"},
                                {"POST", "/api/v1/entities"},
                                {"PUT", "/api/v1/categories"},
                                {"DELETE", "/healthz"},
                                {"PATCH", "/api/v1/cases"}};
  for (const auto& m : cases) {
    SCOPED_TRACE(m.method + " " + m.path);
    Response r = http().Request(m.method, m.path, m.method == "GET" ? "" : "{}",
                                {"Content-Type: application/json"});
    ExpectProblem(r, 405);
    ExpectSecurityHeaders(r, m.method + " " + m.path);
  }
  ExpectHealthy(server());
}

TEST_F(ApiTest, SecurityHeadersOnEveryKindOfResponse) {
  ExpectSecurityHeaders(http().Get("/healthz"), "healthz");
  ExpectSecurityHeaders(http().Get("/readyz"), "readyz");
  ExpectSecurityHeaders(http().Get("/metrics"), "metrics");
  ExpectSecurityHeaders(http().Get("/api/v1/categories"), "categories");
  ExpectSecurityHeaders(SubmitCase(http(), ValidCaseBody()), "201");
  Json bad = ValidCaseBody();
  bad["subject"] = "";
  ExpectSecurityHeaders(SubmitCase(http(), bad), "422");
  ExpectSecurityHeaders(http().PostRaw("/api/v1/cases", "{", "application/json"), "400");
  ExpectSecurityHeaders(http().PostRaw("/api/v1/cases", "{}", "text/plain"), "415");
  ExpectSecurityHeaders(http().Get("/"), "home page");
}

}  // namespace
}  // namespace tawasul_test
