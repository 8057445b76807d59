#pragma once
// Recomputing the due times of open cases after the calendar or the targets change (DESIGN.md
// §3: "Changing a holiday recomputes the due times of open cases (and records that it did)").

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/lifecycle.h"
#include "service/context.h"

namespace tawasul::service {

struct RecomputeResult {
  std::int64_t open = 0;     // open cases examined
  std::int64_t changed = 0;  // cases whose due times moved (each gets a due_recomputed event)
  std::int64_t failed = 0;   // changes the store could not write
};

// For every open case, under the snapshot now in force: re-resolves the cycle's targets (when
// `retarget`), recomputes its due times from its clock, and when they moved stores them with an
// internal "due_recomputed" event {reason, previous_due_at, due_at, previous_first_response_due_at,
// first_response_due_at} by `by`. Breach and warning flags stay as they were (a breach already
// recorded is history). `done` runs once, on a store thread (or at once when nothing could be
// queued), when every case is settled. However many cases are open, at most a window of changes
// is queued at a time and a change refused for a full write queue is tried again, so `failed`
// counts write errors, not load (only a shutdown turns load into failures).
void RecomputeOpenCases(const AppContext& ctx, const std::string& reason, bool retarget,
                        const domain::Actor& by, std::function<void(RecomputeResult)> done);

// Puts `holidays` in force as the default calendar's holiday table (the rest of the calendar
// unchanged): stores the calendar, replaces the snapshot in force, then recomputes the due times
// of open cases with reason "calendar_changed" (RecomputeOpenCases). The one path for every
// holiday change: PUT /api/v1/admin/calendar/holidays and the /admin/calendar pages. The
// holidays must already follow the rules of domain/holidays.h.
void ReplaceHolidays(const AppContext& ctx, std::vector<domain::Holiday> holidays,
                     const domain::Actor& by, std::function<void(RecomputeResult)> done);

// Puts `rules` (the administrators' rules, without the built-in defaults) and `table` (built
// from them by TargetTable::Create) in force: stores the rules, replaces the snapshot in force,
// then re-resolves every open case's targets and recomputes its due times with reason
// "targets_changed". The one path for PUT /api/v1/admin/targets and /admin/targets.
void ReplaceTargets(const AppContext& ctx, const std::vector<domain::TargetRule>& rules,
                    domain::TargetTable table, const domain::Actor& by,
                    std::function<void(RecomputeResult)> done);

}  // namespace tawasul::service
