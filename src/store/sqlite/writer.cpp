// Group commit writer; see writer.h for the invariants.

#include "store/sqlite/writer.h"

#include <future>

#include <sqlite3.h>

#include <spdlog/spdlog.h>

namespace tawasul::store::sqlite {

namespace {
// Transaction control, prepared once (the batch loop runs them thousands of times a second).
constexpr const char kBeginImmediate[] = "BEGIN IMMEDIATE";
constexpr const char kSavepoint[] = "SAVEPOINT op";
constexpr const char kRelease[] = "RELEASE op";
constexpr const char kRollbackTo[] = "ROLLBACK TO op";
constexpr const char kCommit[] = "COMMIT";
}  // namespace

GroupCommitWriter::GroupCommitWriter(Connection& conn, std::size_t max_queue, std::size_t max_batch)
    : conn_(conn), max_queue_(max_queue), max_batch_(max_batch) {
  stats_.batch_bounds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
  stats_.batch_buckets.assign(stats_.batch_bounds.size() + 1, 0);
  completer_ = std::thread([this] { CompleteLoop(); });
  thread_ = std::thread([this] { Loop(); });
}

GroupCommitWriter::~GroupCommitWriter() { Close(); }

void GroupCommitWriter::Close() {
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

void GroupCommitWriter::CompleteLoop() {
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

bool GroupCommitWriter::Submit(Apply apply, Done done) {
  {
    std::lock_guard lock(mu_);
    if (closed_ || queue_.size() >= max_queue_) return false;
    queue_.push_back({std::move(apply), std::move(done)});
  }
  cv_.notify_one();
  return true;
}

void GroupCommitWriter::Run(Apply apply) {
  auto promise = std::make_shared<std::promise<void>>();
  auto future = promise->get_future();
  // Bulk callers wait for room rather than fail: retry while the queue is full.
  while (!Submit(apply, [promise](std::exception_ptr e) {
    if (e) {
      promise->set_exception(e);
    } else {
      promise->set_value();
    }
  })) {
    {
      std::lock_guard lock(mu_);
      if (closed_) throw StoreError("store is closed");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  future.get();
}

WriterStats GroupCommitWriter::Stats() {
  std::lock_guard lock(mu_);
  WriterStats s = stats_;
  s.queue_depth = queue_.size();
  return s;
}

void GroupCommitWriter::Loop() {
  std::deque<Op> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return closed_ || !queue_.empty(); });
      if (queue_.empty() && closed_) return;
      std::size_t n = std::min(queue_.size(), max_batch_);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    batch.clear();
    if (checkpoint_requested_.exchange(false)) {
      // Between batches this is the only writer and holds no transaction, so RESTART waits only
      // for readers to leave old snapshots (short), then the next commit rewinds the WAL.
      int log_frames = 0, done_frames = 0;
      int rc = sqlite3_wal_checkpoint_v2(conn_.Handle(), nullptr, SQLITE_CHECKPOINT_RESTART,
                                         &log_frames, &done_frames);
      if (rc != SQLITE_OK) checkpoint_requested_ = true;  // busy (e.g. a passive one): next gap
    }
  }
}

void GroupCommitWriter::CommitBatch(std::deque<Op>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  std::exception_ptr commit_error;
  try {
    conn_.Prepare(kBeginImmediate).Run();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      conn_.Prepare(kSavepoint).Run();
      try {
        batch[i].apply(conn_);
        conn_.Prepare(kRelease).Run();
      } catch (...) {
        errors[i] = std::current_exception();
        conn_.Prepare(kRollbackTo).Run();
        conn_.Prepare(kRelease).Run();
      }
    }
    if (before_commit_) before_commit_(conn_);
    conn_.Prepare(kCommit).Run();
  } catch (...) {
    commit_error = std::current_exception();
    try {
      conn_.Exec("ROLLBACK");
    } catch (...) {
    }
  }
  {
    std::lock_guard lock(mu_);
    stats_.batches++;
    stats_.items += batch.size();
    if (commit_error) stats_.failed_commits++;
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

}  // namespace tawasul::store::sqlite
