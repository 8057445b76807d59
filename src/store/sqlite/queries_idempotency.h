#pragma once
// The SQLite statements of Idempotency-Key rows (sql_store_idempotency.h), named.

namespace tawasul::store::sqlite {

struct q_idempotency {
  static constexpr const char kInsertIdempotencyKey[] =
      "INSERT INTO idempotency_keys(key_hash, body_hash, case_id, response, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)";
  static constexpr const char kFindIdempotencyKey[] =
      "SELECT k.body_hash, k.response, c.reference, k.created_at FROM idempotency_keys k "
      "JOIN cases c ON c.id = k.case_id WHERE k.key_hash = ?1 AND k.created_at >= ?2";
  static constexpr const char kExpireIdempotencyKeys[] =
      "DELETE FROM idempotency_keys WHERE created_at < ?1";
};

}  // namespace tawasul::store::sqlite
