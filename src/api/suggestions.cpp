// Suggestions carried to the end (issue 19, item 2; docs/api.md "Suggestions"): staff record a
// suggestion's outcome; anyone reads the public report of implemented suggestions.
// POST authenticates first (401), then names every bad field (422), then the domain decides on
// the stored case (404 for another entity's case, 403 for a role that may not, 409 for a stage
// that may not follow). GET is public and carries no personal data (service/suggestions.h).

#include "service/suggestions.h"
#include "api/handler_util.h"
#include "domain/reference.h"
#include "http/problem.h"
#include "service/case_actions.h"
#include "service/json_io.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

namespace {

void PostOutcome(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = api.auth.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  domain::OutcomeRequest request;
  auto errors = ParseOutcomeJson(*body, request);
  if (!errors.empty()) {
    return reply(http::Problem(422, "validation", "Invalid request",
                               std::to_string(errors.size()) + " fields are invalid",
                               req.request_id, errors));
  }
  auto ref = domain::ParseReference(req.PathParam("reference"));
  if (!ref) return reply(http::Problem(404, "not-found", "", "No such case.", req.request_id));
  const AppContext& ctx = api.app;
  domain::Actor actor = who->actor;
  RecordSuggestionOutcome(
      ctx, domain::FormatReference(*ref), actor, request,
      [&ctx, actor, reply, rid = req.request_id](OutcomeResult o) {
        if (!o.found || !o.stored || o.decision.outcome != domain::Outcome::kOk) {
          return reply(OutcomeProblem(o, rid));
        }
        auto r = JsonResponse(200, StaffView(ctx, o.record, o.events, actor));
        r.Set("Cache-Control", "no-store");
        reply(std::move(r));
      });
}

void GetSuggestions(const ApiContext& api, const http::Request& req, http::Reply reply) {
  std::string entity = req.QueryParam("entity");
  if (!entity.empty() && !api.app.catalogue.Get()->FindEntity(entity)) {
    return reply(http::Problem(400, "malformed", "", "Unknown entity.", req.request_id,
                               {{"entity", "unknown_code", "no such entity"}}));
  }
  auto report = MakeSuggestionsReport(api.app, entity, domain::Now());
  reply(JsonResponse(200, SuggestionsJson(api.app, report)));
}

}  // namespace

void RegisterSuggestionRoutes(http::Router& router, const ApiContext& api) {
  AddRoute(router, http::Method::kPost, "/api/v1/cases/{reference}/outcome", api, PostOutcome);
  AddRoute(router, http::Method::kGet, "/api/v1/suggestions", api, GetSuggestions);
}

}  // namespace tawasul::api
