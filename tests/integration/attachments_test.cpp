// Attachments end to end (issue 4, DESIGN.md §1, §7): files uploaded with the submission form
// (multipart), checked by their bytes, stored content-addressed outside the database, listed on
// the tracking page with signed download links, served with safe headers to the citizen and to
// staff of the case's entity only. Every refusal stores nothing, on disk or in the database.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "integration/server.h"
#include "integration/upload_helpers.h"

namespace tawasul_test {
namespace {

namespace fs = std::filesystem;

// A real PNG: images are decoded and re-encoded without metadata before they are stored
// (upload_screen_test.cpp tests that), so what is served is a PNG of the same pixels, not the
// same bytes.
const std::string& kPng = TinyPng();
const std::string kPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

bool IsPng(const std::string& s) { return s.rfind("\x89PNG\r\n\x1A\n", 0) == 0; }

class AttachmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-att-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    att_dir_ = tmpl;
    ServerOptions o;
    o.extra_args = {"--attachments-dir", att_dir_ + "/files"};
    o.intake_limits = WithIntakeLimits();
    if (o.intake_limits) {
      auto limits = LimitArgs();
      o.extra_args.insert(o.extra_args.end(), limits.begin(), limits.end());
    }
    server_ = std::make_unique<Server>(o);
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    server_.reset();
    std::error_code ec;
    fs::remove_all(att_dir_, ec);
  }
  std::string files_dir() const { return att_dir_ + "/files"; }
  virtual bool WithIntakeLimits() const { return false; }
  virtual std::vector<std::string> LimitArgs() const {
    return {"--upload-mib-per-address-per-hour", "1"};
  }

  struct Session {
    std::string token, cookies;
  };
  Session Open(const std::string& path) {
    Response r = http_->Get(path);
    EXPECT_EQ(r.status, 200) << r.Describe();
    Session s;
    s.token = FormInputValue(r.body, "csrf").value_or("");
    s.cookies = "csrf=" + r.SetCookie("csrf").value_or("");
    return s;
  }

  Fields CaseFields(const std::string& csrf) {
    Fields f;
    f.emplace_back("csrf", csrf);
    f.emplace_back("type", "complaint");
    f.emplace_back("category", "roads.potholes");
    f.emplace_back("subject", "Pothole with photos");
    f.emplace_back("description", "A deep pothole opened in front of house 12; photos attached.");
    f.emplace_back("email", "citizen@example.com");
    return f;
  }

  Response PostSubmit(const Fields& fields, const std::vector<FilePart>& files,
                      const std::string& cookies, const std::string& path = "/submit?lang=en") {
    return FollowReceipt(*http_, http_->PostRaw(path, MultipartBody(fields, files),
                                                "multipart/form-data; boundary=" + kBoundary,
                                                {"Cookie: " + cookies}));
  }

  std::int64_t CaseCount() { return server_->SqlInt("SELECT count(*) FROM cases"); }
  std::int64_t AttachmentRows() { return server_->SqlInt("SELECT count(*) FROM case_attachments"); }

  // Submits with `files`, expecting success; returns (reference, code).
  std::pair<std::string, std::string> SubmitWith(const std::vector<FilePart>& files) {
    Session s = Open("/submit?lang=en");
    Response r = PostSubmit(CaseFields(s.token), files, s.cookies);
    EXPECT_EQ(r.status, 200) << r.Describe();
    return {ElementTextById(r.body, "reference").value_or(""),
            ElementTextById(r.body, "access-code").value_or("")};
  }

  // The tracking page of a case (English).
  Response Track(const std::string& ref, const std::string& code) {
    Session s = Open("/track?lang=en");
    return http_->PostForm("/track", {{"csrf", s.token}, {"reference", ref}, {"access_code", code}},
                           s.cookies);
  }

