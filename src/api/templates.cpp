// Response templates over HTTP (docs/api.md): the canned answers staff start a reply from.
//   GET /api/v1/templates?entity=   {"items": [template, ...]}: id, entity, title_ar, title_en,
//                                   body_ar, body_en
// Entity staff get their own entity's templates (another entity asked for: 404, as for cases);
// central roles (administrators, auditors) any entity's, or all of them. The pages that edit
// templates are /admin/templates (web/admin_templates.cpp).

#include "api/handler_util.h"
#include "http/problem.h"
#include "service/json_io.h"

namespace tawasul::api {

namespace {

void ListTemplates(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = api.auth.Authenticate(req);
  if (!who) {
    reply(service::UnauthorizedProblem(req.request_id));
    return;
  }
  std::string entity = req.QueryParam("entity");
  auto role = who->actor.role;
  bool central = role == domain::Role::kAdmin || role == domain::Role::kAuditor;
  if (!central) {
    if (!entity.empty() && entity != who->actor.entity) {
      reply(http::Problem(404, "not_found", "", "No templates for this entity.", req.request_id));
      return;
    }
    entity = who->actor.entity;
    if (entity.empty()) {
      reply(service::JsonResponse(200, {{"items", nlohmann::json::array()}}));
      return;
    }
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : api.app.store.ListResponseTemplates(entity)) {
    items.push_back({{"id", t.id},
                     {"entity", t.entity},
                     {"title_ar", t.title_ar},
                     {"title_en", t.title_en},
                     {"body_ar", t.body_ar},
                     {"body_en", t.body_en}});
  }
  reply(service::JsonResponse(200, {{"items", items}}));
}

}  // namespace

void RegisterTemplateRoutes(http::Router& router, const ApiContext& api) {
  AddRoute(router, http::Method::kGet, "/api/v1/templates", api, ListTemplates);
}

}  // namespace tawasul::api
