// Case intake and citizen look-up. The access code is generated here, shown once in the
// response, and only its keyed hash (per-case salt + server pepper) reaches the store.

#include "service/case_service.h"

#include <string_view>

#include <spdlog/spdlog.h>

#include "domain/figures.h"

#include "service/case_actions.h"
#include "service/idempotency.h"
#include "service/intake_limits.h"
#include "service/routing_models.h"
#include "service/suggestions.h"
#include "service/upload_screen.h"

#include "domain/access_code.h"
#include "domain/notifications.h"
#include "domain/reference.h"
#include "domain/time.h"

namespace tawasul::service {

using nlohmann::json;

std::string FormatTime(const AppContext& ctx, domain::Instant t) {
  return domain::FormatRfc3339(t, ctx.sla.Get()->calendar.UtcOffsetSeconds(t));
}

namespace {

json EntityJson(const AppContext& ctx, const std::string& code) {
  auto catalogue = ctx.catalogue.Get();
  const domain::Entity* e = catalogue->FindEntity(code);
  if (!e) return {{"code", code}, {"name_ar", code}, {"name_en", code}};
  return {{"code", e->code}, {"name_ar", e->name_ar}, {"name_en", e->name_en}};
}

json CategoryJson(const AppContext& ctx, const std::string& code) {
  if (code.empty()) return nullptr;
  auto catalogue = ctx.catalogue.Get();
  const domain::Category* c = catalogue->FindCategory(code);
  if (!c) return {{"code", code}, {"name_ar", code}, {"name_en", code}};
  return {{"code", c->code}, {"name_ar", c->name_ar}, {"name_en", c->name_en}};
}

json OptTime(const AppContext& ctx, const std::optional<domain::Instant>& t) {
  return t ? json(FormatTime(ctx, *t)) : json(nullptr);
}

// The reason a write failed as it may go to the log: its first line, at most 200 bytes. A
// PostgreSQL message goes on with DETAIL lines that may quote the failing row (a citizen's
// name, contact or words), and the log must never hold personal data; the first line names
// the failure (constraint, connection, disk) without the row's values.
std::string LoggableError(std::string_view error) {
  error = error.substr(0, error.find_first_of("\r\n"));
  if (error.size() > 200) {
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(error[cut]) & 0xc0) == 0x80) --cut;
    error = error.substr(0, cut);
  }
  return std::string(error);
}

}  // namespace

// A submission that was valid and not stored is a server fault, not load: it is logged (the
// request id ties the line to the access log and to the problem the client got) and answered 500.
void LogFailedSubmission(const std::string& request_id, std::string_view error) {
  spdlog::error("submission not stored (request {}): {}", request_id.empty() ? "-" : request_id,
                LoggableError(error));
}

void LogFailedWrite(std::string_view what, std::string_view error) {
  spdlog::error("{} not stored: {}", what, LoggableError(error));
}

void StartNewCase(store::NewCase& nc, const SlaRules::Snapshot& sla) {
  domain::CaseRecord shape;
  shape.draft = nc.draft;
  shape.submitted_at = nc.submitted_at;
  shape.clock = domain::StartClock(sla.targets, nc.draft, nc.submitted_at);
  domain::RecomputeDueTimes(sla.calendar, shape);
  nc.clock = shape.clock;
  nc.first_response_due_at = shape.first_response_due_at;
  nc.due_at = shape.due_at;
  nc.warn_at = shape.warn_at;
  nc.year2 = static_cast<int>(sla.calendar.LocalDateOf(nc.submitted_at).year()) % 100;
  nc.figures = domain::NewCaseFigures(shape, sla.calendar);
}

