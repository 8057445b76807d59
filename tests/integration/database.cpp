// The database under a test, on either backend (server.h): a SQLite file, or a database of its
// own on the throwaway PostgreSQL cluster; and SQL on it through sqlite3 or libpq.

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "integration/server.h"

namespace tawasul_test {

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsPostgresUrl(std::string_view url) {
  return StartsWith(url, "postgres://") || StartsWith(url, "postgresql://");
}

// The cluster's base URL (postgres://postgres@127.0.0.1:PORT/postgres), read once.
const std::string& PgBaseUrl() {
  static const std::string url = [] {
    const char* file = std::getenv("TAWASUL_TEST_PG_URL_FILE");
    if (!file || !*file) {
      throw std::runtime_error(
          "TAWASUL_TEST_BACKEND=postgres needs TAWASUL_TEST_PG_URL_FILE (the url file written by "
          "scripts/pg-test-cluster start DIR; ctest's pg_cluster fixture sets both)");
    }
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) {
      throw std::runtime_error(std::string("cannot read the PostgreSQL test cluster URL from ") +
                               file + " (is the cluster started? scripts/pg-test-cluster start)");
    }
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (!IsPostgresUrl(line))
      throw std::runtime_error("not a postgres:// URL in " + std::string(file));
    return line;
  }();
  return url;
}

// The same server URL with another database name.
std::string WithDatabase(const std::string& base, const std::string& name) {
  const std::size_t authority = base.find("://") + 3;
  const std::size_t slash = base.find('/', authority);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + name;
}

std::string RandomName() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
                      static_cast<std::uint64_t>(getpid()));
  static const char* kHex = "0123456789abcdef";
  std::string out = "tawasul_it_";
  for (int i = 0; i < 16; ++i) out += kHex[gen() & 15];
  return out;
}

// --- PostgreSQL ---------------------------------------------------------------------------------

struct PgConnection {
  PGconn* conn = nullptr;
  explicit PgConnection(const std::string& url) {
    // Plain TCP on loopback: no TLS or GSSAPI negotiation (the test cluster offers neither).
    const char* keys[] = {"dbname", "connect_timeout", "sslmode", "gssencmode", nullptr};
    const char* values[] = {url.c_str(), "10", "disable", "disable", nullptr};
    conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (conn)
      PQsetNoticeProcessor(
          conn, [](void*, const char*) {}, nullptr);
  }
  ~PgConnection() { PQfinish(conn); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  bool ok() const { return conn && PQstatus(conn) == CONNECTION_OK; }
  std::string error() const { return conn ? PQerrorMessage(conn) : "out of memory"; }
};

// Runs `sql` (one or more statements; the rows are the last one's). False with `error` set on
// failure.
bool PgRun(const std::string& url, const std::string& sql, std::string* text, std::string* error) {
  PgConnection c(url);
  if (!c.ok()) {
    *error = "cannot connect to " + url + ": " + c.error();
    return false;
  }
  PGresult* res = PQexec(c.conn, sql.c_str());
  const ExecStatusType st = PQresultStatus(res);
  bool ok = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY;
  if (!ok) {
    *error = PQresultErrorMessage(res);
  } else if (st == PGRES_TUPLES_OK && text) {
    const int rows = PQntuples(res);
    for (int i = 0; i < rows; ++i) {
      if (i > 0) *text += "\n";
      if (PQnfields(res) > 0 && !PQgetisnull(res, i, 0)) *text += PQgetvalue(res, i, 0);
    }
  }
  PQclear(res);
  return ok;
}

// --- SQLite -------------------------------------------------------------------------------------

bool SqliteRun(const std::string& path, const std::string& sql, bool rows, std::string* text,
               std::string* error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    *error = "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return false;
  }
  sqlite3_busy_timeout(db, 10000);
  bool ok = true;
  if (!rows) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      *error = err ? err : sqlite3_errmsg(db);
      ok = false;
    }
    sqlite3_free(err);
  } else {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      *error = sqlite3_errmsg(db);
      ok = false;
    } else {
      bool first = true;
      int rc;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!first) *text += "\n";
        first = false;
        const unsigned char* t = sqlite3_column_text(st, 0);
        if (t) *text += reinterpret_cast<const char*>(t);
      }
      if (rc != SQLITE_DONE) {
        *error = sqlite3_errmsg(db);
        ok = false;
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return ok;
}

