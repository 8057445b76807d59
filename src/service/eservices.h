#pragma once
// The e-services catalogue's use cases (issue 18, docs/services.md), shared by the pages, the
// JSON API and the `tawasul services` commands: the search index in force, listing with filters,
// saving administrators' changes, the "was this page useful?" vote, and JSONL/CSV import and
// export.
//
// Invariants:
//  * The index in force is rebuilt whenever the catalogue snapshot in force changes (an
//    administrator's save here, an import, or another node's change seen by the configuration
//    watcher): it is keyed by the snapshot it was built beside, so it never lags behind the
//    catalogue the submission form validates against.
//  * An import stores every row or none: all rows are parsed and checked first, and the store
//    writes them in one transaction.
//  * JSON and CSV carry the same fields under the same names (kEServiceFields), so an export
//    imports back unchanged.

#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/services_catalogue.h"
#include "http/rate_limit.h"
#include "service/context.h"

namespace tawasul::service {

// The index of the active services, rebuilt beside each new catalogue snapshot.
class EServiceCache {
 public:
  EServiceCache(store::Store& store, const CatalogueInForce& catalogue)
      : store_(store), catalogue_(catalogue) {}
  // The index for the catalogue in force (built on first use after each change).
  std::shared_ptr<const domain::ServiceIndex> Get();
  // "Was this page useful?" answers per client address: 5 a minute, in bursts of 5; false (the
  // caller answers 429) when the address has none left.
  bool AllowVote(const std::string& address, int* retry_after_seconds) {
    return votes_.Allow(address, retry_after_seconds);
  }

 private:
  http::RateLimiter votes_{5, 5};
  store::Store& store_;
  const CatalogueInForce& catalogue_;
  std::mutex mu_;
  std::shared_ptr<const domain::Catalogue> built_for_;
  std::shared_ptr<const domain::ServiceIndex> index_;
};

// What a list of services is filtered by (all optional).
struct EServiceFilter {
  std::string entity;
  std::string life_event;
  std::string query;  // the search box: Arabic-aware (domain::ServiceIndex::Search)
};
// The matching services of `index`, by code, or best first when `query` is given.
std::vector<const domain::EService*> FilterEServices(const domain::ServiceIndex& index,
                                                     const EServiceFilter& filter);

// Validates and saves services (an administrator's edit, an import): on any error nothing is
// stored and the errors are returned; otherwise the store writes them and the catalogue in force
// is reloaded (so the pages, the index and the submission form see them at once).
std::vector<domain::CatalogueFieldError> SaveEService(const AppContext& ctx,
                                                      domain::EService service);

// Records one anonymous "was this page useful?" answer for an active service, today (UTC).
void RecordUseful(const AppContext& ctx, const std::string& code, bool useful);

// ---- import and export ----
// The fields of a row, in the CSV header's order.
extern const std::vector<std::string> kEServiceFields;

nlohmann::json EServiceToJson(const domain::EService& s);
// One line of JSON per service.
std::string ExportJsonl(const std::vector<domain::EService>& services);
// A header row, then one row per service (RFC 4180 quoting; sets joined by '|').
std::string ExportCsv(const std::vector<domain::EService>& services);

struct ImportProblem {
  int line = 0;        // 1-based line of the file where the row starts
  std::string field;   // "" for the row as a whole (malformed JSON, wrong column count)
  std::string reason;  // required | format | too_long | unknown | duplicate | malformed | ...
};
struct ImportOutcome {
  std::vector<domain::EService> rows;
  std::vector<ImportProblem> problems;  // non-empty: import nothing
};
enum class ImportFormat { kJsonl, kCsv };
// Parses and checks every row against the catalogue in force; does not store anything.
ImportOutcome ParseEServices(std::istream& in, ImportFormat format,
                             const domain::Catalogue& in_force);

}  // namespace tawasul::service
