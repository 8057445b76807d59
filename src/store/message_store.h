#pragma once
// Message operations added to the store for issue 15 after `Store` itself (docs/notifications.md):
// the scheduler's once-only reminders and the SMS gateway's delivery reports. An interface of its
// own beside `Store` (every store that store::Open returns implements both:
// store/common/sql_store.h), so that the many files that include store.h neither depend on nor
// rebuild for operations only one or two callers use.
//
// Invariant: a reminder is written at most once per key, whatever runs it (a repeated tick, two
// nodes that briefly both lead, a step interrupted by a crash): the key is inserted in the same
// transaction as the outbox row, and the row only when the key is new.

#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/delivery.h"
#include "domain/time.h"
#include "store/store.h"

namespace tawasul::store {

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

// The message operations of `store` (one opened by store::Open).
inline MessageStore& Messages(Store& store) {
  auto* messages = dynamic_cast<MessageStore*>(&store);
  if (!messages) throw std::logic_error("this store has no message operations");
  return *messages;
}

}  // namespace tawasul::store
