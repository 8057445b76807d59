// API keys (/admin/api-keys): the keys integrators use for Open311 (docs/open311.md, docs/api.md
// "API keys"), issued and revoked by the national administrator (auditors read the page without
// its forms). The same service functions as `tawasul api-key add|revoke` (service/api_keys.h):
// one implementation, one administration log record per change.
//
//   GET  /admin/api-keys               the keys (name, prefix, scopes, created, expiry, last
//                                      used, state) and the add form
//   POST /admin/api-keys/new           add: name, scopes (checkboxes and an entity for staff),
//                                      expires_days; answers the page with the key, once
//   POST /admin/api-keys/{id}/revoke   revoke: redirect to the list
//
// The add form is the POST not followed by a redirect: the key exists in clear only in that
// answer (the store keeps its hash), so no later GET can show it; the answer is no-store. A bad
// field is 422 with the error summary naming it and the form as it was sent; nothing is stored.

#include "domain/api_key.h"
#include "service/api_keys.h"
#include "store/api_key_store.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr const char* kPage = "/admin/api-keys";
constexpr std::string_view kScopeChoices[] = {"submit", "read", "figures"};

std::optional<std::int64_t> ParseId(std::string_view text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

// The scope checkboxes; none checked on a fresh form.
list ScopeOptions(domain::Language l, const Form* sent) {
  list items;
  for (std::string_view scope : kScopeChoices) {
    bool checked = false;
    if (sent) {
      for (const auto& [k, v] : *sent) checked = checked || (k == "scopes" && v == scope);
    }
    data item;
    item.set("value", std::string(scope));
    item.set("label", Text(l, "adm_key_scope_" + std::string(scope)));
    item.set("checked", checked);
    items.push_back(item);
  }
  return items;
}

// The form's scopes as the comma list the service parses ("submit,read,staff:MOW").
std::string ScopeList(const Form& form) {
  std::string out;
  auto add = [&out](const std::string& item) {
    if (!out.empty()) out += ',';
    out += item;
  };
  for (const auto& [k, v] : form) {
    if (k == "scopes") add(v);
  }
  if (std::string entity = FormValue(form, "staff_entity"); !entity.empty()) add("staff:" + entity);
  return out;
}

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

std::string When(const std::optional<domain::Instant>& t, domain::Language l,
                 const std::string& zone, const char* none_key) {
  return t ? FormatDateTime(*t, l, zone) : Text(l, none_key);
}

http::Response KeysPage(const WebContext& web, PageContext pc, const service::Principal& who,
                        const http::Request& req, const Form* add,
                        const std::vector<PageFieldError>& errors,
                        const service::IssuedApiKey* created, int status) {
  pc.path = kPage;
  const auto l = pc.language;
  const auto zone = web.app.sla.Get()->calendar.Spec().time_zone;
  const bool can_write = CanWrite(who);
  const auto now = domain::Now();
  list rows;
  for (const auto& k : web.app.store.ApiKeys().ListApiKeys()) {
    const bool live = domain::ApiKeyLive(k.expires_at, k.revoked_at, now);
    data row;
    row.set("id", std::to_string(k.id));
    row.set("name", k.name);
    row.set("prefix", "tw_" + k.prefix);
    row.set("scopes", k.scopes);
    row.set("created_at", FormatDateTime(k.created_at, l, zone));
    row.set("expires_at", When(k.expires_at, l, zone, "adm_key_never"));
    row.set("last_used_at", When(k.last_used_at, l, zone, "adm_key_unused"));
    row.set("state", Text(l, k.revoked_at ? "adm_key_revoked"
                             : live       ? "adm_key_live"
                                          : "adm_key_expired"));
    row.set("live", live);
    row.set("can_revoke", can_write && !k.revoked_at);
    rows.push_back(row);
  }
  data d;
  d.set("keys", rows);
  d.set("none", rows.empty());
  d.set("can_write", can_write);
  d.set("v_name", add ? FormValue(*add, "name") : std::string());
  d.set("v_expires_days", add ? FormValue(*add, "expires_days") : std::string());
  d.set("scopes", ScopeOptions(l, add));
  d.set("entities",
        AdminEntityOptions(web, l, add ? FormValue(*add, "staff_entity") : "", "adm_key_no_staff"));
  SetFieldErrors(d, l, errors);
  d.set("errors", ErrorSummary(l, errors));
  if (created) {
    d.set("created_id", std::to_string(created->id));
    d.set("created_key", created->key);
  }
  if (req.QueryParam("done") == "revoked") d.set("result", Text(l, "adm_key_done_revoked"));
  return RenderPage(pc, "admin_api_keys", d, "adm_key_title", status);
}

std::string ActorOf(const service::Principal& who) { return "user:" + std::to_string(who.user.id); }

void List(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  reply(KeysPage(web, pc, *who, req, nullptr, {}, nullptr, 200));
}

void Add(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return;
  service::ApiKeyRequest request;
  request.name = FormValue(form, "name");
  request.scopes = ScopeList(form);
  std::vector<PageFieldError> errors;
  if (std::string days = domain::TrimText(FormValue(form, "expires_days")); !days.empty()) {
    bool digits = days.size() <= 5;
    for (char c : days) digits = digits && c >= '0' && c <= '9';
    if (digits) {
      request.expires_days = std::stoi(days);
    } else {
      errors.push_back({"expires_days", "adm_key_err_expires_days"});
    }
  }
  service::ApiKeyAddOutcome outcome;
  if (errors.empty())
    outcome = service::AddApiKey(web.app.store, request, ActorOf(*who), domain::Now());
  for (const auto& e : outcome.errors) errors.push_back({e.field, "adm_key_err_" + e.field});
  if (!errors.empty()) {
    reply(KeysPage(web, pc, *who, http::Request{}, &form, errors, nullptr, 422));
    return;
  }
  auto page = KeysPage(web, pc, *who, http::Request{}, nullptr, {}, &outcome.issued, 201);
  page.Set("Cache-Control", "no-store");  // the key: never from a cache
  reply(std::move(page));
}

void Revoke(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return;
  auto id = ParseId(req.PathParam("id"));
  if (!id || !service::RevokeApiKey(web.app.store, *id, ActorOf(*who), domain::Now())) {
    reply(ErrorPage(pc, 404, "adm_key_unknown", kPage));
    return;
  }
  reply(Redirect(std::string(kPage) + "?done=revoked#api-key-" + std::to_string(*id)));
}

}  // namespace

void RegisterAdminApiKeyPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, kPage,
             [&web](const http::Request& req, http::Reply reply) { List(web, req, reply); });
  router.Add(Method::kPost, "/admin/api-keys/new",
             [&web](const http::Request& req, http::Reply reply) { Add(web, req, reply); });
  router.Add(Method::kPost, "/admin/api-keys/{id}/revoke",
             [&web](const http::Request& req, http::Reply reply) { Revoke(web, req, reply); });
}

}  // namespace tawasul::web
