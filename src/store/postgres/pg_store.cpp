// The PostgreSQL store: the shared SQL store (store/common/sql_store.h) on libpq connections, for
// many stateless nodes on one database, plus what only several nodes need: the scheduler's
// leadership lock and the configuration version.
//
// Concurrency: each node has one writer connection driven by the shared group-commit writer, so
// a node's writes share one COMMIT; a pool of reading connections serves reads. Between nodes,
// PostgreSQL's row locks keep every invariant exact:
//  * references: the "case:YY" row of `sequences` is incremented under its row lock (gapless,
//    unique across nodes);
//  * a case's changes: its row is read FOR UPDATE in the writing transaction (ChangeCaseTx);
//  * figures: counters are added by an upsert that locks the row, and the histograms it returns
//    are merged and written back under the same lock (common::ApplyFiguresOn); rows are written
//    in primary-key order (ExpandFigureRows), so two writers never wait on each other in a
//    cycle. Deadlocks that remain possible across a batch (two nodes changing the same two cases
//    in opposite orders) are aborted by the server and the batch is run again (the writer's
//    retry).
// Isolation is READ COMMITTED for writes (every decision is taken on rows it has locked) and
// REPEATABLE READ READ ONLY for multi-statement reads (one snapshot).
//
// Failures: a read on a connection that broke (server restart, failover) is retried once on a
// fresh connection; the writer reconnects before its next batch. A COMMIT whose connection broke
// has an unknown outcome: its requests are answered with an error, never retried.
//
// Nodes: the scheduler runs on the holder of an advisory lock (HoldLeadership), taken on a
// connection of its own, so it is released when the node dies; SLA and calendar changes bump
// config_version, which every node polls to reload its cached rules.
//
// Format: migrations/NNN_name.sql, embedded, applied in order under an advisory lock (two nodes
// starting together do not both migrate), recorded in schema_migrations.

#include "store/postgres/pg_store.h"

#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

#include "store/common/sql_store.h"
#include "store/postgres/db.h"
#include "store/postgres/queries.h"