bool Run(const std::string& url, const std::string& sql, bool rows, std::string* text,
         std::string* error) {
  if (StartsWith(url, kSqlitePrefix)) {
    return SqliteRun(url.substr(kSqlitePrefix.size()), sql, rows, text, error);
  }
  if (IsPostgresUrl(url)) return PgRun(url, sql, text, error);
  *error = "unknown database URL " + url;
  return false;
}

}  // namespace

bool IsPostgres() {
  static const bool postgres = [] {
    const char* b = std::getenv("TAWASUL_TEST_BACKEND");
    const std::string v = b ? b : "";
    if (v.empty() || v == "sqlite") return false;
    if (v == "postgres" || v == "postgresql") return true;
    throw std::runtime_error("TAWASUL_TEST_BACKEND must be sqlite or postgres, not " + v);
  }();
  return postgres;
}

// ---------------------------------------------------------------------------------------------
// TestDatabase

TestDatabase::TestDatabase(const std::string& dir) : secret_file_(dir + "/t.db.key") {
  if (!IsPostgres()) {
    url_ = std::string(kSqlitePrefix) + dir + "/t.db";
    return;
  }
  pg_admin_url_ = PgBaseUrl();
  std::string error;
  for (int attempt = 0; attempt < 5; ++attempt) {
    pg_name_ = RandomName();
    error.clear();
    if (PgRun(pg_admin_url_, "CREATE DATABASE \"" + pg_name_ + "\"", nullptr, &error)) {
      url_ = WithDatabase(pg_admin_url_, pg_name_);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * (attempt + 1)));
  }
  throw std::runtime_error("CREATE DATABASE on the test cluster failed: " + error);
}

TestDatabase::~TestDatabase() {
  if (pg_name_.empty() || url_.empty()) return;
  std::string error;
  if (!PgRun(pg_admin_url_, "DROP DATABASE IF EXISTS \"" + pg_name_ + "\" WITH (FORCE)", nullptr,
             &error)) {
    ADD_FAILURE() << "DROP DATABASE " << pg_name_ << ": " << error;
  }
}

std::string TestDatabase::CliArgs() const {
  return "--database '" + url_ + "' --secret-file '" + secret_file_ + "'";
}

// ---------------------------------------------------------------------------------------------
// SQL

std::string SqlText(const std::string& database_url, const std::string& sql) {
  std::string text, error;
  if (!Run(database_url, sql, true, &text, &error)) {
    ADD_FAILURE() << sql << ": " << error;
    return "";
  }
  return text;
}

std::int64_t SqlInt(const std::string& database_url, const std::string& sql) {
  std::string text, error;
  if (!Run(database_url, sql, true, &text, &error)) {
    ADD_FAILURE() << sql << ": " << error;
    return -1;
  }
  const std::string first = text.substr(0, text.find('\n'));
  try {
    std::size_t used = 0;
    const long long v = std::stoll(first, &used);
    if (used == first.size()) return v;
  } catch (const std::exception&) {
  }
  ADD_FAILURE() << sql << ": not an integer: '" << first << "'";
  return -1;
}

void SqlExec(const std::string& database_url, const std::string& sql) {
  std::string error;
  if (!Run(database_url, sql, false, nullptr, &error)) ADD_FAILURE() << sql << ": " << error;
}

std::string SqlJsonField(const std::string& column, const std::string& key) {
  if (IsPostgres()) return "(CAST(" + column + " AS jsonb) ->> '" + key + "')";
  return "json_extract(" + column + ", '$." + key + "')";
}

std::string SqlNowEpoch() {
  if (IsPostgres()) return "CAST(extract(epoch FROM now()) AS bigint)";
  return "CAST(strftime('%s', 'now') AS INTEGER)";
}

std::string DuplicateBreachesSql() {
  return "SELECT count(*) FROM (SELECT case_id FROM case_events WHERE kind = 'breached' "
         "GROUP BY case_id, " +
         SqlJsonField("data", "clock") + " HAVING count(*) > 1) AS duplicates";
}

}  // namespace tawasul_test
