// Black-box tests of the public web pages (DESIGN.md §4, §7): language negotiation, the
// submission form with its CSRF token, the tracking form, and escaping of citizen text.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {
namespace {

const char* const kArabicRoot = R"(<html lang="ar" dir="rtl">)";
const char* const kEnglishRoot = R"(<html lang="en" dir="ltr">)";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class WebTest : public ::testing::Test {
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
  Server& server() { return *server_; }
  Http& http() { return *http_; }

  static void ExpectHtml(const Response& r, long status) {
    EXPECT_EQ(r.status, status) << r.Describe();
    EXPECT_EQ(Lower(r.Header("content-type")), "text/html; charset=utf-8") << r.Describe();
    EXPECT_FALSE(r.Header("x-request-id").empty());
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    const std::string csp = r.Header("content-security-policy");
    EXPECT_FALSE(csp.empty());
    EXPECT_EQ(csp.find("'unsafe-inline'"), std::string::npos) << "CSP allows inline code: " << csp;
  }

  struct FormSession {
    std::string token;
    std::string cookies;  // Cookie header value
  };

  // GET a form page; returns its CSRF token (hidden field == cookie) and the cookies to send.
  FormSession OpenForm(const std::string& path, const std::string& extra_cookies = "") {
    Response r = http().Get(path, {}, extra_cookies);
    ExpectHtml(r, 200);
    FormSession s;
    auto field = FormInputValue(r.body, "csrf");
    auto cookie = r.SetCookie("csrf");
    EXPECT_TRUE(field.has_value()) << "no <input name=\"csrf\"> in " << path;
    EXPECT_TRUE(cookie.has_value()) << "no Set-Cookie csrf=... from " << path;
    if (!field || !cookie) return s;
    EXPECT_FALSE(field->empty());
    EXPECT_EQ(*field, *cookie) << "the form's token and the cookie differ";
    s.token = *field;
    s.cookies = "csrf=" + *cookie;
    if (!extra_cookies.empty()) s.cookies += "; " + extra_cookies;
    return s;
  }

  Fields SubmitFields(const std::string& csrf, const std::string& subject) {
    Fields f;
    if (!csrf.empty()) f.emplace_back("csrf", csrf);
    f.emplace_back("type", "complaint");
    f.emplace_back("category", Catalogue::Get().complaint_category);
    f.emplace_back("subject", subject);
    f.emplace_back("description", "The street light on our road has been off for two weeks.");
    f.emplace_back("name", "Test Citizen");
    f.emplace_back("email", "citizen@example.com");
    f.emplace_back("phone", "+973 3600 1234");
    f.emplace_back("anonymous", "on");
    return f;
  }

  std::uint64_t ApiSubmitSequence() {
    Response r = SubmitCase(http(), ValidCaseBody());
    EXPECT_EQ(r.status, 201) << r.Describe();
    auto p = ParseCanonicalReference(r.JsonBody().value("reference", ""));
    EXPECT_TRUE(p.has_value()) << r.Describe();
    return p ? p->sequence : 0;
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

// --------------------------------------------------------------------------------------------
// Language

TEST_F(WebTest, HomeIsArabicByDefault) {
  Response r = http().Get("/");
  ExpectHtml(r, 200);
  EXPECT_NE(r.body.find(kArabicRoot), std::string::npos) << r.body.substr(0, 400);
}

TEST_F(WebTest, FooterLinksThePrivacyAccessibilityAndTermsPages) {
  Response home = http().Get("/?lang=en");
  ExpectHtml(home, 200);
  for (const char* link : {"href=\"/privacy\"", "href=\"/accessibility\"", "href=\"/terms\"",
                           "href=\"tel:80008001\""}) {
    EXPECT_NE(home.body.find(link), std::string::npos) << link;
  }
  Response privacy = http().Get("/privacy?lang=en");
  ExpectHtml(privacy, 200);
  EXPECT_NE(privacy.body.find("Personal Data Protection Law"), std::string::npos);
  Response access = http().Get("/accessibility?lang=ar");
  ExpectHtml(access, 200);
  EXPECT_NE(access.body.find("بيان إتاحة الوصول"), std::string::npos);
  EXPECT_EQ(access.body.find("Accessibility statement</h1>"), std::string::npos);
  ExpectHtml(http().Get("/terms"), 200);
}

TEST_F(WebTest, HomeShowsThisYearsNationalFigures) {
  // No case yet: no figures block (nothing to boast about, nothing made up).
  EXPECT_EQ(http().Get("/?lang=en").body.find("cases received"), std::string::npos);
  for (int i = 0; i < 2; ++i) ASSERT_EQ(SubmitCase(http(), ValidCaseBody()).status, 201);
  Response en = http().Get("/?lang=en");
  EXPECT_NE(en.body.find("<dt>2</dt><dd>cases received</dd>"), std::string::npos) << en.body;
  Response ar = http().Get("/?lang=ar");
  EXPECT_NE(ar.body.find("<dt>٢</dt><dd>ملاحظة وردت</dd>"),
            std::string::npos);  // Arabic-Indic digits
}

TEST_F(WebTest, LangQueryParameterSwitchesAndIsRemembered) {
  Response r = http().Get("/?lang=en");
  ExpectHtml(r, 200);
  EXPECT_NE(r.body.find(kEnglishRoot), std::string::npos) << r.body.substr(0, 400);
  auto lang = r.SetCookie("lang");
  ASSERT_TRUE(lang.has_value()) << "no Set-Cookie lang=...";
  EXPECT_EQ(*lang, "en");

  Response again = http().Get("/", {}, "lang=" + *lang);
  ExpectHtml(again, 200);
  EXPECT_NE(again.body.find(kEnglishRoot), std::string::npos) << "the cookie is not honoured";

  // The query parameter wins over the cookie, and switches back.
  Response ar = http().Get("/?lang=ar", {}, "lang=en");
  ExpectHtml(ar, 200);
  EXPECT_NE(ar.body.find(kArabicRoot), std::string::npos);
  auto lang_ar = ar.SetCookie("lang");
  ASSERT_TRUE(lang_ar.has_value());
  EXPECT_EQ(*lang_ar, "ar");
}

TEST_F(WebTest, AcceptLanguageUsedWithoutCookie) {
  Response en = http().Get("/", {"Accept-Language: en-US,en;q=0.9"});
  ExpectHtml(en, 200);
  EXPECT_NE(en.body.find(kEnglishRoot), std::string::npos) << en.body.substr(0, 400);

  Response ar = http().Get("/", {"Accept-Language: ar-BH,ar;q=0.9,en;q=0.5"});
  ExpectHtml(ar, 200);
  EXPECT_NE(ar.body.find(kArabicRoot), std::string::npos) << ar.body.substr(0, 400);

  // The cookie wins over the header.
  Response cookie = http().Get("/", {"Accept-Language: en-US,en;q=0.9"}, "lang=ar");
  ExpectHtml(cookie, 200);
  EXPECT_NE(cookie.body.find(kArabicRoot), std::string::npos) << cookie.body.substr(0, 400);
}

TEST_F(WebTest, AcceptLanguageNegotiatesSupportedLanguage) {
  // French is not offered; English is the client's next choice.
  Response r = http().Get("/", {"Accept-Language: fr-FR,fr;q=0.9,en;q=0.8"});
  ExpectHtml(r, 200);
  EXPECT_NE(r.body.find(kEnglishRoot), std::string::npos) << r.body.substr(0, 400);
  // Nothing offered: Arabic.
  Response de = http().Get("/", {"Accept-Language: de-DE"});
  ExpectHtml(de, 200);
  EXPECT_NE(de.body.find(kArabicRoot), std::string::npos) << de.body.substr(0, 400);
}

TEST_F(WebTest, EveryPublicPageInBothLanguages) {
  for (const char* page : {"/", "/submit", "/track"}) {
    SCOPED_TRACE(page);
    Response ar = http().Get(std::string(page) + "?lang=ar");
    ExpectHtml(ar, 200);
    EXPECT_NE(ar.body.find(kArabicRoot), std::string::npos);
    Response en = http().Get(std::string(page) + "?lang=en");
    ExpectHtml(en, 200);
    EXPECT_NE(en.body.find(kEnglishRoot), std::string::npos);
    EXPECT_NE(ar.body, en.body);
  }
}

// --------------------------------------------------------------------------------------------
// Submission form

TEST_F(WebTest, SubmitFormCarriesCsrfToken) {
  FormSession s = OpenForm("/submit");
  ASSERT_FALSE(s.token.empty());
  EXPECT_GE(s.token.size(), 16u) << "a CSRF token should be unguessable: " << s.token;
  // Another visitor gets another token.
  Http other(server());
  Response r = other.Get("/submit");
  auto t2 = FormInputValue(r.body, "csrf");
  ASSERT_TRUE(t2.has_value());
  EXPECT_NE(*t2, s.token);
}

TEST_F(WebTest, SubmitFormCreatesReadableCase) {
  FormSession s = OpenForm("/submit");
  ASSERT_FALSE(s.token.empty());
  const std::string subject = "Street light broken near the school";
  Response r =
      FollowReceipt(http(), http().PostForm("/submit", SubmitFields(s.token, subject), s.cookies));
  ExpectHtml(r, 200);
  auto reference = ElementTextById(r.body, "reference");
  auto code = ElementTextById(r.body, "access-code");
  ASSERT_TRUE(reference.has_value()) << "no element with id=\"reference\":\n" << r.body;
  ASSERT_TRUE(code.has_value()) << "no element with id=\"access-code\":\n" << r.body;
  ASSERT_TRUE(LooksLikeReference(*reference)) << "reference: " << *reference;
  EXPECT_EQ(code->size(), 8u) << "access code: " << *code;

  Response g = LookupCase(http(), *reference, *code);
  ASSERT_EQ(g.status, 200) << g.Describe();
  Json v = g.JsonBody();
  EXPECT_EQ(v.value("subject", ""), subject);
  EXPECT_EQ(v.value("channel", ""), "web");
  EXPECT_EQ(v.value("type", ""), "complaint");
  ASSERT_TRUE(v.contains("category") && v["category"].is_object());
  EXPECT_EQ(v["category"].value("code", ""), Catalogue::Get().complaint_category);
}

// Issue 23: reloading the confirmation submitted the case again, and switching its language lost
// the reference and the code. Now POST/redirect/GET with the receipt in a sealed cookie.
TEST_F(WebTest, TheReceiptIsAGetThatReloadsAndSwitchesLanguageWithoutASecondCase) {
  FormSession s = OpenForm("/submit?lang=en");
  const std::int64_t before = server().SqlInt("SELECT count(*) FROM cases");
  Response posted = http().PostForm("/submit", SubmitFields(s.token, "Receipt reload"), s.cookies);
  ASSERT_EQ(posted.status, 303) << posted.Describe();
  const std::string location = posted.Header("location");
  EXPECT_EQ(location.rfind("/submit/receipt", 0), 0u) << location;
  auto cookie = posted.SetCookie("tawasul_receipt");
  ASSERT_TRUE(cookie.has_value());
  Response first = http().Get(location, {}, "tawasul_receipt=" + *cookie);
  ExpectHtml(first, 200);
  auto reference = ElementTextById(first.body, "reference");
  auto code = ElementTextById(first.body, "access-code");
  ASSERT_TRUE(reference && code) << first.body;
  EXPECT_EQ(location.find(*code), std::string::npos) << "the access code must stay out of URLs";
  EXPECT_EQ(first.Header("cache-control"), "no-store");
  // A QR code of the tracking page (the code is never in it: the SVG holds geometry only).
  EXPECT_NE(first.body.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\""),
            std::string::npos);
  // Reloading, and the same receipt in Arabic, show the same case; nothing new is stored.
  Response again = http().Get(location, {}, "tawasul_receipt=" + *cookie);
  EXPECT_EQ(ElementTextById(again.body, "reference"), reference);
  Response arabic = http().Get("/submit/receipt?lang=ar", {}, "tawasul_receipt=" + *cookie);
  ExpectHtml(arabic, 200);
  EXPECT_EQ(ElementTextById(arabic.body, "reference"), reference);
  EXPECT_EQ(ElementTextById(arabic.body, "access-code"), code);
  EXPECT_EQ(server().SqlInt("SELECT count(*) FROM cases"), before + 1);
  // Without the cookie, or with a forged one, there is no receipt (and no code).
  Response none = http().Get("/submit/receipt?lang=en");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(none.body.find(*code), std::string::npos);
  std::string forged = *cookie;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(http().Get(location, {}, "tawasul_receipt=" + forged).status, 404);
}

// Issue 23: a mistyped address showed raw JSON to a browser; /favicon.ico too.
TEST_F(WebTest, UnknownAddressesAreAPageForBrowsersAndProblemJsonForTheApi) {
  const std::string browser = "Accept: text/html,application/xhtml+xml,*/*;q=0.8";
  Response page = http().Get("/no-such-page?lang=en", {browser});
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.MediaType(), "text/html");
  EXPECT_NE(page.body.find("We could not find this page"), std::string::npos) << page.body;
  Response arabic = http().Get("/no-such-page?lang=ar", {browser});
  EXPECT_NE(arabic.body.find("لم نجد هذه الصفحة"), std::string::npos);
  EXPECT_EQ(http().Get("/no-such-page").MediaType(), "application/problem+json");
  Response api = http().Get("/api/v1/no-such-thing", {browser});
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.MediaType(), "application/problem+json");
  EXPECT_EQ(http().Request("DELETE", "/").status, 405) << "a known path keeps its 405";
  Response icon = http().Get("/favicon.ico");
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.MediaType(), "image/svg+xml");
  EXPECT_NE(icon.body.find("<svg"), std::string::npos);
}

