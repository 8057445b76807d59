// The staff case page (/staff/cases/{reference}) and its actions
// (POST /staff/cases/{reference}/actions).
//
// The page shows everything staff may know of a case: its facts and clocks, the citizen's
// contact unless the case is anonymous (DESIGN.md §2), the whole history with internal notes set
// apart, possible duplicates with a one-click merge, and a form for every action the lifecycle
// allows this member of staff now (domain::AvailableActions). Actions go through the same
// parser and the same transaction as POST /api/v1/cases/{reference}/actions
// (service::ParseStaffActionBody, service::ApplyCaseAction): the form fields carry the JSON member
// names.
//
// After an action the browser is redirected (303) back to the page with ?done=<action>, or with
// ?refused=<reason> when the lifecycle refused it, so a reload never repeats an action. Field
// errors found before the action is tried re-render the page with the typed text kept.
// A case of another entity is the same 404 page as a case that does not exist.

#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "domain/contact_access.h"
#include "domain/reference.h"
#include "domain/time.h"
#include "service/case_actions.h"
#include "service/routing_models.h"
#include "service/staff_requests.h"
#include "service/suggestions.h"
#include "web/i18n.h"
#include "web/message_list.h"
#include "web/site.h"
#include "web/staff_pages.h"
#include "web/suggestion_pages.h"
#include "web/uploads.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using nlohmann::json;

// What a failed POST brings back to the page.
struct Posted {
  std::string action;  // the action tried ("" on a plain GET)
  std::vector<http::FieldError> errors;
  Form form;
};

std::string CaseHref(const std::string& reference) { return "/staff/cases/" + reference; }

std::optional<domain::CaseRecord> FindVisible(const WebContext& web, const service::Principal& who,
                                              std::string_view reference) {
  auto ref = domain::ParseReference(reference);
  auto record = ref ? web.app.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
  if (!record || !service::SeesEntity(who.actor, record->draft.entity)) return std::nullopt;
  return record;
}

std::string ActorName(const std::map<std::int64_t, std::string>& names, const std::string& actor,
                      domain::Language l) {
  if (actor == "citizen") return Text(l, "sf_by_citizen");
  if (actor == "system") return Text(l, "sf_by_system");
  if (actor.rfind("user:", 0) == 0) {
    try {
      auto it = names.find(std::stoll(actor.substr(5)));
      if (it != names.end()) return it->second;
    } catch (const std::exception&) {
    }
  }
  return actor;
}

data Option(const std::string& value, const std::string& label, bool selected) {
  data o;
  o.set("value", value);
  o.set("label", label);
  o.set("selected", selected);
  return o;
}

// The case's facts and clocks.
void SetFacts(const service::AppContext& ctx, domain::Language l, const std::string& zone,
              const domain::CaseRecord& r, domain::Instant now, data& d) {
  d.set("reference", r.reference);
  d.set("action_href", CaseHref(r.reference) + "/actions");
  d.set("subject", r.draft.subject);
  d.set("description", r.draft.description);
  d.set("status", Text(l, "sf_status_" + std::string(domain::ToString(r.status))));
  d.set("status_code", std::string(domain::ToString(r.status)));
  d.set("type", TypeText(l, r.draft.type));
  d.set("entity", EntityName(ctx, r.draft.entity, l));
  d.set("category", CategoryName(ctx, r.draft.category, l));
  d.set("channel", Text(l, "sf_channel_" + std::string(domain::ToString(r.draft.channel))));
  d.set("submitted", FormatDateTime(r.submitted_at, l, zone));
  d.set("first_response_due", FormatDateTime(r.first_response_due_at, l, zone));
  d.set("due", FormatDateTime(r.due_at, l, zone));
  if (r.first_response_at)
    d.set("first_response_at", FormatDateTime(*r.first_response_at, l, zone));
  const bool overdue = service::IsOverdue(r, now);
  d.set("overdue", overdue);
  d.set("near", !overdue && service::IsOverdue(r, now + std::chrono::hours(24)));
  d.set("paused", r.status == domain::CaseStatus::kAwaitingCitizen);
  d.set("cycle", FormatCount(r.cycle, l));
  d.set("extended", r.extended_this_cycle);
  if (r.rating) d.set("rating", FormatCount(*r.rating, l));
  if (!r.merged_into.empty()) {
    d.set("merged_into", r.merged_into);
    d.set("merged_href", CaseHref(r.merged_into));
  }
}

