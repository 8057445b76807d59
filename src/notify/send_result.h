#pragma once

#include <string>

namespace tawasul::notify {

// What one delivery attempt came to, as the outbox needs it: sent, worth retrying later, or not
// worth retrying (the same message would fail again: a rejected recipient, an invalid number, a
// webhook that is gone). The table is in docs/notifications.md ("Channels").
enum class SendOutcome { kSent, kTemporaryFailure, kPermanentFailure };

struct SendResult {
  SendOutcome outcome = SendOutcome::kTemporaryFailure;
  // Short and free of personal data, fit for logs and the admin page: "smtp 550", "http 503",
  // "timeout", "connect refused", "invalid number".
  std::string detail;
  // The gateway's own id for the message when it gives one ("queued as ..." from an SMTP server,
  // "id" or "message_id" from an SMS gateway's JSON answer); empty otherwise.
  std::string provider_id;
};

// "sent", "temporary failure", "permanent failure": for logs and tests.
const char* OutcomeName(SendOutcome outcome);

}  // namespace tawasul::notify
