#pragma once
// Open311 request updates (mySociety's `servicerequestupdates`; docs/open311.md "Updates"): the
// public updates of a time window, and a citizen's update posted by the integrator whose key
// created the request.
//
// Invariants:
//  * ListRequestUpdates returns what domain/open311_updates.h allows only: the reference, the
//    update's id, status, time and the fixed wording of its status; never an event's text.
//  * PostRequestUpdate acts only on a request created with the same key (the link written by
//    SubmitOpen311Request); any other reference, known or not, is kNotFound, so a key learns
//    nothing about requests it did not create. The update is the citizen's reply use case
//    (BuildCitizenAction + ApplyCaseAction), the same as POST /api/v1/cases/{reference}/replies.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/language.h"
#include "domain/open311_updates.h"
#include "service/context.h"

namespace tawasul::service {

struct RequestUpdateView {
  std::string update_id;  // domain::Open311UpdateId
  std::string reference;
  std::string status;       // an extended status (domain::Open311UpdateStatus)
  std::string description;  // domain::Open311UpdateWording in the asked language
  domain::Instant at{};
};
// Updates in `window`, oldest first, at most domain::kOpen311MaxUpdates.
std::vector<RequestUpdateView> ListRequestUpdates(const AppContext& ctx,
                                                  const domain::Open311Window& window,
                                                  domain::Language language);

struct UpdatePostOutcome {
  enum class Kind {
    kPosted,
    kNotFound,
    kInvalid,
    kClosed,
    kOverloaded,
    kFailed
  } kind = Kind::kFailed;
  std::string update_id;  // kPosted
  std::string message;    // kInvalid: the field's message
  std::string field;      // kInvalid
};
// Adds `text` as the citizen's reply to `reference` (canonical) on behalf of key `key_id`.
// `done` runs once, off the store's writer thread.
void PostRequestUpdate(const AppContext& ctx, const std::string& reference, std::int64_t key_id,
                       const std::string& text, std::function<void(UpdatePostOutcome)> done);

}  // namespace tawasul::service