TEST_F(WebTest, SubmitFormInArabic) {
  FormSession s = OpenForm("/submit?lang=ar");
  ASSERT_FALSE(s.token.empty());
  const std::string subject = "حفرة كبيرة في الشارع الرئيسي";
  Fields f = SubmitFields(s.token, subject);
  for (auto& [k, v] : f) {
    if (k == "description") v = "توجد حفرة كبيرة في الشارع الرئيسي تسبب حوادث للسيارات.";
  }
  Response r = FollowReceipt(http(), http().PostForm("/submit", f, s.cookies));
  ExpectHtml(r, 200);
  auto reference = ElementTextById(r.body, "reference");
  auto code = ElementTextById(r.body, "access-code");
  ASSERT_TRUE(reference && code) << r.body;
  Response g = LookupCase(http(), *reference, *code);
  ASSERT_EQ(g.status, 200) << g.Describe();
  EXPECT_EQ(g.JsonBody().value("subject", ""), subject);
}

TEST_F(WebTest, SubmitWithoutValidCsrfRejectedAndNothingStored) {
  FormSession s = OpenForm("/submit");
  ASSERT_FALSE(s.token.empty());
  const std::uint64_t before = ApiSubmitSequence();

  struct Attempt {
    std::string name;
    std::string csrf_field;
    std::string cookies;
  };
  std::string wrong = s.token;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  const std::vector<Attempt> attempts = {
      {"no csrf field", "", s.cookies},
      {"mismatching csrf field", wrong, s.cookies},
      {"no csrf cookie", s.token, ""},
      {"cookie and field both forged", "forged-token-123", "csrf=forged-token-456"},
  };
  for (const auto& a : attempts) {
    SCOPED_TRACE(a.name);
    Response r = FollowReceipt(
        http(), http().PostForm("/submit", SubmitFields(a.csrf_field, "CSRF attempt"), a.cookies));
    EXPECT_EQ(r.status, 403) << r.Describe();
    EXPECT_FALSE(ElementTextById(r.body, "access-code").has_value())
        << "a case was acknowledged without a valid CSRF token";
  }
  const std::uint64_t after = ApiSubmitSequence();
  EXPECT_EQ(after, before + 1) << "a request without a valid CSRF token stored a case";
  ExpectHealthy(server());
}

