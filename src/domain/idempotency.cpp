// Idempotency-Key values; see idempotency.h.

#include "domain/idempotency.h"

#include <sodium.h>

#include "domain/access_code.h"
#include "domain/webhooks.h"

namespace tawasul::domain {

std::optional<std::string> ParseIdempotencyKey(std::string_view header) {
  if (header.size() >= 2 && header.front() == '"' && header.back() == '"') {
    header = header.substr(1, header.size() - 2);
  }
  if (header.empty() || header.size() > kMaxIdempotencyKeyLength) return std::nullopt;
  for (char ch : header) {
    if (ch < 0x20 || ch > 0x7E) return std::nullopt;
  }
  return std::string(header);
}

std::string IdempotencyKeyHash(std::string_view pepper, std::string_view principal,
                               std::string_view key) {
  return KeyedSaltedHash("pepper", "tawasul-idempotency-key-v1", pepper, principal, key);
}

std::string IdempotencyBodyHash(std::string_view canonical) {
  std::string out(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                     nullptr, 0);
  return out;
}

namespace {

std::string SealKeyOf(std::string_view pepper, std::string_view principal, std::string_view key) {
  return KeyedSaltedHash("pepper", "tawasul-idempotency-seal-v1", pepper, principal, key);
}

}  // namespace

std::string SealIdempotentResponse(std::string_view pepper, std::string_view principal,
                                   std::string_view key, std::string_view response) {
  return SealWebhookSecret(SealKeyOf(pepper, principal, key), response);
}

std::optional<std::string> OpenIdempotentResponse(std::string_view pepper,
                                                  std::string_view principal, std::string_view key,
                                                  std::string_view sealed) {
  return OpenWebhookSecret(SealKeyOf(pepper, principal, key), sealed);
}

}  // namespace tawasul::domain
