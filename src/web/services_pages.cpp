// The public e-services catalogue (issue 18, docs/web.md "E-services"):
//
//   GET  /services                 by entity and by life event, with a search box
//                                  (?q= Arabic-aware search, ?entity=, ?event=)
//   GET  /services/{code}          one service; an unknown or inactive code is the 404 page
//   POST /services/{code}/useful   "was this page useful?" (useful=yes|no), then back (303)
//
// Invariants: the pages read the index in force (service::EServiceCache), never the store per
// row. The vote form needs no cookie (an anonymous one-bit answer): instead of a CSRF token it is
// refused when the browser says it came from another site (Origin or Sec-Fetch-Site), and each
// client address has a small budget (429 beyond); only per-day counts are stored.

#include <tuple>

#include "service/eservices.h"
#include "store/eservice_store.h"
#include "web/i18n.h"
#include "web/page_util.h"
#include "web/site.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

std::string Pick(domain::Language l, const std::string& ar, const std::string& en) {
  return Ar(l) ? ar : en;
}

// "x% found this useful" in the page's language, or "" without votes.
std::string UsefulText(domain::Language l, const domain::UsefulCounts& counts) {
  const int pct = counts.Percent();
  if (pct < 0) return {};
  std::string text = Text(l, "svc_useful_share");
  const std::string shown = FormatPercent(pct / 100.0, l);
  if (auto at = text.find("{share}"); at != std::string::npos) text.replace(at, 7, shown);
  return text;
}

data ServiceItem(const WebContext& web, domain::Language l, const domain::EService& s) {
  data item;
  item.set("code", s.code);
  item.set("name", Pick(l, s.name_ar, s.name_en));
  item.set("entity", EntityName(web.app, s.entity, l));
  item.set("description", Pick(l, s.description_ar, s.description_en));
  return item;
}

list LifeEventLinks(domain::Language l, const std::string& selected) {
  list out;
  for (const auto& e : domain::LifeEvents()) {
    data item;
    item.set("code", std::string(e.code));
    item.set("name", std::string(domain::NameIn(e, l)));
    item.set("selected", e.code == selected);
    out.push_back(item);
  }
  return out;
}

void ListPage(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  const auto l = pc.language;
  std::shared_ptr<const domain::ServiceIndex> index =
      web.app.eservices ? web.app.eservices->Get() : std::make_shared<domain::ServiceIndex>();
  service::EServiceFilter filter{req.QueryParam("entity"), req.QueryParam("event"),
                                 domain::TrimText(req.QueryParam("q"))};
  auto catalogue = web.app.catalogue.Get();
  data d;
  d.set("v_q", filter.query);
  d.set("events", LifeEventLinks(l, filter.life_event));
  list entity_options;
  for (const auto& e : catalogue->Entities()) {
    data o;
    o.set("value", e.code);
    o.set("label", Pick(l, e.name_ar, e.name_en));
    o.set("selected", e.code == filter.entity);
    entity_options.push_back(o);
  }
  d.set("entity_options", entity_options);
  const bool filtered =
      !filter.entity.empty() || !filter.life_event.empty() || !filter.query.empty();
  if (filtered) {
    list results;
    for (const auto* s : service::FilterEServices(*index, filter)) {
      results.push_back(ServiceItem(web, l, *s));
    }
    std::string heading = Text(l, "svc_results");
    if (const auto* e = domain::FindNamedCode(domain::LifeEvents(), filter.life_event)) {
      heading = std::string(domain::NameIn(*e, l));
    } else if (const auto* e = catalogue->FindEntity(filter.entity); e && filter.query.empty()) {
      heading = Pick(l, e->name_ar, e->name_en);
    }
    d.set("filtered", true);
    d.set("heading", heading);
    d.set("count", FormatCount(static_cast<std::int64_t>(results.size()), l));
    d.set("none", results.empty());
    d.set("results", results);
  } else {
    list groups;
    for (const auto& e : catalogue->Entities()) {
      list items;
      for (const auto& s : index->Services()) {
        if (s.entity == e.code) items.push_back(ServiceItem(web, l, s));
      }
      if (items.empty()) continue;
      data g;
      g.set("code", e.code);
      g.set("name", Pick(l, e.name_ar, e.name_en));
      g.set("services", items);
      groups.push_back(g);
    }
    d.set("groups", groups);
  }
  reply(RenderPage(pc, "services", d, "svc_title"));
}