namespace tawasul::store::postgres {

std::optional<std::string_view> PgMigrationFile(std::string_view name);
std::vector<std::string_view> PgMigrationFileNames();

namespace {
constexpr std::int64_t kMigrationLock = 0x7461776173756c01;  // "tawasul" + 1
constexpr std::int64_t kLeaderLock = 0x7461776173756c02;

// The statements of a migration file, one each: comment lines dropped, split where a line ends
// with ';' (the files put one statement a line group; no ';' ends a line inside a string).
std::vector<std::string> SplitStatements(std::string_view file) {
  std::vector<std::string> out;
  std::string current;
  std::size_t pos = 0;
  while (pos < file.size()) {
    std::size_t end = file.find('\n', pos);
    if (end == std::string_view::npos) end = file.size();
    std::string_view line = file.substr(pos, end - pos);
    pos = end + 1;
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line.substr(first, 2) == "--") continue;
    current.append(line).push_back('\n');
    std::size_t last = line.find_last_not_of(" \t\r");
    if (last != std::string_view::npos && line[last] == ';') {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

// The index a "CREATE INDEX CONCURRENTLY IF NOT EXISTS name ..." statement builds.
std::optional<std::string> ConcurrentIndexName(const std::string& statement) {
  static const std::regex kCreate(
      R"(^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+IF\s+NOT\s+EXISTS\s+(\w+))",
      std::regex::icase);
  std::smatch m;
  if (!std::regex_search(statement, m, kCreate)) return std::nullopt;
  return m[1].str();
}
}  // namespace

std::vector<std::string_view> Sql::MigrationNames() { return PgMigrationFileNames(); }
std::optional<std::string_view> Sql::MigrationFile(std::string_view name) {
  return PgMigrationFile(name);
}

void Sql::BeginMigration(Connection& c) {
  // Under the lock: two nodes starting together would race even on IF NOT EXISTS.
  c.Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
  c.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations(version integer PRIMARY KEY, "
      "name text NOT NULL, applied_at bigint NOT NULL)");
}

void Sql::RunOutsideTransaction(Connection& c, std::string_view file) {
  // The session lock, not the transaction one: each statement commits by itself.
  c.Exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLock) + ")");
  try {
    for (const auto& statement : SplitStatements(file)) {
      // A CREATE INDEX CONCURRENTLY that failed (or was cut off) leaves an INVALID index that
      // IF NOT EXISTS would keep: drop it and build it again.
      if (auto index = ConcurrentIndexName(statement)) {
        auto st = c.Prepare(q::kInvalidIndex);
        st.Bind(1, *index);
        if (st.Step()) c.Exec("DROP INDEX CONCURRENTLY IF EXISTS " + *index);
      }
      c.Exec(statement);
    }
  } catch (...) {
    c.Exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
    throw;
  }
  c.Exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
}

void Sql::BeforeSearch(Connection& c) {
  // A plan for each query's own words: a common word walks the primary key backwards and stops
  // after the ranking window, a rare one takes the GIN index. A cached generic plan would take
  // the GIN index for both, fetching every match of a common word.
  c.Exec("SET LOCAL plan_cache_mode = force_custom_plan");
}

void Sql::AfterConfigChange(Connection& c) { c.Prepare(q::kBumpConfigVersion).Run(); }

void Sql::AfterUsersImported(Connection& c) { c.Prepare(q::kResyncUserIds).Run(); }

void Sql::AfterWebhooksImported(Connection& c) { c.Prepare(q::kResyncWebhookIds).Run(); }

void Sql::BeforeEventCutoff(Connection& c) {
  // Event ids come from a sequence, so with several nodes (or writers) an id can commit after a
  // larger one is already visible. A SHARE lock conflicts with the ROW EXCLUSIVE lock every
  // INSERT takes before it draws its id: it waits until every such transaction has ended and
  // holds new ones back until this write commits, so max(id) read under it is a cut-off no
  // later commit can fall below (docs/audit.md, "The cut-off").
  c.Exec("LOCK TABLE case_events IN SHARE MODE");
}

namespace {

class PgStore final : public common::SqlStore<Sql, Connection> {
 public:
  PgStore(std::string url, const StoreOptions& options)
      : SqlStore(
            std::make_unique<Connection>(url),
            [u = url] { return std::make_unique<Connection>(u); },
            std::max(options.read_connections, 2), options),
        url_(std::move(url)) {
    StartWriter();
  }
  ~PgStore() override { Close(); }

  bool HoldLeadership() override {
    std::lock_guard lock(leader_mu_);
    try {
      if (leader_conn_ && leader_held_) {
        leader_conn_->Exec("SELECT 1");  // the lock lives as long as this session
        return true;
      }
      if (!leader_conn_ || !leader_conn_->Healthy()) {
        leader_conn_ = std::make_unique<Connection>(url_);
        leader_held_ = false;
      }
      auto st = leader_conn_->Prepare(q::kTryLeader);
      st.Bind(1, kLeaderLock);
      leader_held_ = st.Step() && st.Text(0) == "t";
      return leader_held_;
    } catch (const std::exception& e) {
      spdlog::warn("scheduler leadership: {}", e.what());
      leader_conn_.reset();  // a lost session has lost the lock too
      leader_held_ = false;
      return false;
    }
  }

  std::int64_t ConfigVersion() override { return Scalar(q::kConfigVersion); }

  void Close() override {
    SqlStore::Close();
    std::lock_guard lock(leader_mu_);
    leader_conn_.reset();
  }

 private:
  std::string url_;
  std::mutex leader_mu_;
  std::unique_ptr<Connection> leader_conn_;
  bool leader_held_ = false;
};

}  // namespace

std::unique_ptr<Store> OpenPgStore(const std::string& url, const StoreOptions& options) {
  return std::make_unique<PgStore>(url, options);
}

}  // namespace tawasul::store::postgres
