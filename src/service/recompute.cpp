// Recomputation of open cases' due times; see recompute.h. Each case is one ChangeCase (so it
// serialises with live actions on the writer and lands in group-committed batches), with at
// most Recomputation::kMaxInFlight of them queued at once: a change over more open cases than
// the write queue holds waits for room instead of failing ("write queue full").

#include "service/recompute.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "domain/case_rules.h"
#include "domain/time.h"
#include "service/admin_log.h"

namespace tawasul::service {

namespace {

// One recomputation in progress: the cases still to submit, the changes in flight, the counts.
// Submissions are driven by completions (no thread of its own, nothing blocks a store thread
// while changes are in flight): at most kMaxInFlight changes are queued at a time, and each
// completion submits the next. A change the store refuses because its write queue is full
// (live traffic, or a queue smaller than the window) is put back and submitted again once one
// of ours completes; when none of ours is in flight there is no completion to wait for, so the
// pumping thread backs off briefly (1 ms doubling to 50 ms) and tries again. Only a store that
// stays full for kGiveUpAfter with nothing of ours in flight, or one that is shutting down,
// turns the remaining cases into failures.
class Recomputation : public std::enable_shared_from_this<Recomputation> {
 public:
  // Enough to fill a group commit (StoreOptions::max_batch, 1000) while leaving 95% of the
  // default write queue (20,000) to citizens and staff.
  static constexpr std::size_t kMaxInFlight = 1000;
  static constexpr auto kGiveUpAfter = std::chrono::seconds(60);

  Recomputation(const AppContext& ctx, std::vector<std::string> refs, store::CaseDecider decide,
                std::function<void(RecomputeResult)> done)
      : store_(ctx.store),
        draining_(ctx.draining),
        refs_(std::move(refs)),
        decide_(std::move(decide)),
        done_(std::move(done)) {}

  // Submits what the window allows; called first by the starter, then after every completion.
  // One thread pumps at a time: a call made while another pumps (or from inside a ChangeCase
  // that reported synchronously) only leaves its work to the pumping loop, so refusals never
  // recurse.
  void Pump() {
    std::unique_lock lock(mu_);
    if (pumping_) return;
    pumping_ = true;
    while (true) {
      if (!HasWork()) break;
      if (backoff_) {
        if (in_flight_ > 0) break;  // a completion of ours will pump again
        if (!WaitForRoom(lock)) continue;
      }
      if (in_flight_ >= kMaxInFlight) break;
      std::string ref = NextRef();
      ++in_flight_;
      lock.unlock();
      store_.ChangeCase(ref, decide_, [self = shared_from_this(), ref](store::ChangeResult r) {
        self->Completed(ref, std::move(r));
      });
      lock.lock();
    }
    pumping_ = false;
    FinishIfDone(lock);
  }

 private:
  bool HasWork() const { return !retry_.empty() || next_ < refs_.size(); }

  std::string NextRef() {
    if (!retry_.empty()) {
      std::string ref = std::move(retry_.back());
      retry_.pop_back();
      return ref;
    }
    return refs_[next_++];
  }

  // Nothing of ours is in flight and the queue was full: sleeps (lock released) before the next
  // try. Returns false when the remaining cases were given up as failed instead.
  bool WaitForRoom(std::unique_lock<std::mutex>& lock) {
    const auto now = std::chrono::steady_clock::now();
    if (!stalled_since_) stalled_since_ = now;
    if ((draining_ && draining_()) || now - *stalled_since_ >= kGiveUpAfter) {
      failed_ += static_cast<std::int64_t>(retry_.size() + (refs_.size() - next_));
      retry_.clear();
      next_ = refs_.size();
      return false;
    }
    const auto delay = backoff_delay_;
    backoff_delay_ = std::min(backoff_delay_ * 2, std::chrono::milliseconds(50));
    lock.unlock();
    std::this_thread::sleep_for(delay);
    lock.lock();
    backoff_ = false;
    return true;
  }

  void Completed(const std::string& ref, store::ChangeResult r) {
    std::unique_lock lock(mu_);
    --in_flight_;
    if (r.overloaded) {
      // Not tried: again later, after a completion or a back-off.
      retry_.push_back(ref);
      backoff_ = true;
    } else {
      stalled_since_.reset();
      backoff_delay_ = std::chrono::milliseconds(1);
      backoff_ = false;
      if (!r.ok) failed_ += 1;
      if (r.applied && !r.events.empty() &&
          r.events.back().kind == domain::EventKind::kDueRecomputed)
        changed_ += 1;
    }
    if (pumping_) return;  // the pumping loop sees the room and the result
    lock.unlock();
    Pump();
  }

  // Calls done_ once, when every case is settled. Runs with the lock held and releases it.
  void FinishIfDone(std::unique_lock<std::mutex>& lock) {
    if (finished_ || in_flight_ > 0 || HasWork()) return;
    finished_ = true;
    RecomputeResult result{static_cast<std::int64_t>(refs_.size()), changed_, failed_};
    auto done = std::move(done_);
    lock.unlock();
    done(result);
  }

  store::Store& store_;
  std::function<bool()> draining_;
  const std::vector<std::string> refs_;
  const store::CaseDecider decide_;
  std::function<void(RecomputeResult)> done_;

  std::mutex mu_;
  std::size_t next_ = 0;            // refs_[next_..] not submitted yet
  std::vector<std::string> retry_;  // refused for a full queue: submit again
  std::size_t in_flight_ = 0;       // submitted, completion not yet run
  bool pumping_ = false;            // a thread is in Pump's loop
  bool backoff_ = false;            // the last try was refused: wait before the next
  std::chrono::milliseconds backoff_delay_{1};
  std::optional<std::chrono::steady_clock::time_point> stalled_since_;
  std::int64_t changed_ = 0, failed_ = 0;
  bool finished_ = false;
};

}  // namespace

void RecomputeOpenCases(const AppContext& ctx, const std::string& reason, bool retarget,
                        const domain::Actor& by, std::function<void(RecomputeResult)> done) {
  auto refs = ctx.store.OpenCaseReferences();
  if (refs.empty()) {
    done(RecomputeResult{});
    return;
  }
  auto sla = ctx.sla.Get();
  auto now = domain::Now();
  std::string actor = "user:" + std::to_string(by.user_id);
  store::CaseDecider decide = [sla, reason, retarget, actor, now](const domain::CaseRecord& cur) {
    return domain::RecomputeChange(sla->calendar, sla->targets, cur, reason, retarget, actor, now);
  };
  std::make_shared<Recomputation>(ctx, std::move(refs), std::move(decide), std::move(done))->Pump();
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

}  // namespace tawasul::service
