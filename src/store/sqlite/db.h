#pragma once
// Thin RAII wrappers over the SQLite C API: a Connection owns a sqlite3 handle and its cached
// prepared statements; a Statement is a reset-on-use handle to one of them. Not thread-safe:
// a connection is used by one thread at a time (the writer, or a reader holding a lease).

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tawasul::store::sqlite {

// How long a connection waits for a lock another connection holds before SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt);
  ~Statement();  // resets and clears bindings, so the cached statement is ready for reuse
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::int64_t v);
  Statement& Bind(int index, int v) { return Bind(index, static_cast<std::int64_t>(v)); }
  Statement& Bind(int index, double v);
  Statement& Bind(int index, std::string_view v);  // text
  Statement& BindBlob(int index, std::string_view v);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<std::int64_t>& v);

  // Steps once: true when a row is available, false when done; throws StoreError on error.
  bool Step();
  // Steps to completion (statements that return no rows).
  void Run();

  std::int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;
  bool IsNull(int col) const;
  std::optional<std::int64_t> OptInt(int col) const;

 private:
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens `path` read-write (creating it) or read-only. Throws StoreError.
  Connection(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements with no parameters or results.
  void Exec(std::string_view sql);
  // A cached prepared statement for `sql` (keyed by the text; the SQL lives in queries.h).
  Statement Prepare(const char* sql);
  std::int64_t LastInsertId() const;
  int Changes() const;
  sqlite3* Handle() { return db_; }

  // What the group-commit writer and the pool need (store/common/group_commit.h).
  bool Healthy() const { return true; }
  void EnsureOpen() {}
  void Begin();  // BEGIN IMMEDIATE: the write lock at once, never a deadlock on upgrade
  void Savepoint();
  void ReleaseSavepoint();
  void RollbackToSavepoint();
  void Commit();
  void Rollback();
  // A read transaction (the snapshot of multi-statement reads); ended by EndSnapshot or
  // Rollback.
  void BeginSnapshot();
  void EndSnapshot() { Commit(); }
  static bool Retryable(const std::exception_ptr&) { return false; }
  // True for SQLITE_FULL: the disk, or the quota of PRAGMA max_page_count, is full.
  static bool DiskFull(const std::exception_ptr& error);

 private:
  sqlite3* db_ = nullptr;
  std::map<const char*, sqlite3_stmt*> cache_;
};

}  // namespace tawasul::store::sqlite
