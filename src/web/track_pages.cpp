// The citizen's case page, its action forms and attachment downloads; see track_pages.h.
//
// Routes (RegisterTrackPages):
//   POST /track/reply   reference, track_token | access_code, body, csrf
//   POST /track/rate    reference, track_token | access_code, score (1..5), comment, csrf
//   POST /track/reopen  reference, track_token | access_code, reason, csrf
//   GET  /track/{reference}/attachments/{id}?t=TOKEN     (citizen; token from the case page)
//   GET  /staff/cases/{reference}/attachments/{id}       (staff of the entity, admin, auditor)
// The actions go through the same code as the JSON citizen actions (service::BuildCitizenAction and
// service::ApplyCaseAction). Every failure to identify the case is the same 404 as a wrong code.

#include "web/track_pages.h"

#include <chrono>

#include "domain/case_token.h"
#include "domain/reference.h"
#include "domain/time.h"
#include "http/problem.h"
#include "service/attachments.h"
#include "service/case_actions.h"
#include "service/case_service.h"
#include "service/citizen_lookup.h"
#include "store/survey_store.h"
#include "web/i18n.h"
#include "web/message_list.h"
#include "web/site.h"
#include "web/suggestion_pages.h"
#include "web/uploads.h"

namespace tawasul::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

std::int64_t NowUnix() { return domain::Now().time_since_epoch().count(); }

bool CanDo(const domain::CaseRecord& r, domain::ActionKind kind) {
  domain::Actor citizen;
  citizen.role = domain::Role::kCitizen;
  domain::Action a;
  a.kind = kind;
  a.score = 5;
  a.body = "?";
  return domain::Decide(domain::StateOf(r), citizen, a, domain::Now()).outcome ==
         domain::Outcome::kOk;
}

std::string MessageFor(domain::Language lang, const std::string& code) {
  return ErrorText(lang, code);
}

}  // namespace

http::Response CasePage(const WebContext& web, const PageContext& pc,
                        const domain::CaseRecord& record,
                        const std::vector<domain::CaseEvent>& events, const CaseNotice& notice,
                        int status) {
  const service::AppContext& ctx = web.app;
  const auto lang = pc.language;
  const std::string zone = ctx.sla.Get()->calendar.Spec().time_zone;
  const std::int64_t now = NowUnix();
  data c;
  c.set("reference", record.reference);
  c.set("track_token", domain::MakeCaseToken(ctx.pepper, "act", record.reference, "", now));
  c.set("subject", record.draft.subject);
  c.set("description", record.draft.description);
  c.set("status", StatusText(lang, record.status));
  c.set("status_code", std::string(domain::ToString(record.status)));
  c.set("type", TypeText(lang, record.draft.type));
  c.set("entity", EntityName(ctx, record.draft.entity, lang));
  c.set("category", record.draft.category.empty() ? std::string()
                                                  : CategoryName(ctx, record.draft.category, lang));
  c.set("submitted_at", FormatDateTime(record.submitted_at, lang, zone));
  c.set("first_response_due", FormatDateTime(record.first_response_due_at, lang, zone));
  c.set("due_at", FormatDateTime(record.due_at, lang, zone));
  list timeline;
  for (const auto& e : events) {
    if (!e.is_public) continue;
    data item;
    item.set("at", FormatDateTime(e.at, lang, zone));
    const std::string kind(domain::KindName(e));
    std::string label = Text(lang, "event_" + kind);
    item.set("kind", label.empty() ? kind : label);
    std::string by = e.actor == "citizen"  ? "by_citizen"
                     : e.actor == "system" ? "by_system"
                                           : "by_entity";
    item.set("by", Text(lang, by));
    item.set("body", e.body);
    timeline.push_back(item);
  }
  c.set("timeline", timeline);
  SetTrackOutcome(lang, record, events, c);
  SetCaseMessages(c, web, record.reference, lang, zone, true);
  list attachments;
  for (const auto& a : ctx.store.CaseAttachments(record.id)) {
    data item;
    const std::string id = std::to_string(a.id);
    item.set("name", a.file_name);
    item.set("size", FormatFileSize(a.size, lang));
    item.set("type",
             a.media_type == "application/pdf" ? std::string("PDF") : Text(lang, "cz_image"));
    item.set("href", "/track/" + record.reference + "/attachments/" + id + "?t=" +
                         domain::MakeCaseToken(ctx.pepper, "dl", record.reference, id, now));
    attachments.push_back(item);
  }
  c.set("has_attachments", !attachments.empty());
  c.set("attachments", attachments);
  const bool can_reply = record.status == domain::CaseStatus::kAwaitingCitizen;
  const bool can_rate = CanDo(record, domain::ActionKind::kRate);
  const bool can_reopen = CanDo(record, domain::ActionKind::kReopen);
  c.set("can_reply", can_reply);
  c.set("can_rate", can_rate);
  c.set("can_reopen", can_reopen);
  c.set("has_actions", can_reply || can_rate || can_reopen);
  // The survey after each case (docs/surveys.md): offered while its link is unused and valid.
  c.set("survey_pending", ctx.store.Surveys().SurveyPending(record.id, now));
  std::string typed_score = FormValue(notice.typed, "score");
  list scores;
  for (int i = 1; i <= 5; ++i) {
    data s;
    s.set("value", std::to_string(i));
    s.set("label", Text(lang, "cz_score_" + std::to_string(i)));
    s.set("checked", typed_score == std::to_string(i));
    scores.push_back(s);
  }
  c.set("scores", scores);
  for (const char* f : {"body", "comment", "reason"}) {
    c.set(std::string("v_") + f, FormValue(notice.typed, f));
  }
  for (const auto& [field, message] : notice.field_errors) c.set("err_" + field, message);
  if (!notice.success.empty()) c.set("success", notice.success);
  if (!notice.action_error.empty()) c.set("action_error", notice.action_error);
  auto r = RenderPage(pc, "case", c, "track_title", status);
  r.Set("Cache-Control", "no-store");
  r.Set("Referrer-Policy", "no-referrer");
  return r;
}

