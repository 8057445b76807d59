// News administration (issue 19, item 1; docs/news.md):
//
//   GET  /admin/news              the items (an administrator's or auditor's: all; a
//                                 supervisor's: their entity's)
//   GET  /admin/news/new          the form for a new item
//   POST /admin/news/new          create
//   GET  /admin/news/{id}         the edit form
//   POST /admin/news/{id}         update (publish and unpublish are the "published" box)
//   GET  /admin/comments          the moderation queue: pending, reported, hidden comments
//   POST /admin/comments/{id}     a decision: action=approve|restore|hide (reason to hide)
//
// Access (service/news.h): central administrators everything; supervisors their own entity's
// items and comments; auditors read (forms disabled, POST 403); any other staff member the 403
// page. A form with errors is shown again with the values typed and a message under each field
// (422), nothing stored. Every change goes to the administration log (service::SaveNews,
// service::Moderate).

#include "service/news.h"
#include "store/news_store.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

std::optional<service::Principal> RequireNewsStaff(const WebContext& web, const http::Request& req,
                                                   PageContext& pc, const http::Reply& reply) {
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return std::nullopt;
  if (!service::MayReadNewsAdmin(who->actor)) {
    reply(ErrorPage(pc, 403, "adm_forbidden", "/staff/"));
    return std::nullopt;
  }
  return who;
}

// The entities `who` may write for; "" (the portal's own) for administrators.
std::string ScopeOf(const service::Principal& who) {
  return who.actor.role == domain::Role::kSupervisor ? who.actor.entity : "";
}

std::optional<std::int64_t> PathId(const http::Request& req) {
  std::string_view s = req.PathParam("id");
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return std::stoll(std::string(s));
}

void List(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireNewsStaff(web, req, pc, reply);
  if (!who) return;
  const auto l = pc.language;
  list rows;
  for (const auto& n : web.app.store.News().ListNews(false, ScopeOf(*who), 200, 0)) {
    data row;
    row.set("id", std::to_string(n.id));
    row.set("title", Ar(l) ? n.title_ar : n.title_en);
    row.set("entity", n.entity.empty() ? Text(l, "news_portal") : EntityName(web.app, n.entity, l));
    row.set("published", n.published);
    row.set("mode", Text(l, "news_mode_" + std::string(domain::ToString(n.comment_mode))));
    row.set("comments", FormatCount(n.comments, l));
    rows.push_back(row);
  }
  data d;
  d.set("items", rows);
  d.set("none", rows.empty());
  d.set("can_write", who->actor.role != domain::Role::kAuditor);
  const std::string done = req.QueryParam("done");
  if (done == "created" || done == "updated") d.set("result", Text(l, "news_done_" + done));
  reply(RenderPage(pc, "admin_news", d, "news_admin_title"));
}

