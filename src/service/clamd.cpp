// The clamd session; see clamd.h. The protocol (clamd(8), "INSTREAM"): the command
// "zINSTREAM\0", then chunks of <length: 4 bytes, network order><bytes>, then a zero length; the
// reply is "stream: OK\0", "stream: <name> FOUND\0" or "<reason> ERROR\0".

#include "service/clamd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace tawasul::service {

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kMaxReplyBytes = 4096;

std::error_code LastError() { return {errno, std::system_category()}; }
std::error_code Timeout() { return std::make_error_code(std::errc::timed_out); }
std::error_code BadReply() { return std::make_error_code(std::errc::bad_message); }

}  // namespace

std::optional<ClamdEndpoint> ClamdEndpoint::ParseAddress(std::string_view text) {
  std::string_view host, port;
  if (text.starts_with("[")) {
    auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.find(':');
    // An IPv6 literal must be bracketed: "::1:3310" has no one reading.
    if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos)
      return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
    return std::nullopt;
  unsigned char buf[sizeof(in6_addr)];
  const std::string h(host);
  if (inet_pton(AF_INET, h.c_str(), buf) != 1 && inet_pton(AF_INET6, h.c_str(), buf) != 1)
    return std::nullopt;
  ClamdEndpoint e;
  e.host = h;
  e.port = static_cast<std::uint16_t>(value);
  return e;
}

std::string ClamdEndpoint::Describe() const {
  if (!socket_path.empty()) return socket_path;
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

ClamdSession::ClamdSession(ClamdEndpoint endpoint, ClamdTimeouts timeouts)
    : endpoint_(std::move(endpoint)), timeouts_(timeouts) {}

ClamdSession::~ClamdSession() { Close(); }

void ClamdSession::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::error_code ClamdSession::WaitFor(short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Timeout();
    pollfd p{fd_, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 60000)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return LastError();
    if (n == 0) continue;  // the loop checks the deadline
    return {};             // ready, or an error/hang-up the next call reports
  }
}

std::error_code ClamdSession::Connect() {
  Close();
  sockaddr_storage addr{};
  socklen_t len = 0;
  int family = AF_UNIX;
  if (!endpoint_.socket_path.empty()) {
    auto* un = reinterpret_cast<sockaddr_un*>(&addr);
    if (endpoint_.socket_path.size() >= sizeof un->sun_path)
      return std::make_error_code(std::errc::filename_too_long);
    un->sun_family = AF_UNIX;
    std::memcpy(un->sun_path, endpoint_.socket_path.c_str(), endpoint_.socket_path.size() + 1);
    len = sizeof(sockaddr_un);
  } else {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
    if (inet_pton(AF_INET, endpoint_.host.c_str(), &v4->sin_addr) == 1) {
      family = v4->sin_family = AF_INET;
      v4->sin_port = htons(endpoint_.port);
      len = sizeof(sockaddr_in);
    } else if (inet_pton(AF_INET6, endpoint_.host.c_str(), &v6->sin6_addr) == 1) {
      family = v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(endpoint_.port);
      len = sizeof(sockaddr_in6);
    } else {
      return std::make_error_code(std::errc::invalid_argument);
    }
  }
  fd_ = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return LastError();
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0) return {};
  if (errno != EINPROGRESS && errno != EAGAIN) return LastError();
  if (auto ec = WaitFor(POLLOUT, Clock::now() + timeouts_.connect)) return ec;
  int error = 0;
  socklen_t error_len = sizeof error;
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &error_len) != 0) return LastError();
  if (error != 0) return {error, std::system_category()};
  return {};
}

std::error_code ClamdSession::SendAll(std::string_view bytes, Clock::time_point deadline) {
  while (!bytes.empty()) {
    // MSG_NOSIGNAL: a clamd that went away is an error code, not a SIGPIPE.
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (auto ec = WaitFor(POLLOUT, deadline)) return ec;
      continue;
    }
    return n < 0 ? LastError() : std::make_error_code(std::errc::connection_reset);
  }
  return {};
}

std::error_code ClamdSession::ReadReply(std::string& reply, Clock::time_point deadline) {
  reply.clear();
  char buf[512];
  for (;;) {
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      reply.append(buf, static_cast<std::size_t>(n));
      if (auto nul = reply.find('\0'); nul != std::string::npos) {
        reply.resize(nul);
        return {};
      }
      if (reply.size() > kMaxReplyBytes) return BadReply();
      continue;
    }
    if (n == 0)
      return reply.empty() ? std::make_error_code(std::errc::connection_reset) : BadReply();
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return LastError();
    if (auto ec = WaitFor(POLLIN, deadline)) return ec;
  }
}

std::error_code ClamdSession::Scan(std::string_view content, ClamdVerdict& verdict) {
  verdict = {};
  const auto deadline = Clock::now() + timeouts_.connect + timeouts_.scan;
  if (auto ec = Connect()) return ec;
  if (auto ec = SendAll(std::string_view("zINSTREAM\0", 10), deadline)) return ec;
  while (true) {
    const std::size_t n = std::min(content.size(), kChunkBytes);
    const std::uint32_t be = htonl(static_cast<std::uint32_t>(n));
    if (auto ec = SendAll(std::string_view(reinterpret_cast<const char*>(&be), 4), deadline))
      return ec;
    if (n == 0) break;  // the zero-length chunk ends the stream
    if (auto ec = SendAll(content.substr(0, n), deadline)) return ec;
    content.remove_prefix(n);
  }
  std::string reply;
  auto ec = ReadReply(reply, deadline);
  Close();
  if (ec) return ec;
  constexpr std::string_view kPrefix = "stream: ";
  if (!reply.starts_with(kPrefix)) return BadReply();
  std::string_view rest = std::string_view(reply).substr(kPrefix.size());
  if (rest == "OK") return {};
  constexpr std::string_view kFound = " FOUND";
  if (rest.size() > kFound.size() && rest.ends_with(kFound)) {
    verdict.infected = true;
    verdict.signature = std::string(rest.substr(0, rest.size() - kFound.size()));
    return {};
  }
  return BadReply();  // "... ERROR" (size limit, scan error) or anything unknown
}

std::error_code ClamdSession::Ping() {
  const auto deadline = Clock::now() + timeouts_.connect + timeouts_.scan;
  if (auto ec = Connect()) return ec;
  if (auto ec = SendAll(std::string_view("zPING\0", 6), deadline)) return ec;
  std::string reply;
  auto ec = ReadReply(reply, deadline);
  Close();
  if (ec) return ec;
  return reply == "PONG" ? std::error_code() : BadReply();
}

}  // namespace tawasul::service
