#pragma once
// API keys (issue 17 item 3; docs/api.md "API keys"): issuing, listing and revoking them (the
// `tawasul api-key` command), and the gate every keyed request passes (ApiKeyGate).
//
// Invariants:
//  * The key is returned once by IssueApiKey and never again: only its hash is stored.
//  * A request with a missing, malformed, unknown, revoked or expired key, or a wrong secret, is
//    refused the same way (kRefused), after the same look-up, so the answer reveals nothing.
//  * last_used_at is written at most once a minute per key (a memory of the last write per key
//    on this node, and the stored time), never on every request.
//  * Each key has its own token bucket (http::RateLimiter keyed by the key's id): one integrator
//    cannot use up another's allowance.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/api_key.h"
#include "domain/intake.h"
#include "http/rate_limit.h"
#include "store/api_key_store.h"
#include "store/store.h"

namespace tawasul::service {

struct IssuedApiKey {
  std::int64_t id = 0;
  std::string key;  // shown once
  store::ApiKeyRow row;
};

// Issues a key named `name` with `scopes` (already parsed), expiring `expires_days` days after
// `now` when given (> 0). `created_by`: "cli" or "user:<id>".
IssuedApiKey IssueApiKey(store::Store& store, const std::string& name,
                         const domain::ApiScopes& scopes, std::optional<int> expires_days,
                         const std::string& created_by, domain::Instant now);

// An administrator's request for a key (the `tawasul api-key add` options, the /admin/api-keys
// form): `scopes` as a comma list (domain::ParseApiScopes), `expires_days` 0 for never.
struct ApiKeyRequest {
  std::string name;
  std::string scopes;
  int expires_days = 0;
};
struct ApiKeyAddOutcome {
  std::vector<domain::FieldError>
      errors;           // fields "name", "scopes", "expires_days"; nothing stored
  IssuedApiKey issued;  // when no errors: the key, shown once
};
inline constexpr int kApiKeyMaxExpiryDays = 3650;
// The one implementation of adding a key, for the command and the page: checks the request,
// issues the key and records it in the administration log (area api_key, action add, the name,
// prefix and scopes; never the key or its hash). `actor`: "cli" or "user:<id>".
ApiKeyAddOutcome AddApiKey(store::Store& store, const ApiKeyRequest& request,
                           const std::string& actor, domain::Instant now);
// Revokes key `id` and records it (action revoke); false when no live key has that id.
bool RevokeApiKey(store::Store& store, std::int64_t id, const std::string& actor,
                  domain::Instant now);

// Checks the request's key for one scope, limits its rate and records its use.
class ApiKeyGate {
 public:
  struct Outcome {
    enum class Kind { kAllowed, kMissing, kRefused, kNoScope, kLimited } kind = Kind::kRefused;
    int retry_after = 0;      // kLimited: seconds
    std::int64_t key_id = 0;  // kAllowed, kNoScope, kLimited
  };
  // `per_minute` requests per key and minute, bursts up to `burst` (per_minute <= 0: no limit).
  ApiKeyGate(store::Store& store, double per_minute, double burst);
  // The outcome for `key` (as sent; "" : missing) asking for `scope` at `now`.
  Outcome Check(const std::string& key, domain::ApiScope scope, domain::Instant now);

 private:
  store::Store& store_;
  http::RateLimiter limiter_;
  std::mutex mu_;
  std::map<std::int64_t, domain::Instant> touched_;  // last last_used_at write, per key id
};

}  // namespace tawasul::service
