#pragma once
// The SQLite store's lifecycle, inbox, audit and session operations, as functions over a
// connection so that sqlite_store.cpp stays the wiring of connections and threads.
// Functions named *Tx run on the writer connection inside the group-commit transaction.

#include <string>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace tawasul::store::sqlite {

// Reads the case, asks the decider, and when it says so updates the row and appends the events
// (each carrying the hash of the one before). Returns the row and history after.
// `figures`: when given, the change's figure deltas are added to it (the writer applies the
// batch's sum before its commit) instead of being written at once.
ChangeResult ChangeCaseTx(Connection& c, const std::string& reference, const CaseDecider& decide,
                          domain::FigureDeltas* figures = nullptr);

InboxPage QueryInbox(Connection& c, const InboxQuery& query);

// References of cases whose `kind` deadline is at or before `before`, earliest first.
std::vector<std::string> DueReferences(Connection& c, DueKind kind, domain::Instant before,
                                       int limit);

// Walks every event in (case, seq) order and recomputes the chain.
AuditResult VerifyHistoryOn(Connection& c);

}  // namespace tawasul::store::sqlite
