#pragma once
// The HTTP server. Its implementation is the only translation unit that includes Boost.Beast and
// Asio; everything else sees these plain types.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/client_address.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"

namespace spdlog {
class logger;
}

namespace tawasul::http {

// A body limit for one route (method and exact path, before any query), instead of body_limit.
struct RouteBodyLimit {
  Method method = Method::kPost;
  std::string path;
  std::size_t limit = 0;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (see Server::Port)
  int threads = 2;
  std::size_t header_limit = 16 * 1024;  // bytes of request line + headers
  std::size_t body_limit = 1024 * 1024;  // bytes of body (JSON and forms)
  // Bytes of large bodies (over 64 KiB) being read or handled at once, across all connections;
  // beyond, a new large request is answered 503 with Retry-After before its body is read. Bounds
  // the memory that slow uploads can hold (0: no cap).
  std::size_t body_bytes_in_flight = 128 * 1024 * 1024;
  std::vector<RouteBodyLimit> route_body_limits;  // larger (or smaller) limits for a few routes
  std::size_t max_connections = 10000;            // beyond: accepted and closed at once
  // Open connections one peer address may hold (0: no cap), so that one client cannot take
  // every slot; trusted proxies are not capped (they carry many clients).
  std::size_t max_connections_per_address = 0;
  // Peers whose X-Forwarded-For names the client (client_address.h); empty: none.
  TrustedProxies trusted_proxies;
  std::chrono::seconds header_timeout{10};  // to receive a whole request header
  std::chrono::seconds body_timeout{30};    // to receive the body
  std::chrono::seconds idle_timeout{60};    // keep-alive wait for the next request
  std::chrono::seconds shutdown_grace{15};  // in-flight work allowed after SIGTERM
  std::vector<Field> default_headers;       // added to every response unless already set
  // GET route patterns (as added to the router) of the public read-only answers: ETag and
  // If-None-Match -> 304, CORS for any origin and its preflight (http/public_reads.h).
  std::vector<std::string> public_reads;
  // When set, handlers are called through it (e.g. a pool of threads that may wait on a remote
  // database) instead of on the I/O thread; it returns false when it cannot take more work, and
  // the request is answered 503.
  std::function<bool(std::function<void()>)> offload;
  // When set, only the requests it accepts go through `offload`; the others run on the I/O
  // thread (on SQLite only uploads are offloaded: they write and fsync files).
  std::function<bool(const Request&)> offload_only;
};

class Server {
 public:
  // `router`, `metrics` and `access_log` must outlive the server. access_log may be null (off).
  Server(ServerOptions options, const Router& router, HttpMetrics& metrics,
         std::shared_ptr<spdlog::logger> access_log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::runtime_error naming the address when that fails.
  void Listen();
  // The bound port (useful with port 0). Valid after Listen.
  std::uint16_t Port() const;
  // Serves on `threads` threads until SIGTERM/SIGINT or Stop(), then stops accepting, lets
  // in-flight requests finish (up to shutdown_grace), closes idle connections and returns.
  void Run();
  // Begins the graceful shutdown from any thread.
  void Stop();
  // True once shutdown has begun (readiness reports 503 from then on).
  bool Draining() const;
  // Runs `work` on one of the I/O threads, from any thread: the store's completions hop here so
  // that rendering an answer never holds the store's single completion thread.
  void Post(std::function<void()> work);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tawasul::http
