#pragma once
// Open311 request updates (mySociety's `servicerequestupdates`; docs/open311.md): the public
// changes of requests in a time window, and which API key created which request (so that only
// that key may post a citizen's update to it). An interface of its own beside `Store`, reached by
// Store::Open311Updates(), so that the files including store.h do not depend on it.
//
// Invariants:
//  * A RequestUpdateRow holds no personal data and no text: the reference, the event's position
//    and time and its kind. The statement behind it selects only these columns, and only the
//    kinds domain::Open311UpdateStatus maps (domain/open311_updates.h).
//  * A link (reference -> key id) is written once, after the case's own commit; a case without one
//    (made on another channel, or whose link write failed) takes no update from any key.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/event_kind.h"
#include "domain/time.h"

namespace tawasul::store {

struct RequestUpdateRow {
  std::string reference;
  std::int64_t seq = 0;  // the event's position in the case's history
  domain::Instant at{};
  domain::EventKind kind = domain::EventKind::kOther;
};

class Open311UpdateStore {
 public:
  virtual ~Open311UpdateStore() = default;
  // Updates of cases that have a category, at in [from, to), oldest first (then by reference and
  // position), at most `limit`.
  virtual std::vector<RequestUpdateRow> RequestUpdates(domain::Instant from, domain::Instant to,
                                                       int limit) = 0;
  // Records that the key `key_id` created the case `reference`; `done(stored)` runs once, on a
  // store thread (false: not stored, e.g. the write queue was full).
  virtual void LinkRequestKey(const std::string& reference, std::int64_t key_id,
                              std::function<void(bool)> done) = 0;
  // The key that created the case `reference` (canonical), if one did.
  virtual std::optional<std::int64_t> RequestKey(const std::string& reference) = 0;
};

}  // namespace tawasul::store
