#pragma once
// JSON request/response helpers shared by the API handlers: the content-type (415), syntax
// (400, which includes invalid UTF-8) and shape checks every JSON endpoint makes the same way.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/intake.h"
#include "http/message.h"

namespace tawasul::service {

// Parses the body as a JSON object. On failure, sends the problem response and returns nullopt.
std::optional<nlohmann::json> ReadJsonBody(const http::Request& request, const http::Reply& reply);

// A JSON response (UTF-8, invalid sequences replaced, never thrown on).
http::Response JsonResponse(int status, const nlohmann::json& body);

// 422 with errors[] naming each field.
http::Response ValidationProblem(const std::vector<domain::FieldError>& errors,
                                 const std::string& request_id);

}  // namespace tawasul::service
