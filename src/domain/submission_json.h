#pragma once
// The JSON form of a submission (docs/api.md "POST /api/v1/cases") read into the typed
// SubmissionInput that domain::ValidateSubmission checks. Only the format is checked here: the
// body is an object; members are known ("descripton" must not silently drop a complaint's text);
// each has its JSON type (strings, a boolean `anonymous`, objects `contact` and `location`,
// numbers `location.lat`/`lon`). A null member counts as absent. What is found goes into
// input.format_errors, naming the member as the API does ("contact.email").

#include <nlohmann/json_fwd.hpp>

#include "domain/intake.h"

namespace tawasul::domain {

SubmissionInput SubmissionFromJson(const nlohmann::json& body);

}  // namespace tawasul::domain
