#pragma once
// The history audit and the reads and writes of signed checkpoints, shared by both stores
// (templates over the backend's connection and its SQL `Q`; docs/audit.md).
//
// Invariants:
//  * VerifyHistoryOn runs in one snapshot and checks, per case in id order: the chain (seq
//    from 1 without gaps, each prev_hash the hash before, each hash recomputed), then the row
//    against what the chain committed to (CheckRowAgainstChain). It reports the first failure
//    and keeps counting; a case without a submission digest is counted as not covered.
//  * ChainHeadsOn reads only events with id <= the cut-off, so a checkpoint's leaves can be
//    recomputed later from the same rows, whatever was appended since.

#include <map>
#include <string>
#include <vector>

#include "domain/submission_digest.h"
#include "store/common/rows.h"

namespace tawasul::store::common {

// An event as stored, with its links.
struct StoredEvent {
  domain::CaseEvent event;
  std::string prev_hash;
  std::string hash;
};

// The row against the chain: the submission digest of the first event (the entity only while
// no transfer moved the case) and the status and entity of the last change that recorded them.
// Returns "" or the reason ("description differs from the submission"); `covered` is false when
// the first event carries no digest.
inline std::string CheckRowAgainstChain(const domain::CaseRecord& r,
                                        const std::vector<domain::CaseEvent>& events,
                                        const std::vector<std::string>& files,
                                        const std::string& salts, bool& covered) {
  covered = false;
  if (events.empty()) return "";
  auto values = domain::SubmissionValues(r.draft, files);
  for (const auto& e : events) {
    if (e.kind == domain::EventKind::kTransfer) values.erase("entity");
  }
  auto check = domain::CheckSubmission(events.front(), values, salts, domain::ErasedFields(events));
  using Result = domain::SubmissionCheck::Result;
  covered = check.result != Result::kNotCovered;
  if (check.result == Result::kDiffers) return check.field + " differs from the submission";
  if (auto state = domain::LastRecordedState(events)) {
    if (state->status != domain::ToString(r.status)) {
      return "status differs from the last recorded change";
    }
    if (state->entity != r.draft.entity) return "entity differs from the last recorded change";
  }
  return "";
}

// The reason a case's chain is broken at its first bad event ("" when intact); `seq` is set to
// that event.
inline std::string CheckChain(const std::string& reference, const std::vector<StoredEvent>& events,
                              std::int64_t& seq) {
  std::string prev(32, '\0');
  std::int64_t expected = 1;
  if (events.empty()) {
    seq = 1;
    return "the case has no history";
  }
  for (const auto& s : events) {
    seq = s.event.seq;
    if (s.event.seq != expected) {
      return "event sequence has a gap (expected " + std::to_string(expected) + ")";
    }
    if (s.prev_hash != prev) return "previous-hash link does not match the event before";
    if (s.hash != domain::EventHash(prev, reference, s.event)) {
      return "event content does not match its hash";
    }
    prev = s.hash;
    expected++;
  }
  return "";
}

template <class Q, class Conn>
AuditResult VerifyHistoryOn(Conn& c, int batch = 2000) {
  AuditResult out;
  std::int64_t after = 0;
  for (;;) {
    std::vector<domain::CaseRecord> cases = CasesAfter<Q>(c, after, batch);
    if (cases.empty()) break;
    after = cases.back().id;
    const std::int64_t lo = cases.front().id, hi = cases.back().id;
    std::map<std::int64_t, std::vector<StoredEvent>> events;
    std::map<std::int64_t, std::vector<std::string>> files;
    std::map<std::int64_t, std::string> salts;
    {
      auto st = c.Prepare(Q::kEventHashesOfRange);
      st.Bind(1, lo).Bind(2, hi);
      while (st.Step()) events[st.Int(0)].push_back({ReadEventRow(st, 1), st.Blob(8), st.Blob(9)});
    }
    {
      auto st = c.Prepare(Q::kAttachmentHashesOfRange);
      st.Bind(1, lo).Bind(2, hi);
      while (st.Step()) files[st.Int(0)].push_back(st.Text(1));
    }
    {
      auto st = c.Prepare(Q::kSaltsOfRange);
      st.Bind(1, lo).Bind(2, hi);
      while (st.Step()) salts[st.Int(0)] = st.Text(1);
    }
    for (const auto& r : cases) {
      const auto& stored = events[r.id];
      out.cases++;
      out.events += static_cast<std::int64_t>(stored.size());
      std::int64_t seq = 0;
      std::string why = CheckChain(r.reference, stored, seq);
      bool covered = true;
      if (why.empty()) {
        std::vector<domain::CaseEvent> plain;
        plain.reserve(stored.size());
        for (const auto& s : stored) plain.push_back(s.event);
        why = CheckRowAgainstChain(r, plain, files[r.id], salts[r.id], covered);
        seq = 0;
      }
      if (!covered) out.not_covered++;
      if (!why.empty() && out.ok) {
        out.ok = false;
        out.broken_reference = r.reference;
        out.broken_seq = seq;
        out.reason = why;
      }
    }
    if (static_cast<int>(cases.size()) < batch) break;
  }
  return out;
}

// Each case's head among its events with id <= `cutoff` (any order).
template <class Q, class Conn>
std::vector<ChainHead> ChainHeadsOn(Conn& c, std::int64_t cutoff) {
  std::vector<ChainHead> out;
  auto st = c.Prepare(Q::kChainHeads);
  st.Bind(1, cutoff);
  while (st.Step()) out.push_back({st.Text(0), st.Int(1), st.Blob(2)});
  return out;
}

// Inserts a checkpoint and its leaves, then drops the leaves of all but the newest `keep`.
template <class Q, class Conn>
std::int64_t InsertCheckpointOn(Conn& c, const CheckpointRow& row,
                                const std::vector<ChainHead>& leaves, int keep) {
  std::int64_t id = 0;
  {
    auto st = c.Prepare(Q::kInsertCheckpoint);
    st.Bind(1, Secs(row.created_at))
        .Bind(2, row.cases)
        .Bind(3, row.event_cutoff)
        .Bind(4, row.root)
        .Bind(5, row.public_key)
        .Bind(6, row.text);
    if (!st.Step()) throw StoreError("insert of a checkpoint returned no id");
    id = st.Int(0);
  }
  for (const auto& l : leaves) {
    c.Prepare(Q::kInsertCheckpointLeaf)
        .Bind(1, id)
        .Bind(2, l.reference)
        .Bind(3, l.events)
        .BindBlob(4, l.head)
        .Run();
  }
  c.Prepare(Q::kPruneCheckpointLeaves).Bind(1, std::max(keep, 1)).Run();
  return id;
}

// The leaves kept for the newest checkpoint with this root and cut-off.
template <class Q, class Conn>
std::optional<std::vector<ChainHead>> CheckpointLeavesOn(Conn& c, const std::string& root,
                                                         std::int64_t cutoff) {
  std::int64_t id = 0;
  {
    auto st = c.Prepare(Q::kFindCheckpoint);
    st.Bind(1, root).Bind(2, cutoff);
    if (!st.Step()) return std::nullopt;
    id = st.Int(0);
  }
  std::vector<ChainHead> out;
  auto st = c.Prepare(Q::kCheckpointLeaves);
  st.Bind(1, id);
  while (st.Step()) out.push_back({st.Text(0), st.Int(1), st.Blob(2)});
  if (out.empty()) return std::nullopt;  // pruned
  return out;
}

// The names of the append-only triggers that are missing.
template <class Q, class Conn>
std::vector<std::string> MissingTriggersOn(Conn& c) {
  std::vector<std::string> out;
  for (const auto& [name, ddl] : Q::kAppendOnlyTriggers) {
    auto st = c.Prepare(Q::kTriggerExists);
    st.Bind(1, std::string(name));
    if (!st.Step() || st.Int(0) == 0) out.emplace_back(name);
  }
  return out;
}

// Re-creates the missing append-only triggers; returns their names.
template <class Q, class Conn>
std::vector<std::string> RestoreTriggersOn(Conn& c) {
  auto missing = MissingTriggersOn<Q>(c);
  for (const auto& name : missing) {
    for (const auto& [n, ddl] : Q::kAppendOnlyTriggers) {
      if (name == n) c.Exec(ddl);
    }
  }
  return missing;
}

}  // namespace tawasul::store::common
