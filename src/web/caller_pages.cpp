// A case for a caller or a visitor (issue 15, docs/notifications.md "Cases by phone and at the
// counter"): the call centre, administrators and an entity's agents and supervisors enter what
// the citizen tells them.
//
//   GET  /staff/caller     the form
//   POST /staff/caller     validate (the same validator as every submission, as staff: channel
//                          phone or counter, no contact required) and store; the answer shows
//                          the reference and the access code to read out, and says whether a
//                          message carrying them is on its way
//
// The case's history names the staff member (the received event's actor is "user:<id>"); its
// clocks start as for any case. Errors are shown next to their fields with a summary (422) and
// nothing is stored.

#include <nlohmann/json.hpp>

#include "domain/intake.h"
#include "domain/lifecycle.h"
#include "domain/notifications.h"
#include "service/case_service.h"
#include "web/i18n.h"
#include "web/site.h"
#include "web/staff_pages.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

// The submission the form's fields make; a case entered for a caller is by phone unless the
// form says otherwise.
domain::SubmissionInput CallerInput(const Form& form) {
  domain::SubmissionInput in = FormSubmission(form);
  in.channel = GivenValue(form, "channel").value_or("phone");
  return in;
}

list Options(domain::Language l, const std::vector<std::pair<std::string, std::string>>& items,
             const std::string& selected) {
  list out;
  for (const auto& [value, key] : items) {
    data o;
    o.set("value", value);
    o.set("label", Text(l, key));
    o.set("selected", value == selected);
    out.push_back(o);
  }
  return out;
}

// The form with `form`'s values (empty: a fresh form) and `errors` by field.
http::Response FormPage(const WebContext& web, const PageContext& pc, const Form& form,
                        const std::vector<domain::FieldError>& errors, int status) {
  const auto l = pc.language;
  data d;
  std::string channel = FormValue(form, "channel");
  d.set("channel_options",
        Options(l, {{"phone", "cc_channel_phone"}, {"counter", "cc_channel_counter"}},
                channel.empty() ? "phone" : channel));
  d.set("type_options", TypeOptions(l, FormValue(form, "type")));
  auto catalogue = web.app.catalogue.Get();
  list categories;
  const std::string category = FormValue(form, "category");
  for (const auto& c : catalogue->Categories()) {
    data o;
    o.set("value", c.code);
    o.set("label", EntityName(web.app, c.entity, l) + " — " + (Ar(l) ? c.name_ar : c.name_en));
    o.set("selected", c.code == category);
    categories.push_back(o);
  }
  d.set("category_options", categories);
  d.set("notify_options", Options(l,
                                  {{"", "cc_notify_auto"},
                                   {"sms", "cc_notify_sms"},
                                   {"email", "cc_notify_email"},
                                   {"none", "cc_notify_none"}},
                                  FormValue(form, "notify")));
  for (const char* f : {"subject", "description", "name", "email", "phone"}) {
    d.set(std::string("v_") + f, FormValue(form, f));
  }
  d.set("anonymous_checked", FormValue(form, "anonymous") == "on");
  list summary;
  for (const auto& e : errors) {
    std::string field = e.field.starts_with("contact.") ? e.field.substr(8) : e.field;
    if (field.empty()) field = "subject";
    std::string message = Text(l, "cc_field_" + field);
    message += ": " + StaffFieldError(l, e.code);
    d.set("err_" + field, message);
    data item;
    item.set("field", field);
    item.set("message", message);
    summary.push_back(item);
  }
  d.set("errors", summary);
  d.set("has_errors", !errors.empty());
  return RenderPage(pc, "caller_case", d, "cc_title", status);
}

std::optional<service::Principal> RequireCaller(const WebContext& web, const http::Request& req,
                                                PageContext& pc, const http::Reply& reply) {
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return std::nullopt;
  if (!domain::MayEnterCasesForCallers(who->actor.role)) {
    reply(ErrorPage(pc, 403, "cc_forbidden", "/staff/"));
    return std::nullopt;
  }
  return who;
}

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (!RequireCaller(web, req, pc, reply)) return;
  reply(FormPage(web, pc, {}, {}, 200));
}

void Create(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireCaller(web, req, pc, reply);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/staff/caller")) return;
  domain::IntakeContext intake;
  auto catalogue = web.app.catalogue.Get();
  intake.catalogue = catalogue.get();
  intake.caller_is_staff = true;
  intake.staff_id = who->user.id;
  const WebContext* w = &web;
  service::SubmitCase(
      web.app, CallerInput(form), intake, req.request_id,
      [w, pc, form, reply](service::SubmitOutcome o) {
        using Kind = service::SubmitOutcome::Kind;
        if (o.kind == Kind::kInvalid) {
          reply(FormPage(*w, pc, form, o.errors, 422));
          return;
        }
        if (o.kind == Kind::kOutcomeUnknown) {
          reply(OutcomeUnknownPage(pc, "cc_outcome_unknown", o.reference, o.access_code, "/track"));
          return;
        }
        if (o.kind != Kind::kCreated) {
          reply(ErrorPage(pc, o.kind == Kind::kOverloaded ? 503 : 500, "cc_not_stored",
                          "/staff/caller"));
          return;
        }
        data d;
        d.set("reference", o.reference);
        d.set("access_code", o.access_code);
        auto channel = domain::CitizenChannel(o.record.draft);
        d.set("message_note", Text(pc.language, !channel ? "cc_no_message"
                                                : *channel == domain::MessageChannel::kSms
                                                    ? "cc_sms_on_its_way"
                                                    : "cc_email_on_its_way"));
        auto r = RenderPage(pc, "caller_done", d, "cc_done_title", 201);
        r.Set("Cache-Control", "no-store");
        reply(std::move(r));
      });
}

}  // namespace

void RegisterCallerPages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/staff/caller",
             [&web](const http::Request& req, http::Reply reply) { Show(web, req, reply); });
  router.Add(http::Method::kPost, "/staff/caller",
             [&web](const http::Request& req, http::Reply reply) { Create(web, req, reply); });
}

}  // namespace tawasul::web
