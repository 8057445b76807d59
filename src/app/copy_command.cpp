// `tawasul copy --from URL --to URL` and `tawasul outbox claim`.
//
// copy: carries a whole system from one store to another (SQLite to
// PostgreSQL when a deployment outgrows one machine, or back for an investigation copy).
//
// What is carried: the catalogue (entities, categories, services), the default calendar with its
// holidays and special periods, the SLA targets, the users with their ids, password hashes and
// lockout state, the webhooks with their ids and sealed secrets, every version of the message
// templates (same numbers, times and authors), and every case with its row and whole history.
// A webhook's secret is carried sealed as it is: it opens on the target only under the same
// server secret (--secret-file); under another, its deliveries fail as temporary ("webhook
// secret unreadable") until an administrator rotates the secret (docs/notifications.md). Events are
// copied as they are, so their hash chains are the same (`tawasul audit verify` passes on the
// copy), and the figures are recomputed from the histories exactly as `stats --rebuild` does, so
// they are identical. Not carried: staff sessions (staff sign in again) and outbox rows
// (notifications the source has not delivered stay with it; copy after it has drained).
//
// The target must hold no case, user, webhook or message template: a copy is never merged into
// a live system. Run it
// with the source's service stopped (or read-only) so that nothing is written meanwhile.

#include <chrono>
#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "store/eservice_store.h"
#include "store/message_store.h"
#include "store/store.h"
#include "store/webhook_store.h"

namespace tawasul::app {

namespace {

// Every version of every edited message template, oldest first, so that the target numbers them
// as the source did (a template's versions are 1..n: rows are only ever inserted). Returns how
// many versions were copied.
std::size_t CopyMessageTemplates(store::Store& source, store::Store& target) {
  std::size_t copied = 0;
  for (const auto& current : source.Messages().CurrentMessageTemplates()) {
    auto versions =
        source.Messages().MessageTemplateVersions(current.kind, current.channel, current.language);
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      const int version = target.Messages().SaveMessageTemplate(*it, it->created_at);
      if (version != it->version) {
        throw std::runtime_error("message template " + it->kind + "/" + it->channel + "/" +
                                 it->language + " version " + std::to_string(it->version) +
                                 " was stored as version " + std::to_string(version));
      }
      ++copied;
    }
  }
  return copied;
}

}  // namespace

int RunCopy(const Config& config, const CopyOptions& o) {
  if (o.from == o.to) throw std::invalid_argument("--from and --to name the same database");
  Config from_config = config;
  from_config.database = o.from;
  Config to_config = config;
  to_config.database = o.to;
  auto source = OpenMigratedStore(from_config);
  auto target = OpenMigratedStore(to_config);
  if (target->CountCases() > 0 || !target->ListUsers().empty() ||
      !target->Webhooks().ListWebhooks().empty() ||
      !target->Messages().CurrentMessageTemplates().empty()) {
    throw std::invalid_argument(
        "the target already holds cases, users, webhooks or message templates: copy into an "
        "empty one");
  }
  auto started = std::chrono::steady_clock::now();

  target->SaveCatalogue(source->LoadCatalogue());
  target->EServices().SaveEServices(source->EServices().LoadEServices());  // the pages' details
  domain::CalendarSpec calendar_spec = LoadDefaultCalendar(*source);
  target->SaveCalendar(kDefaultCalendar, calendar_spec);
  target->SaveTargets(source->LoadTargets());
  auto users = source->ListUsers();
  target->ImportUsers(users);
  const auto webhooks = source->Webhooks().ListWebhooks();
  target->Webhooks().ImportWebhooks(webhooks);
  const std::size_t template_versions = CopyMessageTemplates(*source, *target);

  const domain::WorkingCalendar calendar(calendar_spec);
  constexpr std::size_t kChunk = 5000;
  std::vector<store::FullCase> chunk;
  chunk.reserve(kChunk);
  std::int64_t read = 0, inserted = 0;
  auto flush = [&] {
    inserted += target->ImportFullCases(std::move(chunk));
    chunk.clear();
  };
  source->ForEachCase(
      [&](const domain::CaseRecord& r, const std::vector<domain::CaseEvent>& events) {
        store::FullCase fc;
        fc.record = r;
        fc.events = events;
        for (const auto& e : events) domain::EventFigures(r, e, calendar, fc.figures);
        domain::OpenCycleFigures(r, +1, calendar, fc.figures);
        chunk.push_back(std::move(fc));
        ++read;
        if (chunk.size() >= kChunk) flush();
      });
  flush();
  const auto source_cases = source->CountCases();
  const auto target_cases = target->CountCases();
  source->Close();
  target->Close();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "copied " << inserted << " cases (of " << read << " read), " << users.size()
            << " users, " << webhooks.size() << " webhooks, " << template_versions
            << " message template versions, the catalogue, the calendar and the SLA targets in "
            << secs << " s\n";
  if (target_cases != source_cases) {
    std::cerr << "the target holds " << target_cases << " cases, the source " << source_cases
              << "\n";
    return 1;
  }
  return 0;
}

}  // namespace tawasul::app
