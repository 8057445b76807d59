#pragma once
// Group commit: the one thread that writes to the SQLite database.
//
// Invariants:
//  * Exactly one connection writes, from exactly one thread, so there is never a busy writer
//    lock to wait for and no write ever interleaves with another.
//  * Requests queue up; the thread takes everything queued (up to max_batch), runs each in its
//    own SAVEPOINT inside one transaction, commits once (WAL + synchronous=FULL: one fsync for
//    the whole batch), and only then runs each request's completion. A request that throws is
//    rolled back alone; a failed COMMIT fails the whole batch. So a completion that reports
//    success always follows a durable commit.
//  * The queue is bounded: beyond max_queue, Submit refuses (the caller answers 503) rather
//    than letting latency grow without limit.
//  * Completions run on a second thread, in commit order, so the writer starts the next batch
//    at once instead of waiting while callers build their responses.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace tawasul::store::sqlite {

class GroupCommitWriter {
 public:
  using Apply = std::function<void(Connection&)>;
  // `error` is null on success. Runs on the completion thread: it must not wait on another write.
  using Done = std::function<void(std::exception_ptr error)>;

  GroupCommitWriter(Connection& conn, std::size_t max_queue, std::size_t max_batch);
  ~GroupCommitWriter();  // drains the queue, then stops

  // Queues a write. Returns false (and does not call done) when the queue is full or closed.
  bool Submit(Apply apply, Done done);
  // Queues a write and waits for it; rethrows its error.
  void Run(Apply apply);
  void Close();
  WriterStats Stats();
  // Asks the writer to run a RESTART checkpoint between two batches (when it holds no write
  // transaction), so a busy WAL is rewound to its start instead of growing without bound.
  void RequestCheckpoint() { checkpoint_requested_ = true; }
  // Runs on the writer thread after a batch's writes and before its COMMIT, inside the same
  // transaction (the store adds the batch's summed figure deltas there). If it throws, the whole
  // batch is rolled back and every write in it fails. Set before the first Submit.
  void SetBeforeCommit(Apply hook) { before_commit_ = std::move(hook); }
  bool CheckpointPending() const { return checkpoint_requested_; }

 private:
  struct Op {
    Apply apply;
    Done done;
  };
  void Loop();
  void CommitBatch(std::deque<Op>& batch);
  void CompleteLoop();

  struct Completion {
    Done done;
    std::exception_ptr error;
  };

  Connection& conn_;
  Apply before_commit_;
  std::size_t max_queue_;
  std::size_t max_batch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Op> queue_;
  bool closed_ = false;
  std::atomic<bool> checkpoint_requested_{false};
  WriterStats stats_;
  std::mutex done_mu_;
  std::condition_variable done_cv_;
  std::deque<Completion> completions_;
  bool writer_finished_ = false;
  std::thread completer_;
  std::thread thread_;
};

}  // namespace tawasul::store::sqlite