namespace {

// Automatic routing (docs/routing.md): a submission that names neither a category nor an entity,
// or sends "category": "auto", takes the model's category when it is sure enough (its confidence
// in `routed`); otherwise "auto" is dropped and intake reports the missing category as always.
void RouteInput(const AppContext& ctx, domain::SubmissionInput& in, std::optional<double>& routed) {
  const bool asks_auto = in.category && *in.category == "auto";
  const bool names_entity = in.entity && !in.entity->empty();
  const bool no_category = !in.category;
  if (!asks_auto && !(no_category && !names_entity && ctx.auto_route_confidence > 0)) return;
  in.category.reset();
  auto model = ctx.routing ? ctx.routing->Get() : nullptr;
  if (model && ctx.auto_route_confidence > 0 && !names_entity) {
    auto top = model->model.Predict(in.subject.value_or(""), in.description.value_or(""), 1);
    if (!top.empty() && top[0].confidence >= ctx.auto_route_confidence) {
      in.category = top[0].category;
      routed = top[0].confidence;
    }
  }
}

// Screens the new files that arrive unscreened (upload_screen.h), so that no adapter can store a
// file past the malware scan and the metadata removal; the outcome when one fails.
std::optional<SubmitOutcome> ScreenUnscreened(const AppContext& ctx,
                                              std::vector<NewAttachment>& attachments) {
  const UploadScreen* screen = ctx.attachment_files ? ctx.attachment_files->screen() : nullptr;
  if (!screen) return std::nullopt;
  using Verdict = UploadScreen::Verdict;
  for (auto& a : attachments) {
    if (a.screened || !a.stored_sha256.empty()) continue;
    const Verdict v = screen->Screen(a);
    if (v == Verdict::kClean) continue;
    SubmitOutcome out;
    if (v == Verdict::kScannerUnavailable) {
      out.kind = SubmitOutcome::Kind::kOverloaded;  // 503: nothing stored, may be sent again
      return out;
    }
    out.kind = SubmitOutcome::Kind::kInvalid;
    if (v == Verdict::kInfected) {
      out.errors.push_back({"attachments", "malware", "The file contains malware."});
    } else {
      out.errors.push_back({"attachments", "invalid_image", "The file is not a readable image."});
    }
    return out;
  }
  return std::nullopt;
}

// Stores the files first, durably (nothing acknowledged may lack its attachments), and lists
// them on the new case; on failure, the reason (logged) and nothing more is done.
std::optional<std::string> StoreAttachmentFiles(const AppContext& ctx,
                                                std::vector<NewAttachment>& attachments,
                                                const std::string& request_id, store::NewCase& nc) {
  for (auto& a : attachments) {
    store::AttachmentRow row;
    row.file_name = std::move(a.file_name);
    row.media_type = std::move(a.media_type);
    row.size = static_cast<std::int64_t>(a.content.size());
    try {
      if (!ctx.attachment_files) throw std::runtime_error("no attachment directory");
      if (!a.stored_sha256.empty()) {
        if (!ctx.attachment_files->Exists(a.stored_sha256))
          throw std::runtime_error("a reviewed attachment is no longer stored");
        row.sha256 = a.stored_sha256;
        row.size = a.stored_size;
      } else {
        row.sha256 = ctx.attachment_files->Save(a.content);
      }
    } catch (const std::exception& e) {
      LogFailedSubmission(request_id, std::string("attachment file: ") + e.what());
      return std::string(e.what());
    }
    std::string().swap(a.content);
    nc.attachments.push_back(std::move(row));
  }
  return std::nullopt;
}

// What the store's answer to a submission comes to.
SubmitOutcome Stored(store::SubmitResult r, domain::CaseRecord& record, const std::string& code,
                     const std::string& request_id) {
  SubmitOutcome out;
  if (r.ok) {
    out.kind = SubmitOutcome::Kind::kCreated;
    out.reference = r.reference;
    out.access_code = code;
    record.id = r.id;
    record.reference = r.reference;
    out.record = std::move(record);
  } else {
    out.kind = r.overloaded ? SubmitOutcome::Kind::kOverloaded : SubmitOutcome::Kind::kFailed;
    // Overload is expected under a burst and answered 503 with Retry-After; anything else
    // is a fault someone must see.
    if (!r.overloaded) LogFailedSubmission(request_id, r.error);
    out.errors.push_back({"", "store", r.error});
  }
  return out;
}

// The COMMIT's outcome is unknown (the connection broke during it; store::CommitOutcomeUnknown):
// whether the case is stored is looked up on another connection, by the reference it was being
// written under. Found: it was committed, and the citizen gets the 201 with the access code.
// Not found (or the look-up failed): the honest answer is "unknown, check with this reference".
SubmitOutcome Reconciled(const AppContext& ctx, store::SubmitResult r, const std::string& code,
                         const std::string& request_id) {
  SubmitOutcome out;
  out.reference = r.reference;
  out.access_code = code;  // the case's, if it is stored: the citizen can check with both
  std::optional<domain::CaseRecord> found;
  try {
    if (!r.reference.empty()) found = ctx.store.FindCase(r.reference);
  } catch (const std::exception& e) {
    LogFailedSubmission(request_id, std::string("outcome unknown, look-up failed: ") + e.what());
  }
  if (found) {
    spdlog::warn("submission (request {}): COMMIT outcome unknown, case found stored",
                 request_id.empty() ? "-" : request_id);
    out.kind = SubmitOutcome::Kind::kCreated;
    out.record = std::move(*found);
    return out;
  }
  LogFailedSubmission(request_id, r.error);
  out.kind = SubmitOutcome::Kind::kOutcomeUnknown;
  out.errors.push_back({"", "store", r.error});
  return out;
}

}  // namespace

