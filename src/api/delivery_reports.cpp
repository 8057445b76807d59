// Delivery reports from the SMS gateway (issue 15, docs/notifications.md "Delivery reports"):
//
//   POST /api/v1/delivery-reports/sms   Authorization: Bearer <--sms-report-token-file>
//   {"key": "tawasul-outbox-42" | "id": "<the gateway's id>", "status": "delivered" | "failed",
//    "reason": "<the gateway's words, for a failure>"}
//
// Invariants:
//  * Only the holder of the operator's token is heard: the token's BLAKE2b is compared in
//    constant time (sodium_memcmp over equal-length digests, so neither its content nor its
//    length leaks); no token configured, a missing or a wrong one: 401, and nothing is read.
//  * A report changes one SMS row and nothing else (store::MessageStore::RecordDeliveryReport):
//    unknown id 404, a message the gateway has not accepted yet 409 (report again later), a body
//    that is not as above 422 naming the field. Other members are ignored, so the extra fields a
//    gateway adds do no harm.
//  * Nothing of the report is logged; the reason is kept only as the row's last error, cut short.

#include <sodium.h>

#include "api/handler_util.h"
#include "domain/delivery.h"
#include "http/message.h"
#include "http/problem.h"
#include "service/json_io.h"
#include "store/message_store.h"

namespace tawasul::api {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxIdLength = 200;

bool Authorized(const ApiContext& api, const http::Request& req) {
  if (api.sms_report_token_hash.empty()) return false;
  std::string_view authz = req.Header("Authorization");
  if (authz.size() <= 7 || !http::EqualsIgnoreCase(authz.substr(0, 7), "Bearer ")) return false;
  const std::string given = service::Auth::TokenHash(authz.substr(7));
  return given.size() == api.sms_report_token_hash.size() &&
         sodium_memcmp(given.data(), api.sms_report_token_hash.data(), given.size()) == 0;
}

// The report in `body`, or the errors naming its fields.
std::vector<http::FieldError> ParseReport(const json& body, store::DeliveryReport& report) {
  std::vector<http::FieldError> errors;
  auto text = [&](const char* name, std::string& out) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return false;
    if (!it->is_string()) {
      errors.push_back({name, "invalid_type", std::string(name) + " must be a string"});
      return false;
    }
    out = it->get<std::string>();
    return true;
  };
  std::string key, id, status;
  const bool has_key = text("key", key);
  const bool has_id = text("id", id);
  if (has_key) {
    auto outbox_id = domain::OutboxIdOfKey(key);
    if (outbox_id) {
      report.outbox_id = *outbox_id;
    } else {
      errors.push_back({"key", "invalid_key", "key must be tawasul-outbox-<number>, as sent"});
    }
  } else if (has_id) {
    if (id.empty() || id.size() > kMaxIdLength) {
      errors.push_back({"id", "invalid_id", "id must be 1 to 200 characters"});
    }
    report.provider_id = id;
  } else if (body.find("key") == body.end() && body.find("id") == body.end()) {
    errors.push_back({"id", "required", "id (the gateway's) or key (ours) is required"});
  }
  if (auto it = body.find("status"); it == body.end() || it->is_null()) {
    errors.push_back({"status", "required", "status is required"});
  } else if (text("status", status)) {
    if (status == "delivered") {
      report.outcome = domain::ReportedOutcome::kDelivered;
    } else if (status == "failed") {
      report.outcome = domain::ReportedOutcome::kFailed;
    } else {
      errors.push_back({"status", "invalid_status", "status must be delivered or failed"});
    }
  }
  text("reason", report.reason);
  return errors;
}

void SmsDeliveryReport(const ApiContext& api, const http::Request& req, http::Reply reply) {
  if (!Authorized(api, req)) {
    auto r = http::Problem(401, "unauthorized", "", "The delivery report token is required.",
                           req.request_id);
    r.Set("WWW-Authenticate", "Bearer");
    return reply(std::move(r));
  }
  auto body = service::ReadJsonBody(req, reply);
  if (!body) return;
  store::DeliveryReport report;
  report.at = domain::Now();
  auto errors = ParseReport(*body, report);
  if (!errors.empty()) {
    return reply(http::Problem(422, "validation", "Invalid request",
                               std::to_string(errors.size()) + " fields are invalid",
                               req.request_id, errors));
  }
  api.app.store.Messages().RecordDeliveryReport(
      report, [reply, rid = req.request_id](store::ReportResult result) {
        switch (result) {
          case store::ReportResult::kApplied: {
            http::Response r;
            r.status = 204;
            return reply(std::move(r));
          }
          case store::ReportResult::kUnknown:
            return reply(http::Problem(404, "not-found", "", "No SMS has this id.", rid));
          case store::ReportResult::kNotSent:
            return reply(http::Problem(409, "not-sent", "",
                                       "The gateway has not accepted this SMS yet (or it was "
                                       "given up); report again later.",
                                       rid));
          case store::ReportResult::kFailedWrite:
            break;
        }
        auto r =
            http::Problem(503, "unavailable", "", "The report could not be stored; retry.", rid);
        r.Set("Retry-After", "5");
        reply(std::move(r));
      });
}

}  // namespace

void RegisterDeliveryReportRoutes(http::Router& router, const ApiContext& api) {
  AddRoute(router, http::Method::kPost, "/api/v1/delivery-reports/sms", api, SmsDeliveryReport);
}

}  // namespace tawasul::api
