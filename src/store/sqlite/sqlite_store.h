#pragma once
// The embedded SQLite store. See sqlite_store.cpp for its invariants.

#include <memory>
#include <string>

#include "store/store.h"

namespace tawasul::store::sqlite {

// Opens (creating if needed) the database file at `path`. Throws StoreError.
std::unique_ptr<Store> OpenSqliteStore(const std::string& path, const StoreOptions& options);

}  // namespace tawasul::store::sqlite
