#pragma once
// The suggestion-outcome blocks of the staff case page and the tracking page, and the public page
// /suggestions (suggestion_pages.cpp).

#include <string>
#include <vector>

#include "domain/case.h"
#include "http/problem.h"
#include "http/router.h"
#include "web/page_util.h"

namespace tawasul::web {

// What a POST of the outcome form brings back to the staff case page.
struct OutcomePosted {
  Form form;                             // the fields as typed (empty on a plain GET)
  std::vector<http::FieldError> errors;  // each names its field
  std::string done;                      // "1" after a recording (?outcome=done)
};

// Sets "suggestion" on the staff case page's data for a suggestion: the outcome so far and, for
// the agents and supervisors of its entity, the form of the stages that may follow.
void SetStaffOutcome(domain::Language l, const service::Principal& who, const domain::CaseRecord& r,
                     const std::vector<domain::CaseEvent>& events, const OutcomePosted& posted,
                     kainjow::mustache::data& d);

// Sets "suggestion" on the tracking page's data for a suggestion: the stage, progress, milestones.
void SetTrackOutcome(domain::Language l, const domain::CaseRecord& r,
                     const std::vector<domain::CaseEvent>& events, kainjow::mustache::data& d);

}  // namespace tawasul::web
