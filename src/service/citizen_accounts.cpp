// Citizen accounts; see citizen_accounts.h.
//
// Why the newest code only: a citizen who asked twice has the newer message in hand; trying the
// older one would double the codes an attacker may guess against for one contact. Why the code
// check runs on the writer: reading, comparing and marking in one transaction is what makes a
// code single-use across nodes and counts every wrong try before the answer.

#include "service/citizen_accounts.h"

#include <sodium.h>

#include <algorithm>

#include "domain/access_code.h"
#include "domain/citizen_account.h"
#include "domain/time.h"
#include "service/auth.h"
#include "service/citizen_lookup.h"

namespace tawasul::service {
namespace {

constexpr const char* kSignIn = "sign_in";
constexpr int kMaxListedCases = 200;
constexpr std::size_t kSessionHandleChars = 16;

std::string NewSessionToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return hex;
}

std::string TokenOf(const http::Request& req) {
  std::string_view authz = req.Header("Authorization");
  if (authz.size() > 7 && http::EqualsIgnoreCase(authz.substr(0, 7), "Bearer ")) {
    return std::string(authz.substr(7));
  }
  return req.Cookie(kCitizenCookie);
}

AccountOutcome Outcome(AccountOutcome::Kind kind) {
  AccountOutcome o;
  o.kind = kind;
  return o;
}

AccountOutcome Invalid(std::string field) {
  AccountOutcome o = Outcome(AccountOutcome::Kind::kInvalid);
  o.field = std::move(field);
  return o;
}

AccountOutcome Limited(int retry_after) {
  AccountOutcome o = Outcome(AccountOutcome::Kind::kLimited);
  o.retry_after = std::max(1, retry_after);
  return o;
}

}  // namespace

CitizenAccounts::CitizenAccounts(const AppContext& ctx, http::RateLimiter& failed_lookups,
                                 CitizenAccountOptions options)
    : ctx_(ctx),
      failed_(failed_lookups),
      code_requests_(options.code_requests_per_minute_per_address, options.code_requests_burst) {}

AccountOutcome CitizenAccounts::RequestCode(std::string_view contact_input,
                                            domain::Language language, const std::string& client) {
  const auto contact = domain::NormalizeContact(contact_input);
  if (!contact) return Invalid("contact");
  int retry = 0;
  if (!code_requests_.Allow(client, &retry)) return Limited(retry);
  const auto now = domain::Now();
  std::string code = domain::NewOneTimeCode();
  store::NewOneTimeCode row;
  row.purpose = kSignIn;
  row.subject = contact->value;
  row.salt = domain::NewSalt();
  row.code_hash = domain::HashOneTimeCode(code, row.salt, ctx_.pepper);
  row.created_at = now;
  row.expires_at = now + domain::kCodeLifetime;
  const auto message = domain::SignInCodeMessage(*contact, language, now, std::move(code));
  try {
    auto issued = ctx_.store.Accounts().IssueCode(row, now - domain::kCodeWindow, message, "");
    if (issued == store::IssueResult::kTooMany) {
      // The oldest code of the window frees a place at most a window from now.
      return Limited(static_cast<int>(domain::kCodeWindow.count()));
    }
  } catch (const std::exception&) {
    return Outcome(AccountOutcome::Kind::kUnavailable);
  }
  return Outcome(AccountOutcome::Kind::kOk);
}

AccountOutcome CitizenAccounts::SignIn(std::string_view contact_input, std::string_view code,
                                       std::string_view user_agent, const std::string& client) {
  const auto contact = domain::NormalizeContact(contact_input);
  if (!contact) return Invalid("contact");
  if (!domain::NormalizeOneTimeCode(code)) return Invalid("code");
  if (!failed_.WouldAllow(client)) {
    int retry = 0;
    failed_.Allow(client, &retry);  // takes nothing: there is no token to take
    return Limited(retry);
  }
  const auto now = domain::Now();
  store::RedeemResult redeemed;
  try {
    redeemed = ctx_.store.Accounts().RedeemCode(
        kSignIn, contact->value, now,
        [now](const store::OneTimeCodeRow& r) {
          return domain::CodeUsable({r.expires_at, r.failures, r.used}, now);
        },
        [&](const store::OneTimeCodeRow& r) {
          return domain::OneTimeCodeMatches(code, r.salt, ctx_.pepper, r.code_hash);
        },
        /*create_account=*/true);
  } catch (const std::exception&) {
    return Outcome(AccountOutcome::Kind::kUnavailable);
  }
  if (redeemed.kind != store::RedeemResult::Kind::kRedeemed || redeemed.account_id == 0) {
    failed_.Allow(client);  // a failure costs the address one token
    return Outcome(AccountOutcome::Kind::kWrong);
  }
  AccountOutcome o = Outcome(AccountOutcome::Kind::kOk);
  o.token = NewSessionToken();
  o.expires_at = now + domain::kCitizenSessionLifetime;
  store::CitizenSessionRow session;
  session.token_hash = Auth::TokenHash(o.token);
  session.account_id = redeemed.account_id;
  session.created_at = now;
  session.last_used_at = now;
  session.expires_at = o.expires_at;
  session.user_agent = UserAgentFamily(user_agent);
  try {
    ctx_.store.Accounts().CreateCitizenSession(session);
  } catch (const std::exception&) {
    return Outcome(AccountOutcome::Kind::kUnavailable);
  }
  return o;
}

