#pragma once
// When to try a message again, when to give up, and when an SMS may be sent (issue 15,
// docs/notifications.md "The queue"). Pure: the worker (jobs/delivery.h) passes the clock and
// the randomness in.
//
// Invariants:
//  * The wait after the n-th failed attempt grows as first * 2^(n-1), capped at `max`, spread by
//    ±20% jitter so that messages that failed together do not retry together.
//  * A message is given up (dead) only when it has been failing for longer than `give_up`
//    counted from its creation: a long outage delays messages but loses none before that.
//  * Quiet hours apply only to SMS that are not essential, in the service's local time.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.h"

namespace tawasul::domain {

struct RetryPolicy {
  std::chrono::seconds first{30};
  std::chrono::seconds max{3600};
  std::chrono::seconds give_up{48 * 3600};
};

// The instant of the next attempt after `attempts` (>= 1) failed ones; `unit` in [0, 1).
Instant NextAttempt(const RetryPolicy& policy, int attempts, Instant now, double unit);
// Whether a message created at `created_at` that just failed again should be given up.
bool ShouldGiveUp(const RetryPolicy& policy, Instant created_at, Instant now);

struct QuietHours {
  int start_minute = 21 * 60;  // local minute of day when quiet hours begin
  int end_minute = 7 * 60;     // ... and end (the next day when end < start)
  int utc_offset_seconds = 3 * 3600;
};
// `t` when it is outside quiet hours, else the end of the quiet hours it falls in.
Instant OutsideQuietHours(const QuietHours& quiet, Instant t);

// A delivery report from the SMS gateway (docs/notifications.md "Delivery reports"): the
// handset received the message, or the network gave up on it for good.
enum class ReportedOutcome { kDelivered, kFailed };
// The status of a message in `status` after such a report, or nullopt when no report can apply:
// the message has not been accepted by the gateway yet (queued, sending, retrying: the report
// came before our own record of the send, and the gateway should try again later), or was
// given up (dead). A later report replaces an earlier one (delivered then failed, or the same
// report twice: the same status).
std::optional<std::string_view> StatusAfterReport(std::string_view status, ReportedOutcome outcome);
// The gateway's reason as kept in `last_error` ("gateway: absent subscriber"): control
// characters dropped, at most 120 bytes of it, cut between whole UTF-8 characters.
std::string GatewayFailure(std::string_view reason);
// The outbox id in our idempotency key "tawasul-outbox-<id>" (what the gateway got as `{{id}}`),
// or nullopt for anything else.
std::optional<std::int64_t> OutboxIdOfKey(std::string_view key);

}  // namespace tawasul::domain
