#pragma once
// Staff multi-factor sign-in and session bookkeeping (issue 16 items 3 and 5), an interface of its
// own beside `Store` (reached through Store::Mfa()), so that the many
// files including store.h do not rebuild for operations only sign-in and two pages use.
//
// Invariants:
//  * A TOTP step is accepted at most once per user: AcceptTotpStep and EnableMfa move last_step
//    forward in one conditional UPDATE (domain::AcceptsStep), so two requests racing with one
//    code cannot both succeed, on one node or several.
//  * A recovery code and a sign-in challenge are used at most once (a conditional UPDATE, a
//    DELETE ... RETURNING).
//  * The secret is stored sealed (never in clear), recovery codes only as keyed hashes, challenge
//    tokens only as hashes.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.h"
#include "store/store.h"

namespace tawasul::store {

// A user's second factor as stored.
struct MfaState {
  std::string sealed_secret;     // "" when none (not enrolling, not enrolled)
  bool enabled = false;          // confirmed by a code
  std::int64_t last_step = 0;    // the newest accepted TOTP step
  bool entity_requires = false;  // the user's entity is in mfa_entities
};

// A live session (not revoked, not expired) with what the idle timeout and the MFA gate need.
struct StaffSession {
  UserRecord user;
  bool mfa_enabled = false;
  bool entity_requires_mfa = false;
  domain::Instant last_seen;  // the last request seen on it (its creation at first)
};

class MfaStore {
 public:
  virtual ~MfaStore() = default;

  // The user's state (an empty one when the user does not exist).
  virtual MfaState FindMfa(std::int64_t user_id) = 0;
  // Starts (or restarts) an enrolment with a new sealed secret; false when MFA is already enabled.
  virtual bool SetPendingMfa(std::int64_t user_id, const std::string& sealed_secret,
                             domain::Instant now) = 0;
  // Confirms the pending secret (`step` its first accepted step) and replaces the recovery codes
  // with `recovery_hashes`, in one transaction; false when nothing is pending.
  virtual bool EnableMfa(std::int64_t user_id, std::int64_t step,
                         const std::vector<std::string>& recovery_hashes, domain::Instant now) = 0;
  // Accepts `step` when MFA is enabled and `step` is after the last accepted one; else false.
  virtual bool AcceptTotpStep(std::int64_t user_id, std::int64_t step) = 0;
  // Marks an unused recovery code used; false when there is no such unused code.
  virtual bool UseRecoveryCode(std::int64_t user_id, const std::string& code_hash,
                               domain::Instant now) = 0;
  // Removes the user's second factor and recovery codes and ends their sessions; false when the
  // user had none.
  virtual bool ResetMfa(std::int64_t user_id, domain::Instant now) = 0;

  // Entities whose staff must use a second factor.
  virtual void SetEntityMfa(const std::string& entity, bool required, domain::Instant now) = 0;
  virtual std::vector<std::string> MfaEntities() = 0;

  // The half-signed-in step: a challenge (token stored hashed) expiring at `expires_at`; expired
  // ones are purged on the way. Take removes it (single use) and returns its user when it was
  // live at `now`.
  virtual void CreateMfaChallenge(const std::string& token_hash, std::int64_t user_id,
                                  domain::Instant now, domain::Instant expires_at) = 0;
  virtual std::optional<std::int64_t> TakeMfaChallenge(const std::string& token_hash,
                                                       domain::Instant now) = 0;

  // The live session of a token hash, or nullopt.
  virtual std::optional<StaffSession> FindStaffSession(const std::string& token_hash,
                                                       domain::Instant now) = 0;
  // Records a request on the session (queued on the writer; not waited for).
  virtual void TouchSession(const std::string& token_hash, domain::Instant now) = 0;
  // Revokes every live session of the user; returns how many.
  virtual int RevokeUserSessions(std::int64_t user_id, domain::Instant now) = 0;
  // Each user's newest session creation (a successful sign-in), by user id.
  virtual std::map<std::int64_t, domain::Instant> LastSignIns() = 0;
};

}  // namespace tawasul::store
