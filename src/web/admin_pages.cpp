// Administration (/admin/): the access gate shared by the admin_*.cpp modules, the overview page
// with links to every administration area, and the registration of those modules.

#include "web/admin_pages.h"

#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

void Overview(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  data d;
  list areas;
  for (const char* a :
       {"calendar", "targets", "entities", "categories", "services", "users", "templates",
        "messages", "webhooks", "api-keys", "audit", "changes", "news", "comments"}) {
    data item;
    item.set("href", std::string("/admin/") + a);
    item.set("id", std::string("adm-link-") + a);
    item.set("title", Text(pc.language, std::string("adm_area_") + a));
    item.set("text", Text(pc.language, std::string("adm_area_") + a + "_text"));
    areas.push_back(item);
  }
  d.set("areas", areas);
  d.set("read_only", !CanWrite(*who));
  reply(RenderPage(pc, "admin_index", d, "adm_title"));
}

}  // namespace

bool CanWrite(const service::Principal& who) { return who.actor.role == domain::Role::kAdmin; }

std::optional<service::Principal> RequireAdmin(const WebContext& web, const http::Request& req,
                                               PageContext& pc, const http::Reply& reply,
                                               bool write) {
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return std::nullopt;
  auto role = who->actor.role;
  bool ok = role == domain::Role::kAdmin || (!write && role == domain::Role::kAuditor);
  if (!ok) {
    reply(ErrorPage(pc, 403, write ? "adm_read_only" : "adm_forbidden",
                    write ? "/admin/" : "/staff/"));
    return std::nullopt;
  }
  return who;
}

std::string ShownActor(const WebContext& web, const std::string& actor,
                       std::map<std::string, std::string>& seen) {
  auto it = seen.find(actor);
  if (it != seen.end()) return it->second;
  std::string shown = actor;
  std::string id = actor.rfind("user:", 0) == 0 ? actor.substr(5) : "";
  if (!id.empty() && id.size() < 16 && id.find_first_not_of("0123456789") == std::string::npos) {
    if (auto u = web.app.store.FindUserById(std::stoll(id))) shown = u->email;
  }
  return seen.emplace(actor, shown).first->second;
}

std::string Shorten(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

int PageNumber(const http::Request& req) {
  std::string text = req.QueryParam("page");
  if (text.empty() || text.size() >= 6 || text.find_first_not_of("0123456789") != std::string::npos)
    return 1;
  return std::max(1, std::stoi(text));
}

kainjow::mustache::list AdminEntityOptions(const WebContext& web, domain::Language l,
                                           const std::string& selected, const char* empty_key) {
  auto catalogue = web.app.catalogue.Get();
  list items;
  if (empty_key) {
    data empty;
    empty.set("value", "");
    empty.set("label", Text(l, empty_key));
    empty.set("selected", selected.empty());
    items.push_back(empty);
  }
  for (const auto& e : catalogue->Entities()) {
    data item;
    item.set("value", e.code);
    item.set("label", (Ar(l) ? e.name_ar : e.name_en) + " (" + e.code + ")");
    item.set("selected", e.code == selected);
    items.push_back(item);
  }
  return items;
}

void SetFieldErrors(kainjow::mustache::data& d, domain::Language l,
                    const std::vector<PageFieldError>& errors) {
  for (const auto& e : errors) d.set("err_" + e.field, Text(l, e.key));
  d.set("has_errors", !errors.empty());
}

void RegisterAdminPages(http::Router& router, const WebContext& web) {
  using http::Method;
  auto overview = [&web](const http::Request& req, http::Reply reply) {
    Overview(web, req, reply);
  };
  router.Add(Method::kGet, "/admin/", overview);  // also matches /admin
  RegisterAdminCalendarPages(router, web);
  RegisterAdminChangePages(router, web);
  RegisterAdminTemplatePages(router, web);
  RegisterAdminMessagePages(router, web);
  RegisterAdminUserPages(router, web);
  RegisterAdminTargetPages(router, web);
  RegisterAdminAuditPages(router, web);
  RegisterAdminCataloguePages(router, web);
  RegisterAdminServicePages(router, web);
  RegisterAdminWebhookPages(router, web);
  RegisterAdminNewsPages(router, web);
  RegisterAdminApiKeyPages(router, web);
  RegisterAdminSurveyPages(router, web);
}

}  // namespace tawasul::web
