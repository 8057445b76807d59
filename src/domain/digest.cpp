// The daily digest's rules (digest.h). "Due soon" ends at the close of the second working day
// after the receipt day of `now` (WorkingCalendar::DueAfterWorkingDays), the same way a due time
// of two working days would be counted for a case received now.

#include "domain/digest.h"

#include <nlohmann/json.hpp>

#include "domain/figures.h"

namespace tawasul::domain {

namespace {

std::int64_t LocalSecondOfDay(const WorkingCalendar& calendar, Instant now) {
  const std::int64_t local = now.time_since_epoch().count() + calendar.UtcOffsetSeconds(now);
  return ((local % 86400) + 86400) % 86400;
}

bool ClockRunning(CaseStatus s) {
  return s == CaseStatus::kReceived || s == CaseStatus::kInProgress;
}

}  // namespace

std::string DigestDate(const WorkingCalendar& calendar, Instant now) {
  return FormatDate(calendar.LocalDateOf(now));
}

bool DigestHourReached(const WorkingCalendar& calendar, Instant now, int hour) {
  if (hour < 0 || hour > 23) return false;
  return LocalSecondOfDay(calendar, now) >= static_cast<std::int64_t>(hour) * 3600;
}

DigestCounts CountDigest(const std::vector<DigestCase>& cases, const WorkingCalendar& calendar,
                         Instant now) {
  const LocalDate today = calendar.LocalDateOf(now);
  const LocalDate yesterday{std::chrono::sys_days(today) - std::chrono::days(1)};
  const Instant yesterday_start = calendar.ToInstant(yesterday, 0);
  const Instant today_start = calendar.ToInstant(today, 0);
  const Instant soon_by = calendar.DueAfterWorkingDays(now, kDigestDueSoonWorkingDays);
  DigestCounts n;
  for (const auto& c : cases) {
    if (c.submitted_at >= yesterday_start && c.submitted_at < today_start) ++n.new_yesterday;
    if (!IsOpenStatus(c.status)) continue;
    ++n.open;
    if (c.status == CaseStatus::kAwaitingCitizen) ++n.waiting;
    if (!ClockRunning(c.status) || c.due_at == kNeverDue) continue;
    if (c.due_at <= now) {
      ++n.past_due;
    } else if (c.due_at <= soon_by) {
      ++n.due_soon;
    }
  }
  return n;
}

bool DigestWorthSending(const DigestCounts& counts) {
  return counts.open > 0 || counts.new_yesterday > 0;
}

OutboxMessage DigestMessage(const std::string& entity, const std::string& date,
                            const DigestCounts& counts, Instant now) {
  const nlohmann::json payload = {{"entity", entity},
                                  {"digest_date", date},
                                  {"new_cases", counts.new_yesterday},
                                  {"open", counts.open},
                                  {"due_soon", counts.due_soon},
                                  {"past_due", counts.past_due},
                                  {"waiting", counts.waiting}};
  return StaffMessage(now, "digest", "role:supervisor@" + entity, payload.dump());
}

}  // namespace tawasul::domain
