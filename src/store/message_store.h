#pragma once
// The messages a store keeps (docs/notifications.md): the outbox (the delivery queue), the
// administrators' message templates, the scheduler's once-only reminders and digests, and the
// SMS gateway's delivery reports. Reached as `store.Messages()`; implemented once for both
// backends in store/common/sql_store.h and sql_store_messages.h / sql_store_delivery.h.
//
// Invariant: a reminder is written at most once per key, whatever runs it (a repeated tick, two
// nodes that briefly both lead, a step interrupted by a crash): the key is inserted in the same
// transaction as the outbox row, and the row only when the key is new.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "domain/calendar.h"
#include "domain/delivery.h"
#include "domain/time.h"
#include "store/store.h"

namespace tawasul::store {

// An outbox row (the delivery queue, docs/notifications.md). Statuses: queued, sending, sent,
// delivered, retrying (a temporary failure; due again at next_attempt_at), failed (permanent),
// dead (gave up after the configured time). While sending, next_attempt_at is the claim's lease.
struct OutboxRow {
  std::int64_t id = 0;
  domain::Instant created_at{};
  std::string kind;
  std::string recipient;
  std::string reference;
  std::string payload;
  domain::MessageChannel channel = domain::MessageChannel::kEmail;
  domain::Language language = domain::Language::kArabic;
  std::string masked;
  bool essential = true;
  int attempts = 0;
  std::string secret;  // an access code to deliver, or ""
  std::string status;
  domain::Instant next_attempt_at{};
  std::string last_error;
  std::optional<domain::Instant> sent_at;
  std::string provider_id;
  domain::Instant updated_at{};
};

// What a deliverer reports for a message it claimed (FinishOutbox).
struct OutboxOutcome {
  std::int64_t id = 0;
  int attempts = 0;    // the claim's attempt count: a stale claim records nothing
  std::string status;  // sent, delivered, retrying, failed, dead
  domain::Instant next_attempt_at{};
  std::string last_error;
  std::string provider_id;
};

// One version of an administrator's message template (domain/message_templates.h).
struct MessageTemplateRow {
  std::int64_t id = 0;
  std::string kind;
  std::string channel;   // email | sms
  std::string language;  // ar | en
  int version = 0;
  std::string subject;  // email only
  std::string body;
  domain::Instant created_at{};
  std::string created_by;  // "user:<id>"
};

// Which outbox rows to list: by status and/or reference ("" = any); oldest first after
// `after_id`, or (newest_first) newest first before `after_id` (0: from the newest).
struct OutboxFilter {
  std::string status;
  std::string reference;
  std::int64_t after_id = 0;
  int limit = 100;
  bool newest_first = false;
};

// A delivery report for one SMS, named by our outbox id (from the idempotency key the gateway got
// as `{{id}}`) or, when that is 0, by the gateway's own id for it (OutboxRow::provider_id).
struct DeliveryReport {
  std::int64_t outbox_id = 0;
  std::string provider_id;
  domain::ReportedOutcome outcome = domain::ReportedOutcome::kDelivered;
  std::string reason;  // the gateway's reason for a failure, as it gave it
  domain::Instant at{};
};
enum class ReportResult {
  kApplied,     // the message is now delivered, or failed with the gateway's reason
  kUnknown,     // no SMS with that id
  kNotSent,     // not accepted by the gateway yet (or given up): nothing changed
  kFailedWrite  // the write failed or the queue was full: nothing changed
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;

  virtual std::int64_t CountOutbox() = 0;
  // The delivery queue. ClaimOutbox marks up to `limit` due rows (queued or retrying and due at
  // `now`, or sending with an expired lease) as sending until `lease_until`, counts the attempt
  // and returns them, oldest due first; only rows of the channels in `channel_mask` (bit 1
  // email, 2 SMS, 4 webhook). Each row goes to exactly one caller, even when several nodes claim
  // at once (PostgreSQL: FOR UPDATE SKIP LOCKED).
  virtual std::vector<OutboxRow> ClaimOutbox(domain::Instant now, domain::Instant lease_until,
                                             int limit, int channel_mask) = 0;
  // Records the outcomes of claimed rows; an outcome whose claim has expired and been taken
  // again (its attempt count differs) changes nothing. Returns how many rows changed.
  virtual int FinishOutbox(const std::vector<OutboxOutcome>& outcomes, domain::Instant now) = 0;
  virtual std::vector<OutboxRow> ListOutbox(const OutboxFilter& filter) = 0;
  // Puts failed and dead rows (or the one with `id`) back in the queue; returns how many.
  virtual int RetryOutbox(std::int64_t id, domain::Instant now) = 0;
  // Deletes final rows (sent, delivered, failed, dead) last changed before `before`.
  virtual int PurgeOutbox(domain::Instant before) = 0;
  // Message templates: the newest version of each edited one; every version of one (newest
  // first); a new version (returns its number).
  virtual std::vector<MessageTemplateRow> CurrentMessageTemplates() = 0;
  virtual std::vector<MessageTemplateRow> MessageTemplateVersions(const std::string& kind,
                                                                  const std::string& channel,
                                                                  const std::string& language) = 0;
  virtual int SaveMessageTemplate(const MessageTemplateRow& row, domain::Instant now) = 0;
  // {channel, status} -> rows, for /metrics.
  virtual std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>>
  OutboxCounts() = 0;

  // The rating reminder (domain/notifications.h): references of answered, unrated cases whose
  // rating window closes after `now` and at or before `now + lead`, not yet reminded for their
  // current answer, earliest first, at most `limit`. Served by the answered-cases index.
  virtual std::vector<std::string> RateRemindersDue(domain::Instant now, std::chrono::seconds lead,
                                                    int limit) = 0;
  // In one write transaction: re-checks domain::RateReminderDue on the case as read there, marks
  // its current answer reminded (table rate_reminders, key: case and answered_at) and, only when
  // that mark is new, writes the message (domain::RateReminderMessage; none for a citizen who
  // cannot be reached). `done(true)` when it wrote the mark; false when not due, already done,
  // or the write failed. Runs `done` once, on a store thread, after the commit.
  virtual void RemindToRate(const std::string& reference, domain::Instant now,
                            std::chrono::seconds lead, std::function<void(bool)> done) = 0;

  // Applies a delivery report to the SMS it names (domain::StatusAfterReport): `delivered`, or
  // `failed` with domain::GatewayFailure(reason) as its last error (never retried). Email and
  // webhook rows are never matched. Runs `done` once, on a store thread, after the commit.
  virtual void RecordDeliveryReport(const DeliveryReport& report,
                                    std::function<void(ReportResult)> done) = 0;

  // The daily digest (domain/digest.h): entities with at least one active supervisor who has an
  // email and no digest written yet for `local_date` ("YYYY-MM-DD" in the calendar's zone).
  virtual std::vector<std::string> DigestEntitiesDue(const std::string& local_date) = 0;
  // In one write transaction: reads the entity's cases, counts them (domain::CountDigest at
  // `now` on `calendar`), writes the key (entity, local_date) (table staff_digests) and, only when
  // that key is new and the digest is worth sending, its outbox row (domain::DigestMessage).
  // `done(true)` when it wrote the outbox row; false when nothing to tell, already done, or the
  // write failed. Runs `done` once, on a store thread, after the commit.
  virtual void SendDigest(const std::string& entity, const std::string& local_date,
                          const domain::WorkingCalendar& calendar, domain::Instant now,
                          std::function<void(bool)> done) = 0;
};

}  // namespace tawasul::store
