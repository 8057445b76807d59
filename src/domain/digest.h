#pragma once
// The daily digest of an entity for its supervisors (issue 15, docs/notifications.md "The daily
// digest"): pure rules, no I/O. The store reads the entity's case rows (DigestCase) inside the
// transaction that writes the once-a-day key, and these functions decide what they add up to.
//
// Invariants:
//  * Counts are of the entity's cases as read at `now`: new yesterday (submitted in the local
//    calendar day before `now`'s), open now, due within 2 working days (clock running, due time
//    after now), past due (clock running, due time passed), waiting for the citizen.
//  * An entity with nothing open and nothing new yesterday gets no digest (docs/decisions.md).
//  * Local dates and hours are those of the working calendar's time zone.

#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/case_rules.h"
#include "domain/time.h"

namespace tawasul::domain {

// The working days ahead that "due soon" covers.
inline constexpr int kDigestDueSoonWorkingDays = 2;

// What the digest needs of one case.
struct DigestCase {
  CaseStatus status = CaseStatus::kReceived;
  Instant submitted_at{};
  Instant due_at{};
};

struct DigestCounts {
  int new_yesterday = 0;
  int open = 0;
  int due_soon = 0;
  int past_due = 0;
  int waiting = 0;
  bool operator==(const DigestCounts&) const = default;
};

// The local date of `now` as "YYYY-MM-DD": the digest's once-a-day key.
std::string DigestDate(const WorkingCalendar& calendar, Instant now);
// True when the local hour at `now` is `hour` or later (hour in 0..23; negative: never).
bool DigestHourReached(const WorkingCalendar& calendar, Instant now, int hour);
// The counts of `cases` at `now`.
DigestCounts CountDigest(const std::vector<DigestCase>& cases, const WorkingCalendar& calendar,
                         Instant now);
// Whether a digest with these counts is worth sending: something open or something new.
bool DigestWorthSending(const DigestCounts& counts);
// The "digest" message to the supervisors of `entity` (role:supervisor@ENTITY, by email).
OutboxMessage DigestMessage(const std::string& entity, const std::string& date,
                            const DigestCounts& counts, Instant now);

}  // namespace tawasul::domain
