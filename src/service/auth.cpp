// Staff authentication; see auth.h.
//
// Timing: an unknown email still costs one argon2id verification (against a fixed hash), so
// response time does not reveal which accounts exist. Password checks run on a small worker
// pool, never on an I/O thread. Lockout is kept in the database (failed_logins, locked_until) so
// it holds across nodes; the per-address limiter is per node.

#include "service/auth.h"

#include <sodium.h>

#include "domain/time.h"
#include "http/problem.h"
#include "service/json_io.h"
#include "service/staff_mfa.h"
#include "store/mfa_store.h"

namespace tawasul::service {

namespace {

std::string NewToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return hex;
}

// A valid argon2id hash of a random password, for equal-cost failures on unknown emails.
const std::string& DummyHash() {
  static const std::string kHash = [] {
    char out[crypto_pwhash_STRBYTES];
    std::string pw = NewToken();
    if (crypto_pwhash_str(out, pw.c_str(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return std::string();
    }
    return std::string(out);
  }();
  return kHash;
}

}  // namespace

std::string HashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.c_str(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return std::string();
  }
  return std::string(out);
}

namespace {

nlohmann::json UserJson(const store::UserRecord& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"role", domain::ToString(u.role)},
          {"entity", u.entity.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.entity)},
          {"name", u.name}};
}

// The session token of a request: `Authorization: Bearer`, else the session cookie.
std::string TokenOf(const http::Request& req) {
  std::string_view authz = req.Header("Authorization");
  if (authz.size() > 7 && http::EqualsIgnoreCase(authz.substr(0, 7), "Bearer ")) {
    return std::string(authz.substr(7));
  }
  return req.Cookie(kSessionCookie);
}

}  // namespace

Auth::Auth(const AppContext& ctx, AuthOptions options)
    : ctx_(ctx),
      options_(options),
      per_address_(options.attempts_per_minute_per_address,
                   options.attempts_per_minute_per_address),
      pool_(std::make_unique<WorkerPool>(2, 256)) {}

domain::Actor Auth::ActorFor(const store::UserRecord& u) {
  domain::Actor a;
  a.user_id = u.id;
  a.entity = u.entity;
  a.role = u.role;  // a staff role (the store reads anything else as auditor)
  return a;
}

std::string Auth::TokenHash(std::string_view token) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::optional<Principal> Auth::Session(const http::Request& req) const {
  std::string token = TokenOf(req);
  if (token.size() != 64) return std::nullopt;
  const auto now = domain::Now();
  const std::string hash = TokenHash(token);
  auto& mfa = ctx_.store.Mfa();
  auto s = mfa.FindStaffSession(hash, now);
  if (!s || !s->user.active) return std::nullopt;
  if (now - s->last_seen > options_.staff_idle) return std::nullopt;  // idle too long
  // Record the request, rarely enough to cost the writer little, often enough for the timeout.
  auto every = std::clamp<std::chrono::seconds>(options_.staff_idle / 4, std::chrono::seconds(1),
                                                std::chrono::seconds(60));
  if (now - s->last_seen >= every) mfa.TouchSession(hash, now);
  Principal p;
  p.user = s->user;
  p.actor = ActorFor(s->user);
  p.mfa_enabled = s->mfa_enabled;
  p.mfa_enrolment_due =
      !s->mfa_enabled && MfaRequired(s->user, options_.admin_mfa, s->entity_requires_mfa, false);
  return p;
}

std::optional<Principal> Auth::Authenticate(const http::Request& req) const {
  auto p = Session(req);
  if (!p || p->mfa_enrolment_due) return std::nullopt;
  return p;
}

