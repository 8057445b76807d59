// The HTTP/1.1 server: Boost.Beast over Asio, one C++20 coroutine per connection.
//
// Shape (after Beast 1.74's http_server_coro and advanced_server examples):
//  * N threads run one io_context; each connection lives on its own strand, so a session's
//    code never runs concurrently with itself and needs no locks.
//  * A session reads one request, hands it to the router, waits for the handler's Reply (which
//    may come from another thread, e.g. the store's writer after its batch is durable), writes
//    the response and loops. Requests pipelined by the client wait in the read buffer, so at
//    most one request per connection is in flight: that is the pipelining limit.
//  * Limits: header bytes (431), body bytes (413, checked against Content-Length before reading
//    the body), a header timeout, a body timeout and a keep-alive idle timeout. Malformed
//    requests get 400 and the connection is closed.
//  * Shutdown (SIGTERM, SIGINT or Stop): stop accepting, cancel idle connections, let busy ones
//    finish their request (answered with Connection: close), then stop; a grace period bounds it.
//  * Every response carries X-Request-Id; every request produces one JSON access-log line and
//    one metrics observation.
//
// This is the only file that includes Beast or Asio (DEVELOPERS.md: compile them once).

#include "http/server.h"

#include <utility>  // must precede boost/asio/awaitable.hpp with g++ 12 and Boost 1.74

#include <atomic>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/problem.h"
#include "http/public_reads.h"

namespace tawasul::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

Method ToMethod(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

bool SafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

// Escapes a string for a JSON log line (paths may hold anything a client sent).
std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

// True for errors that mean the client sent a malformed message (answered 400), as opposed to
// a closed connection or a timeout (the connection just ends).
bool IsParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more;
}

// Copies the parsed message into the router's Request; false when its path is not a valid
// absolute path (bad percent-encoding, a NUL byte).
bool FillRequest(bhttp::request<bhttp::string_body>& breq, Request& request) {
  request.method = ToMethod(breq.method());
  request.target = std::string(breq.target());
  auto target = std::string_view(request.target);
  auto q = target.find('?');
  if (q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
  for (auto& f : breq) {
    request.headers.push_back({std::string(f.name_string()), std::string(f.value())});
  }
  if (auto rid = breq["X-Request-Id"]; SafeRequestId(std::string_view(rid.data(), rid.size()))) {
    request.request_id = std::string(rid);
  }
  request.body = std::move(breq.body());
  request.raw_path = std::string(target.substr(0, q));
  return PercentDecode(request.raw_path, request.path, false) &&
         request.path.find('\0') == std::string::npos && !request.path.empty() &&
         request.path.front() == '/';
}

// The answer to a request refused while reading it; the connection then closes.
Response EarlyProblem(int status, const std::string& request_id) {
  Response response = Problem(status,
                              status == 413   ? "body-too-large"
                              : status == 431 ? "header-too-large"
                              : status == 503 ? "overloaded"
                                              : "malformed",
                              "", "", request_id);
  if (status == 503) response.Set("Retry-After", "5");
  response.close = true;
  return response;
}

// Bodies at or under this size are not counted against body_bytes_in_flight: an upload attack
// must not crowd out ordinary JSON and form requests.
constexpr std::size_t kUncountedBody = 64 * 1024;

// A share of the body bytes in flight, returned when the request is over.
class BodyReservation {
 public:
  explicit BodyReservation(std::atomic<std::size_t>& pool) : pool_(pool) {}
  ~BodyReservation() { Release(); }
  BodyReservation(const BodyReservation&) = delete;
  BodyReservation& operator=(const BodyReservation&) = delete;
  // Takes `bytes` unless the pool would pass `cap`; false (taking nothing) then.
  bool Take(std::size_t bytes, std::size_t cap) {
    std::size_t now = pool_.load();
    do {
      if (now + bytes > cap) return false;
    } while (!pool_.compare_exchange_weak(now, now + bytes));
    held_ += bytes;
    return true;
  }
  void Release() {
    if (held_) pool_ -= held_;
    held_ = 0;
  }

 private:
  std::atomic<std::size_t>& pool_;
  std::size_t held_ = 0;
};

// One entry per open connection, so shutdown can find and cancel the idle ones.
struct Conn {
  beast::tcp_stream* stream = nullptr;
  bool busy = false;  // touched only on the connection's strand
};

}  // namespace