namespace {

// The case named by the form, when its token (or access code) is right.
std::optional<domain::CaseRecord> Authorize(const WebContext& web, const Form& form) {
  const std::string code = FormValue(form, "access_code");
  if (!code.empty())
    return service::FindCaseForCitizen(web.app, FormValue(form, "reference"), code);
  auto ref = domain::ParseReference(FormValue(form, "reference"));
  if (!ref) return std::nullopt;
  auto record = web.app.store.FindCase(domain::FormatReference(*ref));
  if (!record || !domain::VerifyCaseToken(web.app.pepper, FormValue(form, "track_token"), "act",
                                          record->reference, "", NowUnix())) {
    return std::nullopt;
  }
  return record;
}

void Action(const WebContext& web, const http::Request& req, http::Reply reply,
            domain::ActionKind kind) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/track")) return;
  data d;
  d.set("v_reference", FormValue(form, "reference"));
  auto found = service::CitizenLookup(web.app, web.lookups).Guard(req.remote_address, [&] {
    return Authorize(web, form);
  });
  if (found.kind == service::LookupOutcome::Kind::kLimited) {
    d.set("error", Text(pc.language, "track_rate_limited"));
    auto r = RenderPage(pc, "track", d, "track_title", 429);
    r.Set("Retry-After", std::to_string(found.retry_after));
    return reply(std::move(r));
  }
  if (found.kind == service::LookupOutcome::Kind::kNotFound) {
    d.set("error", Text(pc.language, "track_not_found"));
    return reply(RenderPage(pc, "track", d, "track_title", 404));
  }
  auto& record = found.record;
  const char* text_key = service::CitizenTextField(kind);
  std::optional<std::string> text = FormValue(form, text_key);
  std::optional<std::int64_t> score;
  if (kind == domain::ActionKind::kRate) {
    std::string s = FormValue(form, "score");
    if (s.size() == 1 && s[0] >= '0' && s[0] <= '9') score = s[0] - '0';
  }
  domain::Action action;
  auto errors = service::BuildCitizenAction(kind, text, score, action);
  CaseNotice notice;
  notice.typed = form;
  if (!errors.empty()) {
    for (const auto& e : errors) notice.field_errors[e.field] = MessageFor(pc.language, e.code);
    auto events = web.app.store.CaseEvents(record->id);
    return reply(CasePage(web, pc, *record, events, notice, 422));
  }
  domain::Actor citizen;
  citizen.role = domain::Role::kCitizen;
  service::ApplyCaseAction(
      web.app, record->reference, citizen, action,
      [&web, pc, notice, reply, kind, rid = req.request_id](service::ActionOutcome o) mutable {
        if (!o.found) return reply(ErrorPage(pc, 404, "track_not_found", "/track"));
        if (!o.stored && o.overloaded) {
          auto r = ErrorPage(pc, 503, "busy", "/track");
          r.Set("Retry-After", "5");
          return reply(std::move(r));
        }
        if (!o.stored) return reply(ErrorPage(pc, 500, "cz_change_not_stored", "/track"));
        if (o.decision.outcome != domain::Outcome::kOk) {
          notice.action_error = Text(pc.language, "cz_action_refused");
          int status = o.decision.outcome == domain::Outcome::kInvalid ? 422 : 409;
          return reply(CasePage(web, pc, o.record, o.events, notice, status));
        }
        CaseNotice done;
        done.success = Text(pc.language, kind == domain::ActionKind::kRate     ? "cz_rated"
                                         : kind == domain::ActionKind::kReopen ? "cz_reopened"
                                                                               : "cz_replied");
        reply(CasePage(web, pc, o.record, o.events, done));
      });
}