// Who holds the case and who may (active staff of its entity, not auditors); every user's
// display name by id goes into `names`, for the history.
void SetAssignees(const service::AppContext& ctx, domain::Language l, const domain::CaseRecord& r,
                  std::map<std::int64_t, std::string>& names, data& d) {
  list assignees;
  for (const auto& u : ctx.store.ListUsers()) {
    names[u.id] = u.name.empty() ? u.email : u.name;
    if (!u.active || u.entity != r.draft.entity || u.role == domain::Role::kAuditor) continue;
    assignees.push_back(Option(std::to_string(u.id), names[u.id], u.id == r.assignee_id));
  }
  d.set("assignee_options", assignees);
  auto assigned = names.find(r.assignee_id);
  d.set("assignee", assigned != names.end() ? assigned->second : Text(l, "sf_nobody"));
}

void SetContact(const service::Principal& who, const domain::CaseRecord& r, data& d) {
  // Masked for roles that need no contact (the auditor), hidden on anonymous cases from
  // entity staff (domain/contact_access.h).
  const auto access = domain::ContactAccessOf(who.actor, r.draft.anonymous);
  if (access != domain::ContactAccess::kNone) {
    const auto shown = domain::ContactAs(r.draft, access);
    data c;
    c.set("name", shown.name);
    c.set("email", shown.email);
    c.set("phone", shown.phone);
    d.set("contact", c);
  } else {
    d.set("anonymous", true);
  }
}

// Where the problem is, when the citizen gave coordinates: the place as typed, the coordinates
// (5 decimals, about a metre) and a link to open them on OpenStreetMap. Shown to everyone who may
// see the case, anonymous or not: staff need the place to act on it (docs/decisions.md).
void SetLocation(const domain::CaseRecord& r, data& d) {
  if (!r.draft.location) return;
  const auto& loc = *r.draft.location;
  char coords[64];
  std::snprintf(coords, sizeof coords, "%.5f, %.5f", loc.lat, loc.lon);
  char href[160];
  std::snprintf(href, sizeof href,
                "https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=17/%.5f/%.5f", loc.lat,
                loc.lon, loc.lat, loc.lon);
  data l;
  l.set("address", loc.address);
  l.set("coordinates", std::string(coords));
  l.set("map_href", std::string(href));
  d.set("location", l);
}

// A hint when the routing model is confident the case belongs in another category.
void SetRoutingHint(const service::AppContext& ctx, domain::Language l, const domain::CaseRecord& r,
                    data& d) {
  auto model = ctx.routing ? ctx.routing->Get() : nullptr;
  if (!model) return;
  auto top = model->model.Predict(r.draft.subject, r.draft.description, 1);
  if (top.empty() || top[0].category == r.draft.category ||
      !(top[0].confidence >= service::kMisroutedConfidence))
    return;
  std::string hint = Text(l, "sf_routing_hint");
  auto put = [&hint](const std::string& key, const std::string& value) {
    auto at = hint.find(key);
    if (at != std::string::npos) hint.replace(at, key.size(), value);
  };
  put("{{category}}", CategoryName(ctx, top[0].category, l));
  put("{{confidence}}", FormatPercent(top[0].confidence, l));
  d.set("routing_hint", hint);
}

void SetAttachments(const service::AppContext& ctx, domain::Language l, const domain::CaseRecord& r,
                    data& d) {
  list attachments;
  for (const auto& a : ctx.store.CaseAttachments(r.id)) {
    data item;
    item.set("name", a.file_name);
    item.set("href", CaseHref(r.reference) + "/attachments/" + std::to_string(a.id));
    item.set("type", a.media_type);
    item.set("size", FormatFileSize(a.size, l));
    attachments.push_back(item);
  }
  d.set("attachments", attachments);
  d.set("has_attachments", !attachments.empty());
}

