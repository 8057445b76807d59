// libpq wrappers; see db.h.

#include "store/postgres/db.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include <libpq-fe.h>

namespace tawasul::store::postgres {

namespace {

std::string ErrorOf(pg_conn* conn, pg_result* result) {
  std::string msg = result ? PQresultErrorMessage(result) : "";
  if (msg.empty() && conn) msg = PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg.empty() ? "unknown error" : msg;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

}  // namespace

void ConsumeResult(pg_conn* conn, pg_result* result, std::string_view what) {
  ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    PQclear(result);
    return;
  }
  std::string sqlstate;
  if (result) {
    if (const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE)) sqlstate = s;
  }
  std::string msg = std::string(what) + ": " + ErrorOf(conn, result);
  PQclear(result);
  throw PgError(msg, sqlstate);
}

// --- Statement -------------------------------------------------------------------------------

Statement::~Statement() { PQclear(result_); }

Statement::Param& Statement::At(int index) {
  if (static_cast<std::size_t>(index) > params_.size()) params_.resize(index);
  return params_[index - 1];
}

Statement& Statement::Bind(int index, std::int64_t v) {
  auto& p = At(index);
  p = Param{false, false, std::to_string(v)};
  return *this;
}

Statement& Statement::Bind(int index, double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  auto& p = At(index);
  p = Param{false, false, std::string(buf, ec == std::errc() ? end : buf)};
  return *this;
}

Statement& Statement::Bind(int index, std::string_view v) {
  auto& p = At(index);
  p = Param{false, false, std::string(v)};
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view v) {
  auto& p = At(index);
  p = Param{false, true, std::string(v)};
  return *this;
}

Statement& Statement::BindNull(int index) {
  At(index) = Param{};
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::int64_t>& v) {
  return v ? Bind(index, *v) : BindNull(index);
}

void Statement::Execute() {
  executed_ = true;
  const int n = static_cast<int>(params_.size());
  const std::string& name = conn_.PreparedName(sql_, n);
  std::vector<const char*> values(n);
  std::vector<int> lengths(n), formats(n);
  for (int i = 0; i < n; ++i) {
    values[i] = params_[i].null ? nullptr : params_[i].value.data();
    lengths[i] = static_cast<int>(params_[i].value.size());
    formats[i] = params_[i].binary ? 1 : 0;
  }
  result_ = PQexecPrepared(conn_.Handle(), name.c_str(), n, values.data(), lengths.data(),
                           formats.data(), 0);
  pg_result* r = result_;
  if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
    result_ = nullptr;
    ConsumeResult(conn_.Handle(), r, "postgres");
  }
  rows_ = PQntuples(result_);
  const char* tuples = PQcmdTuples(result_);
  changes_ = tuples && *tuples ? std::atoi(tuples) : 0;
  conn_.last_changes_ = changes_;
}

bool Statement::Step() {
  if (!executed_) Execute();
  return ++row_ < rows_;
}

void Statement::Run() {
  if (!executed_) Execute();
  row_ = rows_;
}

std::int64_t Statement::Int(int col) const {
  if (PQgetisnull(result_, row_, col)) return 0;
  return std::strtoll(PQgetvalue(result_, row_, col), nullptr, 10);
}

double Statement::Double(int col) const {
  if (PQgetisnull(result_, row_, col)) return 0;
  return std::strtod(PQgetvalue(result_, row_, col), nullptr);
}

std::string Statement::Text(int col) const {
  if (PQgetisnull(result_, row_, col)) return {};
  return std::string(PQgetvalue(result_, row_, col),
                     static_cast<std::size_t>(PQgetlength(result_, row_, col)));
}

std::string Statement::Blob(int col) const {
  if (PQgetisnull(result_, row_, col)) return {};
  std::string_view hex(PQgetvalue(result_, row_, col),
                       static_cast<std::size_t>(PQgetlength(result_, row_, col)));
  if (hex.substr(0, 2) != "\\x") return std::string(hex);  // not a bytea column
  std::string out;
  out.reserve((hex.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(HexValue(hex[i]) * 16 + HexValue(hex[i + 1])));
  }
  return out;
}

bool Statement::IsNull(int col) const { return PQgetisnull(result_, row_, col) != 0; }

std::optional<std::int64_t> Statement::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

// --- Connection ------------------------------------------------------------------------------

Connection::Connection(std::string conninfo) : conninfo_(std::move(conninfo)) { Connect(); }

Connection::~Connection() { PQfinish(conn_); }

void Connection::Connect() {
  PQfinish(conn_);
  prepared_.clear();
  conn_ = PQconnectdb(conninfo_.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = ErrorOf(conn_, nullptr);
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError("cannot connect to PostgreSQL: " + msg);
  }
  // Quiet NOTICEs (e.g. "relation already exists, skipping") instead of printing to stderr.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  Exec("SET client_min_messages = warning");
}

bool Connection::Healthy() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

void Connection::EnsureOpen() {
  if (!Healthy()) Connect();
}

void Connection::Exec(std::string_view sql) {
  std::string s(sql);
  ConsumeResult(conn_, PQexec(conn_, s.c_str()), "postgres");
}

const std::string& Connection::PreparedName(const char* sql, int nparams) {
  auto it = prepared_.find(sql);
  if (it != prepared_.end()) return it->second;
  char buf[32];
  std::snprintf(buf, sizeof buf, "s%zu", prepared_.size() + 1);
  std::string name = buf;
  (void)nparams;  // the server infers the parameters' number and types from the SQL
  ConsumeResult(conn_, PQprepare(conn_, name.c_str(), sql, 0, nullptr), "postgres prepare");
  return prepared_.emplace(sql, std::move(name)).first->second;
}

void Connection::Begin() { Exec("BEGIN"); }
void Connection::Savepoint() { Exec("SAVEPOINT op"); }
void Connection::ReleaseSavepoint() { Exec("RELEASE SAVEPOINT op"); }
void Connection::RollbackToSavepoint() { Exec("ROLLBACK TO SAVEPOINT op; RELEASE SAVEPOINT op"); }
void Connection::Commit() { Exec("COMMIT"); }
void Connection::Rollback() {
  if (Healthy() && PQtransactionStatus(conn_) != PQTRANS_IDLE) Exec("ROLLBACK");
}

bool Connection::Retryable(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const PgError& e) {
    return e.SqlState() == "40001" || e.SqlState() == "40P01";
  } catch (...) {
    return false;
  }
}

bool Connection::DiskFull(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const PgError& e) {
    return e.SqlState() == "53100";
  } catch (...) {
    return false;
  }
}

}  // namespace tawasul::store::postgres
