#pragma once
// SqlStore's migrations, readiness (/readyz) and the bookkeeping of rolling upgrades, out of line
// to keep sql_store.h to the cases. Included at the end of sql_store.h only.
//
// The rule (docs/operations.md, "Rolling upgrades"; docs/decisions.md 2026-12-07):
//  * A migration file that the binary before it can still run on (additive: a new table, a new
//    nullable or defaulted column, a new index) says so with a line "-- compatible: yes".
//    Migrate records that in schema_migrations.compatible (from Q::kFirstCompatibilityMigration
//    on, the migration that added the column; earlier ones count as incompatible).
//  * A node is ready on a schema at its own latest version; on a NEWER schema when every
//    migration after its own latest is recorded compatible (the node is older than the database
//    by compatible migrations); never on an OLDER schema (the node is newer: run `tawasul
//    migrate` first). So the database is migrated once, by the first upgraded node or by hand,
//    and the other nodes stay in service until they are replaced one by one.
//  * Writes failing for want of space (Stats().disk_full) make the node not ready. While they
//    do, each readiness check queues at most one probe: a 16 KiB insert that is always rolled
//    back, so it stores nothing but needs fresh room to be written. Only its success makes the
//    node ready again (group_commit.h), which needs no traffic: the load balancer's checks
//    drive it. The check does not wait for the probe: a later check sees its outcome.

#include <algorithm>
#include <optional>
#include <string_view>

#include <spdlog/spdlog.h>

#include "store/common/sql_store.h"

