#pragma once
// Group commit: the one thread of a process that writes to the database, for both stores.
//
// Invariants:
//  * Exactly one connection writes, from exactly one thread, so writes of this process never
//    interleave (on SQLite there is then never a busy writer lock to wait for).
//  * Requests queue up; the thread takes everything queued (up to max_batch), runs each in its
//    own SAVEPOINT inside one transaction, commits once (one fsync for the whole batch), and only
//    then runs each request's completion. A request that throws is rolled back alone; a failed
//    COMMIT fails the whole batch. So a completion that reports success always follows a durable
//    commit.
//  * A batch the database aborted for a reason that guarantees nothing was written (PostgreSQL:
//    deadlock or serialisation failure, when several nodes write; or a connection that broke
//    before COMMIT was sent, reconnected by EnsureOpen) is run again from the start, up to
//    kMaxAttempts times; `on_rollback` lets the store forget what the failed attempt
//    accumulated. Other failures (e.g. a connection lost during COMMIT, whose outcome is unknown)
//    are reported, never retried, so nothing is ever written twice.
//  * The queue is bounded: beyond max_queue, Submit refuses (the caller answers 503) rather
//    than letting latency grow without limit.
//  * Completions run on a second thread, in commit order, so the writer starts the next batch
//    at once instead of waiting while callers build their responses.
//  * A connection that broke while COMMIT was under way leaves the outcome unknown: every write
//    of that batch is told so (CommitOutcomeUnknown), never "failed", since it may be stored.
//  * `disk_full` (Stats) is set by any write or COMMIT that failed for want of space
//    (Conn::DiskFull) and cleared by the next batch that committed a write: /readyz reports it.
//    A probe (a write that throws ProbeRolledBack after writing, so its savepoint is rolled
//    back and nothing stays) counts as a write that succeeded.
//  * An op queued by RunAlone (a migration that cannot run in a transaction) is a batch of its
//    own, run on the connection outside any transaction: the batch before it ends there.
//
// `Conn` offers Begin, Savepoint, ReleaseSavepoint, RollbackToSavepoint, Commit, Rollback,
// EnsureOpen (reconnects a broken connection; may throw), Retryable(std::exception_ptr) and
// DiskFull(std::exception_ptr).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "store/store.h"

namespace tawasul::store::common {

// Thrown by a probe write after its statements succeeded, to roll them back (see above).
class ProbeRolledBack : public std::exception {
 public:
  const char* what() const noexcept override { return "write probe rolled back"; }
};

inline bool IsProbeRolledBack(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const ProbeRolledBack&) {
    return true;
  } catch (...) {
    return false;
  }
}

// True for a write whose COMMIT's outcome is unknown (CommitOutcomeUnknown).
inline bool IsOutcomeUnknown(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const CommitOutcomeUnknown&) {
    return true;
  } catch (...) {
    return false;
  }
}

template <class Conn>
class GroupCommitWriter {
 public:
  using Apply = std::function<void(Conn&)>;
  // `error` is null on success. Runs on the completion thread: it must not wait on another write.
  using Done = std::function<void(std::exception_ptr error)>;
  static constexpr int kMaxAttempts = 5;

  GroupCommitWriter(Conn& conn, std::size_t max_queue, std::size_t max_batch)
      : conn_(conn), max_queue_(max_queue), max_batch_(max_batch) {
    stats_.batch_bounds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
    stats_.batch_buckets.assign(stats_.batch_bounds.size() + 1, 0);
  }
  ~GroupCommitWriter() { Close(); }  // drains the queue, then stops
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Hooks, set before Start. before_commit runs on the writer thread after a batch's writes and
  // before its COMMIT, inside the same transaction (the stores add the batch's summed figure
  // deltas there); if it throws, the whole batch fails. on_rollback runs after a batch was rolled
  // back. between_batches runs when the writer holds no transaction (SQLite checkpoints there).
  void SetBeforeCommit(Apply hook) { before_commit_ = std::move(hook); }
  void SetOnRollback(std::function<void()> hook) { on_rollback_ = std::move(hook); }
  void SetBetweenBatches(Apply hook) { between_batches_ = std::move(hook); }
  void Start() {
    completer_ = std::thread([this] { CompleteLoop(); });
    thread_ = std::thread([this] { Loop(); });
  }

