#pragma once

#include <cstdint>
#include <string>

#include "notify/send_result.h"

namespace tawasul::notify {

// One webhook call: a JSON body POSTed to a registered URL, signed so that the receiver can check
// it came from Tawasul and was not replayed (docs/notifications.md, "Webhooks").
struct WebhookDelivery {
  std::string url;
  std::string secret;          // the endpoint's shared secret (any length)
  std::string event;           // "case.received", ... -> Tawasul-Event
  std::string body_json;       // sent byte for byte as signed
  std::string delivery_id;     // stable across retries -> Tawasul-Delivery
  std::int64_t timestamp = 0;  // Unix seconds, of this attempt -> Tawasul-Timestamp
};

// "v1=" + lowercase hex HMAC-SHA256(key = secret, message = "<timestamp>.<body>") (libsodium).
std::string WebhookSignature(const std::string& secret, std::int64_t timestamp,
                             const std::string& body);

// http:// or https:// with a host, nothing else (no file:, no gopher:, no spaces).
bool IsValidWebhookUrl(const std::string& url);

// POST application/json with Tawasul-Event, Tawasul-Delivery, Tawasul-Timestamp and
// Tawasul-Signature. 2xx sent; 410 (gone) and any other 4xx but 408 and 429 permanent; 3xx (no
// redirects are followed), 408, 429, 5xx, time-outs and connection failures temporary. An
// invalid URL is a permanent failure without a request.
SendResult SendWebhook(const WebhookDelivery& delivery, int timeout_seconds = 10);

}  // namespace tawasul::notify
