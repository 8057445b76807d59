#pragma once
// SqlStore's suggestion outcomes (store/suggestion_store.h): ChangeCaseTx plus the read-model row
// rewritten from the history after the change, in the same transaction; the public page's reads.
// Included at the end of sql_store.h only.

#include "domain/suggestion_outcome.h"
#include "store/common/sql_store.h"
#include "store/suggestion_store.h"

namespace tawasul::store::common {

// The case's row of the read model, from the fold of its history (a no-op for a case whose
// history holds no outcome).
template <class Q, class Conn>
void WriteSuggestionRowTx(Conn& c, const domain::CaseRecord& record,
                          const std::vector<domain::CaseEvent>& events) {
  const domain::SuggestionOutcome o = domain::OutcomeOf(events);
  if (!o.stage) return;
  auto st = c.Prepare(Q::kUpsertSuggestionOutcome);
  st.Bind(1, record.id)
      .Bind(2, record.draft.entity)
      .Bind(3, record.draft.category)
      .Bind(4, Secs(record.submitted_at))
      .Bind(5, domain::ToString(*o.stage))
      .Bind(6, o.progress);
  BindOptTime(st, 7, o.accepted_at);
  BindOptTime(st, 8, o.implemented_at);
  BindOptTime(st, 9, o.declined_at);
  st.Bind(10, o.summary).Bind(11, Secs(o.updated_at.value_or(record.submitted_at)));
  st.Run();
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::ChangeSuggestion(const std::string& reference, SuggestionDecider decide,
                                         std::function<void(ChangeResult)> done) {
  SubmitChange(
      [reference, decide = std::move(decide)](Conn& c, domain::FigureDeltas& figures) {
        // The history is read after ChangeCaseTx locked the row, in the same transaction.
        auto with_history = [&c, &decide](const domain::CaseRecord& current) {
          return decide(current, ReadEvents<Q>(c, current.id));
        };
        ChangeResult r = ChangeCaseTx<Q>(c, reference, with_history, figures);
        if (r.applied) WriteSuggestionRowTx<Q>(c, r.record, r.events);
        return r;
      },
      std::move(done));
}

template <class Q, class Conn>
std::vector<ImplementedSuggestion> SqlStore<Q, Conn>::ImplementedSuggestions(
    const std::string& entity, int limit, int offset) {
  return Read([&](Conn& c) {
    std::vector<ImplementedSuggestion> out;
    auto st = c.Prepare(Q::kImplementedSuggestions);
    st.Bind(1, entity).Bind(2, limit).Bind(3, offset);
    while (st.Step()) {
      ImplementedSuggestion s;
      s.entity = st.Text(0);
      s.category = st.Text(1);
      s.submitted_at = FromSecs(st.Int(2));
      s.implemented_at = FromSecs(st.Int(3));
      s.summary = st.Text(4);
      out.push_back(std::move(s));
    }
    return out;
  });
}

template <class Q, class Conn>
SuggestionCounts SqlStore<Q, Conn>::CountSuggestions(const std::string& entity) {
  return Snapshot([&](Conn& c) {
    SuggestionCounts n;
    {
      auto st = c.Prepare(Q::kCountSuggestionOutcomes);
      st.Bind(1, entity);
      if (st.Step()) {
        n.with_outcome = st.Int(0);
        n.accepted = st.Int(1);
        n.implemented = st.Int(2);
        n.declined = st.Int(3);
      }
    }
    if (n.implemented > 0) {
      auto st = c.Prepare(Q::kNthImplementationTime);
      st.Bind(1, entity).Bind(2, (n.implemented - 1) / 2);
      if (st.Step()) n.median_seconds = st.Int(0);
    }
    return n;
  });
}

}  // namespace tawasul::store::common
