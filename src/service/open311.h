#pragma once
// Open311 GeoReport v2 use cases (issue 17 item 1; docs/api.md "Open311"): a request submitted
// through the same path as POST /api/v1/cases, and the public reads of requests.
//
// Invariants:
//  * SubmitOpen311Request calls service::SubmitCase (so domain::ValidateSubmission, routing,
//    due times, the receipt message and durable storage are the ones every channel has), with
//    channel open311 and the integrator's key standing for the caller. The per-address intake
//    limit does not apply (an integrator sends every citizen's report from its own address): the
//    key's own rate limit does (service/api_keys.h).
//  * A created request is linked to the key that created it (store/open311_update_store.h),
//    after the case's commit and before the answer; a failed link leaves the case stored (the
//    answer is still its 200) but closed to updates from any key (service/open311_updates.h).
//  * The access code is not returned to the integrator: the citizen gets the receipt message
//    (with the tracking link) at the contact they gave (docs/decisions.md 2026-12-07).
//  * Reads return PublicRequestView only: no description, contact, address or coordinates.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/language.h"
#include "domain/open311.h"
#include "service/case_service.h"
#include "service/context.h"
#include "store/open311_store.h"

namespace tawasul::service {

// Validates and stores an Open311 request already read (domain::ReadOpen311Post, whose own errors
// the caller answered). kInvalid errors name Open311 fields (domain::Open311FieldName), one per
// field. `key_id`: the integrator's key (ApiKeyGate's outcome). `done` as for SubmitCase.
void SubmitOpen311Request(const AppContext& ctx, domain::SubmissionInput input, std::int64_t key_id,
                          const std::string& request_id, std::function<void(SubmitOutcome)> done);

struct PublicRequestView {
  store::PublicRequestRow row;
  std::string service_name;      // the category's name in the asked language
  std::string agency;            // the entity's name in the asked language
  domain::Instant updated_at{};  // the latest of submission, first response, answer and closure
};

// The requests `query` names: by reference when it lists any (other filters ignored, as the
// specification says), else by window, service and status; newest first, at most 1,000.
std::vector<PublicRequestView> ListPublicRequests(const AppContext& ctx,
                                                  const domain::Open311Query& query,
                                                  domain::Language language);
// One request by any written form of its reference; nullopt when unknown.
std::optional<PublicRequestView> FindPublicRequest(const AppContext& ctx, std::string_view id,
                                                   domain::Language language);

}  // namespace tawasul::service
