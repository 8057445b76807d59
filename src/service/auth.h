#pragma once
// Staff authentication: sign-in with argon2id passwords, session cookies and bearer tokens
// (random 256-bit tokens stored only as a hash, with an expiry), sign-out, and the look-up every
// staff endpoint makes. Guards: failed sign-ins are rate limited per client address and slowed
// per (email, address); an account locks after repeated failures except at the addresses its
// owner used before, and a locked account is answered as an unknown one (sign_in_guard.h).
//
// Second factor (issue 16 item 3, staff_mfa.h): when the user must use one and has enrolled, a
// right password opens no session: the page gets a short-lived single-use challenge (stored
// hashed) and asks for the code (VerifyChallenge); the JSON API takes the code in the same
// request (`totp`). A wrong code counts as a failed sign-in (the same lockout and backoff). A user
// who must use one but has not enrolled gets a session that reaches only the enrolment page
// (Principal::mfa_enrolment_due; Authenticate refuses it everywhere else).
// Idle timeout: a session unused for longer than staff_idle is refused (the last request is
// recorded at most every idle/4, at most every minute, at least every second).

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "domain/lifecycle.h"
#include "http/message.h"
#include "http/rate_limit.h"
#include "service/context.h"
#include "service/sign_in_guard.h"
#include "service/worker_pool.h"
#include "store/store.h"

namespace tawasul::service {

inline constexpr const char* kSessionCookie = "tawasul_session";
inline constexpr const char* kChallengeCookie = "tawasul_mfa";

struct AuthOptions {
  std::chrono::seconds session_ttl{12 * 3600};
  int max_failures = 10;  // consecutive failures before the account locks (sign_in_guard.h)
  std::chrono::seconds lock_for{15 * 60};
  double attempts_per_minute_per_address = 20;
  std::chrono::seconds staff_idle{30 * 60};    // --staff-idle-minutes
  bool admin_mfa = true;                       // administrators must use a second factor
  std::chrono::seconds challenge_ttl{5 * 60};  // password done, code still due
};

// Who is calling: a signed-in staff member.
struct Principal {
  store::UserRecord user;
  domain::Actor actor;
  bool mfa_enabled = false;
  // Must enrol a second factor before anything else (only Auth::Session returns such ones).
  bool mfa_enrolment_due = false;
};

// The result of a sign-in attempt (for the JSON API and the sign-in page alike).
struct SignInOutcome {
  // kCodeRequired: the password was right, a second factor is due (`challenge` for the page;
  // the JSON API names `totp`). kCodeInvalid: the code was wrong (a new `challenge` for the page).
  // kEnrolmentRequired: the JSON API's answer to a user who must enrol first (the page gets kOk
  // with a session limited to enrolment).
  enum class Kind {
    kOk,
    kInvalid,
    kLocked,
    kRateLimited,
    kOverloaded,
    kUnavailable,
    kCodeRequired,
    kCodeInvalid,
    kEnrolmentRequired
  };
  Kind kind = Kind::kUnavailable;
  std::string token;           // kOk: the new session's token (shown once)
  std::string challenge;       // kCodeRequired, kCodeInvalid (pages): the next step's token
  bool enrolment_due = false;  // kOk: the session reaches only /staff/mfa until enrolled
  domain::Instant expires_at;  // kOk
  store::UserRecord user;      // kOk
  int retry_after = 0;         // kLocked, kRateLimited: seconds
};

// An argon2id hash of `password` (libsodium crypto_pwhash_str, interactive limits) as stored in
// users.password_hash; "" when memory ran out. Takes ~0.1 s: call it off the I/O threads
// (Auth::HashPasswordAsync). Used by `tawasul user add`, the demo and /admin/users.
std::string HashPassword(const std::string& password);

// 401 with `WWW-Authenticate: Bearer`: the answer to a staff endpoint called without a session.
http::Response UnauthorizedProblem(const std::string& request_id);

class Auth {
 public:
  Auth(const AppContext& ctx, AuthOptions options);

  // POST /api/v1/auth/login and POST /api/v1/auth/logout.
  void Login(const http::Request& req, http::Reply reply);
  void Logout(const http::Request& req, http::Reply reply);

  // Checks a password on the worker pool (never on an I/O thread) and opens a session; `done`
  // runs once, on a worker thread or inline when refused before the check.
  // `totp`: the JSON API's code (nullopt: none given); `browser`: the page (a challenge instead
  // of a code, a limited session instead of kEnrolmentRequired).
  void SignIn(std::string email, std::string password, const std::string& remote,
              std::function<void(SignInOutcome)> done, std::optional<std::string> totp = {},
              bool browser = true);
  // The page's second step: the challenge (from its cookie) and the code typed (TOTP or recovery
  // code). The challenge is used up whatever the outcome; a wrong code gets a new one.
  void VerifyChallenge(std::string challenge, std::string code, const std::string& remote,
                       std::function<void(SignInOutcome)> done);
  // Runs `work` on the sign-in worker pool (store writes of the MFA pages); false when full.
  bool Post(std::function<void()> work);
  const AuthOptions& options() const { return options_; }
  // HashPassword on the sign-in worker pool; `done` runs once on a worker thread with the hash
  // ("" on failure, or when the pool is full).
  void HashPasswordAsync(std::string password, std::function<void(std::string)> done);
  // Revokes the request's session (if any); `done` runs once.
  void SignOut(const http::Request& req, std::function<void()> done);
  // Set-Cookie values that open and end a browser session.
  std::string SessionCookie(const std::string& token) const;
  std::string ClearSessionCookie() const;
  std::string ChallengeCookie(const std::string& token) const;
  std::string ClearChallengeCookie() const;

  // The caller from `Authorization: Bearer` or the session cookie; nullopt when neither is a
  // live (not idle) session of an active user, or when the session may only enrol a second
  // factor.
  std::optional<Principal> Authenticate(const http::Request& req) const;
  // The same, including sessions that may only enrol (mfa_enrolment_due).
  std::optional<Principal> Session(const http::Request& req) const;

  // The domain actor for a user record.
  static domain::Actor ActorFor(const store::UserRecord& user);
  // Hash of a token as stored.
  static std::string TokenHash(std::string_view token);

 private:
  SignInOutcome CheckPassword(std::string email, std::string password, const std::string& remote,
                              const std::optional<std::string>& totp, bool browser);
  SignInOutcome CheckChallenge(const std::string& challenge, const std::string& code,
                               const std::string& remote);
  // Opens a session for `user` (failures reset, the address remembered).
  SignInOutcome OpenSession(store::UserRecord user, const std::string& remote, bool enrolment_due);
  // A new challenge for `user_id` (the token, stored hashed).
  std::string NewChallenge(std::int64_t user_id);
  // A failed sign-in on `user`: the database counter (lockout) and this node's backoff.
  void CountFailure(const store::UserRecord& user, const std::string& email,
                    const std::string& remote);

  const AppContext& ctx_;
  AuthOptions options_;
  http::RateLimiter per_address_;
  SignInGuard guard_;
  std::unique_ptr<WorkerPool> pool_;
};

}  // namespace tawasul::service
