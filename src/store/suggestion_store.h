#pragma once
// Suggestion outcomes (issue 19, item 2; domain/suggestion_outcome.h): the recording of an
// outcome and the public read model behind /suggestions. An interface of its own beside `Store`
// (reached through Store::Suggestion(), implemented once in store/common/sql_store_suggestion.h)
// so that the files including store.h do not rebuild for it.
//
// Invariants:
//  * ChangeSuggestion is ChangeCase (the decider runs on the row read inside the write
//    transaction; the event is hash-chained; the outbox row commits with it) plus, when the
//    change applied, the case's read-model row rewritten from domain::OutcomeOf(history after)
//    in the same transaction: the row never disagrees with the chain.
//  * The read model holds no personal data: entity, category, dates, stage, progress and the
//    public summary staff wrote. Never the citizen's text, name or contact, nor the reference.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.h"
#include "store/store.h"

namespace tawasul::store {

// One implemented suggestion as the public page shows it.
struct ImplementedSuggestion {
  std::string entity;
  std::string category;
  domain::Instant submitted_at{};
  domain::Instant implemented_at{};
  std::string summary;
};

// Counts over the suggestions of one entity (or all). `received` comes from the figures, not
// from here; these count suggestions with an outcome.
struct SuggestionCounts {
  std::int64_t with_outcome = 0;
  std::int64_t accepted =
      0;  // ever accepted (also those in progress, implemented or declined later)
  std::int64_t implemented = 0;
  std::int64_t declined = 0;
  // Median (lower of the two middle values) of implemented_at - submitted_at, in seconds.
  std::optional<std::int64_t> median_seconds;
};

// Decides a change from the case's row and its whole history, both read inside the write
// transaction (the row locked): the outcome so far is a fold of the history.
using SuggestionDecider = std::function<CaseChange(const domain::CaseRecord& current,
                                                   const std::vector<domain::CaseEvent>& history)>;

class SuggestionStore {
 public:
  virtual ~SuggestionStore() = default;
  // See the invariants above; `done` runs once on a store thread after the commit.
  virtual void ChangeSuggestion(const std::string& reference, SuggestionDecider decide,
                                std::function<void(ChangeResult)> done) = 0;
  // Implemented suggestions of `entity` ("" : every entity), latest implemented first.
  virtual std::vector<ImplementedSuggestion> ImplementedSuggestions(const std::string& entity,
                                                                    int limit, int offset) = 0;
  virtual SuggestionCounts CountSuggestions(const std::string& entity) = 0;
};

}  // namespace tawasul::store
