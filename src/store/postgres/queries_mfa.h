#pragma once
// Statements of the staff MFA store (store/mfa_store.h, store/common/sql_store_mfa.h; migration
// 021_staff_mfa.sql). The same names on both backends.

namespace tawasul::store::postgres {

struct q_mfa {
  static constexpr const char kFindMfa[] =
      "SELECT coalesce(m.sealed_secret, ''), coalesce(m.enabled, 0), coalesce(m.last_step, 0), "
      "CASE WHEN EXISTS (SELECT 1 FROM mfa_entities e WHERE e.entity = u.entity) THEN 1 ELSE 0 "
      "END FROM users u LEFT JOIN user_mfa m ON m.user_id = u.id WHERE u.id = $1";
  // $1 user, $2 sealed secret, $3 now.
  static constexpr const char kSetPendingMfa[] =
      "INSERT INTO user_mfa(user_id, sealed_secret, enabled, last_step, created_at) "
      "VALUES ($1, $2, 0, 0, $3) ON CONFLICT (user_id) DO UPDATE SET sealed_secret = "
      "excluded.sealed_secret, created_at = excluded.created_at WHERE user_mfa.enabled = 0";
  // $1 user, $2 step, $3 now.
  static constexpr const char kEnableMfa[] =
      "UPDATE user_mfa SET enabled = 1, last_step = $2, enabled_at = $3 "
      "WHERE user_id = $1 AND enabled = 0 AND last_step < $2";
  static constexpr const char kDeleteRecoveryCodes[] =
      "DELETE FROM mfa_recovery_codes WHERE user_id = $1";
  static constexpr const char kInsertRecoveryCode[] =
      "INSERT INTO mfa_recovery_codes(user_id, code_hash) VALUES ($1, $2)";
  static constexpr const char kAcceptTotpStep[] =
      "UPDATE user_mfa SET last_step = $2 WHERE user_id = $1 AND enabled = 1 "
      "AND last_step < $2";
  // $1 user, $2 code hash, $3 now.
  static constexpr const char kUseRecoveryCode[] =
      "UPDATE mfa_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 "
      "AND used_at IS NULL";
  static constexpr const char kDeleteMfa[] = "DELETE FROM user_mfa WHERE user_id = $1";
  // $1 entity, $2 now.
  static constexpr const char kSetEntityMfa[] =
      "INSERT INTO mfa_entities(entity, set_at) VALUES ($1, $2) "
      "ON CONFLICT (entity) DO NOTHING";
  static constexpr const char kClearEntityMfa[] = "DELETE FROM mfa_entities WHERE entity = $1";
  static constexpr const char kMfaEntities[] = "SELECT entity FROM mfa_entities ORDER BY entity";
  // $1 token hash, $2 user, $3 expires at.
  static constexpr const char kInsertMfaChallenge[] =
      "INSERT INTO mfa_challenges(token_hash, user_id, expires_at) VALUES ($1, $2, $3)";
  static constexpr const char kPurgeMfaChallenges[] =
      "DELETE FROM mfa_challenges WHERE expires_at <= $1";
  static constexpr const char kTakeMfaChallenge[] =
      "DELETE FROM mfa_challenges WHERE token_hash = $1 RETURNING user_id, expires_at";
  // Columns 0..8 as Q::kFindUser (ReadUserRow), then MFA enabled, entity requires MFA, last seen.
  static constexpr const char kStaffSession[] =
      "SELECT u.id, u.email, u.password_hash, u.role, coalesce(u.entity, ''), u.name, u.active, "
      "u.failed_logins, u.locked_until, coalesce(m.enabled, 0), CASE WHEN EXISTS (SELECT 1 FROM "
      "mfa_entities e WHERE e.entity = u.entity) THEN 1 ELSE 0 END, "
      "coalesce(s.last_seen_at, s.created_at) FROM sessions s JOIN users u ON u.id = s.user_id "
      "LEFT JOIN user_mfa m ON m.user_id = u.id "
      "WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2";
  static constexpr const char kTouchSession[] =
      "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1";
  static constexpr const char kRevokeUserSessions[] =
      "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL";
  static constexpr const char kLastSignIns[] =
      "SELECT user_id, max(created_at) FROM sessions GROUP BY user_id";
};

}  // namespace tawasul::store::postgres
