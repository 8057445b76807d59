// Token buckets. Refill is computed on access (no timer thread). A shard is swept of buckets
// that have been full for a while at most once a minute, which bounds memory under a spray of
// distinct keys to roughly the keys seen in the last few minutes.

#include "http/rate_limit.h"

#include <cmath>
#include <functional>

namespace tawasul::http {

RateLimiter::RateLimiter(double per_minute, double burst)
    : rate_per_sec_(per_minute / 60.0), burst_(burst) {}

using Clock = std::chrono::steady_clock;

bool RateLimiter::Allow(const std::string& key, int* retry_after_seconds) {
  return Take(key, 1.0, true, retry_after_seconds, Clock::now());
}

bool RateLimiter::AllowCost(const std::string& key, double cost, int* retry_after_seconds) {
  return Take(key, cost, true, retry_after_seconds, Clock::now());
}

bool RateLimiter::WouldAllow(const std::string& key) {
  return Take(key, 1.0, false, nullptr, Clock::now());
}

bool RateLimiter::WouldAllowCost(const std::string& key, double cost, int* retry_after_seconds) {
  return Take(key, cost, false, retry_after_seconds, Clock::now());
}

bool RateLimiter::AllowAt(const std::string& key, Clock::time_point now, int* retry_after_seconds) {
  return Take(key, 1.0, true, retry_after_seconds, now);
}

bool RateLimiter::Take(const std::string& key, double cost, bool consume, int* retry_after_seconds,
                       Clock::time_point now) {
  if (rate_per_sec_ <= 0) return true;
  Shard& shard = shards_[std::hash<std::string>{}(key) % shards_.size()];
  std::lock_guard lock(shard.mu);
  if (now - shard.last_sweep > std::chrono::minutes(1)) {
    for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
      double elapsed = std::chrono::duration<double>(now - it->second.at).count();
      if (it->second.tokens + elapsed * rate_per_sec_ >= burst_) {
        it = shard.buckets.erase(it);
      } else {
        ++it;
      }
    }
    shard.last_sweep = now;
  }
  auto [it, inserted] = shard.buckets.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  // `now` was read before the lock, so another thread may have stamped the bucket later than it:
  // such a time refills nothing and leaves the stamp alone. (Once, a negative elapsed time times
  // a high rate drained the bucket far below zero, refusing every caller for milliseconds.)
  if (now > b.at) {
    double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_per_sec_);
    b.at = now;
  }
  if (b.tokens >= cost) {
    if (consume) b.tokens -= cost;
    return true;
  }
  if (retry_after_seconds) {
    *retry_after_seconds = static_cast<int>(std::ceil((cost - b.tokens) / rate_per_sec_));
  }
  return false;
}

}  // namespace tawasul::http
