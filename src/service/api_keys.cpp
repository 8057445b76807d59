// API keys: issue, and the per-request gate (see api_keys.h for the invariants).

#include "service/api_keys.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

namespace tawasul::service {

namespace {

// The administration log's record of a key issued or revoked (never the key or its hash). As
// for every administration change (admin_log.h), a failure to record is logged, not undone.
void Record(store::Store& store, const std::string& actor, const std::string& action,
            std::int64_t id, const nlohmann::json& detail, domain::Instant now) {
  store::AdminChange change;
  change.at = now;
  change.actor = actor;
  change.area = "api_key";
  change.action = action;
  change.subject = std::to_string(id);
  change.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  try {
    store.RecordAdminChange(change);
  } catch (const std::exception& e) {
    spdlog::error("administration log: could not record api_key {} {} by {}: {}", action, id, actor,
                  e.what());
  }
}

}  // namespace

ApiKeyAddOutcome AddApiKey(store::Store& store, const ApiKeyRequest& request,
                           const std::string& actor, domain::Instant now) {
  ApiKeyAddOutcome out;
  std::string name = domain::TrimText(request.name);
  if (name.empty() || name.size() > 200) {
    out.errors.push_back({"name", "length", "name: 1 to 200 characters"});
  }
  std::string error;
  auto scopes = domain::ParseApiScopes(request.scopes, &error);
  if (!scopes) out.errors.push_back({"scopes", "invalid", "scopes: " + error});
  if (request.expires_days < 0 || request.expires_days > kApiKeyMaxExpiryDays) {
    out.errors.push_back({"expires_days", "out_of_range", "expires_days: 0 to 3650"});
  }
  if (!out.errors.empty()) return out;
  std::optional<int> days;
  if (request.expires_days > 0) days = request.expires_days;
  out.issued = IssueApiKey(store, name, *scopes, days, actor, now);
  Record(store, actor, "add", out.issued.id,
         {{"name", name}, {"prefix", out.issued.row.prefix}, {"scopes", out.issued.row.scopes}},
         now);
  return out;
}

bool RevokeApiKey(store::Store& store, std::int64_t id, const std::string& actor,
                  domain::Instant now) {
  if (!store.ApiKeys().RevokeApiKey(id, now)) return false;
  Record(store, actor, "revoke", id, nlohmann::json::object(), now);
  return true;
}

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
