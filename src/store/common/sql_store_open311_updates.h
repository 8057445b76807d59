#pragma once
// SqlStore's Open311UpdateStore operations (store/open311_update_store.h), out of line. Included
// at the end of sql_store.h only. Column order: Q::kRequestUpdates (queries_open311_updates.h).

#include "store/common/sql_store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
std::vector<RequestUpdateRow> SqlStore<Q, Conn>::RequestUpdates(domain::Instant from,
                                                                domain::Instant to, int limit) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kRequestUpdates);
    st.Bind(1, Secs(from)).Bind(2, Secs(to)).Bind(3, limit);
    std::vector<RequestUpdateRow> out;
    while (st.Step()) {
      RequestUpdateRow r;
      r.reference = st.Text(0);
      r.seq = st.Int(1);
      r.at = FromSecs(st.Int(2));
      r.kind = domain::ParseEventKind(st.Text(3)).value_or(domain::EventKind::kOther);
      out.push_back(std::move(r));
    }
    return out;
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::LinkRequestKey(const std::string& reference, std::int64_t key_id,
                                       std::function<void(bool)> done) {
  bool queued = writer_->Submit(
      [reference, key_id](Conn& c) {
        c.Prepare(Q::kLinkRequestKey).Bind(1, reference).Bind(2, key_id).Run();
      },
      [done](std::exception_ptr error) { done(!error); });
  if (!queued) done(false);
}

template <class Q, class Conn>
std::optional<std::int64_t> SqlStore<Q, Conn>::RequestKey(const std::string& reference) {
  return Read([&](Conn& c) -> std::optional<std::int64_t> {
    auto st = c.Prepare(Q::kRequestKey);
    st.Bind(1, reference);
    if (!st.Step()) return std::nullopt;
    return st.Int(0);
  });
}

}  // namespace tawasul::store::common