// Response templates of the case's entity, in the citizen's language (the reply is theirs);
// "use" reloads the page with the template's text in the compose box (no script needed).
// Returns the text of the template asked for, if any.
std::string SetTemplates(const service::AppContext& ctx, domain::Language l,
                         const domain::CaseRecord& r, const http::Request& req, data& d) {
  const bool citizen_ar = r.draft.language == domain::Language::kArabic;
  std::string template_body;
  list templates;
  for (const auto& rt : ctx.store.ListResponseTemplates(r.draft.entity)) {
    data item;
    item.set("title", Ar(l) ? rt.title_ar : rt.title_en);
    item.set("href",
             CaseHref(r.reference) + "?template=" + std::to_string(rt.id) + "#form-compose");
    templates.push_back(item);
    if (req.QueryParam("template") == std::to_string(rt.id))
      template_body = citizen_ar ? rt.body_ar : rt.body_en;
  }
  d.set("templates", templates);
  d.set("has_templates", !templates.empty());
  return template_body;
}

list Timeline(const service::AppContext& ctx, domain::Language l, const std::string& zone,
              const domain::CaseRecord& r, const std::map<std::int64_t, std::string>& names) {
  list timeline;
  for (const auto& e : ctx.store.CaseEvents(r.id)) {
    data item;
    item.set("at", FormatDateTime(e.at, l, zone));
    const std::string kind(domain::KindName(e));
    std::string label = Text(l, "sf_ev_" + kind);
    item.set("kind", label.empty() ? kind : label);
    item.set("kind_code", kind);
    item.set("by", ActorName(names, e.actor, l));
    item.set("body", e.body);
    item.set("internal", !e.is_public);
    timeline.push_back(item);
  }
  return timeline;
}

// The forms the lifecycle allows now, with what a refused POST typed selected again.
void SetActionForms(const service::AppContext& ctx, domain::Language l,
                    const service::Principal& who, const domain::CaseRecord& r, domain::Instant now,
                    const Posted& posted, data& d) {
  auto available = domain::AvailableActions(domain::StateOf(r), who.actor, now);
  auto can = [&available](domain::ActionKind k) {
    return std::find(available.begin(), available.end(), k) != available.end();
  };
  using K = domain::ActionKind;
  list compose;
  const std::string posted_kind =
      posted.action.empty() ? std::string() : FormValue(posted.form, "action");
  for (K k : {K::kReply, K::kRequestInfo, K::kAnswer, K::kNote}) {
    if (!can(k)) continue;
    std::string name(domain::ToString(k));
    data o = Option(name, Text(l, "sf_act_" + name), posted_kind == name);
    o.set("id", "compose-" + name);
    compose.push_back(o);
  }
  d.set("compose_options", compose);
  d.set("can_compose", !compose.empty());
  d.set("can_assign", can(K::kAssign));
  d.set("can_reject", can(K::kReject));
  d.set("can_transfer", can(K::kTransfer));
  d.set("can_extend", can(K::kExtend));
  d.set("can_merge", can(K::kMerge));
  d.set("no_actions", available.empty());
  list reasons;
  for (auto reason : {"out_of_scope", "duplicate", "insufficient_information", "abusive", "other"})
    reasons.push_back(Option(reason, Text(l, std::string("sf_reject_") + reason),
                             FormValue(posted.form, "reason") == reason));
  d.set("reject_reasons", reasons);
  auto catalogue = ctx.catalogue.Get();
  list entities;
  for (const auto& e : catalogue->Entities()) {
    if (e.code == r.draft.entity) continue;
    entities.push_back(
        Option(e.code, Ar(l) ? e.name_ar : e.name_en, FormValue(posted.form, "entity") == e.code));
  }
  d.set("transfer_entities", entities);
}

// Possible duplicates, with a one-click merge of this case into one of them.
void SetSimilar(const service::AppContext& ctx, domain::Language l, const std::string& zone,
                const domain::CaseRecord& r, data& d) {
  list similar;
  if (r.status != domain::CaseStatus::kClosed) {
    for (const auto& hit : service::SimilarOpenCases(ctx, r)) {
      data s;
      s.set("reference", hit.record.reference);
      s.set("href", CaseHref(hit.record.reference));
      s.set("subject", hit.record.draft.subject);
      s.set("score", FormatPercent(hit.score, l));
      s.set("submitted", FormatDateTime(hit.record.submitted_at, l, zone));
      similar.push_back(s);
    }
  }
  d.set("similar", similar);
  d.set("no_similar", similar.empty());
}

