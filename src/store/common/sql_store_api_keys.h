#pragma once
// SqlStore's ApiKeyStore and Open311Store operations (store/api_key_store.h,
// store/open311_store.h), out of line. Included at the end of sql_store.h only.
//
// Column orders are those of Q::kListApiKeys and Q::kPublicRequests (queries_api_keys.h).
// TouchApiKey is queued on the writer without a waiter: the time is informative, and the caller
// (service::ApiKeyGate) already limits it to once a minute per key.

#include "store/common/sql_store.h"

namespace tawasul::store::common {

template <class St>
std::optional<domain::Instant> OptTimeColumn(const St& st, int col) {
  auto v = st.OptInt(col);
  if (!v) return std::nullopt;
  return FromSecs(*v);
}

// A Q::kListApiKeys row.
template <class St>
ApiKeyRow ReadApiKeyRow(const St& st) {
  ApiKeyRow r;
  r.id = st.Int(0);
  r.name = st.Text(1);
  r.prefix = st.Text(2);
  r.hash = st.Text(3);
  r.scopes = st.Text(4);
  r.created_at = FromSecs(st.Int(5));
  r.created_by = st.Text(6);
  r.expires_at = OptTimeColumn(st, 7);
  r.last_used_at = OptTimeColumn(st, 8);
  r.revoked_at = OptTimeColumn(st, 9);
  return r;
}

// A Q::kPublicRequests row.
template <class St>
PublicRequestRow ReadPublicRequestRow(const St& st) {
  PublicRequestRow r;
  r.reference = st.Text(0);
  r.status = domain::ParseCaseStatus(st.Text(1)).value_or(domain::CaseStatus::kReceived);
  r.entity = st.Text(2);
  r.category = st.Text(3);
  r.submitted_at = FromSecs(st.Int(4));
  r.due_at = FromSecs(st.Int(5));
  r.first_response_at = OptTimeColumn(st, 6);
  r.answered_at = OptTimeColumn(st, 7);
  r.closed_at = OptTimeColumn(st, 8);
  return r;
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::AddApiKey(const ApiKeyRow& row) {
  std::int64_t id = 0;
  writer_->Run([&](Conn& c) {
    auto st = c.Prepare(Q::kInsertApiKey);
    st.Bind(1, row.name)
        .Bind(2, row.prefix)
        .Bind(3, row.hash)
        .Bind(4, row.scopes)
        .Bind(5, Secs(row.created_at))
        .Bind(6, row.created_by);
    BindOptTime(st, 7, row.expires_at);
    id = st.Step() ? st.Int(0) : 0;
  });
  return id;
}

template <class Q, class Conn>
std::vector<ApiKeyRow> SqlStore<Q, Conn>::ListApiKeys() {
  return Read([](Conn& c) {
    auto st = c.Prepare(Q::kListApiKeys);
    std::vector<ApiKeyRow> out;
    while (st.Step()) out.push_back(ReadApiKeyRow(st));
    return out;
  });
}

template <class Q, class Conn>
std::optional<ApiKeyRow> SqlStore<Q, Conn>::FindApiKeyByPrefix(const std::string& prefix) {
  return Read([&](Conn& c) -> std::optional<ApiKeyRow> {
    auto st = c.Prepare(Q::kFindApiKeyByPrefix);
    st.Bind(1, prefix);
    if (!st.Step()) return std::nullopt;
    return ReadApiKeyRow(st);
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::RevokeApiKey(std::int64_t id, domain::Instant now) {
  bool revoked = false;
  writer_->Run([&](Conn& c) {
    auto st = c.Prepare(Q::kRevokeApiKey);
    st.Bind(1, id).Bind(2, Secs(now));
    revoked = st.Step();
  });
  return revoked;
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::TouchApiKey(std::int64_t id, domain::Instant now) {
  writer_->Submit(
      [id, now](Conn& c) { c.Prepare(Q::kTouchApiKey).Bind(1, id).Bind(2, Secs(now)).Run(); },
      [](std::exception_ptr) {});
}

template <class Q, class Conn>
std::vector<PublicRequestRow> SqlStore<Q, Conn>::PublicRequests(const PublicRequestQuery& query) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kPublicRequests);
    st.Bind(1, Secs(query.from))
        .Bind(2, Secs(query.to))
        .Bind(3, query.category)
        .Bind(4, !query.open   ? 0
                 : *query.open ? 1
                               : 2)
        .Bind(5, query.limit);
    std::vector<PublicRequestRow> out;
    while (st.Step()) out.push_back(ReadPublicRequestRow(st));
    return out;
  });
}

template <class Q, class Conn>
std::optional<PublicRequestRow> SqlStore<Q, Conn>::PublicRequest(const std::string& reference) {
  return Read([&](Conn& c) -> std::optional<PublicRequestRow> {
    auto st = c.Prepare(Q::kPublicRequest);
    st.Bind(1, reference);
    if (!st.Step()) return std::nullopt;
    return ReadPublicRequestRow(st);
  });
}

}  // namespace tawasul::store::common
