// Online backup and restore of the SQLite store's file, with SQLite's backup API.
//
// Invariants:
//  * A backup is one snapshot. The source connection opens a read transaction before the first
//    sqlite3_backup_step and keeps it to the last, so every step copies pages of the same
//    committed state (a step on a connection already in a read transaction uses that
//    transaction; SQLite restarts a backup only when the source changed between steps that each
//    began their own). The copy therefore holds every case whose COMMIT preceded the snapshot,
//    so every case acknowledged before the backup began, and no half-written batch.
//  * The server keeps writing meanwhile: in WAL mode a reader never blocks the writer. What the
//    long snapshot holds back is the WAL's rewind (the checkpointer copies frames up to the
//    snapshot only); the writer's RESTART checkpoint waits briefly and tries again in a later
//    gap (sqlite_store.cpp), so a backup makes the WAL grow, never the writer wait long. The
//    copy runs in steps of kPagesPerStep pages, all inside that one snapshot.
//  * Nothing half-written is ever at the destination: the copy goes to a temporary file beside
//    it, switched to rollback-journal mode (a single self-contained file), checked, fsynced,
//    then renamed over the destination, and the directory fsynced. A failure removes the
//    temporary file.
//  * A restore offers only a file that passes PRAGMA integrity_check, holds the Tawasul tables
//    and a schema version this binary's migrations reach; an older version is migrated at the
//    next open as usual. It never replaces a database a process holds open, and replaces an
//    existing one only when told to (`force`), removing that database's -wal and -shm first so
//    that no old WAL frame is replayed over the new file.
//  * Holders are found the way SQLite itself does: every connection to a WAL database keeps a
//    shared fcntl lock on byte 128 of the -shm file (the "DMS" lock, documented in SQLite's WAL
//    file format), so F_GETLK on that byte names a live holder without disturbing it.
// Attachment files live outside the database (--attachments-dir) and are not in a backup.

#include "store/sqlite/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string_view>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "store/sqlite/db.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/search_tokenizer.h"
#include "store/store.h"

