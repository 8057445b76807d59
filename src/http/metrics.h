#pragma once
// Prometheus metrics for HTTP traffic: requests by route, method and status, and a latency
// histogram per route and method. Cardinality stays bounded: a route is its pattern (never the
// raw path) with the method it was registered for; requests that matched no route are counted
// under route "unmatched" by method, from the fixed set of http::Method (anything else is
// "OTHER"). Counters are atomics indexed by route and status, so recording a request takes no
// lock; rendering reads them without stopping traffic (values may be a few requests apart).

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/message.h"

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
  // `route_names[i]` names route i, registered for `route_methods[i]` (Router::RouteMethod);
  // extra slots, one per Method, count requests that matched no route.
  HttpMetrics(std::vector<std::string> route_names, std::vector<Method> route_methods);
  // `method` is the request's: it labels the request when it matched no route (index < 0).
  void Record(int route_index, Method method, int status, double seconds);
  void SetOpenConnections(std::int64_t n) { open_connections_ = n; }
  void AddConnection(int delta) { open_connections_ += delta; }
  void Render(std::string& out) const;

 private:
  struct PerRoute {
    std::array<std::atomic<std::uint64_t>, 500> by_status{};  // index status - 100
    std::unique_ptr<Histogram> latency;
  };
  std::vector<std::string> names_;   // routes, then "unmatched" once per Method
  std::vector<Method> methods_;      // of each slot of names_
  std::size_t unmatched_first_ = 0;  // the slot of unmatched Method::kGet
  std::unique_ptr<PerRoute[]> routes_;
  std::atomic<std::int64_t> open_connections_{0};
};

// Escapes a label value for the Prometheus text format.
std::string PromEscape(const std::string& s);

}  // namespace tawasul::http
