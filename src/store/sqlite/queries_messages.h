#pragma once
// The statements of the message operations on SQLite (store/message_store.h,
// store/webhook_store.h): the outbox, message templates, reminders, delivery reports, digests and
// webhooks. A base of `Sql` (queries.h), so the shared store names them like any other statement.

namespace tawasul::store::sqlite {

struct q_messages {
  // The rating reminder (migration 015): answered, unrated cases answered in
  // (?2, ?1] (their window closes within the lead and is still open) not yet reminded for
  // this answer.
  static constexpr const char kDueRateReminder[] =
      "SELECT c.reference FROM cases c INDEXED BY cases_answered_at WHERE c.status = 'answered' "
      "AND c.answered_at <= ?1 AND c.answered_at > ?2 AND c.rated_this_answer = 0 "
      "AND NOT EXISTS (SELECT 1 FROM rate_reminders r WHERE r.case_id = c.id "
      "AND r.answered_at = c.answered_at) ORDER BY c.answered_at LIMIT ?3";
  // Nothing when this answer was already reminded: Changes() tells.
  static constexpr const char kInsertRateReminder[] =
      "INSERT INTO rate_reminders(case_id, answered_at, created_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT DO NOTHING";
  // Delivery reports (migration 015): the SMS a report names, by our id or the
  // gateway's; then its new status (a failure keeps the gateway's reason; delivered keeps the
  // last error as it was).
  static constexpr const char kFindSmsById[] =
      "SELECT id, status FROM outbox WHERE id = ?1 AND channel = 'sms'";
  static constexpr const char kFindSmsByProviderId[] =
      "SELECT id, status FROM outbox WHERE provider_id = ?1 AND provider_id <> '' AND channel = "
      "'sms' ORDER BY id DESC LIMIT 1";
  static constexpr const char kApplyDeliveryReport[] =
      "UPDATE outbox SET status = ?2, last_error = coalesce(nullif(?3, ''), last_error), "
      "updated_at = ?4, secret = NULL WHERE id = ?1";
  // The daily digest (migration 020): entities with an active supervisor who has an email and
  // no digest row for the local date ?1.
  static constexpr const char kDigestEntities[] =
      "SELECT DISTINCT u.entity FROM users u WHERE u.role = 'supervisor' AND u.active = 1 "
      "AND u.email <> '' AND u.entity IS NOT NULL AND NOT EXISTS (SELECT 1 FROM staff_digests d "
      "WHERE d.entity = u.entity AND d.local_date = ?1) ORDER BY u.entity";
  // What the digest counts of entity ?1: its open cases and those submitted since ?2.
  static constexpr const char kDigestCases[] =
      "SELECT status, submitted_at, due_at FROM cases WHERE entity = ?1 AND (status IN "
      "('received', 'in_progress', 'awaiting_citizen') OR submitted_at >= ?2)";
  // Nothing when that entity's digest of that date was written already: Changes() tells.
  static constexpr const char kInsertStaffDigest[] =
      "INSERT INTO staff_digests(entity, local_date, created_at, sent) VALUES (?1, ?2, ?3, "
      "?4) ON CONFLICT DO NOTHING";
  // Message templates edited by administrators (migration 012): the newest version of each.
#define TAWASUL_MSG_TEMPLATE_COLUMNS \
  "id, kind, channel, language, version, subject, body, created_at, created_by"
  static constexpr const char kCurrentMessageTemplates[] =
      "SELECT " TAWASUL_MSG_TEMPLATE_COLUMNS
      " FROM message_templates t WHERE version = (SELECT "
      "max(version) FROM message_templates u WHERE u.kind = t.kind AND u.channel = t.channel AND "
      "u.language = t.language) ORDER BY kind, channel, language";
  static constexpr const char kMessageTemplateVersions[] =
      "SELECT " TAWASUL_MSG_TEMPLATE_COLUMNS
      " FROM message_templates WHERE kind = ?1 AND "
      "channel = ?2 AND language = ?3 ORDER BY version DESC";
  static constexpr const char kInsertMessageTemplate[] =
      "INSERT INTO message_templates(kind, channel, language, version, subject, body, "
      "created_at, created_by) SELECT ?1, ?2, ?3, coalesce(max(version), 0) + 1, ?4, ?5, ?6, ?7 "
      "FROM message_templates WHERE kind = ?1 AND channel = ?2 AND language = ?3 RETURNING version";
#undef TAWASUL_MSG_TEMPLATE_COLUMNS
  // Outbox as a delivery queue (migration 011, docs/notifications.md). A claimed row is
  // 'sending' until next_attempt_at (its lease): a deliverer that dies leaves it due again.
#define TAWASUL_OUTBOX_COLUMNS                                                                  \
  "id, created_at, kind, recipient, reference, payload, channel, language, masked, essential, " \
  "attempts, coalesce(secret, ''), status, next_attempt_at, last_error, sent_at, provider_id, " \
  "updated_at"
  static constexpr const char kInsertOutbox[] =
      "INSERT INTO outbox(created_at, kind, recipient, reference, payload, channel, language, "
      "masked, essential, secret, status, next_attempt_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?6, ?7, ?8, ?9, nullif(?10, ''), 'queued', ?1, ?1)";
  static constexpr const char kCountOutbox[] =
      "SELECT count(*) FROM outbox WHERE status IN ('queued', 'retrying', 'sending')";
  // ?1 now, ?2 the lease's end, ?3 how many, ?4 the channels (1 email, 2 SMS, 4 webhook). One
  // writer: the rows it marks are nobody else's.
  static constexpr const char kClaimOutbox[] =
      "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ?2, "
      "updated_at = ?1 WHERE id IN (SELECT id FROM outbox WHERE status IN ('queued', "
      "'retrying', 'sending') AND (CASE channel WHEN 'email' THEN 1 WHEN 'sms' THEN 2 ELSE 4 "
      "END & ?4) <> 0 AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?3) "
      "RETURNING " TAWASUL_OUTBOX_COLUMNS;
  // Only the claim that sent it (same attempt count, still sending) records the outcome. An
  // access code is cleared once the message reached its recipient.
  static constexpr const char kFinishOutbox[] =
      "UPDATE outbox SET status = ?2, next_attempt_at = ?3, last_error = ?4, provider_id = ?5, "
      "updated_at = ?6, sent_at = CASE WHEN ?2 IN ('sent', 'delivered') THEN ?6 ELSE sent_at "
      "END, secret = CASE WHEN ?2 IN ('sent', 'delivered') THEN NULL ELSE secret END "
      "WHERE id = ?1 AND status = 'sending' AND attempts = ?7";
  // ?1 status or '', ?2 reference or '', ?3 after this id, ?4 how many.
  static constexpr const char kListOutbox[] =
      "SELECT " TAWASUL_OUTBOX_COLUMNS
      " FROM outbox WHERE (?1 = '' OR status = ?1) AND "
      "(?2 = '' OR reference = ?2) AND id > ?3 ORDER BY id LIMIT ?4";
  static constexpr const char kListOutboxNewest[] =
      "SELECT " TAWASUL_OUTBOX_COLUMNS
      " FROM outbox WHERE (?1 = '' OR status = ?1) AND "
      "(?2 = '' OR reference = ?2) AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4";
  // Dead letters back in the queue: ?1 now, ?2 one id or 0 for all.
  static constexpr const char kRetryOutbox[] =
      "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ?1, updated_at = ?1, "
      "last_error = '' WHERE status IN ('failed', 'dead') AND (?2 = 0 OR id = ?2)";
  static constexpr const char kPurgeOutbox[] =
      "DELETE FROM outbox WHERE status IN ('sent', 'delivered', 'failed', 'dead') AND "
      "updated_at < ?1";
  static constexpr const char kOutboxCounts[] =
      "SELECT channel, status, count(*) FROM outbox GROUP BY channel, status";
  // Webhooks (migration 013). The fan-out: one row per active webhook of the case's entity (or
  // national) subscribed to the kind. ?1 at, ?2 kind, ?3 reference, ?4 body, ?5 entity, ?6 a
  // second entity told too (the one a transfer left; else ?5 again). With no webhook it reads an
  // empty table: the cost every change pays.
  static constexpr const char kInsertWebhookOutbox[] =
      "INSERT INTO outbox(created_at, kind, recipient, reference, payload, channel, language, "
      "masked, essential, status, next_attempt_at, updated_at) SELECT ?1, ?2, 'webhook:' || id, "
      "?3, ?4, 'webhook', 'ar', '', 1, 'queued', ?1, ?1 FROM webhooks WHERE active = 1 AND "
      "(entity = '' OR entity = ?5 OR entity = ?6) AND instr(',' || events || ',', ',' || ?2 || "
      "',') > 0";
  static constexpr const char kAnyActiveWebhook[] =
      "SELECT 1 FROM webhooks WHERE active = 1 LIMIT 1";
  static constexpr const char kWebhookDeliveries[] =
      "SELECT " TAWASUL_OUTBOX_COLUMNS
      " FROM outbox WHERE channel = 'webhook' AND recipient = ?1 ORDER BY id DESC LIMIT ?2";
  // ?1 now, ?2 the row: a final webhook delivery back to the queue, same id.
  static constexpr const char kReplayWebhookDelivery[] =
      "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ?1, updated_at = ?1, "
      "last_error = '' WHERE id = ?2 AND channel = 'webhook' AND status IN ('sent', 'delivered', "
      "'failed', 'dead')";
#undef TAWASUL_OUTBOX_COLUMNS
#define TAWASUL_WEBHOOK_COLUMNS \
  "SELECT id, url, entity, events, secret, active, created_at, created_by FROM webhooks "
  static constexpr const char kInsertWebhook[] =
      "INSERT INTO webhooks(url, entity, events, secret, active, created_at, created_by) VALUES "
      "(?1, ?2, ?3, ?4, 1, ?5, ?6) RETURNING id";
  static constexpr const char kListWebhooks[] = TAWASUL_WEBHOOK_COLUMNS "ORDER BY id";
  static constexpr const char kFindWebhook[] = TAWASUL_WEBHOOK_COLUMNS "WHERE id = ?1";
#undef TAWASUL_WEBHOOK_COLUMNS
  static constexpr const char kDeactivateWebhook[] =
      "UPDATE webhooks SET active = 0 WHERE id = ?1 AND active = 1";
  // ?1 id, ?2 url, ?3 entity, ?4 events, ?5 sealed secret, ?6 active (an edit or a rotation).
  static constexpr const char kUpdateWebhook[] =
      "UPDATE webhooks SET url = ?2, entity = ?3, events = ?4, secret = ?5, active = ?6 WHERE id "
      "= ?1";
  // tawasul copy: a webhook with its id.
  static constexpr const char kInsertWebhookWithId[] =
      "INSERT INTO webhooks(id, url, entity, events, secret, active, created_at, created_by) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
};

}  // namespace tawasul::store::sqlite