namespace tawasul::store::sqlite {

std::vector<std::string_view> SqliteMigrationFileNames();

namespace {

namespace fs = std::filesystem;

constexpr int kPagesPerStep = 4096;  // 16 MiB of 4 KiB pages per sqlite3_backup_step
constexpr off_t kDmsLockOffset = 128;

// An open sqlite3 handle, closed on scope exit.
class Handle {
 public:
  Handle(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError("cannot open " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  }
  ~Handle() { Close(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  void Close() {
    sqlite3_close(db_);
    db_ = nullptr;
  }
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Every row's first column as text. Throws StoreError with SQLite's message on an error, and
// keeps SQLite's primary result code in `code` when given.
std::vector<std::string> Rows(sqlite3* db, const char* sql, int* code = nullptr) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  std::vector<std::string> rows;
  while (rc == SQLITE_OK || rc == SQLITE_ROW) {
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) break;
    auto text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    rows.emplace_back(text ? text : "");
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    if (code) *code = rc & 0xff;
    throw StoreError(sqlite3_errmsg(db));
  }
  return rows;
}

std::int64_t Int(sqlite3* db, const char* sql) {
  auto rows = Rows(db, sql);
  return rows.empty() ? 0 : std::stoll(rows.front());
}

void Exec(sqlite3* db, const char* sql) { Rows(db, sql); }

int LatestSchemaVersion() {
  int latest = 0;
  for (auto name : SqliteMigrationFileNames()) {
    latest = std::max(latest, std::stoi(std::string(name.substr(0, 3))));
  }
  return latest;
}

void FsyncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StoreError("cannot open " + path + " to fsync it");
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw StoreError("fsync " + path + " failed");
}

std::string ParentOf(const std::string& path) {
  auto parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

void RemoveQuietly(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

// Copies the main database of `src` (in whatever transaction state the caller left it) into a
// new file `tmp`: stepwise backup, then rollback-journal mode and PRAGMA quick_check on the
// copy, then fsync. Fills pages and bytes of `summary`.
void CopyInto(sqlite3* src, const std::string& tmp, BackupSummary& summary) {
  RemoveQuietly(tmp);
  Handle dest(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_backup* b = sqlite3_backup_init(dest.get(), "main", src, "main");
  if (!b) throw StoreError(std::string("backup: ") + sqlite3_errmsg(dest.get()));
  int rc = SQLITE_OK;
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    rc = sqlite3_backup_step(b, kPagesPerStep);
    // Busy only when another process holds an exclusive lock on the source (never the server,
    // which writes through WAL): wait for it rather than fail.
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  summary.pages = sqlite3_backup_pagecount(b);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) throw StoreError(std::string("backup: ") + sqlite3_errstr(rc));
  // The copied first page says WAL; a backup is one self-contained file.
  Exec(dest.get(), Sql::kBackupJournalDelete);
  RegisterSearchTokenizer(dest.get());  // for checks that reach the search index
  auto check = Rows(dest.get(), Sql::kBackupQuickCheck);
  if (check.size() != 1 || check.front() != "ok") {
    throw StoreError("the copy fails PRAGMA quick_check: " + (check.empty() ? "" : check.front()));
  }
  dest.Close();
  FsyncPath(tmp, false);
  summary.bytes = static_cast<std::int64_t>(fs::file_size(tmp));
}

// Renames the fsynced `tmp` over `target` and makes the rename durable.
void Publish(const std::string& tmp, const std::string& target) {
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) throw StoreError("cannot rename " + tmp + " to " + target + ": " + ec.message());
  FsyncPath(ParentOf(target), true);
}

std::string TempBeside(const std::string& path, const char* what) {
  return path + "." + what + "-" + std::to_string(::getpid());
}

}  // namespace

BackupSummary BackupDatabase(const std::string& source, const std::string& out) {
  if (!fs::exists(source)) throw StoreError("no database at " + source);
  std::error_code ec;
  if (fs::exists(out) && fs::equivalent(source, out, ec)) {
    throw StoreError("--out names the database itself");
  }
  // Read-write without create: a WAL reader may need to write the -shm index; nothing else is
  // written through this connection.
  Handle src(source, SQLITE_OPEN_READWRITE);
  BackupSummary summary;
  Exec(src.get(),
       Sql::kBackupBeginSnapshot);  // held to the last step: one snapshot (see the invariants)
  if (Int(src.get(), Sql::kBackupTawasulTables) != 3) {
    throw StoreError(source + " is not a Tawasul database");
  }
  summary.schema_version = static_cast<int>(Int(src.get(), Sql::kSchemaVersion));
  summary.cases = Int(src.get(), Sql::kBackupCountCases);
  const std::string tmp = TempBeside(out, "tmp");
  try {
    CopyInto(src.get(), tmp, summary);
    Exec(src.get(), Sql::kBackupEndSnapshot);
    src.Close();
    Publish(tmp, out);
  } catch (...) {
    RemoveQuietly(tmp);
    throw;
  }
  return summary;
}

BackupSummary CheckBackupFile(const std::string& file) {
  if (!fs::is_regular_file(file)) throw StoreError("no file " + file);
  Handle db(file, SQLITE_OPEN_READONLY);
  std::vector<std::string> integrity;
  int code = 0;
  try {
    Rows(db.get(), Sql::kBackupTawasulTables, &code);  // the first read: a database at all?
    RegisterSearchTokenizer(db.get());  // so that checks reaching the search index can read it
    integrity = Rows(db.get(), Sql::kBackupIntegrityCheck, &code);
  } catch (const StoreError& e) {
    if (code == SQLITE_NOTADB) throw StoreError(file + " is not a SQLite database");
    throw StoreError(file + " is damaged: " + e.what());
  }
  if (integrity.size() != 1 || integrity.front() != "ok") {
    throw StoreError(file + " is damaged: PRAGMA integrity_check says " +
                     (integrity.empty() ? std::string("nothing") : integrity.front()));
  }
  if (Int(db.get(), Sql::kBackupTawasulTables) != 3) {
    throw StoreError(file +
                     " is a SQLite database but not a Tawasul one (no schema_migrations, cases "
                     "and case_events tables)");
  }
  BackupSummary summary;
  summary.schema_version = static_cast<int>(Int(db.get(), Sql::kSchemaVersion));
  const int latest = LatestSchemaVersion();
  if (summary.schema_version < 1) {
    throw StoreError(file + " is not a Tawasul database (no migration recorded)");
  }
  if (summary.schema_version > latest) {
    throw StoreError(file + " has schema version " + std::to_string(summary.schema_version) +
                     ", newer than this binary's " + std::to_string(latest) +
                     ": restore it with the newer tawasul");
  }
  summary.cases = Int(db.get(), Sql::kBackupCountCases);
  summary.bytes = static_cast<std::int64_t>(fs::file_size(file));
  return summary;
}

std::optional<long> DatabaseHolder(const std::string& path) {
  int fd = ::open((path + "-shm").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;  // no -shm: no connection has the database open in WAL mode
  struct flock probe = {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  probe.l_start = kDmsLockOffset;
  probe.l_len = 1;
  int rc = ::fcntl(fd, F_GETLK, &probe);
  ::close(fd);
  if (rc != 0 || probe.l_type == F_UNLCK) return std::nullopt;
  return static_cast<long>(probe.l_pid);
}

BackupSummary RestoreDatabase(const std::string& file, const std::string& target, bool force) {
  BackupSummary summary = CheckBackupFile(file);
  auto refuse_if_held = [&] {
    if (auto pid = DatabaseHolder(target)) {
      throw StoreError("a process (pid " + std::to_string(*pid) + ") has " + target +
                       " open: stop the server before restoring over it");
    }
  };
  refuse_if_held();
  const bool present =
      fs::exists(target) || fs::exists(target + "-wal") || fs::exists(target + "-shm");
  if (present && !force) {
    throw StoreError(target + " exists: give --force to replace it");
  }
  std::error_code ec;
  fs::create_directories(ParentOf(target), ec);
  const std::string tmp = TempBeside(target, "restore");
  try {
    Handle src(file, SQLITE_OPEN_READONLY);
    BackupSummary copied;
    CopyInto(src.get(), tmp, copied);
    summary.pages = copied.pages;
    summary.bytes = copied.bytes;
    refuse_if_held();
    // The old WAL must go before the new file takes the name, or its frames would be replayed
    // over it.
    for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(target + suffix, ec);
    Publish(tmp, target);
  } catch (...) {
    RemoveQuietly(tmp);
    throw;
  }
  return summary;
}

}  // namespace tawasul::store::sqlite
