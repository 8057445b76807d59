// GET /api/v1/stats (docs/API.md "Figures"): public, aggregate only, no personal data. Reads a
// bounded number of aggregate rows (figures_ops.cpp), so it is cheap enough for every visitor;
// a short public cache lifetime absorbs bursts.

#include "api/handler_util.h"
#include "domain/time.h"
#include "http/problem.h"
#include "service/figures_view.h"
#include "service/json_io.h"
#include "service/suggestions.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

namespace {

void Stats(const ApiContext& api, const http::Request& req, http::Reply reply) {
  std::map<std::string, std::string> params;
  for (const char* name : {"from", "to", "entity", "type", "category", "channel", "group_by"}) {
    std::string v = req.QueryParam(name);
    if (!v.empty()) params[name] = std::move(v);
  }
  auto figures = QueryFigures(api.app, params, domain::Now());
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&figures)) {
    std::vector<http::FieldError> fields;
    for (auto& e : *errors) fields.push_back({e.field, e.code, e.message});
    reply(http::Problem(400, "malformed", "", "Invalid figures query.", req.request_id, fields));
    return;
  }
  json doc = FiguresJson(std::get<FiguresReport>(figures));
  doc["suggestions"] = SuggestionSharesJson(api.app, params["entity"], domain::Now());
  auto r = JsonResponse(200, doc);
  r.Set("Cache-Control", "public, max-age=10");
  reply(std::move(r));
}

}  // namespace

void RegisterStatsRoutes(http::Router& router, const ApiContext& api) {
  AddRoute(router, http::Method::kGet, "/api/v1/stats", api, Stats);
}

}  // namespace tawasul::api