  static std::vector<std::string> AttachmentLinks(const std::string& html) {
    std::vector<std::string> out;
    std::regex re("href=\"(/track/[^\"]+/attachments/[^\"]+)\"");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator();
         ++it) {
      // The links carry one query parameter (no HTML-escaped "&").
      out.push_back((*it)[1]);
    }
    return out;
  }

  static void ExpectSafeDownload(const Response& r, const std::string& type, bool inline_ok) {
    EXPECT_EQ(r.status, 200) << r.Describe();
    EXPECT_EQ(r.MediaType(), type);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    // Every attachment, image or PDF, on every route: a sandboxed, script-less document that is
    // never sniffed as another type nor kept in a cache (docs/decisions.md 2026-12-07).
    EXPECT_EQ(r.Header("content-security-policy"), "default-src 'none'; sandbox");
    EXPECT_EQ(r.Header("cache-control"), "private, no-store");
    const std::string cd = r.Header("content-disposition");
    EXPECT_EQ(cd.rfind(inline_ok ? "inline;" : "attachment;", 0), 0u) << cd;
    EXPECT_NE(cd.find("filename*=UTF-8''"), std::string::npos) << cd;
  }

  std::string att_dir_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(AttachmentsTest, PngAndPdfUploadedListedAndDownloaded) {
  auto [ref, code] = SubmitWith(
      {{"street photo.png", "image/png", kPng}, {"../../etc/report.pdf", "application/pdf", kPdf}});
  ASSERT_FALSE(ref.empty());
  ASSERT_EQ(code.size(), 8u);
  EXPECT_EQ(AttachmentRows(), 2);
  EXPECT_EQ(CountFiles(files_dir()), 2u) << "one content-addressed file per attachment";
  // The files are outside the database, sharded by their SHA-256.
  for (const auto& hash : {server_->SqlText("SELECT sha256 FROM case_attachments ORDER BY id")}) {
    std::string first = hash.substr(0, hash.find('\n'));
    ASSERT_EQ(first.size(), 64u) << hash;
    EXPECT_TRUE(fs::exists(files_dir() + "/" + first.substr(0, 2) + "/" + first.substr(2, 2) + "/" +
                           first));
  }

  Response page = Track(ref, code);
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_NE(page.body.find("street photo.png"), std::string::npos);
  EXPECT_NE(page.body.find("report.pdf"), std::string::npos);
  EXPECT_EQ(page.body.find("etc/report"), std::string::npos) << "the path was kept";
  EXPECT_EQ(page.body.find(code), std::string::npos) << "the access code is shown only once";
  auto links = AttachmentLinks(page.body);
  ASSERT_EQ(links.size(), 2u) << page.body;

  Response png = http_->Get(links[0]);
  ExpectSafeDownload(png, "image/png", true);
  EXPECT_TRUE(IsPng(png.body));
  Response pdf = http_->Get(links[1]);
  ExpectSafeDownload(pdf, "application/pdf", false);
  EXPECT_EQ(pdf.body, kPdf);
  EXPECT_NE(pdf.Header("content-disposition").find("report.pdf"), std::string::npos);

  // The JSON citizen view lists them, and its links take the access code.
  Response view = LookupCase(*http_, ref, code);
  ASSERT_EQ(view.status, 200) << view.Describe();
  Json items = view.JsonBody()["attachments"];
  ASSERT_EQ(items.size(), 2u) << view.body;
  EXPECT_EQ(items[0].value("name", ""), "street photo.png");
  EXPECT_EQ(items[0].value("media_type", ""), "image/png");
  EXPECT_EQ(items[0].value("size", 0), static_cast<int>(png.body.size()));
  EXPECT_EQ(items[1].value("name", ""), "report.pdf");
  const std::string api_link = items[1].value("link", "");
  Response api_pdf = http_->Get(api_link, {"X-Access-Code: " + code});
  ExpectSafeDownload(api_pdf, "application/pdf", false);
  EXPECT_EQ(api_pdf.body, kPdf);
  const std::string wrong = code == "AAAAAAAA" ? "CCCCCCCC" : "AAAAAAAA";
  EXPECT_EQ(http_->Get(api_link, {"X-Access-Code: " + wrong}).status, 404);
}

TEST_F(AttachmentsTest, CitizenDownloadNeedsAValidToken) {
  auto [ref, code] = SubmitWith({{"a.png", "image/png", kPng}});
  ASSERT_FALSE(ref.empty());
  auto links = AttachmentLinks(Track(ref, code).body);
  ASSERT_EQ(links.size(), 1u);
  const std::string link = links[0];
  const std::string bare = link.substr(0, link.find('?'));
  EXPECT_EQ(http_->Get(bare).status, 404) << "no token";
  EXPECT_EQ(http_->Get(bare + "?t=123.abc").status, 404) << "garbage token";
  std::string forged = link;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(http_->Get(forged).status, 404) << "forged token";
  // The token opens only its own attachment of its own case.
  std::string other_id = bare.substr(0, bare.rfind('/') + 1) + "999" + link.substr(link.find('?'));
  EXPECT_EQ(http_->Get(other_id).status, 404);
  auto [ref2, code2] = SubmitWith({{"b.png", "image/png", kPng}});
  const std::size_t at = link.find(ref);
  ASSERT_NE(at, std::string::npos);
  const std::string other_case = link.substr(0, at) + ref2 + link.substr(at + ref.size());
  EXPECT_EQ(http_->Get(other_case).status, 404);
  EXPECT_EQ(http_->Get(link).status, 200);
}

