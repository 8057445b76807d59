// The scheduler; see scheduler.h for its invariants.

#include "jobs/scheduler.h"

#include <future>

#include <spdlog/spdlog.h>

#include "domain/digest.h"
#include "domain/lifecycle.h"
#include "domain/time.h"
#include "service/idempotency.h"
#include "store/idempotency_store.h"
#include "store/message_store.h"

namespace tawasul::jobs {

namespace {}  // namespace

Scheduler::Scheduler(store::Store& store, SchedulerOptions options, AutoClose auto_close)
    : store_(store), options_(options), auto_close_(std::move(auto_close)) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      try {
        const bool lead = store_.HoldLeadership();
        if (lead != leader_) spdlog::info("scheduler: {} the leadership", lead ? "took" : "lost");
        leader_ = lead;
        auto r = lead ? Tick(domain::Now()) : TickResult{};
        if (r.first_response_breaches + r.resolution_breaches + r.closed + r.warnings +
                r.escalations + r.rate_reminders >
            0) {
          spdlog::info(
              "scheduler: {} warnings, {} first-response breaches, {} resolution breaches, "
              "{} escalations, {} rating reminders, {} closed",
              r.warnings, r.first_response_breaches, r.resolution_breaches, r.escalations,
              r.rate_reminders, r.closed);
        }
        const auto now = std::chrono::steady_clock::now();
        if (lead && options_.housekeeping &&
            (!housekept_ || now - last_housekeeping_ >= options_.housekeeping_every)) {
          housekept_ = true;
          last_housekeeping_ = now;
          options_.housekeeping();
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
  r.warnings = RecordDue(store::DueKind::kWarning, now, now);
  r.first_response_breaches = RecordDue(store::DueKind::kFirstResponseBreach, now, now);
  r.resolution_breaches = RecordDue(store::DueKind::kResolutionBreach, now, now);
  r.escalations = RecordDue(store::DueKind::kEscalation, now, now - options_.escalate_after);
  r.rate_reminders = RemindToRateDue(now);
  r.digests = SendDigestsDue(now);
  r.closed = AutoCloseDue(now);
  // One indexed DELETE (idempotency_keys.created_at); look-ups ignore expired rows before that.
  r.expired_idempotency_keys =
      store_.Idempotency().ExpireIdempotencyKeys(now - service::kIdempotencyWindow);
  return r;
}

int Scheduler::RemindToRateDue(domain::Instant now) {
  const auto lead = options_.rate_reminder_lead;
  if (lead <= std::chrono::seconds::zero()) return 0;
  int reminded = 0;
  for (int b = 0; b < options_.max_batches; ++b) {
    auto refs = store_.Messages().RateRemindersDue(now, lead, options_.batch);
    if (refs.empty()) break;
    std::vector<std::future<bool>> pending;
    for (const auto& ref : refs) {
      auto p = std::make_shared<std::promise<bool>>();
      pending.push_back(p->get_future());
      store_.Messages().RemindToRate(ref, now, lead, [p](bool wrote) { p->set_value(wrote); });
    }
    int wrote = 0;
    for (auto& f : pending) wrote += f.get() ? 1 : 0;
    reminded += wrote;
    // As in RecordDue: a full batch that wrote nothing means the writer is failing.
    if (static_cast<int>(refs.size()) < options_.batch || wrote == 0) break;
  }
  return reminded;
}

int Scheduler::SendDigestsDue(domain::Instant now) {
  if (options_.digest_hour < 0 || !options_.calendar) return 0;
  const domain::WorkingCalendar calendar = options_.calendar();
  if (!domain::DigestHourReached(calendar, now, options_.digest_hour)) return 0;
  const std::string date = domain::DigestDate(calendar, now);
  auto& messages = store_.Messages();
  std::vector<std::future<bool>> pending;
  for (const auto& entity : messages.DigestEntitiesDue(date)) {
    auto p = std::make_shared<std::promise<bool>>();
    pending.push_back(p->get_future());
    messages.SendDigest(entity, date, calendar, now, [p](bool wrote) { p->set_value(wrote); });
  }
  int sent = 0;
  for (auto& f : pending) sent += f.get() ? 1 : 0;
  if (sent > 0) spdlog::info("scheduler: {} daily digests for {}", sent, date);
  return sent;
}

int Scheduler::RecordDue(store::DueKind kind, domain::Instant now, domain::Instant before) {
  int recorded = 0;
  for (int b = 0; b < options_.max_batches; ++b) {
    auto refs = store_.DueCases(kind, before, options_.batch);
    if (refs.empty()) break;
    std::vector<std::future<bool>> pending;
    for (const auto& ref : refs) {
      auto p = std::make_shared<std::promise<bool>>();
      pending.push_back(p->get_future());
      store_.ChangeCase(
          ref,
          [kind, now, before](const domain::CaseRecord& cur) {
            if (kind == store::DueKind::kWarning) return domain::WarningChange(cur, now);
            if (kind == store::DueKind::kEscalation)
              return domain::EscalationChange(cur, before, now);
            return domain::BreachChange(cur, kind == store::DueKind::kResolutionBreach, now);
          },
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
  // The domain's rule (lifecycle.h), so the job closes exactly the cases Decide lets it close.
  auto cutoff = now - domain::kAutoCloseAfter;
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