void Auth::Login(const http::Request& req, http::Reply reply) {
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  std::vector<domain::FieldError> errors;
  auto text = [&](const char* key) -> std::string {
    auto it = body->find(key);
    if (it == body->end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      errors.push_back({key, "required", std::string(key) + " is required"});
      return {};
    }
    return it->get<std::string>();
  };
  std::string email = text("email");
  std::string password = text("password");
  std::optional<std::string> totp;
  if (auto it = body->find("totp"); it != body->end()) {
    if (it->is_string() && !it->get_ref<const std::string&>().empty()) {
      totp = it->get<std::string>();
    } else {
      errors.push_back({"totp", "invalid", "totp must be the 6-digit code or a recovery code"});
    }
  }
  for (auto it = body->begin(); it != body->end(); ++it) {
    if (it.key() != "email" && it.key() != "password" && it.key() != "totp") {
      errors.push_back({it.key(), "unknown_field", "unknown field " + it.key()});
    }
  }
  if (!errors.empty()) {
    reply(ValidationProblem(errors, req.request_id));
    return;
  }
  SignIn(
      std::move(email), std::move(password), req.remote_address,
      [this, reply, rid = req.request_id](SignInOutcome o) {
        using Kind = SignInOutcome::Kind;
        switch (o.kind) {
          case Kind::kRateLimited: {
            auto r = http::Problem(429, "rate-limited", "",
                                   "Too many sign-in attempts from this address.", rid);
            r.Set("Retry-After", std::to_string(std::max(1, o.retry_after)));
            reply(std::move(r));
            return;
          }
          case Kind::kLocked:  // answered as an unknown account (sign_in_guard.h)
          case Kind::kInvalid:
            reply(http::Problem(401, "invalid-credentials", "",
                                "The email or password is not correct.", rid));
            return;
          case Kind::kOverloaded: {
            auto r = http::Problem(503, "overloaded", "",
                                   "Too many sign-ins at once; try again shortly.", rid);
            r.Set("Retry-After", "1");
            reply(std::move(r));
            return;
          }
          case Kind::kUnavailable:
            reply(http::Problem(503, "unavailable", "",
                                "Sign-in is unavailable; try again shortly.", rid));
            return;
          case Kind::kCodeRequired:
          case Kind::kCodeInvalid: {
            const bool missing = o.kind == Kind::kCodeRequired;
            std::vector<http::FieldError> field{
                {"totp", missing ? "required" : "invalid",
                 missing ? "This account signs in with a one-time code: give totp"
                         : "The one-time code is not correct"}};
            reply(http::Problem(401, missing ? "totp-required" : "invalid-totp", "",
                                missing ? "A one-time code (totp) is required."
                                        : "The one-time code is not correct.",
                                rid, field));
            return;
          }
          case Kind::kEnrolmentRequired:
            reply(http::Problem(403, "mfa-enrolment-required", "",
                                "Set up a second factor at /staff/mfa first.", rid));
            return;
          case Kind::kOk:
            break;
        }
        auto r = JsonResponse(
            200, {{"token", o.token},
                  {"expires_at",
                   domain::FormatRfc3339(o.expires_at,
                                         ctx_.sla.Get()->calendar.UtcOffsetSeconds(o.expires_at))},
                  {"user", UserJson(o.user)}});
        r.Add("Set-Cookie", SessionCookie(o.token));
        r.Set("Cache-Control", "no-store");
        reply(std::move(r));
      },
      std::move(totp), /*browser=*/false);
}

void Auth::SignIn(std::string email, std::string password, const std::string& remote,
                  std::function<void(SignInOutcome)> done, std::optional<std::string> totp,
                  bool browser) {
  int retry = 0;
  if (!per_address_.Allow(remote, &retry)) {
    SignInOutcome o;
    o.kind = SignInOutcome::Kind::kRateLimited;
    o.retry_after = retry;
    done(std::move(o));
    return;
  }
  if (int wait = guard_.WaitFor(email, remote, SignInGuard::Clock::now())) {
    SignInOutcome o;
    o.kind = SignInOutcome::Kind::kRateLimited;
    o.retry_after = wait;
    done(std::move(o));
    return;
  }
  bool queued = pool_->Post([this, email, password, remote, done, totp, browser]() mutable {
    SignInOutcome o;
    try {
      o = CheckPassword(std::move(email), std::move(password), remote, totp, browser);
    } catch (const std::exception&) {
      o.kind = SignInOutcome::Kind::kUnavailable;
    }
    done(std::move(o));
  });
  if (!queued) {
    SignInOutcome o;
    o.kind = SignInOutcome::Kind::kOverloaded;
    done(std::move(o));
  }
}

