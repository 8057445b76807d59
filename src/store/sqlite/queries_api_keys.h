#pragma once
// The SQLite statements of API keys and the Open311 public reads (sql_store_api_keys.h), named.

namespace tawasul::store::sqlite {

struct q_api_keys {
  static constexpr const char kInsertApiKey[] =
      "INSERT INTO api_keys(name, prefix, hash, scopes, created_at, created_by, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
#define TAWASUL_API_KEY_COLUMNS                                                               \
  "SELECT id, name, prefix, hash, scopes, created_at, created_by, expires_at, last_used_at, " \
  "revoked_at FROM api_keys "
  static constexpr const char kListApiKeys[] = TAWASUL_API_KEY_COLUMNS "ORDER BY id";
  static constexpr const char kFindApiKeyByPrefix[] = TAWASUL_API_KEY_COLUMNS "WHERE prefix = ?1";
#undef TAWASUL_API_KEY_COLUMNS
  static constexpr const char kRevokeApiKey[] =
      "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL RETURNING id";
  static constexpr const char kTouchApiKey[] =
      "UPDATE api_keys SET last_used_at = ?2 WHERE id = ?1";

  // Open311 public reads: only public columns (store/open311_store.h). ?4: 0 any status, 1 open,
  // 2 closed (domain::IsOpen311Open: received, in_progress, awaiting_citizen are open).
#define TAWASUL_PUBLIC_REQUEST_COLUMNS                                                    \
  "SELECT reference, status, entity, category, submitted_at, due_at, first_response_at, " \
  "answered_at, closed_at FROM cases "
  static constexpr const char kPublicRequests[] = TAWASUL_PUBLIC_REQUEST_COLUMNS
      "WHERE category IS NOT NULL AND submitted_at >= ?1 AND submitted_at < ?2 "
      "AND (?3 = '' OR category = ?3) AND (?4 = 0 OR (?4 = 1) = "
      "(status IN ('received', 'in_progress', 'awaiting_citizen'))) "
      "ORDER BY submitted_at DESC, id DESC LIMIT ?5";
  static constexpr const char kPublicRequest[] =
      TAWASUL_PUBLIC_REQUEST_COLUMNS "WHERE reference = ?1 AND category IS NOT NULL";
#undef TAWASUL_PUBLIC_REQUEST_COLUMNS
};

}  // namespace tawasul::store::sqlite
