#pragma once
// Idempotency-Key on POST /api/v1/cases (issue 23 item 1; docs/api.md "Idempotency-Key"): a
// retry with the same key and body returns the first answer, never a second case.
//
// Invariants:
// - Nothing here runs when the header is absent: the usual submission pays nothing.
// - A key's row is written in its case's transaction (store/idempotency_store.h); until that
//   commit the key is "in progress" on this node (a process-wide set: a second request with it
//   gets 409). Two nodes racing on one key: the primary key refuses the second case, whose
//   request then finds the first's row and replays it.
// - Replays are within kIdempotencyWindow (24 h) of the first request; the scheduler deletes
//   older rows.

#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/time.h"
#include "service/context.h"

namespace tawasul::service {

inline constexpr std::chrono::hours kIdempotencyWindow{24};

// One request's key, as stored: the hashes, and what seals the response.
struct IdempotencyIntent {
  std::string key;        // domain::ParseIdempotencyKey of the header
  std::string principal;  // "" anonymous, "staff:ID", "citizen:ID"
  std::string key_hash;   // domain::IdempotencyKeyHash
  std::string body_hash;  // domain::IdempotencyBodyHash of the canonical body
};

IdempotencyIntent MakeIdempotencyIntent(const AppContext& ctx, std::string key,
                                        std::string principal, const nlohmann::json& body);

struct IdempotencyCheck {
  enum class Kind {
    kNew,         // no row: submit (the key is now reserved on this node: ReleaseKey when done)
    kReplay,      // the same body was answered: `body` is the first 201's body
    kMismatch,    // the key was used with another body: 422
    kInProgress,  // the first request with this key is still being written: 409
  } kind = Kind::kNew;
  nlohmann::json body;    // kReplay
  std::string reference;  // kReplay
};

// Looks the key up (and reserves it when new). `reserve` false: look-up only (after a failed
// write, to find another node's row).
IdempotencyCheck CheckIdempotencyKey(const AppContext& ctx, const IdempotencyIntent& intent,
                                     domain::Instant now, bool reserve = true);
// Ends the reservation of a kNew key (once its submission has its outcome), and runs what was
// waiting for it (AfterIdempotencyKey).
void ReleaseIdempotencyKey(const IdempotencyIntent& intent);
// Runs `then` once the key's reservation ends, or at once when it is not reserved: a second
// click on "send" waits for the first instead of answering 409 to a browser.
void AfterIdempotencyKey(const IdempotencyIntent& intent, std::function<void()> then);

// The 201 body sealed for the store: `created` is CreatedView's body; the reference (unknown
// before the transaction) is left out and put back on replay from the case row.
std::string SealCreatedView(const AppContext& ctx, const IdempotencyIntent& intent,
                            nlohmann::json created);

}  // namespace tawasul::service