std::optional<CitizenPrincipal> CitizenAccounts::Authenticate(const http::Request& req) const {
  const std::string token = TokenOf(req);
  if (token.size() != 64) return std::nullopt;
  CitizenPrincipal p;
  p.token_hash = Auth::TokenHash(token);
  auto account = ctx_.store.Accounts().FindCitizenSession(p.token_hash, domain::Now());
  if (!account) return std::nullopt;
  p.account_id = *account;
  return p;
}

AccountOutcome CitizenAccounts::Claim(std::int64_t account_id, std::string_view reference,
                                      std::string_view access_code, const std::string& client) {
  CitizenLookup lookup(ctx_, failed_);
  const auto found = lookup.Find(client, reference, access_code);
  if (found.kind == LookupOutcome::Kind::kLimited) return Limited(found.retry_after);
  if (found.kind != LookupOutcome::Kind::kFound) return Outcome(AccountOutcome::Kind::kWrong);
  try {
    if (!ctx_.store.Accounts().SetCaseOwner(found.record->reference, account_id)) {
      return Outcome(AccountOutcome::Kind::kWrong);
    }
  } catch (const std::exception&) {
    return Outcome(AccountOutcome::Kind::kUnavailable);
  }
  return Outcome(AccountOutcome::Kind::kOk);
}

std::vector<store::AccountCaseRow> CitizenAccounts::Cases(std::int64_t account_id) const {
  return ctx_.store.Accounts().AccountCases(account_id, kMaxListedCases);
}

std::vector<store::CitizenSessionRow> CitizenAccounts::Sessions(std::int64_t account_id) const {
  return ctx_.store.Accounts().CitizenSessions(account_id, domain::Now());
}

int CitizenAccounts::SignOutEverywhere(std::int64_t account_id) {
  return ctx_.store.Accounts().RevokeCitizenSessions(account_id, domain::Now());
}

bool CitizenAccounts::RevokeSession(std::int64_t account_id, std::string_view handle) {
  if (handle.size() != kSessionHandleChars) return false;
  for (const auto& s : Sessions(account_id)) {
    if (SessionHandle(s.token_hash) == handle) {
      return ctx_.store.Accounts().RevokeCitizenSession(account_id, s.token_hash, domain::Now());
    }
  }
  return false;
}

std::string CitizenAccounts::SessionHandle(const std::string& token_hash) {
  // 64 bits of the hash: unique among one account's sessions, and useless as a credential (the
  // hash is not the token, and the revoke form also needs the account's own session).
  const std::size_t bytes = std::min<std::size_t>(token_hash.size(), kSessionHandleChars / 2);
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(token_hash.data()),
                 bytes);
  hex.pop_back();
  return hex;
}

std::string CitizenAccounts::SessionCookie(const std::string& token) const {
  std::string cookie = std::string(kCitizenCookie) + "=" + token + "; Path=/; Max-Age=" +
                       std::to_string(domain::kCitizenSessionLifetime.count()) +
                       "; HttpOnly; SameSite=Lax";
  if (ctx_.secure_cookies) cookie += "; Secure";
  return cookie;
}

std::string CitizenAccounts::ClearSessionCookie() const {
  std::string cookie = std::string(kCitizenCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
  if (ctx_.secure_cookies) cookie += "; Secure";
  return cookie;
}

std::string CitizenAccounts::UserAgentFamily(std::string_view ua) {
  // Order matters: Edge and Opera also say Chrome; Chrome also says Safari.
  constexpr std::pair<std::string_view, std::string_view> kFamilies[] = {
      {"Edg/", "Edge"},          {"OPR/", "Opera"},       {"Firefox/", "Firefox"},
      {"Chrome/", "Chrome"},     {"Safari/", "Safari"},   {"curl/", "curl"},
      {"okhttp", "Android app"}, {"CFNetwork", "iOS app"}};
  for (const auto& [marker, family] : kFamilies) {
    if (ua.find(marker) != std::string_view::npos) return std::string(family);
  }
  return "other";
}

}  // namespace tawasul::service