// The text between a form control named `name` and the next form control.
std::string FieldWindow(const std::string& html, const std::string& name) {
  const std::string needle = "name=\"" + name + "\"";
  auto pos = html.find(needle);
  if (pos == std::string::npos) return "";
  // Include the whole tag of the control.
  auto tag_start = html.rfind('<', pos);
  auto next = html.find(" name=\"", pos + needle.size());
  if (next == std::string::npos) next = html.size();
  return html.substr(tag_start, next - tag_start);
}

bool MarksError(const std::string& window) {
  const std::string w = Lower(window);
  return w.find("aria-invalid=\"true\"") != std::string::npos ||
         w.find("error") != std::string::npos;
}

TEST_F(WebTest, InvalidSubmissionRedisplaysFormEscaped) {
  FormSession s = OpenForm("/submit?lang=en");
  ASSERT_FALSE(s.token.empty());
  const std::uint64_t before = ApiSubmitSequence();
  const std::string subject = "Tom & Jerry <b>bold</b> test";
  Fields f = SubmitFields(s.token, subject);
  for (auto& [k, v] : f) {
    if (k == "description") v = "short";
  }
  Response r = FollowReceipt(http(), http().PostForm("/submit", f, s.cookies));
  ExpectHtml(r, 422);
  EXPECT_NE(r.body.find(HtmlEscape(subject)), std::string::npos)
      << "the submitted subject is not redisplayed (escaped):\n"
      << r.body;
  EXPECT_EQ(r.body.find("<b>bold</b>"), std::string::npos) << "raw markup from the citizen";
  EXPECT_TRUE(FormInputValue(r.body, "csrf").has_value()) << "the form is shown again";
  const std::string description = FieldWindow(r.body, "description");
  ASSERT_FALSE(description.empty()) << "no description field on the 422 page";
  EXPECT_TRUE(MarksError(description)) << "no error next to the description field:\n"
                                       << description;
  EXPECT_FALSE(MarksError(FieldWindow(r.body, "subject")))
      << "the valid subject field is marked as an error:\n"
      << FieldWindow(r.body, "subject");
  EXPECT_FALSE(ElementTextById(r.body, "access-code").has_value());
  EXPECT_EQ(ApiSubmitSequence(), before + 1) << "an invalid form submission stored a case";
}

