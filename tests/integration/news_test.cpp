// Black-box tests of news and their moderated comments (issue 19 item 1, docs/news.md) on the
// demo server, on both backends, over real HTTP: publishing (and unpublished items being 404 to
// the public), safe Markdown (no script, raw HTML or javascript: links rendered), comments and
// replies three levels deep (a fourth refused), newest/oldest order, pre-moderation holding a
// comment until approved, a closed item refusing comments, N reports from distinct addresses
// hiding a comment (a repeat not counted, no address stored), a moderator's hide and restore,
// bad input naming the field and storing nothing, and the per-address flood limit.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

class NewsTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra) {
    ServerOptions options;
    options.extra_args = std::move(extra);
    server_ = std::make_unique<Server>(options);
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
    Response r = http_->PostJson("/api/v1/auth/login", {{"email", "admin@tawasul.example"},
                                                        {"password", "demo-admin-2026"}});
    ASSERT_EQ(r.status, 200) << r.Describe();
    admin_ = {"Authorization: Bearer " + r.JsonBody().value("token", "")};
  }
  void SetUp() override { Start({"--comments-per-address-per-hour", "0"}); }
  void TearDown() override {
    http_.reset();
    if (server_ && server_->running()) server_->Stop();
  }
  std::string Cookie() const { return std::string("csrf=") + kAdminCsrf; }
  Response Post(const std::string& path, Fields fields, const Headers& headers = {}) {
    fields.emplace_back("csrf", kAdminCsrf);
    return http_->PostForm(path, fields, Cookie(), headers);
  }
  Response Page(const std::string& path) {
    return http_->Get(path, {"Accept: text/html"}, Cookie());
  }
  // Creates an item through the administration form; returns its id.
  std::int64_t CreateItem(const std::string& mode, bool published = true,
                          const std::string& body_en = "Body **bold**.") {
    Fields f = {
        {"entity", ""},         {"title_ar", "خبر للاختبار"}, {"title_en", "A test item " + mode},
        {"summary_ar", "ملخص"}, {"summary_en", "Summary"},    {"body_ar", "نص **غامق**."},
        {"body_en", body_en},   {"comment_mode", mode}};
    if (published) f.emplace_back("published", "on");
    Response r = Post("/admin/news/new", f, admin_);
    EXPECT_EQ(r.status, 303) << r.Describe();
    const std::string loc = r.Header("Location");
    auto at = loc.find("#news-");
    if (at == std::string::npos) {
      ADD_FAILURE() << "no item id in " << loc;
      return 0;
    }
    return std::stoll(loc.substr(at + 6));
  }
  // Posts a comment; returns the new comment's id from the redirect (0 when none).
  std::int64_t Comment(std::int64_t item, const std::string& name, const std::string& text,
                       std::int64_t parent = 0, const Headers& headers = {}) {
    Fields f = {{"name", name}, {"text", text}};
    if (parent) f.emplace_back("parent", std::to_string(parent));
    Response r = Post("/news/" + std::to_string(item) + "/comments", f, headers);
    if (r.status != 303) return 0;
    const std::string loc = r.Header("Location");
    auto at = loc.find("#comment-");
    return at == std::string::npos ? 0 : std::stoll(loc.substr(at + 9));
  }
  std::int64_t Comments(std::int64_t item) {
    return server_->SqlInt("SELECT count(*) FROM news_comments WHERE item_id = " +
                           std::to_string(item));
  }
  static bool Has(const Response& r, const std::string& s) {
    return r.body.find(s) != std::string::npos;
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
  Headers admin_;
};

