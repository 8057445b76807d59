#pragma once
// The administration log (/admin/changes): every change an administrator makes outside case
// histories is recorded after it is stored and before the administrator is answered. Recording
// is one more write of its own (not the change's transaction): a failure to record is logged as
// an error and does not undo the change, which is already in force.

#include <string>

#include <nlohmann/json.hpp>

#include "domain/calendar.h"
#include "domain/lifecycle.h"
#include "domain/sla.h"
#include "service/context.h"

namespace tawasul::service {

// The JSON of an SLA target rule and of a holiday (GET /api/v1/admin/... and the log's detail).
nlohmann::json RuleJson(const domain::TargetRule& r);
nlohmann::json HolidayJson(const domain::Holiday& h);

// Records that `by` made a change of `action` ("add", "change", "delete") in `area` to
// `subject`; `detail` is what it now is (or what was added and removed). Never pass secrets.
void RecordAdminChange(const AppContext& ctx, const domain::Actor& by, const std::string& area,
                       const std::string& action, const std::string& subject,
                       const nlohmann::json& detail);

}  // namespace tawasul::service