http::Response FormPage(const WebContext& web, PageContext pc, const service::Principal& who,
                        const domain::NewsItem& n,
                        const std::vector<domain::NewsFieldError>& errors, int status) {
  const auto l = pc.language;
  data d;
  const bool is_new = n.id == 0;
  d.set("is_new", is_new);
  d.set("id", std::to_string(n.id));
  d.set("action", is_new ? std::string("/admin/news/new") : "/admin/news/" + std::to_string(n.id));
  pc.path = is_new ? "/admin/news/new" : "/admin/news/" + std::to_string(n.id);
  list entities;
  if (who.actor.role != domain::Role::kSupervisor) {
    data portal;
    portal.set("value", "");
    portal.set("label", Text(l, "news_portal"));
    portal.set("selected", n.entity.empty());
    entities.push_back(portal);
    for (const auto& e : AdminEntityOptions(web, l, n.entity, nullptr)) entities.push_back(e);
  } else {
    data own;
    own.set("value", who.actor.entity);
    own.set("label", EntityName(web.app, who.actor.entity, l));
    own.set("selected", true);
    entities.push_back(own);
  }
  d.set("entities", entities);
  for (const auto& [key, value] : {std::pair{"v_title_ar", &n.title_ar},
                                   {"v_title_en", &n.title_en},
                                   {"v_summary_ar", &n.summary_ar},
                                   {"v_summary_en", &n.summary_en},
                                   {"v_body_ar", &n.body_ar},
                                   {"v_body_en", &n.body_en}}) {
    d.set(key, *value);
  }
  list modes;
  for (auto m : {domain::CommentMode::kOpen, domain::CommentMode::kPreModerated,
                 domain::CommentMode::kClosed}) {
    data o;
    const std::string code(domain::ToString(m));
    o.set("value", code);
    o.set("label", Text(l, "news_mode_" + code));
    o.set("checked", m == n.comment_mode);
    modes.push_back(o);
  }
  d.set("modes", modes);
  d.set("published", n.published);
  d.set("can_write", who.actor.role != domain::Role::kAuditor);
  if (n.published) d.set("public_href", "/news/" + std::to_string(n.id));
  std::vector<PageFieldError> page_errors;
  for (const auto& e : errors) page_errors.push_back({e.field, "news_err_item_" + e.code});
  SetFieldErrors(d, l, page_errors);
  return RenderPage(pc, "admin_news_form", d, is_new ? "news_new_title" : "news_edit_title",
                    status);
}

void New(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireNewsStaff(web, req, pc, reply);
  if (!who) return;
  domain::NewsItem n;
  n.entity = ScopeOf(*who);
  reply(FormPage(web, pc, *who, n, {}, 200));
}

void Edit(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireNewsStaff(web, req, pc, reply);
  if (!who) return;
  auto id = PathId(req);
  auto n = id ? web.app.store.News().FindNewsItem(*id) : std::nullopt;
  const bool visible =
      n && (who->actor.role != domain::Role::kSupervisor || n->entity == who->actor.entity);
  if (!visible) {
    reply(ErrorPage(pc, 404, "news_unknown", "/admin/news"));
    return;
  }
  reply(FormPage(web, pc, *who, *n, {}, 200));
}

void Save(const WebContext& web, const http::Request& req, http::Reply reply, bool is_new) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireNewsStaff(web, req, pc, reply);
  if (!who) return;
  if (who->actor.role == domain::Role::kAuditor) {
    reply(ErrorPage(pc, 403, "adm_read_only", "/admin/news"));
    return;
  }
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/news")) return;
  domain::NewsItem n;
  if (!is_new) {
    auto id = PathId(req);
    if (!id) {
      reply(ErrorPage(pc, 404, "news_unknown", "/admin/news"));
      return;
    }
    n.id = *id;
  }
  n.entity = FormValue(form, "entity");
  n.title_ar = FormValue(form, "title_ar");
  n.title_en = FormValue(form, "title_en");
  n.summary_ar = FormValue(form, "summary_ar");
  n.summary_en = FormValue(form, "summary_en");
  n.body_ar = FormValue(form, "body_ar");
  n.body_en = FormValue(form, "body_en");
  n.published = FormValue(form, "published") == "on";
  auto mode = domain::ParseCommentMode(FormValue(form, "comment_mode"));
  n.comment_mode = mode.value_or(domain::CommentMode::kOpen);
  auto out = service::SaveNews(web.app, who->actor, n);
  if (out.not_found || out.forbidden) {
    reply(ErrorPage(pc, 404, "news_unknown", "/admin/news"));
    return;
  }
  if (!mode) out.errors.push_back({"comment_mode", "required"});
  if (!out.errors.empty()) {
    reply(FormPage(web, pc, *who, n, out.errors, 422));
    return;
  }
  reply(Redirect(std::string("/admin/news?done=") + (is_new ? "created" : "updated") + "#news-" +
                 std::to_string(out.id)));
}

