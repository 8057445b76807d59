#pragma once
// The webhooks administrators register and their deliveries (docs/notifications.md "Webhooks"):
// registration, an edit (a secret's rotation is an edit of the sealed secret), deactivation, the
// delivery list, a replay, and the import of `tawasul copy`. Reached as `store.Webhooks()`;
// implemented once for both backends in store/common/sql_store_delivery.h.
//
// Invariants: an update never changes a webhook's id, created_at or created_by; an import keeps
// every field, the id included, and new webhooks continue after the largest id imported.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/message_store.h"
#include "store/store.h"

namespace tawasul::store {

// A webhook registered by an administrator (docs/notifications.md "Webhooks"). Its deliveries
// are outbox rows with recipient "webhook:<id>" and channel webhook.
struct WebhookRow {
  std::int64_t id = 0;
  std::string url;
  std::string entity;         // "" : every entity (national)
  std::string events;         // the message kinds, domain::JoinWebhookKinds ("received,closed")
  std::string sealed_secret;  // domain::SealWebhookSecret; never the secret itself
  bool active = true;
  domain::Instant created_at{};
  std::int64_t created_by = 0;  // the administrator's user id
};

class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  // Webhooks (synchronous writes). AddWebhook stores `w` (its id ignored) and returns the new
  // id; DeactivateWebhook is false when there is no such active webhook. From then on each
  // change to a case writes, in its own transaction, one outbox row per active webhook whose
  // events include a kind the change announces and whose entity is the case's or "".
  virtual std::int64_t AddWebhook(const WebhookRow& w) = 0;
  virtual std::vector<WebhookRow> ListWebhooks() = 0;
  virtual std::optional<WebhookRow> FindWebhook(std::int64_t id) = 0;
  virtual bool DeactivateWebhook(std::int64_t id) = 0;
  // The newest `limit` deliveries (outbox rows) of webhook `id`, newest first.
  virtual std::vector<OutboxRow> WebhookDeliveries(std::int64_t id, int limit) = 0;
  // Sends a webhook delivery again: a final row (sent, delivered, failed, dead) of channel
  // webhook back to queued, keeping its id (so its Tawasul-Delivery). False when there is no such
  // final row (still in the queue, or not a webhook's).
  virtual bool ReplayWebhookDelivery(std::int64_t outbox_id, domain::Instant now) = 0;
  // Rewrites webhook w.id's url, entity, events, active flag and sealed secret; false when there
  // is no such webhook. Synchronous. Queued deliveries keep their body (the worker reads the URL
  // and secret when it sends).
  virtual bool UpdateWebhook(const WebhookRow& w) = 0;
  // Inserts `rows` as they are, ids included, into a store without webhooks. Synchronous.
  virtual void ImportWebhooks(const std::vector<WebhookRow>& rows) = 0;
};

}  // namespace tawasul::store
