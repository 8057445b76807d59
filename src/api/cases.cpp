// POST /api/v1/cases and GET /api/v1/cases/{reference} (docs/API.md "Cases").

#include "api/handler_util.h"
#include "domain/idempotency.h"
#include "domain/reference.h"
#include "domain/submission_json.h"
#include "http/problem.h"
#include "service/attachments.h"
#include "service/case_service.h"
#include "service/citizen_lookup.h"
#include "service/idempotency.h"
#include "service/json_io.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

namespace {

// The answer to a request whose Idempotency-Key is known (draft-ietf-httpapi-idempotency-key-
// header): the first 201 again, or why not.
http::Response IdempotencyAnswer(const IdempotencyCheck& check, const std::string& rid) {
  using Kind = IdempotencyCheck::Kind;
  if (check.kind == Kind::kReplay) {
    auto r = JsonResponse(201, check.body);
    r.Set("Location", "/api/v1/cases/" + check.reference);
    r.Set("Cache-Control", "no-store");
    r.Set("Idempotent-Replayed", "true");
    return r;
  }
  if (check.kind == Kind::kInProgress) {
    return http::Problem(
        409, "idempotency-key-in-use", "",
        "A request with this Idempotency-Key is still being processed; retry "
        "shortly.",
        rid,
        {{"Idempotency-Key", "in_progress", "the first request with this key has no outcome yet"}});
  }
  return http::Problem(422, "idempotency-key-reused", "",
                       "This Idempotency-Key was used with a different request body.", rid,
                       {{"Idempotency-Key", "reused_with_another_body",
                         "an Idempotency-Key may be used for one request body only"}});
}

// The answer to a submission that was tried (no replay): 201 with the case, or the problem.
http::Response SubmitAnswer(const AppContext& ctx, const SubmitOutcome& o, const std::string& rid) {
  using Kind = SubmitOutcome::Kind;
  switch (o.kind) {
    case Kind::kCreated: {
      auto r = JsonResponse(201, CreatedView(ctx, o));
      r.Set("Location", "/api/v1/cases/" + o.reference);
      r.Set("Cache-Control", "no-store");
      return r;
    }
    case Kind::kInvalid:
      return ValidationProblem(o.errors, rid);
    case Kind::kLimited: {
      auto r =
          http::Problem(429, "rate-limited", "",
                        "Too many cases from this address or contact; nothing was saved.", rid);
      r.Set("Retry-After", std::to_string(o.retry_after));
      return r;
    }
    case Kind::kOverloaded: {
      auto r =
          http::Problem(503, "overloaded", "", "Too many submissions at once; retry shortly.", rid);
      r.Set("Retry-After", "1");
      return r;
    }
    case Kind::kFailed:
      // A fault, not load (SubmitCase logged it): no Retry-After, which would promise
      // that the same request succeeds later.
      return http::Problem(500, "internal", "", "The case could not be stored; nothing was saved.",
                           rid);
    case Kind::kOutcomeUnknown: {
      // The database may have stored it (docs/api.md, "outcome unknown"): never
      // "nothing was saved". No Retry-After: a retry may store a second case.
      auto r =
          http::Problem(503, "outcome-unknown", "",
                        "The connection to the database broke while the case was being saved: it "
                        "may or may not be stored. Check with this reference and access code "
                        "before sending it again.",
                        rid);
      auto body = nlohmann::json::parse(r.body, nullptr, false);
      if (body.is_object()) {
        body["reference"] = o.reference;
        body["access_code"] = o.access_code;
        r.body = body.dump();
      }
      return r;
    }
  }
  return http::Problem(500, "internal", "", "", rid);
}

void PostCase(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  domain::IntakeContext intake;
  auto catalogue = api.app.catalogue.Get();  // alive while SubmitCase validates
  intake.catalogue = catalogue.get();
  // Staff enter cases for callers and visitors (channel phone or counter) with their token; only
  // a request that carries credentials is looked up, so anonymous intake pays nothing for it.
  // A signed-in citizen's token makes the case theirs (cases.owner_id, issue 16).
  if (!req.Header("Authorization").empty()) {
    if (auto who = api.auth.Authenticate(req)) {
      intake.caller_is_staff = domain::MayEnterCasesForCallers(who->actor.role);
      intake.staff_id = who->user.id;
    } else if (auto citizen = api.accounts.Authenticate(req)) {
      intake.owner_id = citizen->account_id;
    } else {
      reply(http::Problem(401, "unauthorized", "",
                          "The token is not a live staff or citizen session.", req.request_id));
      return;
    }
  }
  intake.client_address = req.remote_address;
  const AppContext& ctx = api.app;
  // Idempotency-Key (service/idempotency.h): only a request that carries one pays for it.
  std::shared_ptr<IdempotencyIntent> idempotency;
  if (std::string header(req.Header("Idempotency-Key")); !header.empty()) {
    auto key = domain::ParseIdempotencyKey(header);
    if (!key) {
      reply(http::Problem(400, "malformed", "", "Invalid Idempotency-Key header.", req.request_id,
                          {{"Idempotency-Key", "invalid_idempotency_key",
                            "Idempotency-Key must be 1 to 255 printable ASCII characters"}}));
      return;
    }
    std::string principal = intake.staff_id != 0   ? "staff:" + std::to_string(intake.staff_id)
                            : intake.owner_id != 0 ? "citizen:" + std::to_string(intake.owner_id)
                                                   : std::string();
    idempotency = std::make_shared<IdempotencyIntent>(
        MakeIdempotencyIntent(ctx, std::move(*key), std::move(principal), *body));
    auto check = CheckIdempotencyKey(ctx, *idempotency, domain::Now());
    if (check.kind != IdempotencyCheck::Kind::kNew) {
      reply(IdempotencyAnswer(check, req.request_id));
      return;
    }
  }
  SubmitCase(
      ctx, domain::SubmissionFromJson(*body), intake, req.request_id,
      [&ctx, reply, rid = req.request_id, idempotency](SubmitOutcome o) {
        using Kind = SubmitOutcome::Kind;
        if (idempotency) {
          ReleaseIdempotencyKey(*idempotency);
          // Another node stored a case under this key first (the primary key refused
          // ours): answer as a retry would be answered.
          if (o.kind == Kind::kFailed) {
            auto check = CheckIdempotencyKey(ctx, *idempotency, domain::Now(), false);
            if (check.kind != IdempotencyCheck::Kind::kNew) {
              reply(IdempotencyAnswer(check, rid));
              return;
            }
          }
        }
        reply(SubmitAnswer(ctx, o, rid));
      },
      {}, idempotency.get());
}

void GetCase(ApiContext& api, const http::Request& req, http::Reply reply) {
  // Staff read with their rights; citizens with the access code (which takes precedence).
  if (req.Header("X-Access-Code").empty()) {
    if (auto who = api.auth.Authenticate(req)) return StaffCase(api, req, *who, std::move(reply));
  }
  auto found = CitizenLookup(api.app, api.lookups)
                   .Find(req.remote_address, req.PathParam("reference"),
                         req.Header("X-Access-Code"), /*with_events=*/true);
  if (found.kind == LookupOutcome::Kind::kLimited) {
    return reply(LookupLimited(found, req.request_id));
  }
  if (found.kind == LookupOutcome::Kind::kNotFound) {
    reply(http::Problem(404, "not-found", "", "No case matches this reference and access code.",
                        req.request_id));
    return;
  }
  auto r = JsonResponse(200, CitizenView(api.app, *found.record, found.events));
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void GetAttachment(ApiContext& api, const http::Request& req, http::Reply reply) {
  // As GetCase: the access code (citizen) or staff rights over the case's entity; every failure
  // is the same 404.
  auto not_found = [&] {
    reply(http::Problem(404, "not-found", "", "No such attachment.", req.request_id));
  };
  std::optional<domain::CaseRecord> record;
  if (req.Header("X-Access-Code").empty()) {
    auto who = api.auth.Authenticate(req);
    if (!who) return reply(UnauthorizedProblem(req.request_id));
    auto ref = domain::ParseReference(req.PathParam("reference"));
    record = ref ? api.app.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
    const auto& a = who->actor;
    if (record && !(a.role == domain::Role::kAdmin || a.role == domain::Role::kAuditor ||
                    a.entity == record->draft.entity)) {
      record.reset();
    }
  } else {
    auto found =
        CitizenLookup(api.app, api.lookups)
            .Find(req.remote_address, req.PathParam("reference"), req.Header("X-Access-Code"));
    if (found.kind == LookupOutcome::Kind::kLimited) {
      return reply(LookupLimited(found, req.request_id));
    }
    record = std::move(found.record);
  }
  if (!record) return not_found();
  auto row = FindAttachment(api.app, record->id, req.PathParam("id"));
  if (!row) return not_found();
  reply(AttachmentResponse(api.app, *row, req.request_id));
}

}  // namespace

void RegisterCaseRoutes(http::Router& router, ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kPost, "/api/v1/cases", api, PostCase);
  AddRoute(router, Method::kGet, "/api/v1/cases/{reference}", api, GetCase);
  AddRoute(router, Method::kGet, "/api/v1/cases/{reference}/attachments/{id}", api, GetAttachment);
}

}  // namespace tawasul::api
