// GET /api/v1/stats (docs/API.md "Figures"): public, aggregate only, no personal data. Reads a
// bounded number of aggregate rows (figures_ops.cpp), so it is cheap enough for every visitor;
// a short public cache lifetime absorbs bursts.

#include "api/routes.h"
#include "domain/time.h"
#include "http/problem.h"
#include "service/figures_view.h"
#include "service/json_io.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

void Api::Stats(const http::Request& req, http::Reply reply) {
  std::map<std::string, std::string> params;
  for (const char* name : {"from", "to", "entity", "type", "category", "channel", "group_by"}) {
    std::string v = req.QueryParam(name);
    if (!v.empty()) params[name] = std::move(v);
  }
  auto figures = QueryFigures(ctx_, params, domain::Now());
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&figures)) {
    std::vector<http::FieldError> fields;
    for (auto& e : *errors) fields.push_back({e.field, e.code, e.message});
    reply(http::Problem(400, "malformed", "", "Invalid figures query.", req.request_id, fields));
    return;
  }
  auto r = JsonResponse(200, FiguresJson(std::get<FiguresReport>(figures)));
  r.Set("Cache-Control", "public, max-age=10");
  reply(std::move(r));
}

}  // namespace tawasul::api
