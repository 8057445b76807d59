// `tawasul attachments sweep`: removes orphaned attachment files (service::AttachmentFiles::Sweep),
// what the scheduler's leader does every hour inside `tawasul serve`, for operators and tests.

#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "service/attachments.h"

namespace tawasul::app {

int RunAttachmentSweep(const Config& config) {
  auto store = OpenMigratedStore(config);
  service::AttachmentFiles files(config.attachments_dir);
  auto r = files.Sweep(
      std::chrono::seconds(static_cast<std::int64_t>(config.attachment_grace_hours * 3600)),
      [&store](const std::string& sha) { return store->AttachmentReferenced(sha); });
  store->Close();
  std::cout
      << nlohmann::json{{"examined", r.examined}, {"removed", r.removed}, {"bytes", r.bytes}}.dump()
      << "\n";
  return 0;
}

}  // namespace tawasul::app
