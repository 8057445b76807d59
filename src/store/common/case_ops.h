#pragma once
// Lifecycle writes, inbox queries, scheduler look-ups, the history audit and the whole-history
// reader, shared by both stores (templates over the backend's connection and its SQL `Q`; see
// store/common/rows.h). Functions named *Tx run on the writer connection inside its transaction.
//
// Invariant of ChangeCaseTx: the decision is taken on the row as read inside the same write
// transaction that stores its result (Q::kFindCaseForUpdate locks the row where the backend
// has row locks; SQLite has one writer), so two actions on one case can never both pass a check
// that only one of them should (e.g. two ratings).

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/submission_digest.h"
#include "domain/survey_results.h"
#include "store/common/rows.h"
#include "store/message_store.h"

namespace tawasul::store::common {

// Erasure (domain/erasure.h): empties `fields` on the row of `before` and marks it erased at
// `at`, removes those fields' salts (so the digests left in the chain can no longer be tested
// against guesses, docs/audit.md §2), deletes the attachment rows (the files are removed by the
// service once no case refers to them) and re-indexes the emptied text for search.
template <class Q, class Conn>
void EraseFieldsTx(Conn& c, const domain::CaseRecord& before, const domain::CaseRecord& after,
                   const std::vector<std::string>& fields, domain::Instant at) {
  std::set<std::string> erase(fields.begin(), fields.end());
  auto has = [&erase](const char* name) { return erase.count(name) != 0 ? 1 : 0; };
  c.Prepare(Q::kEraseCaseFields)
      .Bind(1, before.id)
      .Bind(2, has("subject"))
      .Bind(3, has("description"))
      .Bind(4, has("contact_name"))
      .Bind(5, has("contact_email"))
      .Bind(6, has("contact_phone"))
      .Bind(7, has("location"))
      .Bind(8, Secs(at))
      .Run();
  std::optional<std::map<std::string, std::string>> salts;
  {
    auto st = c.Prepare(Q::kSaltsOfCase);
    st.Bind(1, before.id);
    if (st.Step()) salts = domain::DecodeSalts(st.Text(0));
  }
  if (salts) {
    for (const auto& f : erase) salts->erase(f);
    c.Prepare(Q::kUpdateSalts).Bind(1, before.id).Bind(2, domain::EncodeSalts(*salts)).Run();
  }
  if (has("attachments") != 0) c.Prepare(Q::kDeleteCaseAttachments).Bind(1, before.id).Run();
  if (has("subject") != 0 || has("description") != 0) {
    Q::UnindexCase(c, before.id, before.reference, before.draft.subject, before.draft.description);
    Q::IndexCase(c, before.id, before.reference, after.draft.subject, after.draft.description);
  }
}

// The survey after each case (docs/surveys.md): a change that closes a case (not a merge into
// another) or tells the citizen it is closed (the "closed" message of a rejection or the
// auto-close) gives the case a single-use link, unless it has an unused, unexpired one already.
// Only the token's hash is stored, with the entity, category and month the response will carry;
// the token itself travels once, as the secret of the "closed" message (cleared when that message
// is final), and the track page can issue a new one while unused.
template <class Q, class Conn>
void WriteSurveyTokenTx(Conn& c, const domain::CaseRecord& before, const domain::CaseRecord& after,
                        domain::Instant at, std::vector<domain::OutboxMessage>& outbox) {
  bool tells_closed = false;
  for (const auto& m : outbox) tells_closed = tells_closed || m.kind == "closed";
  const bool closes = before.status != domain::CaseStatus::kClosed &&
                      after.status == domain::CaseStatus::kClosed && after.merged_into.empty();
  if (!closes && !tells_closed) return;
  const std::int64_t secs = Secs(at);
  {
    auto st = c.Prepare(Q::kSurveyPending);
    st.Bind(1, before.id).Bind(2, secs);
    if (st.Step()) return;  // the link already given stays the one
  }
  const std::string token = domain::NewSurveyToken();
  c.Prepare(Q::kUpsertSurveyToken)
      .Bind(1, domain::SurveyTokenHash(token))
      .Bind(2, before.id)
      .Bind(3, after.draft.entity)
      .Bind(4, after.draft.category)
      .Bind(5, domain::SurveyMonth(secs))
      .Bind(6, secs + domain::kSurveyLinkSeconds)
      .Run();
  for (auto& m : outbox) {
    if (m.kind == "closed") m.secret = token;
  }
}

// Reads the case, asks the decider, and when it says so updates the row, writes its outbox
// messages and appends the events (each carrying the hash of the one before). Returns the row and
// history after. The change's figure deltas are added to `figures` (the writer applies the
// batch's sum before its commit), last, so a delta is never counted for a failed change.
template <class Q, class Conn>
ChangeResult ChangeCaseTx(Conn& c, const std::string& reference, const CaseDecider& decide,
                          domain::FigureDeltas& figures) {
  ChangeResult result;
  auto current = FindCaseWith(c, Q::kFindCaseForUpdate, reference);
  if (!current) return result;
  result.found = true;
  CaseChange change = decide(*current);
  result.ok = true;
  if (!change.apply) {
    result.record = std::move(*current);
    return result;
  }
  const auto& n = change.next;
  {
    auto st = c.Prepare(Q::kUpdateCase);
    st.Bind(1, current->id)
        .Bind(2, domain::ToString(n.status))
        .Bind(3, n.draft.entity)
        .Bind(4, n.assignee_id)
        .Bind(5, n.cycle)
        .Bind(6, n.extended_this_cycle ? 1 : 0)
        .Bind(7, n.rated_this_answer ? 1 : 0)
        .Bind(8, n.reopen_count);
    if (n.rating) {
      st.Bind(9, *n.rating);
    } else {
      st.BindNull(9);
    }
    BindOptTime(st, 10, n.paused_at);
    st.Bind(11, n.merged_into);
    BindOptTime(st, 12, n.first_response_at);
    BindOptTime(st, 13, n.answered_at);
    BindOptTime(st, 14, n.closed_at);
    st.Bind(15, Secs(n.first_response_due_at)).Bind(16, Secs(n.due_at));
    st.Bind(17, n.first_response_breached ? 1 : 0).Bind(18, n.resolution_breached ? 1 : 0);
    st.Bind(19, domain::EncodeClock(n.clock));
    BindOptTime(st, 20, n.warn_at);
    st.Bind(21, n.warned ? 1 : 0).Bind(22, n.escalated ? 1 : 0);
    st.Run();
  }
  if (!change.erased.empty()) {
    EraseFieldsTx<Q>(c, *current, n, change.erased,
                     change.events.empty() ? domain::Now() : change.events.back().at);
  }
  WriteSurveyTokenTx<Q>(c, *current, n,
                        change.events.empty() ? domain::Now() : change.events.back().at,
                        change.outbox);
  InsertOutboxRows<Q>(c, reference, change.outbox, n.draft.entity, n.status,
                      change.events.empty() ? domain::Now() : change.events.back().at,
                      change.unsent, current->draft.entity);
  std::int64_t seq = 0;
  std::string prev(32, '\0');
  {
    auto st = c.Prepare(Q::kLastEvent);
    st.Bind(1, current->id);
    if (st.Step()) {
      seq = st.Int(0);
      prev = st.Blob(1);
    }
  }
  domain::RecordStateChange(*current, n, change.events);  // the chain commits to the new state
  AppendEvents<Q>(c, current->id, reference, seq, prev, change.events);
  result.applied = true;
  result.record = *FindCaseWith(c, Q::kFindCase, reference);
  result.events = ReadEvents<Q>(c, current->id);
  // Last, after every statement that could fail: a delta is never counted for a rolled-back change.
  for (const auto& [k, f] : change.figures) figures[k].Add(f);
  return result;
}

// References of cases whose `kind` deadline is at or before `before`, earliest first.
template <class Q, class Conn>
std::vector<std::string> DueReferences(Conn& c, DueKind kind, domain::Instant before, int limit) {
  const char* sql = kind == DueKind::kResolutionBreach      ? Q::kDueResolution
                    : kind == DueKind::kFirstResponseBreach ? Q::kDueFirstResponse
                    : kind == DueKind::kWarning             ? Q::kDueWarning
                    : kind == DueKind::kEscalation          ? Q::kDueEscalation
                                                            : Q::kDueAutoClose;
  auto st = c.Prepare(sql);
  st.Bind(1, Secs(before)).Bind(2, limit);
  std::vector<std::string> out;
  while (st.Step()) out.push_back(st.Text(0));
  return out;
}

// One page of an inbox, ordered by due time, and the total matching.
template <class Q, class Conn>
InboxPage QueryInbox(Conn& c, const InboxQuery& query) {
  auto bind = [&](auto& st) {
    auto text = [&](int i, const std::string& v) {
      if (v.empty()) {
        st.BindNull(i);
      } else {
        st.Bind(i, v);
      }
    };
    text(1, query.entity);
    text(2, query.status);
    text(3, query.type);
    text(4, query.category);
    if (query.assignee == 0) {
      st.BindNull(5);
    } else {
      st.Bind(5, query.assignee);
    }
    st.Bind(6, query.overdue_only ? 1 : 0).Bind(7, Secs(query.now));
  };
  InboxPage page;
  {
    auto st = c.Prepare(Q::kInboxCount);
    bind(st);
    if (st.Step()) page.total = st.Int(0);
  }
  std::vector<std::string> refs;
  {
    auto st = c.Prepare(Q::kInboxPage);
    bind(st);
    st.Bind(8, query.limit).Bind(9, query.offset);
    while (st.Step()) refs.push_back(st.Text(0));
  }
  for (const auto& r : refs) {
    if (auto rec = FindCaseWith(c, Q::kFindCase, r)) page.items.push_back(std::move(*rec));
  }
  return page;
}

// Calls `sink` for every case and its full history, in id order, reading `batch` cases at a
// time. Run inside a read transaction for a consistent snapshot.
template <class Q, class Conn>
void ForEachCaseOn(Conn& c,
                   const std::function<void(const domain::CaseRecord&,
                                            const std::vector<domain::CaseEvent>&)>& sink,
                   int batch = 2000) {
  std::int64_t after = 0;
  for (;;) {
    std::vector<domain::CaseRecord> cases = CasesAfter<Q>(c, after, batch);
    if (cases.empty()) return;
    after = cases.back().id;
    std::map<std::int64_t, std::vector<domain::CaseEvent>> events;
    {
      auto st = c.Prepare(Q::kEventsOfRange);
      st.Bind(1, cases.front().id).Bind(2, cases.back().id);
      while (st.Step()) events[st.Int(0)].push_back(ReadEventRow(st, 1));
    }
    {
      auto st = c.Prepare(Q::kSaltsOfRange);
      st.Bind(1, cases.front().id).Bind(2, cases.back().id);
      std::map<std::int64_t, std::string> salts;
      while (st.Step()) salts[st.Int(0)] = st.Text(1);
      for (auto& r : cases) {
        if (auto it = salts.find(r.id); it != salts.end()) r.submission_salts = it->second;
      }
    }
    static const std::vector<domain::CaseEvent> kNone;
    for (const auto& r : cases) {
      auto it = events.find(r.id);
      sink(r, it == events.end() ? kNone : it->second);
    }
    if (static_cast<int>(cases.size()) < batch) return;
  }
}

}  // namespace tawasul::store::common
