#pragma once
// The PostgreSQL store. See pg_store.cpp for its invariants.

#include <memory>
#include <string>

#include "store/store.h"

namespace tawasul::store::postgres {

// Connects to `url` (postgres://user@host:port/db?...). Throws StoreError.
std::unique_ptr<Store> OpenPgStore(const std::string& url, const StoreOptions& options);

}  // namespace tawasul::store::postgres
