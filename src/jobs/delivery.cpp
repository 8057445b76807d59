// The delivery worker (delivery.h): one round is claim → resolve each recipient → render →
// send → record. Recipients are resolved when sending: "case" reads the case's contact now (a
// contact erased since is honoured), "user:N" and "role:R@ENTITY" read the staff accounts,
// "contact:ADDRESS" is a citizen's sign-in code sent to the address they typed.

#include "jobs/delivery.h"

#include <spdlog/spdlog.h>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>

#include "domain/case.h"
#include "domain/case_token.h"
#include "domain/html_escape.h"
#include "domain/message_templates.h"
#include "domain/time.h"
#include "domain/webhooks.h"
#include "store/message_store.h"
#include "store/webhook_store.h"

namespace tawasul::jobs {

using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

// The text as HTML: a paragraph per blank-line-separated block, line breaks kept.
std::string TextToHtml(std::string_view text) {
  std::string out = "<p>";
  std::string escaped = domain::HtmlEscape(text);
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\n' && i + 1 < escaped.size() && escaped[i + 1] == '\n') {
      out += "</p>\n<p>";
      ++i;
    } else if (escaped[i] == '\n') {
      out += "<br>\n";
    } else {
      out += escaped[i];
    }
  }
  out += "</p>";
  return out;
}

// A local date for messages: YYYY-MM-DD in the service's time zone ("" for no due time).
std::string LocalDate(std::int64_t secs, int utc_offset_seconds) {
  if (secs <= 0) return "";
  return domain::FormatRfc3339(domain::Instant(std::chrono::seconds(secs)), utc_offset_seconds)
      .substr(0, 10);
}

// "2026-12-21 09:00" in local time: the instant a window closes, to the minute.
std::string LocalDateTime(std::int64_t secs, int utc_offset_seconds) {
  if (secs <= 0) return "";
  std::string s =
      domain::FormatRfc3339(domain::Instant(std::chrono::seconds(secs)), utc_offset_seconds)
          .substr(0, 16);
  s[10] = ' ';
  return s;
}

int ChannelBit(domain::MessageChannel c) {
  switch (c) {
    case domain::MessageChannel::kEmail:
      return 1;
    case domain::MessageChannel::kSms:
      return 2;
    case domain::MessageChannel::kWebhook:
      return 4;
  }
  return 0;
}

// Spaces sends of one channel at most `per_second` apart (per thread).
void Pace(Clock::time_point& last, double per_second) {
  if (per_second <= 0) return;
  auto gap =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / per_second));
  auto next = last + gap;
  auto now = Clock::now();
  if (next > now) std::this_thread::sleep_for(next - now);
  last = Clock::now();
}

}  // namespace

struct DeliveryWorker::Sent {
  notify::SendResult result;
  bool deferred = false;  // quiet hours: back to the queue untouched
  domain::Instant defer_until{};
};

DeliveryWorker::DeliveryWorker(store::Store& store, DeliveryOptions options,
                               DeliveryChannels channels)
    : store_(store), options_(std::move(options)), channels_(std::move(channels)) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

// A webhook's delivery: the body was written with the change (domain::WebhookBody); the URL and
// secret are read now, so a deactivated webhook is sent nothing more. Tawasul-Delivery is the
// row's idempotency key: the same on every retry and on a replay.
DeliveryWorker::Sent DeliveryWorker::SendToWebhook(const store::OutboxRow& row) {
  Sent out;
  auto fail = [&](notify::SendOutcome outcome, std::string detail) {
    out.result.outcome = outcome;
    out.result.detail = std::move(detail);
    return out;
  };
  std::optional<store::WebhookRow> hook;
  if (row.recipient.rfind("webhook:", 0) == 0) {
    hook = store_.Webhooks().FindWebhook(std::atoll(row.recipient.c_str() + 8));
  }
  if (!hook || !hook->active) {
    return fail(notify::SendOutcome::kPermanentFailure, "webhook inactive");
  }
  auto secret = domain::OpenWebhookSecret(channels_.webhook_key, hook->sealed_secret);
  // Another server secret than the one that sealed it: the configuration, not the message.
  if (!secret) return fail(notify::SendOutcome::kTemporaryFailure, "webhook secret unreadable");
  notify::WebhookDelivery d;
  d.url = hook->url;
  d.secret = std::move(*secret);
  d.event = domain::WebhookEventName(row.kind);
  d.body_json = row.payload;
  d.delivery_id = "tawasul-outbox-" + std::to_string(row.id);
  d.timestamp = domain::Now().time_since_epoch().count();
  out.result = notify::SendWebhook(d);
  return out;
}