TEST_F(WebTest, InvalidEmailMarkedOnEmailField) {
  FormSession s = OpenForm("/submit?lang=en");
  ASSERT_FALSE(s.token.empty());
  Fields f = SubmitFields(s.token, "Broken light again");
  for (auto& [k, v] : f) {
    if (k == "email") v = "not-an-email";
  }
  Response r = FollowReceipt(http(), http().PostForm("/submit", f, s.cookies));
  ExpectHtml(r, 422);
  EXPECT_TRUE(MarksError(FieldWindow(r.body, "email"))) << FieldWindow(r.body, "email");
  EXPECT_NE(r.body.find("not-an-email"), std::string::npos) << "the input is kept";
}

// --------------------------------------------------------------------------------------------
// Tracking

TEST_F(WebTest, TrackFormShowsCase) {
  Json body = ValidCaseBody();
  Response c = SubmitCase(http(), body);
  ASSERT_EQ(c.status, 201) << c.Describe();
  const std::string ref = c.JsonBody()["reference"];
  const std::string code = c.JsonBody()["access_code"];

  FormSession s = OpenForm("/track", "lang=en");
  ASSERT_FALSE(s.token.empty());
  Response r = http().PostForm(
      "/track", {{"csrf", s.token}, {"reference", ref}, {"access_code", code}}, s.cookies);
  ExpectHtml(r, 200);
  EXPECT_NE(r.body.find(HtmlEscape(body["subject"].get<std::string>())), std::string::npos)
      << r.body;
  EXPECT_NE(Lower(r.body).find("received"), std::string::npos) << "status not shown";
  EXPECT_NE(r.body.find(ref), std::string::npos) << "reference not shown";
  EXPECT_EQ(r.body.find(code), std::string::npos) << "the access code is shown only once";
}