struct Server::Impl {
  ServerOptions opts;
  const Router& router;
  HttpMetrics& metrics;
  std::shared_ptr<spdlog::logger> access_log;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  asio::steady_timer drain_timer{ioc};
  std::atomic<bool> draining{false};
  std::atomic<int> active{0};
  std::atomic<std::size_t> body_bytes{0};  // reserved by requests reading large bodies
  std::mutex conns_mu;
  std::unordered_set<std::shared_ptr<Conn>> conns;
  std::unordered_map<std::string, std::size_t> per_peer;  // open connections by peer address
  std::string id_prefix;
  std::atomic<std::uint64_t> id_counter{0};
  std::chrono::steady_clock::time_point drain_deadline;

  Impl(ServerOptions o, const Router& r, HttpMetrics& m, std::shared_ptr<spdlog::logger> log)
      : opts(std::move(o)), router(r), metrics(m), access_log(std::move(log)) {
    unsigned char rnd[4];
    randombytes_buf(rnd, sizeof rnd);
    id_prefix = fmt::format("{:02x}{:02x}{:02x}{:02x}", rnd[0], rnd[1], rnd[2], rnd[3]);
    max_body_limit = opts.body_limit;
    for (const auto& r : opts.route_body_limits) max_body_limit = std::max(max_body_limit, r.limit);
  }

  // The largest body any route accepts (the parser's first limit).
  std::size_t max_body_limit = 0;
  // By route index: a GET route named in opts.public_reads (set by Run, once every route is in).
  std::vector<bool> public_route;
  bool IsPublicRoute(int index) const {
    return index >= 0 && static_cast<std::size_t>(index) < public_route.size() &&
           public_route[index];
  }
  // The body limit of a request: its route's (method and path, query ignored), else body_limit.
  std::size_t BodyLimitFor(bhttp::verb method, beast::string_view target) const {
    std::string_view t(target.data(), target.size());
    t = t.substr(0, t.find('?'));
    Method m = ToMethod(method);
    for (const auto& r : opts.route_body_limits) {
      if (r.method == m && r.path == t) return r.limit;
    }
    return opts.body_limit;
  }

  std::string NewRequestId() {
    return fmt::format("{}-{:x}", id_prefix, id_counter.fetch_add(1, std::memory_order_relaxed));
  }

  using Parser = bhttp::request_parser<bhttp::string_body>;

  asio::awaitable<void> AcceptLoop();
  // One connection: its requests in turn until it closes, times out, fails or the server drains.
  asio::awaitable<void> Session(tcp::socket socket);
  // Counts a connection in (and out of) the set shutdown cancels; null when `peer` already holds
  // its share of connections (max_connections_per_address).
  std::shared_ptr<Conn> Register(beast::tcp_stream& stream, const std::string& peer);
  void Unregister(const std::shared_ptr<Conn>& conn, const std::string& peer);
  // Waits for the first byte of a request (none buffered yet); false: the connection is over.
  asio::awaitable<bool> AwaitRequest(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                     bool first);
  // Reads one request's header and body: 0 for a request to dispatch, a status to answer at
  // once (431, 413, 400 with the connection closed), or no value when the connection is over
  // (closed, reset, timed out).
  asio::awaitable<std::optional<int>> ReadRequest(beast::tcp_stream& stream,
                                                  beast::flat_buffer& buffer, Parser& parser,
                                                  BodyReservation& reservation);
  asio::awaitable<Response> Dispatch(Request& request, int& route_index);
  void BeginDrain();
  void PollDrain();
  bhttp::response<bhttp::string_body> ToBeast(Response& r, unsigned version, bool keep_alive,
                                              bool head, const std::string& request_id);
  void Log(const Request& r, int route_index, int status, std::size_t bytes_out, double secs);
};

asio::awaitable<void> Server::Impl::AcceptLoop() {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(
        asio::make_strand(ioc), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (draining || ec == asio::error::operation_aborted) co_return;
      // Out of descriptors and the like: back off briefly instead of spinning.
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (static_cast<std::size_t>(active.load()) >= opts.max_connections) {
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, Session(std::move(socket)), asio::detached);
  }
}