std::optional<std::string> DeliveryWorker::Recipients(const store::OutboxRow& row,
                                                      std::vector<std::string>& to) {
  if (row.recipient == "case") {
    auto record = store_.FindCase(row.reference);
    if (!record) return std::string("case not found");
    const auto& d = record->draft;
    if (d.notify == domain::NotifyChoice::kNone) return std::string("citizen opted out");
    const std::string& address =
        row.channel == domain::MessageChannel::kSms ? d.contact_phone : d.contact_email;
    if (address.empty()) return std::string("no contact");
    to.push_back(address);
  } else if (row.recipient.rfind("user:", 0) == 0) {
    auto user = store_.FindUserById(std::atoll(row.recipient.c_str() + 5));
    if (!user || !user->active) return std::string("no active user");
    to.push_back(user->email);
  } else if (row.recipient.rfind("role:", 0) == 0) {
    std::string spec = row.recipient.substr(5);
    auto at = spec.find('@');
    std::string role = spec.substr(0, at);
    std::string entity = at == std::string::npos ? "" : spec.substr(at + 1);
    for (const auto& u : store_.ListUsers()) {
      if (!u.active || domain::ToString(u.role) != role) continue;
      if (!entity.empty() && u.entity != entity) continue;
      to.push_back(u.email);
    }
    if (to.empty()) return std::string("no active user in role");
  } else if (row.recipient.rfind("contact:", 0) == 0) {
    // A one-time code for a citizen account (domain/citizen_account.h): the address the citizen
    // typed, in its normal form; the row's channel is the one that reaches it.
    to.push_back(row.recipient.substr(8));
  } else {
    return std::string("unknown recipient");
  }
  return std::nullopt;
}

std::map<std::string, std::string> DeliveryWorker::TemplateValues(const store::OutboxRow& row,
                                                                  domain::Language language) {
  json payload = json::parse(row.payload.empty() ? "{}" : row.payload, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) payload = json::object();
  std::map<std::string, std::string> values;
  values["reference"] = row.reference;
  values["track_url"] = options_.public_url + "/track/" + row.reference;
  values["staff_url"] = options_.public_url + "/staff/cases/" + row.reference;
  std::string entity = payload.value("entity", "");
  values["entity"] = channels_.entity_name ? channels_.entity_name(entity, language) : entity;
  values["due_date"] =
      LocalDate(payload.value("due_at", std::int64_t{0}), options_.quiet.utc_offset_seconds);
  values["rate_by"] =
      LocalDateTime(payload.value("rate_by", std::int64_t{0}), options_.quiet.utc_offset_seconds);
  values["access_code"] = row.secret;
  // The survey after each case (docs/surveys.md): the closing message carries its one-time link.
  if (row.kind == "closed" && !row.secret.empty()) {
    values["survey_url"] = options_.public_url + "/surveys/" + row.secret;
  }
  if (row.kind == "sign_in_code" || row.kind == "recovery_code") {
    values["sign_in_code"] = row.secret;
    values["minutes"] = std::to_string(payload.value("minutes", std::int64_t{10}));
  }
  for (const char* k : {"question", "answer", "reason", "stage", "detail"})
    values[k] = payload.value(k, "");
  // The daily digest (domain/digest.h): an entity's counts, and the inbox.
  if (row.kind == "digest") {
    values["digest_date"] = payload.value("digest_date", "");
    for (const char* k : {"new_cases", "open", "due_soon", "past_due", "waiting"}) {
      values[k] = std::to_string(payload.value(k, std::int64_t{0}));
    }
    values["inbox_url"] = options_.public_url + "/staff/";
  }
  return values;
}

DeliveryWorker::Sent DeliveryWorker::SendOne(const store::OutboxRow& row) {
  if (row.channel == domain::MessageChannel::kWebhook) return SendToWebhook(row);
  Sent out;
  auto permanent = [&](std::string detail) {
    out.result.outcome = notify::SendOutcome::kPermanentFailure;
    out.result.detail = std::move(detail);
    return out;
  };
  std::vector<std::string> to;
  if (auto why = Recipients(row, to)) return permanent(std::move(*why));
  const domain::Language language = row.language;

  // What: the template in the recipient's language.
  auto text = channels_.texts ? channels_.texts->Get(row.kind, row.channel, language)
                              : domain::DefaultMessageText(row.kind, row.channel, language);
  if (!text) return permanent("no template");
  const std::map<std::string, std::string> values = TemplateValues(row, language);
  const std::string key = "tawasul-outbox-" + std::to_string(row.id);

  if (row.channel == domain::MessageChannel::kSms) {
    if (!row.essential) {
      auto now = domain::Now();
      auto when = domain::OutsideQuietHours(options_.quiet, now);
      if (when > now) {
        out.deferred = true;
        out.defer_until = when;
        return out;
      }
    }
    notify::SmsSender sender(*channels_.sms);
    out.result = sender.Send(to.front(), domain::RenderTemplate(text->body, values), key);
    return out;
  }
  notify::EmailMessage m;
  m.to = std::move(to);
  m.subject = domain::RenderTemplate(text->subject, values);
  m.text = domain::RenderTemplate(text->body, values);
  // Every email to a citizen can stop the messages about its case: a link in the text and the
  // List-Unsubscribe header (RFC 8058 one-click), signed for this case, valid for a year.
  if (row.recipient == "case" && !channels_.webhook_key.empty()) {
    const std::int64_t now_unix = domain::Now().time_since_epoch().count();
    m.unsubscribe_url = options_.public_url + "/track/" + row.reference + "/stop?t=" +
                        domain::MakeCaseToken(channels_.webhook_key, "stop", row.reference, "",
                                              now_unix, domain::kStopTokenSeconds);
    m.text += "\n\n" + std::string(domain::StopMessagesLine(language)) + " " + m.unsubscribe_url;
  }
  m.html = TextToHtml(m.text);
  m.language = std::string(domain::LanguageCode(language));
  m.message_id = "outbox-" + std::to_string(row.id);
  m.idempotency_key = key;
  notify::SmtpSender sender(*channels_.smtp);
  out.result = sender.Send(m);
  return out;
}

