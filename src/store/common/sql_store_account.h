#pragma once
// SqlStore's citizen accounts (store/account_store.h, issue 16), out of line to keep sql_store.h
// to the cases. Included at the end of sql_store.h only.
//
// Work run on the writer may run again when the backend aborted it (sql_store.h), so each write
// below resets what it collects before it starts.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/common/sql_store.h"

namespace tawasul::store::common {

// The newest code of (purpose, subject) when it is usable and matches; nullopt otherwise. A
// wrong code counts a failure on it and sets `result` to kWrong (in the caller's transaction).
template <class Q, class Conn>
std::optional<OneTimeCodeRow> MatchingCodeOn(
    Conn& c, std::string_view purpose, const std::string& subject,
    const std::function<bool(const OneTimeCodeRow&)>& usable,
    const std::function<bool(const OneTimeCodeRow&)>& matches, RedeemResult& result) {
  OneTimeCodeRow row;
  {
    auto st = c.Prepare(Q::kNewestCode);
    st.Bind(1, purpose).Bind(2, subject);
    if (!st.Step()) return std::nullopt;
    row.id = st.Int(0);
    row.code_hash = st.Blob(1);
    row.salt = st.Blob(2);
    row.expires_at = FromSecs(st.Int(3));
    row.failures = static_cast<int>(st.Int(4));
    row.used = st.Int(5) != 0;
  }
  if (!usable(row)) return std::nullopt;
  if (!matches(row)) {
    c.Prepare(Q::kCodeFailure).Bind(1, row.id).Run();
    result.kind = RedeemResult::Kind::kWrong;
    return std::nullopt;
  }
  return row;
}

template <class Q, class Conn>
IssueResult SqlStore<Q, Conn>::IssueCode(const NewOneTimeCode& code, domain::Instant window_start,
                                         const domain::OutboxMessage& message,
                                         const std::string& reference) {
  IssueResult result = IssueResult::kTooMany;
  writer_->Run([&](Conn& c) {
    result = IssueResult::kTooMany;
    {
      auto st = c.Prepare(Q::kCountRecentCodes);
      st.Bind(1, code.purpose).Bind(2, code.subject).Bind(3, Secs(window_start));
      if (st.Step() && !domain::MayIssueCode(static_cast<int>(st.Int(0)))) {
        result = IssueResult::kTooMany;
        return;
      }
    }
    c.Prepare(Q::kInsertCode)
        .Bind(1, code.purpose)
        .Bind(2, code.subject)
        .BindBlob(3, code.code_hash)
        .BindBlob(4, code.salt)
        .Bind(5, Secs(code.created_at))
        .Bind(6, Secs(code.expires_at))
        .Run();
    // No webhook hears of it: a sign-in code is nobody's business but its recipient's.
    c.Prepare(Q::kInsertOutbox)
        .Bind(1, Secs(message.created_at))
        .Bind(2, message.kind)
        .Bind(3, message.recipient)
        .Bind(4, reference)
        .Bind(5, message.payload)
        .Bind(6, domain::ToString(message.channel))
        .Bind(7, domain::LanguageCode(message.language))
        .Bind(8, message.masked)
        .Bind(9, message.essential ? 1 : 0)
        .Bind(10, message.secret)
        .Run();
    result = IssueResult::kIssued;
  });
  return result;
}

template <class Q, class Conn>
RedeemResult SqlStore<Q, Conn>::RedeemCode(
    const std::string& purpose, const std::string& subject, domain::Instant now,
    const std::function<bool(const OneTimeCodeRow&)>& usable,
    const std::function<bool(const OneTimeCodeRow&)>& matches, bool create_account) {
  RedeemResult result;
  writer_->Run([&](Conn& c) {
    result = RedeemResult{};
    auto code = MatchingCodeOn<Q>(c, purpose, subject, usable, matches, result);
    if (!code) return;
    const OneTimeCodeRow& row = *code;
    c.Prepare(Q::kCodeUsed).Bind(1, row.id).Bind(2, Secs(now)).Run();
    if (c.Changes() == 0) return;  // redeemed by another node in the meantime
    result.kind = RedeemResult::Kind::kRedeemed;
    if (!create_account) return;
    {
      auto st = c.Prepare(Q::kFindAccount);
      st.Bind(1, subject);
      if (st.Step()) {
        result.account_id = st.Int(0);
        return;
      }
    }
    auto st = c.Prepare(Q::kInsertAccount);
    st.Bind(1, subject).Bind(2, Secs(now));
    if (st.Step()) result.account_id = st.Int(0);
  });
  return result;
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::CreateCitizenSession(const CitizenSessionRow& row) {
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kInsertCitizenSession)
        .BindBlob(1, row.token_hash)
        .Bind(2, row.account_id)
        .Bind(3, Secs(row.created_at))
        .Bind(4, Secs(row.expires_at))
        .Bind(5, row.user_agent)
        .Run();
  });
}

