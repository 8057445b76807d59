#pragma once
// The inputs of a case cycle's two clocks, kept on the case row so that its due times are always
// a pure function of them (DESIGN.md §3: "stored for fast queries, and recomputed whenever an
// input changes"): the cycle's start, the targets resolved when it began, the pauses while
// awaiting the citizen, and the extension. Live actions, `tawasul import` and the recomputation
// after a holiday or target change all compute due times from this one record with ComputeDue.
//
// Stored as compact JSON: {"s": start, "f": [unit, amount], "r": [unit, amount],
// "p": [[from, to|null], ...], "x": [unit, amount] | absent}, instants as Unix seconds, units
// 0 = working days, 1 = working minutes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/sla.h"

namespace tawasul::domain {

struct CaseClock {
  Instant start{};
  Target first_response{TargetUnit::kWorkingDays, 2};
  Target resolution{TargetUnit::kWorkingDays, 14};
  std::vector<Pause> pauses;
  std::optional<Target> extension;
  friend bool operator==(const CaseClock&, const CaseClock&) = default;
};

std::string EncodeClock(const CaseClock& clock);
// nullopt for empty or malformed text (rows written before clocks were stored).
std::optional<CaseClock> DecodeClock(std::string_view text);

// The resolution due time (nullopt while an open pause stops the clock).
std::optional<Instant> ResolutionDue(const WorkingCalendar& calendar, const CaseClock& clock);
// The first-response due time (pauses count; the extension does not).
std::optional<Instant> FirstResponseDue(const WorkingCalendar& calendar, const CaseClock& clock);
// When 75% of the resolution clock's working time has run (the scheduler's warning): the
// instant at which the working time since start, pauses excluded, reaches three quarters of the
// time from start to the due time. nullopt while paused or when never due.
std::optional<Instant> WarningAt(const WorkingCalendar& calendar, const CaseClock& clock);
// Working seconds of the clock run so far at `now` (pauses excluded).
std::int64_t ClockElapsedSeconds(const WorkingCalendar& calendar, const CaseClock& clock,
                                 Instant now);

}  // namespace tawasul::domain