int DeliveryWorker::RunOnce() {
  const int mask = (channels_.smtp ? ChannelBit(domain::MessageChannel::kEmail) : 0) |
                   (channels_.sms ? ChannelBit(domain::MessageChannel::kSms) : 0) |
                   ChannelBit(domain::MessageChannel::kWebhook);
  auto now = domain::Now();
  auto rows = store_.Messages().ClaimOutbox(now, now + options_.lease, options_.batch, mask);
  if (rows.empty()) return 0;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  thread_local Clock::time_point last_email{}, last_sms{};
  std::vector<store::OutboxOutcome> outcomes;
  outcomes.reserve(rows.size());
  // Only what fits in half the lease is sent; the rest (and, on Stop, everything not yet sent) is
  // released at once, due now for any worker. So a slow channel can never let a lease end in the
  // middle of a batch and another worker send the same message again (one send lasts at most a
  // channel's timeout, 10-20 s, well under half of the default 300 s lease).
  const auto send_until = Clock::now() + options_.lease / 2;
  for (const auto& row : rows) {
    if (stop_.load() || Clock::now() >= send_until) {
      store::OutboxOutcome released;
      released.id = row.id;
      released.attempts = row.attempts;
      released.status = "retrying";
      released.next_attempt_at = domain::Now();
      outcomes.push_back(std::move(released));
      continue;
    }
    if (row.channel == domain::MessageChannel::kSms) {
      Pace(last_sms, options_.sms_per_second);
    } else if (row.channel == domain::MessageChannel::kEmail) {
      Pace(last_email, options_.email_per_second);
    }
    Sent sent;
    try {
      sent = SendOne(row);
    } catch (const std::exception& e) {
      // A store read failed: try again later, like a channel that is down.
      sent.result.outcome = notify::SendOutcome::kTemporaryFailure;
      sent.result.detail = "internal error";
      spdlog::warn("delivery of outbox message {}: {}", row.id, e.what());
    }
    store::OutboxOutcome o;
    o.id = row.id;
    o.attempts = row.attempts;
    o.provider_id = sent.result.provider_id;
    o.last_error = sent.result.outcome == notify::SendOutcome::kSent ? "" : sent.result.detail;
    auto at = domain::Now();
    if (sent.deferred) {
      o.status = "retrying";
      o.last_error = "quiet hours";
      o.next_attempt_at = sent.defer_until;
    } else if (sent.result.outcome == notify::SendOutcome::kSent) {
      o.status = "sent";
      o.next_attempt_at = at;
    } else if (sent.result.outcome == notify::SendOutcome::kPermanentFailure) {
      o.status = "failed";
      o.next_attempt_at = at;
    } else if (domain::ShouldGiveUp(options_.retry, row.created_at, at)) {
      o.status = "dead";
      o.next_attempt_at = at;
    } else {
      o.status = "retrying";
      o.next_attempt_at = domain::NextAttempt(options_.retry, row.attempts, at, unit(rng));
    }
    if (o.status != "sent" && o.status != "retrying") {
      spdlog::info("outbox message {} ({} {}) {}: {}", row.id, row.kind,
                   domain::ToString(row.channel), o.status, o.last_error);
    }
    outcomes.push_back(std::move(o));
  }
  store_.Messages().FinishOutbox(outcomes, domain::Now());
  return static_cast<int>(rows.size());
}

void DeliveryWorker::Loop() {
  while (!stop_.load()) {
    int n = 0;
    try {
      n = RunOnce();
    } catch (const std::exception& e) {
      spdlog::warn("delivery round failed: {}", e.what());
    }
    if (n == 0) {
      // Sleep in small steps so Stop is prompt.
      auto until = Clock::now() + options_.idle;
      while (!stop_.load() && Clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  }
}

void DeliveryWorker::Start() {
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back([this] { Loop(); });
  }
}

void DeliveryWorker::Stop() {
  stop_.store(true);
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace tawasul::jobs
