// Webhooks over HTTP (central administrators; auditors may read), the JSON twin of
// /admin/webhooks (docs/api.md):
//   GET  /api/v1/admin/webhooks   {"items": [webhook, ...]}: id, url, entity, events, active,
//                                 created_at (never the secret)
//   POST /api/v1/admin/webhooks   {"url", "entity" ("" or absent: national), "events": [kind...]}
//                                 -> 201 with the webhook and its "secret", shown this once;
//                                 422 naming url, entity or events; nothing stored then.
//   GET  /api/v1/admin/webhooks/{id}  the webhook; 404 when there is none
//   PATCH /api/v1/admin/webhooks/{id} any of {"url", "entity", "events", "active" (boolean)}:
//                                 the others stay; the checks of a registration (422 naming the
//                                 field, nothing stored); 200 with the webhook as it now is
//   POST /api/v1/admin/webhooks/{id}/rotate-secret  a new secret, sealed as at registration:
//                                 200 with the webhook and its new "secret", shown this once;
//                                 the old one signs nothing more
// Every change is recorded in the administration log (area "webhook"), never a secret.

#include "api/handler_util.h"
#include "domain/time.h"
#include "domain/webhooks.h"
#include "http/problem.h"
#include "service/json_io.h"
#include "service/webhooks.h"
#include "store/webhook_store.h"

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
  for (const auto& w : api.app.store.Webhooks().ListWebhooks()) items.push_back(WebhookJson(w));
  reply(service::JsonResponse(200, {{"items", items}}));
}

// The fields of a POST or PATCH body; a bad type is an error naming the field.
service::WebhookEdit ReadWebhookFields(const json& body, std::vector<http::FieldError>& errors) {
  service::WebhookEdit edit;
  auto text = [&](const char* key, std::optional<std::string>& out) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return;
    if (it->is_string()) {
      out = it->get<std::string>();
    } else {
      errors.push_back({key, "invalid_type", std::string(key) + " must be a string"});
    }
  };
  text("url", edit.url);
  text("entity", edit.entity);
  auto events = body.find("events");
  if (events != body.end() && events->is_array()) {
    edit.events.emplace();
    for (const auto& e : *events) edit.events->push_back(e.is_string() ? e.get<std::string>() : "");
  } else if (events != body.end()) {
    errors.push_back({"events", "invalid_type", "events must be an array of event kinds"});
  }
  auto active = body.find("active");
  if (active != body.end() && active->is_boolean()) {
    edit.active = active->get<bool>();
  } else if (active != body.end()) {
    errors.push_back({"active", "invalid_type", "active must be true or false"});
  }
  return edit;
}

http::Response Invalid(const http::Request& req, const std::vector<http::FieldError>& errors) {
  return http::Problem(422, "validation", "", "The webhook is invalid; nothing was stored.",
                       req.request_id, errors);
}

// The webhook of the path's {id}, or nullopt (404 sent).
std::optional<store::WebhookRow> WebhookOfPath(const ApiContext& api, const http::Request& req,
                                               const http::Reply& reply) {
  std::string_view text = req.PathParam("id");
  std::int64_t id = 0;
  bool ok = !text.empty() && text.size() < 16;
  for (char c : text) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) id = id * 10 + (c - '0');
  }
  auto hook = ok ? api.app.store.Webhooks().FindWebhook(id) : std::nullopt;
  if (!hook) reply(http::Problem(404, "not_found", "", "No such webhook.", req.request_id));
  return hook;
}

void PostWebhook(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireRole(api, req, reply, true);
  if (!who) return;
  auto body = service::ReadJsonBody(req, reply);
  if (!body) return;
  std::vector<http::FieldError> errors;
  auto fields = ReadWebhookFields(*body, errors);
  // "active" is ignored here, as before: a new webhook is active.
  if (errors.empty()) {
    service::WebhookRequest request{fields.url.value_or(""), fields.entity.value_or(""),
                                    fields.events.value_or(std::vector<std::string>{})};
    auto outcome = service::RegisterWebhook(api.app, *who, request);
    for (const auto& e : outcome.errors) errors.push_back({e.field, e.code, e.message});
    if (errors.empty()) {
      auto stored = api.app.store.Webhooks().FindWebhook(outcome.id);
      json out = stored ? WebhookJson(*stored) : json{{"id", outcome.id}};
      out["secret"] = outcome.secret;
      auto response = service::JsonResponse(201, out);
      response.Set("Location", "/api/v1/admin/webhooks/" + std::to_string(outcome.id));
      response.Set("Cache-Control", "no-store");
      return reply(std::move(response));
    }
  }
  reply(Invalid(req, errors));
}

void GetWebhook(const ApiContext& api, const http::Request& req, http::Reply reply) {
  if (!RequireRole(api, req, reply, false)) return;
  auto hook = WebhookOfPath(api, req, reply);
  if (hook) reply(service::JsonResponse(200, WebhookJson(*hook)));
}

void PatchWebhook(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireRole(api, req, reply, true);
  if (!who) return;
  auto body = service::ReadJsonBody(req, reply);
  if (!body) return;
  auto hook = WebhookOfPath(api, req, reply);
  if (!hook) return;
  std::vector<http::FieldError> errors;
  auto edit = ReadWebhookFields(*body, errors);
  if (!errors.empty()) return reply(Invalid(req, errors));
  auto outcome = service::EditWebhook(api.app, *who, hook->id, edit);
  for (const auto& e : outcome.errors) errors.push_back({e.field, e.code, e.message});
  if (!errors.empty()) return reply(Invalid(req, errors));
  auto stored = api.app.store.Webhooks().FindWebhook(hook->id);
  if (!outcome.found || !stored) {
    return reply(http::Problem(404, "not_found", "", "No such webhook.", req.request_id));
  }
  reply(service::JsonResponse(200, WebhookJson(*stored)));
}

void RotateSecret(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireRole(api, req, reply, true);
  if (!who) return;
  auto hook = WebhookOfPath(api, req, reply);
  if (!hook) return;
  auto secret = service::RotateWebhookSecret(api.app, *who, hook->id);
  if (!secret)
    return reply(http::Problem(404, "not_found", "", "No such webhook.", req.request_id));
  json out = WebhookJson(*hook);
  out["secret"] = *secret;
  auto response = service::JsonResponse(200, out);
  response.Set("Cache-Control", "no-store");
  reply(std::move(response));
}

}  // namespace

void RegisterWebhookRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/api/v1/admin/webhooks", api, ListWebhooks);
  AddRoute(router, Method::kPost, "/api/v1/admin/webhooks", api, PostWebhook);
  AddRoute(router, Method::kGet, "/api/v1/admin/webhooks/{id}", api, GetWebhook);
  AddRoute(router, Method::kPatch, "/api/v1/admin/webhooks/{id}", api, PatchWebhook);
  AddRoute(router, Method::kPost, "/api/v1/admin/webhooks/{id}/rotate-secret", api, RotateSecret);
}

}  // namespace tawasul::api
