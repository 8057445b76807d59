// Webhooks: signed JSON POSTs.
//
// Invariants:
//   - the signature covers the timestamp and the exact body bytes sent: a receiver that
//     recomputes HMAC-SHA256(secret, "<Tawasul-Timestamp>.<raw body>") and compares in constant
//     time knows the body is ours and unchanged; checking that the timestamp is recent (five
//     minutes, say) stops a recorded request from being replayed later; Tawasul-Delivery is the
//     same on every retry of one delivery, so receivers can drop duplicates (delivery is at
//     least once);
//   - the HMAC is libsodium's (crypto_auth_hmacsha256_init/update/final, which take a key of any
//     length), never hand-written;
//   - header values lose CR and LF (an event name cannot add a header); the body is not logged.

#include "notify/webhook.h"

#include <sodium.h>

#include <array>

#include "notify/channel_support.h"

namespace tawasul::notify {

std::string WebhookSignature(const std::string& secret, std::int64_t timestamp,
                             const std::string& body) {
  internal::EnsureSodium();
  const std::string prefix = std::to_string(timestamp) + ".";
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()),
                                prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  return "v1=" + std::string(hex.data());
}

bool IsValidWebhookUrl(const std::string& url) { return internal::IsHttpUrl(url); }

SendResult SendWebhook(const WebhookDelivery& delivery, int timeout_seconds) {
  if (!IsValidWebhookUrl(delivery.url)) {
    return {SendOutcome::kPermanentFailure, "invalid url", {}};
  }
  internal::HttpRequest request;
  request.method = "POST";
  request.url = delivery.url;
  request.body = delivery.body_json;
  request.timeout_seconds = timeout_seconds;
  request.headers = {
      "Content-Type: application/json",
      "Tawasul-Event: " + internal::StripLineBreaks(delivery.event),
      "Tawasul-Delivery: " + internal::StripLineBreaks(delivery.delivery_id),
      "Tawasul-Timestamp: " + std::to_string(delivery.timestamp),
      "Tawasul-Signature: " +
          WebhookSignature(delivery.secret, delivery.timestamp, delivery.body_json),
  };
  return internal::ClassifyHttp(internal::PerformHttp(request));
}

}  // namespace tawasul::notify