TEST_F(AttachmentsTest, HtmlNamedPngIsRefusedAndNothingStored) {
  const std::int64_t before = CaseCount();
  Session s = Open("/submit?lang=en");
  Response r =
      PostSubmit(CaseFields(s.token),
                 {{"cute.png", "image/png", "<html><script>alert(1)</script></html>"}}, s.cookies);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_FALSE(ElementTextById(r.body, "access-code").has_value());
  auto err = ElementTextById(r.body, "attachments-error");
  ASSERT_TRUE(err.has_value()) << "no error next to the attachments field:\n" << r.body;
  EXPECT_NE(err->find("cute.png"), std::string::npos) << *err;
  EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
  // The other fields are kept for the citizen.
  EXPECT_NE(r.body.find("Pothole with photos"), std::string::npos);
  EXPECT_EQ(CaseCount(), before);
  EXPECT_EQ(AttachmentRows(), 0);
  EXPECT_EQ(CountFiles(files_dir()), 0u);
  // Arabic too.
  Session a = Open("/submit?lang=ar");
  Response ar = PostSubmit(CaseFields(a.token), {{"x.png", "image/png", "GIF8"}}, a.cookies,
                           "/submit?lang=ar");
  EXPECT_EQ(ar.status, 422);
  auto ar_err = ElementTextById(ar.body, "attachments-error");
  ASSERT_TRUE(ar_err.has_value());
  EXPECT_NE(ar_err->find("نوع الملف"), std::string::npos) << *ar_err;
}

TEST_F(AttachmentsTest, SixFilesRefused) {
  const std::int64_t before = CaseCount();
  Session s = Open("/submit?lang=en");
  std::vector<FilePart> six;
  for (int i = 0; i < 6; ++i) {
    std::string name = "p";  // (not "p" + ...: GCC 12 warns falsely, -Wrestrict, PR 105329)
    name += std::to_string(i);
    name += ".png";
    six.push_back({name, "image/png", kPng});
  }
  Response r = PostSubmit(CaseFields(s.token), six, s.cookies);
  EXPECT_EQ(r.status, 422) << r.Describe();
  auto err = ElementTextById(r.body, "attachments-error");
  ASSERT_TRUE(err.has_value()) << r.body;
  EXPECT_NE(err->find("At most 5"), std::string::npos) << *err;
  EXPECT_EQ(CaseCount(), before);
  EXPECT_EQ(CountFiles(files_dir()), 0u);
  // Five are fine.
  six.pop_back();
  auto [ref, code] = SubmitWith(six);
  EXPECT_FALSE(ref.empty());
  EXPECT_EQ(AttachmentRows(), 5);
  EXPECT_EQ(CountFiles(files_dir()), 1u) << "the same content is stored once";
}

TEST_F(AttachmentsTest, FileOverFiveMegabytesRefused) {
  const std::int64_t before = CaseCount();
  Session s = Open("/submit?lang=en");
  std::string big = "%PDF-1.4\n" + std::string(5 * 1024 * 1024, 'x');
  Response r = PostSubmit(CaseFields(s.token), {{"big.pdf", "application/pdf", big}}, s.cookies);
  EXPECT_EQ(r.status, 422) << r.Describe();
  auto err = ElementTextById(r.body, "attachments-error");
  ASSERT_TRUE(err.has_value()) << r.Describe();
  EXPECT_NE(err->find("big.pdf"), std::string::npos);
  EXPECT_NE(err->find("5 MB"), std::string::npos);
  EXPECT_EQ(CaseCount(), before);
  EXPECT_EQ(CountFiles(files_dir()), 0u);
  // Exactly 5 MB is accepted (the form's body limit allows five of them).
  std::string max = "%PDF-1.4\n" + std::string(5 * 1024 * 1024 - 9, 'y');
  auto [ref, code] = SubmitWith({{"max.pdf", "application/pdf", max}});
  EXPECT_FALSE(ref.empty());
  // Other routes keep their small limit.
  Response json =
      http_->PostRaw("/api/v1/cases", std::string(2 * 1024 * 1024, ' '), "application/json");
  EXPECT_EQ(json.status, 413) << json.Describe();
  ExpectHealthy(*server_);
}

