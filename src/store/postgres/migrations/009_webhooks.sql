-- 009: webhooks registered by administrators (issue 15, docs/notifications.md "Webhooks").
-- `events` lists the message kinds a webhook wants, comma-separated in a fixed order
-- (domain::JoinWebhookKinds); `entity` is '' for a national webhook. `secret` is sealed
-- (domain::SealWebhookSecret: crypto_secretbox under a key derived from the server secret), never
-- the secret itself. A webhook is deactivated, never deleted: its deliveries name it.
CREATE TABLE webhooks (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url        text NOT NULL,
  entity     text NOT NULL DEFAULT '',
  events     text NOT NULL,
  secret     text NOT NULL,
  active     integer NOT NULL DEFAULT 1,
  created_at bigint NOT NULL,
  created_by bigint NOT NULL
);
-- A webhook's last deliveries (the admin page); only webhook rows are in it.
CREATE INDEX outbox_webhook ON outbox(recipient, id) WHERE channel = 'webhook';
