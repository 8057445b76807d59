#pragma once
// Staff authentication: sign-in with argon2id passwords, session cookies and bearer tokens
// (random 256-bit tokens stored only as a hash, with an expiry), sign-out, and the look-up every
// staff endpoint makes. Guards: failed sign-ins are rate limited per client address and slowed
// per (email, address); an account locks after repeated failures except at the addresses its
// owner used before, and a locked account is answered as an unknown one (sign_in_guard.h).

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

struct AuthOptions {
  std::chrono::seconds session_ttl{12 * 3600};
  int max_failures = 10;  // consecutive failures before the account locks (sign_in_guard.h)
  std::chrono::seconds lock_for{15 * 60};
  double attempts_per_minute_per_address = 20;
};

// Who is calling: a signed-in staff member.
struct Principal {
  store::UserRecord user;
  domain::Actor actor;
};

// The result of a sign-in attempt (for the JSON API and the sign-in page alike).
struct SignInOutcome {
  enum class Kind { kOk, kInvalid, kLocked, kRateLimited, kOverloaded, kUnavailable };
  Kind kind = Kind::kUnavailable;
  std::string token;           // kOk: the new session's token (shown once)
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
  void SignIn(std::string email, std::string password, const std::string& remote,
              std::function<void(SignInOutcome)> done);
  // HashPassword on the sign-in worker pool; `done` runs once on a worker thread with the hash
  // ("" on failure, or when the pool is full).
  void HashPasswordAsync(std::string password, std::function<void(std::string)> done);
  // Revokes the request's session (if any); `done` runs once.
  void SignOut(const http::Request& req, std::function<void()> done);
  // Set-Cookie values that open and end a browser session.
  std::string SessionCookie(const std::string& token) const;
  std::string ClearSessionCookie() const;

  // The caller from `Authorization: Bearer` or the session cookie; nullopt when neither is a
  // live session of an active user.
  std::optional<Principal> Authenticate(const http::Request& req) const;

  // The domain actor for a user record.
  static domain::Actor ActorFor(const store::UserRecord& user);
  // Hash of a token as stored.
  static std::string TokenHash(std::string_view token);

 private:
  SignInOutcome CheckPassword(std::string email, std::string password, const std::string& remote);

  const AppContext& ctx_;
  AuthOptions options_;
  http::RateLimiter per_address_;
  SignInGuard guard_;
  std::unique_ptr<WorkerPool> pool_;
};

}  // namespace tawasul::service