TEST_F(WebTest, TrackAcceptsOtherWrittenForms) {
  Response c = SubmitCase(http(), ValidArabicCaseBody());
  ASSERT_EQ(c.status, 201) << c.Describe();
  const std::string ref = c.JsonBody()["reference"];
  std::string code = c.JsonBody()["access_code"];
  std::string lower = code;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string yy = ref.substr(0, 2), seq = ref.substr(3, ref.size() - 5),
                    cd = ref.substr(ref.size() - 1);
  FormSession s = OpenForm("/track");
  ASSERT_FALSE(s.token.empty());
  for (const std::string& written : {yy + " " + seq + " " + cd, yy + "/" + seq + "/" + cd,
                                     yy + seq + cd, ToArabicIndicDigits(ref), " " + ref + " "}) {
    SCOPED_TRACE(written);
    Response r = http().PostForm(
        "/track", {{"csrf", s.token}, {"reference", written}, {"access_code", lower}}, s.cookies);
    ExpectHtml(r, 200);
    EXPECT_NE(r.body.find(HtmlEscape(ValidArabicCaseBody()["subject"].get<std::string>())),
              std::string::npos);
  }
}

TEST_F(WebTest, TrackWrongCodeIs404Page) {
  Response c = SubmitCase(http(), ValidCaseBody());
  ASSERT_EQ(c.status, 201) << c.Describe();
  const std::string ref = c.JsonBody()["reference"];
  const std::string code = c.JsonBody()["access_code"];
  const std::string wrong = code == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";
  auto p = ParseCanonicalReference(ref);
  ASSERT_TRUE(p);
  FormSession s = OpenForm("/track");
  ASSERT_FALSE(s.token.empty());
  Response r = http().PostForm(
      "/track", {{"csrf", s.token}, {"reference", ref}, {"access_code", wrong}}, s.cookies);
  ExpectHtml(r, 404);
  EXPECT_EQ(r.body.find(HtmlEscape(ValidCaseBody()["subject"].get<std::string>())),
            std::string::npos)
      << "a wrong code revealed the case";
  Response unknown = http().PostForm("/track",
                                     {{"csrf", s.token},
                                      {"reference", MakeReference(p->year2, p->sequence + 77777)},
                                      {"access_code", code}},
                                     s.cookies);
  ExpectHtml(unknown, 404);
  ExpectHealthy(server());
}

