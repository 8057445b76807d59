#pragma once
// Staff second factor (issue 16 item 3, docs/operations.md "Staff sign-in"): enrolment and the
// check of a code at sign-in, over the MFA store (store/mfa_store.h) and domain/totp.h.
//
// Invariants:
//  * Who must use a second factor: administrators (unless the operator turned that off with
//    --no-admin-mfa, for demos and tests), every member of an entity listed in mfa_entities, and
//    anyone who enrolled. MfaRequired is the one place that says so.
//  * The secret is sealed under the server secret (the webhooks' sealing, domain/webhooks.h) and
//    shown only while enrolment is pending; recovery codes are shown once, when it is confirmed.
//  * A code is accepted once (the store's last_step), a recovery code once.
// The functions here wait for the store's writer: call them off the I/O threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "store/mfa_store.h"
#include "store/store.h"

namespace tawasul::service {

// True when `user` must pass a second factor (see above).
bool MfaRequired(const store::UserRecord& user, bool admin_mfa, bool entity_requires, bool enabled);

// A pending enrolment as the page shows it.
struct PendingEnrolment {
  std::string secret_base32;  // for typing into an app by hand
  std::string otpauth_uri;    // for the QR code
};

// Starts (or restarts) enrolment with a new secret; false when MFA is already on.
bool StartEnrolment(const AppContext& ctx, std::int64_t user_id);
// The pending enrolment of a user (nullopt when none is pending, or MFA is on).
std::optional<PendingEnrolment> FindPendingEnrolment(const AppContext& ctx,
                                                     const store::UserRecord& user);
// Confirms the pending enrolment with a current code: the recovery codes (to show once), or
// nullopt when the code is wrong (or nothing is pending).
std::optional<std::vector<std::string>> ConfirmEnrolment(const AppContext& ctx,
                                                         std::int64_t user_id,
                                                         const std::string& code);
// Checks a sign-in code: six digits are a TOTP code (accepted once), anything else a recovery
// code (used once). False when MFA is not on.
bool CheckSecondFactor(const AppContext& ctx, std::int64_t user_id, const std::string& typed);

}  // namespace tawasul::service
