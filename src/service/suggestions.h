#pragma once
// Suggestions carried to the end (issue 19, item 2; domain/suggestion_outcome.h): recording an
// outcome, its problem responses, the outcome as JSON for the citizen's and the staff's views,
// and the public report behind /suggestions and GET /api/v1/suggestions, shared by the JSON API
// and the pages so that they cannot differ.
//
// Invariants:
//  * A recording is one SuggestionStore::ChangeSuggestion: the decision runs on the row and the
//    history read inside the write transaction; nothing is stored when it is refused.
//  * The public report carries no personal data and no reference: entity, category, dates and
//    the summary staff wrote for the public (store/suggestion_store.h).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/suggestion_outcome.h"
#include "http/message.h"
#include "http/problem.h"
#include "service/change_outcome.h"
#include "service/context.h"
#include "store/suggestion_store.h"

namespace tawasul::service {

using OutcomeResult = ChangeOutcome<domain::OutcomeDecision>;

// Reads the JSON body of POST /api/v1/cases/{ref}/outcome into `request`: the format only (JSON
// types, unknown members), each problem naming its field ("milestone.date"); the rules are the
// domain's.
std::vector<http::FieldError> ParseOutcomeJson(const nlohmann::json& body,
                                               domain::OutcomeRequest& request);

// Decides and stores one recording by `actor` on the case `reference` (canonical form). `done`
// runs once, off the store's thread (AppContext::Complete).
void RecordSuggestionOutcome(const AppContext& ctx, const std::string& reference,
                             const domain::Actor& actor, const domain::OutcomeRequest& request,
                             std::function<void(OutcomeResult)> done);

// 404/403/409/422 (naming the field)/503/500 for a refused or failed recording.
http::Response OutcomeProblem(const OutcomeResult& result, const std::string& request_id);

// {"stage", "progress", "milestones": [{"date","text"}], "reason", "summary", "updated_at",
// "accepted_at", "implemented_at", "declined_at"}; "stage" null when nothing was recorded.
nlohmann::json OutcomeJson(const AppContext& ctx, const domain::SuggestionOutcome& outcome);

// The public report of one entity ("" : all).
struct SuggestionsReport {
  std::string entity;
  std::int64_t received = 0;  // suggestions received in the last kMaxFigureDays (the figures)
  store::SuggestionCounts counts;
  std::vector<store::ImplementedSuggestion> implemented;  // latest first, at most `limit`
};
inline constexpr int kSuggestionsPageSize = 50;
SuggestionsReport MakeSuggestionsReport(const AppContext& ctx, const std::string& entity,
                                        domain::Instant now, int limit = kSuggestionsPageSize);
nlohmann::json SuggestionsJson(const AppContext& ctx, const SuggestionsReport& report);

// Share of received suggestions accepted and implemented (for /stats); nullopt with none received.
struct SuggestionShares {
  std::int64_t received = 0;
  std::optional<double> accepted_share, implemented_share;
};
SuggestionShares ShareOfSuggestions(const SuggestionsReport& report);
// {"received", "accepted_share", "implemented_share"} of `entity` ("" : all), as the member
// "suggestions" of the figures documents (GET /api/v1/stats and /stats.json alike).
nlohmann::json SuggestionSharesJson(const AppContext& ctx, const std::string& entity,
                                    domain::Instant now);

}  // namespace tawasul::service
