// `tawasul backup --out FILE` and `tawasul restore --from FILE` (docs/operations.md §2, "Backups").
//
// backup: a consistent copy of the SQLite database named by --database, taken while `tawasul
// serve` keeps writing (the store's sqlite/backup.cpp says how). The file appears only when it
// is complete, checked and on disk; an existing --out is replaced only with --force.
// restore: checks the file (integrity, a Tawasul schema this binary can open) and puts it in
// place of --database; refuses while a server holds that database, and refuses to replace an
// existing one without --force. Neither opens the store (no migration runs): a restored file of
// an older schema is migrated by the next command or `serve` as usual.
//
// On PostgreSQL the database backs itself up (pg_basebackup and WAL archiving, point-in-time
// recovery): both commands say so and exit 2 rather than pretend.

#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "app/commands.h"
#include "store/sqlite/backup.h"
#include "store/store.h"

namespace tawasul::app {

namespace {

constexpr int kNotForThisBackend = 2;

// The SQLite file of --database; nullopt (after saying why) for PostgreSQL.
std::optional<std::string> SqliteFileOrExplain(const Config& config, const char* command) {
  if (store::IsPostgresUrl(config.database)) {
    std::cerr << "tawasul: " << command
              << " is for SQLite; PostgreSQL is backed up by the database itself: a base backup "
                 "(pg_basebackup) with WAL archiving, restored to any point in time (see "
                 "docs/operations.md §2, \"Backups\")\n";
    return std::nullopt;
  }
  auto path = store::SqlitePathOf(config.database);
  if (!path || path->empty() || *path == ":memory:") {
    throw std::invalid_argument("--database must be sqlite:PATH or postgres://...");
  }
  return path;
}

}  // namespace

int RunBackup(const Config& config, const BackupOptions& o) {
  auto source = SqliteFileOrExplain(config, "backup");
  if (!source) return kNotForThisBackend;
  if (std::filesystem::exists(o.out) && !o.force) {
    throw std::invalid_argument(o.out + " exists: give --force to replace it");
  }
  auto s = store::sqlite::BackupDatabase(*source, o.out);
  std::cout << "backup written to " << o.out << ": " << s.cases << " cases, schema version "
            << s.schema_version << ", " << s.bytes << " bytes\n";
  return 0;
}

int RunRestore(const Config& config, const BackupOptions& o) {
  auto target = SqliteFileOrExplain(config, "restore");
  if (!target) return kNotForThisBackend;
  auto s = store::sqlite::RestoreDatabase(o.from, *target, o.force);
  std::cout << "restored " << o.from << " to " << *target << ": " << s.cases
            << " cases, schema version " << s.schema_version << "\n";
  return 0;
}

}  // namespace tawasul::app
