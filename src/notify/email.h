#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "notify/send_result.h"

namespace tawasul::notify {

struct SmtpConfig {
  // smtp://host:port (STARTTLS as below) or smtps://host:port (TLS from the first byte);
  // "user:password@" may be in the URL (percent-encoded), or set apart below.
  std::string url;
  std::string username;
  std::string password;  // or read from --smtp-password-file with ReadSecretFile
  // The sender: "noreply@example.gov" or "Tawasul <noreply@example.gov>"; its address is the
  // envelope's MAIL FROM and its domain the right part of every Message-ID.
  std::string from;
  bool require_tls = false;  // STARTTLS required (CURLUSESSL_ALL) or opportunistic (TRY)
  int timeout_seconds = 20;
};

struct EmailMessage {
  std::vector<std::string> to;  // addresses only
  std::string subject;
  std::string text;
  std::string html;      // optional; when set the message is multipart/alternative
  std::string language;  // "ar" or "en": the HTML gets <html lang=".." dir="rtl|ltr">
  // The id's left part, stable across retries (e.g. "outbox-42.7f3a"); "@<domain of from>" is
  // added. Empty: one is derived from the idempotency key (or, without one, from the content).
  std::string message_id;
  std::string unsubscribe_url;  // set: List-Unsubscribe and List-Unsubscribe-Post (RFC 8058)
  std::string idempotency_key;  // sent as X-Tawasul-Idempotency-Key
};

// The full RFC 5322 message, CRLF line ends, headers then body: Date, From, To, Subject (RFC 2047
// UTF-8 base64 encoded-words when not plain ASCII), Message-ID, MIME-Version, Content-Language,
// Auto-Submitted, the unsubscribe headers, X-Tawasul-Idempotency-Key; the text part alone or
// multipart/alternative (text, then HTML), each part UTF-8 in base64 lines of 76. Pure: the
// same arguments give the same bytes (the boundary is derived, not random). Header values lose
// their CR and LF, so no value can add a header.
std::string BuildMime(const SmtpConfig& config, const EmailMessage& message,
                      std::chrono::system_clock::time_point date);

// The address inside "Name <address>" (or the whole value, trimmed), without CR/LF.
std::string MailboxAddress(const std::string& mailbox);

// Sends over SMTP with libcurl, one connection per Send; safe to call from several threads.
// Connection failures, time-outs, SMTP 4xx and authentication failures (a configuration problem,
// not the message's) are temporary; other SMTP 5xx (550 recipient rejected) permanent. With
// several recipients one rejection fails the whole message.
class SmtpSender {
 public:
  explicit SmtpSender(SmtpConfig config);
  SendResult Send(const EmailMessage& message);

 private:
  SmtpConfig config_;
};

// Reads a secret (a password) from a file: the first line, without its line end. False with a
// reason in `error` (no secret in it) when the file cannot be read or is empty.
bool ReadSecretFile(const std::string& path, std::string& secret, std::string& error);

}  // namespace tawasul::notify
