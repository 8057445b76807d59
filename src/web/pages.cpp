// The first public pages (DESIGN.md §4): home, the tracking form, static files; the submission
// flow is submit_pages.cpp (registered here, between them), the case page and its actions
// track_pages.cpp. Server-rendered from the embedded mustache templates of web/templates, Arabic
// by default, working without JavaScript.

#include <nlohmann/json.hpp>

#include "domain/time.h"
#include "http/problem.h"
#include "service/case_service.h"
#include "service/citizen_lookup.h"
#include "web/i18n.h"
#include "web/page_util.h"
#include "web/site.h"
#include "web/track_pages.h"

namespace tawasul::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

void Home(const WebContext& web, const http::Request& req, http::Reply reply) {
  const service::AppContext& ctx = web.app;
  auto catalogue = ctx.catalogue.Get();
  auto pc = MakeContext(ctx, req);
  data d;
  list entities;
  for (const auto& e : catalogue->Entities()) {
    data item;
    item.set("name", Ar(pc.language) ? e.name_ar : e.name_en);
    entities.push_back(item);
  }
  d.set("entities", entities);
  // A few national figures for this year, from the same aggregates as /api/v1/stats.
  try {
    auto sla = ctx.sla.Get();
    auto now = domain::Now();
    auto today = sla->calendar.LocalDateOf(now);
    store::FigureQuery q;
    q.from_day = domain::DayNumber(today.year() / std::chrono::January / 1);
    q.to_day = domain::DayNumber(today);
    auto f = ctx.store.Figures(q, now, sla->calendar);
    const auto& t = f.totals;
    if (t.received > 0) {
      data figures;
      figures.set("received", FormatCount(t.received, pc.language));
      figures.set("answered", FormatCount(t.answered, pc.language));
      if (t.due > 0)
        figures.set("compliance",
                    FormatPercent(static_cast<double>(t.due_met) / static_cast<double>(t.due),
                                  pc.language));
      if (t.answered > 0) {
        figures.set("on_time", FormatPercent(static_cast<double>(t.answered_on_time) /
                                                 static_cast<double>(t.answered),
                                             pc.language));
      }
      d.set("figures", figures);
    }
  } catch (const std::exception&) {
    // The home page never fails for its figures.
  }
  reply(RenderPage(pc, "home", d, "service_tagline"));
}

void TrackForm(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  data d;
  d.set("v_reference", std::string(req.PathParam("reference")));
  reply(RenderPage(pc, "track", d, "track_title"));
}

void TrackPost(const WebContext& web, const http::Request& req, http::Reply reply) {
  const service::AppContext& ctx = web.app;
  auto pc = MakeContext(ctx, req);
  auto form = http::ParseUrlEncoded(req.body);
  data d;
  d.set("v_reference", FormValue(form, "reference"));
  if (!CsrfValid(req, FormValue(form, "csrf"))) {
    d.set("message", Text(pc.language, "csrf_failed"));
    d.set("back_href", "/track");
    reply(RenderPage(pc, "error", d, "error_title", 403));
    return;
  }
  auto found = service::CitizenLookup(ctx, web.lookups)
                   .Find(req.remote_address, FormValue(form, "reference"),
                         FormValue(form, "access_code"), /*with_events=*/true);
  if (found.kind == service::LookupOutcome::Kind::kLimited) {
    d.set("error", Text(pc.language, "track_rate_limited"));
    auto r = RenderPage(pc, "track", d, "track_title", 429);
    r.Set("Retry-After", std::to_string(found.retry_after));
    reply(std::move(r));
    return;
  }
  if (found.kind == service::LookupOutcome::Kind::kNotFound) {
    d.set("error", Text(pc.language, "track_not_found"));
    reply(RenderPage(pc, "track", d, "track_title", 404));
    return;
  }
  reply(CasePage(web, pc, *found.record, found.events, {}));
}

// The service's information pages linked from every footer: privacy notice, accessibility
// statement, terms of use (web/templates/info_*.mustache, both languages in each).
void InfoPage(const WebContext& web, const http::Request& req, http::Reply reply,
              const char* name) {
  auto pc = MakeContext(web.app, req);
  data d;
  d.set("is_ar", Ar(pc.language));
  reply(RenderPage(pc, std::string("info_") + name, d, std::string("info_") + name));
}

void Static(const WebContext&, const http::Request& req, http::Reply reply) {
  std::string_view path = req.path;
  std::string_view name = path.substr(path.rfind('/') + 1);
  auto file =
      name.empty() || path.find("..") != std::string_view::npos ? std::nullopt : WebFile(name);
  if (!file && !name.empty()) file = FontFile(name);
  if (!file || name.find(".mustache") != std::string_view::npos) {
    reply(http::Problem(404, "not-found", "", "", req.request_id));
    return;
  }
  http::Response r;
  std::string_view ext = name.substr(name.rfind('.') + 1);
  r.Set("Content-Type", ext == "css"     ? "text/css; charset=utf-8"
                        : ext == "js"    ? "text/javascript; charset=utf-8"
                        : ext == "svg"   ? "image/svg+xml"
                        : ext == "woff2" ? "font/woff2"
                        : ext == "ttf"   ? "font/ttf"
                                         : "application/octet-stream");
  // Fonts change only with the font package: a year. Styles and scripts change with releases.
  const bool font = ext == "woff2" || ext == "ttf";
  r.Set("Cache-Control", font ? "public, max-age=31536000" : "public, max-age=3600");
  r.body = std::string(*file);
  reply(std::move(r));
}

}  // namespace

void RegisterPublicPages(http::Router& router, const WebContext& web) {
  using http::Method;
  auto add = [&](Method m, const char* path,
                 void (*f)(const WebContext&, const http::Request&, http::Reply)) {
    router.Add(m, path, [&web, f](const http::Request& req, http::Reply reply) {
      f(web, req, std::move(reply));
    });
  };
  add(Method::kGet, "/", Home);
  RegisterSubmitPages(router, web);  // GET and POST /submit (submit_pages.cpp)
  add(Method::kGet, "/track", TrackForm);
  add(Method::kGet, "/track/{reference}", TrackForm);
  add(Method::kPost, "/track", TrackPost);
  add(Method::kGet, "/static/*", Static);
  for (const char* name : {"privacy", "accessibility", "terms"}) {
    router.Add(Method::kGet, std::string("/") + name,
               [&web, name](const http::Request& req, http::Reply reply) {
                 InfoPage(web, req, std::move(reply), name);
               });
  }
  // Browsers and feed readers ask for /favicon.ico without reading the page's <link rel=icon>.
  add(Method::kGet, "/favicon.ico", [](const WebContext&, const http::Request&, http::Reply reply) {
    http::Response r;
    r.Set("Content-Type", "image/svg+xml");
    r.Set("Cache-Control", "public, max-age=86400");
    r.body = std::string(WebFile("favicon.svg").value_or(std::string_view()));
    reply(std::move(r));
  });
}

}  // namespace tawasul::web
