// The satisfaction surveys' administration (docs/surveys.md):
//
//   GET  /admin/surveys                        results of the survey after each case per entity
//                                              and category; the questionnaires (version, window,
//                                              quota); the import form
//   GET  /admin/surveys.csv                    the same figures as CSV (aggregates only)
//   GET  /admin/surveys/questionnaires.jsonl   every questionnaire's latest version, one a line
//   POST /admin/surveys/questionnaires         csrf, jsonl: import (each a new version)
//
// Invariants: no page or file here shows a single response or its free text; groups under
// domain::kMinSurveyGroup responses show their count only. Questionnaires are edited as JSON Lines
// (export, change, import) rather than in a form editor (docs/decisions.md 2026-12-07); a faulty
// line re-renders the page with the line and question named, and nothing is saved.

#include "domain/time.h"
#include "service/admin_log.h"
#include "service/surveys.h"
#include "web/admin_pages.h"
#include "web/charts.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

std::string WindowText(const service::AppContext& ctx, const domain::Questionnaire& q,
                       domain::Language l) {
  if (q.opens_at == 0 && q.closes_at == 0) return Text(l, "sv_adm_no_limit");
  const std::string zone = ctx.sla.Get()->calendar.Spec().time_zone;
  auto at = [&](std::int64_t s) {
    return s == 0 ? std::string("…")
                  : FormatDateTime(domain::Instant(std::chrono::seconds(s)), l, zone);
  };
  return at(q.opens_at) + " – " + at(q.closes_at);
}

http::Response Overview(const WebContext& web, const PageContext& pc, bool can_write,
                        const std::vector<std::string>& import_errors, const std::string& typed,
                        const std::string& result, int status) {
  const auto l = pc.language;
  data d;
  list groups;
  for (const auto& f : service::AfterCaseFigures(web.app)) {
    data g;
    g.set("entity", EntityName(web.app, f.entity, l));
    g.set("entity_code", f.entity);
    g.set("category", f.category.empty() ? Text(l, "sv_adm_all_categories")
                                         : CategoryName(web.app, f.category, l));
    g.set("whole_entity", f.category.empty());
    g.set("responses", FormatCount(f.responses, l));
    g.set("shown", f.shown);
    if (f.shown) {
      g.set("mean", f.satisfaction_answers > 0 ? FormatDecimal(f.mean_satisfaction, 2, l) : "—");
      g.set("nps", f.nps_answers > 0 ? FormatDecimal(f.nps, 0, l) : "—");
      g.set("on_time", f.on_time_answers > 0 ? FormatPercent(f.on_time_share, l) : "—");
    }
    groups.push_back(g);
  }
  d.set("has_groups", !groups.empty());
  d.set("groups", groups);
  list questionnaires;
  auto all = web.app.store.Surveys().LatestQuestionnaires();
  bool has_after_case = false;
  for (const auto& q : all) has_after_case = has_after_case || q.code == domain::kAfterCaseSurvey;
  if (!has_after_case) all.insert(all.begin(), domain::DefaultAfterCaseQuestionnaire());
  for (const auto& q : all) {
    data item;
    item.set("code", q.code);
    item.set("title", Ar(l) ? q.title_ar : q.title_en);
    item.set("version", FormatCount(q.version, l));
    item.set("questions", FormatCount(static_cast<std::int64_t>(q.questions.size()), l));
    item.set("window", WindowText(web.app, q, l));
    item.set("quota", q.quota == 0 ? Text(l, "sv_adm_no_limit") : FormatCount(q.quota, l));
    questionnaires.push_back(item);
  }
  d.set("questionnaires", questionnaires);
  list errors;
  for (const auto& e : import_errors) {
    data item;
    item.set("field", "jsonl");
    item.set("message", e);
    errors.push_back(item);
  }
  d.set("errors", errors);
  d.set("has_errors", !import_errors.empty());
  d.set("v_jsonl", typed);
  d.set("can_write", can_write);
  if (!result.empty()) d.set("result", result);
  return RenderPage(pc, "admin_surveys", d, "sv_adm_title", status);
}

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  std::string result;
  if (req.QueryParam("done") == "imported") result = Text(pc.language, "sv_adm_imported");
  reply(Overview(web, pc, CanWrite(*who), {}, "", result, 200));
}

void Csv(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (!RequireAdmin(web, req, pc, reply, false)) return;
  http::Response r;
  r.body = service::SurveyFiguresCsv(service::AfterCaseFigures(web.app));
  r.Set("Content-Type", "text/csv; charset=utf-8");
  r.Set("Content-Disposition", "attachment; filename=\"tawasul-surveys.csv\"");
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void Export(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (!RequireAdmin(web, req, pc, reply, false)) return;
  http::Response r;
  r.body = service::ExportQuestionnaires(web.app);
  r.Set("Content-Type", "application/jsonl; charset=utf-8");
  r.Set("Content-Disposition", "attachment; filename=\"tawasul-questionnaires.jsonl\"");
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void Import(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/surveys")) return;
  const std::string text = FormValue(form, "jsonl");
  auto errors = service::ImportQuestionnaires(web.app, text);
  if (!errors.empty()) return reply(Overview(web, pc, true, errors, text, "", 422));
  service::RecordAdminChange(web.app, who->actor, "survey", "change", "questionnaires",
                             nlohmann::json{{"bytes", text.size()}});
  reply(Redirect("/admin/surveys?done=imported"));
}

}  // namespace

void RegisterAdminSurveyPages(http::Router& router, const WebContext& web) {
  using http::Method;
  using http::Reply;
  using http::Request;
  router.Add(Method::kGet, "/admin/surveys",
             [&web](const Request& req, Reply reply) { Show(web, req, reply); });
  router.Add(Method::kGet, "/admin/surveys.csv",
             [&web](const Request& req, Reply reply) { Csv(web, req, reply); });
  router.Add(Method::kGet, "/admin/surveys/questionnaires.jsonl",
             [&web](const Request& req, Reply reply) { Export(web, req, reply); });
  router.Add(Method::kPost, "/admin/surveys/questionnaires",
             [&web](const Request& req, Reply reply) { Import(web, req, reply); });
}

}  // namespace tawasul::web
