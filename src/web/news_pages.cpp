// News and announcements with threaded public comments (issue 19, item 1; docs/news.md):
//
//   GET  /news                                   published items, newest first (?page=)
//   GET  /news/{id}                              one item, its comments (?order=oldest) and the
//                                                comment form (?reply=<comment id>: a reply)
//   POST /news/{id}/comments                     a comment or reply (name, text, parent)
//   POST /news/{id}/comments/{comment}/report    a reader's report (reason)
//
// Invariants: an unpublished or unknown item is the 404 page; every POST checks the CSRF pair
// and ends in a redirect (POST/redirect/GET) or, for bad input, the item page again with an
// error summary naming each field (422) and nothing stored. No cookie is set besides the CSRF
// and language ones every page uses. The Markdown body is the only HTML inserted unescaped
// (service/markdown.h); names and texts are escaped and shown with dir="auto".

#include "domain/news.h"
#include "service/markdown.h"
#include "service/news.h"
#include "store/news_store.h"
#include "web/admin_pages.h"
#include "web/i18n.h"
#include "web/site.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr int kPerPage = 10;

std::string Pick(domain::Language l, const std::string& ar, const std::string& en) {
  return Ar(l) ? ar : en;
}

std::optional<std::int64_t> IdParam(std::string_view s) {
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return std::stoll(std::string(s));
}

std::string Zone(const WebContext& web) { return web.app.sla.Get()->calendar.Spec().time_zone; }

// The label of an item's comment count: "٣ تعليقات" / "3 comments".
std::string CountText(domain::Language l, std::int64_t n) {
  std::string key = n == 1 ? "news_comment_count_one" : "news_comment_count";
  std::string text = Text(l, key);
  if (auto at = text.find("{n}"); at != std::string::npos) text.replace(at, 3, FormatCount(n, l));
  return text;
}

data ItemSummary(const WebContext& web, domain::Language l, const domain::NewsItem& n) {
  data d;
  d.set("id", std::to_string(n.id));
  d.set("title", Pick(l, n.title_ar, n.title_en));
  d.set("summary", Pick(l, n.summary_ar, n.summary_en));
  d.set("date", FormatDateTime(n.published_at, l, Zone(web)));
  d.set("comments", CountText(l, n.comments));
  if (!n.entity.empty()) d.set("entity", EntityName(web.app, n.entity, l));
  return d;
}

void ListPage(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  const auto l = pc.language;
  const int page = PageNumber(req);
  auto& news = web.app.store.News();
  const std::int64_t total = news.CountNews(true, "");
  list items;
  for (const auto& n : news.ListNews(true, "", kPerPage, (page - 1) * kPerPage)) {
    items.push_back(ItemSummary(web, l, n));
  }
  data d;
  d.set("items", items);
  d.set("none", items.empty());
  if (page > 1) d.set("prev_href", "/news?page=" + std::to_string(page - 1));
  if (static_cast<std::int64_t>(page) * kPerPage < total) {
    d.set("next_href", "/news?page=" + std::to_string(page + 1));
  }
  reply(RenderPage(pc, "news", d, "news_title"));
}

// The comment form's state: what was typed and the errors (after a refused POST).
struct FormState {
  std::string name, text;
  std::int64_t parent = 0;
  std::vector<domain::NewsFieldError> errors;
};

std::string ErrorKey(const domain::NewsFieldError& e) {
  return "news_err_" + e.field + "_" + e.code;
}

