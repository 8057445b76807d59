#pragma once
// Idempotency keys of POST /api/v1/cases (issue 23; docs/api.md "Idempotency-Key"): an interface
// of its own beside `Store`, reached by Store::Idempotency(), so that the files including store.h
// do not depend on it.
//
// Invariants:
// - A key's row is inserted in the same transaction as its case (NewCase::idempotency_*), so a
//   key is stored if and only if its case is: nothing acknowledged is lost, nothing duplicated.
//   The primary key on key_hash makes a second case under one key fail (and roll back) even
//   when two nodes race.
// - Only hashes of the key and of the request body are stored, and the response sealed under a
//   key derived from the Idempotency-Key itself (domain/idempotency.h): the database alone does
//   not reveal the access code it holds.
// - Rows older than the replay window are deleted by the scheduler (ExpireIdempotencyKeys); a
//   look-up ignores them before that.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/time.h"

namespace tawasul::store {

struct IdempotencyRow {
  std::string body_hash;  // domain::IdempotencyBodyHash of the first request
  std::string response;   // the sealed 201 body of the first request
  std::string reference;  // its case's reference
  domain::Instant created_at{};
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  // The row of `key_hash` stored at or after `since`, with its case's reference.
  virtual std::optional<IdempotencyRow> FindIdempotencyKey(const std::string& key_hash,
                                                           domain::Instant since) = 0;
  // Deletes the rows created before `before`; returns how many. Synchronous (waits for the
  // writer).
  virtual std::int64_t ExpireIdempotencyKeys(domain::Instant before) = 0;
};

}  // namespace tawasul::store
