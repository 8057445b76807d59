#pragma once
// SqlStore's history audit and signed checkpoints (store/common/audit_ops.h, docs/audit.md), out
// of line to keep sql_store.h to the cases. Included at the end of sql_store.h only.

#include "store/common/audit_ops.h"
#include "store/common/sql_store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
AuditResult SqlStore<Q, Conn>::VerifyHistory() {
  return Snapshot([](Conn& c) { return VerifyHistoryOn<Q>(c); });
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::SafeEventCutoff() {
  // On the writer: the PostgreSQL hook takes a lock that only a writing transaction may take.
  std::int64_t cutoff = 0;
  writer_->Run([&](Conn& c) {
    Q::BeforeEventCutoff(c);
    auto st = c.Prepare(Q::kMaxEventId);
    if (st.Step()) cutoff = st.Int(0);
  });
  return cutoff;
}

template <class Q, class Conn>
std::vector<ChainHead> SqlStore<Q, Conn>::ChainHeads(std::int64_t cutoff) {
  return Snapshot([&](Conn& c) { return ChainHeadsOn<Q>(c, cutoff); });
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::AppendCheckpoint(const CheckpointRow& row,
                                                 const std::vector<ChainHead>& leaves,
                                                 int keep_leaves) {
  std::int64_t id = 0;
  writer_->Run([&](Conn& c) { id = InsertCheckpointOn<Q>(c, row, leaves, keep_leaves); });
  return id;
}

template <class Q, class Conn>
std::optional<std::vector<ChainHead>> SqlStore<Q, Conn>::CheckpointLeaves(const std::string& root,
                                                                          std::int64_t cutoff) {
  return Snapshot([&](Conn& c) { return CheckpointLeavesOn<Q>(c, root, cutoff); });
}

template <class Q, class Conn>
std::optional<domain::Instant> SqlStore<Q, Conn>::LastCheckpointAt() {
  return Read([](Conn& c) -> std::optional<domain::Instant> {
    auto st = c.Prepare(Q::kLastCheckpointAt);
    if (!st.Step()) return std::nullopt;
    auto v = st.OptInt(0);
    if (!v) return std::nullopt;
    return FromSecs(*v);
  });
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::MissingAppendOnlyTriggers() {
  return Read([](Conn& c) { return MissingTriggersOn<Q>(c); });
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::RestoreAppendOnlyTriggers() {
  std::vector<std::string> restored;
  writer_->Run([&](Conn& c) { restored = RestoreTriggersOn<Q>(c); });
  return restored;
}

}  // namespace tawasul::store::common
