#pragma once
// The values of the history audit and of signed checkpoints that cross the Store interface
// (store.h; docs/audit.md). Plain data: no behaviour.

#include <cstdint>
#include <string>

#include "domain/time.h"

namespace tawasul::store {

struct AuditResult {
  bool ok = true;
  std::int64_t cases = 0;
  std::int64_t events = 0;
  std::string broken_reference;  // first case whose chain is broken
  std::int64_t broken_seq = 0;   // first broken event in it (0: the case row, not an event)
  std::string reason;
  // Cases whose first event carries no submission digest (from before issue 20): their row is
  // not checked against the chain (docs/audit.md).
  std::int64_t not_covered = 0;
};

// A case's chain head as of an event cut-off: a leaf of a signed checkpoint (docs/audit.md).
struct ChainHead {
  std::string reference;
  std::int64_t events = 0;  // the head's seq: the number of events in an unbroken chain
  std::string head;         // the head event's hash (raw 32 bytes)
};

// A signed checkpoint as stored (audit_checkpoints); `text` is the exported file.
struct CheckpointRow {
  std::int64_t id = 0;
  domain::Instant created_at{};
  std::int64_t cases = 0;
  std::int64_t event_cutoff = 0;
  std::string root;        // hex
  std::string public_key;  // hex
  std::string text;
};

}  // namespace tawasul::store
