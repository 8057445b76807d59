// Black-box tests of the e-services catalogue (issue 18, docs/services.md) on the demo server,
// on both backends: the public pages in Arabic and English, the Arabic-aware search, the 404 page
// of an unknown code, the JSON API's filters and pages, "report a problem with this service"
// creating a case linked to the service and its entity, the "was this page useful?" vote
// (counted, refused from another site, rate-limited per address), the administrator's edit, and
// `tawasul services import`/`export` (a bad row stores nothing; export -> import round trip).

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>

#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

class ServicesTest : public AdminFixture {
 protected:
  bool Has(const Response& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = server_->dir() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

TEST_F(ServicesTest, PagesShowTheCatalogueInBothLanguages) {
  Response ar = http_->Get("/services?lang=ar", {"Accept: text/html"});
  ASSERT_EQ(ar.status, 200) << ar.Describe();
  EXPECT_TRUE(Has(ar, "دفع فاتورة الكهرباء والماء"));
  EXPECT_TRUE(Has(ar, "id=\"entity-EWA\""));
  EXPECT_TRUE(Has(ar, "/services?event=birth"));
  Response en = http_->Get("/services?lang=en");
  EXPECT_TRUE(Has(en, "Pay electricity and water bill"));

  Response page = http_->Get("/services/SRV-0033?lang=en");
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_EQ(ElementTextById(page.body, "svc-name").value_or(""), "Pay electricity and water bill");
  EXPECT_EQ(ElementTextById(page.body, "svc-time").value_or(""), "Immediate");
  EXPECT_TRUE(Has(page, "href=\"https://services.tawasul.example/SRV-0033\""));
  EXPECT_TRUE(Has(page, "rel=\"external noopener noreferrer\""));
  EXPECT_TRUE(Has(page, "href=\"/submit?service=SRV-0033\""));
  EXPECT_NE(ElementTextById(page.body, "svc-channels").value_or("").find("Mobile app"),
            std::string::npos);
  Response page_ar = http_->Get("/services/SRV-0033?lang=ar");
  EXPECT_EQ(ElementTextById(page_ar.body, "svc-time").value_or(""), "فوري");

  // Life events and entities filter the list.
  Response births = http_->Get("/services?lang=en&event=birth");
  EXPECT_TRUE(Has(births, "Issue a birth certificate"));
  EXPECT_FALSE(Has(births, "Pay electricity and water bill"));
  Response ewa = http_->Get("/services?lang=en&entity=EWA");
  EXPECT_TRUE(Has(ewa, "Report an electricity or water outage"));
  EXPECT_FALSE(Has(ewa, "Renew passport"));

  Response unknown = http_->Get("/services/SRV-9999", {"Accept: text/html"});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.MediaType(), "text/html");
}

TEST_F(ServicesTest, SearchUsesTheArabicAnalyzer) {
  for (const char* q : {"%D8%A7%D9%84%D9%83%D9%87%D8%B1%D8%A8%D8%A7%D8%A1",     // الكهرباء
                        "%D9%83%D9%87%D8%B1%D8%A8%D8%A7%D8%A1",                 // كهرباء
                        "%D8%A7%D9%84%D9%83%D9%87%D8%B1%D8%A8%D8%A2%D8%A1"}) {  // الكهربآء
    Response r = http_->Get(std::string("/api/v1/services?q=") + q);
    ASSERT_EQ(r.status, 200) << r.Describe();
    const Json body = r.JsonBody();  // alive through the loop
    bool found = false;
    for (const auto& item : body["items"]) found |= item["code"] == "SRV-0033";
    EXPECT_TRUE(found) << q;
  }
  Response page = http_->Get("/services?lang=en&q=passport");
  EXPECT_TRUE(Has(page, "Renew passport"));
  EXPECT_FALSE(Has(page, "Pay electricity and water bill"));
  Response none = http_->Get("/services?lang=en&q=zzzzqqq");
  EXPECT_TRUE(ElementTextById(none.body, "svc-none").has_value());
}

TEST_F(ServicesTest, ApiFiltersAndPages) {
  Response all = http_->Get("/api/v1/services?per_page=100");
  ASSERT_EQ(all.status, 200) << all.Describe();
  Json body = all.JsonBody();
  EXPECT_GE(body["total"].get<int>(), 100);
  EXPECT_EQ(body["items"].size(), 100u);
  Response second = http_->Get("/api/v1/services?per_page=100&page=2");
  EXPECT_EQ(second.JsonBody()["items"].size(), body["total"].get<std::size_t>() - 100);

  Json ewa = http_->Get("/api/v1/services?entity=EWA").JsonBody();
  ASSERT_GT(ewa["total"].get<int>(), 0);
  for (const auto& item : ewa["items"]) EXPECT_EQ(item["entity"], "EWA");
  Json births = http_->Get("/api/v1/services?life_event=birth").JsonBody();
  ASSERT_GT(births["total"].get<int>(), 0);
  for (const auto& item : births["items"]) {
    EXPECT_NE(std::find(item["life_events"].begin(), item["life_events"].end(), "birth"),
              item["life_events"].end());
  }
  Response bad = http_->Get("/api/v1/services?life_event=lottery&per_page=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(HasFieldError(bad.JsonBody(), "life_event", "unknown")) << bad.Describe();
  EXPECT_TRUE(HasFieldError(bad.JsonBody(), "per_page", "invalid_value")) << bad.Describe();

  Response one = http_->Get("/api/v1/services/SRV-0046");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.JsonBody()["name_en"], "Renew passport");
  EXPECT_EQ(one.JsonBody()["entity"], "NPRA");
  EXPECT_EQ(http_->Get("/api/v1/services/NOPE").status, 404);
}

TEST_F(ServicesTest, ReportAProblemLinksTheCaseToTheService) {
  Response form = http_->Get("/submit?service=SRV-0033&lang=en");
  ASSERT_EQ(form.status, 200);
  EXPECT_EQ(FormInputValue(form.body, "service").value_or(""), "SRV-0033");
  EXPECT_TRUE(ElementTextById(form.body, "service-linked").has_value());
  auto token = FormInputValue(form.body, "csrf");
  auto cookie = form.SetCookie("csrf");
  ASSERT_TRUE(token && cookie);
  Fields f = {{"csrf", *token},
              {"service", "SRV-0033"},
              {"type", "complaint"},
              {"subject", "Payment failed twice"},
              {"description", "The bill payment page took the money but shows the bill unpaid."},
              {"email", "citizen@example.com"}};
  Response r = FollowReceipt(*http_, http_->PostForm("/submit", f, "csrf=" + *cookie));
  ASSERT_EQ(r.status, 200) << r.Describe();
  auto reference = ElementTextById(r.body, "reference");
  ASSERT_TRUE(reference.has_value()) << r.body;
  EXPECT_EQ(server_->SqlText("SELECT service || ' ' || entity FROM cases WHERE reference = '" +
                             *reference + "'"),
            "SRV-0033 EWA");
  // A category of another entity does not go with the service: nothing is stored.
  const auto before = server_->SqlInt("SELECT count(*) FROM cases");
  f.emplace_back("category", "passports.renewal");
  Response mismatch = http_->PostForm("/submit", f, "csrf=" + *cookie);
  EXPECT_EQ(mismatch.status, 422) << mismatch.Describe();
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM cases"), before);
}

TEST_F(ServicesTest, UsefulVoteIsCountedAndRateLimited) {
  Response yes = http_->PostForm("/services/SRV-0046/useful", {{"useful", "yes"}}, "");
  ASSERT_EQ(yes.status, 303) << yes.Describe();
  EXPECT_EQ(yes.Header("location"), "/services/SRV-0046?voted=1#useful");
  EXPECT_EQ(yes.SetCookie("csrf"), std::nullopt);  // no cookie involved
  Response no = http_->PostForm("/services/SRV-0046/useful", {{"useful", "no"}}, "");
  ASSERT_EQ(no.status, 303);
  EXPECT_EQ(
      server_->SqlInt("SELECT sum(useful_yes) FROM service_useful WHERE service = 'SRV-0046'"), 1);
  EXPECT_EQ(server_->SqlInt("SELECT sum(useful_no) FROM service_useful WHERE service = 'SRV-0046'"),
            1);
  Response page = http_->Get("/services/SRV-0046?lang=en");
  EXPECT_EQ(ElementTextById(page.body, "svc-useful-share").value_or(""),
            "50.0% found this page useful");
  EXPECT_NE(Page("/admin/services?lang=en", admin_).body.find("50.0%"), std::string::npos);
  EXPECT_EQ(http_->Get("/api/v1/services/SRV-0046").JsonBody()["useful"]["yes"], 1);

  // Bad input and another site's form store nothing.
  EXPECT_EQ(http_->PostForm("/services/SRV-0046/useful", {{"useful", "maybe"}}, "").status, 400);
  EXPECT_EQ(http_
                ->PostForm("/services/SRV-0046/useful", {{"useful", "yes"}}, "",
                           {"Origin: https://evil.example"})
                .status,
            403);
  EXPECT_EQ(http_->PostForm("/services/NOPE/useful", {{"useful", "yes"}}, "").status, 404);
  // The budget is a burst of 5 answers per address; 2 are used (refused requests above never
  // reached the limiter), so of 6 more at least 2 are refused with 429 and nothing stored.
  int refused = 0;
  for (int i = 0; i < 6; ++i) {
    Response r = http_->PostForm("/services/SRV-0046/useful", {{"useful", "yes"}}, "");
    if (r.status == 429) {
      ++refused;
      EXPECT_FALSE(r.Header("retry-after").empty());
    }
  }
  EXPECT_GE(refused, 2);
  EXPECT_LE(server_->SqlInt("SELECT sum(useful_yes) + sum(useful_no) FROM service_useful"), 6);
}

TEST_F(ServicesTest, AdministratorEditsAService) {
  Response form = Page("/admin/services/SRV-0046?lang=en", admin_);
  ASSERT_EQ(form.status, 200) << form.Describe();
  Fields f = {{"entity", "NPRA"},
              {"name_ar", "تجديد جواز السفر البحريني"},
              {"name_en", "Renew a Bahraini passport"},
              {"url", "https://services.tawasul.example/SRV-0046"},
              {"fees_en", "12 BHD"},
              {"channels", "online"},
              {"channels", "centre"},
              {"life_events", "travel"},
              {"active", "on"}};
  Response saved = Post("/admin/services/SRV-0046", f, admin_);
  ASSERT_EQ(saved.status, 303) << saved.Describe();
  Response page = http_->Get("/services/SRV-0046?lang=en");
  EXPECT_EQ(ElementTextById(page.body, "svc-name").value_or(""), "Renew a Bahraini passport");
  EXPECT_EQ(ElementTextById(page.body, "svc-fees").value_or(""), "12 BHD");

  Fields bad = f;
  bad[3].second = "not a url";
  bad.emplace_back("life_events", "lottery");
  Response refused = Post("/admin/services/SRV-0046", bad, admin_);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(refused.body.find("href=\"#svc-url\"") != std::string::npos);
  EXPECT_EQ(server_->SqlText("SELECT url FROM services WHERE code = 'SRV-0046'"),
            "https://services.tawasul.example/SRV-0046");
  EXPECT_EQ(Post("/admin/services/SRV-0046", f, auditor_).status, 403);

  // Withdrawn: the public page is gone, the API no longer lists it.
  f.pop_back();
  ASSERT_EQ(Post("/admin/services/SRV-0046", f, admin_).status, 303);
  EXPECT_EQ(http_->Get("/services/SRV-0046", {"Accept: text/html"}).status, 404);
}

TEST_F(ServicesTest, ImportChecksEveryRowAndExportRoundTrips) {
  const std::string db = server_->CliDatabaseArgs();
  const auto before = server_->SqlInt("SELECT count(*) FROM services");
  std::string csv = Write("bad.csv",
                          "code,entity,name_ar,name_en,url,channels\n"
                          "NEW-1,EWA,خدمة,Service,https://x.example/1,online\n"
                          "NEW-2,EWA,خدمة,Service,https://x.example/2,fax\n");
  CliOutput bad = RunTawasul("services import " + csv + " " + db);
  EXPECT_EQ(bad.status, 1) << bad.err;
  EXPECT_NE(bad.err.find("line 3: channels: unknown"), std::string::npos) << bad.err;
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM services"), before);  // not even NEW-1

  for (const char* format : {"csv", "jsonl"}) {
    CliOutput out = RunTawasul(std::string("services export --format ") + format + " " + db);
    ASSERT_EQ(out.status, 0) << out.err;
    const std::string file = Write(std::string("all.") + format, out.out);
    // Change one row's text in the database, then import the export: it is restored.
    server_->SqlExec("UPDATE services SET fees_en = 'changed' WHERE code = 'SRV-0033'");
    CliOutput in = RunTawasul("services import " + file + " " + db);
    ASSERT_EQ(in.status, 0) << in.err;
    EXPECT_EQ(server_->SqlText("SELECT fees_en FROM services WHERE code = 'SRV-0033'"),
              "The amount of the bill or fine");
    CliOutput again = RunTawasul(std::string("services export --format ") + format + " " + db);
    EXPECT_EQ(again.out, out.out) << format;
  }
}

}  // namespace
}  // namespace tawasul_test
