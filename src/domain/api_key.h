#pragma once
// API keys for integrators (issue 17 item 3; docs/api.md "API keys"): the key's format, its
// hash, its scopes and when it may be used. Pure rules; the store keeps only the hash.
//
// Invariants:
//  * A key is "tw_" + prefix (8 symbols) + "_" + secret (43 symbols: 256 random bits, base64url
//    without padding). The prefix names the row (looked up first, indexed, not secret); the
//    secret is never stored: only SHA-256 of the whole key, hex. SHA-256 is enough because the
//    secret is random (not a password to guess); it is compared in constant time.
//  * Scopes are a comma list of `submit`, `read`, `figures` and `staff:<ENTITY>`; each appears
//    once, in that canonical order when formatted, so a stored list reads the same everywhere.
//  * A revoked or expired key is refused like an unknown one (the caller learns nothing more).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace tawasul::domain {

inline constexpr std::string_view kApiKeyTag = "tw_";
inline constexpr std::size_t kApiKeyPrefixLength = 8;
inline constexpr std::size_t kApiKeySecretLength = 43;  // 32 bytes, base64url without padding
// last_used_at is written at most this often per key (no write per request).
inline constexpr std::chrono::seconds kApiKeyTouchInterval{60};

// What a key may do. `submit`: POST Open311 requests; `read`: the public reads (Open311 GET);
// `figures`: the public figures; `staff:<ENTITY>`: act as staff of that entity (defined, not
// enforced yet: no route accepts it today).
enum class ApiScope { kSubmit, kRead, kFigures, kStaff };

struct ApiScopes {
  bool submit = false;
  bool read = false;
  bool figures = false;
  std::vector<std::string> staff_entities;  // sorted, unique
  bool operator==(const ApiScopes&) const = default;
};

// Parses "submit,read,staff:MOH" (spaces around items allowed). nullopt with `*error` naming the
// first bad item (unknown scope, empty list, repeated item, bad entity code).
std::optional<ApiScopes> ParseApiScopes(std::string_view list, std::string* error = nullptr);
// The canonical comma list ("submit,read,figures,staff:A,staff:B").
std::string FormatApiScopes(const ApiScopes& scopes);
// True when `scopes` grant `scope` (kStaff: for `entity`).
bool Grants(const ApiScopes& scopes, ApiScope scope, std::string_view entity = "");

struct NewApiKey {
  std::string key;     // shown once
  std::string prefix;  // stored, indexed
  std::string hash;    // stored: ApiKeyHash(key)
};
// A fresh key from the CSPRNG (libsodium).
NewApiKey GenerateApiKey();
// The prefix of a well-formed key; nullopt for anything else (no look-up is made for it).
std::optional<std::string> ApiKeyPrefix(std::string_view key);
// SHA-256 of the key, lowercase hex.
std::string ApiKeyHash(std::string_view key);
// Constant-time comparison of ApiKeyHash(key) with a stored hash.
bool ApiKeyMatches(std::string_view key, std::string_view stored_hash);

// A key may be used at `now` unless revoked or expired (expires_at at or before now).
bool ApiKeyLive(const std::optional<Instant>& expires_at, const std::optional<Instant>& revoked_at,
                Instant now);
// last_used_at should be written: never written, or written kApiKeyTouchInterval ago or more.
bool ApiKeyTouchDue(const std::optional<Instant>& last_used_at, Instant now);

}  // namespace tawasul::domain
