#pragma once
// Case intake and tracking, shared by the JSON API (api/cases.cpp) and the HTML pages
// (web/pages.cpp): validation, routing, access code, due times, durable storage, and the
// citizen's view of a case.

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/intake.h"
#include "service/attachments.h"
#include "service/context.h"

namespace tawasul::service {

struct IdempotencyIntent;  // service/idempotency.h

struct SubmitOutcome {
  enum class Kind {
    kCreated,
    kInvalid,
    kLimited,
    kOverloaded,
    kFailed,
    kOutcomeUnknown
  } kind = Kind::kFailed;
  std::vector<domain::FieldError> errors;  // kInvalid
  int retry_after = 0;                     // kLimited: seconds (answer 429 with Retry-After)
  std::string reference;                   // kCreated; kOutcomeUnknown: the one being written
  std::string access_code;    // kCreated, kOutcomeUnknown: shown once, never stored in clear
  domain::CaseRecord record;  // kCreated
};

// Fills a new case's clocks, due times, warning instant, reference year and figures for a
// case submitted at nc.submitted_at (nc.draft set), with the calendar and targets of `sla`.
void StartNewCase(store::NewCase& nc, const SlaRules::Snapshot& sla);

// Validates `input` (domain::ValidateSubmission, after automatic routing) and, when valid,
// stores the case. `done` runs exactly once, possibly on the
// store's writer thread, after the case is durable (or with the reason it is not).
// `attachments` (already checked: count, size, sniffed type) are written to the attachment
// files only once the submission is valid, before the case is queued; a write failure is kFailed
// and stores nothing. kOverloaded (the write queue is full) is load: answer 503 with
// Retry-After. kLimited: the client address or the contact sent too many cases (intake.
// client_address set and ctx.intake_limits present; intake_limits.h): answer 429 with
// Retry-After; nothing was stored. kFailed is a fault, already logged here with `request_id` (never
// the submission's content): answer 500. kOutcomeUnknown: the database connection broke during
// the COMMIT and the case was not found on another connection afterwards (when it is found, the
// answer is kCreated): answer 503 saying so, with `reference`, the one it would have.
// `idempotency` (POST /api/v1/cases with an Idempotency-Key, service/idempotency.h): the key's
// row, with the sealed 201 body, is written in the case's transaction.
void SubmitCase(const AppContext& ctx, domain::SubmissionInput input,
                const domain::IntakeContext& intake, const std::string& request_id,
                std::function<void(SubmitOutcome)> done,
                std::vector<NewAttachment> attachments = {},
                const IdempotencyIntent* idempotency = nullptr);

// Logs a write of a valid submission that failed (not for overload) as SubmitCase does: the
// request id and the first line of `error`, which must hold no personal data of its own.
void LogFailedSubmission(const std::string& request_id, std::string_view error);
// The same for another write (`what`: "case action"), logged where no request id is at hand.
void LogFailedWrite(std::string_view what, std::string_view error);

// Finds a case by any written form of its reference and checks the access code. nullopt for an
// unparsable reference, a bad check digit, an unknown case or a wrong code alike, with the same
// work done in each case (no timing difference reveals which).
std::optional<domain::CaseRecord> FindCaseForCitizen(
    const AppContext& ctx, std::string_view reference, std::string_view access_code,
    std::vector<domain::CaseEvent>* events = nullptr);

// The citizen's view (docs/API.md "GET /api/v1/cases/{reference}"): no internal events, no
// staff names.
nlohmann::json CitizenView(const AppContext& ctx, const domain::CaseRecord& record,
                           const std::vector<domain::CaseEvent>& events);

// The 201 body of a submission.
nlohmann::json CreatedView(const AppContext& ctx, const SubmitOutcome& outcome);

// RFC 3339 in the calendar's zone.
std::string FormatTime(const AppContext& ctx, domain::Instant t);

}  // namespace tawasul::service
