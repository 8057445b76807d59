#pragma once
// The citizen's look-up of a case, the one guarded entrance for every adapter (the JSON API's
// GET, attachments and actions; the tracking pages): an address that failed too often is refused
// before anything is read, and every failure costs it a token. The limiter is shared by the JSON
// API and the pages, so guessing access codes through one does not reset the count of the other.
// A wrong reference and a wrong code are one and the same failure (nothing tells them apart).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "http/rate_limit.h"
#include "service/context.h"

namespace tawasul::service {

struct LookupOutcome {
  enum class Kind { kFound, kNotFound, kLimited };
  Kind kind = Kind::kNotFound;
  std::optional<domain::CaseRecord> record;  // kFound
  std::vector<domain::CaseEvent> events;     // kFound, when asked for
  int retry_after = 60;                      // kLimited: seconds until the address may try again
};

class CitizenLookup {
 public:
  // Both must outlive the look-up.
  CitizenLookup(const AppContext& ctx, http::RateLimiter& failed_lookups)
      : ctx_(ctx), failed_(failed_lookups) {}

  // The case `reference` when `access_code` is its code (FindCaseForCitizen), for the address
  // `client`; with its history when `with_events`.
  LookupOutcome Find(const std::string& client, std::string_view reference,
                     std::string_view access_code, bool with_events = false);

  // The same limit and accounting around another way of proving the right to a case (the
  // tracking page's signed token): `authorize` returns the case or nothing.
  LookupOutcome Guard(const std::string& client,
                      const std::function<std::optional<domain::CaseRecord>()>& authorize);

 private:
  const AppContext& ctx_;
  http::RateLimiter& failed_;
};

}  // namespace tawasul::service
