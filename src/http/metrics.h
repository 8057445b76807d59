#pragma once
// Prometheus metrics for HTTP traffic: requests by route and status, and a latency histogram
// per route. Counters are atomics indexed by route and status, so recording a request takes no
// lock; rendering reads them without stopping traffic (values may be a few requests apart).

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tawasul::http {

// A fixed-bucket histogram whose Observe is lock-free.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  // Appends the Prometheus lines for this histogram, labels like `route="/x"` (may be empty).
  void Render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_.size() + 1 (the +Inf bucket)
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

class HttpMetrics {
 public:
  // `route_names[i]` names route i; one extra slot counts requests that matched no route.
  explicit HttpMetrics(std::vector<std::string> route_names);
  void Record(int route_index, int status, double seconds);
  void SetOpenConnections(std::int64_t n) { open_connections_ = n; }
  void AddConnection(int delta) { open_connections_ += delta; }
  void Render(std::string& out) const;

 private:
  struct PerRoute {
    std::array<std::atomic<std::uint64_t>, 500> by_status{};  // index status - 100
    std::unique_ptr<Histogram> latency;
  };
  std::vector<std::string> names_;
  std::unique_ptr<PerRoute[]> routes_;
  std::atomic<std::int64_t> open_connections_{0};
};

// Escapes a label value for the Prometheus text format.
std::string PromEscape(const std::string& s);

}  // namespace tawasul::http
