#pragma once
// Thin RAII wrappers over libpq with the same shape as the SQLite ones (store/sqlite/db.h), so
// the shared operations (store/common) run on both: a Connection owns a PGconn and the names of
// the statements it has prepared; a Statement binds parameters, runs on the first Step or Run,
// and then walks the rows of its result.
//
// Format: parameters are sent as text, except blobs (bytea), which are sent binary; results
// come back as text (bytea as "\x" hex, decoded by Blob). Flags are integers 0/1, as on SQLite,
// so the row mapping is the same.
//
// Errors: a failed statement throws PgError with the server's SQLSTATE. A connection whose
// socket broke (server restart, failover) reports !Healthy(); EnsureOpen reconnects it and
// forgets its prepared statements. Not thread-safe: one thread at a time.

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

struct pg_conn;
struct pg_result;

namespace tawasul::store::postgres {

class PgError : public StoreError {
 public:
  PgError(const std::string& message, std::string sqlstate)
      : StoreError(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& SqlState() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

class Connection;

class Statement {
 public:
  Statement(Connection& conn, const char* sql) : conn_(conn), sql_(sql) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::int64_t v);
  Statement& Bind(int index, int v) { return Bind(index, static_cast<std::int64_t>(v)); }
  Statement& Bind(int index, double v);
  Statement& Bind(int index, std::string_view v);  // text
  Statement& Bind(int index, const char* v) { return Bind(index, std::string_view(v)); }
  Statement& Bind(int index, const std::string& v) { return Bind(index, std::string_view(v)); }
  Statement& BindBlob(int index, std::string_view v);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<std::int64_t>& v);

  // Runs the statement on the first call; then true while a row is available.
  bool Step();
  // Runs a statement that returns no rows (or ignores them).
  void Run();
  // Rows changed by the statement (after Run or the first Step).
  int Changes() const { return changes_; }

  std::int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;
  bool IsNull(int col) const;
  std::optional<std::int64_t> OptInt(int col) const;

 private:
  struct Param {
    bool null = true;
    bool binary = false;
    std::string value;
  };
  void Execute();
  Param& At(int index);

  Connection& conn_;
  const char* sql_;
  std::vector<Param> params_;
  pg_result* result_ = nullptr;
  bool executed_ = false;
  int row_ = -1;
  int rows_ = 0;
  int changes_ = 0;
};

class Connection {
 public:
  // Connects to `conninfo` (a postgres:// URL or key=value string). Throws StoreError.
  explicit Connection(std::string conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements with no parameters or results (migrations, SET, LOCK).
  void Exec(std::string_view sql);
  // A statement for `sql` (a constant of queries.h: prepared once per connection, by address).
  Statement Prepare(const char* sql) { return Statement(*this, sql); }
  int Changes() const { return last_changes_; }

  bool Healthy() const;
  // Reconnects when the connection broke. Throws StoreError when the server cannot be reached.
  void EnsureOpen();

  // What the group-commit writer needs (store/common/group_commit.h).
  void Begin();
  void Savepoint();
  void ReleaseSavepoint();
  void RollbackToSavepoint();
  void Commit();
  void Rollback();
  // A REPEATABLE READ READ ONLY transaction (the snapshot of multi-statement reads); ended by
  // EndSnapshot or Rollback.
  void BeginSnapshot() { Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  void EndSnapshot() { Commit(); }
  // Deadlock or serialisation failure: the transaction was rolled back and may be run again.
  static bool Retryable(const std::exception_ptr& error);
  // True for SQLSTATE 53100 (disk_full).
  static bool DiskFull(const std::exception_ptr& error);

  pg_conn* Handle() { return conn_; }

 private:
  friend class Statement;
  // The name of `sql`'s prepared statement on this connection, preparing it when new.
  const std::string& PreparedName(const char* sql, int nparams);
  void Connect();

  std::string conninfo_;
  pg_conn* conn_ = nullptr;
  std::map<const char*, std::string> prepared_;
  int last_changes_ = 0;
};

// Frees `result`; throws PgError (with its SQLSTATE) when it was not a success.
void ConsumeResult(pg_conn* conn, pg_result* result, std::string_view what);

}  // namespace tawasul::store::postgres
