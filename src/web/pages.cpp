// Public page handlers. Forms post back to the same URL; on a validation error the form is shown
// again with what the citizen typed and a message beside each field (422); on success the
// reference and access code are shown once (no-store, so they do not linger in caches).

#include "web/pages.h"

#include <nlohmann/json.hpp>

#include "api/case_service.h"
#include "http/problem.h"
#include "web/i18n.h"
#include "web/page_util.h"

namespace tawasul::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

// The submission form's data: types, categories grouped by entity, the values typed so far and
// the errors by field.
data SubmitData(const api::AppContext& ctx, domain::Language lang,
                const Form& form,
                const std::vector<domain::FieldError>& errors) {
  data d;
  std::string type = FormValue(form, "type");
  std::string category = FormValue(form, "category");
  list types;
  for (const char* t : {"complaint", "suggestion", "inquiry", "compliment"}) {
    data item;
    item.set("value", t);
    item.set("label", Text(lang, std::string("type_") + t));
    item.set("checked", type == t || (type.empty() && std::string_view(t) == "complaint"));
    types.push_back(item);
  }
  d.set("types", types);
  list groups;
  for (const auto& e : ctx.catalogue.Entities()) {
    list cats;
    for (const auto& c : ctx.catalogue.Categories()) {
      if (c.entity != e.code) continue;
      data item;
      item.set("code", c.code);
      item.set("name", Ar(lang) ? c.name_ar : c.name_en);
      item.set("selected", c.code == category);
      cats.push_back(item);
    }
    if (cats.empty()) continue;
    data g;
    g.set("name", Ar(lang) ? e.name_ar : e.name_en);
    g.set("categories", cats);
    groups.push_back(g);
  }
  d.set("groups", groups);
  if (const auto* c = ctx.catalogue.FindCategory(category)) {
    d.set("guidance", Ar(lang) ? c->guidance_ar : c->guidance_en);
  }
  for (const char* f : {"subject", "description", "name", "email", "phone"}) {
    d.set(std::string("v_") + f, FormValue(form, f));
  }
  d.set("v_anonymous", FormValue(form, "anonymous") == "on");
  if (!errors.empty()) {
    list summary;
    for (const auto& e : errors) {
      // Map API field paths to form field names.
      std::string field = e.field;
      if (field.rfind("contact.", 0) == 0) field = field.substr(8);
      if (field == "entity") field = "category";
      std::string message = ErrorText(lang, e.code);
      if (field == "contact") message = Text(lang, "contact_hint");
      d.set("err_" + field, message);
      data s;
      s.set("field", field == "contact" ? "email" : field);
      s.set("message", Text(lang, "field_" + (field == "contact" ? std::string("email") : field)) +
                           ": " + message);
      summary.push_back(s);
    }
    d.set("errors", summary);
  }
  return d;
}

}  // namespace

Pages::Pages(const WebContext& web) : ctx_(web.app), lookups_(web.lookups) {}

void Pages::Register(http::Router& router) {
  using http::Method;
  auto bind = [this](void (Pages::*fn)(const http::Request&, http::Reply)) {
    return [this, fn](const http::Request& req, http::Reply reply) {
      (this->*fn)(req, std::move(reply));
    };
  };
  router.Add(Method::kGet, "/", bind(&Pages::Home));
  router.Add(Method::kGet, "/submit", bind(&Pages::SubmitForm));
  router.Add(Method::kPost, "/submit", bind(&Pages::SubmitPost));
  router.Add(Method::kGet, "/track", bind(&Pages::TrackForm));
  router.Add(Method::kGet, "/track/{reference}", bind(&Pages::TrackForm));
  router.Add(Method::kPost, "/track", bind(&Pages::TrackPost));
  router.Add(Method::kGet, "/static/*", bind(&Pages::Static));
}

