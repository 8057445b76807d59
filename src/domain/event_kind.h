#pragma once
// The kinds of event in a case's history (domain::CaseEvent). Inside the program an event kind is
// this enum; its name (the lowercase snake_case below, unchanged since the first release) is what
// crosses the edges: the `case_events.kind` column, the hash chain (EventHash), JSON, the i18n keys
// of the pages' labels ("sf_ev_<name>", "event_<name>") and the command line.
//
// Invariants:
//  * Every kind but kOther has exactly one name, and ParseEventKind(ToString(k)) == k.
//  * ParseEventKind refuses every other string (nullopt), and never returns kOther.
//  * An action's event carries the action's own name (EventOf in lifecycle.h), so the names of
//    domain::ActionKind come from this table and the two cannot drift apart.
//  * kOther stands for a name read from the database that this version does not know (a newer
//    version's, or a retired one); CaseEvent keeps that name (other_kind) so the event is shown,
//    exported and hash-checked exactly as stored. It has no name of its own: ToString gives "".

#include <iosfwd>
#include <optional>
#include <string_view>

namespace tawasul::domain {

enum class EventKind {
  kReceived,  // a new case (by a citizen, staff for a caller, or the importer)
  // The lifecycle's actions (lifecycle.h), each recorded under its action's name.
  kAssign,
  kReply,
  kNote,
  kRequestInfo,
  kAnswer,
  kReject,
  kTransfer,
  kExtend,
  kMerge,
  kCitizenReply,
  kRate,
  kReopen,
  kInfoTimeout,
  kClose,  // every move into closed: after merge or a good rating, or alone (auto_close)
  // The scheduler and the recomputation of due times (case_rules.h).
  kBreached,
  kWarning,
  kEscalated,
  kDueRecomputed,
  // Erasure of a case's personal fields (domain/erasure.h, docs/audit.md §2).
  kPersonalDataErased,
  // A suggestion's outcome recorded by its entity (domain/suggestion_outcome.h).
  kSuggestionOutcome,
  kOther,  // a stored name this version does not know; see the top of this file
};
inline constexpr int kEventKindCount = 22;

// The stored name ("received", "request_info", ...); "" for kOther.
std::string_view ToString(EventKind kind);
// The kind of a stored name; nullopt for any other string (never kOther).
std::optional<EventKind> ParseEventKind(std::string_view name);

// For test failures and logs: the name, or "other".
std::ostream& operator<<(std::ostream& out, EventKind kind);

}  // namespace tawasul::domain
