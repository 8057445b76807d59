// Suggestions carried to the end (issue 19, item 2): the outcome block of the staff case page and
// of the tracking page, and the public page /suggestions ("اقترحت، فنفّذنا" — "You suggested, we
// did").
//
// Invariants:
//  * The outcome shown is domain::OutcomeOf(history): the same fold the store's read model and
//    the JSON views use.
//  * The staff form offers only the stages that may follow now (domain::NextStages), and only to
//    the agents and supervisors of the case's entity; the domain still decides on the stored row.
//    Its error summary names each field and links to it.
//  * /suggestions shows implemented suggestions only, from the read model: entity, category, the
//    dates and the summary staff wrote for the public. Never the citizen's text, name or contact,
//    never the reference.

#include "web/suggestion_pages.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "domain/suggestion_outcome.h"
#include "service/suggestions.h"
#include "web/charts.h"
#include "web/i18n.h"
#include "web/render.h"
#include "web/site.h"

namespace tawasul::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

std::string StageText(domain::Language l, std::optional<domain::SuggestionStage> stage) {
  return Text(l, "sg_stage_" + (stage ? std::string(domain::ToString(*stage)) : "none"));
}

// The link to the form control a field's error is about.
std::string ControlHref(const std::string& field) {
  if (field == "stage") return "#outcome-stage";
  if (field == "progress") return "#outcome-progress";
  if (field == "milestone" || field == "milestone.date") return "#outcome-milestone-date";
  if (field == "milestone.text") return "#outcome-milestone-text";
  if (field == "reason") return "#outcome-reason";
  if (field == "summary") return "#outcome-summary";
  return "#form-outcome";
}

// The outcome so far: stage, progress and milestones.
void SetOutcomeFacts(domain::Language l, const domain::SuggestionOutcome& o, data& s) {
  s.set("stage", StageText(l, o.stage));
  s.set("stage_code", o.stage ? std::string(domain::ToString(*o.stage)) : std::string("none"));
  const bool show_progress = o.stage == domain::SuggestionStage::kInProgress ||
                             o.stage == domain::SuggestionStage::kImplemented;
  s.set("show_progress", show_progress);
  s.set("progress", FormatPercent(o.progress / 100.0, l));
  s.set("progress_value", std::to_string(o.progress));
  list milestones;
  for (const auto& m : o.milestones) {
    data item;
    item.set("date", DateLabel(m.date, l));
    item.set("text", m.text);
    milestones.push_back(item);
  }
  s.set("has_milestones", !milestones.empty());
  s.set("milestones", milestones);
  if (!o.reason.empty()) s.set("reason", o.reason);
  if (!o.summary.empty()) s.set("summary", o.summary);
}

}  // namespace

void SetStaffOutcome(domain::Language l, const service::Principal& who, const domain::CaseRecord& r,
                     const std::vector<domain::CaseEvent>& events, const OutcomePosted& posted,
                     data& d) {
  if (r.draft.type != domain::CaseType::kSuggestion) return;
  const auto outcome = domain::OutcomeOf(events);
  data s;
  SetOutcomeFacts(l, outcome, s);
  const bool staff_of_entity =
      (who.actor.role == domain::Role::kAgent || who.actor.role == domain::Role::kSupervisor) &&
      who.actor.entity == r.draft.entity;
  const auto next = domain::NextStages(outcome.stage);
  s.set("can_record", staff_of_entity && !next.empty());
  s.set("final", next.empty());
  s.set("outcome_href", "/staff/cases/" + r.reference + "/outcome");
  const std::string typed_stage = FormValue(posted.form, "stage");
  list stages;
  for (auto stage : next) {
    const std::string code(domain::ToString(stage));
    data o;
    o.set("value", code);
    o.set("label", StageText(l, stage));
    o.set("selected", typed_stage == code);
    stages.push_back(o);
  }
  s.set("next_stages", stages);
  for (const char* f : {"progress", "milestone_date", "milestone_text", "reason", "summary"}) {
    s.set(std::string("v_") + f, FormValue(posted.form, f));
  }
  if (posted.form.empty() && outcome.stage == domain::SuggestionStage::kInProgress) {
    s.set("v_progress", std::to_string(outcome.progress));
  }
  list errors;
  for (const auto& e : posted.errors) {
    std::string message = Text(l, "sg_err_" + e.code);
    if (message.empty()) message = Text(l, "sg_err_invalid");
    std::string field_key = e.field;
    std::replace(field_key.begin(), field_key.end(), '.', '_');
    const std::string labelled = Text(l, "sg_field_" + field_key) + ": " + message;
    s.set("err_" + field_key, labelled);
    data item;
    item.set("href", ControlHref(e.field));
    item.set("message", labelled);
    errors.push_back(item);
  }
  s.set("has_errors", !errors.empty());
  s.set("errors", errors);
  if (!posted.done.empty()) s.set("done", Text(l, "sg_done"));
  d.set("suggestion", s);
}

