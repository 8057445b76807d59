// Store selection by URL (docs/API.md "Command line": --database).

#include "store/store.h"

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tawasul::store {

std::optional<std::string> SqlitePathOf(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) return std::nullopt;
  std::string path = url.substr(7);
  if (path.rfind("//", 0) == 0) path = path.substr(2);  // tolerate sqlite://PATH
  return path;
}

bool IsPostgresUrl(const std::string& url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

std::unique_ptr<Store> OpenStore(const std::string& url, const StoreOptions& options) {
  if (auto path = SqlitePathOf(url)) {
    if (path->empty()) throw StoreError("empty SQLite path in --database " + url);
    return sqlite::OpenSqliteStore(*path, options);
  }
  if (IsPostgresUrl(url)) return postgres::OpenPgStore(url, options);
  throw StoreError("unsupported --database URL (expected sqlite:PATH or postgres://...): " + url);
}

}  // namespace tawasul::store