list CommentRows(const WebContext& web, domain::Language l, const domain::NewsItem& item,
                 const std::vector<domain::NewsComment>& comments, bool newest_first,
                 std::int64_t* shown) {
  list rows;
  const auto now = domain::Now();
  const bool open = item.comment_mode != domain::CommentMode::kClosed;
  *shown = 0;
  for (const auto* c : domain::ThreadOrder(comments, newest_first)) {
    data row;
    row.set("id", std::to_string(c->id));
    row.set("depth", std::to_string(c->depth));
    row.set("elapsed", domain::ElapsedWords((now - c->created_at).count(), l));
    row.set("at", FormatDateTime(c->created_at, l, Zone(web)));
    if (c->state == domain::CommentState::kPublished) {
      ++*shown;
      row.set("shown", true);
      row.set("name", c->name);
      row.set("text", c->text);
      if (open && domain::ReplyDepth(c->depth)) {
        row.set("reply_href", "/news/" + std::to_string(item.id) +
                                  "?reply=" + std::to_string(c->id) + "#comment-form");
      }
    } else if (c->state == domain::CommentState::kHidden) {
      std::string notice = Text(l, "news_hidden_notice");
      std::string reason = Text(l, "news_hide_reason_" + c->hide_reason);
      if (auto at = notice.find("{reason}"); at != std::string::npos) {
        notice.replace(at, 8, reason);
      }
      row.set("notice", notice);
    } else {
      row.set("notice", Text(l, "news_reported_notice"));
    }
    rows.push_back(row);
  }
  return rows;
}

list ReasonOptions(domain::Language l) {
  list out;
  for (auto r : domain::ReportReasons()) {
    data o;
    o.set("value", std::string(r));
    o.set("label", Text(l, "news_report_reason_" + std::string(r)));
    out.push_back(o);
  }
  return out;
}

http::Response ItemPage(const WebContext& web, PageContext pc, const http::Request& req,
                        const domain::NewsItem& item, const FormState& form, int status) {
  const auto l = pc.language;
  data d = ItemSummary(web, l, item);
  d.set("body_html", service::MarkdownToHtml(Pick(l, item.body_ar, item.body_en)));
  const bool oldest = req.QueryParam("order") == "oldest";
  d.set("oldest", oldest);
  const std::string base = "/news/" + std::to_string(item.id);
  d.set("newest_href", base + "#comments");
  d.set("oldest_href", base + "?order=oldest#comments");
  auto comments = web.app.store.News().NewsComments(item.id);
  std::int64_t shown = 0;
  list rows = CommentRows(web, l, item, comments, !oldest, &shown);
  d.set("comment_rows", rows);
  d.set("comment_count", CountText(l, shown));
  d.set("no_comments", rows.empty());
  d.set("closed", item.comment_mode == domain::CommentMode::kClosed);
  d.set("premoderated", item.comment_mode == domain::CommentMode::kPreModerated);
  d.set("reasons", ReasonOptions(l));
  d.set("comment_action", base + "/comments");
  const std::string posted = req.QueryParam("posted");
  if (posted == "1") d.set("result", Text(l, "news_posted"));
  if (posted == "held") d.set("result", Text(l, "news_held"));
  if (req.QueryParam("reported") == "1") d.set("result", Text(l, "news_reported_thanks"));
  // The reply form: ?reply=<id> of a published comment of this item that may take replies.
  std::int64_t parent = form.parent;
  if (parent == 0) parent = IdParam(req.QueryParam("reply")).value_or(0);
  for (const auto& c : comments) {
    if (c.id == parent && c.state == domain::CommentState::kPublished &&
        domain::ReplyDepth(c.depth)) {
      d.set("parent_id", std::to_string(c.id));
      d.set("parent_name", c.name);
    }
  }
  d.set("v_name", form.name);
  d.set("v_text", form.text);
  list errors;
  for (const auto& e : form.errors) {
    data item_error;
    item_error.set("field",
                   e.field == "parent" ? std::string("comment-text") : "comment-" + e.field);
    item_error.set("message", Text(l, ErrorKey(e)));
    errors.push_back(item_error);
    d.set("err_" + e.field, Text(l, ErrorKey(e)));
  }
  d.set("errors", errors);
  d.set("has_errors", !errors.empty());
  pc.path = base;
  auto r = RenderPage(pc, "news_item", d, "news_title", status);
  if (status == 200) r.Set("Cache-Control", "no-store");  // the CSRF field
  return r;
}

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto id = IdParam(req.PathParam("id"));
  auto item = id ? service::PublicNewsItem(web.app, *id) : std::nullopt;
  if (!item) {
    reply(ErrorPage(pc, 404, "news_unknown", "/news"));
    return;
  }
  reply(ItemPage(web, pc, req, *item, {}, 200));
}