TEST_F(WebTest, TrackRequiresCsrf) {
  Response c = SubmitCase(http(), ValidCaseBody());
  ASSERT_EQ(c.status, 201) << c.Describe();
  const std::string ref = c.JsonBody()["reference"];
  const std::string code = c.JsonBody()["access_code"];
  Response r = http().PostForm("/track", {{"reference", ref}, {"access_code", code}}, "");
  EXPECT_EQ(r.status, 403) << r.Describe();
  EXPECT_EQ(r.body.find(HtmlEscape(ValidCaseBody()["subject"].get<std::string>())),
            std::string::npos);
}

TEST_F(WebTest, ScriptInSubjectIsEscapedOnTrackingPage) {
  const std::string payload = "<script>alert(1)</script>";
  Json body = ValidCaseBody();
  body["subject"] = payload + " in the park";
  body["description"] = "Description with <img src=x onerror=alert(2)> markup inside.";
  Response c = SubmitCase(http(), body);
  ASSERT_EQ(c.status, 201) << c.Describe();
  const std::string ref = c.JsonBody()["reference"];
  const std::string code = c.JsonBody()["access_code"];

  // The API returns the text as sent (it is data, not markup).
  Response g = LookupCase(http(), ref, code);
  ASSERT_EQ(g.status, 200) << g.Describe();
  EXPECT_EQ(g.JsonBody().value("subject", ""), body["subject"]);

  FormSession s = OpenForm("/track");
  ASSERT_FALSE(s.token.empty());
  Response r = http().PostForm(
      "/track", {{"csrf", s.token}, {"reference", ref}, {"access_code", code}}, s.cookies);
  ExpectHtml(r, 200);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos)
      << "the subject is not shown escaped:\n"
      << r.body;
  EXPECT_EQ(r.body.find(payload), std::string::npos) << "raw script from the citizen in the page";
  EXPECT_EQ(r.body.find("<img src=x"), std::string::npos) << "raw markup from the citizen";
}

