#pragma once
// Citizen accounts (issue 16, docs/accounts.md): one-time codes, accounts, citizen sessions and
// the cases an account owns (cases.owner_id). Reached from any Store with `store.Accounts()`;
// implemented once in store/common/sql_store_account.h.
//
// Invariants:
//  * Codes and session tokens are stored only as hashes; a code row carries its contact (or, to
//    recover a case, its reference) because the account is created from it on the first sign-in.
//  * IssueCode counts and inserts in one write transaction, with the message that carries the
//    code, so neither two nodes nor two requests can exceed the per-contact limit and a code
//    exists exactly when its message does.
//  * RedeemCode reads, checks and marks the code in one write transaction: a code is redeemed at
//    most once, and every wrong try is counted before the answer.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/case_rules.h"
#include "domain/citizen_account.h"
#include "domain/time.h"

namespace tawasul::store {

// A code to issue: `purpose` "sign_in" (subject: the normal contact) or "recover" (subject: a
// case's reference).
struct NewOneTimeCode {
  std::string purpose;
  std::string subject;
  std::string code_hash;
  std::string salt;
  domain::Instant created_at{};
  domain::Instant expires_at{};
};

// A stored code as RedeemCode's check sees it.
struct OneTimeCodeRow {
  std::int64_t id = 0;
  std::string code_hash;
  std::string salt;
  domain::Instant expires_at{};
  int failures = 0;
  bool used = false;
};

enum class IssueResult { kIssued, kTooMany };

struct RedeemResult {
  enum class Kind { kRedeemed, kWrong, kNoCode };
  Kind kind = Kind::kNoCode;
  std::int64_t account_id = 0;  // kRedeemed with create_account: the (maybe new) account
};

struct CitizenSessionRow {
  std::string token_hash;
  std::int64_t account_id = 0;
  domain::Instant created_at{};
  domain::Instant last_used_at{};
  domain::Instant expires_at{};
  std::string user_agent;  // a family ("Chrome", "curl"), never the whole header
};

struct AccountCaseRow {
  std::string reference;
  std::string type;
  std::string status;
  std::string entity;
  domain::Instant submitted_at{};
  domain::Instant due_at{};
  std::string language;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Inserts `code` and writes `message` to the outbox (reference `reference`, "" for none)
  // unless domain::MayIssueCode refuses, given the codes of its purpose and subject created
  // after `window_start`. Synchronous (waits for the writer).
  virtual IssueResult IssueCode(const NewOneTimeCode& code, domain::Instant window_start,
                                const domain::OutboxMessage& message,
                                const std::string& reference) = 0;

  // The newest code of (purpose, subject) if `usable` says it may still be tried at `now`;
  // `matches` decides the guess. A match marks it used (and, with `create_account`, finds or
  // creates the account of contact `subject`); a miss counts one failure. Synchronous.
  virtual RedeemResult RedeemCode(const std::string& purpose, const std::string& subject,
                                  domain::Instant now,
                                  const std::function<bool(const OneTimeCodeRow&)>& usable,
                                  const std::function<bool(const OneTimeCodeRow&)>& matches,
                                  bool create_account) = 0;

  // Citizen sessions. Create and revoke are synchronous.
  virtual void CreateCitizenSession(const CitizenSessionRow& row) = 0;
  // The account of a live session (not revoked, not expired at `now`); nullopt otherwise. Marks
  // the session used at `now` when its last use is older than a minute (one write at most a
  // minute per session, queued without waiting).
  virtual std::optional<std::int64_t> FindCitizenSession(const std::string& token_hash,
                                                         domain::Instant now) = 0;
  // Live sessions of an account, newest first.
  virtual std::vector<CitizenSessionRow> CitizenSessions(std::int64_t account_id,
                                                         domain::Instant now) = 0;
  // Revokes every live session of the account; returns how many.
  virtual int RevokeCitizenSessions(std::int64_t account_id, domain::Instant now) = 0;
  // Revokes one live session of the account (never another account's); false when there was
  // none. Synchronous.
  virtual bool RevokeCitizenSession(std::int64_t account_id, const std::string& token_hash,
                                    domain::Instant now) = 0;

  // Cases owned by the account, newest first, at most `limit`.
  virtual std::vector<AccountCaseRow> AccountCases(std::int64_t account_id, int limit) = 0;
  // Makes the account the owner of case `reference`; false when there is no such case.
  // Synchronous.
  virtual bool SetCaseOwner(const std::string& reference, std::int64_t account_id) = 0;
  // The owner of a case (0: none or no such case).
  virtual std::int64_t CaseOwner(const std::string& reference) = 0;

  // Recovering access to a case (purpose "recover", subject the reference): RedeemCode's check
  // of the newest code and, on a match, in the same write transaction the case's access code
  // replaced by (`access_hash`, `access_salt`) and `event` appended to its hash-chained history.
  // So the old access code stops working exactly when the code is spent. Synchronous.
  virtual RedeemResult RecoverCaseAccess(const std::string& reference, domain::Instant now,
                                         const std::function<bool(const OneTimeCodeRow&)>& usable,
                                         const std::function<bool(const OneTimeCodeRow&)>& matches,
                                         const std::string& access_hash,
                                         const std::string& access_salt,
                                         const domain::CaseEvent& event) = 0;
};

}  // namespace tawasul::store
