// GET /api/v1/search (docs/API.md "Search"): staff only, scoped like the inbox (entity staff see
// their entity's cases; central roles may filter by entity). A reference number in any written
// form finds its case directly; anything else goes through the analyzer (docs/search.md) to the
// store's index. Snippets are HTML-safe text with the matching words in <mark>.
// GET /api/v1/cases/{reference}/similar: possible duplicates (open cases of the same entity from
// the last 30 days), scored by shared words, for the staff case page's one-click merge.

#include <cmath>

#include "api/handler_util.h"
#include "domain/reference.h"
#include "http/problem.h"
#include "service/case_service.h"
#include "service/json_io.h"
#include "service/staff_requests.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

namespace {

void Search(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = api.auth.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  if (!domain::MayReadCases(who->actor.role)) {
    return reply(
        http::Problem(403, "forbidden", "", "This role does not read cases.", req.request_id));
  }
  SearchRequest request;
  auto errors = ParseSearchRequest(api.app, req, who->actor, request);
  if (!errors.empty()) {
    return reply(
        http::Problem(400, "malformed", "", "Invalid search parameters.", req.request_id, errors));
  }
  auto outcome = RunSearch(api.app, request);
  const auto& result = outcome.result;
  json items = json::array();
  for (const auto& hit : result.hits) {
    const auto& r = hit.record;
    items.push_back({{"reference", r.reference},
                     {"subject", r.draft.subject},
                     {"snippet", SnippetHtml(request, r)},
                     {"score", hit.score},
                     {"status", domain::ToString(r.status)},
                     {"entity", r.draft.entity},
                     {"type", domain::ToString(r.draft.type)},
                     {"submitted_at", FormatTime(api.app, r.submitted_at)}});
  }
  auto response = JsonResponse(200, {{"total", result.total},
                                     {"total_capped", result.total_capped},
                                     {"page", request.page},
                                     {"per_page", request.query.limit},
                                     {"match", outcome.match},
                                     {"items", std::move(items)}});
  response.Set("Cache-Control", "no-store");
  reply(std::move(response));
}

void SimilarCases(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = api.auth.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  auto ref = domain::ParseReference(req.PathParam("reference"));
  auto record = ref ? api.app.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
  if (!record || !SeesEntity(who->actor, record->draft.entity)) {
    return reply(http::Problem(404, "not-found", "", "No such case.", req.request_id));
  }
  json items = json::array();
  for (const auto& hit : SimilarOpenCases(api.app, *record)) {
    const auto& r = hit.record;
    items.push_back({{"reference", r.reference},
                     {"subject", r.draft.subject},
                     {"score", std::round(hit.score * 1000) / 1000},
                     {"status", domain::ToString(r.status)},
                     {"submitted_at", FormatTime(api.app, r.submitted_at)}});
  }
  auto response = JsonResponse(200, {{"reference", record->reference}, {"items", items}});
  response.Set("Cache-Control", "no-store");
  reply(std::move(response));
}

}  // namespace

void RegisterSearchRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/api/v1/search", api, Search);
  AddRoute(router, Method::kGet, "/api/v1/cases/{reference}/similar", api, SimilarCases);
}

}  // namespace tawasul::api
