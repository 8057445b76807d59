// The embedded SQLite store: the shared SQL store (store/common/sql_store.h) on SQLite
// connections, plus what only SQLite has: the WAL checkpointer.
//
// Concurrency: one writer connection owned by the group-commit writer does all writing; reads go
// through a pool of read-only connections, each used by one thread at a time (a lease). WAL mode
// lets readers run while the writer commits, and each reader sees the last committed state, so a
// read after a completed write sees it.
//
// Durability: journal_mode=WAL and synchronous=FULL: a COMMIT returns after the WAL is fsynced.
// The writer answers requests only after their batch's COMMIT. Checkpoints (copying the WAL
// back into the database file) run on their own thread and connection, not inside a commit, so
// a commit never waits for one; past 64 MiB of WAL a checkpoint may wait for readers to move on
// so the WAL can restart (bounding its size).
//
// Format: the schema is the sum of the numbered migrations (migrations/NNN_name.sql, embedded
// in the binary), applied in order, recorded in schema_migrations. Times are Unix seconds. Case
// events are append-only (triggers refuse UPDATE and DELETE) and hash-chained per case
// (domain::EventHash).

#include "store/sqlite/sqlite_store.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "store/common/sql_store.h"
#include "store/sqlite/db.h"
#include "store/sqlite/figures_ops.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/search_tokenizer.h"

namespace tawasul::store::sqlite {

std::optional<std::string_view> SqliteMigrationFile(std::string_view name);
std::vector<std::string_view> SqliteMigrationFileNames();

std::vector<std::string_view> Sql::MigrationNames() { return SqliteMigrationFileNames(); }
std::optional<std::string_view> Sql::MigrationFile(std::string_view name) {
  return SqliteMigrationFile(name);
}
void Sql::RunOutsideTransaction(Connection& c, std::string_view file) { c.Exec(file); }

namespace {

constexpr int kRestartWaitMs = 100;  // the writer's RESTART checkpoint between batches

// The writer connection: WAL, full fsync, foreign keys, the search tokenizer and hist_merge.
// Checkpoints are the checkpointer's job (wal_autocheckpoint=0); after a rewind the WAL file
// shrinks back to 64 MiB. `max_bytes` > 0: a quota on the file's size.
std::unique_ptr<Connection> OpenWriter(const std::string& path, std::int64_t max_bytes) {
  auto c = std::make_unique<Connection>(path, false);
  RegisterSearchTokenizer(c->Handle());
  c->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
      "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at INTEGER NOT NULL);");
  RegisterFigureFunctions(c->Handle());
  c->Exec("PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;");
  if (max_bytes > 0) {
    // The quota (StoreOptions::sqlite_max_bytes), on the only connection that grows the file:
    // beyond it writes fail with SQLITE_FULL, as on a full disk. SQLite never sets it below the
    // file's current size.
    std::int64_t page_size = 4096;
    {
      auto st = c->Prepare(Sql::kPageSize);
      if (st.Step()) page_size = std::max<std::int64_t>(st.Int(0), 512);
    }
    c->Exec("PRAGMA max_page_count = " +
            std::to_string(std::max<std::int64_t>(1, max_bytes / page_size)));
  }
  return c;
}

class SqliteStore final : public common::SqlStore<Sql, Connection> {
 public:
  SqliteStore(std::string path, const StoreOptions& options)
      : SqlStore(
            OpenWriter(path, options.sqlite_max_bytes),
            [p = path] {
              auto c = std::make_unique<Connection>(p, true);
              RegisterSearchTokenizer(c->Handle());
              return c;
            },
            options.read_connections, options),
        path_(std::move(path)) {
    writer().SetBetweenBatches([this](Connection& c) {
      if (!checkpoint_requested_.exchange(false)) return;
      // Between batches this is the only writer and holds no transaction, so RESTART waits only
      // for readers to leave old snapshots, then the next commit rewinds the WAL. A snapshot
      // may be long (`tawasul backup` holds one for its whole copy), so the wait is short and a
      // busy RESTART is tried again in a later gap rather than holding the writer.
      int log_frames = 0, done_frames = 0;
      sqlite3_busy_timeout(c.Handle(), kRestartWaitMs);
      int rc = sqlite3_wal_checkpoint_v2(c.Handle(), nullptr, SQLITE_CHECKPOINT_RESTART,
                                         &log_frames, &done_frames);
      sqlite3_busy_timeout(c.Handle(), kBusyTimeoutMs);
      if (rc != SQLITE_OK) checkpoint_requested_ = true;  // busy (e.g. a passive one): next gap
    });
    StartWriter();
    checkpointer_ = std::thread([this] { CheckpointLoop(); });
  }
  ~SqliteStore() override { Close(); }

  std::optional<std::uint64_t> FreeBytes() override {
    struct statvfs fs {};
    auto dir = std::filesystem::path(path_).parent_path();
    if (dir.empty()) dir = ".";
    if (statvfs(dir.c_str(), &fs) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
  }

  void Close() override {
    SqlStore::Close();
    {
      std::lock_guard lock(checkpoint_mu_);
      stop_checkpoints_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
  }

 private:
  void CheckpointLoop() {
    std::unique_ptr<Connection> conn;
    try {
      conn = std::make_unique<Connection>(path_, false);
      // A connection learns that the database is in WAL mode on its first read; until then a
      // checkpoint call is a no-op (it reports -1 frames).
      conn->Exec("SELECT count(*) FROM sqlite_master;");
    } catch (const std::exception& e) {
      spdlog::error("checkpointer cannot open the database: {}", e.what());
      return;
    }
    constexpr int kRestartFrames = 16384;  // 64 MiB of 4 KiB pages
    std::unique_lock lock(checkpoint_mu_);
    while (!stop_checkpoints_) {
      checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(250));
      lock.unlock();
      if (checkpoint_requested_) {  // leave the checkpoint lock to the writer
        lock.lock();
        continue;
      }
      int log_frames = 0, done_frames = 0;
      int rc = sqlite3_wal_checkpoint_v2(conn->Handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                         &log_frames, &done_frames);
      if (rc == SQLITE_OK && log_frames > kRestartFrames) {
        // Under steady writes a passive checkpoint never lets the WAL rewind; the writer does a
        // RESTART between batches (it is the only one that can without being starved).
        checkpoint_requested_ = true;
      }
      lock.lock();
    }
    lock.unlock();
    // A last full checkpoint at shutdown leaves a compact database file behind.
    sqlite3_wal_checkpoint_v2(conn->Handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                              nullptr);
  }

  std::string path_;
  std::atomic<bool> checkpoint_requested_{false};
  std::thread checkpointer_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool stop_checkpoints_ = false;
};

}  // namespace

std::unique_ptr<Store> OpenSqliteStore(const std::string& path, const StoreOptions& options) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
  }
  return std::make_unique<SqliteStore>(path, options);
}

}  // namespace tawasul::store::sqlite
