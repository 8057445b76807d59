#pragma once
// The delivery worker (issue 15, docs/notifications.md "The queue"): claims due outbox rows,
// renders each in its recipient's language, sends it through its channel (notify/) and records
// the outcome. It runs on its own threads, so delivery never slows intake: the only work it
// adds to the database writer is one claim and one batch of outcomes per round.
//
// Invariants:
//  * At least once. A message is marked sent only after its channel accepted it. A process that
//    dies between the two leaves the row "sending" until its lease ends; it is then sent again
//    with the same idempotency key (X-Tawasul-Idempotency-Key, the same Message-ID, the
//    gateway's {{id}}), which a receiver can use to drop the copy. That window is one send's
//    duration per message in flight, so a second send needs a crash inside it.
//  * A message of a channel that is not configured stays queued (not claimed, not counted).
//  * A temporary failure retries with backoff (domain/delivery.h) until `give_up` after the
//    message's creation, then the row is "dead"; a permanent failure is "failed" at once. Both
//    are dead letters: `tawasul outbox retry` and the admin page put them back.
//  * Neither addresses nor texts are logged; errors are short and free of personal data.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/delivery.h"
#include "domain/language.h"
#include "notify/email.h"
#include "notify/sms.h"
#include "notify/webhook.h"
#include "service/message_texts.h"
#include "store/message_store.h"
#include "store/store.h"

namespace tawasul::jobs {

struct DeliveryOptions {
  int batch = 32;
  std::chrono::seconds lease{300};
  std::chrono::milliseconds idle{1000};  // the wait when nothing was due
  int threads = 1;
  domain::RetryPolicy retry;
  domain::QuietHours quiet;
  std::string public_url = "http://127.0.0.1:8080";  // links in messages
  double email_per_second = 50;                      // per worker thread; 0: unlimited
  double sms_per_second = 10;
};

// What the worker needs from outside: the channels that are configured (null = messages wait)
// and the entity names of the catalogue in force.
struct DeliveryChannels {
  // The server secret (--secret-file), which opens the webhooks' sealed secrets. Webhooks need
  // no other configuration: they are always delivered.
  std::string webhook_key;  // also signs the "stop messages" links in citizens' emails
  std::optional<notify::SmtpConfig> smtp;
  std::optional<notify::SmsGatewayConfig> sms;
  std::function<std::string(const std::string& entity, domain::Language)> entity_name;
  // The texts in force (administrators' edits); null: the built-in texts.
  std::shared_ptr<service::MessageTexts> texts;
};

class DeliveryWorker {
 public:
  DeliveryWorker(store::Store& store, DeliveryOptions options, DeliveryChannels channels);
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  // One round: claims up to `batch` due messages, sends them, records the outcomes. Returns how
  // many were claimed. Safe to call from several threads (each claim is exclusive).
  int RunOnce();
  // Rounds on `threads` threads until Stop (which waits for the round in progress).
  void Start();
  void Stop();

 private:
  struct Sent;
  Sent SendOne(const store::OutboxRow& row);
  Sent SendToWebhook(const store::OutboxRow& row);
  // The row's addresses as of now, or why there is none (a permanent failure).
  std::optional<std::string> Recipients(const store::OutboxRow& row, std::vector<std::string>& to);
  // The values a message template may name, for this row in `language`.
  std::map<std::string, std::string> TemplateValues(const store::OutboxRow& row,
                                                    domain::Language language);
  void Loop();

  store::Store& store_;
  DeliveryOptions options_;
  DeliveryChannels channels_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

}  // namespace tawasul::jobs
