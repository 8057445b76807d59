#pragma once
// Row mapping shared by the SQLite store's files: cases, events and users to domain types.
// Column orders are those of the named statements in queries.h (kFindCase, kCaseEvents,
// kFindUser); change them together.

#include <vector>

#include "domain/case.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace tawasul::store::sqlite {

inline std::int64_t Secs(domain::Instant t) { return t.time_since_epoch().count(); }
inline domain::Instant FromSecs(std::int64_t s) { return domain::Instant(std::chrono::seconds(s)); }

// A kFindCase row.
domain::CaseRecord ReadCaseRow(const Statement& st);
// One event from columns seq, at, kind, public, actor, body, data starting at `first_col`.
domain::CaseEvent ReadEventRow(const Statement& st, int first_col);
// A case's events in order (kCaseEvents).
std::vector<domain::CaseEvent> ReadEvents(Connection& c, std::int64_t case_id);
// A kFindUser / kFindUserById / kSessionUser row.
UserRecord ReadUserRow(const Statement& st);
// Binds parameters 1..22 shared by kInsertCase and kInsertFullCase: reference, the draft's
// fields, status, access hash and salt, submission and due times.
void BindCaseColumns(Statement& st, const std::string& reference, const domain::CaseDraft& d,
                     domain::CaseStatus status, const std::string& access_hash,
                     const std::string& access_salt, domain::Instant submitted_at,
                     domain::Instant first_response_due_at, domain::Instant due_at);
// Appends `events` to case `case_id` (kInsertEvent), numbering them from `seq` + 1 and chaining
// each to the previous hash (`prev`, updated; 32 zero bytes before the first event).
void AppendEvents(Connection& c, std::int64_t case_id, const std::string& reference,
                  std::int64_t seq, std::string& prev,
                  const std::vector<domain::CaseEvent>& events);
// Looks a case up on connection `c` (the writer's inside a transaction, or a reader's).
std::optional<domain::CaseRecord> FindCaseOn(Connection& c, const std::string& reference);

}  // namespace tawasul::store::sqlite
