#pragma once
// What the hash chain commits to beyond the events themselves (docs/audit.md): the citizen's
// submission, and the case's status and entity after every change.
//
// The first event of a case carries, in its data, one digest per submitted field:
//   data.submission = {"v": 1, "fields": {"type": hex, "subject": hex, ...}}
// each digest = BLAKE2b-256 keyed with that field's own random salt over the field's name and
// canonical value. The salts are stored beside the case (not in the chain), so:
//  * an edit of a stored field is found: its recomputed digest differs from the chained one, and
//    the chained one cannot be changed without breaking the chain (or a signed checkpoint);
//  * erasure (later) removes a personal field's value together with its salt and records the
//    field in an event's data.erased list; the chain and every checkpoint are unchanged, and
//    the digest left in the chain is then a keyed hash with a key nobody has, so it cannot be
//    used to test guesses of the erased value (a phone number has few enough candidates that an
//    unsalted digest would give it away).
// Later events record what they change: data.state = {"status": s, "entity": e} on the last
// event of every change that moves the status or the entity, so the case row's current status
// and entity can be checked against the last such event.
//
// Invariants: pure (no I/O, no randomness: salts are passed in); the canonical value of a field
// never changes for a given stored row (version "v" would change with it); events without these
// keys (cases from before) are "not covered", never "differs".

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"

namespace tawasul::domain {

inline constexpr int kSubmissionDigestVersion = 1;
inline constexpr std::size_t kSubmissionSaltBytes = 32;

// Field name -> canonical value, for every field the submission digest covers: type, category,
// entity, service, subject, description, language, channel, contact_name, contact_email,
// contact_phone, anonymous, location, attachments (the SHA-256 of each, in stored order).
std::map<std::string, std::string> SubmissionValues(const CaseDraft& draft,
                                                    const std::vector<std::string>& attachments);

// The keyed digest of one field (raw 32 bytes).
std::string FieldDigest(std::string_view salt, std::string_view name, std::string_view value);

// Salts (field -> raw bytes) as stored beside the case (JSON of hex), and back; nullopt when the
// text is not such a JSON object.
std::string EncodeSalts(const std::map<std::string, std::string>& salts);
std::optional<std::map<std::string, std::string>> DecodeSalts(std::string_view text);

// Adds data.submission (digests of `values` under `salts`, which must name every field) and
// data.state to the first event.
void RecordSubmission(const std::map<std::string, std::string>& values,
                      const std::map<std::string, std::string>& salts, CaseStatus status,
                      CaseEvent& first);

// Adds data.state to the last of `events` when the status or the entity changed.
void RecordStateChange(const CaseRecord& before, const CaseRecord& after,
                       std::vector<CaseEvent>& events);

struct SubmissionCheck {
  enum class Result { kNotCovered, kMatches, kDiffers };
  Result result = Result::kNotCovered;
  std::string field;  // kDiffers: the first field (in name order) that disagrees
};

// Recomputes the first event's digests from the stored values and salts. A field in `erased`
// (listed by an event's data.erased) is skipped; so is one absent from `values` (the caller
// passes no "entity" once a transfer has changed it). A missing salt is a difference.
SubmissionCheck CheckSubmission(const CaseEvent& first,
                                const std::map<std::string, std::string>& values,
                                std::string_view salts_text, const std::set<std::string>& erased);

// The status and entity recorded by the last event with data.state; nullopt when none has.
struct RecordedState {
  std::string status;
  std::string entity;
};
std::optional<RecordedState> LastRecordedState(const std::vector<CaseEvent>& events);

// The fields that events list in data.erased.
std::set<std::string> ErasedFields(const std::vector<CaseEvent>& events);

}  // namespace tawasul::domain
