// API keys: format, hash and scopes (see api_key.h for the invariants).
//
// The prefix uses lowercase letters and digits without look-alikes so that an operator can read
// it aloud from `tawasul api-key list`; the secret uses libsodium's URL-safe base64 so the key
// travels unescaped in a form body or a query string.

#include "domain/api_key.h"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace tawasul::domain {

namespace {

constexpr std::string_view kPrefixAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

void EnsureSodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) throw std::runtime_error("libsodium could not be initialised");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The catalogue's entity code rule (domain/catalogue.h): ^[A-Z][A-Z0-9_-]{1,15}$.
bool IsEntityCode(std::string_view s) {
  if (s.size() < 2 || s.size() > 16 || s[0] < 'A' || s[0] > 'Z') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool IsSecretSymbol(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::optional<ApiScopes> ParseApiScopes(std::string_view list, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<ApiScopes> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  ApiScopes out;
  if (Trim(list).empty()) return fail("at least one scope is required");
  while (true) {
    auto comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    bool repeated = false;
    if (item == "submit") {
      repeated = std::exchange(out.submit, true);
    } else if (item == "read") {
      repeated = std::exchange(out.read, true);
    } else if (item == "figures") {
      repeated = std::exchange(out.figures, true);
    } else if (item.starts_with("staff:")) {
      std::string entity(item.substr(6));
      if (!IsEntityCode(entity)) return fail("bad entity code in scope: " + std::string(item));
      auto& v = out.staff_entities;
      repeated = std::find(v.begin(), v.end(), entity) != v.end();
      if (!repeated) v.push_back(entity);
    } else {
      return fail("unknown scope: " + std::string(item));
    }
    if (repeated) return fail("repeated scope: " + std::string(item));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  std::sort(out.staff_entities.begin(), out.staff_entities.end());
  return out;
}

std::string FormatApiScopes(const ApiScopes& scopes) {
  std::vector<std::string> items;
  if (scopes.submit) items.emplace_back("submit");
  if (scopes.read) items.emplace_back("read");
  if (scopes.figures) items.emplace_back("figures");
  for (const auto& e : scopes.staff_entities) items.push_back("staff:" + e);
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ',';
    out += i;
  }
  return out;
}

bool Grants(const ApiScopes& scopes, ApiScope scope, std::string_view entity) {
  switch (scope) {
    case ApiScope::kSubmit:
      return scopes.submit;
    case ApiScope::kRead:
      return scopes.read;
    case ApiScope::kFigures:
      return scopes.figures;
    case ApiScope::kStaff:
      return !entity.empty() &&
             std::find(scopes.staff_entities.begin(), scopes.staff_entities.end(), entity) !=
                 scopes.staff_entities.end();
  }
  return false;
}

NewApiKey GenerateApiKey() {
  EnsureSodium();
  NewApiKey k;
  for (std::size_t i = 0; i < kApiKeyPrefixLength; ++i) {
    k.prefix +=
        kPrefixAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kPrefixAlphabet.size()))];
  }
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, secret, sizeof secret,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(secret, sizeof secret);
  k.key = std::string(kApiKeyTag) + k.prefix + "_" + b64;
  k.hash = ApiKeyHash(k.key);
  return k;
}

std::optional<std::string> ApiKeyPrefix(std::string_view key) {
  constexpr std::size_t kLength = kApiKeyTag.size() + kApiKeyPrefixLength + 1 + kApiKeySecretLength;
  if (key.size() != kLength || !key.starts_with(kApiKeyTag)) return std::nullopt;
  std::string_view prefix = key.substr(kApiKeyTag.size(), kApiKeyPrefixLength);
  if (key[kApiKeyTag.size() + kApiKeyPrefixLength] != '_') return std::nullopt;
  for (char c : prefix) {
    if (kPrefixAlphabet.find(c) == std::string_view::npos) return std::nullopt;
  }
  std::string_view secret = key.substr(kLength - kApiKeySecretLength);
  if (!std::all_of(secret.begin(), secret.end(), IsSecretSymbol)) return std::nullopt;
  return std::string(prefix);
}

std::string ApiKeyHash(std::string_view key) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool ApiKeyMatches(std::string_view key, std::string_view stored_hash) {
  std::string hash = ApiKeyHash(key);
  if (stored_hash.size() != hash.size()) return false;
  return sodium_memcmp(hash.data(), stored_hash.data(), hash.size()) == 0;
}

bool ApiKeyLive(const std::optional<Instant>& expires_at, const std::optional<Instant>& revoked_at,
                Instant now) {
  if (revoked_at) return false;
  return !expires_at || now < *expires_at;
}

bool ApiKeyTouchDue(const std::optional<Instant>& last_used_at, Instant now) {
  return !last_used_at || now - *last_used_at >= kApiKeyTouchInterval;
}

}  // namespace tawasul::domain
