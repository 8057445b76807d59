// POST /api/v1/routing/suggest (docs/routing.md), with the model in force
// (service/routing_models.h).
//
// The suggest endpoint is public: the submission form asks it while the citizen types. It reads
// the same two fields, with the same length limits, as a submission, so anything it accepts a
// submission would too; it never writes. Without a trained model it answers 404 "no-model" (the
// form then simply shows no suggestion).

#include "service/routing_models.h"

#include <spdlog/spdlog.h>

#include "api/handler_util.h"
#include "http/problem.h"
#include "service/json_io.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

namespace {

void SuggestRouting(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  std::vector<domain::FieldError> errors;
  std::string text[2];
  const char* fields[2] = {"subject", "description"};
  const std::size_t limits[2] = {200, 10000};
  for (int i = 0; i < 2; ++i) {
    auto it = body->find(fields[i]);
    if (it == body->end() || it->is_null()) continue;
    if (!it->is_string()) {
      errors.push_back({fields[i], "invalid_type", std::string(fields[i]) + " must be a string"});
      continue;
    }
    text[i] = it->get<std::string>();
    // Characters, not bytes, as intake counts them: UTF-8 continuation bytes are not counted.
    std::size_t chars = 0;
    for (unsigned char ch : text[i]) chars += (ch & 0xC0) != 0x80;
    if (chars > limits[i]) {
      errors.push_back({fields[i], "too_long",
                        std::string(fields[i]) + " must have at most " + std::to_string(limits[i]) +
                            " characters"});
    }
  }
  if (!errors.empty()) return reply(ValidationProblem(errors, req.request_id));
  auto snapshot = api.app.routing ? api.app.routing->Get() : nullptr;
  if (!snapshot || snapshot->model.Empty()) {
    return reply(http::Problem(404, "no-model", "",
                               "No routing model has been trained (tawasul routing train).",
                               req.request_id));
  }
  nlohmann::json suggestions = nlohmann::json::array();
  if (!text[0].empty() || !text[1].empty()) {
    auto catalogue = api.app.catalogue.Get();
    for (const auto& s : snapshot->model.Predict(text[0], text[1], 3)) {
      const auto* category = catalogue->FindCategory(s.category);
      if (!category) continue;  // retired since training
      suggestions.push_back({{"category", s.category},
                             {"entity", category->entity},
                             {"name_ar", category->name_ar},
                             {"name_en", category->name_en},
                             {"confidence", s.confidence}});
    }
  }
  auto r = JsonResponse(200, {{"suggestions", std::move(suggestions)}, {"model", snapshot->id}});
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

}  // namespace

void RegisterRoutingRoutes(http::Router& router, const ApiContext& api) {
  AddRoute(router, http::Method::kPost, "/api/v1/routing/suggest", api, SuggestRouting);
}

}  // namespace tawasul::api
