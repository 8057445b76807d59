// Citizen actions on a case (docs/API.md "Citizen actions"): add information, rate, reopen.
// Authorised like the citizen GET: reference + X-Access-Code, with the same 404 for every
// failure and the same failed-look-up limit.

#include "api/handler_util.h"
#include "http/problem.h"
#include "service/case_actions.h"
#include "service/case_service.h"
#include "service/citizen_lookup.h"
#include "service/json_io.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

namespace {

void CitizenAction(ApiContext& api, const http::Request& req, http::Reply reply,
                   domain::ActionKind kind) {
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  auto found =
      CitizenLookup(api.app, api.lookups)
          .Find(req.remote_address, req.PathParam("reference"), req.Header("X-Access-Code"));
  if (found.kind == LookupOutcome::Kind::kLimited) {
    return reply(LookupLimited(found, req.request_id));
  }
  if (found.kind == LookupOutcome::Kind::kNotFound) {
    return reply(http::Problem(404, "not-found", "",
                               "No case matches this reference and access code.", req.request_id));
  }
  const domain::CaseRecord& record = *found.record;
  std::vector<http::FieldError> errors;
  const char* text_key = CitizenTextField(kind);
  for (auto it = body->begin(); it != body->end(); ++it) {
    bool known = it.key() == text_key || (kind == domain::ActionKind::kRate && it.key() == "score");
    if (!known) errors.push_back({it.key(), "unknown_field", "unknown field " + it.key()});
  }
  std::optional<std::string> text;
  if (auto it = body->find(text_key); it != body->end() && !it->is_null()) {
    if (!it->is_string()) {
      errors.push_back({text_key, "invalid_type", std::string(text_key) + " must be a string"});
    } else {
      text = it->get<std::string>();
    }
  }
  std::optional<std::int64_t> score;
  bool score_typed_wrong = false;
  if (kind == domain::ActionKind::kRate) {
    auto it = body->find("score");
    if (it != body->end() && !it->is_number_integer()) {
      errors.push_back({"score", "invalid_type", "score must be an integer 1..5"});
      score_typed_wrong = true;
    } else if (it != body->end()) {
      score = it->get<std::int64_t>();
    }
  }
  domain::Action action;
  bool typed_ok = errors.empty();
  for (auto& e : BuildCitizenAction(kind, text, score, action)) {
    // Type errors already name these fields.
    if (!typed_ok && e.code == "required" && e.field == text_key) continue;
    if (score_typed_wrong && e.field == "score") continue;
    errors.push_back(std::move(e));
  }
  if (!errors.empty())
    return reply(http::Problem(422, "validation", "Invalid request",
                               std::to_string(errors.size()) + " fields are invalid",
                               req.request_id, errors));
  domain::Actor citizen;
  citizen.role = domain::Role::kCitizen;
  const AppContext& ctx = api.app;
  ApplyCaseAction(api.app, record.reference, citizen, action,
                  [&ctx, reply, rid = req.request_id](ActionOutcome o) {
                    if (!o.found || !o.stored || o.decision.outcome != domain::Outcome::kOk)
                      return reply(ActionProblem(o, rid));
                    auto r = JsonResponse(200, CitizenView(ctx, o.record, o.events));
                    r.Set("Cache-Control", "no-store");
                    reply(std::move(r));
                  });
}

}  // namespace

void RegisterCitizenActionRoutes(http::Router& router, ApiContext& api) {
  using http::Method;
  auto citizen = [&api](domain::ActionKind kind) {
    return [&api, kind](const http::Request& req, http::Reply reply) {
      CitizenAction(api, req, std::move(reply), kind);
    };
  };
  router.Add(Method::kPost, "/api/v1/cases/{reference}/replies",
             citizen(domain::ActionKind::kCitizenReply));
  router.Add(Method::kPost, "/api/v1/cases/{reference}/rating", citizen(domain::ActionKind::kRate));
  router.Add(Method::kPost, "/api/v1/cases/{reference}/reopen",
             citizen(domain::ActionKind::kReopen));
}

}  // namespace tawasul::api