bhttp::response<bhttp::string_body> Server::Impl::ToBeast(Response& r, unsigned version,
                                                          bool keep_alive, bool head,
                                                          const std::string& request_id) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  for (auto& f : r.headers) res.insert(f.name, f.value);
  for (auto& f : opts.default_headers) {
    if (r.Get(f.name).empty()) res.insert(f.name, f.value);
  }
  res.set(bhttp::field::server, "tawasul");
  res.set("X-Request-Id", request_id);
  res.keep_alive(keep_alive);
  std::size_t size = r.body.size();
  if (!head) res.body() = std::move(r.body);
  // RFC 9110: no Content-Length on a 204; a 304 has no body whatever it would have had.
  if (r.status != 204 && r.status != 304) res.content_length(size);
  return res;
}

void Server::Impl::Log(const Request& r, int route_index, int status, std::size_t bytes_out,
                       double secs) {
  metrics.Record(route_index, r.method, status, secs);
  if (!access_log) return;
  static constexpr const char* kMethods[] = {"GET",   "HEAD",   "POST",    "PUT",
                                             "PATCH", "DELETE", "OPTIONS", "OTHER"};
  access_log->info(
      R"({{"rid":"{}","method":"{}","path":"{}","route":"{}","status":{},"ms":{:.3f},"in":{},"out":{},"remote":"{}"}})",
      r.request_id, kMethods[static_cast<int>(r.method)], JsonEscape(r.path),
      route_index < 0 ? "" : JsonEscape(router.RouteName(route_index)), status, secs * 1000.0,
      r.body.size(), bytes_out, r.remote_address);
}

asio::awaitable<Response> Server::Impl::Dispatch(Request& request, int& route_index) {
  if (request.method == Method::kOptions) {
    // A CORS preflight: answered for the public reads only (the GET route of this path).
    Request probe;
    probe.path = request.path;
    probe.raw_path = request.raw_path;
    probe.method = Method::kGet;
    auto get = router.Find(probe);
    if (IsPublicRoute(get.route_index)) {
      route_index = get.route_index;
      co_return PublicPreflight();
    }
  }
  auto match = router.Find(request);
  route_index = match.route_index;
  if (!match.handler) {
    int status = match.path_known ? 405 : 404;
    co_return Problem(status, status == 405 ? "method-not-allowed" : "not-found", "", "",
                      request.request_id);
  }
  auto ex = co_await asio::this_coro::executor;
  Response response = co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
      [&](auto handler) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        // The tracked executor counts as outstanding work until the reply arrives, so the
        // io_context cannot run dry while a handler waits on the store.
        auto tracked = asio::prefer(ex, asio::execution::outstanding_work.tracked);
        Reply reply(
            [h, tracked](Response r) {
              asio::post(tracked, [h, r = std::move(r)]() mutable { (*h)(std::move(r)); });
            },
            request.request_id);
        // The request lives in this coroutine's frame, which waits for the reply.
        auto call = [handler = match.handler, &request, reply] {
          try {
            (*handler)(request, reply);
          } catch (const std::exception& e) {
            spdlog::error("request {} failed: {}", request.request_id, e.what());
            reply(Problem(500, "internal", "", "", request.request_id));
          }
        };
        if (!opts.offload || (opts.offload_only && !opts.offload_only(request))) {
          call();
        } else if (!opts.offload(call)) {
          reply(Problem(503, "overloaded", "", "", request.request_id));
        }
      },
      asio::use_awaitable);
  if (IsPublicRoute(route_index) &&
      (request.method == Method::kGet || request.method == Method::kHead)) {
    FinishPublicRead(request, response);
  }
  co_return response;
}

std::shared_ptr<Conn> Server::Impl::Register(beast::tcp_stream& stream, const std::string& peer) {
  auto conn = std::make_shared<Conn>();
  conn->stream = &stream;
  const bool capped = opts.max_connections_per_address > 0 && !opts.trusted_proxies.Contains(peer);
  {
    std::lock_guard lock(conns_mu);
    if (capped) {
      std::size_t& n = per_peer[peer];
      if (n >= opts.max_connections_per_address) return nullptr;
      ++n;
    }
    conns.insert(conn);
  }
  ++active;
  metrics.AddConnection(1);
  return conn;
}