SignInOutcome Auth::CheckPassword(std::string email, std::string password,
                                  const std::string& remote, const std::optional<std::string>& totp,
                                  bool browser) {
  SignInOutcome o;
  auto now = domain::Now();
  auto user = ctx_.store.FindUserByEmail(email);
  const std::string& hash = user ? user->password_hash : DummyHash();
  bool ok = crypto_pwhash_str_verify(hash.c_str(), password.c_str(), password.size()) == 0;
  sodium_memzero(password.data(), password.size());
  // The lock does not hold where the owner signed in before (sign_in_guard.h).
  if (user && user->locked_until && *user->locked_until > now &&
      !guard_.IsFamiliar(user->id, remote)) {
    guard_.RecordFailure(email, remote, SignInGuard::Clock::now());
    o.kind = SignInOutcome::Kind::kLocked;
    o.retry_after = static_cast<int>((*user->locked_until - now).count());
    return o;
  }
  if (!user || !ok || !user->active) {
    if (user)
      ctx_.store.RecordLoginFailure(user->id, now, options_.max_failures, options_.lock_for);
    guard_.RecordFailure(email, remote, SignInGuard::Clock::now());
    o.kind = SignInOutcome::Kind::kInvalid;
    return o;
  }
  auto mfa = ctx_.store.Mfa().FindMfa(user->id);
  if (mfa.enabled) {
    if (browser) {  // the second step is its own page (VerifyChallenge)
      o.kind = SignInOutcome::Kind::kCodeRequired;
      o.challenge = NewChallenge(user->id);
      return o;
    }
    if (!totp) {
      o.kind = SignInOutcome::Kind::kCodeRequired;
      return o;
    }
    if (!CheckSecondFactor(ctx_, user->id, *totp)) {
      CountFailure(*user, email, remote);
      o.kind = SignInOutcome::Kind::kCodeInvalid;
      return o;
    }
    return OpenSession(std::move(*user), remote, false);
  }
  const bool due = MfaRequired(*user, options_.admin_mfa, mfa.entity_requires, false);
  if (due && !browser) {
    o.kind = SignInOutcome::Kind::kEnrolmentRequired;
    return o;
  }
  return OpenSession(std::move(*user), remote, due);
}

SignInOutcome Auth::OpenSession(store::UserRecord user, const std::string& remote,
                                bool enrolment_due) {
  SignInOutcome o;
  auto now = domain::Now();
  ctx_.store.ResetLoginFailures(user.id);
  guard_.RecordSuccess(user.email, remote, user.id);
  o.token = NewToken();
  o.expires_at = now + options_.session_ttl;
  ctx_.store.CreateSession(TokenHash(o.token), user.id, now, o.expires_at);
  o.user = std::move(user);
  o.enrolment_due = enrolment_due;
  o.kind = SignInOutcome::Kind::kOk;
  return o;
}

std::string Auth::NewChallenge(std::int64_t user_id) {
  std::string token = NewToken();
  auto now = domain::Now();
  ctx_.store.Mfa().CreateMfaChallenge(TokenHash(token), user_id, now, now + options_.challenge_ttl);
  return token;
}

void Auth::CountFailure(const store::UserRecord& user, const std::string& email,
                        const std::string& remote) {
  ctx_.store.RecordLoginFailure(user.id, domain::Now(), options_.max_failures, options_.lock_for);
  guard_.RecordFailure(email, remote, SignInGuard::Clock::now());
}

void Auth::VerifyChallenge(std::string challenge, std::string code, const std::string& remote,
                           std::function<void(SignInOutcome)> done) {
  int retry = 0;
  if (!per_address_.Allow(remote, &retry)) {
    SignInOutcome o;
    o.kind = SignInOutcome::Kind::kRateLimited;
    o.retry_after = retry;
    o.challenge = challenge;  // not used up: nothing was checked
    done(std::move(o));
    return;
  }
  bool queued = pool_->Post([this, challenge, code, remote, done]() {
    SignInOutcome o;
    try {
      o = CheckChallenge(challenge, code, remote);
    } catch (const std::exception&) {
      o.kind = SignInOutcome::Kind::kUnavailable;
    }
    done(std::move(o));
  });
  if (!queued) {
    SignInOutcome o;
    o.kind = SignInOutcome::Kind::kOverloaded;
    o.challenge = challenge;
    done(std::move(o));
  }
}