TEST_F(AttachmentsTest, StaffDownloadOnlyForTheCasesEntity) {
  auto [ref, code] = SubmitWith({{"a.png", "image/png", kPng}});
  ASSERT_FALSE(ref.empty());
  const std::string id = server_->SqlText("SELECT id FROM case_attachments");
  const std::string url = "/staff/cases/" + ref + "/attachments/" + id;
  auto login = [&](const std::string& email, const std::string& password) {
    Response r = http_->PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return "Authorization: Bearer " + r.JsonBody().value("token", "");
  };
  Response own = http_->Get(url, {login("agent.mow@tawasul.example", "demo-agent-2026")});
  ExpectSafeDownload(own, "image/png", true);
  EXPECT_TRUE(IsPng(own.body));
  Response other = http_->Get(url, {login("agent.moh@tawasul.example", "demo-agent-2026")});
  EXPECT_EQ(other.status, 404) << other.Describe();
  EXPECT_NE(other.body, kPng);
  Response admin = http_->Get(url, {login("admin@tawasul.example", "demo-admin-2026")});
  EXPECT_EQ(admin.status, 200);
  // Not signed in: to the sign-in page.
  Response anon = http_->Get(url);
  EXPECT_EQ(anon.status, 303);
  // The staff JSON view lists the attachment.
  Response view =
      http_->Get("/api/v1/cases/" + ref, {login("agent.mow@tawasul.example", "demo-agent-2026")});
  ASSERT_EQ(view.status, 200) << view.Describe();
  ASSERT_EQ(view.JsonBody()["attachments"].size(), 1u) << view.body;
  EXPECT_EQ(view.JsonBody()["attachments"][0].value("name", ""), "a.png");
}

TEST_F(AttachmentsTest, MalformedMultipartIs400AndNothingStored) {
  const std::int64_t before = CaseCount();
  Session s = Open("/submit?lang=en");
  std::string body = MultipartBody(CaseFields(s.token), {{"a.png", "image/png", kPng}});
  body.resize(body.size() - 20);  // no final boundary
  Response r = http_->PostRaw("/submit", body, "multipart/form-data; boundary=" + kBoundary,
                              {"Cookie: " + s.cookies});
  EXPECT_EQ(r.status, 400) << r.Describe();
  EXPECT_EQ(CaseCount(), before);
  EXPECT_EQ(CountFiles(files_dir()), 0u);
  // Without CSRF, a valid upload stores nothing either.
  Fields no_csrf = CaseFields("");
  Response f = PostSubmit(no_csrf, {{"a.png", "image/png", kPng}}, s.cookies);
  EXPECT_EQ(f.status, 403);
  EXPECT_EQ(CaseCount(), before);
  EXPECT_EQ(CountFiles(files_dir()), 0u);
}

