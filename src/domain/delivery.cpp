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

std::optional<std::string_view> StatusAfterReport(std::string_view status,
                                                  ReportedOutcome outcome) {
  if (status != "sent" && status != "delivered" && status != "failed") return std::nullopt;
  return outcome == ReportedOutcome::kDelivered ? "delivered" : "failed";
}

std::string GatewayFailure(std::string_view reason) {
  std::string kept;
  for (char c : reason) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    kept += c;
  }
  constexpr std::size_t kMax = 120;
  if (kept.size() > kMax) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(kept[cut]) & 0xC0) == 0x80) --cut;
    kept.resize(cut);
  }
  return kept.empty() ? "gateway: failed" : "gateway: " + kept;
}

std::optional<std::int64_t> OutboxIdOfKey(std::string_view key) {
  constexpr std::string_view kPrefix = "tawasul-outbox-";
  if (!key.starts_with(kPrefix)) return std::nullopt;
  key.remove_prefix(kPrefix.size());
  if (key.empty() || key.size() > 18 || key.front() == '0') return std::nullopt;
  std::int64_t id = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

}  // namespace tawasul::domain