// The outcome of the last action, and what a refused POST (or a chosen template) puts back in
// the forms.
void SetOutcome(domain::Language l, const http::Request& req, const Posted& posted,
                const std::string& template_body, data& d) {
  if (std::string done = req.QueryParam("done"); !done.empty()) d.set("done", Text(l, "sf_done"));
  if (std::string refused = req.QueryParam("refused"); !refused.empty()) {
    static const std::set<std::string> kKnown = {"conflict", "forbidden", "invalid", "unavailable"};
    d.set("refused", Text(l, "sf_refused_" + (kKnown.count(refused) ? refused : "invalid")));
  }
  if (posted.action.empty() && !template_body.empty()) {
    d.set("posted_compose", true);
    d.set("v_body", template_body);
  }
  if (!posted.action.empty()) {
    d.set("errors", StaffErrors(l, posted.errors, d));
    d.set("has_errors", !posted.errors.empty());
    d.set("posted_" + posted.action, true);
    d.set("v_body", FormValue(posted.form, "body"));
    d.set("v_reason", FormValue(posted.form, "reason"));
    d.set("v_into", FormValue(posted.form, "into"));
    d.set("v_working_days", FormValue(posted.form, "working_days"));
  }
}

http::Response RenderCase(const WebContext& web, const PageContext& pc,
                          const service::Principal& who, const domain::CaseRecord& r,
                          const http::Request& req, const Posted& posted, int status,
                          OutcomePosted outcome = {}) {
  const auto& ctx = web.app;
  const auto l = pc.language;
  const auto now = domain::Now();
  const auto zone = ctx.sla.Get()->calendar.Spec().time_zone;
  data d;
  SetFacts(ctx, l, zone, r, now, d);
  std::map<std::int64_t, std::string> names;
  SetAssignees(ctx, l, r, names, d);
  SetContact(who, r, d);
  SetLocation(r, d);
  SetRoutingHint(ctx, l, r, d);
  SetAttachments(ctx, l, r, d);
  const std::string template_body = SetTemplates(ctx, l, r, req, d);
  d.set("timeline", Timeline(ctx, l, zone, r, names));
  SetCaseMessages(d, web, r.reference, l, zone, false,
                  domain::CanSeeCitizenIdentity(who.actor, r.draft.anonymous));
  SetActionForms(ctx, l, who, r, now, posted, d);
  SetSimilar(ctx, l, zone, r, d);
  SetOutcome(l, req, posted, template_body, d);
  if (req.QueryParam("outcome") == "done") outcome.done = "1";
  SetStaffOutcome(l, who, r, ctx.store.CaseEvents(r.id), outcome, d);
  auto response = RenderPage(pc, "staff_case", d, "sf_case_title", status);
  response.Set("Cache-Control", "no-store");
  return response;
}

void ShowCase(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return;
  auto record = FindVisible(web, *who, req.PathParam("reference"));
  if (!record) return reply(ErrorPage(pc, 404, "sf_not_found", "/staff/"));
  reply(RenderCase(web, pc, *who, *record, req, {}, 200));
}

// The form group an action's errors are shown in.
std::string FormOf(const std::string& action) {
  if (action == "reply" || action == "note" || action == "request_info" || action == "answer")
    return "compose";
  return action;
}

void PostAction(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return;
  auto record = FindVisible(web, *who, req.PathParam("reference"));
  if (!record) return reply(ErrorPage(pc, 404, "sf_not_found", "/staff/"));
  const std::string href = CaseHref(record->reference);
  if (!CheckCsrf(pc, req, form, reply, href)) return;

  // The form, as the JSON body the API takes: empty fields are absent.
  json body = json::object();
  for (const char* key : {"action", "body", "reason", "entity", "into", "assignee"}) {
    std::string v = FormValue(form, key);
    if (!v.empty()) body[key] = v;
  }
  if (std::string days = FormValue(form, "working_days"); !days.empty()) {
    if (days.size() <= 4 && days.find_first_not_of("0123456789") == std::string::npos)
      body["working_days"] = std::stoi(days);
    else
      body["working_days"] = days;  // reported as invalid by the shared parser
  }
  domain::Action action;
  auto errors = service::ParseStaffActionBody(web.app, *who, body, action);
  if (!errors.empty()) {
    Posted posted{FormOf(FormValue(form, "action")), std::move(errors), std::move(form)};
    return reply(RenderCase(web, pc, *who, *record, req, posted, 422));
  }
  const std::string name(domain::ToString(action.kind));
  service::ApplyCaseAction(web.app, record->reference, who->actor, action,
                           [href, name, reply, actor = who->actor](service::ActionOutcome o) {
                             if (!o.found) return reply(Redirect("/staff/"));
                             if (!o.stored) return reply(Redirect(href + "?refused=unavailable"));
                             switch (o.decision.outcome) {
                               case domain::Outcome::kOk:
                                 // A case transferred out of the entity is no longer ours to show.
                                 if (!service::SeesEntity(actor, o.record.draft.entity))
                                   return reply(Redirect("/staff/?done=" + name));
                                 return reply(Redirect(href + "?done=" + name));
                               case domain::Outcome::kForbidden:
                                 return reply(Redirect(href + "?refused=forbidden"));
                               case domain::Outcome::kConflict:
                                 return reply(Redirect(href + "?refused=conflict"));
                               default:
                                 return reply(Redirect(href + "?refused=invalid"));
                             }
                           });
}

