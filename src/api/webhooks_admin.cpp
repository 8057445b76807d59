// Webhooks over HTTP (central administrators; auditors may read), the JSON twin of
// /admin/webhooks (docs/api.md):
//   GET  /api/v1/admin/webhooks   {"items": [webhook, ...]}: id, url, entity, events, active,
//                                 created_at (never the secret)
//   POST /api/v1/admin/webhooks   {"url", "entity" ("" or absent: national), "events": [kind...]}
//                                 -> 201 with the webhook and its "secret", shown this once;
//                                 422 naming url, entity or events; nothing stored then.

#include "api/handler_util.h"
#include "domain/time.h"
#include "domain/webhooks.h"
#include "http/problem.h"
#include "service/json_io.h"
#include "service/webhooks.h"

namespace tawasul::api {

using nlohmann::json;

namespace {

json WebhookJson(const store::WebhookRow& w) {
  return {{"id", w.id},         {"url", w.url},
          {"entity", w.entity}, {"events", domain::SplitWebhookKinds(w.events)},
          {"active", w.active}, {"created_at", domain::FormatRfc3339(w.created_at, 0)}};
}

void ListWebhooks(const ApiContext& api, const http::Request& req, http::Reply reply) {
  if (!RequireRole(api, req, reply, false)) return;
  json items = json::array();
  for (const auto& w : api.app.store.ListWebhooks()) items.push_back(WebhookJson(w));
  reply(service::JsonResponse(200, {{"items", items}}));
}

void PostWebhook(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireRole(api, req, reply, true);
  if (!who) return;
  auto body = service::ReadJsonBody(req, reply);
  if (!body) return;
  service::WebhookRequest request;
  std::vector<http::FieldError> errors;
  auto text = [&](const char* key, std::string& out) {
    auto it = body->find(key);
    if (it == body->end() || it->is_null()) return;
    if (it->is_string()) {
      out = it->get<std::string>();
    } else {
      errors.push_back({key, "invalid_type", std::string(key) + " must be a string"});
    }
  };
  text("url", request.url);
  text("entity", request.entity);
  auto events = body->find("events");
  if (events != body->end() && events->is_array()) {
    for (const auto& e : *events)
      request.events.push_back(e.is_string() ? e.get<std::string>() : "");
  } else if (events != body->end()) {
    errors.push_back({"events", "invalid_type", "events must be an array of event kinds"});
  }
  if (errors.empty()) {
    auto outcome = service::RegisterWebhook(api.app, *who, request);
    for (const auto& e : outcome.errors) errors.push_back({e.field, e.code, e.message});
    if (errors.empty()) {
      auto stored = api.app.store.FindWebhook(outcome.id);
      json out = stored ? WebhookJson(*stored) : json{{"id", outcome.id}};
      out["secret"] = outcome.secret;
      auto response = service::JsonResponse(201, out);
      response.Set("Location", "/api/v1/admin/webhooks/" + std::to_string(outcome.id));
      response.Set("Cache-Control", "no-store");
      return reply(std::move(response));
    }
  }
  reply(http::Problem(422, "validation", "", "The webhook is invalid; nothing was stored.",
                      req.request_id, errors));
}

}  // namespace

void RegisterWebhookRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/api/v1/admin/webhooks", api, ListWebhooks);
  AddRoute(router, Method::kPost, "/api/v1/admin/webhooks", api, PostWebhook);
}

}  // namespace tawasul::api
