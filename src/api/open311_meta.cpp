// Open311 GeoReport v2, what describes the service (docs/api.md "Open311"): discovery, the
// service list, a service's definition, and tokens. Public reads without a key (the
// specification asks none for them); cacheable for five minutes.

#include "api/handler_util.h"
#include "api/open311_format.h"
#include "domain/open311.h"

namespace tawasul::api {

namespace {

// When the discovery document last changed (the specification's changeset).
constexpr std::string_view kChangeset = "2026-12-07T00:00:00+03:00";

Open311Format FormatOf(std::string_view path) {
  return path.ends_with(".json") ? Open311Format::kJson : Open311Format::kXml;
}

http::Response Cacheable(http::Response r) {
  r.Set("Cache-Control", "public, max-age=300");
  r.Set("Vary", "Accept-Language");
  return r;
}

void Discovery(ApiContext& api, const http::Request& req, http::Reply reply) {
  std::string base = api.public_url;
  if (base.empty()) base = "http://" + std::string(req.Header("Host"));
  OrderedJson endpoint = {{"specification", std::string(domain::kOpen311Specification)},
                          {"url", base + "/open311/v2/"},
                          {"changeset", std::string(kChangeset)},
                          {"type", "production"},
                          {"formats", OrderedJson::array({"text/xml", "application/json"})}};
  OrderedJson body = {
      {"changeset", std::string(kChangeset)},
      {"contact", "The service's administrators, through " + base + "/"},
      {"key_service", "API keys are issued by the service's administrators (tawasul api-key add)"},
      {"endpoints", OrderedJson::array({endpoint})}};
  reply(Cacheable(Open311Answer(FormatOf(req.path), "discovery", body)));
}

void Services(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto catalogue = api.app.catalogue.Get();
  OrderedJson services = OrderedJson::array();
  for (const auto& s : domain::Open311Services(*catalogue, Open311Language(req))) {
    services.push_back({{"service_code", s.code},
                        {"service_name", s.name},
                        {"description", s.description},
                        {"metadata", s.metadata},
                        {"type", "realtime"},
                        {"keywords", s.keywords},
                        {"group", s.group}});
  }
  reply(Cacheable(Open311Answer(FormatOf(req.path), "services", services)));
}

void ServiceDefinition(ApiContext& api, const http::Request& req, http::Reply reply) {
  std::string code;
  auto format = Open311FileFormat(req.PathParam("file"), &code);
  if (!format) {
    return reply(Open311Error(Open311Format::kXml, 404, "format: use .xml or .json"));
  }
  auto catalogue = api.app.catalogue.Get();
  if (!catalogue->FindCategory(code)) {
    return reply(Open311Error(*format, 404, "service_code: no such service: " + code));
  }
  // No category asks for extra fields yet: every definition has an empty attribute list.
  OrderedJson body = {{"service_code", code}, {"attributes", OrderedJson::array()}};
  reply(Cacheable(Open311Answer(*format, "service_definition", body)));
}

// Requests are created synchronously (the reference is in the POST's answer), so no token is
// ever issued and every token is unknown.
void Token(ApiContext&, const http::Request& req, http::Reply reply) {
  auto format = Open311FileFormat(req.PathParam("file")).value_or(Open311Format::kXml);
  reply(Open311Error(format, 404,
                     "token: no such token (requests are created at once: the POST returns "
                     "service_request_id)"));
}

}  // namespace

void RegisterOpen311MetaRoutes(http::Router& router, ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/open311/v2/discovery.xml", api, Discovery);
  AddRoute(router, Method::kGet, "/open311/v2/discovery.json", api, Discovery);
  AddRoute(router, Method::kGet, "/open311/v2/services.xml", api, Services);
  AddRoute(router, Method::kGet, "/open311/v2/services.json", api, Services);
  AddRoute(router, Method::kGet, "/open311/v2/services/{file}", api, ServiceDefinition);
  AddRoute(router, Method::kGet, "/open311/v2/tokens/{file}", api, Token);
}

}  // namespace tawasul::api
