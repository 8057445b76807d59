// The submission flow (GET and POST /submit): one form in numbered sections that works without
// JavaScript (type → category and its guidance → details → optional place and attachments →
// contact), then either a review step or a direct send. Every step posts the whole form back:
// New files are screened first (malware scan, image metadata removed: uploads.h), whatever the
// step.
//   step=review  validate everything; if valid, store the new files (content-addressed, see
//                api/attachments.h) and show everything read-only with "edit" and "send"; the
//                files travel on as signed attachment_ref fields (uploads.h)
//   step=edit    the form again with the values and the kept files (untick to drop one)
//   step=send or no step (the API-like direct post the tests use): validate and store the case
// On a validation error the form is shown again with what the citizen typed and a message beside
// each field (422), and nothing is stored; on success the reference and access code are shown
// once (no-store, so they do not linger in caches). The form carries a one-time submission token
// from its first display to "send": the same form sent twice (a double click, back and send
// again) is one case, and the second send shows the first receipt (service/idempotency.h).

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "domain/access_code.h"
#include "domain/attachment.h"
#include "domain/time.h"
#include "service/case_service.h"
#include "service/citizen_accounts.h"
#include "service/idempotency.h"
#include "service/intake_limits.h"
#include "web/i18n.h"
#include "web/page_util.h"
#include "web/qr_code.h"
#include "web/receipt.h"
#include "web/site.h"
#include "web/uploads.h"

namespace tawasul::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

list KeptList(const service::AppContext& ctx, const std::vector<KeptAttachment>& kept,
              domain::Language lang) {
  list out;
  for (const auto& k : kept) {
    data item;
    item.set("ref", EncodeKept(ctx.pepper, k));
    item.set("name", k.file_name);
    item.set("size", FormatFileSize(k.size, lang));
    out.push_back(item);
  }
  return out;
}

// The fields of a case on the form, carried through the review in hidden fields.
constexpr const char* kCaseFields[] = {"type",      "category", "subject", "description",
                                       "address",   "name",     "email",   "phone",
                                       "anonymous", "notify",   "service"};

// The one-time submission token (docs/web.md): 32 lowercase hex digits, made when the form is
// first shown and carried through every step, so that sending the same form twice is one case.
bool IsSubmissionToken(const std::string& t) {
  return t.size() == 32 && std::all_of(t.begin(), t.end(),
                                       [](char c) { return std::isxdigit(c) && !std::isupper(c); });
}

std::string SubmissionToken(const Form& form) {
  std::string t = FormValue(form, "submission_token");
  if (IsSubmissionToken(t)) return t;
  static constexpr char kHex[] = "0123456789abcdef";
  t.clear();
  for (unsigned char b : domain::NewSalt()) {
    t += kHex[b >> 4];
    t += kHex[b & 15];
  }
  return t;
}

// The submission form's data: types, categories grouped by entity (each with its guidance), the
// The choices of how the citizen hears about the case (docs/notifications.md), `selected` checked.
list NotifyOptions(domain::Language lang, const std::string& selected) {
  list out;
  for (const char* v : {"auto", "email", "sms", "none"}) {
    data o;
    o.set("value", std::string(v));
    o.set("label", Text(lang, std::string("cz_notify_") + v));
    o.set("checked", selected == v || (selected.empty() && std::string(v) == "auto"));
    out.push_back(o);
  }
  return out;
}

