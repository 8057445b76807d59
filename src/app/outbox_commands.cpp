// `tawasul outbox claim|list|retry|purge|deliver`: the delivery queue from the command line
// (docs/notifications.md). `list` prints the recipient masked, never the address.

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "app/delivery_setup.h"
#include "domain/time.h"
#include "store/message_store.h"

namespace tawasul::app {

namespace {

std::int64_t Secs(domain::Instant t) { return t.time_since_epoch().count(); }

nlohmann::json RowJson(const store::OutboxRow& r) {
  return {{"id", r.id},
          {"case", r.reference},
          {"channel", domain::ToString(r.channel)},
          // A citizen's address (a case's, or one typed to sign in) only masked.
          {"recipient",
           r.recipient == "case" || r.recipient.starts_with("contact:") ? r.masked : r.recipient},
          {"template", r.kind},
          {"language", domain::LanguageCode(r.language)},
          {"status", r.status},
          {"attempts", r.attempts},
          {"created_at", Secs(r.created_at)},
          {"next_attempt_at", Secs(r.next_attempt_at)},
          {"sent_at", r.sent_at ? nlohmann::json(Secs(*r.sent_at)) : nlohmann::json(nullptr)},
          {"last_error", r.last_error}};
}

}  // namespace

int RunOutboxClaim(const Config& config, const OutboxOptions& options) {
  auto store = OpenMigratedStore(config);
  auto now = domain::Now();
  auto rows = store->Messages().ClaimOutbox(now, now + std::chrono::minutes(10), options.limit, 7);
  store->Close();
  for (const auto& r : rows) {
    auto j = RowJson(r);
    j["kind"] = r.kind;
    j["reference"] = r.reference;
    j["recipient"] = r.recipient;  // as stored: "case" or a staff role or user
    j["payload"] = r.payload;
    std::cout << j.dump() << "\n";
  }
  return 0;
}

int RunOutboxList(const Config& config, const OutboxOptions& options) {
  auto store = OpenMigratedStore(config);
  store::OutboxFilter filter;
  filter.status = options.status;
  filter.reference = options.reference;
  int left = options.limit;
  while (left > 0) {
    filter.limit = std::min(left, 1000);
    auto rows = store->Messages().ListOutbox(filter);
    for (const auto& r : rows) std::cout << RowJson(r).dump() << "\n";
    if (rows.size() < static_cast<std::size_t>(filter.limit)) break;
    left -= static_cast<int>(rows.size());
    filter.after_id = rows.back().id;
  }
  store->Close();
  return 0;
}

int RunOutboxRetry(const Config& config, const OutboxOptions& options) {
  auto store = OpenMigratedStore(config);
  int n = store->Messages().RetryOutbox(options.id, domain::Now());
  store->Close();
  std::cout << nlohmann::json{{"requeued", n}}.dump() << "\n";
  return options.id != 0 && n == 0 ? 1 : 0;
}

int RunOutboxPurge(const Config& config, const OutboxOptions& options) {
  auto store = OpenMigratedStore(config);
  auto before = domain::Now() -
                std::chrono::seconds(static_cast<std::int64_t>(options.older_than_days * 86400));
  int n = store->Messages().PurgeOutbox(before);
  store->Close();
  std::cout << nlohmann::json{{"purged", n}}.dump() << "\n";
  return 0;
}

int RunOutboxDeliver(const Config& config) {
  auto store = OpenMigratedStore(config);
  auto catalogue = store->LoadCatalogue();
  auto channels = MakeDeliveryChannels(
      config, *store, [&catalogue](const std::string& code, domain::Language language) {
        const auto* e = catalogue.FindEntity(code);
        if (!e) return code;
        return language == domain::Language::kArabic ? e->name_ar : e->name_en;
      });
  channels.webhook_key = LoadOrCreateSecret(config.secret_file);  // opens webhook secrets
  jobs::DeliveryWorker worker(*store, MakeDeliveryOptions(config, config.listen_port),
                              std::move(channels));
  int total = 0;
  for (int n = worker.RunOnce(); n > 0; n = worker.RunOnce()) total += n;
  store->Close();
  std::cout << nlohmann::json{{"processed", total}}.dump() << "\n";
  return 0;
}

}  // namespace tawasul::app
