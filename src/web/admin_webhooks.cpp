// Webhooks (/admin/webhooks): URLs that receive signed JSON events about cases
// (docs/notifications.md "Webhooks"), national or for one entity, registered by the national
// administrator (auditors read the page without its forms).
//
//   GET  /admin/webhooks                                  the webhooks, their last deliveries,
//                                                        and the add form
//   POST /admin/webhooks/new                              add: url, entity, events (checkboxes);
//                                                        answers the page with the secret, once
//   GET  /admin/webhooks/{id}                             the edit page: url, entity, events,
//                                                        active, and the secret's rotation
//   POST /admin/webhooks/{id}                             save an edit: redirect to the list;
//                                                        422 with the edit page's error summary
//   POST /admin/webhooks/{id}/rotate                      a new secret: answers the edit page
//                                                        with it, once (no redirect, no-store)
//   POST /admin/webhooks/{id}/deactivate                  no more deliveries to it
//   POST /admin/webhooks/{id}/deliveries/{delivery}/replay  send that delivery again (same
//                                                        Tawasul-Delivery id)
//
// The add and rotate forms are the POSTs not followed by a redirect: the secret exists in clear
// only in that answer (the store keeps it sealed), so it cannot be shown by a later GET. A bad
// field is 422 with the error summary naming it and the form as it was sent; nothing is stored.

#include "domain/intake.h"
#include "domain/webhooks.h"
#include "service/webhooks.h"
#include "store/webhook_store.h"
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

