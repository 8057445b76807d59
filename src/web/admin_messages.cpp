// The words of messages and the delivery queue, for administrators (issue 15):
//
//   GET  /admin/messages                                   every template: built-in or edited (vN)
//   GET  /admin/messages/{kind}/{channel}/{language}       the edit form, a preview, the versions
//   POST /admin/messages/{kind}/{channel}/{language}       preview (action=preview) or save a new
//                                                          version; an unknown placeholder → 422
//   GET  /admin/outbox[?status=S]                          messages, newest first, masked
//   POST /admin/outbox/retry                               dead letters back in the queue (one
//                                                          with id=N, or all failed and dead)
//
// A saved template is a new version (nothing is overwritten); the delivery worker uses it for
// messages sent from at most ten seconds later. The preview renders made-up sample values, never
// a real case. Auditors read everything here; only central administrators change anything.

#include <nlohmann/json.hpp>

#include "domain/intake.h"
#include "domain/message_templates.h"
#include "domain/sms_text.h"
#include "domain/time.h"
#include "service/admin_log.h"
#include "service/message_texts.h"
#include "store/message_store.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

struct TemplateKey {
  std::string kind;
  domain::MessageChannel channel = domain::MessageChannel::kEmail;
  domain::Language language = domain::Language::kArabic;
};

std::optional<TemplateKey> KeyFromPath(const http::Request& req) {
  TemplateKey k;
  k.kind = std::string(req.PathParam("kind"));
  auto channel = domain::ParseMessageChannel(req.PathParam("channel"));
  auto language = domain::ParseLanguage(req.PathParam("language"));
  if (!domain::DefaultMessageText(k.kind, domain::MessageChannel::kEmail,
                                  domain::Language::kArabic) ||
      !channel || *channel == domain::MessageChannel::kWebhook || !language) {
    return std::nullopt;
  }
  k.channel = *channel;
  k.language = *language;
  return k;
}

std::string EditPath(const TemplateKey& k) {
  return "/admin/messages/" + k.kind + "/" + std::string(domain::ToString(k.channel)) + "/" +
         std::string(domain::LanguageCode(k.language));
}

