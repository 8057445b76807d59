#pragma once
// The routing model in force on this node (docs/routing.md). The newest model in the database is
// loaded at start and again whenever a newer one appears (a poll every few seconds of a query
// that returns nothing while the model is unchanged), so every node suggests with the same
// model soon after `tawasul routing train`. Readers take a snapshot (shared ownership), so a
// request never sees a model change under it.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "domain/routing_model.h"
#include "store/store.h"

namespace tawasul::service {

// Suggestions above this confidence are shown to staff as "looks misrouted" (GET
// /api/v1/cases/{ref}) when they differ from the case's category.
inline constexpr double kMisroutedConfidence = 0.9;

class RoutingModels {
 public:
  struct Snapshot {
    std::int64_t id = 0;
    domain::RoutingModel model;
  };
  // Loads the newest model now (none, or one this build cannot read, leaves the node without
  // suggestions and logs why) and, when `poll` > 0, checks for a newer one every `poll`.
  RoutingModels(store::Store& store, std::chrono::milliseconds poll);
  ~RoutingModels();
  RoutingModels(const RoutingModels&) = delete;
  RoutingModels& operator=(const RoutingModels&) = delete;

  // The model in force, or null when there is none.
  std::shared_ptr<const Snapshot> Get() const;
  // Loads the newest model if it is newer than the one in force; true when it changed.
  bool Refresh();

 private:
  store::Store& store_;
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> current_;
  std::int64_t tried_id_ = 0;  // newest id looked at (also a model that failed to load)
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread poller_;
};

}  // namespace tawasul::service
