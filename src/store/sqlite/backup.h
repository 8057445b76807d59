#pragma once
// Online backup and restore of the SQLite store's file (`tawasul backup`, `tawasul restore`).
// See backup.cpp for the invariants; docs/operations.md for the procedure.

#include <cstdint>
#include <optional>
#include <string>

namespace tawasul::store::sqlite {

// What a backup (or a file offered for restore) holds.
struct BackupSummary {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
  int schema_version = 0;
  std::int64_t cases = 0;
};

// Copies the database at `source` (which a server may be writing) into `out`: one consistent
// snapshot, written to a temporary file beside `out`, checked, fsynced, then renamed over `out`.
// Throws StoreError (nothing left at `out` or beside it) when `source` is missing or not a
// Tawasul database, or on any I/O failure.
BackupSummary BackupDatabase(const std::string& source, const std::string& out);

// Checks a backup file: a SQLite file that passes PRAGMA integrity_check, holds a Tawasul schema,
// at a version this binary can open (not newer than its latest migration). Throws StoreError
// with a one-line reason otherwise.
BackupSummary CheckBackupFile(const std::string& file);

// The process id of a process that has the SQLite database at `path` open in WAL mode (the
// server always has), or nullopt when none does. Linux fcntl locks, read without taking any.
std::optional<long> DatabaseHolder(const std::string& path);

// Checks `file` (CheckBackupFile) and puts a copy of it at `target`. Refuses (StoreError) when a
// process holds `target`, or when `target` exists and `force` is false; with `force` the old
// database and its -wal and -shm files are replaced. Returns what the restored file holds.
BackupSummary RestoreDatabase(const std::string& file, const std::string& target, bool force);

}  // namespace tawasul::store::sqlite
