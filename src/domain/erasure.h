#pragma once
// Erasure of a case's personal data (docs/audit.md §2, docs/design.md §7) and the retention
// periods that trigger it. Pure: the store applies the returned CaseChange in one transaction.
//
// Invariants:
//  * Only the personal fields of the submission are erased (PersonalFields): what the citizen
//    wrote (subject, description), who they are (contact name, email, phone), where (location)
//    and what they sent (attachments). Type, category, entity, service, language, channel, the
//    anonymity flag, every date and every figure are kept, so published figures never move.
//  * The history is never edited: one chained event (personal_data_erased, internal) lists the
//    erased fields in data.erased, which is what lets `audit verify` skip them
//    (domain::ErasedFields); the store removes the same fields' salts in the same transaction.
//  * Only a closed case is erased: an open case still needs its contact and its text.
//  * Erasing again adds nothing to the history: the fields already listed by an event are left
//    out, and a case whose every personal field is listed gets no new event (kAlreadyErased:
//    the change only empties and marks the row again, so retention never picks it twice).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/case_rules.h"

namespace tawasul::domain {

// The personal fields, by their SubmissionValues names.
const std::vector<std::string>& PersonalFields();

enum class ErasureDecision { kOk, kNotClosed, kAlreadyErased };

// The change that erases the personal fields of `current` not in `already` (ErasedFields of its
// history): the fields emptied on the row, one internal event by `actor` with data
// {"erased": [...], "reason": reason}, change.erased naming the fields. No change for
// kNotClosed; for kAlreadyErased see the top of this file.
CaseChange ErasureChange(const CaseRecord& current, const std::set<std::string>& already,
                         const std::string& actor, const std::string& reason, Instant now,
                         ErasureDecision& decision);

// Retention: the years a closed case of each type keeps its personal data; 0 keeps it forever.
struct RetentionPolicy {
  std::map<CaseType, int> years;
  int YearsFor(CaseType type) const;
};
// Complaints 5 years, suggestions 3, inquiries and compliments 2 (docs/decisions.md).
RetentionPolicy DefaultRetention();
// "complaint=5,inquiry=1" over the defaults; nullopt (and `error` set) on an unknown type or a
// number outside 0..100.
std::optional<RetentionPolicy> ParseRetention(std::string_view text, std::string& error);
// Cases of this type closed before the returned instant are due for erasure (`years` > 0).
Instant RetentionCutoff(Instant now, int years);

}  // namespace tawasul::domain