void SubmitCase(const AppContext& ctx, domain::SubmissionInput input,
                const domain::IntakeContext& intake, const std::string& request_id,
                std::function<void(SubmitOutcome)> done, std::vector<NewAttachment> attachments,
                const IdempotencyIntent* idempotency) {
  std::optional<double> routed;
  RouteInput(ctx, input, routed);
  auto validated = domain::ValidateSubmission(input, intake);
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&validated)) {
    SubmitOutcome out;
    out.kind = SubmitOutcome::Kind::kInvalid;
    out.errors = std::move(*errors);
    done(std::move(out));
    return;
  }
  store::NewCase nc;
  nc.draft = std::move(std::get<domain::CaseDraft>(validated));
  if (ctx.intake_limits && !intake.caller_is_staff && !intake.client_address.empty()) {
    if (int wait = ctx.intake_limits->Take(intake.client_address, nc.draft)) {
      SubmitOutcome out;
      out.kind = SubmitOutcome::Kind::kLimited;
      out.retry_after = wait;
      done(std::move(out));
      return;
    }
  }
  nc.submitted_at = domain::Now();
  nc.routed_confidence = routed;
  nc.entered_by = intake.staff_id;
  nc.owner_id = intake.owner_id;
  StartNewCase(nc, *ctx.sla.Get());
  std::string code = domain::NewAccessCode();
  nc.access_salt = domain::NewSalt();
  nc.access_hash = domain::HashAccessCode(code, nc.access_salt, ctx.pepper);
  // The citizen hears that the case arrived. The access code travels only when staff entered the
  // case for a caller or a visitor, who never saw the confirmation page (docs/notifications.md).
  const bool for_caller =
      nc.draft.channel == domain::Channel::kPhone || nc.draft.channel == domain::Channel::kCounter;
  if (auto m = domain::ReceivedMessage(nc.draft, nc.submitted_at, nc.due_at,
                                       for_caller ? code : std::string())) {
    nc.outbox.push_back(std::move(*m));
  }
  if (auto refused = ScreenUnscreened(ctx, attachments)) {
    done(std::move(*refused));
    return;
  }
  if (auto error = StoreAttachmentFiles(ctx, attachments, request_id, nc)) {
    SubmitOutcome out;
    out.kind = SubmitOutcome::Kind::kFailed;
    out.errors.push_back({"attachments", "store", *error});
    done(std::move(out));
    return;
  }

  auto record = std::make_shared<domain::CaseRecord>();
  record->draft = nc.draft;
  record->submitted_at = nc.submitted_at;
  record->first_response_due_at = nc.first_response_due_at;
  record->due_at = nc.due_at;
  record->clock = nc.clock;
  record->warn_at = nc.warn_at;
  if (idempotency) {
    // The 201 body a retry will get, sealed (service/idempotency.h); the reference is added then.
    SubmitOutcome first;
    first.access_code = code;
    first.record = *record;
    nc.idempotency_key_hash = idempotency->key_hash;
    nc.idempotency_body_hash = idempotency->body_hash;
    nc.idempotency_response = SealCreatedView(ctx, *idempotency, CreatedView(ctx, first));
  }
  ctx.store.SubmitCase(std::move(nc), [&ctx, record, code, request_id,
                                       done = std::move(done)](store::SubmitResult r) {
    // On the store's completion thread: only hop off it.
    ctx.Complete([&ctx, record, code, request_id, done, r = std::move(r)]() mutable {
      if (!r.ok && r.outcome_unknown) return done(Reconciled(ctx, std::move(r), code, request_id));
      done(Stored(std::move(r), *record, code, request_id));
    });
  });
}