// values typed so far, the files kept from a review, and the errors by field.
data SubmitData(const service::AppContext& ctx, domain::Language lang, const Form& form,
                const std::vector<domain::FieldError>& errors,
                const std::vector<std::string>& attachment_errors = {},
                const std::vector<KeptAttachment>& kept = {}) {
  auto catalogue = ctx.catalogue.Get();
  data d;
  d.set("submission_token", SubmissionToken(form));
  d.set("accept", std::string(domain::kAttachmentAccept));
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
  // "Report a problem with this service" (/services/{code}): the case is about that e-service,
  // and its entity is the service's, so only that entity's categories are offered.
  const domain::Service* service = catalogue->FindService(FormValue(form, "service"));
  if (service) {
    data s;
    s.set("code", service->code);
    s.set("name", Ar(lang) ? service->name_ar : service->name_en);
    s.set("entity", EntityName(ctx, service->entity, lang));
    d.set("service", s);
  }
  list groups;
  for (const auto& e : catalogue->Entities()) {
    if (service && e.code != service->entity) continue;
    list cats;
    for (const auto& c : catalogue->Categories()) {
      if (c.entity != e.code) continue;
      data item;
      item.set("code", c.code);
      item.set("name", Ar(lang) ? c.name_ar : c.name_en);
      item.set("selected", c.code == category);
      const std::string& g = Ar(lang) ? c.guidance_ar : c.guidance_en;
      if (g.empty()) {
        item.set("guidance", false);
      } else {
        item.set("guidance", g);
      }
      cats.push_back(item);
    }
    if (cats.empty()) continue;
    data g;
    g.set("name", Ar(lang) ? e.name_ar : e.name_en);
    g.set("categories", cats);
    groups.push_back(g);
  }
  d.set("groups", groups);
  if (const auto* c = catalogue->FindCategory(category)) {
    const std::string& g = Ar(lang) ? c->guidance_ar : c->guidance_en;
    if (!g.empty()) d.set("guidance", g);
  }
  for (const char* f : {"subject", "description", "name", "email", "phone", "address"}) {
    d.set(std::string("v_") + f, FormValue(form, f));
  }
  d.set("v_anonymous", FormValue(form, "anonymous") == "on");
  d.set("notify_options", NotifyOptions(lang, FormValue(form, "notify")));
  d.set("has_kept", !kept.empty());
  d.set("kept", KeptList(ctx, kept, lang));
  list summary;
  if (!attachment_errors.empty()) {
    list messages;
    for (const auto& m : attachment_errors) {
      data item;
      item.set("message", m);
      messages.push_back(item);
      data sitem;
      sitem.set("field", "attachments");
      sitem.set("message", Text(lang, "cz_field_attachments") + ": " + m);
      summary.push_back(sitem);
    }
    d.set("err_attachments", messages);
    d.set("has_attachment_errors", true);
  }
  if (!errors.empty() || !attachment_errors.empty()) {
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

// The submission the form's fields make. A place typed without coordinates (the API's location
// needs lat/lon) is added to the end of the description, labelled.
domain::SubmissionInput SubmissionOf(const Form& form, domain::Language lang,
                                     const domain::Catalogue& catalogue) {
  domain::SubmissionInput in = FormSubmission(form);
  // A case about an e-service goes to the service's entity (domain::ValidateSubmission then
  // refuses a category of another entity).
  if (auto service = GivenValue(form, "service")) {
    in.service = *service;
    if (const auto* s = catalogue.FindService(*service)) in.entity = s->entity;
  }
  if (auto address = domain::TrimText(FormValue(form, "address")); !address.empty()) {
    std::string description = in.description.value_or("");
    in.description = description + (description.empty() ? "" : "\n\n") +
                     Text(lang, "cz_location_in_text") + ": " + address;
  }
  in.channel = "web";
  return in;
}

std::vector<domain::FieldError> Check(const service::AppContext& ctx,
                                      const domain::SubmissionInput& body) {
  domain::IntakeContext check;
  auto catalogue = ctx.catalogue.Get();
  check.catalogue = catalogue.get();
  auto validated = domain::ValidateSubmission(body, check);
  if (auto* e = std::get_if<std::vector<domain::FieldError>>(&validated)) return *e;
  return {};
}

// The review page: every value read-only, carried on in hidden fields.
data ReviewData(const service::AppContext& ctx, domain::Language lang, const Form& form,
                const std::vector<KeptAttachment>& kept) {
  auto catalogue = ctx.catalogue.Get();
  data d;
  list hidden;
  for (const char* f : kCaseFields) {
    std::string v = FormValue(form, f);
    d.set(std::string("v_") + f, v);
    if (v.empty()) continue;
    data h;
    h.set("name", f);
    h.set("value", v);
    hidden.push_back(h);
  }
  d.set("hidden", hidden);
  d.set("submission_token", SubmissionToken(form));
  std::string type = FormValue(form, "type");
  d.set("type", Text(lang, "type_" + (type.empty() ? std::string("complaint") : type)));
  if (type.empty()) {
    data h;
    h.set("name", "type");
    h.set("value", "complaint");
    hidden.push_back(h);
    d.set("hidden", hidden);
  }
  const std::string category = FormValue(form, "category");
  d.set("category", CategoryName(ctx, category, lang));
  if (const auto* c = catalogue->FindCategory(category)) {
    d.set("entity", EntityName(ctx, c->entity, lang));
    const std::string& g = Ar(lang) ? c->guidance_ar : c->guidance_en;
    if (!g.empty()) d.set("guidance", g);
  }
  if (const auto* s = catalogue->FindService(FormValue(form, "service"))) {
    d.set("service", Ar(lang) ? s->name_ar : s->name_en);
  }
  d.set("anonymous", Text(lang, FormValue(form, "anonymous") == "on" ? "cz_yes" : "cz_no"));
  std::string notify = FormValue(form, "notify");
  d.set("notify", Text(lang, "cz_notify_" + (notify.empty() ? std::string("auto") : notify)));
  d.set("has_kept", !kept.empty());
  d.set("kept", KeptList(ctx, kept, lang));
  return d;
}

// The review step: a valid form's new files are stored now, so that the review page can carry
// them on; an invalid form is shown again (422).
http::Response ReviewStep(const service::AppContext& ctx, const PageContext& pc,
                          const std::string& request_id, const std::string& client_address,
                          const Form& form, const domain::SubmissionInput& body,
                          const SubmittedForm& submitted) {
  auto errors = Check(ctx, body);
  if (!errors.empty()) {
    return RenderPage(pc, "submit", SubmitData(ctx, pc.language, form, errors, {}, submitted.kept),
                      "submit_title", 422);
  }
  std::vector<KeptAttachment> kept = submitted.kept;
  if (ctx.intake_limits) {
    std::size_t bytes = 0;
    for (const auto& a : submitted.attachments) bytes += a.content.size();
    if (int wait = ctx.intake_limits->TakeUploadBytes(client_address, bytes)) {
      auto r = ErrorPage(pc, 429, "too_many_uploads", "/submit");
      r.Set("Retry-After", std::to_string(wait));
      return r;
    }
  }
  try {
    if (!ctx.attachment_files) throw std::runtime_error("no attachment directory");
    for (const auto& a : submitted.attachments) {
      KeptAttachment k;
      k.sha256 = ctx.attachment_files->Save(a.content);
      k.media_type = a.media_type;
      k.file_name = a.file_name;
      k.size = static_cast<std::int64_t>(a.content.size());
      kept.push_back(std::move(k));
    }
  } catch (const std::exception& e) {
    service::LogFailedSubmission(request_id, std::string("attachment file: ") + e.what());
    return ErrorPage(pc, 500, "cz_not_stored", "/submit");
  }
  auto r = RenderPage(pc, "review", ReviewData(ctx, pc.language, form, kept), "cz_review_title");
  r.Set("Cache-Control", "no-store");
  return r;
}

// The files of the case to send: the new uploads, then those kept from a review.
std::vector<service::NewAttachment> AttachmentsToSend(SubmittedForm& submitted) {
  std::vector<service::NewAttachment> attachments = std::move(submitted.attachments);
  for (const auto& k : submitted.kept) {
    service::NewAttachment a;
    a.file_name = k.file_name;
    a.media_type = k.media_type;
    a.stored_sha256 = k.sha256;
    a.stored_size = k.size;
    attachments.push_back(std::move(a));
  }
  return attachments;
}

// The receipt page of a stored case (GET /submit/receipt): the reference and the access code
// (shown once, from the sealed cookie), where the case went and its dates, and a QR code of the
// case's tracking page (the reference only: the code stays something the citizen types) at
// `base_url`.
http::Response SubmittedPage(const service::AppContext& ctx, const PageContext& pc,
                             const Receipt& receipt, const domain::CaseRecord& rec,
                             const std::string& base_url) {
  const std::string zone = ctx.sla.Get()->calendar.Spec().time_zone;
  data d;
  d.set("reference", receipt.reference);
  d.set("access_code", receipt.access_code);
  d.set("entity", EntityName(ctx, rec.draft.entity, pc.language));
  d.set("category", rec.draft.category.empty()
                        ? std::string()
                        : CategoryName(ctx, rec.draft.category, pc.language));
  d.set("submitted_at", FormatDateTime(rec.submitted_at, pc.language, zone));
  d.set("first_response_due", FormatDateTime(rec.first_response_due_at, pc.language, zone));
  d.set("due_at", FormatDateTime(rec.due_at, pc.language, zone));
  if (receipt.attachments > 0)
    d.set("attachment_count", FormatCount(receipt.attachments, pc.language));
  if (auto qr =
          QrCodeSvg(base_url + "/track/" + receipt.reference, Text(pc.language, "cz_qr_label"));
      !qr.empty()) {
    d.set("qr_svg", qr);
  }
  auto r = RenderPage(pc, "submitted", d, "submitted_title", 200);
  r.Set("Cache-Control", "no-store");
  return r;
}

// The answer to a stored case: 303 to the receipt, which the sealed cookie carries (receipt.h),
// so that reloading shows the receipt again instead of sending the case twice.
http::Response RedirectToReceipt(const service::AppContext& ctx, const PageContext& pc,
                                 const service::SubmitOutcome& o, std::size_t attachment_count) {
  Receipt receipt;
  receipt.reference = o.reference;
  receipt.access_code = o.access_code;
  receipt.attachments = static_cast<std::int64_t>(attachment_count);
  receipt.issued_at = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto r = Redirect(std::string("/submit/receipt?lang=") +
                    (pc.language == domain::Language::kArabic ? "ar" : "en"));
  std::string cookie =
      std::string(kReceiptCookie) + "=" + SealReceipt(ctx.pepper, receipt) +
      "; Path=/submit/receipt; Max-Age=" + std::to_string(kReceiptLifetime.count()) +
      "; HttpOnly; SameSite=Strict";
  if (ctx.secure_cookies) cookie += "; Secure";
  r.Add("Set-Cookie", cookie);
  r.Set("Cache-Control", "no-store");
  return r;
}

// The page for what sending the case came to.
http::Response SendOutcomePage(const service::AppContext& ctx, const PageContext& pc,
                               const Form& form, const std::vector<KeptAttachment>& kept,
                               std::size_t attachment_count, const service::SubmitOutcome& o) {
  using Kind = service::SubmitOutcome::Kind;
  if (o.kind == Kind::kInvalid) {
    return RenderPage(pc, "submit", SubmitData(ctx, pc.language, form, o.errors, {}, kept),
                      "submit_title", 422);
  }
  if (o.kind == Kind::kLimited) {
    auto r = ErrorPage(pc, 429, "too_many_cases", "/submit");
    r.Set("Retry-After", std::to_string(o.retry_after));
    return r;
  }
  if (o.kind == Kind::kOverloaded) {
    auto r = ErrorPage(pc, 503, "busy", "/submit");
    r.Set("Retry-After", "5");
    return r;
  }
  if (o.kind == Kind::kOutcomeUnknown) {
    return OutcomeUnknownPage(pc, "cz_outcome_unknown", o.reference, o.access_code, "/track");
  }
  if (o.kind != Kind::kCreated) {  // kFailed, logged by SubmitCase
    return ErrorPage(pc, 500, "cz_not_stored", "/submit");
  }
  return RedirectToReceipt(ctx, pc, o, attachment_count);
}

// One "send" of the form, kept while it waits for an earlier send of the same form.
struct PendingSend {
  const service::AppContext* ctx = nullptr;
  PageContext pc;
  Form form;
  std::vector<KeptAttachment> kept;
  domain::SubmissionInput body;
  std::string client_address, request_id;
  std::int64_t owner_id = 0;  // the signed-in citizen's account, 0 for none
  std::vector<service::NewAttachment> attachments;
  std::size_t attachment_count = 0;
  std::optional<service::IdempotencyIntent> token;  // the form's submission token
  http::Reply reply;
};

// The submission token's key (service/idempotency.h, principal "web"): the form's content and its
// files, so the same form sent twice is one case, and another case sent from an old page (the
// same token, other content) is a case of its own.
std::optional<service::IdempotencyIntent> TokenIntent(
    const service::AppContext& ctx, const Form& form,
    const std::vector<service::NewAttachment>& attachments) {
  const std::string token = FormValue(form, "submission_token");
  if (!IsSubmissionToken(token)) return std::nullopt;
  nlohmann::json content = nlohmann::json::object();
  for (const char* f : kCaseFields) content[f] = FormValue(form, f);
  content["lang"] = FormValue(form, "lang");
  nlohmann::json files = nlohmann::json::array();
  for (const auto& a : attachments) {
    files.push_back({a.file_name, a.stored_sha256, a.stored_size, a.content.size()});
  }
  content["files"] = std::move(files);
  return service::MakeIdempotencyIntent(ctx, token, "web", content);
}

// Sends the case once per submission token: a second send of the same form (double click, back
// and send again) waits for the first and shows its receipt (issue 23 item 1).
void Send(std::shared_ptr<PendingSend> p) {
  const service::AppContext& ctx = *p->ctx;
  if (p->token) {
    using Kind = service::IdempotencyCheck::Kind;
    auto check = service::CheckIdempotencyKey(ctx, *p->token, domain::Now());
    if (check.kind == Kind::kInProgress) {
      service::AfterIdempotencyKey(*p->token, [p] { Send(p); });
      return;
    }
    if (check.kind == Kind::kReplay) {
      service::SubmitOutcome first;
      first.kind = service::SubmitOutcome::Kind::kCreated;
      first.reference = check.reference;
      first.access_code = check.body.value("access_code", "");
      p->reply(RedirectToReceipt(ctx, p->pc, first, p->attachment_count));
      return;
    }
    if (check.kind == Kind::kMismatch) p->token.reset();  // another case, from an old page
  }
  domain::IntakeContext intake;
  auto catalogue = ctx.catalogue.Get();  // alive while SubmitCase validates
  intake.catalogue = catalogue.get();
  intake.client_address = p->client_address;
  intake.owner_id = p->owner_id;
  const service::IdempotencyIntent* token = p->token ? &*p->token : nullptr;
  service::SubmitCase(
      ctx, p->body, intake, p->request_id,
      [p](service::SubmitOutcome o) {
        if (p->token) service::ReleaseIdempotencyKey(*p->token);
        p->reply(SendOutcomePage(*p->ctx, p->pc, p->form, p->kept, p->attachment_count, o));
      },
      std::move(p->attachments), token);
}

void ReceiptGet(const WebContext& web, const http::Request& req, http::Reply reply) {
  const service::AppContext& ctx = web.app;
  auto pc = MakeContext(ctx, req);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  auto receipt = OpenReceipt(ctx.pepper, req.Cookie(kReceiptCookie), now);
  auto record = receipt ? ctx.store.FindCase(receipt->reference) : std::nullopt;
  if (!record) {
    reply(ErrorPage(pc, 404, "cz_receipt_gone", "/track"));
    return;
  }
  // The address citizens reach the service at; without --public-url, the one this request used.
  std::string base = web.public_url;
  if (base.empty()) base = "http://" + std::string(req.Header("Host"));
  reply(SubmittedPage(ctx, pc, *receipt, *record, base));
}

void SubmitForm(const WebContext& web, const http::Request& req, http::Reply reply) {
  const service::AppContext& ctx = web.app;
  auto pc = MakeContext(ctx, req);
  Form prefill;
  if (auto service = req.QueryParam("service"); !service.empty())
    prefill.push_back({"service", service});
  reply(RenderPage(pc, "submit", SubmitData(ctx, pc.language, prefill, {}), "submit_title"));
}

void SubmitPost(const WebContext& web, const http::Request& req, http::Reply reply) {
  const service::AppContext& ctx = web.app;
  auto pc = MakeContext(ctx, req);
  auto submitted = ReadSubmittedForm(req, pc.language, ctx.pepper);
  if (submitted.malformed) {
    reply(ErrorPage(pc, 400, "cz_malformed_form", "/submit"));
    return;
  }
  const Form& form = submitted.fields;
  if (!CsrfValid(req, FormValue(form, "csrf"))) {
    reply(ErrorPage(pc, 403, "csrf_failed", "/submit"));
    return;
  }
  const std::string step = FormValue(form, "step");
  if (step == "edit") {
    reply(RenderPage(pc, "submit", SubmitData(ctx, pc.language, form, {}, {}, submitted.kept),
                     "submit_title"));
    return;
  }
  // Every new file is scanned and cleaned before anything is stored (uploads.h); a scanner that
  // cannot scan refuses the files, never takes them unscanned.
  if (submitted.attachment_errors.empty() &&
      !ScreenUploads(ctx.attachment_files ? ctx.attachment_files->screen() : nullptr, submitted,
                     pc.language)) {
    auto r = ErrorPage(pc, 503, "cz_scan_unavailable", "/submit");
    r.Set("Retry-After", "60");
    reply(std::move(r));
    return;
  }
  domain::SubmissionInput body = SubmissionOf(form, pc.language, *ctx.catalogue.Get());
  if (!submitted.attachment_errors.empty()) {
    // Nothing is stored; the other fields are checked too so every problem shows at once.
    reply(RenderPage(pc, "submit",
                     SubmitData(ctx, pc.language, form, Check(ctx, body),
                                submitted.attachment_errors, submitted.kept),
                     "submit_title", 422));
    return;
  }
  if (step == "review") {
    reply(ReviewStep(ctx, pc, req.request_id, req.remote_address, form, body, submitted));
    return;
  }
  auto send = std::make_shared<PendingSend>();
  send->ctx = &ctx;
  send->pc = pc;
  send->form = form;
  send->kept = submitted.kept;
  send->body = std::move(body);
  send->client_address = req.remote_address;
  send->request_id = req.request_id;
  // A signed-in citizen's case is theirs (cases.owner_id, set in the case's own insert), as
  // with the JSON API's citizen token; the cookie is looked up only when it is there.
  if (!req.Cookie(service::kCitizenCookie).empty()) {
    if (auto citizen = web.accounts.Authenticate(req)) send->owner_id = citizen->account_id;
  }
  send->attachments = AttachmentsToSend(submitted);
  send->attachment_count = send->attachments.size();
  send->token = TokenIntent(ctx, form, send->attachments);
  send->reply = std::move(reply);
  Send(send);
}

}  // namespace

void RegisterSubmitPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/submit", [&web](const http::Request& req, http::Reply reply) {
    SubmitForm(web, req, std::move(reply));
  });
  router.Add(Method::kPost, "/submit", [&web](const http::Request& req, http::Reply reply) {
    SubmitPost(web, req, std::move(reply));
  });
  router.Add(Method::kGet, "/submit/receipt", [&web](const http::Request& req, http::Reply reply) {
    ReceiptGet(web, req, std::move(reply));
  });
}

}  // namespace tawasul::web
