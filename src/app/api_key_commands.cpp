// `tawasul api-key add|list|revoke`: API keys for integrators (docs/operations.md "API keys").
// `add` prints the key once, on standard output, and never again; `list` shows the prefix (which
// names the key without revealing it), never the key or its hash.

#include <algorithm>
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

}  // namespace

int RunApiKeyAdd(const Config& config, const ApiKeyOptions& options) {
  // The request is checked before the store is opened: a typo opens nothing.
  std::string error;
  if (!domain::ParseApiScopes(options.scopes, &error)) {
    throw std::invalid_argument("--scopes: " + error);
  }
  auto store = OpenMigratedStore(config);
  auto outcome =
      service::AddApiKey(*store, {options.name, options.scopes, std::max(0, options.expires_days)},
                         "cli", domain::Now());
  store->Close();
  if (!outcome.errors.empty()) {
    std::string message =
        outcome.errors.front().message;  // "expires_days: ..." -> "--expires-days: ..."
    std::replace(message.begin(), message.begin() + message.find(':'), '_', '-');
    throw std::invalid_argument("--" + message);
  }
  const auto& issued = outcome.issued;
  std::cerr << "API key " << issued.id << " (" << issued.row.prefix << ") for " << issued.row.name
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
  bool revoked = service::RevokeApiKey(*store, options.id, "cli", domain::Now());
  store->Close();
  if (!revoked) {
    std::cerr << "tawasul: no live API key with id " << options.id << "\n";
    return 1;
  }
  std::cout << "revoked " << options.id << "\n";
  return 0;
}

}  // namespace tawasul::app
