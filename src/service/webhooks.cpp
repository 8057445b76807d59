// Webhook use cases (webhooks.h).

#include "service/webhooks.h"

#include <algorithm>

#include "domain/time.h"
#include "domain/webhooks.h"
#include "service/admin_log.h"

namespace tawasul::service {

WebhookRegistration RegisterWebhook(const AppContext& ctx, const Principal& by,
                                    const WebhookRequest& request) {
  WebhookRegistration out;
  if (!domain::IsWebhookUrl(request.url)) {
    out.errors.push_back(
        {"url", "invalid_url", "url must be http:// or https:// with a host, without spaces"});
  }
  if (!request.entity.empty() && !ctx.catalogue.Get()->FindEntity(request.entity)) {
    out.errors.push_back({"entity", "unknown_entity", "no such entity"});
  }
  const std::string events = domain::JoinWebhookKinds(request.events);
  const bool unknown = std::any_of(request.events.begin(), request.events.end(),
                                   [](const auto& k) { return !domain::IsWebhookKind(k); });
  if (events.empty() || unknown) {
    out.errors.push_back(
        {"events", "invalid_events", "events must be one or more of the message kinds"});
  }
  if (!out.errors.empty()) return out;

  out.secret = domain::NewWebhookSecret();
  store::WebhookRow row;
  row.url = request.url;
  row.entity = request.entity;
  row.events = events;
  row.sealed_secret = domain::SealWebhookSecret(ctx.pepper, out.secret);
  row.created_at = domain::Now();
  row.created_by = by.user.id;
  out.id = ctx.store.AddWebhook(row);
  RecordAdminChange(ctx, by.actor, "webhook", "add", std::to_string(out.id),
                    {{"url", row.url}, {"entity", row.entity}, {"events", row.events}});
  return out;
}

bool DeactivateWebhook(const AppContext& ctx, const Principal& by, std::int64_t id) {
  auto hook = ctx.store.FindWebhook(id);
  if (!hook || !ctx.store.DeactivateWebhook(id)) return false;
  RecordAdminChange(ctx, by.actor, "webhook", "deactivate", std::to_string(id),
                    {{"url", hook->url}, {"active", false}});
  return true;
}

bool ReplayWebhookDelivery(const AppContext& ctx, const Principal& by, std::int64_t webhook_id,
                           std::int64_t outbox_id) {
  // Only a delivery of this webhook: the id in the form is checked against its own list.
  auto deliveries = ctx.store.ListOutbox(
      store::OutboxFilter{.status = "", .reference = "", .after_id = outbox_id - 1, .limit = 1});
  if (deliveries.empty() || deliveries.front().id != outbox_id ||
      deliveries.front().recipient != "webhook:" + std::to_string(webhook_id)) {
    return false;
  }
  if (!ctx.store.ReplayWebhookDelivery(outbox_id, domain::Now())) return false;
  RecordAdminChange(ctx, by.actor, "webhook", "replay", std::to_string(webhook_id),
                    {{"delivery", outbox_id}, {"reference", deliveries.front().reference}});
  return true;
}

}  // namespace tawasul::service
