// Writing and checking signed checkpoints (see checkpoints.h and docs/audit.md).

#include "service/checkpoints.h"

#include <map>

namespace tawasul::service {

namespace {

std::vector<domain::ChainLeaf> Leaves(const std::vector<store::ChainHead>& heads) {
  std::vector<domain::ChainLeaf> out;
  out.reserve(heads.size());
  for (const auto& h : heads) out.push_back({h.reference, h.events, h.head});
  return out;
}

// The first case (in reference order) whose leaf differs, and how.
void NameFirstDifference(const std::vector<store::ChainHead>& then,
                         const std::vector<store::ChainHead>& now, CheckpointVerdict& v) {
  std::map<std::string, const store::ChainHead*> a, b;
  for (const auto& h : then) a[h.reference] = &h;
  for (const auto& h : now) b[h.reference] = &h;
  auto ia = a.begin();
  auto ib = b.begin();
  while (ia != a.end() || ib != b.end()) {
    if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
      v.reference = ia->first;
      v.reason = "the case or its history was deleted since the checkpoint";
      return;
    }
    if (ia == a.end() || ib->first < ia->first) {
      v.reference = ib->first;
      v.reason = "history not in the checkpoint appears before its cut-off";
      return;
    }
    const auto& x = *ia->second;
    const auto& y = *ib->second;
    if (y.events < x.events) {
      v.reference = x.reference;
      v.reason = "history truncated since the checkpoint (" + std::to_string(x.events) +
                 " events then, " + std::to_string(y.events) + " now)";
      return;
    }
    if (y.events != x.events || y.head != x.head) {
      v.reference = x.reference;
      v.reason = "history rewritten since the checkpoint";
      return;
    }
    ++ia;
    ++ib;
  }
}

}  // namespace

domain::Checkpoint WriteCheckpoint(store::Store& store, const SigningKey& key,
                                   domain::Instant now) {
  const std::int64_t cutoff = store.SafeEventCutoff();
  auto heads = store.ChainHeads(cutoff);
  domain::Checkpoint c;
  c.created_at = now;
  c.cases = static_cast<std::int64_t>(heads.size());
  c.event_cutoff = cutoff;
  c.root = domain::ToHex(domain::MerkleRoot(Leaves(heads)));
  domain::SignCheckpoint(c, key.secret, key.public_key);
  store::CheckpointRow row;
  row.created_at = now;
  row.cases = c.cases;
  row.event_cutoff = cutoff;
  row.root = c.root;
  row.public_key = c.public_key;
  row.text = domain::FormatCheckpoint(c);
  store.AppendCheckpoint(row, heads, kKeptCheckpointLeaves);
  return c;
}

CheckpointVerdict VerifyCheckpoint(store::Store& store, const domain::Checkpoint& checkpoint,
                                   std::string_view public_key_hex) {
  CheckpointVerdict v;
  v.signature_valid = domain::CheckpointSignatureValid(checkpoint, public_key_hex);
  if (!v.signature_valid) {
    v.reason = "the checkpoint's signature is not valid for the given public key";
    return v;
  }
  auto heads = store.ChainHeads(checkpoint.event_cutoff);
  v.cases_now = static_cast<std::int64_t>(heads.size());
  if (domain::ToHex(domain::MerkleRoot(Leaves(heads))) == checkpoint.root) {
    v.ok = true;
    return v;
  }
  v.reason = "the history differs from the checkpoint (" + std::to_string(checkpoint.cases) +
             " cases then, " + std::to_string(v.cases_now) + " now)";
  auto kept = store.CheckpointLeaves(checkpoint.root, checkpoint.event_cutoff);
  if (kept && domain::ToHex(domain::MerkleRoot(Leaves(*kept))) == checkpoint.root) {
    NameFirstDifference(*kept, heads, v);
  }
  return v;
}

}  // namespace tawasul::service