void Server::Impl::Unregister(const std::shared_ptr<Conn>& conn, const std::string& peer) {
  {
    std::lock_guard lock(conns_mu);
    conns.erase(conn);
    if (auto it = per_peer.find(peer); it != per_peer.end() && --it->second == 0) {
      per_peer.erase(it);
    }
  }
  --active;
  metrics.AddConnection(-1);
}

asio::awaitable<bool> Server::Impl::AwaitRequest(beast::tcp_stream& stream,
                                                 beast::flat_buffer& buffer, bool first) {
  // Wait for the first byte of the next request under the idle timeout; the header itself
  // must then arrive within the header timeout (a slow client cannot hold a connection).
  if (buffer.size() != 0) co_return true;
  beast::error_code ec;
  stream.expires_after(first ? opts.header_timeout : opts.idle_timeout);
  std::size_t n = co_await stream.async_read_some(buffer.prepare(4096),
                                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return false;
  buffer.commit(n);
  co_return true;
}

asio::awaitable<std::optional<int>> Server::Impl::ReadRequest(beast::tcp_stream& stream,
                                                              beast::flat_buffer& buffer,
                                                              Parser& parser,
                                                              BodyReservation& reservation) {
  beast::error_code ec;
  parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
  // The parser checks Content-Length against its limit when the header completes, so it
  // starts with the largest limit of any route; the route's own limit is applied below, once
  // the request line is known (and to chunked bodies through the parser).
  parser.body_limit(max_body_limit);
  stream.expires_after(opts.header_timeout);
  co_await bhttp::async_read_header(stream, buffer, parser,
                                    asio::redirect_error(asio::use_awaitable, ec));
  if (ec == bhttp::error::header_limit) co_return 431;
  // Content-Length over the limit, refused before reading the body.
  if (ec == bhttp::error::body_limit) co_return 413;
  // A parse error is the client's fault (400); timeouts and resets just end the connection.
  if (ec) co_return IsParseError(ec) ? std::optional<int>(400) : std::nullopt;

  auto& h = parser.get();
  auto len = parser.content_length();
  std::size_t limit = BodyLimitFor(h.method(), h.target());
  parser.body_limit(limit);
  if (len && *len > limit) co_return 413;
  // The parser reserves a declared Content-Length at once, and a chunked body may grow to the
  // route's limit: either counts against the bytes in flight before a byte of it is read, so
  // many slow uploads cannot take the memory (issue 21: 40 stalled ones once took 1.2 GB).
  if (std::size_t want = len ? static_cast<std::size_t>(*len) : (parser.chunked() ? limit : 0);
      opts.body_bytes_in_flight > 0 && want > kUncountedBody &&
      !reservation.Take(want, opts.body_bytes_in_flight)) {
    co_return 503;
  }
  if (beast::iequals(h[bhttp::field::expect], "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    co_await asio::async_write(stream, asio::buffer(kContinue.data(), kContinue.size()),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return std::nullopt;
  }
  stream.expires_after(opts.body_timeout);
  co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec == bhttp::error::body_limit) co_return 413;
  if (ec) co_return IsParseError(ec) ? std::optional<int>(400) : std::nullopt;
  co_return 0;
}

asio::awaitable<void> Server::Impl::Session(tcp::socket socket) {
  beast::error_code ec;
  std::string remote;
  {
    auto ep = socket.remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }
  beast::tcp_stream stream(std::move(socket));
  auto conn = Register(stream, remote);
  if (!conn) {  // this address holds its share of connections: close at once, as when full
    stream.socket().close(ec);
    co_return;
  }

  beast::flat_buffer buffer;
  for (bool first = true;; first = false) {
    conn->busy = false;
    if (draining) break;
    if (!co_await AwaitRequest(stream, buffer, first)) break;
    conn->busy = true;
    auto started = std::chrono::steady_clock::now();
    Request request;
    request.remote_address = remote;
    request.request_id = NewRequestId();
    Parser parser;
    BodyReservation reservation(body_bytes);  // held until this request is answered
    std::optional<int> early_status = co_await ReadRequest(stream, buffer, parser, reservation);
    if (!early_status) break;

    auto& breq = parser.get();
    bool head = false;
    unsigned version = 11;
    int route_index = -1;
    Response response;
    if (*early_status != 0) {
      response = EarlyProblem(*early_status, request.request_id);
    } else {
      version = breq.version();
      head = breq.method() == bhttp::verb::head;
      if (!FillRequest(breq, request)) {
        response =
            Problem(400, "malformed", "", "The request path is not valid.", request.request_id);
      } else if (version == 11 && breq.find(bhttp::field::host) == breq.end()) {
        // RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without Host.
        response = Problem(400, "malformed", "", "An HTTP/1.1 request needs a Host header.",
                           request.request_id);
      } else {
        if (!opts.trusted_proxies.empty()) {
          auto xff = breq["X-Forwarded-For"];
          request.remote_address =
              opts.trusted_proxies.ClientAddress(remote, std::string_view(xff.data(), xff.size()));
        }
        response = co_await Dispatch(request, route_index);
      }
    }

    bool keep_alive = *early_status == 0 && breq.keep_alive() && !response.close && !draining;
    int status = response.status;
    auto res = ToBeast(response, version, keep_alive, head, request.request_id);
    std::size_t bytes_out = res.body().size();
    stream.expires_after(opts.body_timeout);
    co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Log(request, route_index, status, bytes_out, secs);
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  Unregister(conn, remote);
}

void Server::Impl::BeginDrain() {
  if (draining.exchange(true)) return;
  spdlog::info("shutting down: no new connections, finishing in-flight requests");
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  std::vector<std::weak_ptr<Conn>> snapshot;
  {
    std::lock_guard lock(conns_mu);
    for (auto& c : conns) snapshot.push_back(c);
  }
  for (auto& weak : snapshot) {
    auto c = weak.lock();
    if (!c) continue;
    // Run on the connection's strand: the session may only be touched from there.
    asio::post(c->stream->get_executor(), [weak] {
      if (auto c = weak.lock(); c && !c->busy) c->stream->cancel();
    });
  }
  drain_deadline = std::chrono::steady_clock::now() + opts.shutdown_grace;
  PollDrain();
}

void Server::Impl::PollDrain() {
  if (active.load() == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
    if (active.load() != 0)
      spdlog::warn("shutdown grace over; closing {} connections", active.load());
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](beast::error_code) { PollDrain(); });
}

Server::Server(ServerOptions options, const Router& router, HttpMetrics& metrics,
               std::shared_ptr<spdlog::logger> access_log)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics, std::move(access_log))) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

