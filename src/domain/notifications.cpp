// Which messages a change sends (notifications.h). The payload of each message holds the values
// its template may name (docs/notifications.md "Templates"); the reference is the outbox row's
// own column, so it is not repeated here. Times travel as Unix seconds and are formatted in the
// recipient's language when the message is rendered.

#include "domain/notifications.h"

#include <array>
#include <nlohmann/json.hpp>

namespace tawasul::domain {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 3> kChannelNames = {"email", "sms", "webhook"};

std::int64_t Secs(Instant t) { return t.time_since_epoch().count(); }

// A message to the citizen of `draft` about `kind`, or none when they cannot be reached.
std::optional<OutboxMessage> ToCitizen(const CaseDraft& draft, Instant now, std::string kind,
                                       json payload, bool essential = true) {
  auto channel = CitizenChannel(draft);
  if (!channel) return std::nullopt;
  OutboxMessage m;
  m.created_at = now;
  m.kind = std::move(kind);
  m.recipient = "case";
  m.payload = payload.dump();
  m.channel = *channel;
  m.language = draft.language;
  m.masked = MaskedContact(draft, *channel);
  m.essential = essential;
  return m;
}

// The citizen message an action sends ("" for none).
std::string_view CitizenKind(ActionKind kind) {
  switch (kind) {
    case ActionKind::kRequestInfo:
      return "info_requested";
    case ActionKind::kAnswer:
      return "answered";
    case ActionKind::kReject:
    case ActionKind::kAutoClose:
      return "closed";
    case ActionKind::kReopen:
      return "reopened";
    case ActionKind::kTransfer:
      return "transferred";
    default:
      return "";
  }
}

json DueTimes(const CaseRecord& r) {
  return {{"due_at", r.due_at == kNeverDue ? 0 : Secs(r.due_at)}, {"entity", r.draft.entity}};
}

}  // namespace

std::string_view ToString(MessageChannel channel) {
  return kChannelNames[static_cast<int>(channel)];
}

std::optional<MessageChannel> ParseMessageChannel(std::string_view s) {
  for (std::size_t i = 0; i < kChannelNames.size(); ++i) {
    if (kChannelNames[i] == s) return static_cast<MessageChannel>(i);
  }
  return std::nullopt;
}

OutboxMessage StaffMessage(Instant now, std::string kind, std::string recipient,
                           std::string payload) {
  OutboxMessage m;
  m.created_at = now;
  m.kind = std::move(kind);
  m.recipient = std::move(recipient);
  m.payload = std::move(payload);
  return m;
}

std::optional<MessageChannel> CitizenChannel(const CaseDraft& draft) {
  switch (draft.notify) {
    case NotifyChoice::kNone:
      return std::nullopt;
    case NotifyChoice::kEmail:
      if (!draft.contact_email.empty()) return MessageChannel::kEmail;
      break;
    case NotifyChoice::kSms:
      if (!draft.contact_phone.empty()) return MessageChannel::kSms;
      break;
    case NotifyChoice::kAuto:
      break;
  }
  if (!draft.contact_email.empty()) return MessageChannel::kEmail;
  if (!draft.contact_phone.empty()) return MessageChannel::kSms;
  return std::nullopt;
}

std::string MaskEmail(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0) return "***";
  std::string out;
  out += email[0];
  out += "***";
  out += email.substr(at);
  return out;
}

std::string MaskPhone(std::string_view e164) {
  if (e164.size() <= 4) return "****";
  std::string out;
  // Keep the country code's "+" and up to three digits, and the last four digits.
  std::size_t keep_head = e164.size() >= 8 ? 4 : 1;
  out += e164.substr(0, keep_head);
  out += " ****";
  out += e164.substr(e164.size() - 4);
  return out;
}

std::string MaskedContact(const CaseDraft& draft, MessageChannel channel) {
  switch (channel) {
    case MessageChannel::kEmail:
      return MaskEmail(draft.contact_email);
    case MessageChannel::kSms:
      return MaskPhone(draft.contact_phone);
    case MessageChannel::kWebhook:
      break;
  }
  return {};
}

std::optional<OutboxMessage> ReceivedMessage(const CaseDraft& draft, Instant submitted_at,
                                             Instant due_at, std::string_view access_code) {
  auto m = ToCitizen(draft, submitted_at, "received",
                     {{"due_at", due_at == kNeverDue ? 0 : Secs(due_at)},
                      {"entity", draft.entity},
                      {"submitted_at", Secs(submitted_at)}});
  if (m) m->secret = std::string(access_code);
  return m;
}

void AddActionMessages(const CaseRecord& before, const Actor& actor, const Action& action,
                       CaseChange& change, Instant now) {
  const CaseRecord& n = change.next;
  const std::string kind(CitizenKind(action.kind));
  std::optional<OutboxMessage> m;
  switch (action.kind) {
    case ActionKind::kRequestInfo:
      m = ToCitizen(n.draft, now, kind, {{"question", action.body}});
      break;
    case ActionKind::kAnswer:
      m = ToCitizen(n.draft, now, kind, {{"answer", action.body}});
      break;
    case ActionKind::kReject:
      m = ToCitizen(n.draft, now, kind,
                    {{"reason", ToString(action.reason)}, {"answer", action.body}});
      break;
    case ActionKind::kReopen:
    case ActionKind::kTransfer:
      m = ToCitizen(n.draft, now, kind, DueTimes(n));
      break;
    case ActionKind::kAutoClose:
      m = ToCitizen(n.draft, now, kind, json::object());
      break;
    case ActionKind::kAssign:
      if (n.assignee_id != 0 && n.assignee_id != before.assignee_id &&
          n.assignee_id != actor.user_id) {
        change.outbox.push_back(StaffMessage(now, "assigned",
                                             "user:" + std::to_string(n.assignee_id),
                                             json{{"entity", n.draft.entity}}.dump()));
      }
      break;
    default:
      break;
  }
  if (m) {
    change.outbox.push_back(std::move(*m));
  } else if (!kind.empty()) {
    change.unsent.push_back(kind);  // webhooks still hear of it (webhooks.h)
  }
}

bool RateReminderDue(const CaseRecord& current, Instant now, std::chrono::seconds lead) {
  if (current.status != CaseStatus::kAnswered || current.rated_this_answer ||
      !current.answered_at) {
    return false;
  }
  const Instant closes = *current.answered_at + kRatingWindow;
  return now < closes && closes <= now + lead;
}

std::optional<OutboxMessage> RateReminderMessage(const CaseRecord& current, Instant now) {
  if (!current.answered_at) return std::nullopt;
  const Instant closes = *current.answered_at + kRatingWindow;
  return ToCitizen(current.draft, now, "rate_reminder",
                   {{"entity", current.draft.entity}, {"rate_by", Secs(closes)}},
                   /*essential=*/false);
}

}  // namespace tawasul::domain
