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
//  * An edit changes url, entity, events and the active flag under the same checks as a
//    registration; a rotation replaces the secret with a new one, sealed under the server secret
//    in force (so it also re-keys a webhook whose secret was sealed under another one, e.g. after
//    `tawasul copy` to a system with another --secret-file) and returns it once. Deliveries
//    already queued keep their bodies and are signed with the secret in force when sent.
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

// What an edit sets; a field left nullopt keeps its value.
struct WebhookEdit {
  std::optional<std::string> url;
  std::optional<std::string> entity;  // "" : national
  std::optional<std::vector<std::string>> events;
  std::optional<bool> active;
};

struct WebhookEditOutcome {
  bool found = false;
  std::vector<domain::FieldError> errors;  // as for a registration; nothing stored then
};

// Checks and stores `edit` of webhook `id` for `by` and records what it now is (action
// "change"). Nothing is stored (nor logged) when nothing changes.
WebhookEditOutcome EditWebhook(const AppContext& ctx, const Principal& by, std::int64_t id,
                               const WebhookEdit& edit);

// A new secret for webhook `id` (action "rotate", the secret not logged): returned in clear this
// once; nullopt when there is no such webhook.
std::optional<std::string> RotateWebhookSecret(const AppContext& ctx, const Principal& by,
                                               std::int64_t id);

// False when there is no such active webhook.
bool DeactivateWebhook(const AppContext& ctx, const Principal& by, std::int64_t id);

// Puts delivery `outbox_id` of webhook `webhook_id` back in the queue. False when it is not a
// final delivery of that webhook.
bool ReplayWebhookDelivery(const AppContext& ctx, const Principal& by, std::int64_t webhook_id,
                           std::int64_t outbox_id);

}  // namespace tawasul::service
