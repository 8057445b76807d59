#pragma once
// SqlStore's IdempotencyStore operations (store/idempotency_store.h), out of line. Included at
// the end of sql_store.h only. The insert is part of InsertNewCase (rows.h), in the case's
// transaction; column order is Q::kFindIdempotencyKey's (queries_idempotency.h).

#include "store/common/sql_store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
std::optional<IdempotencyRow> SqlStore<Q, Conn>::FindIdempotencyKey(const std::string& key_hash,
                                                                    domain::Instant since) {
  return Read([&](Conn& c) -> std::optional<IdempotencyRow> {
    auto st = c.Prepare(Q::kFindIdempotencyKey);
    st.BindBlob(1, key_hash).Bind(2, Secs(since));
    if (!st.Step()) return std::nullopt;
    IdempotencyRow r;
    r.body_hash = st.Blob(0);
    r.response = st.Blob(1);
    r.reference = st.Text(2);
    r.created_at = FromSecs(st.Int(3));
    return r;
  });
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::ExpireIdempotencyKeys(domain::Instant before) {
  std::int64_t n = 0;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kExpireIdempotencyKeys).Bind(1, Secs(before)).Run();
    n = c.Changes();
  });
  return n;
}

}  // namespace tawasul::store::common