TEST_F(NewsTest, PublishedItemsAreReadAndDraftsAre404) {
  const std::string evil =
      "Hello **world**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
      "[click](javascript:alert(3))";
  const std::int64_t id = CreateItem("open", true, evil);
  const std::string path = "/news/" + std::to_string(id);
  Response list = Page("/news?lang=en");
  ASSERT_EQ(list.status, 200) << list.Describe();
  EXPECT_TRUE(Has(list, "A test item open"));
  EXPECT_TRUE(Has(list, "Call centre hours in Ramadan"));  // the demo's items
  Response page = Page(path + "?lang=en");
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_TRUE(Has(page, "Hello <strong>world</strong>"));
  EXPECT_FALSE(Has(page, "<script>alert"));
  EXPECT_FALSE(Has(page, "onerror"));
  EXPECT_FALSE(Has(page, "javascript:"));
  EXPECT_EQ(ElementTextById(page.body, "comment-first").value_or(""),
            "No comments yet. Be the first to comment.");
  Response ar = Page(path + "?lang=ar");
  EXPECT_TRUE(Has(ar, "نص <strong>غامق</strong>."));

  Response api = http_->Get("/api/v1/news/" + std::to_string(id));
  ASSERT_EQ(api.status, 200) << api.Describe();
  Json j = api.JsonBody();
  EXPECT_EQ(j["title"]["en"], "A test item open");
  EXPECT_EQ(j["comment_mode"], "open");
  EXPECT_EQ(j["body_html"]["en"].get<std::string>().find("<script>"), std::string::npos);

  // A draft is 404 on every public path, and absent from the lists.
  const std::int64_t draft = CreateItem("open", false);
  Response hidden = Page("/news/" + std::to_string(draft));
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.MediaType(), "text/html");
  ExpectProblem(http_->Get("/api/v1/news/" + std::to_string(draft)), 404);
  EXPECT_EQ(
      Post("/news/" + std::to_string(draft) + "/comments", {{"name", "n"}, {"text", "t"}}).status,
      404);
  Response all = http_->Get("/api/v1/news?per_page=50");
  ASSERT_EQ(all.status, 200);
  const Json items = all.JsonBody()["items"];  // a copy: the body's JSON is a temporary
  for (const auto& item : items) EXPECT_NE(item["id"], draft);
  EXPECT_FALSE(Has(Page("/news?lang=en"), "/news/" + std::to_string(draft) + "\""));
  // Publishing it shows it; the change is in the administration log.
  Response edit = Post("/admin/news/" + std::to_string(draft),
                       {{"entity", ""},
                        {"title_ar", "خبر"},
                        {"title_en", "Now live"},
                        {"summary_ar", "م"},
                        {"summary_en", "S"},
                        {"body_ar", "ن"},
                        {"body_en", "B"},
                        {"comment_mode", "open"},
                        {"published", "on"}},
                       admin_);
  EXPECT_EQ(edit.status, 303) << edit.Describe();
  EXPECT_EQ(Page("/news/" + std::to_string(draft)).status, 200);
  EXPECT_GE(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'news'"), 3);

  // The item form names a missing field and stores nothing.
  const auto before = server_->SqlInt("SELECT count(*) FROM news_items");
  Response bad = Post("/admin/news/new",
                      {{"entity", ""}, {"title_ar", "ع"}, {"comment_mode", "open"}}, admin_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(bad, "id=\"news-title-en-error\""));
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM news_items"), before);
  // An agent may not write news; nobody signed in is sent to sign in.
  Response login = http_->PostJson("/api/v1/auth/login", {{"email", "agent.mow@tawasul.example"},
                                                          {"password", "demo-agent-2026"}});
  Headers agent = {"Authorization: Bearer " + login.JsonBody().value("token", "")};
  EXPECT_EQ(http_->Get("/admin/news", agent, Cookie()).status, 403);
  EXPECT_EQ(Post("/admin/news/new", {{"title_en", "x"}}).status, 303);  // to /login
}

TEST_F(NewsTest, RepliesNestThreeLevelsInEitherOrder) {
  const std::int64_t id = CreateItem("open");
  const std::string path = "/news/" + std::to_string(id);
  const std::int64_t first = Comment(id, "Sara", "First comment");
  ASSERT_GT(first, 0);
  const std::int64_t reply = Comment(id, "Omar", "A reply", first);
  const std::int64_t reply2 = Comment(id, "سارة", "ردّ على الرد", reply);
  ASSERT_GT(reply, 0);
  ASSERT_GT(reply2, 0);
  // A reply to the third level is refused, naming the field; nothing is stored.
  Response deep = Post(path + "/comments",
                       {{"name", "N"}, {"text", "too deep"}, {"parent", std::to_string(reply2)}});
  EXPECT_EQ(deep.status, 422);
  EXPECT_TRUE(Has(deep, "id=\"comment-parent-error\""));
  EXPECT_EQ(Comments(id), 3);
  const std::int64_t second = Comment(id, "Ali", "Second comment");
  ASSERT_GT(second, 0);

  Response newest = Page(path + "?lang=en");
  ASSERT_EQ(newest.status, 200);
  EXPECT_TRUE(Has(newest, "(4 comments)"));
  EXPECT_TRUE(Has(newest, "just now"));
  auto pos = [&](const Response& r, std::int64_t c) {
    return r.body.find("id=\"comment-" + std::to_string(c) + "\"");
  };
  EXPECT_LT(pos(newest, second), pos(newest, first));
  EXPECT_LT(pos(newest, first), pos(newest, reply));
  EXPECT_LT(pos(newest, reply), pos(newest, reply2));
  EXPECT_TRUE(Has(newest, "data-depth=\"3\""));
  EXPECT_FALSE(Has(newest, "id=\"reply-" + std::to_string(reply2) + "\""));  // no reply link
  Response oldest = Page(path + "?lang=ar&order=oldest");
  EXPECT_LT(pos(oldest, first), pos(oldest, second));
  EXPECT_LT(pos(oldest, reply2), pos(oldest, second));
  EXPECT_TRUE(Has(oldest, "الآن"));

  Response api = http_->Get("/api/v1/news/" + std::to_string(id) + "/comments?order=oldest");
  ASSERT_EQ(api.status, 200) << api.Describe();
  Json list = api.JsonBody()["comments"];
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0]["id"], first);
  EXPECT_EQ(list[2]["depth"], 3);
  EXPECT_EQ(list[2]["parent_id"], reply);
  EXPECT_EQ(list[3]["id"], second);
  // The JSON API takes comments too, with the same rules.
  Response posted = http_->PostJson("/api/v1/news/" + std::to_string(id) + "/comments",
                                    {{"name", "API"}, {"text", "via JSON"}, {"parent_id", first}});
  EXPECT_EQ(posted.status, 201) << posted.Describe();
  EXPECT_EQ(posted.JsonBody()["state"], "published");
  Json too_deep =
      ExpectProblem(http_->PostJson("/api/v1/news/" + std::to_string(id) + "/comments",
                                    {{"name", "API"}, {"text", "deep"}, {"parent_id", reply2}}),
                    422);
  EXPECT_TRUE(HasFieldError(too_deep, "parent_id", "too_deep")) << ErrorsSummary(too_deep);
}

