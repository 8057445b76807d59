#include "service/admin_log.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "domain/time.h"

namespace tawasul::service {

using nlohmann::json;

namespace {

json TargetJson(const domain::Target& t) {
  return {{"unit", domain::TargetUnitName(t.unit)},
          {"amount", t.amount},
          {"text", domain::FormatTarget(t)}};
}

}  // namespace

json RuleJson(const domain::TargetRule& r) {
  return {{"entity", r.entity},
          {"type", r.type},
          {"category", r.category},
          {"first_response", TargetJson(r.first_response)},
          {"resolution", TargetJson(r.resolution)}};
}

json HolidayJson(const domain::Holiday& h) {
  return {{"start_date", domain::FormatDate(h.start)},
          {"end_date", domain::FormatDate(h.end)},
          {"kind", domain::HolidayKindName(h.kind)},
          {"status", domain::HolidayStatusName(h.status)},
          {"name_en", h.name_en},
          {"name_ar", h.name_ar},
          {"note", h.note}};
}

void RecordAdminChange(const AppContext& ctx, const domain::Actor& by, const std::string& area,
                       const std::string& action, const std::string& subject,
                       const nlohmann::json& detail) {
  store::AdminChange change;
  change.at = domain::Now();
  change.actor = "user:" + std::to_string(by.user_id);
  change.area = area;
  change.action = action;
  change.subject = subject;
  change.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  try {
    ctx.store.RecordAdminChange(change);
  } catch (const std::exception& e) {
    spdlog::error("administration log: could not record {} {} {} by {}: {}", area, action, subject,
                  change.actor, e.what());
  }
}

}  // namespace tawasul::service
