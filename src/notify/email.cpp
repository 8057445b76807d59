// Email: the message as bytes (BuildMime, pure) and its delivery over SMTP (SmtpSender, libcurl).
//
// Invariants of BuildMime:
//   - every line ends in CRLF and no header value holds a CR, LF or NUL: a subject, a name or an
//     address taken from a case can never start a header of its own (header injection);
//   - the headers are 7-bit: a subject or display name that is not plain printable ASCII becomes
//     RFC 2047 encoded-words (UTF-8, base64), each at most 64 characters and cut only between
//     whole UTF-8 characters, folded one per line;
//   - bodies are base64 (lines of 76), so no content line can be taken for a MIME boundary, an
//     SMTP end of data (".") or be too long, whatever the text holds; the boundary starts with
//     "=_", which base64 never produces;
//   - the output depends only on the arguments: the boundary and a missing Message-ID are
//     derived from them (BLAKE2b), so a retried message is the same message, with the same
//     Message-ID the recipient's mail system can deduplicate on.
// SmtpSender opens one connection per Send and logs nothing: recipients and bodies are personal
// data. Its classification is in email.h and docs/notifications.md.

#include "notify/email.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "domain/html_escape.h"
#include "notify/channel_support.h"

namespace tawasul::notify {
namespace {

using internal::StripLineBreaks;

constexpr std::size_t kBase64LineLength = 76;
constexpr std::size_t kEncodedWordBytes = 39;  // 52 base64 characters + 12 = 64: with
// "Subject: " in front, 73 (RFC 5322 asks for lines of 78 at most, RFC 2047 words of 75)
constexpr std::size_t kPlainSubjectMax = 69;  // "Subject: " + 69 = 78 characters

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += kBase64LineLength) {
    out += encoded.substr(i, kBase64LineLength);
    out += "\r\n";
  }
  return out;
}

std::string HexHash(std::string_view input, std::size_t bytes) {
  std::array<unsigned char, 32> hash{};
  crypto_generichash(hash.data(), bytes, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), nullptr, 0);
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), bytes);
  hex.pop_back();
  return hex;
}

bool IsPlainAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

