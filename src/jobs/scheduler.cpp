// The scheduler; see scheduler.h for its invariants.

#include "jobs/scheduler.h"

#include <future>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace tawasul::jobs {

namespace {

domain::Instant Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

bool ClockRunning(const domain::CaseRecord& r) {
  return r.status == domain::CaseStatus::kReceived || r.status == domain::CaseStatus::kInProgress;
}

// The change recording one breach, or no change when the condition no longer holds (answered,
// paused, already recorded, due time moved by an extension...).
store::CaseChange BreachChange(const domain::CaseRecord& cur, store::DueKind kind, domain::Instant now) {
  store::CaseChange ch;
  bool resolution = kind == store::DueKind::kResolutionBreach;
  if (!ClockRunning(cur)) return ch;
  if (resolution && (cur.resolution_breached || cur.due_at > now)) return ch;
  if (!resolution && (cur.first_response_breached || cur.first_response_at || cur.first_response_due_at > now)) return ch;
  ch.apply = true;
  ch.next = cur;
  (resolution ? ch.next.resolution_breached : ch.next.first_response_breached) = true;
  domain::Instant due = resolution ? cur.due_at : cur.first_response_due_at;
  std::string clock = resolution ? "resolution" : "first_response";
  domain::CaseEvent e;
  e.at = now;
  e.kind = "breached";
  e.is_public = false;
  e.actor = "system";
  e.data = nlohmann::json{{"clock", clock}, {"due_at", due.time_since_epoch().count()}, {"cycle", cur.cycle}}.dump();
  ch.events.push_back(std::move(e));
  ch.outbox.push_back({now, "breach", "role:supervisor@" + cur.draft.entity,
                       nlohmann::json{{"reference", cur.reference}, {"clock", clock},
                                      {"due_at", due.time_since_epoch().count()}}.dump()});
  return ch;
}

}  // namespace

Scheduler::Scheduler(store::Store& store, SchedulerOptions options, AutoClose auto_close)
    : store_(store), options_(options), auto_close_(std::move(auto_close)) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      try {
        auto r = Tick(Now());
        if (r.first_response_breaches + r.resolution_breaches + r.closed > 0) {
          spdlog::info("scheduler: {} first-response breaches, {} resolution breaches, {} closed",
                       r.first_response_breaches, r.resolution_breaches, r.closed);
        }
      } catch (const std::exception& e) {
        spdlog::error("scheduler tick failed: {}", e.what());
      }
      lock.lock();
      cv_.wait_for(lock, options_.interval, [this] { return stopping_; });
    }
  });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Scheduler::TickResult Scheduler::Tick(domain::Instant now) {
  TickResult r;
  r.first_response_breaches = RecordBreaches(store::DueKind::kFirstResponseBreach, now);
  r.resolution_breaches = RecordBreaches(store::DueKind::kResolutionBreach, now);
  r.closed = AutoCloseDue(now);
  return r;
}

int Scheduler::RecordBreaches(store::DueKind kind, domain::Instant now) {
  int recorded = 0;
  for (int b = 0; b < options_.max_batches; ++b) {
    auto refs = store_.DueCases(kind, now, options_.batch);
    if (refs.empty()) break;
    std::vector<std::future<bool>> pending;
    for (const auto& ref : refs) {
      auto p = std::make_shared<std::promise<bool>>();
      pending.push_back(p->get_future());
      store_.ChangeCase(ref, [kind, now](const domain::CaseRecord& cur) { return BreachChange(cur, kind, now); },
                        [p](store::ChangeResult res) { p->set_value(res.ok && res.applied); });
    }
    int applied = 0;
    for (auto& f : pending) applied += f.get() ? 1 : 0;
    recorded += applied;
    // Nothing changed in a full batch: the rest cannot change either (e.g. the writer failed).
    if (static_cast<int>(refs.size()) < options_.batch || applied == 0) break;
  }
  return recorded;
}

int Scheduler::AutoCloseDue(domain::Instant now) {
  if (!auto_close_) return 0;
  int closed = 0;
  auto cutoff = now - std::chrono::days(14);
  for (int b = 0; b < options_.max_batches; ++b) {
    auto refs = store_.DueCases(store::DueKind::kAutoClose, cutoff, options_.batch);
    if (refs.empty()) break;
    std::vector<std::future<void>> pending;
    for (const auto& ref : refs) {
      auto p = std::make_shared<std::promise<void>>();
      pending.push_back(p->get_future());
      auto_close_(ref, [p] { p->set_value(); });
    }
    for (auto& f : pending) f.get();
    closed += static_cast<int>(refs.size());
    if (static_cast<int>(refs.size()) < options_.batch) break;
  }
  return closed;
}

}  // namespace tawasul::jobs