void SetTrackOutcome(domain::Language l, const domain::CaseRecord& r,
                     const std::vector<domain::CaseEvent>& events, data& d) {
  if (r.draft.type != domain::CaseType::kSuggestion) return;
  data s;
  SetOutcomeFacts(l, domain::OutcomeOf(events), s);
  d.set("suggestion", s);
}

namespace {

void SuggestionsPage(const WebContext& web, const http::Request& req, http::Reply reply) {
  const service::AppContext& ctx = web.app;
  auto pc = MakeContext(ctx, req);
  const auto l = pc.language;
  auto catalogue = ctx.catalogue.Get();
  const std::string entity = req.QueryParam("entity");
  const auto* entity_row = entity.empty() ? nullptr : catalogue->FindEntity(entity);
  if (!entity.empty() && !entity_row) {
    reply(ErrorPage(pc, 404, "st_unknown_entity", "/suggestions"));
    return;
  }
  const auto now = domain::Now();
  const auto report = service::MakeSuggestionsReport(ctx, entity, now);
  const auto& calendar = ctx.sla.Get()->calendar;
  data d;
  list entities;
  for (const auto& e : catalogue->Entities()) {
    data o;
    o.set("value", e.code);
    o.set("label", Ar(l) ? e.name_ar : e.name_en);
    o.set("selected", e.code == entity);
    entities.push_back(o);
  }
  d.set("entities", entities);
  if (entity_row) d.set("entity_name", Ar(l) ? entity_row->name_ar : entity_row->name_en);
  const auto& n = report.counts;
  d.set("received", FormatCount(report.received, l));
  d.set("accepted", FormatCount(n.accepted, l));
  d.set("implemented_count", FormatCount(n.implemented, l));
  d.set("declined", FormatCount(n.declined, l));
  if (n.median_seconds) {
    const double days = std::round(static_cast<double>(*n.median_seconds) / 8640.0) / 10.0;
    d.set("median_days", FormatCount(static_cast<std::int64_t>(std::llround(days)), l));
  }
  list items;
  for (const auto& s : report.implemented) {
    data item;
    item.set("entity", EntityName(ctx, s.entity, l));
    item.set("category", s.category.empty() ? std::string() : CategoryName(ctx, s.category, l));
    item.set("suggested_on", DateLabel(calendar.LocalDateOf(s.submitted_at), l));
    item.set("implemented_on", DateLabel(calendar.LocalDateOf(s.implemented_at), l));
    item.set("summary", s.summary);
    items.push_back(item);
  }
  d.set("items", items);
  d.set("empty", items.empty());
  d.set("json_href",
        "/api/v1/suggestions" + (entity.empty() ? "" : "?entity=" + UrlEncode(entity)));
  reply(RenderPage(pc, "suggestions", d, "sg_title"));
}

}  // namespace

void RegisterSuggestionPages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/suggestions",
             [&web](const http::Request& req, http::Reply reply) {
               SuggestionsPage(web, req, std::move(reply));
             });
}

}  // namespace tawasul::web