void CitizenDownload(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto ref = domain::ParseReference(req.PathParam("reference"));
  auto record = ref ? web.app.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
  const std::string id(req.PathParam("id"));
  std::optional<store::AttachmentRow> row;
  if (record && domain::VerifyCaseToken(web.app.pepper, req.QueryParam("t"), "dl",
                                        record->reference, id, NowUnix())) {
    row = service::FindAttachment(web.app, record->id, id);
  }
  if (!row) return reply(ErrorPage(pc, 404, "cz_link_expired", "/track"));
  reply(service::AttachmentResponse(web.app, *row, req.request_id));
}

void StaffDownload(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return;
  auto ref = domain::ParseReference(req.PathParam("reference"));
  auto record = ref ? web.app.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
  const auto& a = who->actor;
  // The staff API's rule (api/staff.cpp): own entity, or a central administrator or auditor.
  if (record && !(a.role == domain::Role::kAdmin || a.role == domain::Role::kAuditor ||
                  a.entity == record->draft.entity)) {
    record.reset();
  }
  auto row =
      record ? service::FindAttachment(web.app, record->id, req.PathParam("id")) : std::nullopt;
  if (!row) return reply(ErrorPage(pc, 404, "not_found_page", "/staff/"));
  reply(service::AttachmentResponse(web.app, *row, req.request_id));
}

}  // namespace

void RegisterTrackPages(http::Router& router, const WebContext& web) {
  using http::Method;
  auto action = [&web](domain::ActionKind kind) {
    return [&web, kind](const http::Request& req, http::Reply reply) {
      Action(web, req, std::move(reply), kind);
    };
  };
  router.Add(Method::kPost, "/track/reply", action(domain::ActionKind::kCitizenReply));
  router.Add(Method::kPost, "/track/rate", action(domain::ActionKind::kRate));
  router.Add(Method::kPost, "/track/reopen", action(domain::ActionKind::kReopen));
  router.Add(Method::kGet, "/track/{reference}/attachments/{id}",
             [&web](const http::Request& req, http::Reply reply) {
               CitizenDownload(web, req, std::move(reply));
             });
  router.Add(Method::kGet, "/staff/cases/{reference}/attachments/{id}",
             [&web](const http::Request& req, http::Reply reply) {
               StaffDownload(web, req, std::move(reply));
             });
}

}  // namespace tawasul::web
