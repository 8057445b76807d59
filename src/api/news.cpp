// News and their comments in JSON (issue 19, item 1; docs/api.md "News"):
//
//   GET  /api/v1/news                    published items, newest first (page, per_page 1..50)
//   GET  /api/v1/news/{id}               one published item with its comments
//   GET  /api/v1/news/{id}/comments      its comments only (order=newest|oldest)
//   POST /api/v1/news/{id}/comments      a comment or reply: {"name", "text", "parent_id"?}
//
// The same rules as the pages (service/news.h): unpublished items are 404; a comment on a
// closed item is 409, too many from one address 429, bad fields 422 naming each; nothing else
// is stored. Comments come in reading order (domain::ThreadOrder) with their depth and parent;
// a hidden comment carries no name or text, only its state (and a moderator's reason).

#include "domain/news.h"
#include "api/handler_util.h"
#include "http/problem.h"
#include "service/json_io.h"
#include "service/markdown.h"
#include "service/news.h"
#include "store/news_store.h"

namespace tawasul::api {

using nlohmann::json;

namespace {

std::optional<std::int64_t> IdOf(std::string_view s) {
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return std::stoll(std::string(s));
}

std::optional<int> IntParam(const std::string& s, int def, int lo, int hi) {
  if (s.empty()) return def;
  if (s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int v = std::stoi(s);
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

json ItemJson(const domain::NewsItem& n, bool with_body) {
  json j = {{"id", n.id},
            {"entity", n.entity},
            {"title", {{"ar", n.title_ar}, {"en", n.title_en}}},
            {"summary", {{"ar", n.summary_ar}, {"en", n.summary_en}}},
            {"comment_mode", domain::ToString(n.comment_mode)},
            {"published_at", domain::FormatRfc3339(n.published_at, 0)},
            {"comments", n.comments}};
  if (with_body) {
    j["body_markdown"] = {{"ar", n.body_ar}, {"en", n.body_en}};
    j["body_html"] = {{"ar", service::MarkdownToHtml(n.body_ar)},
                      {"en", service::MarkdownToHtml(n.body_en)}};
  }
  return j;
}

json CommentsJson(const std::vector<domain::NewsComment>& comments, bool newest_first) {
  json out = json::array();
  for (const auto* c : domain::ThreadOrder(comments, newest_first)) {
    json j = {{"id", c->id},
              {"parent_id", c->parent_id == 0 ? json(nullptr) : json(c->parent_id)},
              {"depth", c->depth},
              {"state", domain::ToString(c->state)},
              {"created_at", domain::FormatRfc3339(c->created_at, 0)}};
    if (c->state == domain::CommentState::kPublished) {
      j["name"] = c->name;
      j["text"] = c->text;
    } else if (c->state == domain::CommentState::kHidden) {
      j["hide_reason"] = c->hide_reason;
    }
    out.push_back(std::move(j));
  }
  return out;
}

void ListNews(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto page = IntParam(req.QueryParam("page"), 1, 1, 100000);
  auto per_page = IntParam(req.QueryParam("per_page"), 10, 1, 50);
  std::vector<http::FieldError> errors;
  if (!page) errors.push_back({"page", "invalid_value", "page must be 1..100000"});
  if (!per_page) errors.push_back({"per_page", "invalid_value", "per_page must be 1..50"});
  if (!errors.empty()) {
    return reply(http::Problem(400, "malformed", "", "Invalid paging.", req.request_id, errors));
  }
  auto& news = api.app.store.News();
  json items = json::array();
  for (const auto& n : news.ListNews(true, "", *per_page, (*page - 1) * *per_page)) {
    items.push_back(ItemJson(n, false));
  }
  reply(service::JsonResponse(200, {{"total", news.CountNews(true, "")},
                                    {"page", *page},
                                    {"per_page", *per_page},
                                    {"items", std::move(items)}}));
}

void GetItem(const ApiContext& api, const http::Request& req, http::Reply reply, bool body) {
  auto id = IdOf(req.PathParam("id"));
  auto item = id ? service::PublicNewsItem(api.app, *id) : std::nullopt;
  if (!item)
    return reply(http::Problem(404, "not-found", "", "No such news item.", req.request_id));
  const std::string order = req.QueryParam("order");
  if (!order.empty() && order != "newest" && order != "oldest") {
    return reply(http::Problem(400, "malformed", "", "Invalid order.", req.request_id,
                               {{"order", "invalid_value", "order is newest or oldest"}}));
  }
  json comments = CommentsJson(api.app.store.News().NewsComments(item->id), order != "oldest");
  if (!body) return reply(service::JsonResponse(200, {{"comments", std::move(comments)}}));
  json j = ItemJson(*item, true);
  j["comment_list"] = std::move(comments);
  reply(service::JsonResponse(200, j));
}

void Item(const ApiContext& api, const http::Request& req, http::Reply reply) {
  GetItem(api, req, std::move(reply), true);
}

void Comments(const ApiContext& api, const http::Request& req, http::Reply reply) {
  GetItem(api, req, std::move(reply), false);
}

void PostComment(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto body = service::ReadJsonBody(req, reply);
  if (!body) return;
  std::vector<http::FieldError> errors;
  if (!body->is_object()) {
    errors.push_back({"", "invalid_type", "the body is a JSON object"});
  } else {
    for (const auto& [key, value] : body->items()) {
      if (key != "name" && key != "text" && key != "parent_id") {
        errors.push_back({std::string(key), "unknown_field", "no such field"});
      }
    }
    for (const char* f : {"name", "text"}) {
      if (body->contains(f) && !(*body)[f].is_string()) {
        errors.push_back({f, "invalid_type", "a string"});
      }
    }
    if (body->contains("parent_id") && !(*body)["parent_id"].is_number_unsigned()) {
      errors.push_back({"parent_id", "invalid_type", "a comment id"});
    }
  }
  if (!errors.empty()) {
    return reply(http::Problem(400, "malformed", "", "Malformed comment.", req.request_id, errors));
  }
  service::CommentInput in;
  in.item_id = IdOf(req.PathParam("id")).value_or(0);
  in.name = body->value("name", "");
  in.text = body->value("text", "");
  in.parent_id = body->value("parent_id", std::int64_t{0});
  in.address = req.remote_address;
  auto out = service::PostComment(api.app, in);
  switch (out.status) {
    case service::CommentStatus::kNoItem:
      return reply(http::Problem(404, "not-found", "", "No such news item.", req.request_id));
    case service::CommentStatus::kClosed:
      return reply(http::Problem(409, "comments-closed", "Comments are closed",
                                 "This item takes no comments.", req.request_id));
    case service::CommentStatus::kLimited: {
      auto r = http::Problem(429, "rate-limited", "", "Too many comments from this address.",
                             req.request_id);
      r.Set("Retry-After", std::to_string(std::max(1, out.retry_after)));
      return reply(std::move(r));
    }
    case service::CommentStatus::kInvalid: {
      for (const auto& e : out.errors) {
        errors.push_back({e.field == "parent" ? "parent_id" : e.field, e.code, e.code});
      }
      return reply(http::Problem(422, "validation", "Invalid request",
                                 std::to_string(errors.size()) + " fields are invalid",
                                 req.request_id, errors));
    }
    case service::CommentStatus::kAwaitsModeration:
    case service::CommentStatus::kPublished: {
      const bool held = out.status == service::CommentStatus::kAwaitsModeration;
      return reply(
          service::JsonResponse(201, {{"id", out.id}, {"state", held ? "pending" : "published"}}));
    }
  }
}

}  // namespace

void RegisterNewsRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/api/v1/news", api, ListNews);
  AddRoute(router, Method::kGet, "/api/v1/news/{id}", api, Item);
  AddRoute(router, Method::kGet, "/api/v1/news/{id}/comments", api, Comments);
  AddRoute(router, Method::kPost, "/api/v1/news/{id}/comments", api, PostComment);
}

}  // namespace tawasul::api
