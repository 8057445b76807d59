// Idempotency-Key on POST /api/v1/cases; see idempotency.h.

#include "service/idempotency.h"

#include <map>
#include <mutex>
#include <vector>

#include "domain/idempotency.h"
#include "store/idempotency_store.h"

namespace tawasul::service {

namespace {

// The keys whose first request is being written on this node, with what waits for them.
struct InFlight {
  std::mutex mutex;
  std::map<std::string, std::vector<std::function<void()>>> keys;
};

InFlight& InFlightKeys() {
  static InFlight in_flight;
  return in_flight;
}

// What the reference decides in the 201 body: filled in on replay.
void PutReference(nlohmann::json& body, const std::string& reference) {
  body["reference"] = reference;
  body["links"] = {{"self", "/api/v1/cases/" + reference}, {"html", "/track/" + reference}};
}

}  // namespace

IdempotencyIntent MakeIdempotencyIntent(const AppContext& ctx, std::string key,
                                        std::string principal, const nlohmann::json& body) {
  IdempotencyIntent i;
  i.key_hash = domain::IdempotencyKeyHash(ctx.pepper, principal, key);
  // nlohmann::json keeps object members sorted: one canonical text for equal documents.
  i.body_hash = domain::IdempotencyBodyHash(body.dump());
  i.key = std::move(key);
  i.principal = std::move(principal);
  return i;
}

IdempotencyCheck CheckIdempotencyKey(const AppContext& ctx, const IdempotencyIntent& intent,
                                     domain::Instant now, bool reserve) {
  IdempotencyCheck out;
  auto& in_flight = InFlightKeys();
  if (reserve) {
    std::lock_guard lock(in_flight.mutex);
    if (in_flight.keys.contains(intent.key_hash)) {
      out.kind = IdempotencyCheck::Kind::kInProgress;
      return out;
    }
    in_flight.keys.emplace(intent.key_hash, std::vector<std::function<void()>>{});
  }
  std::optional<store::IdempotencyRow> row;
  try {
    row = ctx.store.Idempotency().FindIdempotencyKey(intent.key_hash, now - kIdempotencyWindow);
  } catch (...) {
    if (reserve) ReleaseIdempotencyKey(intent);
    throw;
  }
  if (!row) return out;  // kNew: reserved above
  if (reserve) ReleaseIdempotencyKey(intent);
  if (row->body_hash != intent.body_hash) {
    out.kind = IdempotencyCheck::Kind::kMismatch;
    return out;
  }
  auto opened =
      domain::OpenIdempotentResponse(ctx.pepper, intent.principal, intent.key, row->response);
  auto body = opened ? nlohmann::json::parse(*opened, nullptr, false) : nlohmann::json();
  if (!body.is_object()) {
    // Cannot happen without the key (the hash matched); treat it as another body.
    out.kind = IdempotencyCheck::Kind::kMismatch;
    return out;
  }
  PutReference(body, row->reference);
  out.kind = IdempotencyCheck::Kind::kReplay;
  out.body = std::move(body);
  out.reference = row->reference;
  return out;
}

void ReleaseIdempotencyKey(const IdempotencyIntent& intent) {
  auto& in_flight = InFlightKeys();
  std::vector<std::function<void()>> waiting;
  {
    std::lock_guard lock(in_flight.mutex);
    auto it = in_flight.keys.find(intent.key_hash);
    if (it == in_flight.keys.end()) return;
    waiting = std::move(it->second);
    in_flight.keys.erase(it);
  }
  for (auto& then : waiting) then();
}

void AfterIdempotencyKey(const IdempotencyIntent& intent, std::function<void()> then) {
  auto& in_flight = InFlightKeys();
  {
    std::lock_guard lock(in_flight.mutex);
    auto it = in_flight.keys.find(intent.key_hash);
    if (it != in_flight.keys.end()) {
      it->second.push_back(std::move(then));
      return;
    }
  }
  then();
}

std::string SealCreatedView(const AppContext& ctx, const IdempotencyIntent& intent,
                            nlohmann::json created) {
  created.erase("reference");
  created.erase("links");
  return domain::SealIdempotentResponse(ctx.pepper, intent.principal, intent.key, created.dump());
}

}  // namespace tawasul::service
