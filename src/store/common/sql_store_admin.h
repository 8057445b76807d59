#pragma once
// SqlStore's staff-side operations (users, sessions, response templates, the audit log), out of
// line to keep sql_store.h to the cases. Included at the end of sql_store.h only.

#include <limits>

#include "store/common/sql_store.h"

namespace tawasul::store::common {

namespace detail {
// A Q::kListTemplates / kFindTemplate / kInsertTemplate row.
template <class St>
ResponseTemplate ReadTemplateRow(const St& st) {
  return ResponseTemplate{st.Int(0),  st.Text(1), st.Text(2),          st.Text(3),
                          st.Text(4), st.Text(5), FromSecs(st.Int(6)), FromSecs(st.Int(7))};
}
}  // namespace detail

template <class Q, class Conn>
bool SqlStore<Q, Conn>::AddUser(const NewUser& u) {
  bool added = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kInsertUser)
        .Bind(1, u.email)
        .Bind(2, u.password_hash)
        .Bind(3, domain::ToString(u.role))
        .Bind(4, u.entity)
        .Bind(5, u.name)
        .Bind(6, Secs(domain::Now()))
        .Run();
    added = c.Changes() > 0;
  });
  return added;
}

template <class Q, class Conn>
std::optional<UserRecord> SqlStore<Q, Conn>::FindUserByEmail(const std::string& email) {
  return UserBy(Q::kFindUser, [&](auto& st) { st.Bind(1, email); });
}

template <class Q, class Conn>
std::optional<UserRecord> SqlStore<Q, Conn>::FindUserById(std::int64_t id) {
  return UserBy(Q::kFindUserById, [&](auto& st) { st.Bind(1, id); });
}

template <class Q, class Conn>
std::vector<UserRecord> SqlStore<Q, Conn>::ListUsers() {
  return Read([](Conn& c) { return ListUsersOn<Q>(c); });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::ImportUsers(const std::vector<UserRecord>& users) {
  writer_->Run([&](Conn& c) {
    InsertUsersOn<Q>(c, users, domain::Now());
    Q::AfterUsersImported(c);
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::UpdateUser(std::int64_t id, domain::Role role, const std::string& entity,
                                   const std::string& name, bool active) {
  bool found = false;
  writer_->Run([&](Conn& c) {
    auto st = c.Prepare(Q::kUpdateUserAdmin);
    st.Bind(1, id)
        .Bind(2, domain::ToString(role))
        .Bind(3, entity)
        .Bind(4, name)
        .Bind(5, active ? 1 : 0);
    found = st.Step();
  });
  return found;
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::CreateSession(const std::string& token_hash, std::int64_t user_id,
                                      domain::Instant now, domain::Instant expires_at) {
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kInsertSession)
        .BindBlob(1, token_hash)
        .Bind(2, user_id)
        .Bind(3, Secs(now))
        .Bind(4, Secs(expires_at))
        .Run();
  });
}

template <class Q, class Conn>
std::optional<UserRecord> SqlStore<Q, Conn>::FindSessionUser(const std::string& token_hash,
                                                             domain::Instant now) {
  return UserBy(Q::kSessionUser, [&](auto& st) { st.BindBlob(1, token_hash).Bind(2, Secs(now)); });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::RevokeSession(const std::string& token_hash, domain::Instant now,
                                      std::function<void(bool)> done) {
  bool queued = writer_->Submit(
      [token_hash, now](Conn& c) {
        c.Prepare(Q::kRevokeSession).BindBlob(1, token_hash).Bind(2, Secs(now)).Run();
      },
      [done](std::exception_ptr error) { done(!error); });
  if (!queued) done(false);
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::RecordLoginFailure(std::int64_t user_id, domain::Instant now,
                                           int max_failures, std::chrono::seconds lock_for) {
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kLoginFailure)
        .Bind(1, user_id)
        .Bind(2, Secs(now))
        .Bind(3, max_failures)
        .Bind(4, static_cast<std::int64_t>(lock_for.count()))
        .Run();
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::ResetLoginFailures(std::int64_t user_id) {
  writer_->Run([&](Conn& c) { c.Prepare(Q::kLoginReset).Bind(1, user_id).Run(); });
}

template <class Q, class Conn>
std::vector<ResponseTemplate> SqlStore<Q, Conn>::ListResponseTemplates(const std::string& entity) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kListTemplates);
    st.Bind(1, entity);
    std::vector<ResponseTemplate> out;
    while (st.Step()) out.push_back(detail::ReadTemplateRow(st));
    return out;
  });
}

template <class Q, class Conn>
std::optional<ResponseTemplate> SqlStore<Q, Conn>::FindResponseTemplate(std::int64_t id) {
  return Read([&](Conn& c) -> std::optional<ResponseTemplate> {
    auto st = c.Prepare(Q::kFindTemplate);
    st.Bind(1, id);
    if (!st.Step()) return std::nullopt;
    return detail::ReadTemplateRow(st);
  });
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::SaveResponseTemplate(const ResponseTemplate& t,
                                                     domain::Instant now) {
  std::int64_t id = 0;
  writer_->Run([&](Conn& c) {
    id = 0;
    // kInsertTemplate takes no id; kUpdateTemplate takes it first: the rest moves by one.
    const bool insert = t.id == 0;
    auto st = c.Prepare(insert ? Q::kInsertTemplate : Q::kUpdateTemplate);
    int i = 1;
    if (!insert) st.Bind(i++, t.id);
    st.Bind(i, t.entity)
        .Bind(i + 1, t.title_ar)
        .Bind(i + 2, t.title_en)
        .Bind(i + 3, t.body_ar)
        .Bind(i + 4, t.body_en)
        .Bind(i + 5, Secs(now));
    if (st.Step()) id = st.Int(0);
  });
  return id;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::DeleteResponseTemplate(std::int64_t id) {
  bool found = false;
  writer_->Run([&](Conn& c) {
    auto st = c.Prepare(Q::kDeleteTemplate);
    st.Bind(1, id);
    found = st.Step();
  });
  return found;
}

template <class Q, class Conn>
std::vector<AuditEntry> SqlStore<Q, Conn>::AuditLog(const AuditQuery& query) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kAuditLog);
    st.Bind(1, query.actor)
        .Bind(2, query.kind)
        .Bind(3, query.entity)
        .Bind(4, query.reference)
        .Bind(5, query.from ? Secs(*query.from) : std::numeric_limits<std::int64_t>::min())
        .Bind(6, query.to ? Secs(*query.to) : std::numeric_limits<std::int64_t>::max())
        .Bind(7, query.limit)
        .Bind(8, query.offset);
    std::vector<AuditEntry> out;
    while (st.Step()) {
      out.push_back(AuditEntry{st.Int(0), st.Text(1), st.Text(2), FromSecs(st.Int(3)), st.Text(4),
                               st.Int(5) != 0, st.Text(6), st.Text(7)});
    }
    return out;
  });
}

}  // namespace tawasul::store::common
