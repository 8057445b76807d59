#pragma once

#include <string>
#include <vector>

#include "notify/send_result.h"

namespace tawasul::notify {

// An SMS gateway reached over HTTP, described by a URL and a template file (--sms-gateway-url,
// --sms-gateway-template). The file: optional header lines ("Content-Type: application/json",
// "Authorization: Bearer ..."), a blank line, then the body; placeholders {{to}}, {{text}} and
// {{id}} (the idempotency key) may appear in the body, the header values and the URL. Values are
// escaped for where they land: JSON-string-escaped in a JSON body (the placeholder sits inside
// the quotes), URL-encoded in a form body and in the URL, XML-escaped in an XML body, with CR and
// LF removed in a header. docs/notifications.md has examples.
struct SmsGatewayConfig {
  std::string url;
  std::string method = "POST";  // GET sends no body
  std::string body_template;
  std::vector<std::string> headers;  // "Name: value" lines, without Content-Type
  std::string content_type;          // from the file, else guessed: JSON if the body is {...}
  int timeout_seconds = 10;
};

// Parses and checks the gateway's URL and template file text. On error returns a default config
// and names the problem in `error`: a URL that is not http(s) with a host, a malformed header
// line (by its line number), an unknown or unterminated placeholder (by its name), or a template
// that never uses {{to}} or {{text}}. `error` is empty on success.
SmsGatewayConfig LoadSmsGatewayConfig(const std::string& url, const std::string& template_file_text,
                                      std::string& error);

// Sends through the gateway, one HTTP request per Send, safe from several threads. A number that
// is not E.164 ("+" and 7 to 15 digits) fails permanently without a request. 2xx sent
// (provider_id from a JSON answer's "id" or "message_id"); 408, 429, 5xx, time-outs and
// connection failures temporary; any other 4xx permanent.
class SmsSender {
 public:
  explicit SmsSender(SmsGatewayConfig config);
  SendResult Send(const std::string& to_e164, const std::string& text,
                  const std::string& idempotency_key);

 private:
  SmsGatewayConfig config_;
};

}  // namespace tawasul::notify
