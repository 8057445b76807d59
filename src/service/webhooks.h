#pragma once
// Webhooks registered by the national administrator (docs/notifications.md "Webhooks"): the use
// cases shared by the admin pages and the JSON API. Each change is stored, then recorded in the
// administration log (area "webhook"; the secret never is), then answered.
//
// Invariants:
//  * A webhook's URL is http(s) with a host (domain::IsWebhookUrl), its entity "" (national) or
//    one of the catalogue, its events a non-empty subset of domain::kWebhookKinds.
//  * Its secret is made here, stored sealed under the server secret, and returned once: to the
//    administrator who registered it. Nothing reads it back in clear but the delivery worker.
//  * A replay puts one final delivery of that webhook back in the queue with its id unchanged,
//    so the receiver sees the same Tawasul-Delivery and can drop it if it already had it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/intake.h"
#include "service/auth.h"
#include "service/context.h"

namespace tawasul::service {

struct WebhookRequest {
  std::string url;
  std::string entity;               // "" : national
  std::vector<std::string> events;  // message kinds
};

struct WebhookRegistration {
  std::vector<domain::FieldError> errors;  // by field: url, entity, events; nothing stored
  std::int64_t id = 0;
  std::string secret;  // in clear, this once
};

// Checks `request` and, when valid, stores the webhook for `by` and records it.
WebhookRegistration RegisterWebhook(const AppContext& ctx, const Principal& by,
                                    const WebhookRequest& request);

// False when there is no such active webhook.
bool DeactivateWebhook(const AppContext& ctx, const Principal& by, std::int64_t id);

// Puts delivery `outbox_id` of webhook `webhook_id` back in the queue. False when it is not a
// final delivery of that webhook.
bool ReplayWebhookDelivery(const AppContext& ctx, const Principal& by, std::int64_t webhook_id,
                           std::int64_t outbox_id);

}  // namespace tawasul::service