void Pages::Home(const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(ctx_, req);
  data d;
  list entities;
  for (const auto& e : ctx_.catalogue.Entities()) {
    data item;
    item.set("name", Ar(pc.language) ? e.name_ar : e.name_en);
    entities.push_back(item);
  }
  d.set("entities", entities);
  // A few national figures for this year, from the same aggregates as /api/v1/stats.
  try {
    auto sla = ctx_.sla.Get();
    auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    auto today = sla->calendar.LocalDateOf(now);
    store::FigureQuery q;
    q.from_day = domain::DayNumber(today.year() / std::chrono::January / 1);
    q.to_day = domain::DayNumber(today);
    auto f = ctx_.store.Figures(q, now, sla->calendar);
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

void Pages::SubmitForm(const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(ctx_, req);
  reply(RenderPage(pc, "submit", SubmitData(ctx_, pc.language, {}, {}), "submit_title"));
}

void Pages::SubmitPost(const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(ctx_, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CsrfValid(req, FormValue(form, "csrf"))) {
    data d;
    d.set("message", Text(pc.language, "csrf_failed"));
    d.set("back_href", "/submit");
    reply(RenderPage(pc, "error", d, "error_title", 403));
    return;
  }
  nlohmann::json body = nlohmann::json::object();
  for (const char* f : {"type", "category", "subject", "description"}) {
    if (auto v = FormValue(form, f); !v.empty()) body[f] = v;
  }
  nlohmann::json contact = nlohmann::json::object();
  for (const char* f : {"name", "email", "phone"}) {
    if (auto v = FormValue(form, f); !v.empty()) contact[f] = v;
  }
  if (!contact.empty()) body["contact"] = contact;
  body["anonymous"] = FormValue(form, "anonymous") == "on";
  body["channel"] = "web";

  domain::IntakeContext intake;
  intake.catalogue = &ctx_.catalogue;
  const api::AppContext& ctx = ctx_;
  api::SubmitCase(ctx, body, intake, [&ctx, pc, form, reply](api::SubmitOutcome o) {
    using Kind = api::SubmitOutcome::Kind;
    if (o.kind == Kind::kInvalid) {
      reply(RenderPage(pc, "submit", SubmitData(ctx, pc.language, form, o.errors), "submit_title",
                       422));
      return;
    }
    if (o.kind != Kind::kCreated) {
      data d;
      d.set("message", Text(pc.language, "busy"));
      d.set("back_href", "/submit");
      auto r = RenderPage(pc, "error", d, "error_title", 503);
      r.Set("Retry-After", "5");
      reply(std::move(r));
      return;
    }
    const auto& rec = o.record;
    const auto* entity = ctx.catalogue.FindEntity(rec.draft.entity);
    const auto* category = ctx.catalogue.FindCategory(rec.draft.category);
    bool ar = Ar(pc.language);
    const std::string zone = ctx.sla.Get()->calendar.Spec().time_zone;
    data d;
    d.set("reference", o.reference);
    d.set("access_code", o.access_code);
    d.set("entity", entity ? (ar ? entity->name_ar : entity->name_en) : rec.draft.entity);
    d.set("category", category ? (ar ? category->name_ar : category->name_en) : "");
    d.set("submitted_at", FormatDateTime(rec.submitted_at, pc.language, zone));
    d.set("first_response_due", FormatDateTime(rec.first_response_due_at, pc.language, zone));
    d.set("due_at", FormatDateTime(rec.due_at, pc.language, zone));
    reply(RenderPage(pc, "submitted", d, "submitted_title", 200));
  });
}

void Pages::TrackForm(const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(ctx_, req);
  data d;
  d.set("v_reference", std::string(req.PathParam("reference")));
  reply(RenderPage(pc, "track", d, "track_title"));
}

void Pages::TrackPost(const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(ctx_, req);
  auto form = http::ParseUrlEncoded(req.body);
  data d;
  d.set("v_reference", FormValue(form, "reference"));
  if (!CsrfValid(req, FormValue(form, "csrf"))) {
    d.set("message", Text(pc.language, "csrf_failed"));
    d.set("back_href", "/track");
    reply(RenderPage(pc, "error", d, "error_title", 403));
    return;
  }
  if (!lookups_.WouldAllow(req.remote_address)) {
    d.set("error", Text(pc.language, "track_rate_limited"));
    auto r = RenderPage(pc, "track", d, "track_title", 429);
    r.Set("Retry-After", "60");
    reply(std::move(r));
    return;
  }
  auto record =
      api::FindCaseForCitizen(ctx_, FormValue(form, "reference"), FormValue(form, "access_code"));
  if (!record) {
    lookups_.Allow(req.remote_address);
    d.set("error", Text(pc.language, "track_not_found"));
    reply(RenderPage(pc, "track", d, "track_title", 404));
    return;
  }
  bool ar = Ar(pc.language);
  const std::string zone = ctx_.sla.Get()->calendar.Spec().time_zone;
  const auto* entity = ctx_.catalogue.FindEntity(record->draft.entity);
  const auto* category = ctx_.catalogue.FindCategory(record->draft.category);
  data c;
  c.set("reference", record->reference);
  c.set("subject", record->draft.subject);
  c.set("description", record->draft.description);
  c.set("status", StatusText(pc.language, record->status));
  c.set("status_code", std::string(domain::ToString(record->status)));
  c.set("type", Text(pc.language, "type_" + std::string(domain::ToString(record->draft.type))));
  c.set("entity", entity ? (ar ? entity->name_ar : entity->name_en) : record->draft.entity);
  c.set("category", category ? (ar ? category->name_ar : category->name_en) : "");
  c.set("submitted_at", FormatDateTime(record->submitted_at, pc.language, zone));
  c.set("first_response_due", FormatDateTime(record->first_response_due_at, pc.language, zone));
  c.set("due_at", FormatDateTime(record->due_at, pc.language, zone));
  list timeline;
  for (const auto& e : ctx_.store.CaseEvents(record->id)) {
    if (!e.is_public) continue;
    data item;
    item.set("at", FormatDateTime(e.at, pc.language, zone));
    std::string label = Text(pc.language, "event_" + e.kind);
    item.set("kind", label.empty() ? e.kind : label);
    std::string by = e.actor == "citizen"  ? "by_citizen"
                     : e.actor == "system" ? "by_system"
                                           : "by_entity";
    item.set("by", Text(pc.language, by));
    item.set("body", e.body);
    timeline.push_back(item);
  }
  c.set("timeline", timeline);
  reply(RenderPage(pc, "case", c, "track_title"));
}

void Pages::Static(const http::Request& req, http::Reply reply) {
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

}  // namespace tawasul::web