http::Response Limited(const PageContext& pc, int retry_after, const std::string& back) {
  auto r = ErrorPage(pc, 429, "news_too_many", back);
  r.Set("Retry-After", std::to_string(std::max(1, retry_after)));
  return r;
}

void PostComment(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto id = IdParam(req.PathParam("id"));
  const std::string back = id ? "/news/" + std::to_string(*id) : "/news";
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, back)) return;
  service::CommentInput in;
  in.item_id = id.value_or(0);
  const std::string parent = FormValue(form, "parent");
  in.parent_id = parent.empty() ? 0 : IdParam(parent).value_or(-1);
  in.name = FormValue(form, "name");
  in.text = FormValue(form, "text");
  in.address = req.remote_address;
  auto out = service::PostComment(web.app, in);
  switch (out.status) {
    case service::CommentStatus::kNoItem:
      return reply(ErrorPage(pc, 404, "news_unknown", "/news"));
    case service::CommentStatus::kClosed:
      return reply(ErrorPage(pc, 409, "news_closed", back));
    case service::CommentStatus::kLimited:
      return reply(Limited(pc, out.retry_after, back));
    case service::CommentStatus::kInvalid: {
      auto item = service::PublicNewsItem(web.app, in.item_id);
      if (!item) return reply(ErrorPage(pc, 404, "news_unknown", "/news"));
      FormState state{in.name, in.text, std::max<std::int64_t>(in.parent_id, 0), out.errors};
      return reply(ItemPage(web, pc, req, *item, state, 422));
    }
    case service::CommentStatus::kAwaitsModeration:
      return reply(Redirect(back + "?posted=held#comment-result"));
    case service::CommentStatus::kPublished:
      return reply(Redirect(back + "?posted=1#comment-" + std::to_string(out.id)));
  }
}

void PostReport(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto id = IdParam(req.PathParam("id"));
  auto comment = IdParam(req.PathParam("comment"));
  const std::string back = id ? "/news/" + std::to_string(*id) : "/news";
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, back)) return;
  auto out = service::ReportComment(web.app, id.value_or(0), comment.value_or(0),
                                    FormValue(form, "reason"), req.remote_address);
  switch (out.status) {
    case service::ReportStatus::kNotFound:
      return reply(ErrorPage(pc, 404, "news_comment_unknown", back));
    case service::ReportStatus::kInvalid:
      return reply(ErrorPage(pc, 422, "news_err_reason_required", back));
    case service::ReportStatus::kLimited:
      return reply(Limited(pc, out.retry_after, back));
    case service::ReportStatus::kCounted:
      return reply(Redirect(back + "?reported=1#comment-result"));
  }
}

}  // namespace

void RegisterNewsPages(http::Router& router, const WebContext& web) {
  using http::Method;
  using http::Reply;
  using http::Request;
  router.Add(Method::kGet, "/news",
             [&web](const Request& req, Reply reply) { ListPage(web, req, std::move(reply)); });
  router.Add(Method::kGet, "/news/{id}",
             [&web](const Request& req, Reply reply) { Show(web, req, std::move(reply)); });
  router.Add(Method::kPost, "/news/{id}/comments",
             [&web](const Request& req, Reply reply) { PostComment(web, req, std::move(reply)); });
  router.Add(Method::kPost, "/news/{id}/comments/{comment}/report",
             [&web](const Request& req, Reply reply) { PostReport(web, req, std::move(reply)); });
}

}  // namespace tawasul::web
