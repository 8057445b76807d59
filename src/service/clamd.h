#pragma once
// A client of ClamAV's daemon, clamd (docs/operations.md "Malware scanning"): one session is one
// connection that streams one file with the INSTREAM command and reads the one-line verdict.
//
// Invariants:
// - Every step has a deadline: connecting within `connect_timeout`, and the whole exchange
//   (sending every chunk and reading the verdict) within `scan_timeout`. The socket is
//   non-blocking and each wait is a poll() bounded by what is left of the deadline, so a clamd
//   that stops reading or never answers costs at most the timeout, never a thread forever.
// - I/O failures come back as std::error_code (never exceptions): the caller refuses the upload
//   with 503 on any of them. Only "stream: OK" is clean; "<signature> FOUND" is infected;
//   anything else (an ERROR line such as the size limit, a closed connection, a garbled answer)
//   is an error, so a file is never taken as clean because the answer was not understood.
// - Nothing here logs, and the file's content never leaves this class except to clamd.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace tawasul::service {

// Where clamd listens: a Unix socket path, or a TCP host (an IP address) and port.
struct ClamdEndpoint {
  std::string socket_path;  // set: LocalSocket
  std::string host;         // else TCP (TCPAddr/TCPSocket), an IPv4 or IPv6 literal
  std::uint16_t port = 0;

  // "host:port" or "[v6]:port" (an IP literal; no name look-up); nullopt when malformed.
  static std::optional<ClamdEndpoint> ParseAddress(std::string_view text);
  // For the startup log: the socket path or "host:port" (no secret in either).
  std::string Describe() const;
};

struct ClamdTimeouts {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds scan{30000};
};

struct ClamdVerdict {
  bool infected = false;
  std::string signature;  // the signature's name when infected
};

class ClamdSession {
 public:
  ClamdSession(ClamdEndpoint endpoint, ClamdTimeouts timeouts);
  ~ClamdSession();
  ClamdSession(const ClamdSession&) = delete;
  ClamdSession& operator=(const ClamdSession&) = delete;

  // Connects and streams `content` (INSTREAM, 64 KiB chunks); fills `verdict` on success.
  std::error_code Scan(std::string_view content, ClamdVerdict& verdict);
  // Connects and sends PING; success when clamd answers PONG (the startup check).
  std::error_code Ping();

 private:
  using Clock = std::chrono::steady_clock;
  std::error_code Connect();
  std::error_code WaitFor(short events, Clock::time_point deadline);
  std::error_code SendAll(std::string_view bytes, Clock::time_point deadline);
  // Reads up to the NUL that ends a reply ("z" commands), at most 4 KiB.
  std::error_code ReadReply(std::string& reply, Clock::time_point deadline);
  void Close();

  ClamdEndpoint endpoint_;
  ClamdTimeouts timeouts_;
  int fd_ = -1;
};

}  // namespace tawasul::service