std::optional<domain::CaseRecord> FindCaseForCitizen(const AppContext& ctx,
                                                     std::string_view reference,
                                                     std::string_view access_code,
                                                     std::vector<domain::CaseEvent>* events) {
  static const std::string kDummySalt(16, '\x5a');
  static const std::string kDummyHash(32, '\0');
  auto ref = domain::ParseReference(reference);
  auto code = domain::NormalizeAccessCode(access_code);
  std::optional<domain::CaseRecord> record;
  if (ref && events) {
    if (auto both = ctx.store.FindCaseWithEvents(domain::FormatReference(*ref))) {
      record = std::move(both->first);
      *events = std::move(both->second);
    }
  } else if (ref) {
    record = ctx.store.FindCase(domain::FormatReference(*ref));
  }
  // Always verify one hash, real or dummy, so all failures cost the same.
  bool ok =
      domain::VerifyAccessCode(code.value_or("XXXXXXXX"), record ? record->access_salt : kDummySalt,
                               ctx.pepper, record ? record->access_hash : kDummyHash);
  if (!ref || !code || !record || !ok) {
    if (events) events->clear();
    return std::nullopt;
  }
  return record;
}

json CitizenView(const AppContext& ctx, const domain::CaseRecord& r,
                 const std::vector<domain::CaseEvent>& events) {
  json timeline = json::array();
  for (const auto& e : events) {
    if (!e.is_public) continue;
    std::string by = e.actor == "citizen" ? "citizen" : e.actor == "system" ? "system" : "entity";
    timeline.push_back({{"at", FormatTime(ctx, e.at)},
                        {"kind", std::string(domain::KindName(e))},
                        {"body", e.body},
                        {"by", by}});
  }
  json attachments = AttachmentsJson(ctx.store.CaseAttachments(r.id),
                                     "/api/v1/cases/" + r.reference + "/attachments/");
  domain::Actor citizen;
  citizen.role = domain::Role::kCitizen;
  // Ask the state machine about the two citizen actions the view reports (cheaper than
  // listing every available action on this hot path).
  auto state = domain::StateOf(r);
  auto now = domain::Now();
  domain::Action rate;
  rate.kind = domain::ActionKind::kRate;
  rate.score = 5;
  domain::Action reopen;
  reopen.kind = domain::ActionKind::kReopen;
  reopen.body = "?";
  bool can_rate = domain::Decide(state, citizen, rate, now).outcome == domain::Outcome::kOk;
  bool can_reopen = domain::Decide(state, citizen, reopen, now).outcome == domain::Outcome::kOk;
  json view = {
      {"reference", r.reference},
      {"status", domain::ToString(r.status)},
      {"type", domain::ToString(r.draft.type)},
      {"subject", r.draft.subject},
      {"description", r.draft.description},
      {"language", domain::LanguageCode(r.draft.language)},
      {"entity", EntityJson(ctx, r.draft.entity)},
      {"category", CategoryJson(ctx, r.draft.category)},
      {"channel", domain::ToString(r.draft.channel)},
      {"submitted_at", FormatTime(ctx, r.submitted_at)},
      {"first_response_due_at", FormatTime(ctx, r.first_response_due_at)},
      {"due_at", FormatTime(ctx, r.due_at)},
      {"first_response_at", OptTime(ctx, r.first_response_at)},
      {"answered_at", OptTime(ctx, r.answered_at)},
      {"closed_at", OptTime(ctx, r.closed_at)},
      {"rating", r.rating ? json(*r.rating) : json(nullptr)},
      {"can_rate", can_rate},
      {"can_reopen", can_reopen},
      {"timeline", std::move(timeline)},
      {"attachments", std::move(attachments)},
      {"links", {{"self", "/api/v1/cases/" + r.reference}, {"html", "/track/" + r.reference}}}};
  // A suggestion's outcome (domain/suggestion_outcome.h), independent of the status.
  if (r.draft.type == domain::CaseType::kSuggestion) {
    view["outcome"] = OutcomeJson(ctx, domain::OutcomeOf(events));
  }
  return view;
}

json CreatedView(const AppContext& ctx, const SubmitOutcome& o) {
  const auto& r = o.record;
  return {{"reference", o.reference},
          {"access_code", o.access_code},
          {"status", "received"},
          {"type", domain::ToString(r.draft.type)},
          {"language", domain::LanguageCode(r.draft.language)},
          {"entity", EntityJson(ctx, r.draft.entity)},
          {"category", CategoryJson(ctx, r.draft.category)},
          {"submitted_at", FormatTime(ctx, r.submitted_at)},
          {"first_response_due_at", FormatTime(ctx, r.first_response_due_at)},
          {"due_at", FormatTime(ctx, r.due_at)},
          {"links", {{"self", "/api/v1/cases/" + o.reference}, {"html", "/track/" + o.reference}}}};
}

}  // namespace tawasul::service
