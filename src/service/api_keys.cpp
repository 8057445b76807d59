// API keys: issue, and the per-request gate (see api_keys.h for the invariants).

#include "service/api_keys.h"

namespace tawasul::service {

IssuedApiKey IssueApiKey(store::Store& store, const std::string& name,
                         const domain::ApiScopes& scopes, std::optional<int> expires_days,
                         const std::string& created_by, domain::Instant now) {
  auto fresh = domain::GenerateApiKey();
  IssuedApiKey out;
  out.key = fresh.key;
  auto& row = out.row;
  row.name = name;
  row.prefix = fresh.prefix;
  row.hash = fresh.hash;
  row.scopes = domain::FormatApiScopes(scopes);
  row.created_at = now;
  row.created_by = created_by;
  if (expires_days && *expires_days > 0) row.expires_at = now + std::chrono::days(*expires_days);
  out.id = row.id = store.ApiKeys().AddApiKey(row);
  return out;
}

ApiKeyGate::ApiKeyGate(store::Store& store, double per_minute, double burst)
    : store_(store), limiter_(per_minute, burst) {}

ApiKeyGate::Outcome ApiKeyGate::Check(const std::string& key, domain::ApiScope scope,
                                      domain::Instant now) {
  using Kind = Outcome::Kind;
  Outcome out;
  if (key.empty()) {
    out.kind = Kind::kMissing;
    return out;
  }
  auto prefix = domain::ApiKeyPrefix(key);
  auto row = prefix ? store_.ApiKeys().FindApiKeyByPrefix(*prefix) : std::nullopt;
  // The hash is computed whether or not a row was found, so a wrong prefix costs the same.
  bool matches = domain::ApiKeyMatches(key, row ? row->hash : std::string(64, '0'));
  if (!row || !matches || !domain::ApiKeyLive(row->expires_at, row->revoked_at, now)) {
    out.kind = Kind::kRefused;
    return out;
  }
  out.key_id = row->id;
  auto scopes = domain::ParseApiScopes(row->scopes);
  if (!scopes || !domain::Grants(*scopes, scope)) {
    out.kind = Kind::kNoScope;
    return out;
  }
  if (!limiter_.Allow("key:" + std::to_string(row->id), &out.retry_after)) {
    out.kind = Kind::kLimited;
    return out;
  }
  bool touch = false;
  if (domain::ApiKeyTouchDue(row->last_used_at, now)) {
    std::lock_guard lock(mu_);
    auto it = touched_.find(row->id);
    if (it == touched_.end() || domain::ApiKeyTouchDue(it->second, now)) {
      touched_[row->id] = now;
      touch = true;
    }
  }
  if (touch) store_.ApiKeys().TouchApiKey(row->id, now);
  out.kind = Kind::kAllowed;
  return out;
}

}  // namespace tawasul::service
