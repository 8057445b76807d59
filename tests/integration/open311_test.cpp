// Black-box tests of Open311 GeoReport v2 (docs/api.md "Open311") and of API keys
// (`tawasul api-key`), over real HTTP on both backends: discovery, the service list and a
// service's definition in XML and JSON, POST requests with a key of each scope, GET by window and
// by id, every error in Open311's shape, and no personal data in any read.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "integration/server.h"
#include "integration/xml_doc.h"

namespace tawasul_test {
namespace {

class Open311Test : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void TearDown() override {
    http_.reset();
    server_.reset();
  }
  void Start(ServerOptions options) {
    http_.reset();
    server_.reset();
    server_ = std::make_unique<Server>(std::move(options));
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  Server& server() { return *server_; }
  Http& http() { return *http_; }

  // `tawasul api-key add`: the key it prints once.
  std::string IssueKey(const std::string& scopes) {
    CliOutput out = RunTawasul("api-key add --name 'Test integrator' --scopes '" + scopes + "' " +
                               server().CliDatabaseArgs());
    EXPECT_EQ(out.status, 0) << out.err;
    std::string key = out.out;
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    EXPECT_EQ(key.rfind("tw_", 0), 0u) << key;
    return key;
  }

  // A valid Open311 request for the demo catalogue's complaint category.
  Fields ValidRequest(const std::string& key) {
    return {{"api_key", key},
            {"jurisdiction_id", "bh"},
            {"service_code", Catalogue::Get().complaint_category},
            {"lat", "26.2285"},
            {"long", "50.5860"},
            {"address_string", "Road 4321, Block 321"},
            {"email", "reporter.open311@example.com"},
            {"phone", "+97336001234"},
            {"first_name", "Maryam"},
            {"last_name", "Haddad"},
            {"description", "Streetlight broken for two weeks near the school gate"},
            {"media_url", "https://photos.example.com/p/123.jpg"}};
  }

  // POSTs `fields` and returns the answer.
  Response Post(const Fields& fields, const std::string& format = "json") {
    return http().PostForm("/open311/v2/requests." + format, fields, "");
  }

  // POSTs a valid request and returns its service_request_id ("" and a failure otherwise).
  std::string PostOk(const std::string& key) {
    Response r = Post(ValidRequest(key));
    EXPECT_EQ(r.status, 200) << r.Describe();
    Json j = r.JsonBody();
    EXPECT_TRUE(j.is_array() && j.size() == 1) << r.Describe();
    if (!j.is_array() || j.size() != 1) return "";
    EXPECT_EQ(j[0].value("account_id", "?"), "");
    EXPECT_FALSE(j[0].value("service_notice", "").empty());
    EXPECT_FALSE(j[0].contains("access_code"));
    return j[0].value("service_request_id", "");
  }

  // An Open311 error answer in JSON: the code, and a description naming `field`.
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

TEST_F(Open311Test, DiscoveryInBothFormats) {
  Response j = http().Get("/open311/v2/discovery.json");
  ASSERT_EQ(j.status, 200) << j.Describe();
  EXPECT_EQ(j.MediaType(), "application/json");
  Json d = j.JsonBody();
  ASSERT_TRUE(d.is_object()) << j.Describe();
  ASSERT_TRUE(d["endpoints"].is_array() && d["endpoints"].size() == 1);
  EXPECT_EQ(d["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(d["endpoints"][0]["url"], server().base_url() + "/open311/v2/");
  EXPECT_EQ(d["endpoints"][0]["formats"], Json::array({"text/xml", "application/json"}));
  EXPECT_TRUE(d.contains("changeset") && d.contains("contact") && d.contains("key_service"));

  Response x = http().Get("/open311/v2/discovery.xml");
  ASSERT_EQ(x.status, 200) << x.Describe();
  EXPECT_EQ(x.MediaType(), "text/xml");
  XmlDoc doc(x.body);
  ASSERT_TRUE(doc.ok()) << x.body;
  EXPECT_EQ(doc.RootName(), "discovery");
  EXPECT_EQ(doc.Text("/discovery/endpoints/endpoint/specification"),
            "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(doc.Count("/discovery/endpoints/endpoint/formats/format"), 2);
}

TEST_F(Open311Test, ServicesInBothFormatsAndLanguages) {
  const auto& cat = Catalogue::Get();
  Response j = http().Get("/open311/v2/services.json");
  ASSERT_EQ(j.status, 200) << j.Describe();
  Json list = j.JsonBody();
  ASSERT_TRUE(list.is_array()) << j.Describe();
  EXPECT_EQ(list.size(), cat.raw["categories"].size());
  Json mine;
  for (const auto& s : list) {
    for (const char* k :
         {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}) {
      EXPECT_TRUE(s.contains(k)) << k << " in " << s.dump();
    }
    EXPECT_EQ(s["type"], "realtime");
    EXPECT_EQ(s["metadata"], false);  // no category asks for extra fields
    if (s["service_code"] == cat.complaint_category) mine = s;
  }
  ASSERT_TRUE(mine.is_object());
  Json raw;
  for (const auto& c : cat.raw["categories"]) {
    if (c["code"] == cat.complaint_category) raw = c;
  }
  EXPECT_EQ(mine["service_name"], raw["name_ar"]);  // Arabic by default
  Response en = http().Get("/open311/v2/services.json?locale=en");
  bool found = false;
  for (const auto& s : en.JsonBody()) {
    if (s["service_code"] == cat.complaint_category) {
      EXPECT_EQ(s["service_name"], raw["name_en"]);
      found = true;
    }
  }
  EXPECT_TRUE(found);
  Response accept = http().Get("/open311/v2/services.json", {"Accept-Language: en-GB,en;q=0.8"});
  EXPECT_EQ(accept.body, en.body);

  Response x = http().Get("/open311/v2/services.xml");
  ASSERT_EQ(x.status, 200) << x.Describe();
  XmlDoc doc(x.body);
  ASSERT_TRUE(doc.ok()) << x.body;
  EXPECT_EQ(doc.RootName(), "services");
  EXPECT_EQ(doc.Count("/services/service"), static_cast<int>(list.size()));
  EXPECT_EQ(doc.Count("/services/service/service_code"), static_cast<int>(list.size()));
  EXPECT_EQ(doc.Text("/services/service[service_code='" + cat.complaint_category + "']/metadata"),
            "false");
}

TEST_F(Open311Test, ServiceDefinitionAndUnknownIds) {
  const std::string code = Catalogue::Get().complaint_category;
  Response j = http().Get("/open311/v2/services/" + code + ".json");
  ASSERT_EQ(j.status, 200) << j.Describe();
  EXPECT_EQ(j.JsonBody(), (Json{{"service_code", code}, {"attributes", Json::array()}}));
  Response x = http().Get("/open311/v2/services/" + code + ".xml");
  XmlDoc doc(x.body);
  ASSERT_TRUE(doc.ok()) << x.body;
  EXPECT_EQ(doc.RootName(), "service_definition");
  EXPECT_EQ(doc.Text("/service_definition/service_code"), code);
  EXPECT_EQ(doc.Count("/service_definition/attributes"), 1);

  ExpectJsonError(http().Get("/open311/v2/services/no.such.service.json"), 404, "service_code");
  Response xe = http().Get("/open311/v2/services/no.such.service.xml");
  EXPECT_EQ(xe.status, 404);
  XmlDoc err(xe.body);
  ASSERT_TRUE(err.ok()) << xe.body;
  EXPECT_EQ(err.RootName(), "errors");
  EXPECT_EQ(err.Text("/errors/error/code"), "404");
  EXPECT_FALSE(err.Text("/errors/error/description").empty());
  // Requests are created at once: no token ever exists.
  ExpectJsonError(http().Get("/open311/v2/tokens/abc123.json"), 404, "token");
}

TEST_F(Open311Test, PostThenReadBackWithoutPersonalData) {
  const std::string key = IssueKey("submit,read");
  const std::string id = PostOk(key);
  ASSERT_TRUE(LooksLikeReference(id)) << id;
  // Created through the case path, on the open311 channel.
  EXPECT_EQ(server().SqlText("SELECT channel FROM cases WHERE reference = '" + id + "'"),
            "open311");

  std::vector<Response> reads = {
      http().Get("/open311/v2/requests/" + id + ".json?api_key=" + key),
      http().Get("/open311/v2/requests/" + id + ".xml?api_key=" + key),
      http().Get("/open311/v2/requests.json?api_key=" + key),
      http().Get("/open311/v2/requests.xml?api_key=" + key + "&status=open"),
      http().Get("/open311/v2/requests.json?api_key=" + key + "&service_request_id=" + id),
      http().Get("/open311/v2/requests.json?api_key=" + key +
                 "&service_code=" + Catalogue::Get().complaint_category)};
  for (const auto& r : reads) {
    ASSERT_EQ(r.status, 200) << r.Describe();
    EXPECT_NE(r.body.find(id), std::string::npos) << r.Describe();
    for (const char* personal : {"reporter.open311", "36001234", "Maryam", "Haddad", "Streetlight",
                                 "Road 4321", "26.2285", "50.586", "photos.example.com"}) {
      EXPECT_EQ(r.body.find(personal), std::string::npos) << personal << " in " << r.body;
    }
  }
  Json one = reads[0].JsonBody();
  ASSERT_TRUE(one.is_array() && one.size() == 1) << reads[0].Describe();  // a list of one
  const Json& req = one[0];
  EXPECT_EQ(req["service_request_id"], id);
  EXPECT_EQ(req["status"], "open");
  EXPECT_EQ(req["service_code"], Catalogue::Get().complaint_category);
  EXPECT_FALSE(req.value("agency_responsible", "").empty());
  EXPECT_TRUE(IsRfc3339WithOffset(req.value("requested_datetime", ""), "+03:00")) << req;
  EXPECT_TRUE(IsRfc3339WithOffset(req.value("expected_datetime", ""), "+03:00")) << req;
  EXPECT_FALSE(req.contains("description") || req.contains("email") || req.contains("lat"));

  XmlDoc doc(reads[1].body);
  ASSERT_TRUE(doc.ok()) << reads[1].body;
  EXPECT_EQ(doc.RootName(), "service_requests");
  EXPECT_EQ(doc.Count("/service_requests/request"), 1);
  EXPECT_EQ(doc.Text("/service_requests/request/service_request_id"), id);
  EXPECT_EQ(doc.Text("/service_requests/request/status"), "open");

  // status=closed leaves it out; an unknown id is 404.
  Json closed =
      http().Get("/open311/v2/requests.json?api_key=" + key + "&status=closed").JsonBody();
  ASSERT_TRUE(closed.is_array());
  EXPECT_TRUE(closed.empty()) << closed;
  ExpectJsonError(
      http().Get("/open311/v2/requests/" + MakeReference(26, 9999999) + ".json?api_key=" + key),
      404, "service_request_id");

  // The POST in XML answers the documented shape too.
  Response x = Post(ValidRequest(key), "xml");
  ASSERT_EQ(x.status, 200) << x.Describe();
  XmlDoc posted(x.body);
  ASSERT_TRUE(posted.ok()) << x.body;
  EXPECT_EQ(posted.RootName(), "service_requests");
  EXPECT_TRUE(LooksLikeReference(posted.Text("/service_requests/request/service_request_id")));
  EXPECT_EQ(posted.Count("/service_requests/request/service_notice"), 1);
}

TEST_F(Open311Test, KeysAndScopes) {
  const std::string submit = IssueKey("submit");
  const std::string read = IssueKey("read");
  const std::string revoked = IssueKey("submit,read");

  Fields no_key = ValidRequest("");
  ExpectJsonError(Post(no_key), 403, "api_key");
  ExpectJsonError(Post(ValidRequest(read)), 403, "api_key");          // wrong scope
  ExpectJsonError(Post(ValidRequest("tw_notakey")), 403, "api_key");  // malformed
  std::string forged = submit;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  ExpectJsonError(Post(ValidRequest(forged)), 403, "api_key");  // wrong secret
  EXPECT_EQ(server().SqlInt("SELECT count(*) FROM cases"), 0);

  ExpectJsonError(http().Get("/open311/v2/requests.json"), 403, "api_key");
  ExpectJsonError(http().Get("/open311/v2/requests.json?api_key=" + submit), 403, "api_key");
  EXPECT_EQ(http().Get("/open311/v2/requests.json?api_key=" + read).status, 200);
  Response xml = http().Get("/open311/v2/requests.xml");
  EXPECT_EQ(xml.status, 403);
  XmlDoc err(xml.body);
  ASSERT_TRUE(err.ok()) << xml.body;
  EXPECT_EQ(err.Text("/errors/error/code"), "403");

  EXPECT_FALSE(PostOk(submit).empty());
  EXPECT_FALSE(PostOk(revoked).empty());
  // The list names keys by prefix, never by key or hash; the used ones have last_used_at.
  CliOutput list = RunTawasul("api-key list " + server().CliDatabaseArgs());
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_EQ(list.out.find(submit), std::string::npos);
  EXPECT_EQ(list.out.find(submit.substr(12)), std::string::npos);
  std::vector<Json> rows;
  for (std::size_t at = 0, nl; (nl = list.out.find('\n', at)) != std::string::npos; at = nl + 1) {
    rows.push_back(Json::parse(list.out.substr(at, nl - at)));
  }
  ASSERT_EQ(rows.size(), 3u) << list.out;
  EXPECT_EQ(rows[0]["scopes"], "submit");
  EXPECT_TRUE(rows[0]["last_used_at"].is_string()) << rows[0];
  EXPECT_TRUE(rows[1]["last_used_at"].is_string()) << rows[1];  // the reads
  EXPECT_EQ(server().SqlInt("SELECT count(*) FROM api_keys WHERE hash LIKE 'tw_%'"), 0);

  CliOutput revoke =
      RunTawasul("api-key revoke " + rows[2]["id"].dump() + " " + server().CliDatabaseArgs());
  EXPECT_EQ(revoke.status, 0) << revoke.err;
  ExpectJsonError(Post(ValidRequest(revoked)), 403, "api_key");
  CliOutput again =
      RunTawasul("api-key revoke " + rows[2]["id"].dump() + " " + server().CliDatabaseArgs());
  EXPECT_EQ(again.status, 1);
  CliOutput bad_scope =
      RunTawasul("api-key add --name X --scopes write " + server().CliDatabaseArgs());
  EXPECT_NE(bad_scope.status, 0);
  EXPECT_NE(bad_scope.err.find("scope"), std::string::npos) << bad_scope.err;
}

TEST_F(Open311Test, BadInputNamesTheFieldAndStoresNothing) {
  const std::string key = IssueKey("submit,read");
  auto with = [&](const std::string& name, const std::string& value) {
    Fields f;
    for (auto& [k, v] : ValidRequest(key)) {
      if (k != name) f.emplace_back(k, v);
    }
    if (!value.empty()) f.emplace_back(name, value);
    return f;
  };
  ExpectJsonError(Post(with("service_code", "no.such.service")), 400, "service_code");
  ExpectJsonError(Post(with("service_code", "")), 400, "service_code");
  Fields nowhere;
  for (auto& [k, v] : ValidRequest(key)) {
    if (k != "lat" && k != "long" && k != "address_string") nowhere.emplace_back(k, v);
  }
  ExpectJsonError(Post(nowhere), 400, "lat");
  ExpectJsonError(Post(with("lat", "north")), 400, "lat");
  ExpectJsonError(Post(with("lat", "95")), 400, "lat");
  ExpectJsonError(Post(with("description", "short")), 400, "description");
  ExpectJsonError(Post(with("email", "not-an-email")), 400, "email");
  ExpectJsonError(Post(with("jurisdiction_id", "elsewhere")), 400, "jurisdiction_id");
  ExpectJsonError(Post(with("attribute[depth]", "deep")), 400, "attribute[depth]");
  ExpectJsonError(Post(with("media_url", "javascript:alert(1)")), 400, "media_url");
  Fields anonymous;
  for (auto& [k, v] : ValidRequest(key)) {
    if (k != "email" && k != "phone") anonymous.emplace_back(k, v);
  }
  ExpectJsonError(Post(anonymous), 400, "email");
  Response xml = Post(with("service_code", "no.such.service"), "xml");
  EXPECT_EQ(xml.status, 400);
  XmlDoc err(xml.body);
  ASSERT_TRUE(err.ok()) << xml.body;
  EXPECT_EQ(err.RootName(), "errors");
  EXPECT_EQ(err.Text("/errors/error/description").rfind("service_code:", 0), 0u) << xml.body;
  EXPECT_EQ(server().SqlInt("SELECT count(*) FROM cases"), 0);

  // Address only: accepted (the address joins the description, never shown in reads).
  Fields address_only;
  for (auto& [k, v] : ValidRequest(key)) {
    if (k != "lat" && k != "long") address_only.emplace_back(k, v);
  }
  EXPECT_EQ(Post(address_only).status, 200);

  const std::string base = "/open311/v2/requests.json?api_key=" + key;
  ExpectJsonError(http().Get(base + "&start_date=2026-11-01"), 400, "start_date");
  ExpectJsonError(http().Get(base + "&end_date=tomorrow"), 400, "end_date");
  ExpectJsonError(http().Get(base + "&start_date=" + PercentEncode("2026-01-01T00:00:00+03:00") +
                             "&end_date=" + PercentEncode("2026-06-01T00:00:00+03:00")),
                  400, "end_date");  // more than 90 days apart
  ExpectJsonError(http().Get(base + "&status=pending"), 400, "status");
  ExpectJsonError(http().Get(base + "&service_request_id=nonsense"), 400, "service_request_id");
  // A window of the past holds nothing; still an array.
  Json old = http()
                 .Get(base + "&start_date=" + PercentEncode("2020-01-01T00:00:00Z") +
                      "&end_date=" + PercentEncode("2020-03-01T00:00:00Z"))
                 .JsonBody();
  EXPECT_EQ(old, Json::array());
}

TEST_F(Open311Test, EachKeyHasItsOwnRateLimit) {
  Start({.extra_args = {"--api-key-requests-per-minute", "2"}});
  const std::string a = IssueKey("read"), b = IssueKey("read");
  const std::string path = "/open311/v2/requests.json?api_key=";
  EXPECT_EQ(http().Get(path + a).status, 200);
  EXPECT_EQ(http().Get(path + a).status, 200);
  Response limited = http().Get(path + a);
  ExpectJsonError(limited, 429, "api_key");
  EXPECT_GE(std::stoi(limited.Header("Retry-After").empty() ? "0" : limited.Header("Retry-After")),
            1);
  EXPECT_EQ(http().Get(path + b).status, 200);  // another key is not affected
}

}  // namespace
}  // namespace tawasul_test
