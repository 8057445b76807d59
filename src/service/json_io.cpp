// JSON I/O for handlers. nlohmann's parser rejects ill-formed UTF-8 inside strings, so invalid
// UTF-8 surfaces as the same 400 as malformed JSON; the detail says which.

#include "service/json_io.h"

#include "http/problem.h"

namespace tawasul::service {

std::optional<nlohmann::json> ReadJsonBody(const http::Request& request, const http::Reply& reply) {
  std::string_view ct = request.Header("Content-Type");
  auto semi = ct.find(';');
  std::string_view media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (!http::EqualsIgnoreCase(media, "application/json")) {
    reply(http::Problem(415, "unsupported-media-type", "", "Send the body as application/json.",
                        request.request_id));
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Tell malformed UTF-8 apart from other syntax errors for the client's benefit.
    std::string detail = "The body is not valid JSON.";
    try {
      auto reparsed = nlohmann::json::parse(request.body);
      (void)reparsed;
    } catch (const nlohmann::json::parse_error& e) {
      if (std::string_view(e.what()).find("UTF-8") != std::string_view::npos) {
        detail = "The body is not valid UTF-8.";
      }
    }
    reply(http::Problem(400, "malformed", "", detail, request.request_id));
    return std::nullopt;
  }
  if (!j.is_object()) {
    reply(
        http::Problem(400, "malformed", "", "The body must be a JSON object.", request.request_id));
    return std::nullopt;
  }
  return j;
}

http::Response JsonResponse(int status, const nlohmann::json& body) {
  http::Response r;
  r.status = status;
  r.Set("Content-Type", "application/json");
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

http::Response ValidationProblem(const std::vector<domain::FieldError>& errors,
                                 const std::string& request_id) {
  std::vector<http::FieldError> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back({e.field, e.code, e.message});
  std::string detail = errors.size() == 1 ? "1 field is invalid"
                                          : std::to_string(errors.size()) + " fields are invalid";
  return http::Problem(422, "validation", "Invalid request", detail, request_id, out);
}

}  // namespace tawasul::service
