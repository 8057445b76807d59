#pragma once
// Signed checkpoints of the history (docs/audit.md): writing one now, and checking the database
// against one that an auditor kept.
//
// Invariants: the leaves are read as of a cut-off no later commit can fall below
// (Store::SafeEventCutoff), so recomputing them later from untouched rows gives the same root; a
// checkpoint is checked only against the public key the verifier was given, never one read from
// the database; the stored leaves are used to name a case only after they hash to the signed
// root (they are not trusted otherwise).

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/checkpoint.h"
#include "store/store.h"

namespace tawasul::service {

// An Ed25519 key pair, raw bytes (64-byte secret, 32-byte public).
struct SigningKey {
  std::string secret;
  std::string public_key;
};

// The leaves of a checkpoint kept in the database: the newest this many.
inline constexpr int kKeptCheckpointLeaves = 7;

// Takes the cut-off, reads every case's head, signs the root and stores the checkpoint with
// its leaves. Returns it (FormatCheckpoint gives the file).
domain::Checkpoint WriteCheckpoint(store::Store& store, const SigningKey& key, domain::Instant now);

struct CheckpointVerdict {
  bool signature_valid = false;
  bool ok = false;             // signature valid and the recomputed root equal to the signed one
  std::string reference;       // the first case that differs, when the leaves were kept
  std::string reason;          // why not ok
  std::int64_t cases_now = 0;  // cases with events at or before the cut-off, now
};

CheckpointVerdict VerifyCheckpoint(store::Store& store, const domain::Checkpoint& checkpoint,
                                   std::string_view public_key_hex);

}  // namespace tawasul::service