void Queue(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireNewsStaff(web, req, pc, reply);
  if (!who) return;
  const auto l = pc.language;
  auto& news = web.app.store.News();
  std::map<std::int64_t, std::optional<domain::NewsItem>> items;
  list waiting, hidden;
  for (const auto& c : news.NewsModerationQueue(200)) {
    auto it = items.find(c.item_id);
    if (it == items.end()) it = items.emplace(c.item_id, news.FindNewsItem(c.item_id)).first;
    const auto& item = it->second;
    if (!item ||
        (who->actor.role == domain::Role::kSupervisor && item->entity != who->actor.entity)) {
      continue;
    }
    data row;
    row.set("id", std::to_string(c.id));
    row.set("item_id", std::to_string(item->id));
    row.set("item_title", Ar(l) ? item->title_ar : item->title_en);
    row.set("name", c.name);
    row.set("text", c.text);
    row.set("state", Text(l, "news_state_" + std::string(domain::ToString(c.state))));
    row.set("reports", FormatCount(c.reports, l));
    row.set("pending", c.state == domain::CommentState::kPending);
    if (!c.hide_reason.empty()) row.set("reason", Text(l, "news_hide_reason_" + c.hide_reason));
    (c.state == domain::CommentState::kHidden ? hidden : waiting).push_back(row);
  }
  list reasons;
  for (auto r : domain::HideReasons()) {
    data o;
    o.set("value", std::string(r));
    o.set("label", Text(l, "news_hide_reason_" + std::string(r)));
    reasons.push_back(o);
  }
  data d;
  d.set("waiting", waiting);
  d.set("no_waiting", waiting.empty());
  d.set("hidden", hidden);
  d.set("no_hidden", hidden.empty());
  d.set("reasons", reasons);
  d.set("can_write", service::MayModerate(who->actor));
  const std::string done = req.QueryParam("done");
  if (done == "approve" || done == "hide" || done == "restore") {
    d.set("result", Text(l, "news_done_" + done));
  }
  reply(RenderPage(pc, "admin_comments", d, "news_queue_title"));
}

void Decide(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireNewsStaff(web, req, pc, reply);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/comments")) return;
  auto id = PathId(req);
  const std::string action_text = FormValue(form, "action");
  auto action = service::ParseModerationAction(action_text);
  if (!action) {
    reply(ErrorPage(pc, 422, "news_err_action", "/admin/comments"));
    return;
  }
  switch (
      service::Moderate(web.app, who->actor, id.value_or(0), *action, FormValue(form, "reason"))) {
    case service::ModerationStatus::kNotFound:
      return reply(ErrorPage(pc, 404, "news_comment_unknown", "/admin/comments"));
    case service::ModerationStatus::kForbidden:
      return reply(ErrorPage(pc, 403, "adm_read_only", "/admin/comments"));
    case service::ModerationStatus::kInvalid:
      return reply(ErrorPage(pc, 422, "news_err_hide_reason", "/admin/comments"));
    case service::ModerationStatus::kDone:
      return reply(Redirect("/admin/comments?done=" + action_text));
  }
}

}  // namespace

void RegisterAdminNewsPages(http::Router& router, const WebContext& web) {
  using http::Method;
  using http::Reply;
  using http::Request;
  router.Add(Method::kGet, "/admin/news",
             [&web](const Request& req, Reply reply) { List(web, req, reply); });
  router.Add(Method::kGet, "/admin/news/new",
             [&web](const Request& req, Reply reply) { New(web, req, reply); });
  router.Add(Method::kPost, "/admin/news/new",
             [&web](const Request& req, Reply reply) { Save(web, req, reply, true); });
  router.Add(Method::kGet, "/admin/news/{id}",
             [&web](const Request& req, Reply reply) { Edit(web, req, reply); });
  router.Add(Method::kPost, "/admin/news/{id}",
             [&web](const Request& req, Reply reply) { Save(web, req, reply, false); });
  router.Add(Method::kGet, "/admin/comments",
             [&web](const Request& req, Reply reply) { Queue(web, req, reply); });
  router.Add(Method::kPost, "/admin/comments/{id}",
             [&web](const Request& req, Reply reply) { Decide(web, req, reply); });
}

}  // namespace tawasul::web
