#pragma once
// Optional citizen accounts without passwords (issue 16, docs/accounts.md): the use cases shared
// by the JSON API (api/me.cpp) and the pages. A citizen asks for a one-time code for an email
// address or a Bahrain mobile number, the code travels through the outbox (so the delivery
// worker really sends it), and redeeming it opens a citizen session (a bearer token, or the
// citizen cookie); the account is created on the first successful sign-in.
//
// Invariants:
//  * Asking for a code answers the same whether or not the contact has an account; only the
//    format of the contact and the limits (per address, per contact) change the answer, and
//    neither depends on the account.
//  * A wrong code costs the client address a token of the shared failed look-up limiter (the
//    one that guards access codes), so code guessing and access-code guessing share one limit;
//    each code also dies after domain::kMaxCodeFailures wrong tries.
//  * Citizen sessions are separate from staff sessions: another table, another cookie; a staff
//    token is never a citizen's and the reverse.
//  * No contact and no code is ever logged.
//  * Recovering access to a case (citizen_recovery.cpp) sends a code to the contact stored on the
//    case and answers "sent" in the same words whether the case is unknown, has no contact or
//    has one (only the masked contact, when there is one, is shown on the next page); the new
//    access code replaces the old one in the transaction that spends the code.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/language.h"
#include "http/message.h"
#include "http/rate_limit.h"
#include "service/context.h"
#include "store/account_store.h"

namespace tawasul::service {

inline constexpr const char* kCitizenCookie = "tawasul_citizen";

struct CitizenAccountOptions {
  double code_requests_per_minute_per_address = 10;  // POST /api/v1/me/code and the page
  double code_requests_burst = 10;
};

// The outcome of asking for a code, signing in or claiming a case.
struct AccountOutcome {
  enum class Kind { kOk, kInvalid, kWrong, kLimited, kUnavailable };
  Kind kind = Kind::kUnavailable;
  std::string field;             // kInvalid: the field at fault
  int retry_after = 0;           // kLimited: seconds
  std::string token;             // sign-in kOk: the session token (shown once)
  domain::Instant expires_at{};  // sign-in kOk
  std::string access_code;       // recovery kOk: the case's new access code (shown once)
};

// A signed-in citizen.
struct CitizenPrincipal {
  std::int64_t account_id = 0;
  std::string token_hash;  // the session this request came with ("current" in the list)
};

class CitizenAccounts {
 public:
  // `failed_lookups` is the API's limiter of failed case look-ups; both must outlive this.
  CitizenAccounts(const AppContext& ctx, http::RateLimiter& failed_lookups,
                  CitizenAccountOptions options = {});

  // Issues a code for `contact` (as typed) and queues its message in `language`. kInvalid
  // (field "contact") for a contact that is neither an email nor a Bahrain mobile number.
  AccountOutcome RequestCode(std::string_view contact, domain::Language language,
                             const std::string& client);
  // Redeems the newest code of `contact`; kOk opens a session (kCitizenSessionLifetime).
  // kWrong: no usable code, or a wrong one (nothing tells them apart).
  AccountOutcome SignIn(std::string_view contact, std::string_view code,
                        std::string_view user_agent, const std::string& client);
  // The caller from `Authorization: Bearer` or the citizen cookie.
  std::optional<CitizenPrincipal> Authenticate(const http::Request& req) const;
  // Makes the account the owner of a case proven by its access code (CitizenLookup's limits).
  // kWrong: no such case or a wrong code.
  AccountOutcome Claim(std::int64_t account_id, std::string_view reference,
                       std::string_view access_code, const std::string& client);
  std::vector<store::AccountCaseRow> Cases(std::int64_t account_id) const;
  std::vector<store::CitizenSessionRow> Sessions(std::int64_t account_id) const;
  // Ends every session of the account, the current one included; returns how many.
  int SignOutEverywhere(std::int64_t account_id);
  // Ends the session of the account whose handle (SessionHandle) is `handle`; false when the
  // account has no such live session.
  bool RevokeSession(std::int64_t account_id, std::string_view handle);
  // What a page names one session by: a prefix of its token hash in hex (never the token).
  static std::string SessionHandle(const std::string& token_hash);

  // Recovering access to a case (citizen_recovery.cpp). RequestRecoveryCode sends a code to the
  // contact on case `reference` and answers kOk whether or not it could (kInvalid: "reference"
  // is malformed; kLimited: this address asks too often, or this case had its codes).
  AccountOutcome RequestRecoveryCode(std::string_view reference, domain::Language language,
                                     const std::string& client);
  // The contact the code of `reference` goes to, masked for the screen ("…@example.com",
  // "+973 •••• 12"); "" for an unknown case or one without a contact.
  std::string RecoveryContact(std::string_view reference) const;
  // Redeems the newest recovery code of `reference`: kOk replaces the case's access code with a
  // new one (in `access_code`) and records it in the case's history; kWrong otherwise.
  AccountOutcome RecoverAccess(std::string_view reference, std::string_view code,
                               const std::string& client);

  // Set-Cookie values that open and end a citizen's browser session.
  std::string SessionCookie(const std::string& token) const;
  std::string ClearSessionCookie() const;

  // "Chrome", "Firefox", "Safari", "Edge", "curl", ... or "other": what the sessions list shows
  // (never the whole User-Agent, which identifies too much).
  static std::string UserAgentFamily(std::string_view user_agent);

 private:
  const AppContext& ctx_;
  http::RateLimiter& failed_;
  http::RateLimiter code_requests_;
};

}  // namespace tawasul::service
