#pragma once
// Webhook writes beyond those of the Store interface (store.h): an administrator's edit (and a
// secret's rotation, which is an edit of the sealed secret) and the import of `tawasul copy`.
// Implemented once, in store/common/sql_store_delivery.h, by the store of both backends, and
// reached from a Store with WebhookAdmin::Of. It sits beside store.h rather than in it only so
// that adding it did not rebuild most of the tree (docs/decisions.md, 2026-12-07): fold it into
// Store the next time that header changes anyway.
//
// Invariants: an update never changes a webhook's id, created_at or created_by; an import keeps
// every field, the id included, and new webhooks continue after the largest id imported.

#include <stdexcept>
#include <vector>

#include "store/store.h"

namespace tawasul::store {

class WebhookAdmin {
 public:
  virtual ~WebhookAdmin() = default;
  // Rewrites webhook w.id's url, entity, events, active flag and sealed secret; false when there
  // is no such webhook. Synchronous. Queued deliveries keep their body (the worker reads the URL
  // and secret when it sends).
  virtual bool UpdateWebhook(const WebhookRow& w) = 0;
  // Inserts `rows` as they are, ids included, into a store without webhooks. Synchronous.
  virtual void ImportWebhooks(const std::vector<WebhookRow>& rows) = 0;

  // The webhook administration of `store`: every SQL store has one.
  static WebhookAdmin& Of(Store& store) {
    auto* admin = dynamic_cast<WebhookAdmin*>(&store);
    if (!admin) throw std::logic_error("this store has no webhook administration");
    return *admin;
  }
};

}  // namespace tawasul::store