// RFC 2047 encoded-words, folded: "=?UTF-8?B?...?=\r\n =?UTF-8?B?...?=".
std::string EncodedWords(std::string_view utf8) {
  std::string out;
  std::size_t start = 0;
  while (start < utf8.size()) {
    std::size_t end = std::min(utf8.size(), start + kEncodedWordBytes);
    // Back off continuation bytes (10xxxxxx) so that no character is cut in two.
    while (end < utf8.size() && end > start + 1 &&
           (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(utf8.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string HeaderText(const std::string& value, std::size_t plain_max) {
  const std::string clean = StripLineBreaks(value);
  if (IsPlainAscii(clean) && clean.size() <= plain_max) return clean;
  return EncodedWords(clean);
}

// "Name <address>": the display name encoded or quoted as it needs.
std::string FromHeader(const std::string& from) {
  const std::string clean = StripLineBreaks(from);
  const std::string address = MailboxAddress(clean);
  const auto open = clean.find('<');
  std::string name = open == std::string::npos ? "" : clean.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(0, 1);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  if (name.empty()) return address;
  if (!IsPlainAscii(name)) return EncodedWords(name) + " <" + address + ">";
  if (name.find_first_of("()<>[]:;@\\,.\"") == std::string::npos) {
    return name + " <" + address + ">";
  }
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + address + ">";
}

std::string DomainOf(const std::string& address) {
  const auto at = address.rfind('@');
  std::string domain;
  if (at != std::string::npos) {
    for (char c : address.substr(at + 1)) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') domain += c;
    }
  }
  return domain.empty() ? "tawasul.invalid" : domain;
}

// A dot-atom for the left part of a Message-ID: letters, digits and ".-_+=" kept, anything else
// a '-', no leading, trailing or doubled dot.
std::string IdLeft(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                      c == '+' || c == '=' || c == '.';
    const bool bad_dot = c == '.' && (out.empty() || out.back() == '.');
    out += keep && !bad_dot ? c : '-';
  }
  if (!out.empty() && out.back() == '.') out.back() = '-';
  return out;
}

std::string DateHeader(std::chrono::system_clock::time_point date) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = std::chrono::system_clock::to_time_t(date);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buffer;
}

// The HTML part as a document whose root carries the language and direction: a fragment is
// wrapped; a whole document keeps its own dir when it has one, else gets ours on <html>.
std::string HtmlDocument(const EmailMessage& message) {
  std::string lang;
  for (char c : message.language) {
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '-') lang += c;
  }
  const char* dir = lang == "ar" ? "rtl" : "ltr";
  std::string attributes = std::string(" dir=\"") + dir + "\"";
  if (!lang.empty()) attributes = " lang=\"" + lang + "\"" + attributes;

  std::string lower = message.html;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto tag = lower.find("<html");
  if (tag == std::string::npos) {
    return "<!DOCTYPE html>\r\n<html" + attributes + ">\r\n<head><meta charset=\"utf-8\"><title>" +
           domain::HtmlEscape(message.subject) + "</title></head>\r\n<body" + attributes + ">\r\n" +
           message.html + "\r\n</body>\r\n</html>\r\n";
  }
  const auto tag_end = lower.find('>', tag);
  if (lower.substr(tag, tag_end - tag).find(" dir=") != std::string::npos) return message.html;
  std::string html = message.html;
  html.insert(tag + 5, attributes);
  return html;
}

std::string PartHeaders(const char* type) {
  return std::string("Content-Type: ") + type +
         "; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
}

std::string ToHeader(const std::vector<std::string>& to) {
  std::string out;
  for (const std::string& address : to) {
    if (!out.empty()) out += ",\r\n ";
    out += MailboxAddress(address);
  }
  return out;
}

std::string Headers(const SmtpConfig& config, const EmailMessage& message,
                    const std::string& message_id, std::chrono::system_clock::time_point date) {
  std::string h;
  h += "Date: " + DateHeader(date) + "\r\n";
  h += "From: " + FromHeader(config.from) + "\r\n";
  h += "To: " + ToHeader(message.to) + "\r\n";
  h += "Subject: " + HeaderText(message.subject, kPlainSubjectMax) + "\r\n";
  h += "Message-ID: " + message_id + "\r\n";
  h += "MIME-Version: 1.0\r\n";
  const std::string language = IdLeft(message.language);
  if (!language.empty()) h += "Content-Language: " + language + "\r\n";
  // RFC 3834: no out-of-office replies or bounces to autoresponders from a notification.
  h += "Auto-Submitted: auto-generated\r\n";
  if (!message.unsubscribe_url.empty()) {
    std::string url = StripLineBreaks(message.unsubscribe_url);
    std::erase_if(url, [](char c) { return c == '<' || c == '>' || c == ' '; });
    h += "List-Unsubscribe: <" + url + ">\r\n";
    h += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  if (!message.idempotency_key.empty()) {
    h += "X-Tawasul-Idempotency-Key: " + HeaderText(message.idempotency_key, 900) + "\r\n";
  }
  return h;
}

}  // namespace

std::string MailboxAddress(const std::string& mailbox) {
  std::string clean = StripLineBreaks(mailbox);
  const auto open = clean.rfind('<');
  if (open != std::string::npos) {
    const auto close = clean.find('>', open);
    clean =
        clean.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
  }
  std::erase_if(clean, [](char c) { return c == ' ' || c == '\t' || c == '<' || c == '>'; });
  return clean;
}

std::string BuildMime(const SmtpConfig& config, const EmailMessage& message,
                      std::chrono::system_clock::time_point date) {
  internal::EnsureSodium();
  std::string left = IdLeft(message.message_id);
  if (left.empty()) {
    const std::string seed = message.idempotency_key.empty()
                                 ? message.subject + '\0' + message.text + '\0' + message.html
                                 : message.idempotency_key;
    left = "tawasul." + HexHash(seed, 16);
  }
  const std::string message_id = "<" + left + "@" + DomainOf(MailboxAddress(config.from)) + ">";
  std::string mime = Headers(config, message, message_id, date);

  if (message.html.empty()) {
    return mime + PartHeaders("text/plain") + Base64Lines(message.text);
  }
  const std::string boundary = "=_tawasul_" + HexHash(message_id + DateHeader(date), 12);
  mime += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  mime += "This is a multi-part message in MIME format.\r\n";
  mime += "--" + boundary + "\r\n" + PartHeaders("text/plain") + Base64Lines(message.text);
  mime += "--" + boundary + "\r\n" + PartHeaders("text/html") + Base64Lines(HtmlDocument(message));
  mime += "--" + boundary + "--\r\n";
  return mime;
}

bool ReadSecretFile(const std::string& path, std::string& secret, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.empty()) {
    error = path + " holds no secret on its first line";
    return false;
  }
  secret = std::move(line);
  return true;
}

}  // namespace tawasul::notify
