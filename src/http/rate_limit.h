#pragma once
// A token-bucket rate limiter keyed by a string (a client address, an account). Sharded by key
// hash so concurrent callers rarely contend; buckets idle for long are swept lazily.

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tawasul::http {

class RateLimiter {
 public:
  // `per_minute` tokens refill per minute, up to `burst`. per_minute <= 0 disables the limiter.
  RateLimiter(double per_minute, double burst);
  // Takes a token for `key`; false when none is left. On false, *retry_after_seconds says when
  // one will be.
  bool Allow(const std::string& key, int* retry_after_seconds = nullptr);
  // Takes `cost` tokens at once (e.g. bytes); false, taking nothing, when fewer are left. A cost
  // above `burst` is never allowed.
  bool AllowCost(const std::string& key, double cost, int* retry_after_seconds = nullptr);
  // Reports whether `key` currently has a token, without taking it.
  bool WouldAllow(const std::string& key);
  // Reports whether `key` has `cost` tokens now, without taking them (on false, when it will).
  bool WouldAllowCost(const std::string& key, double cost, int* retry_after_seconds = nullptr);
  // Allow() at a given time instead of now (tests). Times may arrive out of order, as they do
  // from threads that read the clock before taking the shard's lock: a bucket never goes back in
  // time, and an earlier time refills nothing (it must not drain the bucket either).
  bool AllowAt(const std::string& key, std::chrono::steady_clock::time_point now,
               int* retry_after_seconds = nullptr);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
    std::chrono::steady_clock::time_point last_sweep;
  };
  bool Take(const std::string& key, double cost, bool consume, int* retry_after_seconds,
            std::chrono::steady_clock::time_point now);
  double rate_per_sec_;
  double burst_;
  std::array<Shard, 16> shards_;
};

}  // namespace tawasul::http