// The summary's items: each error linking to its field.
list ErrorSummary(domain::Language l, const std::vector<PageFieldError>& errors) {
  list summary;
  for (const auto& e : errors) {
    data item;
    item.set("field", e.field);
    item.set("message", Text(l, e.key));
    summary.push_back(item);
  }
  return summary;
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
  for (const auto& w : web.app.store.Webhooks().ListWebhooks()) {
    data row;
    const std::string id = std::to_string(w.id);
    row.set("id", id);
    row.set("url", w.url);
    row.set("entity",
            w.entity.empty() ? Text(l, "adm_wh_national") : EntityName(web.app, w.entity, l));
    row.set("events", EventsText(l, w.events));
    row.set("active", w.active);
    row.set("can_deactivate", can_write && w.active);
    row.set("can_edit", can_write);
    row.set("created_at", FormatDateTime(w.created_at, l, zone));
    list deliveries;
    for (const auto& o : web.app.store.Webhooks().WebhookDeliveries(w.id, kDeliveriesShown)) {
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
  d.set("errors", ErrorSummary(l, errors));
  if (created) {
    d.set("created_id", std::to_string(created->id));
    d.set("created_secret", created->secret);
  }
  std::string done = req.QueryParam("done");
  if (done == "deactivated" || done == "replayed" || done == "changed")
    d.set("result", Text(l, "adm_wh_done_" + done));
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

// The edit page of `hook`: the form as stored, or as `sent` with its `errors`; `secret` is a new
// secret to show once.
http::Response EditPage(const WebContext& web, PageContext pc, const service::Principal& who,
                        const store::WebhookRow& hook, const Form* sent,
                        const std::vector<PageFieldError>& errors, const std::string& secret,
                        int status) {
  const std::string id = std::to_string(hook.id);
  pc.path = std::string(kPage) + "/" + id;
  const auto l = pc.language;
  Form stored;
  for (const auto& kind : domain::SplitWebhookKinds(hook.events))
    stored.push_back({"events", kind});
  data d;
  d.set("id", id);
  d.set("url", hook.url);
  d.set("v_url", sent ? FormValue(*sent, "url") : hook.url);
  d.set("entities", AdminEntityOptions(web, l, sent ? FormValue(*sent, "entity") : hook.entity,
                                       "adm_wh_national"));
  d.set("events", EventOptions(l, sent ? sent : &stored));
  const bool active =
      sent && !FormValue(*sent, "active").empty() ? FormValue(*sent, "active") == "1" : hook.active;
  d.set("active", active);
  d.set("can_write", CanWrite(who));
  SetFieldErrors(d, l, errors);
  d.set("errors", ErrorSummary(l, errors));
  if (!secret.empty()) d.set("new_secret", secret);
  return RenderPage(pc, "admin_webhook_edit", d, "adm_wh_edit_title", status);
}

// The admin and webhook of a request on /admin/webhooks/{id} (a POST's form read and its CSRF
// checked); nullopt when a reply (sign-in, 403, 404) was already sent.
struct WebhookRequestOf {
  PageContext pc;
  service::Principal who;
  Form form;
  store::WebhookRow hook;
};
std::optional<WebhookRequestOf> ReadWebhookRequest(const WebContext& web, const http::Request& req,
                                                   const http::Reply& reply, bool write) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, write);
  if (!who) return std::nullopt;
  Form form;
  if (write) {
    form = http::ParseUrlEncoded(req.body);
    if (!CheckCsrf(pc, req, form, reply, kPage)) return std::nullopt;
  }
  auto id = ParseId(req.PathParam("id"));
  auto hook = id ? web.app.store.Webhooks().FindWebhook(*id) : std::nullopt;
  if (!hook) {
    reply(ErrorPage(pc, 404, "adm_wh_unknown_any", kPage));
    return std::nullopt;
  }
  return WebhookRequestOf{std::move(pc), std::move(*who), std::move(form), std::move(*hook)};
}

void Edit(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto in = ReadWebhookRequest(web, req, reply, true);
  if (!in) return;
  service::WebhookEdit edit;
  edit.url = domain::TrimText(FormValue(in->form, "url"));
  edit.entity = FormValue(in->form, "entity");
  edit.events.emplace();
  for (const auto& [k, v] : in->form) {
    if (k == "events") edit.events->push_back(v);
  }
  if (const auto active = FormValue(in->form, "active"); !active.empty()) {
    edit.active = active == "1";  // left out: stays as it is
  }
  auto outcome = service::EditWebhook(web.app, in->who, in->hook.id, edit);
  if (!outcome.found) {
    reply(ErrorPage(in->pc, 404, "adm_wh_unknown_any", kPage));
    return;
  }
  if (!outcome.errors.empty()) {
    std::vector<PageFieldError> errors;
    for (const auto& e : outcome.errors) errors.push_back({e.field, "adm_wh_err_" + e.field});
    reply(EditPage(web, in->pc, in->who, in->hook, &in->form, errors, "", 422));
    return;
  }
  reply(Redirect(std::string(kPage) + "?done=changed#webhook-" + std::to_string(in->hook.id)));
}

void Rotate(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto in = ReadWebhookRequest(web, req, reply, true);
  if (!in) return;
  auto secret = service::RotateWebhookSecret(web.app, in->who, in->hook.id);
  if (!secret) {
    reply(ErrorPage(in->pc, 404, "adm_wh_unknown_any", kPage));
    return;
  }
  auto page = EditPage(web, in->pc, in->who, in->hook, nullptr, {}, *secret, 200);
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
  router.Add(Method::kGet, "/admin/webhooks/{id}",
             [&web](const http::Request& req, http::Reply reply) {
               auto in = ReadWebhookRequest(web, req, reply, false);
               if (in) reply(EditPage(web, in->pc, in->who, in->hook, nullptr, {}, "", 200));
             });
  router.Add(Method::kPost, "/admin/webhooks/{id}",
             [&web](const http::Request& req, http::Reply reply) { Edit(web, req, reply); });
  router.Add(Method::kPost, "/admin/webhooks/{id}/rotate",
             [&web](const http::Request& req, http::Reply reply) { Rotate(web, req, reply); });
  router.Add(Method::kPost, "/admin/webhooks/{id}/deactivate",
             [&web](const http::Request& req, http::Reply reply) { Deactivate(web, req, reply); });
  router.Add(Method::kPost, "/admin/webhooks/{id}/deliveries/{delivery}/replay",
             [&web](const http::Request& req, http::Reply reply) { Replay(web, req, reply); });
}

}  // namespace tawasul::web
