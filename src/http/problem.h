#pragma once
// problem+json (RFC 9457) responses: every error the service returns is built here, so that
// clients always get the same shape: type, title, status, detail, request_id, errors[].

#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace tawasul::http {

struct FieldError {
  std::string field;    // JSON path of the field, e.g. "contact.email"
  std::string code;     // machine-readable, e.g. "invalid_email"
  std::string message;  // human-readable (English)
};

// Builds a problem+json response. `slug` names the problem type (".../problems/<slug>").
Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 std::string_view request_id, const std::vector<FieldError>& errors = {});

// The standard title for a status code ("Not found", "Invalid request", ...).
std::string_view StatusTitle(int status);

}  // namespace tawasul::http
