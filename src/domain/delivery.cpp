// Retry, give-up and quiet-hour rules of the delivery queue (delivery.h).

#include "domain/delivery.h"

#include <algorithm>
#include <cmath>

namespace tawasul::domain {

Instant NextAttempt(const RetryPolicy& policy, int attempts, Instant now, double unit) {
  const int doublings = std::clamp(attempts - 1, 0, 30);
  double wait = static_cast<double>(policy.first.count()) * std::ldexp(1.0, doublings);
  wait = std::min(wait, static_cast<double>(policy.max.count()));
  wait *= 0.8 + 0.4 * std::clamp(unit, 0.0, 1.0);
  return now + std::chrono::seconds(std::max<std::int64_t>(1, std::llround(wait)));
}

bool ShouldGiveUp(const RetryPolicy& policy, Instant created_at, Instant now) {
  return now - created_at >= policy.give_up;
}

Instant OutsideQuietHours(const QuietHours& quiet, Instant t) {
  if (quiet.start_minute == quiet.end_minute) return t;
  const std::int64_t local = t.time_since_epoch().count() + quiet.utc_offset_seconds;
  const std::int64_t day = 24 * 3600;
  const std::int64_t second_of_day = ((local % day) + day) % day;
  const std::int64_t start = quiet.start_minute * 60LL;
  const std::int64_t end = quiet.end_minute * 60LL;
  std::int64_t wait = 0;
  if (start < end) {
    if (second_of_day >= start && second_of_day < end) wait = end - second_of_day;
  } else if (second_of_day >= start) {
    wait = day - second_of_day + end;
  } else if (second_of_day < end) {
    wait = end - second_of_day;
  }
  return t + std::chrono::seconds(wait);
}

}  // namespace tawasul::domain