void ServicePage(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  const auto l = pc.language;
  auto index = web.app.eservices ? web.app.eservices->Get() : nullptr;
  const domain::EService* s = index ? index->Find(req.PathParam("code")) : nullptr;
  if (!s) {
    reply(ErrorPage(pc, 404, "svc_unknown", "/services"));
    return;
  }
  data d = ServiceItem(web, l, *s);
  d.set("entity_code", s->entity);
  d.set("url", s->url);
  for (const auto& [key, ar, en] : {std::tuple{"audience", &s->audience_ar, &s->audience_en},
                                    std::tuple{"fees", &s->fees_ar, &s->fees_en},
                                    std::tuple{"time", &s->time_ar, &s->time_en}}) {
    const std::string& v = Pick(l, *ar, *en);
    if (!v.empty()) d.set(key, v);
  }
  list channels;
  for (const auto& c : s->channels) {
    if (const auto* named = domain::FindNamedCode(domain::ServiceChannels(), c)) {
      data item;
      item.set("name", std::string(domain::NameIn(*named, l)));
      channels.push_back(item);
    }
  }
  d.set("has_channels", !channels.empty());
  d.set("channels", channels);
  list events;
  for (const auto& e : s->life_events) {
    if (const auto* named = domain::FindNamedCode(domain::LifeEvents(), e)) {
      data item;
      item.set("code", e);
      item.set("name", std::string(domain::NameIn(*named, l)));
      events.push_back(item);
    }
  }
  d.set("has_events", !events.empty());
  d.set("events", events);
  list categories;
  for (const auto& c : s->categories) {
    data item;
    item.set("name", CategoryName(web.app, c, l));
    categories.push_back(item);
  }
  d.set("has_categories", !categories.empty());
  d.set("categories", categories);
  auto totals = web.app.store.EServices().UsefulTotals();
  if (auto it = totals.find(s->code); it != totals.end()) {
    if (auto text = UsefulText(l, it->second); !text.empty()) d.set("useful_share", text);
  }
  d.set("voted", req.QueryParam("voted") == "1");
  pc.path = "/services/" + s->code;
  reply(RenderPage(pc, "service", d, "svc_title"));
}

// True when the browser says the form was sent from another site. Browsers send Origin on every
// cross-origin POST (and Sec-Fetch-Site); a request without either (curl, old browsers) passes
// and is bounded by the rate limit.
bool CrossSite(const http::Request& req) {
  if (auto site = req.Header("Sec-Fetch-Site"); !site.empty()) {
    return site != "same-origin" && site != "none";
  }
  const std::string_view origin = req.Header("Origin");
  if (origin.empty() || origin == "null") return !origin.empty();
  const std::string_view host = req.Header("Host");
  auto scheme_end = origin.find("://");
  return scheme_end == std::string_view::npos || origin.substr(scheme_end + 3) != host;
}

void UsefulPost(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto index = web.app.eservices ? web.app.eservices->Get() : nullptr;
  const domain::EService* s = index ? index->Find(req.PathParam("code")) : nullptr;
  if (!s) {
    reply(ErrorPage(pc, 404, "svc_unknown", "/services"));
    return;
  }
  const std::string back = "/services/" + s->code;
  if (CrossSite(req)) {
    reply(ErrorPage(pc, 403, "csrf_failed", back));
    return;
  }
  auto form = http::ParseUrlEncoded(req.body);
  const std::string answer = FormValue(form, "useful");
  if (answer != "yes" && answer != "no") {
    reply(ErrorPage(pc, 400, "svc_useful_choose", back));
    return;
  }
  int retry_after = 0;
  if (!web.app.eservices->AllowVote(req.remote_address, &retry_after)) {
    auto r = ErrorPage(pc, 429, "svc_useful_too_many", back);
    r.Set("Retry-After", std::to_string(retry_after));
    reply(std::move(r));
    return;
  }
  service::RecordUseful(web.app, s->code, answer == "yes");
  reply(Redirect(back + "?voted=1#useful"));
}

}  // namespace

void RegisterServicesPages(http::Router& router, const WebContext& web) {
  using http::Method;
  using http::Reply;
  using http::Request;
  router.Add(Method::kGet, "/services",
             [&web](const Request& req, Reply reply) { ListPage(web, req, std::move(reply)); });
  router.Add(Method::kGet, "/services/{code}",
             [&web](const Request& req, Reply reply) { ServicePage(web, req, std::move(reply)); });
  router.Add(Method::kPost, "/services/{code}/useful",
             [&web](const Request& req, Reply reply) { UsefulPost(web, req, std::move(reply)); });
}

}  // namespace tawasul::web
