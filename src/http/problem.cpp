// problem+json rendering. Titles are fixed per status so that clients can rely on them; the
// detail and errors[] carry the specifics. Never includes request data verbatim beyond field
// names, so an error cannot reflect a payload back into a page.

#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace tawasul::http {

std::string_view StatusTitle(int status) {
  switch (status) {
    case 400:
      return "Malformed request";
    case 401:
      return "Not signed in";
    case 403:
      return "Not allowed";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Request body too large";
    case 415:
      return "Unsupported media type";
    case 422:
      return "Invalid request";
    case 429:
      return "Too many requests";
    case 431:
      return "Request header fields too large";
    case 503:
      return "Service unavailable";
    default:
      return status >= 500 ? "Internal error" : "Error";
  }
}

Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 std::string_view request_id, const std::vector<FieldError>& errors) {
  nlohmann::json j;
  j["type"] = "https://tawasul.example/problems/" + std::string(slug);
  j["title"] = title.empty() ? StatusTitle(status) : title;
  j["status"] = status;
  if (!detail.empty()) j["detail"] = detail;
  j["request_id"] = request_id;
  if (!errors.empty()) {
    auto& arr = j["errors"] = nlohmann::json::array();
    for (const auto& e : errors) {
      arr.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
    }
  }
  Response r;
  r.status = status;
  r.Set("Content-Type", "application/problem+json");
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace tawasul::http
