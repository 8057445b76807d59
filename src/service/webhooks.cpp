// Webhook use cases (webhooks.h).

#include "service/webhooks.h"

#include <algorithm>

#include "domain/time.h"
#include "domain/webhooks.h"
#include "service/admin_log.h"
#include "store/message_store.h"
#include "store/webhook_store.h"

namespace tawasul::service {

namespace {

// The checks of a registration, shared by an edit; by field: url, entity, events.
std::vector<domain::FieldError> CheckWebhook(const AppContext& ctx, const WebhookRequest& request) {
  std::vector<domain::FieldError> errors;
  if (!domain::IsWebhookUrl(request.url)) {
    errors.push_back(
        {"url", "invalid_url", "url must be http:// or https:// with a host, without spaces"});
  }
  if (!request.entity.empty() && !ctx.catalogue.Get()->FindEntity(request.entity)) {
    errors.push_back({"entity", "unknown_entity", "no such entity"});
  }
  const bool unknown = std::any_of(request.events.begin(), request.events.end(),
                                   [](const auto& k) { return !domain::IsWebhookKind(k); });
  if (domain::JoinWebhookKinds(request.events).empty() || unknown) {
    errors.push_back(
        {"events", "invalid_events", "events must be one or more of the message kinds"});
  }
  return errors;
}

}  // namespace

WebhookRegistration RegisterWebhook(const AppContext& ctx, const Principal& by,
                                    const WebhookRequest& request) {
  WebhookRegistration out;
  out.errors = CheckWebhook(ctx, request);
  if (!out.errors.empty()) return out;
  const std::string events = domain::JoinWebhookKinds(request.events);

  out.secret = domain::NewWebhookSecret();
  store::WebhookRow row;
  row.url = request.url;
  row.entity = request.entity;
  row.events = events;
  row.sealed_secret = domain::SealWebhookSecret(ctx.pepper, out.secret);
  row.created_at = domain::Now();
  row.created_by = by.user.id;
  out.id = ctx.store.Webhooks().AddWebhook(row);
  RecordAdminChange(ctx, by.actor, "webhook", "add", std::to_string(out.id),
                    {{"url", row.url}, {"entity", row.entity}, {"events", row.events}});
  return out;
}

WebhookEditOutcome EditWebhook(const AppContext& ctx, const Principal& by, std::int64_t id,
                               const WebhookEdit& edit) {
  WebhookEditOutcome out;
  auto hook = ctx.store.Webhooks().FindWebhook(id);
  if (!hook) return out;
  out.found = true;
  WebhookRequest request{edit.url.value_or(hook->url), edit.entity.value_or(hook->entity),
                         edit.events.value_or(domain::SplitWebhookKinds(hook->events))};
  out.errors = CheckWebhook(ctx, request);
  if (!out.errors.empty()) return out;
  store::WebhookRow row = *hook;
  row.url = request.url;
  row.entity = request.entity;
  row.events = domain::JoinWebhookKinds(request.events);
  row.active = edit.active.value_or(hook->active);
  if (row.url == hook->url && row.entity == hook->entity && row.events == hook->events &&
      row.active == hook->active) {
    return out;
  }
  if (!ctx.store.Webhooks().UpdateWebhook(row)) {
    out.found = false;
    return out;
  }
  RecordAdminChange(
      ctx, by.actor, "webhook", "change", std::to_string(id),
      {{"url", row.url}, {"entity", row.entity}, {"events", row.events}, {"active", row.active}});
  return out;
}

std::optional<std::string> RotateWebhookSecret(const AppContext& ctx, const Principal& by,
                                               std::int64_t id) {
  auto hook = ctx.store.Webhooks().FindWebhook(id);
  if (!hook) return std::nullopt;
  std::string secret = domain::NewWebhookSecret();
  hook->sealed_secret = domain::SealWebhookSecret(ctx.pepper, secret);
  if (!ctx.store.Webhooks().UpdateWebhook(*hook)) return std::nullopt;
  RecordAdminChange(ctx, by.actor, "webhook", "rotate", std::to_string(id), {{"url", hook->url}});
  return secret;
}

bool DeactivateWebhook(const AppContext& ctx, const Principal& by, std::int64_t id) {
  auto hook = ctx.store.Webhooks().FindWebhook(id);
  if (!hook || !ctx.store.Webhooks().DeactivateWebhook(id)) return false;
  RecordAdminChange(ctx, by.actor, "webhook", "deactivate", std::to_string(id),
                    {{"url", hook->url}, {"active", false}});
  return true;
}

bool ReplayWebhookDelivery(const AppContext& ctx, const Principal& by, std::int64_t webhook_id,
                           std::int64_t outbox_id) {
  // Only a delivery of this webhook: the id in the form is checked against its own list.
  auto deliveries = ctx.store.Messages().ListOutbox(
      store::OutboxFilter{.status = "", .reference = "", .after_id = outbox_id - 1, .limit = 1});
  if (deliveries.empty() || deliveries.front().id != outbox_id ||
      deliveries.front().recipient != "webhook:" + std::to_string(webhook_id)) {
    return false;
  }
  if (!ctx.store.Webhooks().ReplayWebhookDelivery(outbox_id, domain::Now())) return false;
  RecordAdminChange(ctx, by.actor, "webhook", "replay", std::to_string(webhook_id),
                    {{"delivery", outbox_id}, {"reference", deliveries.front().reference}});
  return true;
}

}  // namespace tawasul::service
