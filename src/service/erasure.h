#pragma once
// Erasure of a case's personal data and the retention run that applies it to old closed cases
// (domain/erasure.h; docs/audit.md §2; docs/design.md §7). Used by `tawasul erase`, `tawasul
// retention run` and the scheduler's leader.
//
// Invariants:
//  * One case is one ChangeCase: the row, the salts, the attachment rows, the search entry and the
//    chained personal_data_erased event commit together or not at all. Figures never change.
//  * Attachment files are removed after the commit, and only those no case refers to any more
//    (the same file may have been sent with another case).
//  * A retention pass is bounded: at most `batch` cases of each type, each in its own
//    transaction, so it never holds the writer for long; the next pass continues.
//  * Nothing here logs personal data: references and counts only.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/erasure.h"
#include "store/store.h"

namespace tawasul::service {

class AttachmentFiles;

struct ErasureOutcome {
  enum class Result { kErased, kNotFound, kNotClosed, kAlreadyErased, kOverloaded, kFailed };
  Result result = Result::kFailed;
  std::vector<std::string> fields;  // kErased: the fields erased
  std::int64_t files_removed = 0;
  std::string error;  // kFailed
};

// Erases the personal data of case `reference` (synchronous: waits for the writer; never call it
// on a store thread). `actor` as in case events ("system", "user:12"); `reason` is recorded in
// the event's data. `files` null: attachment files are left to the orphan sweep.
ErasureOutcome EraseCase(store::Store& store, const AttachmentFiles* files,
                         const std::string& reference, const std::string& actor,
                         const std::string& reason, domain::Instant now);

struct RetentionReport {
  std::map<domain::CaseType, std::vector<std::string>> due;  // dry run: the cases found
  std::map<domain::CaseType, std::int64_t> erased;
  std::int64_t failed = 0;
  bool more = false;  // a type had a full batch: run again to continue
};

// One bounded pass: for each type with a retention period, up to `batch` closed cases past it,
// erased with reason "retention" by "system" (or, when `dry_run`, only listed).
RetentionReport RunRetention(store::Store& store, const AttachmentFiles* files,
                             const domain::RetentionPolicy& policy, domain::Instant now, int batch,
                             bool dry_run);

}  // namespace tawasul::service
