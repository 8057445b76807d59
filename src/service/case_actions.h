#pragma once
// Applying lifecycle actions to stored cases: the bridge between the pure state machine
// (domain/lifecycle.h), the SLA clocks (domain/calendar.h) and the store's transactional
// ChangeCase. Shared by staff actions and citizen actions.

#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "domain/lifecycle.h"
#include "http/message.h"
#include "http/problem.h"
#include "service/change_outcome.h"
#include "service/context.h"

namespace tawasul::service {

using ActionOutcome = ChangeOutcome<domain::Decision>;

// Decides and stores `action` by `actor` on the case `reference` (canonical form). `done` runs
// once on a store thread.
void ApplyCaseAction(const AppContext& ctx, const std::string& reference,
                     const domain::Actor& actor, const domain::Action& action,
                     std::function<void(ActionOutcome)> done);

// The staff view: the citizen view plus internal events, actors, assignee, clocks, and the
// citizen's identity unless the case is anonymous and the viewer may not see it.
nlohmann::json StaffView(const AppContext& ctx, const domain::CaseRecord& record,
                         const std::vector<domain::CaseEvent>& events, const domain::Actor& viewer);

// Citizen actions (reply, rate, reopen), shared by the JSON API (citizen_actions.cpp) and the
// tracking page's forms (web/track_pages.cpp): the name of the action's text field ("body",
// "comment" or "reason"), and the action built from already-typed input (`text` trimmed and
// limited to 10000 characters, required except for a rating; `score` 1..5 required for a rating).
// Returns the field errors; `action` is complete only when there are none.
const char* CitizenTextField(domain::ActionKind kind);
std::vector<http::FieldError> BuildCitizenAction(domain::ActionKind kind,
                                                 const std::optional<std::string>& text,
                                                 const std::optional<std::int64_t>& score,
                                                 domain::Action& action);

// Turns a refused decision or a failure into its problem response (404/403/409/422/503).
http::Response ActionProblem(const ActionOutcome& outcome, const std::string& request_id);

// The answer to a change of a case that was not found or not stored, shared by every change
// (actions, suggestion outcomes): 404; 503 with Retry-After when the write queue was full; 500
// (a fault, logged where it happened) otherwise. nullopt when it was found and stored.
std::optional<http::Response> ChangeFailureProblem(bool found, bool stored, bool overloaded,
                                                   const std::string& request_id);

}  // namespace tawasul::service
