#pragma once
// The scheduler inside `tawasul serve`: records a "breached" event once per clock when a due
// time passes unmet (and writes a notification for the entity's supervisors to the outbox),
// reminds citizens to rate an answer before its rating window closes (once per answer: the mark
// is written with the message, Store::RemindToRate), sends each entity's supervisors an optional
// daily digest (once per entity and local date, MessageStore::SendDigest), and closes answered
// cases 14 days after the answer. It also deletes the Idempotency-Key rows of POST
// /api/v1/cases older than their 24-hour replay window (service/idempotency.h).
//
// Cheap: each tick asks the store only for cases whose deadline has passed (partial indexes on
// the due columns), in batches; it never scans all cases. Idempotent and restart-safe: the
// breach flags live on the case rows and every change re-checks its condition inside the write
// transaction, so a tick that is repeated, interrupted or run twice records nothing twice (even
// if two nodes briefly both believe they lead).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "domain/calendar.h"
#include "store/store.h"

namespace tawasul::jobs {

struct SchedulerOptions {
  std::chrono::milliseconds interval{30'000};
  int batch = 500;        // cases per store query
  int max_batches = 100;  // per kind per tick (bounds a tick after a long outage)
  // A breached resolution clock still unresolved this long after its due time is escalated to
  // central administration (the entity's supervisors are told at the breach itself).
  std::chrono::seconds escalate_after{24 * 3600};
  // The rating reminder goes when the rating window closes within this lead; 0 = no reminders.
  std::chrono::seconds rate_reminder_lead{24 * 3600};
  // The daily digest to each entity's supervisors (domain/digest.h): sent at or after this local
  // hour (0..23) of the working calendar's zone, once per entity and local date; -1 = off.
  // `calendar` gives the working calendar in force (required when the hour is set).
  int digest_hour = -1;
  std::function<domain::WorkingCalendar()> calendar;
  // Housekeeping the application adds (removing orphaned attachment files): run by the leader
  // after a tick, at most once every `housekeeping_every`, the first time at the first tick.
  std::function<void()> housekeeping;
  std::chrono::seconds housekeeping_every{3600};
};

class Scheduler {
 public:
  // Closes one answered case through the lifecycle (the application wires this to its action
  // path); must call `done` exactly once.
  using AutoClose = std::function<void(const std::string& reference, std::function<void()> done)>;

  Scheduler(store::Store& store, SchedulerOptions options, AutoClose auto_close);
  ~Scheduler();

  // Runs ticks on a background thread. With several nodes on one database only the holder of the
  // store's leadership ticks (Store::HoldLeadership, asked before every tick); the others wait
  // and take over when the leader is gone.
  void Start();
  void Stop();  // finishes the current tick, then returns

  struct TickResult {
    int first_response_breaches = 0;
    int resolution_breaches = 0;
    int closed = 0;
    int warnings = 0;
    int escalations = 0;
    int rate_reminders = 0;  // answers marked reminded (a message unless unreachable)
    int digests = 0;         // entities' daily digests written to the outbox
    std::int64_t expired_idempotency_keys = 0;  // older than service::kIdempotencyWindow
  };
  // One pass at instant `now`; safe to call directly (tests, one-off runs).
  TickResult Tick(domain::Instant now);
  // True while this node held the leadership at its last tick.
  bool IsLeader() const { return leader_; }

 private:
  // Applies the scheduler's change of `kind` to every case the store lists as due.
  int RecordDue(store::DueKind kind, domain::Instant now, domain::Instant before);
  int AutoCloseDue(domain::Instant now);
  int RemindToRateDue(domain::Instant now);
  int SendDigestsDue(domain::Instant now);

  store::Store& store_;
  SchedulerOptions options_;
  AutoClose auto_close_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::atomic<bool> leader_{false};
  std::chrono::steady_clock::time_point last_housekeeping_{};
  bool housekept_ = false;
  std::thread thread_;
};

}  // namespace tawasul::jobs