Server::~Server() = default;

void Server::Listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->opts.address, ec);
  if (ec) throw std::runtime_error("invalid listen address: " + impl_->opts.address);
  tcp::endpoint ep(address, impl_->opts.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", impl_->opts.address,
                                         impl_->opts.port, ec.message()));
  }
}

std::uint16_t Server::Port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::Run() {
  auto& im = *impl_;
  im.public_route.assign(im.router.RouteCount(), false);
  for (std::size_t i = 0; i < im.router.RouteCount(); ++i) {
    const int index = static_cast<int>(i);
    for (const auto& pattern : im.opts.public_reads) {
      if (im.router.RouteMethod(index) == Method::kGet && im.router.RouteName(index) == pattern) {
        im.public_route[i] = true;
      }
    }
  }
  im.signals.async_wait([&im](beast::error_code ec, int) {
    if (!ec) im.BeginDrain();
  });
  asio::co_spawn(im.acceptor.get_executor(), im.AcceptLoop(), asio::detached);
  std::vector<std::thread> threads;
  int n = std::max(1, im.opts.threads);
  threads.reserve(n - 1);
  for (int i = 1; i < n; ++i) threads.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  asio::post(impl_->ioc, [im = impl_.get()] { im->BeginDrain(); });
}

bool Server::Draining() const { return impl_->draining.load(); }

void Server::Post(std::function<void()> work) { asio::post(impl_->ioc, std::move(work)); }

}  // namespace tawasul::http
