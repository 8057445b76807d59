// SQLite wrappers. Errors become StoreError with SQLite's own message. Statements are prepared
// once per connection with SQLITE_PREPARE_PERSISTENT and cached by the address of their SQL
// constant (queries.h), so the hot paths never re-parse SQL.

#include "store/sqlite/db.h"

#include <sqlite3.h>

#include "store/store.h"

namespace tawasul::store::sqlite {

namespace {
// A StoreError that keeps SQLite's result code, so that a full disk can be told apart.
class SqliteError : public StoreError {
 public:
  SqliteError(const std::string& message, int code) : StoreError(message), code_(code) {}
  int Code() const { return code_; }

 private:
  int code_;
};

[[noreturn]] void Fail(sqlite3* db, std::string_view what) {
  throw SqliteError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"),
                    db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM);
}
}  // namespace

bool Connection::DiskFull(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const SqliteError& e) {
    return (e.Code() & 0xff) == SQLITE_FULL;
  } catch (...) {
    return false;
  }
}

Statement::Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int index, std::int64_t v) {
  sqlite3_bind_int64(stmt_, index, v);
  return *this;
}
Statement& Statement::Bind(int index, double v) {
  sqlite3_bind_double(stmt_, index, v);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view v) {
  sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view v) {
  sqlite3_bind_blob(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Statement& Statement::Bind(int index, const std::optional<std::int64_t>& v) {
  return v ? Bind(index, *v) : BindNull(index);
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Fail(sqlite3_db_handle(stmt_), "sqlite step");
}

void Statement::Run() {
  while (Step()) {
  }
}

std::int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::Text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
}
std::string Statement::Blob(int col) const {
  auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
}
bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::optional<std::int64_t> Statement::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

Connection::Connection(const std::string& path, bool read_only) {
  int flags = SQLITE_OPEN_NOMUTEX |
              (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void Connection::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw SqliteError("sqlite: " + msg, sqlite3_extended_errcode(db_));
  }
}

Statement Connection::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      Fail(db_, "sqlite prepare");
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(it->second);
}

namespace {
// Transaction control, prepared once (the batch loop runs them thousands of times a second).
constexpr const char kBeginImmediate[] = "BEGIN IMMEDIATE";
constexpr const char kBeginDeferred[] = "BEGIN";
constexpr const char kSavepoint[] = "SAVEPOINT op";
constexpr const char kRelease[] = "RELEASE op";
constexpr const char kRollbackTo[] = "ROLLBACK TO op";
constexpr const char kCommit[] = "COMMIT";
}  // namespace

void Connection::Begin() { Prepare(kBeginImmediate).Run(); }
void Connection::BeginSnapshot() { Prepare(kBeginDeferred).Run(); }
void Connection::Savepoint() { Prepare(kSavepoint).Run(); }
void Connection::ReleaseSavepoint() { Prepare(kRelease).Run(); }
void Connection::RollbackToSavepoint() {
  Prepare(kRollbackTo).Run();
  Prepare(kRelease).Run();
}
void Connection::Commit() { Prepare(kCommit).Run(); }
void Connection::Rollback() {
  if (!sqlite3_get_autocommit(db_)) Exec("ROLLBACK");
}

std::int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Connection::Changes() const { return sqlite3_changes(db_); }

}  // namespace tawasul::store::sqlite