// The outcome form of a suggestion (domain/suggestion_outcome.h), as the JSON body the API takes
// (service::ParseOutcomeJson): empty fields are absent. Refusals re-render the page with the
// fields kept and an error summary naming them (422, or 409 for a stage that may not follow);
// a recording redirects back with ?outcome=done.
void PostOutcome(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return;
  auto record = FindVisible(web, *who, req.PathParam("reference"));
  if (!record) return reply(ErrorPage(pc, 404, "sf_not_found", "/staff/"));
  const std::string href = CaseHref(record->reference);
  if (!CheckCsrf(pc, req, form, reply, href)) return;
  json body = json::object();
  for (const char* key : {"stage", "reason", "summary"}) {
    if (auto v = GivenValue(form, key)) body[key] = *v;
  }
  // The form keeps the current progress filled in; it goes with the in-progress stage only (the
  // API, stricter, refuses a progress given with any other stage).
  auto progress = GivenValue(form, "progress");
  if (FormValue(form, "stage") != "in_progress") progress.reset();
  if (progress) {
    if (progress->size() <= 3 && progress->find_first_not_of("0123456789") == std::string::npos)
      body["progress"] = std::stoi(*progress);
    else
      body["progress"] = *progress;  // reported as invalid by the shared parser
  }
  auto date = GivenValue(form, "milestone_date");
  auto text = GivenValue(form, "milestone_text");
  if (date || text) {
    body["milestone"] = json::object();
    if (date) body["milestone"]["date"] = *date;
    if (text) body["milestone"]["text"] = *text;
  }
  domain::OutcomeRequest request;
  auto errors = service::ParseOutcomeJson(body, request);
  if (!errors.empty()) {
    return reply(RenderCase(web, pc, *who, *record, req, {}, 422,
                            OutcomePosted{std::move(form), std::move(errors), ""}));
  }
  service::RecordSuggestionOutcome(
      web.app, record->reference, who->actor, request,
      [&web, pc, principal = *who, href, req, form = std::move(form),
       reply](service::OutcomeResult o) mutable {
        if (!o.found) return reply(Redirect("/staff/"));
        if (!o.stored) return reply(Redirect(href + "?refused=unavailable"));
        const auto& d = o.decision;
        switch (d.outcome) {
          case domain::Outcome::kOk:
            return reply(Redirect(href + "?outcome=done#suggestion-outcome"));
          case domain::Outcome::kNotFound:
            return reply(ErrorPage(pc, 404, "sf_not_found", "/staff/"));
          case domain::Outcome::kForbidden:
            return reply(Redirect(href + "?refused=forbidden"));
          default: {
            OutcomePosted posted{std::move(form), {{d.field, d.code, d.code}}, ""};
            const int status = d.outcome == domain::Outcome::kConflict ? 409 : 422;
            return reply(
                RenderCase(web, pc, principal, o.record, req, {}, status, std::move(posted)));
          }
        }
      });
}

}  // namespace

void RegisterStaffCasePage(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/staff/cases/{reference}",
             [&web](const http::Request& req, http::Reply reply) {
               ShowCase(web, req, std::move(reply));
             });
  router.Add(http::Method::kPost, "/staff/cases/{reference}/actions",
             [&web](const http::Request& req, http::Reply reply) {
               PostAction(web, req, std::move(reply));
             });
  router.Add(http::Method::kPost, "/staff/cases/{reference}/outcome",
             [&web](const http::Request& req, http::Reply reply) {
               PostOutcome(web, req, std::move(reply));
             });
}

}  // namespace tawasul::web
