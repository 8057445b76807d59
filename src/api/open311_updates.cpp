// Open311 request updates, mySociety's extension (docs/open311.md "Updates"): GET
// servicerequestupdates.{xml,json} (api_key with scope read: the public updates of a window) and
// POST servicerequestupdates.{xml,json} (api_key with scope submit: a citizen's update to a
// request that key created); and the Open311-format 404 of every other /open311/v2/ path.
// Registered after the other Open311 routes: the catch-alls have the fewest literal segments, so
// every named route wins over them whatever the order.

#include "domain/open311_updates.h"
#include "api/handler_util.h"
#include "api/open311_format.h"
#include "domain/open311.h"
#include "service/open311_updates.h"

namespace tawasul::api {

namespace {

Open311Format FormatOf(std::string_view path) {
  return path.ends_with(".json") ? Open311Format::kJson : Open311Format::kXml;
}

std::string Describe(const domain::FieldError& e) { return e.field + ": " + e.message; }

void GetUpdates(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto format = FormatOf(req.path);
  if (!Open311KeyAllowed(api, req.QueryParam("api_key"), domain::ApiScope::kRead, format, reply)) {
    return;
  }
  if (std::string j = req.QueryParam("jurisdiction_id");
      !j.empty() && j != domain::kOpen311Jurisdiction) {
    return reply(
        Open311Error(format, 400, "jurisdiction_id: jurisdiction_id must be omitted or \"bh\""));
  }
  auto window = domain::ParseOpen311UpdatesWindow(req.QueryParam("start_date"),
                                                  req.QueryParam("end_date"), domain::Now());
  if (auto* error = std::get_if<domain::FieldError>(&window)) {
    return reply(Open311Error(format, 400, Describe(*error)));
  }
  OrderedJson items = OrderedJson::array();
  for (const auto& u : service::ListRequestUpdates(api.app, std::get<domain::Open311Window>(window),
                                                   Open311Language(req))) {
    items.push_back({{"update_id", u.update_id},
                     {"service_request_id", u.reference},
                     {"status", u.status},
                     {"updated_datetime", Open311Time(api, u.at)},
                     {"description", u.description},
                     {"media_url", ""}});
  }
  auto r = Open311Answer(format, "service_request_updates", items);
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void PostUpdate(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto format = FormatOf(req.path);
  std::string type(req.Header("Content-Type").substr(0, 33));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type != "application/x-www-form-urlencoded") {
    return reply(
        Open311Error(format, 400, "body: send the fields as application/x-www-form-urlencoded"));
  }
  auto post = domain::ReadOpen311UpdatePost(http::ParseUrlEncoded(req.body));
  if (post.api_key.empty()) post.api_key = req.QueryParam("api_key");
  std::int64_t key_id = 0;
  if (!Open311KeyAllowed(api, post.api_key, domain::ApiScope::kSubmit, format, reply, &key_id)) {
    return;
  }
  if (!post.errors.empty()) return reply(Open311Error(format, 400, Describe(post.errors.front())));
  service::PostRequestUpdate(
      api.app, post.reference, key_id, post.description,
      [reply, format](service::UpdatePostOutcome o) {
        using Kind = service::UpdatePostOutcome::Kind;
        switch (o.kind) {
          case Kind::kPosted: {
            auto r = Open311Answer(format, "service_request_updates",
                                   OrderedJson::array({{{"update_id", o.update_id}}}));
            r.Set("Cache-Control", "no-store");
            return reply(std::move(r));
          }
          case Kind::kNotFound:
            return reply(Open311Error(
                format, 404, "service_request_id: no such request created with this API key"));
          case Kind::kInvalid:
            return reply(Open311Error(format, 400, o.field + ": " + o.message));
          case Kind::kClosed:
            return reply(Open311Error(format, 400,
                                      "service_request_id: the request is not open; no update "
                                      "can be added (the citizen may reopen it on its page)"));
          case Kind::kOverloaded: {
            auto r = Open311Error(format, 503, "request: too many writes; retry shortly");
            r.Set("Retry-After", "1");
            return reply(std::move(r));
          }
          case Kind::kFailed:
            return reply(Open311Error(format, 500, "request: not stored; nothing was saved"));
        }
      });
}

// Any other /open311/v2/ path: Open311's 404, in the format its extension names (XML otherwise).
void UnknownPath(const ApiContext&, const http::Request& req, http::Reply reply) {
  reply(Open311Error(FormatOf(req.path), 404,
                     "path: no such Open311 endpoint for this method (see discovery.xml)"));
}

}  // namespace

void RegisterOpen311UpdateRoutes(http::Router& router, ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/open311/v2/servicerequestupdates.xml", api, GetUpdates);
  AddRoute(router, Method::kGet, "/open311/v2/servicerequestupdates.json", api, GetUpdates);
  AddRoute(router, Method::kPost, "/open311/v2/servicerequestupdates.xml", api, PostUpdate);
  AddRoute(router, Method::kPost, "/open311/v2/servicerequestupdates.json", api, PostUpdate);
  const ApiContext& read = api;
  AddRoute(router, Method::kGet, "/open311/v2/*", read, UnknownPath);
  AddRoute(router, Method::kPost, "/open311/v2/*", read, UnknownPath);
}

}  // namespace tawasul::api
