// Recovering access to a case by proving its contact (issue 16 item 1, docs/accounts.md
// "Recovering access"); declared in citizen_accounts.h beside the account use cases whose limits
// it shares.
//
// Why the same answer for every reference: references are sequential and easy to guess, so the
// answer to "send a code for this reference" must not tell a case with a contact from one
// without, or from none; only the next page shows a masked contact, and only when there is one.
// Why a new access code instead of showing the old one: the old code is stored only as a hash,
// and whoever lost it may have lost it to someone else; the old one stops working.
// Why an event: the access code is the citizen's proof of the case, so replacing it is recorded
// in the case's hash-chained history (an internal note by "system", seen by staff; figures are
// untouched), in the same transaction as the replacement.

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "domain/access_code.h"
#include "domain/citizen_account.h"
#include "domain/contact_mask.h"
#include "domain/reference.h"
#include "domain/time.h"
#include "service/citizen_accounts.h"

namespace tawasul::service {
namespace {

constexpr const char* kRecover = "recover";

// The contact a recovery code goes to: the case's email, else its phone; nullopt for neither
// (no contact given, anonymous without one, or erased).
std::optional<domain::Contact> ContactOf(const domain::CaseRecord& record) {
  if (!record.draft.contact_email.empty()) {
    return domain::Contact{domain::ContactKind::kEmail, record.draft.contact_email};
  }
  if (!record.draft.contact_phone.empty()) {
    return domain::Contact{domain::ContactKind::kPhone, record.draft.contact_phone};
  }
  return std::nullopt;
}

std::optional<std::string> NormalReference(std::string_view input) {
  auto ref = domain::ParseReference(input);
  if (!ref) return std::nullopt;
  return domain::FormatReference(*ref);
}

// The "recovery_code" message: the code (in the row's secret, cleared once the message is final)
// for case `reference`, to the contact on the case.
domain::OutboxMessage RecoveryCodeMessage(const domain::Contact& contact, domain::Language language,
                                          domain::Instant now, std::string code) {
  domain::OutboxMessage m;
  m.created_at = now;
  m.kind = "recovery_code";
  m.recipient = "contact:" + contact.value;
  m.payload = nlohmann::json{{"minutes", domain::kCodeLifetime.count() / 60}}.dump();
  m.channel = domain::ChannelFor(contact.kind);
  m.language = language;
  m.masked = domain::MaskContact(contact);
  m.essential = true;
  m.secret = std::move(code);
  return m;
}

AccountOutcome Of(AccountOutcome::Kind kind) {
  AccountOutcome o;
  o.kind = kind;
  return o;
}

}  // namespace

AccountOutcome CitizenAccounts::RequestRecoveryCode(std::string_view reference_input,
                                                    domain::Language language,
                                                    const std::string& client) {
  const auto reference = NormalReference(reference_input);
  if (!reference) {
    AccountOutcome o = Of(AccountOutcome::Kind::kInvalid);
    o.field = "reference";
    return o;
  }
  int retry = 0;
  if (!code_requests_.Allow(client, &retry)) {
    AccountOutcome o = Of(AccountOutcome::Kind::kLimited);
    o.retry_after = std::max(1, retry);
    return o;
  }
  try {
    const auto record = ctx_.store.FindCase(*reference);
    const auto contact = record ? ContactOf(*record) : std::nullopt;
    if (!contact) return Of(AccountOutcome::Kind::kOk);  // the same answer (see the top)
    const auto now = domain::Now();
    std::string code = domain::NewOneTimeCode();
    store::NewOneTimeCode row;
    row.purpose = kRecover;
    row.subject = *reference;
    row.salt = domain::NewSalt();
    row.code_hash = domain::HashOneTimeCode(code, row.salt, ctx_.pepper);
    row.created_at = now;
    row.expires_at = now + domain::kCodeLifetime;
    auto message = RecoveryCodeMessage(*contact, language, now, std::move(code));
    auto issued =
        ctx_.store.Accounts().IssueCode(row, now - domain::kCodeWindow, message, *reference);
    if (issued == store::IssueResult::kTooMany) {
      // Only a case with a contact can reach its limit; the owner, who asked three times, is
      // the one who sees it. Someone probing references learns that this one has a contact,
      // after costing its owner three messages: the per-address limit bounds that.
      AccountOutcome o = Of(AccountOutcome::Kind::kLimited);
      o.retry_after = static_cast<int>(domain::kCodeWindow.count());
      return o;
    }
  } catch (const std::exception&) {
    return Of(AccountOutcome::Kind::kUnavailable);
  }
  return Of(AccountOutcome::Kind::kOk);
}

std::string CitizenAccounts::RecoveryContact(std::string_view reference_input) const {
  const auto reference = NormalReference(reference_input);
  if (!reference) return "";
  try {
    const auto record = ctx_.store.FindCase(*reference);
    const auto contact = record ? ContactOf(*record) : std::nullopt;
    return contact ? domain::MaskForScreen(*contact) : std::string();
  } catch (const std::exception&) {
    return "";
  }
}

AccountOutcome CitizenAccounts::RecoverAccess(std::string_view reference_input,
                                              std::string_view code, const std::string& client) {
  const auto reference = NormalReference(reference_input);
  if (!reference) {
    AccountOutcome o = Of(AccountOutcome::Kind::kInvalid);
    o.field = "reference";
    return o;
  }
  if (!domain::NormalizeOneTimeCode(code)) {
    AccountOutcome o = Of(AccountOutcome::Kind::kInvalid);
    o.field = "code";
    return o;
  }
  if (!failed_.WouldAllow(client)) {
    AccountOutcome o = Of(AccountOutcome::Kind::kLimited);
    int retry = 0;
    failed_.Allow(client, &retry);  // takes nothing: there is no token to take
    o.retry_after = std::max(1, retry);
    return o;
  }
  const auto now = domain::Now();
  std::string access_code = domain::NewAccessCode();
  const std::string salt = domain::NewSalt();
  const std::string hash = domain::HashAccessCode(access_code, salt, ctx_.pepper);
  domain::CaseEvent event;
  event.at = now;
  event.kind = domain::EventKind::kNote;
  event.is_public = false;
  event.actor = "system";
  event.body =
      "Access code replaced: the citizen proved the contact on the case with a one-time code. "
      "The previous access code no longer works.";
  store::RedeemResult redeemed;
  try {
    redeemed = ctx_.store.Accounts().RecoverCaseAccess(
        *reference, now,
        [now](const store::OneTimeCodeRow& r) {
          return domain::CodeUsable({r.expires_at, r.failures, r.used}, now);
        },
        [&](const store::OneTimeCodeRow& r) {
          return domain::OneTimeCodeMatches(code, r.salt, ctx_.pepper, r.code_hash);
        },
        hash, salt, event);
  } catch (const std::exception&) {
    return Of(AccountOutcome::Kind::kUnavailable);
  }
  if (redeemed.kind != store::RedeemResult::Kind::kRedeemed) {
    failed_.Allow(client);  // a failure costs the address one token
    return Of(AccountOutcome::Kind::kWrong);
  }
  AccountOutcome o = Of(AccountOutcome::Kind::kOk);
  o.access_code = std::move(access_code);
  return o;
}

}  // namespace tawasul::service
