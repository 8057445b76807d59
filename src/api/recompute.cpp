// Recomputation of open cases' due times; see recompute.h. Each case is one ChangeCase (so it
// serialises with live actions on the writer and lands in group-committed batches).

#include "api/recompute.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include <nlohmann/json.hpp>

#include "api/admin_log.h"
#include "domain/time.h"

namespace tawasul::api {

namespace {

std::int64_t Secs(domain::Instant t) { return t.time_since_epoch().count(); }

store::CaseChange Recompute(const SlaRules::Snapshot& sla, const domain::CaseRecord& cur,
                            const std::string& reason, bool retarget, const std::string& actor,
                            domain::Instant now) {
  store::CaseChange change;
  if (!domain::IsOpenStatus(cur.status)) return change;
  domain::CaseRecord n = cur;
  if (retarget) {
    auto fresh = domain::StartClock(sla.targets, n.draft, n.clock.start);
    n.clock.resolution = fresh.resolution;
    n.clock.first_response = fresh.first_response;
  }
  domain::RecomputeDueTimes(sla.calendar, n);
  if (n.due_at == cur.due_at && n.first_response_due_at == cur.first_response_due_at) {
    // No promise to anyone moved: store a changed target or warning instant without an event.
    change.apply = n.clock != cur.clock || n.warn_at != cur.warn_at;
    change.next = std::move(n);
    return change;
  }
  domain::CaseEvent e;
  e.at = now;
  e.kind = "due_recomputed";
  e.is_public = false;
  e.actor = actor;
  e.data = nlohmann::json{{"reason", reason},
                          {"previous_due_at", Secs(cur.due_at)},
                          {"due_at", Secs(n.due_at)},
                          {"previous_first_response_due_at", Secs(cur.first_response_due_at)},
                          {"first_response_due_at", Secs(n.first_response_due_at)}}
               .dump();
  change.apply = true;
  change.events.push_back(std::move(e));
  change.next = std::move(n);
  return change;
}

}  // namespace

void RecomputeOpenCases(const AppContext& ctx, const std::string& reason, bool retarget,
                        const domain::Actor& by, std::function<void(RecomputeResult)> done) {
  auto refs = ctx.store.OpenCaseReferences();
  struct State {
    std::atomic<std::int64_t> pending{0};
    std::atomic<std::int64_t> changed{0};
    std::atomic<std::int64_t> failed{0};
    std::int64_t open = 0;
    std::function<void(RecomputeResult)> done;
  };
  auto state = std::make_shared<State>();
  state->open = static_cast<std::int64_t>(refs.size());
  state->done = std::move(done);
  if (refs.empty()) {
    state->done(RecomputeResult{});
    return;
  }
  state->pending = static_cast<std::int64_t>(refs.size());
  auto sla = ctx.sla.Get();
  auto now = domain::Now();
  std::string actor = "user:" + std::to_string(by.user_id);
  for (const auto& ref : refs) {
    ctx.store.ChangeCase(
        ref,
        [sla, reason, retarget, actor, now](const domain::CaseRecord& cur) {
          return Recompute(*sla, cur, reason, retarget, actor, now);
        },
        [state](store::ChangeResult r) {
          if (!r.ok) state->failed += 1;
          if (r.applied && !r.events.empty() && r.events.back().kind == "due_recomputed")
            state->changed += 1;
          if (--state->pending == 0) {
            state->done(RecomputeResult{state->open, state->changed.load(), state->failed.load()});
          }
        });
  }
}

void ReplaceHolidays(const AppContext& ctx, std::vector<domain::Holiday> holidays,
                     const domain::Actor& by, std::function<void(RecomputeResult)> done) {
  auto old = ctx.sla.Get();
  domain::CalendarSpec spec = old->calendar.Spec();
  nlohmann::json before = nlohmann::json::array(), after = nlohmann::json::array();
  for (const auto& h : spec.holidays) before.push_back(HolidayJson(h));
  for (const auto& h : holidays) after.push_back(HolidayJson(h));
  spec.holidays = std::move(holidays);
  domain::WorkingCalendar calendar(spec);
  ctx.store.SaveCalendar("default", spec);
  // The log keeps what was added and removed (a changed holiday is one of each).
  nlohmann::json added = nlohmann::json::array(), removed = nlohmann::json::array();
  for (const auto& h : after)
    if (std::find(before.begin(), before.end(), h) == before.end()) added.push_back(h);
  for (const auto& h : before)
    if (std::find(after.begin(), after.end(), h) == after.end()) removed.push_back(h);
  RecordAdminChange(ctx, by, "calendar", "change", "default",
                    {{"added", std::move(added)}, {"removed", std::move(removed)}});
  ctx.sla.Set(std::make_shared<const SlaRules::Snapshot>(
      SlaRules::Snapshot{std::move(calendar), old->targets}));
  RecomputeOpenCases(ctx, "calendar_changed", false, by, std::move(done));
}

void ReplaceTargets(const AppContext& ctx, const std::vector<domain::TargetRule>& rules,
                    domain::TargetTable table, const domain::Actor& by,
                    std::function<void(RecomputeResult)> done) {
  ctx.store.SaveTargets(rules);
  nlohmann::json logged = nlohmann::json::array();
  for (const auto& r : rules) logged.push_back(RuleJson(r));
  RecordAdminChange(ctx, by, "targets", "change", "default", {{"rules", std::move(logged)}});
  auto old = ctx.sla.Get();
  ctx.sla.Set(std::make_shared<const SlaRules::Snapshot>(
      SlaRules::Snapshot{old->calendar, std::move(table)}));
  RecomputeOpenCases(ctx, "targets_changed", true, by, std::move(done));
}

}  // namespace tawasul::api