SignInOutcome Auth::CheckChallenge(const std::string& challenge, const std::string& code,
                                   const std::string& remote) {
  SignInOutcome o;
  o.kind = SignInOutcome::Kind::kInvalid;  // no live challenge: start again with the password
  if (challenge.size() != 64) return o;
  auto now = domain::Now();
  auto user_id = ctx_.store.Mfa().TakeMfaChallenge(TokenHash(challenge), now);
  if (!user_id) return o;
  auto user = ctx_.store.FindUserById(*user_id);
  if (!user || !user->active) return o;
  if (user->locked_until && *user->locked_until > now && !guard_.IsFamiliar(user->id, remote)) {
    o.kind = SignInOutcome::Kind::kLocked;
    o.retry_after = static_cast<int>((*user->locked_until - now).count());
    return o;
  }
  if (int wait = guard_.WaitFor(user->email, remote, SignInGuard::Clock::now())) {
    o.kind = SignInOutcome::Kind::kRateLimited;
    o.retry_after = wait;
    o.challenge = NewChallenge(user->id);
    return o;
  }
  if (!CheckSecondFactor(ctx_, user->id, code)) {
    CountFailure(*user, user->email, remote);
    o.kind = SignInOutcome::Kind::kCodeInvalid;
    o.challenge = NewChallenge(user->id);
    return o;
  }
  return OpenSession(std::move(*user), remote, false);
}

bool Auth::Post(std::function<void()> work) { return pool_->Post(std::move(work)); }

std::string Auth::SessionCookie(const std::string& token) const {
  std::string cookie = std::string(kSessionCookie) + "=" + token +
                       "; Path=/; Max-Age=" + std::to_string(options_.session_ttl.count()) +
                       "; HttpOnly; SameSite=Lax";
  if (ctx_.secure_cookies) cookie += "; Secure";
  return cookie;
}

std::string Auth::ChallengeCookie(const std::string& token) const {
  std::string cookie = std::string(kChallengeCookie) + "=" + token +
                       "; Path=/login; Max-Age=" + std::to_string(options_.challenge_ttl.count()) +
                       "; HttpOnly; SameSite=Lax";
  if (ctx_.secure_cookies) cookie += "; Secure";
  return cookie;
}

std::string Auth::ClearChallengeCookie() const {
  std::string cookie =
      std::string(kChallengeCookie) + "=; Path=/login; Max-Age=0; HttpOnly; SameSite=Lax";
  if (ctx_.secure_cookies) cookie += "; Secure";
  return cookie;
}

std::string Auth::ClearSessionCookie() const {
  std::string cookie = std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
  if (ctx_.secure_cookies) cookie += "; Secure";
  return cookie;
}

void Auth::HashPasswordAsync(std::string password, std::function<void(std::string)> done) {
  auto shared = std::make_shared<std::function<void(std::string)>>(std::move(done));
  bool queued = pool_->Post(
      [password = std::move(password), shared]() { (*shared)(HashPassword(password)); });
  if (!queued) (*shared)(std::string());
}

void Auth::SignOut(const http::Request& req, std::function<void()> done) {
  std::string token = TokenOf(req);
  if (token.size() != 64) {
    done();
    return;
  }
  ctx_.store.RevokeSession(TokenHash(token), domain::Now(), [done](bool) { done(); });
}

void Auth::Logout(const http::Request& req, http::Reply reply) {
  SignOut(req, [reply, cookie = ClearSessionCookie()]() {
    http::Response r;
    r.status = 204;
    r.Add("Set-Cookie", cookie);
    reply(std::move(r));
  });
}

http::Response UnauthorizedProblem(const std::string& request_id) {
  auto r = http::Problem(401, "unauthorized", "", "Sign in first.", request_id);
  r.Set("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace tawasul::service