// The guided flow: step=review shows everything read-only (nothing stored as a case yet), the
// files travel as signed refs, "edit" shows the form again, and "send" stores the case.
TEST_F(AttachmentsTest, ReviewThenEditThenSend) {
  const std::int64_t before = CaseCount();
  Session s = Open("/submit?lang=en");
  Fields fields = CaseFields(s.token);
  fields.emplace_back("address", "Block 338, Road 3803");
  fields.emplace_back("step", "review");
  Response review = PostSubmit(fields, {{"photo.png", "image/png", kPng}}, s.cookies);
  ASSERT_EQ(review.status, 200) << review.Describe();
  EXPECT_NE(review.body.find("Pothole with photos"), std::string::npos);
  EXPECT_NE(review.body.find("photo.png"), std::string::npos);
  EXPECT_NE(review.body.find("name=\"step\" value=\"send\""), std::string::npos);
  EXPECT_NE(review.body.find("name=\"step\" value=\"edit\""), std::string::npos);
  EXPECT_FALSE(ElementTextById(review.body, "access-code").has_value());
  EXPECT_EQ(CaseCount(), before) << "the review step stored a case";
  auto ref = FormInputValue(review.body, "attachment_ref");
  ASSERT_TRUE(ref.has_value()) << review.body;

  // Every hidden field of the review page, posted back with a step.
  auto hidden = [&](const std::string& step, const std::string& attachment_ref) {
    Fields f;
    for (const char* name :
         {"csrf", "type", "category", "subject", "description", "address", "email"}) {
      auto v = FormInputValue(review.body, name);
      EXPECT_TRUE(v.has_value()) << name;
      f.emplace_back(name, v.value_or(""));
    }
    f.emplace_back("attachment_ref", attachment_ref);
    f.emplace_back("step", step);
    return f;
  };
  Response edit =
      FollowReceipt(*http_, http_->PostForm("/submit?lang=en", hidden("edit", *ref), s.cookies));
  ASSERT_EQ(edit.status, 200) << edit.Describe();
  EXPECT_NE(edit.body.find("enctype=\"multipart/form-data\""), std::string::npos);
  EXPECT_NE(edit.body.find("Block 338, Road 3803"), std::string::npos);
  auto kept = FormInputValue(edit.body, "attachment_ref");
  ASSERT_TRUE(kept.has_value()) << "the file is kept when editing";
  EXPECT_EQ(kept->substr(0, 64), ref->substr(0, 64));
  EXPECT_EQ(CaseCount(), before);

  // A ref altered by the client is refused.
  std::string tampered = *ref;
  tampered[0] = tampered[0] == 'a' ? 'b' : 'a';
  Response bad = FollowReceipt(
      *http_, http_->PostForm("/submit?lang=en", hidden("send", tampered), s.cookies));
  EXPECT_EQ(bad.status, 422) << bad.Describe();
  EXPECT_EQ(CaseCount(), before);

  Response sent =
      FollowReceipt(*http_, http_->PostForm("/submit?lang=en", hidden("send", *ref), s.cookies));
  ASSERT_EQ(sent.status, 200) << sent.Describe();
  auto reference = ElementTextById(sent.body, "reference");
  auto code = ElementTextById(sent.body, "access-code");
  ASSERT_TRUE(reference && code) << sent.body;
  EXPECT_EQ(CaseCount(), before + 1);
  Json view = LookupCase(*http_, *reference, *code).JsonBody();
  ASSERT_EQ(view["attachments"].size(), 1u) << view.dump();
  EXPECT_EQ(view["attachments"][0].value("name", ""), "photo.png");
  EXPECT_NE(view.value("description", "").find("Block 338, Road 3803"), std::string::npos);
  // The confirmation page: print button bound by an external script, code copyable.
  EXPECT_NE(sent.body.find("src=\"/static/print.js\""), std::string::npos);
  EXPECT_NE(sent.body.find("id=\"print-button\""), std::string::npos);
  EXPECT_EQ(sent.body.find("javascript:"), std::string::npos);
  EXPECT_NE(sent.body.find("dir=\"ltr\" id=\"access-code\""), std::string::npos);
  EXPECT_EQ(http_->Get("/static/print.js").status, 200);
}

// Files of abandoned submissions (reviewed, never sent) are orphans holding personal data:
// `tawasul attachments sweep` removes those older than the grace period and keeps every file a
// case refers to (which still downloads afterwards).
TEST_F(AttachmentsTest, SweepRemovesOrphansAndKeepsCaseFiles) {
  auto [ref, code] = SubmitWith({{"kept.pdf", "application/pdf", kPdf}});
  ASSERT_FALSE(ref.empty());
  Session s = Open("/submit?lang=en");
  Fields fields = CaseFields(s.token);
  fields.emplace_back("step", "review");
  Response review = PostSubmit(fields, {{"abandoned.png", "image/png", kPng}}, s.cookies);
  ASSERT_EQ(review.status, 200) << review.Describe();
  ASSERT_EQ(CountFiles(files_dir()), 2u) << "the reviewed file is stored before the case";
  // The orphan is the stored (re-encoded) PNG: every byte there but the PDF's.
  std::int64_t orphan_bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(files_dir()))
    if (e.is_regular_file()) orphan_bytes += static_cast<std::int64_t>(e.file_size());
  orphan_bytes -= static_cast<std::int64_t>(kPdf.size());

  auto sweep = [&](const std::string& grace) {
    std::string cmd = std::string(TAWASUL_BINARY) + " attachments sweep --attachments-dir " +
                      files_dir() + " --grace-hours " + grace + " " + server_->CliDatabaseArgs() +
                      " 2>&1";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[512];
    while (p && fgets(buf, sizeof buf, p)) out += buf;
    int raw = p ? pclose(p) : -1;
    EXPECT_TRUE(WIFEXITED(raw) && WEXITSTATUS(raw) == 0) << out;
    return Json::parse(out, nullptr, false);
  };
  // Within the grace period nothing goes.
  Json kept = sweep("24");
  EXPECT_EQ(kept.value("removed", -1), 0) << kept.dump();
  EXPECT_EQ(CountFiles(files_dir()), 2u);
  // Past it, the orphan goes and the case's file stays.
  Json swept = sweep("0");
  EXPECT_EQ(swept.value("examined", -1), 2) << swept.dump();
  EXPECT_EQ(swept.value("removed", -1), 1) << swept.dump();
  EXPECT_EQ(swept.value("bytes", -1), orphan_bytes);
  EXPECT_EQ(CountFiles(files_dir()), 1u);
  Json view = LookupCase(*http_, ref, code).JsonBody();
  ASSERT_EQ(view["attachments"].size(), 1u) << view.dump();
  Response pdf = http_->Get(view["attachments"][0].value("link", ""), {"X-Access-Code: " + code});
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body, kPdf);
}