template <class Q, class Conn>
std::optional<std::int64_t> SqlStore<Q, Conn>::FindCitizenSession(const std::string& token_hash,
                                                                  domain::Instant now) {
  auto found = Read([&](Conn& c) -> std::optional<std::pair<std::int64_t, std::int64_t>> {
    auto st = c.Prepare(Q::kCitizenSession);
    st.BindBlob(1, token_hash).Bind(2, Secs(now));
    if (!st.Step()) return std::nullopt;
    return std::pair(st.Int(0), st.Int(1));
  });
  if (!found) return std::nullopt;
  if (Secs(now) - found->second >= 60) {
    // "Last used" for the sessions list; best effort, nobody waits for it.
    writer_->Submit(
        [token_hash, now](Conn& c) {
          c.Prepare(Q::kTouchCitizenSession).BindBlob(1, token_hash).Bind(2, Secs(now)).Run();
        },
        [](std::exception_ptr) {});
  }
  return found->first;
}

template <class Q, class Conn>
std::vector<CitizenSessionRow> SqlStore<Q, Conn>::CitizenSessions(std::int64_t account_id,
                                                                  domain::Instant now) {
  return Read([&](Conn& c) {
    std::vector<CitizenSessionRow> out;
    auto st = c.Prepare(Q::kCitizenSessions);
    st.Bind(1, account_id).Bind(2, Secs(now));
    while (st.Step()) {
      CitizenSessionRow r;
      r.token_hash = st.Blob(0);
      r.account_id = st.Int(1);
      r.created_at = FromSecs(st.Int(2));
      r.last_used_at = FromSecs(st.Int(3));
      r.expires_at = FromSecs(st.Int(4));
      r.user_agent = st.Text(5);
      out.push_back(std::move(r));
    }
    return out;
  });
}

template <class Q, class Conn>
int SqlStore<Q, Conn>::RevokeCitizenSessions(std::int64_t account_id, domain::Instant now) {
  int changed = 0;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kRevokeCitizenSessions).Bind(1, account_id).Bind(2, Secs(now)).Run();
    changed = c.Changes();
  });
  return changed;
}

template <class Q, class Conn>
std::vector<AccountCaseRow> SqlStore<Q, Conn>::AccountCases(std::int64_t account_id, int limit) {
  return Read([&](Conn& c) {
    std::vector<AccountCaseRow> out;
    auto st = c.Prepare(Q::kAccountCases);
    st.Bind(1, account_id).Bind(2, limit);
    while (st.Step()) {
      AccountCaseRow r;
      r.reference = st.Text(0);
      r.type = st.Text(1);
      r.status = st.Text(2);
      r.entity = st.Text(3);
      r.submitted_at = FromSecs(st.Int(4));
      r.due_at = FromSecs(st.Int(5));
      r.language = st.Text(6);
      out.push_back(std::move(r));
    }
    return out;
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::SetCaseOwner(const std::string& reference, std::int64_t account_id) {
  bool found = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kSetCaseOwner).Bind(1, reference).Bind(2, account_id).Run();
    found = c.Changes() > 0;
  });
  return found;
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::CaseOwner(const std::string& reference) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kCaseOwner);
    st.Bind(1, reference);
    return st.Step() ? st.Int(0) : std::int64_t{0};
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::RevokeCitizenSession(std::int64_t account_id, const std::string& token_hash,
                                             domain::Instant now) {
  bool revoked = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kRevokeCitizenSession)
        .Bind(1, account_id)
        .BindBlob(2, token_hash)
        .Bind(3, Secs(now))
        .Run();
    revoked = c.Changes() > 0;
  });
  return revoked;
}

// One transaction: the code spent, the access code replaced and the event chained, or nothing.
template <class Q, class Conn>
RedeemResult SqlStore<Q, Conn>::RecoverCaseAccess(
    const std::string& reference, domain::Instant now,
    const std::function<bool(const OneTimeCodeRow&)>& usable,
    const std::function<bool(const OneTimeCodeRow&)>& matches, const std::string& access_hash,
    const std::string& access_salt, const domain::CaseEvent& event) {
  RedeemResult result;
  writer_->Run([&](Conn& c) {
    result = RedeemResult{};
    auto code = MatchingCodeOn<Q>(c, "recover", reference, usable, matches, result);
    if (!code) return;
    const OneTimeCodeRow& row = *code;
    auto current = FindCaseWith(c, Q::kFindCaseForUpdate, reference);
    if (!current) return;  // erased or never there: the code proves nothing any more
    c.Prepare(Q::kCodeUsed).Bind(1, row.id).Bind(2, Secs(now)).Run();
    if (c.Changes() == 0) return;  // redeemed by another node in the meantime
    c.Prepare(Q::kReplaceAccessCode)
        .Bind(1, current->id)
        .BindBlob(2, access_hash)
        .BindBlob(3, access_salt)
        .Run();
    std::int64_t seq = 0;
    std::string prev(32, '\0');
    {
      auto st = c.Prepare(Q::kLastEvent);
      st.Bind(1, current->id);
      if (st.Step()) {
        seq = st.Int(0);
        prev = st.Blob(1);
      }
    }
    AppendEvents<Q>(c, current->id, reference, seq, prev, std::vector<domain::CaseEvent>{event});
    result.kind = RedeemResult::Kind::kRedeemed;
  });
  return result;
}

}  // namespace tawasul::store::common