TEST_F(WebTest, ScriptInFormSubmissionNeverRawInResponses) {
  FormSession s = OpenForm("/submit");
  ASSERT_FALSE(s.token.empty());
  const std::string payload = "<script>alert(1)</script>";
  Response r = FollowReceipt(
      http(), http().PostForm("/submit", SubmitFields(s.token, payload + " subject"), s.cookies));
  ExpectHtml(r, 200);
  EXPECT_EQ(r.body.find(payload), std::string::npos);
  auto reference = ElementTextById(r.body, "reference");
  auto code = ElementTextById(r.body, "access-code");
  ASSERT_TRUE(reference && code) << r.body;
  FormSession t = OpenForm("/track");
  Response tr = http().PostForm(
      "/track", {{"csrf", t.token}, {"reference", *reference}, {"access_code", *code}}, t.cookies);
  ExpectHtml(tr, 200);
  EXPECT_NE(tr.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(tr.body.find(payload), std::string::npos);
}

// --------------------------------------------------------------------------------------------
// Citizen actions on the tracking page (reply, rate, reopen), through the page's own forms.

class TrackActionsTest : public WebTest {
 protected:
  std::string Bearer(const std::string& email, const std::string& password) {
    Response r = http().PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return "Authorization: Bearer " + r.JsonBody().value("token", "");
  }
  void Act(const Json& action) {
    static const std::string agent = "agent.mow@tawasul.example";
    if (agent_.empty()) agent_ = Bearer(agent, "demo-agent-2026");
    Response r = http().PostJson("/api/v1/cases/" + ref_ + "/actions", action, {agent_});
    ASSERT_EQ(r.status, 200) << r.Describe();
  }
  void NewCase() {
    Json body = ValidCaseBody();
    body["category"] = "roads.potholes";
    Response c = SubmitCase(http(), body);
    ASSERT_EQ(c.status, 201) << c.Describe();
    ref_ = c.JsonBody()["reference"];
    code_ = c.JsonBody()["access_code"];
  }
  // POST /track (English); the page, and the form session used.
  Response TrackPage() {
    session_ = OpenForm("/track", "lang=en");
    return http().PostForm("/track",
                           {{"csrf", session_.token}, {"reference", ref_}, {"access_code", code_}},
                           session_.cookies);
  }
  Json View() {
    Response g = LookupCase(http(), ref_, code_);
    EXPECT_EQ(g.status, 200) << g.Describe();
    return g.JsonBody();
  }

  std::string ref_, code_, agent_;
  FormSession session_;
};

TEST_F(TrackActionsTest, ReplyWhenInformationIsRequested) {
  NewCase();
  Response before = TrackPage();
  ExpectHtml(before, 200);
  EXPECT_EQ(before.body.find("action=\"/track/reply\""), std::string::npos)
      << "a reply form before information was asked for";
  Act({{"action", "request_info"}, {"body", "Which house number?"}});
  Response page = TrackPage();
  ExpectHtml(page, 200);
  ASSERT_NE(page.body.find("action=\"/track/reply\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("aria-live=\"polite\""), std::string::npos);
  auto token = FormInputValue(page.body, "track_token");
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(page.body.find(code_), std::string::npos) << "the access code is shown only once";

  // Without CSRF: refused, nothing changes.
  Response no_csrf = http().PostForm(
      "/track/reply", {{"reference", ref_}, {"track_token", *token}, {"body", "House 12."}},
      session_.cookies);
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.Describe();
  EXPECT_EQ(View().value("status", ""), "awaiting_citizen");
  // A forged token: the same 404 as a wrong code.
  Response forged = http().PostForm("/track/reply",
                                    {{"csrf", session_.token},
                                     {"reference", ref_},
                                     {"track_token", "9999999999.00"},
                                     {"body", "House 12."}},
                                    session_.cookies);
  EXPECT_EQ(forged.status, 404) << forged.Describe();
  // Empty: the error is next to the field.
  Response empty = http().PostForm(
      "/track/reply",
      {{"csrf", session_.token}, {"reference", ref_}, {"track_token", *token}, {"body", "  "}},
      session_.cookies);
  ExpectHtml(empty, 422);
  EXPECT_TRUE(MarksError(FieldWindow(empty.body, "body"))) << FieldWindow(empty.body, "body");
  EXPECT_EQ(View().value("status", ""), "awaiting_citizen");

  Response ok = http().PostForm("/track/reply",
                                {{"csrf", session_.token},
                                 {"reference", ref_},
                                 {"track_token", *token},
                                 {"body", "House 12."}},
                                session_.cookies);
  ExpectHtml(ok, 200);
  EXPECT_TRUE(ElementTextById(ok.body, "action-success").has_value()) << ok.body;
  EXPECT_NE(ok.body.find("House 12."), std::string::npos) << "the reply is in the history";
  Json v = View();
  EXPECT_EQ(v.value("status", ""), "in_progress");
  ASSERT_FALSE(v["timeline"].empty());
  EXPECT_EQ(v["timeline"].back().value("kind", ""), "citizen_reply");
  EXPECT_EQ(v["timeline"].back().value("body", ""), "House 12.");
}

TEST_F(TrackActionsTest, RateAfterTheAnswer) {
  NewCase();
  Act({{"action", "answer"}, {"body", "The pothole was repaired."}});
  Response page = TrackPage();
  ExpectHtml(page, 200);
  ASSERT_NE(page.body.find("action=\"/track/rate\""), std::string::npos) << page.body;
  for (int i = 1; i <= 5; ++i) {
    EXPECT_NE(page.body.find("name=\"score\" value=\"" + std::to_string(i) + "\""),
              std::string::npos);
  }
  auto token = FormInputValue(page.body, "track_token");
  ASSERT_TRUE(token.has_value());
  Response no_csrf = http().PostForm(
      "/track/rate", {{"reference", ref_}, {"track_token", *token}, {"score", "4"}}, "");
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_TRUE(View()["rating"].is_null());
  Response no_score = http().PostForm(
      "/track/rate", {{"csrf", session_.token}, {"reference", ref_}, {"track_token", *token}},
      session_.cookies);
  ExpectHtml(no_score, 422);
  EXPECT_TRUE(ElementTextById(no_score.body, "score-error").has_value()) << no_score.body;
  // The access code works as well as the token.
  Response ok = http().PostForm("/track/rate",
                                {{"csrf", session_.token},
                                 {"reference", ref_},
                                 {"access_code", code_},
                                 {"score", "4"},
                                 {"comment", "Quick, thanks."}},
                                session_.cookies);
  ExpectHtml(ok, 200);
  EXPECT_TRUE(ElementTextById(ok.body, "action-success").has_value()) << ok.body;
  EXPECT_EQ(View().value("rating", 0), 4);
  EXPECT_EQ(ok.body.find("action=\"/track/rate\""), std::string::npos) << "rated once only";
}

TEST_F(TrackActionsTest, ReopenAfterTheAnswer) {
  NewCase();
  Act({{"action", "answer"}, {"body", "Nothing to do."}});
  Response page = TrackPage();
  ExpectHtml(page, 200);
  ASSERT_NE(page.body.find("action=\"/track/reopen\""), std::string::npos) << page.body;
  auto token = FormInputValue(page.body, "track_token");
  ASSERT_TRUE(token.has_value());
  Response no_csrf = http().PostForm(
      "/track/reopen", {{"reference", ref_}, {"track_token", *token}, {"reason", "Not fixed."}},
      session_.cookies);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(View().value("status", ""), "answered");
  Response ok = http().PostForm("/track/reopen",
                                {{"csrf", session_.token},
                                 {"reference", ref_},
                                 {"track_token", *token},
                                 {"reason", "The pothole is still there."}},
                                session_.cookies);
  ExpectHtml(ok, 200);
  EXPECT_TRUE(ElementTextById(ok.body, "action-success").has_value()) << ok.body;
  EXPECT_EQ(View().value("status", ""), "in_progress");
}

}  // namespace
}  // namespace tawasul_test
