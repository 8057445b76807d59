// `tawasul api-key add|list|revoke`: API keys for integrators (docs/operations.md "API keys").
// `add` prints the key once, on standard output, and never again; `list` shows the prefix (which
// names the key without revealing it), never the key or its hash.

#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "domain/api_key.h"
#include "service/api_keys.h"
#include "store/api_key_store.h"

namespace tawasul::app {

namespace {

nlohmann::json OptSecs(const std::optional<domain::Instant>& t) {
  return t ? nlohmann::json(domain::FormatRfc3339(*t, 0)) : nlohmann::json(nullptr);
}

// The administration log's record of a key issued or revoked (never the key or its hash).
void Record(store::Store& store, const std::string& action, std::int64_t id,
            const nlohmann::json& detail) {
  store::AdminChange change;
  change.at = domain::Now();
  change.actor = "cli";
  change.area = "api_key";
  change.action = action;
  change.subject = std::to_string(id);
  change.detail = detail.dump();
  store.RecordAdminChange(change);
}

}  // namespace

int RunApiKeyAdd(const Config& config, const ApiKeyOptions& options) {
  std::string error;
  auto scopes = domain::ParseApiScopes(options.scopes, &error);
  if (!scopes) throw std::invalid_argument("--scopes: " + error);
  if (options.name.empty() || options.name.size() > 200) {
    throw std::invalid_argument("--name: 1 to 200 characters");
  }
  auto store = OpenMigratedStore(config);
  std::optional<int> days;
  if (options.expires_days > 0) days = options.expires_days;
  auto issued = service::IssueApiKey(*store, options.name, *scopes, days, "cli", domain::Now());
  Record(*store, "add", issued.id,
         {{"name", options.name}, {"prefix", issued.row.prefix}, {"scopes", issued.row.scopes}});
  store->Close();
  std::cerr << "API key " << issued.id << " (" << issued.row.prefix << ") for " << options.name
            << ", scopes " << issued.row.scopes
            << ". It is shown once: give it to the integrator now.\n";
  std::cout << issued.key << "\n";
  return 0;
}

int RunApiKeyList(const Config& config) {
  auto store = OpenMigratedStore(config);
  auto rows = store->ApiKeys().ListApiKeys();
  store->Close();
  auto now = domain::Now();
  for (const auto& r : rows) {
    nlohmann::json j = {{"id", r.id},
                        {"name", r.name},
                        {"prefix", r.prefix},
                        {"scopes", r.scopes},
                        {"created_at", domain::FormatRfc3339(r.created_at, 0)},
                        {"created_by", r.created_by},
                        {"expires_at", OptSecs(r.expires_at)},
                        {"last_used_at", OptSecs(r.last_used_at)},
                        {"revoked_at", OptSecs(r.revoked_at)},
                        {"live", domain::ApiKeyLive(r.expires_at, r.revoked_at, now)}};
    std::cout << j.dump() << "\n";
  }
  return 0;
}

int RunApiKeyRevoke(const Config& config, const ApiKeyOptions& options) {
  auto store = OpenMigratedStore(config);
  bool revoked = store->ApiKeys().RevokeApiKey(options.id, domain::Now());
  if (revoked) Record(*store, "revoke", options.id, nlohmann::json::object());
  store->Close();
  if (!revoked) {
    std::cerr << "tawasul: no live API key with id " << options.id << "\n";
    return 1;
  }
  std::cout << "revoked " << options.id << "\n";
  return 0;
}

}  // namespace tawasul::app
