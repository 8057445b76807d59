#pragma once
// The e-services catalogue's store operations (issue 18, docs/services.md), an interface of its
// own beside `Store` (reached through Store::EServices()), so that the many files including
// store.h do not rebuild for operations only the catalogue's pages and commands use.
//
// Invariants: SaveEServices writes every row given in one transaction (an import stores all its
// rows or none); a vote adds to a per-service, per-day counter and records nothing about the
// voter. Writes bump the configuration version, so other nodes reload their catalogue.

#include <map>
#include <string>
#include <vector>

#include "domain/services_catalogue.h"

namespace tawasul::store {

class EServiceStore {
 public:
  virtual ~EServiceStore() = default;
  // Every service, active or not, by code.
  virtual std::vector<domain::EService> LoadEServices() = 0;
  // Inserts or updates (by code) every service given, in one transaction. Throws StoreError on
  // failure (then none is stored). The caller validates first (domain::CheckEService).
  virtual void SaveEServices(const std::vector<domain::EService>& services) = 0;
  // Adds one "was this page useful?" answer for the service `code` on `day` ("YYYY-MM-DD").
  virtual void RecordUsefulVote(const std::string& code, const std::string& day, bool useful) = 0;
  // Totals over every day, by service code (services without a vote are absent).
  virtual std::map<std::string, domain::UsefulCounts> UsefulTotals() = 0;
};

}  // namespace tawasul::store
