// SmtpSender: one message, one SMTP session, over libcurl.
//
// Invariants:
//   - the message is built (BuildMime) before the connection opens and uploaded from memory; the
//     envelope is MAIL FROM:<address of config.from> and one RCPT TO per recipient;
//   - TLS: smtps:// is TLS from the start; smtp:// upgrades with STARTTLS when the server offers
//     it (CURLUSESSL_TRY) or must (CURLUSESSL_ALL with require_tls, else "starttls unavailable");
//   - the outcome follows the last SMTP reply code (CURLINFO_RESPONSE_CODE): 5xx permanent except
//     authentication (530, 534, 535, 538: the configuration is wrong, not the message, and a fixed
//     configuration should deliver it), 4xx temporary, no reply at all a transport failure
//     (temporary);
//   - the server's reply lines are read only for "queued as <id>" (provider_id), never logged.

#include <algorithm>
#include <cctype>

#include "notify/channel_support.h"
#include "notify/email.h"

namespace tawasul::notify {
namespace {

struct Upload {
  const std::string* data = nullptr;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::copy_n(upload->data->data() + upload->offset, n, buffer);
  upload->offset += n;
  return n;
}

// libcurl hands every server reply line of an SMTP session to the header callback.
std::size_t CollectReply(char* data, std::size_t size, std::size_t count, void* user) {
  auto* lines = static_cast<std::vector<std::string>*>(user);
  if (lines->size() < 64) lines->emplace_back(data, size * count);
  return size * count;
}

// "250 2.0.0 Ok: queued as 4F2A91C3" -> "4F2A91C3" (Postfix, aiosmtpd and most servers).
std::string QueuedId(const std::vector<std::string>& replies) {
  static constexpr std::string_view kMarker = "queued as ";
  for (auto it = replies.rbegin(); it != replies.rend(); ++it) {
    if (it->rfind("250", 0) != 0) continue;
    const auto at = it->find(kMarker);
    if (at == std::string::npos) continue;
    std::string id;
    for (char c : it->substr(at + kMarker.size())) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_' &&
          c != '@' && c != '<' && c != '>') {
        break;
      }
      if (c != '<' && c != '>') id += c;
    }
    return id.substr(0, 128);
  }
  return {};
}

bool IsAuthReply(long code) { return code == 530 || code == 534 || code == 535 || code == 538; }

SendResult Classify(CURLcode code, long reply, const std::vector<std::string>& replies) {
  if (code == CURLE_OK) return {SendOutcome::kSent, "smtp 250", QueuedId(replies)};
  const std::string smtp = "smtp " + std::to_string(reply);
  if (code == CURLE_LOGIN_DENIED || IsAuthReply(reply)) {
    return {SendOutcome::kTemporaryFailure, "smtp auth " + std::to_string(reply), {}};
  }
  if (reply >= 500 && reply < 600) return {SendOutcome::kPermanentFailure, smtp, {}};
  if (reply >= 400 && reply < 500) return {SendOutcome::kTemporaryFailure, smtp, {}};
  return internal::TransportFailure(code);
}

bool IsPlausibleAddress(const std::string& address) {
  const auto at = address.find('@');
  return at != std::string::npos && at > 0 && at + 1 < address.size() && address.rfind('@') == at &&
         address.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

}  // namespace

SmtpSender::SmtpSender(SmtpConfig config) : config_(std::move(config)) {}

SendResult SmtpSender::Send(const EmailMessage& message) {
  if (message.to.empty()) return {SendOutcome::kPermanentFailure, "no recipient", {}};
  internal::Slist recipients;
  for (const std::string& to : message.to) {
    const std::string address = MailboxAddress(to);
    if (!IsPlausibleAddress(address))
      return {SendOutcome::kPermanentFailure, "invalid address", {}};
    if (!internal::SlistAppend(recipients, "<" + address + ">")) {
      return internal::TransportFailure(CURLE_OUT_OF_MEMORY);
    }
  }
  const std::string from = MailboxAddress(config_.from);
  if (!IsPlausibleAddress(from)) return {SendOutcome::kTemporaryFailure, "invalid mail-from", {}};

  internal::EasyHandle handle = internal::NewEasyHandle();
  if (!handle) return internal::TransportFailure(CURLE_FAILED_INIT);
  CURL* h = handle.get();
  const std::string mime = BuildMime(config_, message, std::chrono::system_clock::now());
  Upload upload{&mime, 0};
  std::vector<std::string> replies;
  const std::string envelope_from = "<" + from + ">";

  internal::SetCommonOptions(h, config_.timeout_seconds, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_URL, config_.url.c_str());
  if (!config_.username.empty()) curl_easy_setopt(h, CURLOPT_USERNAME, config_.username.c_str());
  if (!config_.password.empty()) curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   static_cast<long>(config_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, envelope_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, CollectReply);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &replies);

  const CURLcode code = curl_easy_perform(h);
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  return Classify(code, reply, replies);
}

}  // namespace tawasul::notify
