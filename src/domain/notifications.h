#pragma once
// Who is told what, on which channel, when a case changes (issue 15, docs/notifications.md).
// Pure: these functions only decide; the store writes the messages into the outbox in the same
// transaction as the change they report, so a message exists exactly when its change does.
//
// Invariants:
//  * A citizen message names its recipient "case": the address is read from the case when the
//    message is sent (a corrected or erased contact is honoured). `masked` is what staff see.
//  * A citizen who gave no contact, or chose "none", gets no message; an anonymous case may
//    still carry a contact (the citizen chose to be reachable without being named).
//  * Messages are in the case's language. Only what the citizen needs to act is "essential";
//    the rest (rating reminders) carries an unsubscribe link and waits out quiet hours by SMS.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/case.h"
#include "domain/case_rules.h"
#include "domain/lifecycle.h"
#include "domain/time.h"

namespace tawasul::domain {

// The channel chosen for the citizen: email or SMS, or none. The choice is the citizen's
// (`draft.notify`); without one, email when given (free, room for the answer), else SMS.
std::optional<MessageChannel> CitizenChannel(const CaseDraft& draft);

// "a***@example.com", "+973 ****5678": enough to recognise, not to contact.
std::string MaskEmail(std::string_view email);
std::string MaskPhone(std::string_view e164);
std::string MaskedContact(const CaseDraft& draft, MessageChannel channel);

// The "received" message for a new case (reference, how to follow it, due dates). `access_code`
// is carried only for cases entered by staff for a caller (the citizen never saw the screen).
// The reference is the outbox row's own column, written by the store with the case.
std::optional<OutboxMessage> ReceivedMessage(const CaseDraft& draft, Instant submitted_at,
                                             Instant due_at, std::string_view access_code);

// Adds the messages an action produces to `change` (its `next` already computed): to the
// citizen when information is requested, the case is answered, reopened, transferred or
// closed; to the new assignee when a case is assigned to someone else.
void AddActionMessages(const CaseRecord& before, const Actor& actor, const Action& action,
                       CaseChange& change, Instant now);

// The reminder to rate an answer before its rating window (answered_at + kRatingWindow,
// lifecycle.h) closes. Due at `now` when the case is answered and not rated for this answer, and
// the window closes after `now` but no later than `now + lead`. One per answer cycle: the store
// keys it by (case, answered_at), so a case reopened and answered again is reminded again.
inline constexpr std::chrono::seconds kDefaultRateReminderLead = std::chrono::hours(24);
bool RateReminderDue(const CaseRecord& current, Instant now, std::chrono::seconds lead);
// The "rate_reminder" message for a case whose reminder is due (none when the citizen cannot be
// reached): not essential, so quiet hours hold its SMS and it carries the stop link.
std::optional<OutboxMessage> RateReminderMessage(const CaseRecord& current, Instant now);

}  // namespace tawasul::domain