  // Queues a write. Returns false (and does not call done) when the queue is full or closed.
  bool Submit(Apply apply, Done done) { return Queue({std::move(apply), std::move(done), false}); }

  // Queues a write and waits for it; rethrows its error. Bulk callers wait for room rather than
  // fail: it retries while the queue is full.
  void Run(Apply apply) { QueueAndWait(std::move(apply), false); }

  // Runs `apply` on the writer's connection outside any transaction, alone (no batch, no
  // savepoint, no retry), and waits for it; rethrows its error. For the statements that cannot
  // run in a transaction (PostgreSQL's CREATE INDEX CONCURRENTLY): each commits by itself.
  void RunAlone(Apply apply) { QueueAndWait(std::move(apply), true); }

  void Close() {
    {
      std::lock_guard lock(mu_);
      if (closed_ && !thread_.joinable()) return;
      closed_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    {
      std::lock_guard lock(done_mu_);
      writer_finished_ = true;
    }
    done_cv_.notify_all();
    if (completer_.joinable()) completer_.join();
  }

  WriterStats Stats() {
    std::lock_guard lock(mu_);
    WriterStats s = stats_;
    s.queue_depth = queue_.size();
    return s;
  }

 private:
  struct Op {
    Apply apply;
    Done done;
    bool alone = false;  // RunAlone: outside any transaction, in a batch of its own
  };

  void QueueAndWait(Apply apply, bool alone) {
    auto promise = std::make_shared<std::promise<void>>();
    auto future = promise->get_future();
    Done done = [promise](std::exception_ptr e) {
      if (e) {
        promise->set_exception(e);
      } else {
        promise->set_value();
      }
    };
    while (!Queue({apply, done, alone})) {
      {
        std::lock_guard lock(mu_);
        if (closed_) throw StoreError("store is closed");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    future.get();
  }

  bool Queue(Op op) {
    {
      std::lock_guard lock(mu_);
      if (closed_ || queue_.size() >= max_queue_) return false;
      queue_.push_back(std::move(op));
    }
    cv_.notify_one();
    return true;
  }

  struct Completion {
    Done done;
    std::exception_ptr error;
  };

  void Loop() {
    std::deque<Op> batch;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return closed_ || !queue_.empty(); });
        if (queue_.empty() && closed_) return;
        std::size_t n = std::min(queue_.size(), max_batch_);
        // An op that runs alone is a batch of its own: the batch before it stops there.
        for (std::size_t i = 0; i < n && (batch.empty() || !queue_.front().alone); ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
          if (batch.back().alone) break;
        }
      }
      if (batch.front().alone) {
        RunAloneOp(batch.front());
      } else {
        CommitBatch(batch);
      }
      batch.clear();
      if (between_batches_) {
        try {
          between_batches_(conn_);
        } catch (const std::exception& e) {
          spdlog::warn("between batches: {}", e.what());
        }
      }
    }
  }

  // One attempt: every write in its savepoint, the hook, COMMIT. Returns the batch's error.
  std::exception_ptr Attempt(std::deque<Op>& batch, std::vector<std::exception_ptr>& errors,
                             bool& may_retry) {
    bool committing = false;
    try {
      conn_.EnsureOpen();
      conn_.Begin();
      for (std::size_t i = 0; i < batch.size(); ++i) {
        conn_.Savepoint();
        try {
          batch[i].apply(conn_);
          conn_.ReleaseSavepoint();
        } catch (...) {
          errors[i] = std::current_exception();
          // A retryable abort poisons the whole transaction: let the batch start again.
          if (conn_.Retryable(errors[i])) throw;
          conn_.RollbackToSavepoint();
        }
      }
      if (before_commit_) before_commit_(conn_);
      committing = true;
      conn_.Commit();
      return nullptr;
    } catch (...) {
      auto error = std::current_exception();
      // Safe to run again: the server aborted it, or the connection broke before COMMIT was sent
      // (e.g. the first batch after a database restart finds its old connection dead).
      may_retry = conn_.Retryable(error) || (!committing && !conn_.Healthy());
      if (committing && !conn_.Healthy()) {
        error = std::make_exception_ptr(CommitOutcomeUnknown(
            "connection lost during COMMIT, outcome unknown: " + FirstLine(error)));
      }
      try {
        conn_.Rollback();
      } catch (...) {
      }
      if (on_rollback_) on_rollback_();
      return error;
    }
  }

  static std::string FirstLine(const std::exception_ptr& error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      std::string s = e.what();
      return s.substr(0, s.find('\n'));
    } catch (...) {
      return "unknown error";
    }
  }

  // The disk_full flag after a batch (see the file comment).
  void UpdateDiskFull(const std::vector<std::exception_ptr>& errors,
                      const std::exception_ptr& commit_error) {
    bool full = commit_error && Conn::DiskFull(commit_error);
    bool wrote = false;  // a probe succeeded
    for (const auto& e : errors) {
      if (e && Conn::DiskFull(e)) full = true;
      if (!commit_error && e && IsProbeRolledBack(e)) wrote = true;
    }
    if (full) {
      stats_.disk_full = true;
    } else if (wrote) {
      stats_.disk_full = false;
    }
  }

  void RunAloneOp(Op& op) {
    std::exception_ptr error;
    try {
      conn_.EnsureOpen();
      op.apply(conn_);
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard lock(done_mu_);
      completions_.push_back({std::move(op.done), error});
    }
    done_cv_.notify_one();
  }

  void CommitBatch(std::deque<Op>& batch) {
    std::vector<std::exception_ptr> errors;
    std::exception_ptr commit_error;
    for (int attempt = 1;; ++attempt) {
      errors.assign(batch.size(), nullptr);
      bool may_retry = false;
      commit_error = Attempt(batch, errors, may_retry);
      if (!commit_error || attempt >= kMaxAttempts || !may_retry) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(attempt * 2));
    }
    {
      std::lock_guard lock(mu_);
      stats_.batches++;
      stats_.items += batch.size();
      if (commit_error) stats_.failed_commits++;
      UpdateDiskFull(errors, commit_error);
      std::size_t b = 0;
      while (b < stats_.batch_bounds.size() &&
             static_cast<double>(batch.size()) > stats_.batch_bounds[b])
        ++b;
      stats_.batch_buckets[b]++;
      stats_.batch_sum += static_cast<double>(batch.size());
    }
    if (commit_error) {
      try {
        std::rethrow_exception(commit_error);
      } catch (const std::exception& e) {
        spdlog::error("group commit of {} writes failed: {}", batch.size(), e.what());
      }
    }
    {
      std::lock_guard lock(done_mu_);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!batch[i].done) continue;
        completions_.push_back({std::move(batch[i].done), commit_error ? commit_error : errors[i]});
      }
    }
    done_cv_.notify_one();
  }

  void CompleteLoop() {
    for (;;) {
      std::deque<Completion> ready;
      {
        std::unique_lock lock(done_mu_);
        done_cv_.wait(lock, [this] { return writer_finished_ || !completions_.empty(); });
        if (completions_.empty()) return;  // writer finished and everything delivered
        ready.swap(completions_);
      }
      for (auto& c : ready) {
        try {
          c.done(c.error);
        } catch (const std::exception& e) {
          spdlog::error("write completion threw: {}", e.what());
        }
      }
    }
  }

  Conn& conn_;
  Apply before_commit_;
  std::function<void()> on_rollback_;
  Apply between_batches_;
  std::size_t max_queue_;
  std::size_t max_batch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Op> queue_;
  bool closed_ = false;
  WriterStats stats_;
  std::mutex done_mu_;
  std::condition_variable done_cv_;
  std::deque<Completion> completions_;
  bool writer_finished_ = false;
  std::thread completer_;
  std::thread thread_;
};

}  // namespace tawasul::store::common