// Issue 21: eight review steps with 5 x 5 MiB files once wrote 210 MB in 7 s without creating a
// case. Files stored ahead of a case now count against a budget per address (1 MiB here).
class AttachmentLimitsTest : public AttachmentsTest {
 protected:
  bool WithIntakeLimits() const override { return true; }
};

TEST_F(AttachmentLimitsTest, ReviewUploadsBeyondTheAddressBudgetAre429AndStoreNothing) {
  // A PDF (stored as sent; an image would be re-encoded to a few bytes), padded.
  const std::string big = kPdf + std::string(600 * 1024, ' ');
  Session s = Open("/submit?lang=en");
  Fields fields = CaseFields(s.token);
  fields.emplace_back("step", "review");
  Response first = PostSubmit(fields, {{"first.pdf", "application/pdf", big}}, s.cookies);
  ASSERT_EQ(first.status, 200) << first.Describe();
  const std::size_t files = CountFiles(files_dir());
  Response second = PostSubmit(fields, {{"second.pdf", "application/pdf", big + "x"}}, s.cookies);
  EXPECT_EQ(second.status, 429) << second.Describe();
  EXPECT_GE(std::stoi(second.Header("Retry-After")), 1);
  EXPECT_EQ(CountFiles(files_dir()), files) << "the refused upload was stored";
  // A review without files still works: the budget is for bytes, not for people.
  Response plain = PostSubmit(fields, {}, s.cookies);
  EXPECT_EQ(plain.status, 200) << plain.Describe();
}

// Many addresses, one disk: the files stored ahead of a case also count against one budget for
// every address together (1 MiB here; each address may store 100).
class UnreferencedQuotaTest : public AttachmentsTest {
 protected:
  bool WithIntakeLimits() const override { return true; }
  std::vector<std::string> LimitArgs() const override {
    return {"--upload-mib-per-address-per-hour",
            "100",
            "--unreferenced-upload-mib",
            "1",
            "--trusted-proxies",
            "127.0.0.1"};
  }
  Response ReviewFrom(const std::string& address, const std::string& content) {
    Session s = Open("/submit?lang=en");
    Fields fields = CaseFields(s.token);
    fields.emplace_back("step", "review");
    return http_->PostRaw("/submit?lang=en",
                          MultipartBody(fields, {{"scan.pdf", "application/pdf", content}}),
                          "multipart/form-data; boundary=" + kBoundary,
                          {"Cookie: " + s.cookies, "X-Forwarded-For: " + address});
  }
};

TEST_F(UnreferencedQuotaTest, ReviewUploadsFromManyAddressesShareOneQuota) {
  const std::string big = kPdf + std::string(600 * 1024, ' ');
  Response first = ReviewFrom("203.0.113.1", big);
  ASSERT_EQ(first.status, 200) << first.Describe();
  const std::size_t files = CountFiles(files_dir());
  // Another address, within its own budget, but beyond what all may store together.
  Response second = ReviewFrom("203.0.113.2", big + "x");
  EXPECT_EQ(second.status, 429) << second.Describe();
  EXPECT_GE(std::stoi(second.Header("Retry-After")), 1);
  EXPECT_EQ(CountFiles(files_dir()), files) << "the refused upload was stored";
  // What is left of the quota still serves: a small file from a third address.
  Response small = ReviewFrom("203.0.113.3", kPdf);
  EXPECT_EQ(small.status, 200) << small.Describe();
}

}  // namespace
}  // namespace tawasul_test