namespace tawasul::store::common {

// A migration whose statements cannot run in a transaction (PostgreSQL's CREATE INDEX
// CONCURRENTLY, which builds an index on a large table without blocking writes) says so with a
// line "-- transaction: none". Migrate runs it alone, outside the migrations' transaction, through
// the backend's Q::RunOutsideTransaction; its statements must be safe to run again (IF NOT
// EXISTS), since a crash between them and the recording of the version runs them again.
inline bool RunsOutsideTransaction(std::string_view file) {
  return file.rfind("-- transaction: none\n", 0) == 0 ||
         file.find("\n-- transaction: none\n") != std::string_view::npos;
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::Migrate() {
  if (SchemaAndIndexCurrent()) return;
  // A newer binary migrated already (a rolling upgrade): its migrations and its search index
  // are its own, never this binary's to touch; CheckReady says whether this one may serve.
  if (SchemaNewerThanBinary()) {
    spdlog::warn("database schema is newer than this binary ({}); not migrating",
                 LatestSchemaVersion());
    return;
  }
  auto names = Q::MigrationNames();
  std::sort(names.begin(), names.end());
  bool reindex = false;
  std::int64_t indexed_up_to = 0;
  // Each pass applies, in one transaction, the pending migrations up to the next one that must
  // run outside a transaction; that one runs alone, and the next pass records it first.
  std::optional<std::string_view> alone, ran_alone;
  do {
    writer_->Run([&](Conn& c) {
      reindex = false;  // run again from the start when the backend aborted it
      alone.reset();
      Q::BeginMigration(c);
      std::int64_t current = 0;
      {
        auto st = c.Prepare(Q::kSchemaVersion);
        if (st.Step()) current = st.Int(0);
      }
      for (auto name : names) {
        int version = MigrationVersion(name);
        if (version <= current) continue;
        const std::string_view file = *Q::MigrationFile(name);
        if (name != ran_alone && RunsOutsideTransaction(file)) {
          alone = name;  // the migrations after it wait for it
          return;
        }
        if (name != ran_alone) c.Exec(file);
        c.Prepare(Q::kRecordMigration)
            .Bind(1, version)
            .Bind(2, name)
            .Bind(3, Secs(domain::Now()))
            .Run();
        RecordCompatibility(c, version, file);
      }
      if (!SearchIndexCurrentOn<Q>(c)) {
        // Cleared here; a database without cases (a new one) is current at once, others are
        // re-indexed after this transaction, from the case after the one indexed here.
        Q::ClearSearchIndex(c);
        std::int64_t first = 0;
        indexed_up_to = IndexCasesAfterOn<Q>(c, 0, 1, first);
        reindex = first > 0;
        if (!reindex) MarkSearchIndexCurrentOn<Q>(c);
      }
    });
    if (alone) {
      spdlog::debug("migration {} runs outside a transaction", *alone);
      writer_->RunAlone([&](Conn& c) { Q::RunOutsideTransaction(c, *Q::MigrationFile(*alone)); });
      ran_alone = alone;
    }
  } while (alone);
  if (reindex) RebuildSearchIndex(indexed_up_to);
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::SchemaAndIndexCurrent() {
  try {
    return Read([&](Conn& c) {
      auto st = c.Prepare(Q::kSchemaVersion);
      return st.Step() && st.Int(0) == LatestSchemaVersion() && SearchIndexCurrentOn<Q>(c);
    });
  } catch (const StoreError&) {
    return false;
  }
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::RebuildSearchIndex(std::int64_t after) {
  constexpr std::int64_t kReindexChunk = 1000;
  std::int64_t indexed = 1;  // the one Migrate indexed
  for (;;) {
    std::int64_t last = after, n = 0;
    writer_->Run([&](Conn& c) {
      n = 0;  // run again from the start when the backend aborted it
      last = IndexCasesAfterOn<Q>(c, after, kReindexChunk, n);
    });
    if (n == 0) break;
    after = last;
    indexed += n;
  }
  writer_->Run([](Conn& c) { MarkSearchIndexCurrentOn<Q>(c); });
  spdlog::info("search index built for {} cases", indexed);
}

template <class Q, class Conn>
Readiness SqlStore<Q, Conn>::CheckReady() {
  Readiness r;
  r.latest = LatestSchemaVersion();
  if (closed_) {
    r.reason = "store closed";
    return r;
  }
  try {
    Read([&](Conn& c) {
      {
        auto st = c.Prepare(Q::kSchemaVersion);
        r.schema = st.Step() ? static_cast<int>(st.Int(0)) : 0;
      }
      if (r.schema == r.latest) {
        r.compatible = true;
      } else if (r.schema > r.latest && r.latest >= Q::kFirstCompatibilityMigration) {
        auto st = c.Prepare(Q::kIncompatibleMigrationsAfter);
        st.Bind(1, r.latest);
        r.compatible = st.Step() && st.Int(0) == 0;
      }
    });
  } catch (const std::exception&) {
    r.reason = "database unreachable";
    return r;
  }
  if (!r.compatible) {
    r.reason = r.schema < r.latest
                   ? "database schema older than this binary: run tawasul migrate"
                   : "database schema newer than this binary and not compatible with it";
    return r;
  }
  if (writer_->Stats().disk_full) {
    r.writes_failing = true;
    r.reason = "database storage full: writes fail";
    StartWriteProbe();
    return r;
  }
  r.ready = true;
  return r;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::SchemaNewerThanBinary() {
  try {
    return SchemaVersion() > LatestSchemaVersion();
  } catch (const StoreError&) {
    return false;
  }
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::RecordCompatibility(Conn& c, int version, std::string_view file) {
  if (version < Q::kFirstCompatibilityMigration) return;
  if (file.rfind("-- compatible: yes\n", 0) != 0 &&
      file.find("\n-- compatible: yes\n") == std::string_view::npos)
    return;
  c.Prepare(Q::kMarkMigrationCompatible).Bind(1, version).Run();
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::StartWriteProbe() {
  if (probing_.exchange(true)) return;
  bool queued = writer_->Submit(
      [](Conn& c) {
        c.Prepare(Q::kWriteProbe).Run();
        throw ProbeRolledBack();  // written: roll it back (group_commit.h)
      },
      [this](std::exception_ptr) { probing_ = false; });
  if (!queued) probing_ = false;
}

}  // namespace tawasul::store::common
