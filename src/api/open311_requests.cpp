// Open311 GeoReport v2 service requests (docs/api.md "Open311"): POST requests.{xml,json}
// (api_key with scope submit) and GET requests.{xml,json} and requests/{id}.{xml,json} (api_key
// with scope read). The case is created by service::SubmitOpen311Request, the same path as
// POST /api/v1/cases; the reads show public data only (service/open311.h).

#include "api/handler_util.h"
#include "api/open311_format.h"
#include "domain/open311.h"
#include "service/open311.h"

namespace tawasul::api {

namespace {

Open311Format FormatOf(std::string_view path) {
  return path.ends_with(".json") ? Open311Format::kJson : Open311Format::kXml;
}

std::string Describe(const domain::FieldError& e) { return e.field + ": " + e.message; }

// The service notice: when the answer is due, in the asked language.
std::string Notice(const ApiContext& api, domain::Instant due, domain::Language language) {
  std::string when = Open311Time(api, due);
  return language == domain::Language::kArabic ? "موعد الرد على البلاغ: " + when
                                               : "A response is due by " + when;
}

void PostRequest(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto format = FormatOf(req.path);
  std::string type(req.Header("Content-Type").substr(0, 33));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type != "application/x-www-form-urlencoded") {
    return reply(
        Open311Error(format, 400, "body: send the fields as application/x-www-form-urlencoded"));
  }
  auto catalogue = api.app.catalogue.Get();
  auto post = domain::ReadOpen311Post(http::ParseUrlEncoded(req.body), *catalogue);
  if (post.api_key.empty()) post.api_key = req.QueryParam("api_key");
  std::int64_t key_id = 0;
  if (!Open311KeyAllowed(api, post.api_key, domain::ApiScope::kSubmit, format, reply, &key_id)) {
    return;
  }
  if (!post.errors.empty()) return reply(Open311Error(format, 400, Describe(post.errors.front())));
  auto language = Open311Language(req);
  const ApiContext& ctx = api;
  service::SubmitOpen311Request(
      api.app, std::move(post.input), key_id, req.request_id,
      [&ctx, reply, format, language](service::SubmitOutcome o) {
        using Kind = service::SubmitOutcome::Kind;
        switch (o.kind) {
          case Kind::kCreated: {
            // The access code stays with us: the citizen gets the receipt message at the
            // contact they gave (docs/decisions.md 2026-12-07).
            OrderedJson item = {{"service_request_id", o.reference},
                                {"service_notice", Notice(ctx, o.record.due_at, language)},
                                {"account_id", ""}};
            auto r = Open311Answer(format, "service_requests", OrderedJson::array({item}));
            r.Set("Cache-Control", "no-store");
            return reply(std::move(r));
          }
          case Kind::kInvalid:
            return reply(Open311Error(
                format, 400, o.errors.empty() ? "request: invalid" : Describe(o.errors.front())));
          case Kind::kLimited:
          case Kind::kOverloaded: {
            auto r = Open311Error(format, 503, "request: too many submissions; retry shortly");
            r.Set("Retry-After", std::to_string(std::max(1, o.retry_after)));
            return reply(std::move(r));
          }
          case Kind::kFailed:
            return reply(Open311Error(format, 500, "request: not stored; nothing was saved"));
          case Kind::kOutcomeUnknown:
            // No Retry-After: a retry may store a second case.
            return reply(Open311Error(format, 503,
                                      "request: the database connection broke while saving; it "
                                      "may be stored as " +
                                          o.reference));
        }
      });
}

OrderedJson RequestJson(const ApiContext& api, const service::PublicRequestView& v) {
  const auto& r = v.row;
  OrderedJson item = {{"service_request_id", r.reference},
                      {"status", std::string(domain::Open311Status(r.status))},
                      {"status_notes", ""},
                      {"service_name", v.service_name},
                      {"service_code", r.category},
                      {"agency_responsible", v.agency},
                      {"requested_datetime", Open311Time(api, r.submitted_at)},
                      {"updated_datetime", Open311Time(api, v.updated_at)}};
  if (domain::IsOpen311Open(r.status)) item["expected_datetime"] = Open311Time(api, r.due_at);
  return item;
}

http::Response RequestList(const ApiContext& api, Open311Format format,
                           const std::vector<service::PublicRequestView>& views) {
  OrderedJson items = OrderedJson::array();
  for (const auto& v : views) items.push_back(RequestJson(api, v));
  auto r = Open311Answer(format, "service_requests", items);
  r.Set("Cache-Control", "no-store");
  return r;
}

void GetRequests(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto format = FormatOf(req.path);
  if (!Open311KeyAllowed(api, req.QueryParam("api_key"), domain::ApiScope::kRead, format, reply)) {
    return;
  }
  domain::Open311QueryInput in{req.QueryParam("service_request_id"), req.QueryParam("service_code"),
                               req.QueryParam("start_date"), req.QueryParam("end_date"),
                               req.QueryParam("status")};
  auto query = domain::ParseOpen311Query(in, domain::Now());
  if (auto* error = std::get_if<domain::FieldError>(&query)) {
    return reply(Open311Error(format, 400, Describe(*error)));
  }
  auto views = service::ListPublicRequests(api.app, std::get<domain::Open311Query>(query),
                                           Open311Language(req));
  reply(RequestList(api, format, views));
}

void GetRequest(ApiContext& api, const http::Request& req, http::Reply reply) {
  std::string id;
  auto format = Open311FileFormat(req.PathParam("file"), &id);
  if (!format) return reply(Open311Error(Open311Format::kXml, 404, "format: use .xml or .json"));
  if (!Open311KeyAllowed(api, req.QueryParam("api_key"), domain::ApiScope::kRead, *format, reply)) {
    return;
  }
  auto view = service::FindPublicRequest(api.app, id, Open311Language(req));
  if (!view) return reply(Open311Error(*format, 404, "service_request_id: no such request"));
  reply(RequestList(api, *format, {*view}));
}

}  // namespace

void RegisterOpen311RequestRoutes(http::Router& router, ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kPost, "/open311/v2/requests.xml", api, PostRequest);
  AddRoute(router, Method::kPost, "/open311/v2/requests.json", api, PostRequest);
  AddRoute(router, Method::kGet, "/open311/v2/requests.xml", api, GetRequests);
  AddRoute(router, Method::kGet, "/open311/v2/requests.json", api, GetRequests);
  AddRoute(router, Method::kGet, "/open311/v2/requests/{file}", api, GetRequest);
}

}  // namespace tawasul::api
