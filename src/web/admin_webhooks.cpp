// Webhooks (/admin/webhooks): URLs that receive signed JSON events about cases
// (docs/notifications.md "Webhooks"), national or for one entity, registered by the national
// administrator (auditors read the page without its forms).
//
//   GET  /admin/webhooks                                  the webhooks, their last deliveries,
//                                                        and the add form
//   POST /admin/webhooks/new                              add: url, entity, events (checkboxes);
//                                                        answers the page with the secret, once
//   POST /admin/webhooks/{id}/deactivate                  no more deliveries to it
//   POST /admin/webhooks/{id}/deliveries/{delivery}/replay  send that delivery again (same
//                                                        Tawasul-Delivery id)
//
// The add form is the one POST not followed by a redirect: the secret exists in clear only in
// that answer (the store keeps it sealed), so it cannot be shown by a later GET. A bad field is
// 422 with the error summary naming it and the form as it was sent; nothing is stored.

#include "domain/intake.h"
#include "domain/webhooks.h"
#include "service/webhooks.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr const char* kPage = "/admin/webhooks";
constexpr int kDeliveriesShown = 10;

std::optional<std::int64_t> ParseId(std::string_view text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

// The event checkboxes; all checked on a fresh form.
list EventOptions(domain::Language l, const Form* sent) {
  list items;
  for (std::string_view kind : domain::kWebhookKinds) {
    bool checked = sent == nullptr;
    if (sent) {
      for (const auto& [k, v] : *sent) checked = checked || (k == "events" && v == kind);
    }
    data item;
    item.set("value", std::string(kind));
    item.set("event", domain::WebhookEventName(kind));
    item.set("label", Text(l, "adm_wh_event_" + std::string(kind)));
    item.set("checked", checked);
    items.push_back(item);
  }
  return items;
}

std::string EventsText(domain::Language l, const std::string& joined) {
  std::string out;
  for (const auto& kind : domain::SplitWebhookKinds(joined)) {
    if (!out.empty()) out += Ar(l) ? "، " : ", ";
    out += Text(l, "adm_wh_event_" + kind);
  }
  return out;
}

struct Created {
  std::int64_t id = 0;
  std::string secret;
};

http::Response WebhooksPage(const WebContext& web, PageContext pc, const service::Principal& who,
                            const http::Request& req, const Form* add,
                            const std::vector<PageFieldError>& errors, const Created* created,
                            int status) {
  pc.path = kPage;
  const auto l = pc.language;
  const auto zone = web.app.sla.Get()->calendar.Spec().time_zone;
  const bool can_write = CanWrite(who);
  list rows;
  for (const auto& w : web.app.store.ListWebhooks()) {
    data row;
    const std::string id = std::to_string(w.id);
    row.set("id", id);
    row.set("url", w.url);
    row.set("entity",
            w.entity.empty() ? Text(l, "adm_wh_national") : EntityName(web.app, w.entity, l));
    row.set("events", EventsText(l, w.events));
    row.set("active", w.active);
    row.set("can_deactivate", can_write && w.active);
    row.set("created_at", FormatDateTime(w.created_at, l, zone));
    list deliveries;
    for (const auto& o : web.app.store.WebhookDeliveries(w.id, kDeliveriesShown)) {
      data item;
      item.set("id", std::to_string(o.id));
      item.set("webhook_id", id);
      item.set("event", domain::WebhookEventName(o.kind));
      item.set("reference", o.reference);
      item.set("status", o.status);
      item.set("status_label", Text(l, "adm_wh_status_" + o.status));
      item.set("attempts", std::to_string(o.attempts));
      item.set("at", FormatDateTime(o.updated_at, l, zone));
      item.set("error", o.last_error);
      const bool final = o.status == "sent" || o.status == "delivered" || o.status == "failed" ||
                         o.status == "dead";
      item.set("can_replay", can_write && final);
      deliveries.push_back(item);
    }
    row.set("deliveries", deliveries);
    row.set("no_deliveries", deliveries.empty());
    rows.push_back(row);
  }
  data d;
  d.set("webhooks", rows);
  d.set("none", rows.empty());
  d.set("can_write", can_write);
  d.set("v_url", add ? FormValue(*add, "url") : std::string());
  d.set("entities", AdminEntityOptions(web, l, add ? FormValue(*add, "entity") : std::string(),
                                       "adm_wh_national"));
  d.set("events", EventOptions(l, add));
  SetFieldErrors(d, l, errors);
  list summary;
  for (const auto& e : errors) {
    data item;
    item.set("field", e.field);
    item.set("message", Text(l, e.key));
    summary.push_back(item);
  }
  d.set("errors", summary);
  if (created) {
    d.set("created_id", std::to_string(created->id));
    d.set("created_secret", created->secret);
  }
  std::string done = req.QueryParam("done");
  if (done == "deactivated" || done == "replayed") d.set("result", Text(l, "adm_wh_done_" + done));
  return RenderPage(pc, "admin_webhooks", d, "adm_wh_title", status);
}

void List(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  reply(WebhooksPage(web, pc, *who, req, nullptr, {}, nullptr, 200));
}

void Add(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return;
  service::WebhookRequest request;
  request.url = domain::TrimText(FormValue(form, "url"));
  request.entity = FormValue(form, "entity");
  for (const auto& [k, v] : form) {
    if (k == "events") request.events.push_back(v);
  }
  auto outcome = service::RegisterWebhook(web.app, *who, request);
  if (!outcome.errors.empty()) {
    std::vector<PageFieldError> errors;
    for (const auto& e : outcome.errors) errors.push_back({e.field, "adm_wh_err_" + e.field});
    reply(WebhooksPage(web, pc, *who, http::Request{}, &form, errors, nullptr, 422));
    return;
  }
  Created created{outcome.id, outcome.secret};
  auto page = WebhooksPage(web, pc, *who, http::Request{}, nullptr, {}, &created, 201);
  page.Set("Cache-Control", "no-store");  // the secret: never from a cache
  reply(std::move(page));
}

void Deactivate(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return;
  auto id = ParseId(req.PathParam("id"));
  if (!id || !service::DeactivateWebhook(web.app, *who, *id)) {
    reply(ErrorPage(pc, 404, "adm_wh_unknown", kPage));
    return;
  }
  reply(Redirect(std::string(kPage) + "?done=deactivated#webhook-" + std::to_string(*id)));
}

void Replay(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return;
  auto id = ParseId(req.PathParam("id"));
  auto delivery = ParseId(req.PathParam("delivery"));
  if (!id || !delivery || !service::ReplayWebhookDelivery(web.app, *who, *id, *delivery)) {
    reply(ErrorPage(pc, 404, "adm_wh_unknown_delivery", kPage));
    return;
  }
  reply(Redirect(std::string(kPage) + "?done=replayed#webhook-" + std::to_string(*id)));
}

}  // namespace

void RegisterAdminWebhookPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/admin/webhooks",
             [&web](const http::Request& req, http::Reply reply) { List(web, req, reply); });
  router.Add(Method::kPost, "/admin/webhooks/new",
             [&web](const http::Request& req, http::Reply reply) { Add(web, req, reply); });
  router.Add(Method::kPost, "/admin/webhooks/{id}/deactivate",
             [&web](const http::Request& req, http::Reply reply) { Deactivate(web, req, reply); });
  router.Add(Method::kPost, "/admin/webhooks/{id}/deliveries/{delivery}/replay",
             [&web](const http::Request& req, http::Reply reply) { Replay(web, req, reply); });
}

}  // namespace tawasul::web