TEST_F(NewsTest, BadInputNamesTheFieldAndStoresNothing) {
  const std::int64_t id = CreateItem("open");
  const std::string path = "/news/" + std::to_string(id) + "/comments";
  Response empty = Post(path + "?lang=en", {{"name", ""}, {"text", ""}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(Has(empty, "href=\"#comment-name\""));
  EXPECT_TRUE(Has(empty, "id=\"comment-name-error\""));
  EXPECT_TRUE(Has(empty, "id=\"comment-text-error\""));
  Response bidi = Post(path, {{"name",
                               "abc\xE2\x80\xAE"
                               "cba"},
                              {"text", "hello"}});
  EXPECT_EQ(bidi.status, 422);
  EXPECT_TRUE(Has(bidi, "id=\"comment-name-error\""));
  EXPECT_TRUE(Has(bidi, "hello"));  // what was typed is kept
  Response longer = Post(path, {{"name", "N"}, {"text", Repeat("x", 2001)}});
  EXPECT_EQ(longer.status, 422);
  EXPECT_TRUE(Has(longer, "id=\"comment-text-error\""));
  Response no_csrf = http_->PostForm(path, {{"name", "N"}, {"text", "t"}}, Cookie());
  EXPECT_EQ(no_csrf.status, 403);
  Json problem = ExpectProblem(
      http_->PostJson("/api/v1/news/" + std::to_string(id) + "/comments", {{"text", "t"}}), 422);
  EXPECT_TRUE(HasFieldError(problem, "name", "required")) << ErrorsSummary(problem);
  ExpectProblem(http_->PostJson("/api/v1/news/" + std::to_string(id) + "/comments",
                                {{"name", "n"}, {"text", "t"}, {"extra", 1}}),
                400);
  EXPECT_EQ(Comments(id), 0);
  // Script is stored as text and shown escaped, never run.
  const std::int64_t c = Comment(id, "<b>Bold</b>", "<script>alert(1)</script>");
  ASSERT_GT(c, 0);
  Response page = Page("/news/" + std::to_string(id));
  EXPECT_FALSE(Has(page, "<script>alert(1)"));
  EXPECT_TRUE(Has(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_FALSE(Has(page, "<b>Bold</b>"));
}

TEST_F(NewsTest, PreModerationHoldsUntilApprovedAndClosedRefuses) {
  const std::int64_t id = CreateItem("premoderated");
  const std::string path = "/news/" + std::to_string(id);
  Response held = Post(path + "/comments", {{"name", "Mona"}, {"text", "Held text"}});
  ASSERT_EQ(held.status, 303) << held.Describe();
  EXPECT_NE(held.Header("Location").find("posted=held"), std::string::npos);
  Response after = Page(path + "?posted=held&lang=en");
  EXPECT_EQ(ElementTextById(after.body, "comment-result").value_or(""),
            "Your comment was received and awaits moderation before it appears.");
  EXPECT_FALSE(Has(after, "Held text"));
  EXPECT_EQ(http_->Get("/api/v1" + path + "/comments").JsonBody()["comments"].size(), 0u);
  const auto comment =
      server_->SqlInt("SELECT max(id) FROM news_comments WHERE item_id = " + std::to_string(id));
  Response queue = Page("/admin/comments");
  EXPECT_EQ(queue.status, 303);  // not signed in: to /login
  queue = http_->Get("/admin/comments", admin_, Cookie());
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(Has(queue, "id=\"queue-" + std::to_string(comment) + "\""));
  Response approve =
      Post("/admin/comments/" + std::to_string(comment), {{"action", "approve"}}, admin_);
  EXPECT_EQ(approve.status, 303) << approve.Describe();
  EXPECT_TRUE(Has(Page(path), "Held text"));
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'comment'"), 1);

  const std::int64_t closed = CreateItem("closed");
  Response refused =
      Post("/news/" + std::to_string(closed) + "/comments?lang=en", {{"name", "N"}, {"text", "t"}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.MediaType(), "text/html");
  EXPECT_TRUE(Has(refused, "Comments on this item are closed"));
  ExpectProblem(http_->PostJson("/api/v1/news/" + std::to_string(closed) + "/comments",
                                {{"name", "N"}, {"text", "t"}}),
                409);
  EXPECT_EQ(Comments(closed), 0);
  EXPECT_TRUE(Has(Page("/news/" + std::to_string(closed)), "id=\"comments-closed\""));
}

TEST_F(NewsTest, ReportsHideUntilAModeratorRestores) {
  TearDown();
  Start({"--comments-per-address-per-hour", "0", "--trusted-proxies", "127.0.0.1",
         "--news-report-threshold", "3"});
  const std::int64_t id = CreateItem("open");
  const std::string path = "/news/" + std::to_string(id);
  const std::int64_t c = Comment(id, "Nadia", "Reported text");
  ASSERT_GT(c, 0);
  auto report = [&](const std::string& address) {
    return Post(path + "/comments/" + std::to_string(c) + "/report", {{"reason", "spam"}},
                {"X-Forwarded-For: " + address});
  };
  EXPECT_EQ(report("10.1.0.1").status, 303);
  EXPECT_EQ(report("10.1.0.2").status, 303);
  EXPECT_EQ(report("10.1.0.1").status, 303);  // a repeat: thanked, not counted
  EXPECT_TRUE(Has(Page(path), "Reported text"));
  EXPECT_EQ(
      Post(path + "/comments/" + std::to_string(c) + "/report", {{"reason", "nonsense"}}).status,
      422);
  EXPECT_EQ(report("10.1.0.3").status, 303);
  Response hidden = Page(path + "?lang=en");
  EXPECT_FALSE(Has(hidden, "Reported text"));
  EXPECT_TRUE(Has(hidden, "hidden until a moderator reviews it"));
  EXPECT_EQ(
      server_->SqlInt("SELECT count(*) FROM news_reports WHERE comment_id = " + std::to_string(c)),
      3);
  EXPECT_EQ(server_->SqlText("SELECT reporter FROM news_reports").find("10.1.0"),
            std::string::npos);
  // A reply to a hidden comment is refused.
  EXPECT_EQ(Post(path + "/comments", {{"name", "N"}, {"text", "t"}, {"parent", std::to_string(c)}})
                .status,
            422);
  // Restore: shown again, and the count starts afresh (one more report does not hide it).
  EXPECT_EQ(Post("/admin/comments/" + std::to_string(c), {{"action", "restore"}}, admin_).status,
            303);
  EXPECT_TRUE(Has(Page(path), "Reported text"));
  EXPECT_EQ(report("10.1.0.4").status, 303);
  EXPECT_TRUE(Has(Page(path), "Reported text"));
  // Hide with a reason: the reason stands in place of the text.
  EXPECT_EQ(Post("/admin/comments/" + std::to_string(c), {{"action", "hide"}}, admin_).status,
            422);  // a reason is required
  EXPECT_EQ(Post("/admin/comments/" + std::to_string(c),
                 {{"action", "hide"}, {"reason", "offensive"}}, admin_)
                .status,
            303);
  Response moderated = Page(path + "?lang=en");
  EXPECT_FALSE(Has(moderated, "Reported text"));
  EXPECT_TRUE(Has(moderated, "A moderator hid this comment: offensive content."));
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'comment'"), 2);
}

TEST_F(NewsTest, FloodsFromOneAddressAreLimited) {
  TearDown();
  Start({"--comments-per-address-per-hour", "3"});
  const std::int64_t id = CreateItem("open");
  for (int i = 0; i < 3; ++i) EXPECT_GT(Comment(id, "N", "comment " + std::to_string(i)), 0);
  Response limited =
      Post("/news/" + std::to_string(id) + "/comments", {{"name", "N"}, {"text", "4"}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.Header("Retry-After").empty());
  ExpectProblem(http_->PostJson("/api/v1/news/" + std::to_string(id) + "/comments",
                                {{"name", "N"}, {"text", "5"}}),
                429);
  EXPECT_EQ(Comments(id), 3);
}

}  // namespace
}  // namespace tawasul_test
