#pragma once
// API keys in the store (issue 17 item 3; domain/api_key.h for the key's rules). An interface of
// its own beside `Store`, reached by Store::ApiKeys(), so that the files including store.h do not
// depend on it.
//
// Invariants: the secret is never stored, only its hash; `prefix` is unique; a key is revoked
// by setting revoked_at (rows are never deleted, so `list` shows who had access and until when).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.h"

namespace tawasul::store {

struct ApiKeyRow {
  std::int64_t id = 0;
  std::string name;    // the integrator, as the administrator named it
  std::string prefix;  // domain::ApiKeyPrefix of the key
  std::string hash;    // domain::ApiKeyHash of the key
  std::string scopes;  // domain::FormatApiScopes
  domain::Instant created_at{};
  std::string created_by;  // "cli" or "user:<id>"
  std::optional<domain::Instant> expires_at;
  std::optional<domain::Instant> last_used_at;
  std::optional<domain::Instant> revoked_at;
};

class ApiKeyStore {
 public:
  virtual ~ApiKeyStore() = default;
  // Stores a new key (row.id ignored); returns its id. Synchronous (waits for the writer).
  virtual std::int64_t AddApiKey(const ApiKeyRow& row) = 0;
  // Every key, by id.
  virtual std::vector<ApiKeyRow> ListApiKeys() = 0;
  virtual std::optional<ApiKeyRow> FindApiKeyByPrefix(const std::string& prefix) = 0;
  // Sets revoked_at; false when there is no such key or it was revoked already. Synchronous.
  virtual bool RevokeApiKey(std::int64_t id, domain::Instant now) = 0;
  // Sets last_used_at = now, queued on the writer without waiting (a failed or refused write is
  // dropped: the time is informative only).
  virtual void TouchApiKey(std::int64_t id, domain::Instant now) = 0;
};

}  // namespace tawasul::store