void List(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  std::map<std::string, int> versions;
  for (const auto& r : web.app.store.Messages().CurrentMessageTemplates()) {
    versions[r.kind + "/" + r.channel + "/" + r.language] = r.version;
  }
  list rows;
  for (auto kind : domain::MessageKinds()) {
    data row;
    row.set("kind", std::string(kind));
    row.set("label", Text(pc.language, "msg_kind_" + std::string(kind)));
    row.set("audience",
            Text(pc.language, domain::IsCitizenMessage(kind) ? "msg_to_citizen" : "msg_to_staff"));
    list cells;
    for (auto channel : {domain::MessageChannel::kEmail, domain::MessageChannel::kSms}) {
      for (auto language : {domain::Language::kArabic, domain::Language::kEnglish}) {
        TemplateKey k{std::string(kind), channel, language};
        std::string key = std::string(kind) + "/" + std::string(domain::ToString(channel)) + "/" +
                          std::string(domain::LanguageCode(language));
        data cell;
        cell.set("href", EditPath(k));
        auto it = versions.find(key);
        cell.set("state", it == versions.end() ? Text(pc.language, "msg_builtin")
                                               : Text(pc.language, "msg_version") + " " +
                                                     std::to_string(it->second));
        cells.push_back(cell);
      }
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  data d;
  d.set("kinds", rows);
  d.set("can_write", CanWrite(*who));
  if (req.QueryParam("done") == "saved") d.set("result", Text(pc.language, "msg_saved"));
  reply(RenderPage(pc, "admin_messages", d, "msg_title"));
}

// The form with `text` (stored or typed), its preview, and the problems found.
http::Response FormPage(const WebContext& web, PageContext pc, const TemplateKey& k,
                        const domain::MessageText& text,
                        const std::vector<service::TemplateProblem>& problems, bool can_write,
                        int status) {
  data d;
  pc.path = EditPath(k);
  d.set("action", EditPath(k));
  d.set("kind_label", Text(pc.language, "msg_kind_" + k.kind));
  d.set("channel_label",
        Text(pc.language, "msg_channel_" + std::string(domain::ToString(k.channel))));
  d.set("language_label",
        Text(pc.language,
             k.language == domain::Language::kArabic ? "msg_language_ar" : "msg_language_en"));
  const bool email = k.channel == domain::MessageChannel::kEmail;
  d.set("email", email);
  d.set("dir", k.language == domain::Language::kArabic ? "rtl" : "ltr");
  d.set("lang", std::string(domain::LanguageCode(k.language)));
  d.set("v_subject", text.subject);
  d.set("v_body", text.body);
  list names;
  for (auto p : domain::PlaceholdersFor(k.kind)) {
    data n;
    n.set("name", "{{" + std::string(p) + "}}");
    names.push_back(n);
  }
  d.set("placeholders", names);
  // The preview, unless the text cannot be rendered safely.
  if (problems.empty()) {
    auto values = service::SampleValues(k.kind, k.language);
    d.set("preview_subject", domain::RenderTemplate(text.subject, values));
    std::string body = domain::RenderTemplate(text.body, values);
    d.set("preview_body", body);
    if (!email) {
      auto seg = domain::CountSmsSegments(body);
      d.set("sms_info", Text(pc.language, "msg_sms_segments") + " " + std::to_string(seg.segments) +
                            " (" + std::to_string(seg.characters) + " " +
                            Text(pc.language, seg.ucs2 ? "msg_sms_ucs2" : "msg_sms_gsm") + ")");
    }
    d.set("has_preview", true);
  }
  for (const auto& p : problems) {
    std::string message = Text(pc.language, "msg_err_" + p.code);
    if (!p.detail.empty()) message += " " + p.detail;
    d.set("err_" + p.field, message);
  }
  d.set("has_errors", !problems.empty());
  list history;
  for (const auto& v : web.app.store.Messages().MessageTemplateVersions(
           k.kind, std::string(domain::ToString(k.channel)),
           std::string(domain::LanguageCode(k.language)))) {
    data h;
    h.set("version", std::to_string(v.version));
    h.set("at", domain::FormatRfc3339(v.created_at, 3 * 3600).substr(0, 16));
    h.set("by", v.created_by);
    history.push_back(h);
  }
  d.set("history", history);
  d.set("has_history", !history.empty());
  d.set("can_write", can_write);
  return RenderPage(pc, "admin_message_form", d, "msg_edit_title", status);
}

void Edit(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  auto k = KeyFromPath(req);
  if (!k) {
    reply(ErrorPage(pc, 404, "msg_unknown", "/admin/messages"));
    return;
  }
  service::MessageTexts texts(web.app.store, std::chrono::seconds(0));
  auto text = texts.Get(k->kind, k->channel, k->language);
  reply(FormPage(web, pc, *k, text.value_or(domain::MessageText{}), {}, CanWrite(*who), 200));
}

void Save(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/messages")) return;
  auto k = KeyFromPath(req);
  if (!k) {
    reply(ErrorPage(pc, 404, "msg_unknown", "/admin/messages"));
    return;
  }
  domain::MessageText text;
  text.subject = domain::TrimText(FormValue(form, "subject"));
  text.body = domain::TrimText(FormValue(form, "body"));
  // Windows line ends from a textarea become plain ones (the templates are line-based).
  std::erase(text.body, '\r');
  if (k->channel != domain::MessageChannel::kEmail) text.subject.clear();
  auto problems = service::CheckMessageTemplate(k->kind, k->channel, text);
  if (!problems.empty() || FormValue(form, "action") == "preview") {
    reply(FormPage(web, pc, *k, text, problems, true, problems.empty() ? 200 : 422));
    return;
  }
  store::MessageTemplateRow row;
  row.kind = k->kind;
  row.channel = std::string(domain::ToString(k->channel));
  row.language = std::string(domain::LanguageCode(k->language));
  row.subject = text.subject;
  row.body = text.body;
  row.created_by = "user:" + std::to_string(who->user.id);
  int version = web.app.store.Messages().SaveMessageTemplate(row, domain::Now());
  service::RecordAdminChange(web.app, who->actor, "message_template", "change",
                             row.kind + "/" + row.channel + "/" + row.language,
                             {{"version", version}, {"subject", row.subject}, {"body", row.body}});
  reply(Redirect("/admin/messages?done=saved#msg-" + k->kind));
}

}  // namespace

void RegisterAdminMessagePages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/admin/messages",
             [&web](const http::Request& req, http::Reply reply) { List(web, req, reply); });
  router.Add(Method::kGet, "/admin/messages/{kind}/{channel}/{language}",
             [&web](const http::Request& req, http::Reply reply) { Edit(web, req, reply); });
  router.Add(Method::kPost, "/admin/messages/{kind}/{channel}/{language}",
             [&web](const http::Request& req, http::Reply reply) { Save(web, req, reply); });
  RegisterAdminOutboxPages(router, web);
}

}  // namespace tawasul::web
