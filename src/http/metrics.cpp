// Prometheus text rendering (format 0.0.4). Histogram sums are kept in integer microseconds so
// that a plain atomic add suffices; rendered back in seconds.

#include "http/metrics.h"

#include <iterator>

#include <fmt/format.h>

namespace tawasul::http {

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void Histogram::Observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(value * 1e6), std::memory_order_relaxed);
}

void Histogram::Render(std::string& out, const std::string& name, const std::string& labels) const {
  std::string sep = labels.empty() ? "" : ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    std::string le = i < bounds_.size() ? fmt::format("{}", bounds_[i]) : "+Inf";
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, le, cumulative);
  }
  std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += fmt::format("{}_sum{} {}\n", name, braces,
                     static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6);
  out += fmt::format("{}_count{} {}\n", name, braces, count_.load(std::memory_order_relaxed));
}

std::string PromEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

namespace {
constexpr Method kAllMethods[] = {Method::kGet,     Method::kHead,  Method::kPost,
                                  Method::kPut,     Method::kPatch, Method::kDelete,
                                  Method::kOptions, Method::kOther};
constexpr std::size_t kMethodCount = std::size(kAllMethods);

const char* MethodLabel(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      break;
  }
  return "OTHER";
}
}  // namespace

HttpMetrics::HttpMetrics(std::vector<std::string> route_names, std::vector<Method> route_methods)
    : names_(std::move(route_names)), methods_(std::move(route_methods)) {
  methods_.resize(names_.size(), Method::kOther);
  unmatched_first_ = names_.size();
  for (Method m : kAllMethods) {
    names_.push_back("unmatched");
    methods_.push_back(m);
  }
  routes_.reset(new PerRoute[names_.size()]);
  for (std::size_t i = 0; i < names_.size(); ++i) {
    routes_[i].latency = std::make_unique<Histogram>(std::vector<double>{
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
  }
}

void HttpMetrics::Record(int route_index, Method method, int status, double seconds) {
  std::size_t i = static_cast<std::size_t>(route_index);
  if (route_index < 0 || i >= unmatched_first_) {
    auto m = static_cast<std::size_t>(method);
    i = unmatched_first_ + (m < kMethodCount ? m : kMethodCount - 1);
  }
  if (status >= 100 && status < 600) {
    routes_[i].by_status[status - 100].fetch_add(1, std::memory_order_relaxed);
  }
  routes_[i].latency->Observe(seconds);
}

void HttpMetrics::Render(std::string& out) const {
  out += "# HELP tawasul_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE tawasul_http_requests_total counter\n";
  for (std::size_t i = 0; i < names_.size(); ++i) {
    for (int s = 0; s < 500; ++s) {
      auto n = routes_[i].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += fmt::format(
          "tawasul_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
          PromEscape(names_[i]), MethodLabel(methods_[i]), s + 100, n);
    }
  }
  out += "# HELP tawasul_http_request_duration_seconds Time from request read to response ready.\n";
  out += "# TYPE tawasul_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < names_.size(); ++i) {
    routes_[i].latency->Render(
        out, "tawasul_http_request_duration_seconds",
        fmt::format("route=\"{}\",method=\"{}\"", PromEscape(names_[i]), MethodLabel(methods_[i])));
  }
  out += "# HELP tawasul_http_open_connections Connections currently open.\n";
  out += "# TYPE tawasul_http_open_connections gauge\n";
  out += fmt::format("tawasul_http_open_connections {}\n", open_connections_.load());
}

}  // namespace tawasul::http
