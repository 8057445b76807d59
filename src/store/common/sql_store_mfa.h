#pragma once
// SqlStore's staff MFA and session bookkeeping (store/mfa_store.h), once for both backends.
// Included at the end of sql_store.h only.

#include "store/common/sql_store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
MfaState SqlStore<Q, Conn>::FindMfa(std::int64_t user_id) {
  return Read([&](Conn& c) {
    MfaState m;
    auto st = c.Prepare(Q::kFindMfa);
    st.Bind(1, user_id);
    if (st.Step()) {
      m.sealed_secret = st.Text(0);
      m.enabled = st.Int(1) != 0;
      m.last_step = st.Int(2);
      m.entity_requires = st.Int(3) != 0;
    }
    return m;
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::SetPendingMfa(std::int64_t user_id, const std::string& sealed_secret,
                                      domain::Instant now) {
  bool set = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kSetPendingMfa).Bind(1, user_id).Bind(2, sealed_secret).Bind(3, Secs(now)).Run();
    set = c.Changes() > 0;
  });
  return set;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::EnableMfa(std::int64_t user_id, std::int64_t step,
                                  const std::vector<std::string>& recovery_hashes,
                                  domain::Instant now) {
  bool enabled = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kEnableMfa).Bind(1, user_id).Bind(2, step).Bind(3, Secs(now)).Run();
    enabled = c.Changes() > 0;
    if (!enabled) return;
    c.Prepare(Q::kDeleteRecoveryCodes).Bind(1, user_id).Run();
    for (const auto& h : recovery_hashes) {
      c.Prepare(Q::kInsertRecoveryCode).Bind(1, user_id).BindBlob(2, h).Run();
    }
  });
  return enabled;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::AcceptTotpStep(std::int64_t user_id, std::int64_t step) {
  bool accepted = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kAcceptTotpStep).Bind(1, user_id).Bind(2, step).Run();
    accepted = c.Changes() > 0;
  });
  return accepted;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::UseRecoveryCode(std::int64_t user_id, const std::string& code_hash,
                                        domain::Instant now) {
  bool used = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kUseRecoveryCode).Bind(1, user_id).BindBlob(2, code_hash).Bind(3, Secs(now)).Run();
    used = c.Changes() > 0;
  });
  return used;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::ResetMfa(std::int64_t user_id, domain::Instant now) {
  bool had = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kDeleteMfa).Bind(1, user_id).Run();
    had = c.Changes() > 0;
    c.Prepare(Q::kDeleteRecoveryCodes).Bind(1, user_id).Run();
    c.Prepare(Q::kRevokeUserSessions).Bind(1, user_id).Bind(2, Secs(now)).Run();
  });
  return had;
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::SetEntityMfa(const std::string& entity, bool required,
                                     domain::Instant now) {
  writer_->Run([&](Conn& c) {
    if (required) {
      c.Prepare(Q::kSetEntityMfa).Bind(1, entity).Bind(2, Secs(now)).Run();
    } else {
      c.Prepare(Q::kClearEntityMfa).Bind(1, entity).Run();
    }
  });
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::MfaEntities() {
  return Read([](Conn& c) {
    std::vector<std::string> out;
    auto st = c.Prepare(Q::kMfaEntities);
    while (st.Step()) out.push_back(st.Text(0));
    return out;
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::CreateMfaChallenge(const std::string& token_hash, std::int64_t user_id,
                                           domain::Instant now, domain::Instant expires_at) {
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kPurgeMfaChallenges).Bind(1, Secs(now)).Run();
    c.Prepare(Q::kInsertMfaChallenge)
        .BindBlob(1, token_hash)
        .Bind(2, user_id)
        .Bind(3, Secs(expires_at))
        .Run();
  });
}

template <class Q, class Conn>
std::optional<std::int64_t> SqlStore<Q, Conn>::TakeMfaChallenge(const std::string& token_hash,
                                                                domain::Instant now) {
  std::optional<std::int64_t> user;
  writer_->Run([&](Conn& c) {
    user.reset();
    auto st = c.Prepare(Q::kTakeMfaChallenge);
    st.BindBlob(1, token_hash);
    if (st.Step() && st.Int(1) > Secs(now)) user = st.Int(0);
    while (st.Step()) {
    }
  });
  return user;
}

template <class Q, class Conn>
std::optional<StaffSession> SqlStore<Q, Conn>::FindStaffSession(const std::string& token_hash,
                                                                domain::Instant now) {
  return Read([&](Conn& c) -> std::optional<StaffSession> {
    auto st = c.Prepare(Q::kStaffSession);
    st.BindBlob(1, token_hash).Bind(2, Secs(now));
    if (!st.Step()) return std::nullopt;
    StaffSession s;
    s.user = ReadUserRow(st);
    s.mfa_enabled = st.Int(9) != 0;
    s.entity_requires_mfa = st.Int(10) != 0;
    s.last_seen = FromSecs(st.Int(11));
    return s;
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::TouchSession(const std::string& token_hash, domain::Instant now) {
  (void)writer_->Submit(
      [token_hash, now](Conn& c) {
        c.Prepare(Q::kTouchSession).BindBlob(1, token_hash).Bind(2, Secs(now)).Run();
      },
      [](std::exception_ptr) {});  // best effort: a lost touch only shortens the idle time
}

template <class Q, class Conn>
int SqlStore<Q, Conn>::RevokeUserSessions(std::int64_t user_id, domain::Instant now) {
  int n = 0;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kRevokeUserSessions).Bind(1, user_id).Bind(2, Secs(now)).Run();
    n = c.Changes();
  });
  return n;
}

template <class Q, class Conn>
std::map<std::int64_t, domain::Instant> SqlStore<Q, Conn>::LastSignIns() {
  return Read([](Conn& c) {
    std::map<std::int64_t, domain::Instant> out;
    auto st = c.Prepare(Q::kLastSignIns);
    while (st.Step()) out[st.Int(0)] = FromSecs(st.Int(1));
    return out;
  });
}

}  // namespace tawasul::store::common
