#pragma once
// SQLite statements of citizen accounts (store/account_store.h, migration 024). A base of `Sql`
// (queries.h); the PostgreSQL twin is postgres/queries_account.h, with the same names.

namespace tawasul::store::sqlite {

struct q_account {
  static constexpr const char kCountRecentCodes[] =
      "SELECT count(*) FROM one_time_codes WHERE purpose = ?1 AND subject = ?2 AND created_at > ?3";
  static constexpr const char kInsertCode[] =
      "INSERT INTO one_time_codes(purpose, subject, code_hash, salt, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static constexpr const char kNewestCode[] =
      "SELECT id, code_hash, salt, expires_at, failures, CASE WHEN used_at IS NULL THEN 0 ELSE 1 "
      "END FROM one_time_codes WHERE purpose = ?1 AND subject = ?2 ORDER BY id DESC LIMIT 1";
  static constexpr const char kCodeFailure[] =
      "UPDATE one_time_codes SET failures = failures + 1 WHERE id = ?1";
  static constexpr const char kCodeUsed[] =
      "UPDATE one_time_codes SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL";
  static constexpr const char kFindAccount[] = "SELECT id FROM citizen_accounts WHERE contact = ?1";
  static constexpr const char kInsertAccount[] =
      "INSERT INTO citizen_accounts(contact, created_at) VALUES (?1, ?2) RETURNING id";
  static constexpr const char kInsertCitizenSession[] =
      "INSERT INTO citizen_sessions(token_hash, account_id, created_at, last_used_at, expires_at, "
      "user_agent) VALUES (?1, ?2, ?3, ?3, ?4, ?5)";
  static constexpr const char kCitizenSession[] =
      "SELECT account_id, last_used_at FROM citizen_sessions WHERE token_hash = ?1 AND "
      "revoked_at IS NULL AND expires_at > ?2";
  static constexpr const char kTouchCitizenSession[] =
      "UPDATE citizen_sessions SET last_used_at = ?2 WHERE token_hash = ?1";
  static constexpr const char kCitizenSessions[] =
      "SELECT token_hash, account_id, created_at, last_used_at, expires_at, user_agent FROM "
      "citizen_sessions WHERE account_id = ?1 AND revoked_at IS NULL AND expires_at > ?2 ORDER BY "
      "created_at DESC, token_hash";
  static constexpr const char kRevokeCitizenSessions[] =
      "UPDATE citizen_sessions SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL";
  static constexpr const char kRevokeCitizenSession[] =
      "UPDATE citizen_sessions SET revoked_at = ?3 WHERE account_id = ?1 AND token_hash = ?2 "
      "AND revoked_at IS NULL";
  // Recovering access (issue 16): the new access code of a case proven by its contact.
  static constexpr const char kReplaceAccessCode[] =
      "UPDATE cases SET access_hash = ?2, access_salt = ?3 WHERE id = ?1";
  static constexpr const char kAccountCases[] =
      "SELECT reference, type, status, entity, submitted_at, due_at, language FROM cases WHERE "
      "owner_id = ?1 ORDER BY id DESC LIMIT ?2";
  static constexpr const char kSetCaseOwner[] =
      "UPDATE cases SET owner_id = ?2 WHERE reference = ?1";
  static constexpr const char kCaseOwner[] =
      "SELECT coalesce(owner_id, 0) FROM cases WHERE reference = ?1";
};

}  // namespace tawasul::store::sqlite
