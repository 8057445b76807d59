// `tawasul erase --case REF --reason TEXT` and `tawasul retention run [--dry-run]`: erasure of
// personal data (service/erasure.h, docs/audit.md §2), run by an administrator or by operators'
// cron; the server's scheduler leader runs the same retention pass every hour (RetentionStep).
// Output is JSON on standard output (references and counts, never personal data); exit 0 when
// done, 1 with a one-line reason otherwise.

#include <iostream>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "domain/reference.h"
#include "service/attachments.h"
#include "service/erasure.h"

namespace tawasul::app {

namespace {

domain::RetentionPolicy PolicyOf(const Config& config) {
  std::string why;
  auto policy = domain::ParseRetention(config.retention_years, why);
  if (!policy) throw std::invalid_argument("--retention-years: " + why);
  return *policy;
}

nlohmann::json ReportJson(const service::RetentionReport& r, bool dry_run) {
  nlohmann::json out = nlohmann::json::object();
  if (dry_run) {
    nlohmann::json due = nlohmann::json::object();
    for (const auto& [type, refs] : r.due) due[std::string(domain::ToString(type))] = refs;
    out["due"] = due;
  } else {
    nlohmann::json erased = nlohmann::json::object();
    for (const auto& [type, n] : r.erased) erased[std::string(domain::ToString(type))] = n;
    out["erased"] = erased;
    out["failed"] = r.failed;
  }
  return out;
}

}  // namespace

int RunErase(const Config& config, const EraseOptions& options) {
  auto ref = domain::ParseReference(options.reference);
  if (!ref) throw std::invalid_argument("--case: not a case reference");
  if (options.reason.empty()) throw std::invalid_argument("--reason must not be empty");
  auto store = OpenMigratedStore(config);
  service::AttachmentFiles files(config.attachments_dir);
  const std::string reference = domain::FormatReference(*ref);
  auto o = service::EraseCase(*store, &files, reference, "system", options.reason, domain::Now());
  using R = service::ErasureOutcome::Result;
  int status = 0;
  switch (o.result) {
    case R::kErased:
    case R::kAlreadyErased: {
      // On record in the administration log too, beside catalogue and user changes.
      store::AdminChange change;
      change.at = domain::Now();
      change.actor = "cli";
      change.area = "case";
      change.action = "erase";
      change.subject = reference;
      change.detail = nlohmann::json{{"fields", o.fields}, {"reason", options.reason}}.dump();
      store->RecordAdminChange(change);
      std::cout << nlohmann::json{{"case", reference},
                                  {"erased", o.fields},
                                  {"already_erased", o.result == R::kAlreadyErased},
                                  {"files_removed", o.files_removed}}
                       .dump()
                << "\n";
      break;
    }
    case R::kNotFound:
      std::cerr << "tawasul: no case " << reference << "\n";
      status = 1;
      break;
    case R::kNotClosed:
      std::cerr << "tawasul: case " << reference
                << " is open: close it first (an open case still needs its contact)\n";
      status = 1;
      break;
    case R::kOverloaded:
    case R::kFailed:
      std::cerr << "tawasul: case " << reference << " not erased: " << o.error << "\n";
      status = 1;
      break;
  }
  store->Close();
  return status;
}

int RunRetention(const Config& config, const RetentionOptions& options) {
  const auto policy = PolicyOf(config);
  auto store = OpenMigratedStore(config);
  service::AttachmentFiles files(config.attachments_dir);
  if (options.dry_run) {
    auto r =
        service::RunRetention(*store, &files, policy, domain::Now(), config.retention_batch, true);
    std::cout << ReportJson(r, true).dump() << "\n";
    store->Close();
    return 0;
  }
  // Pass after pass (each bounded) until a pass finds no full batch or erases nothing more.
  service::RetentionReport total;
  for (;;) {
    auto r =
        service::RunRetention(*store, &files, policy, domain::Now(), config.retention_batch, false);
    std::int64_t erased = 0;
    for (const auto& [type, n] : r.erased) {
      total.erased[type] += n;
      erased += n;
    }
    total.failed += r.failed;
    if (!r.more || erased == 0) break;
  }
  store->Close();
  std::cout << ReportJson(total, false).dump() << "\n";
  return total.failed == 0 ? 0 : 1;
}

std::function<void()> RetentionStep(const Config& config, store::Store& store,
                                    const service::AttachmentFiles& files) {
  return [policy = PolicyOf(config), batch = config.retention_batch, &store, &files] {
    auto r = service::RunRetention(store, &files, policy, domain::Now(), batch, false);
    std::int64_t erased = 0;
    for (const auto& [type, n] : r.erased) erased += n;
    if (erased > 0 || r.failed > 0) {
      spdlog::info("retention: personal data of {} closed cases erased ({} failed)", erased,
                   r.failed);
    }
  };
}

}  // namespace tawasul::app
