// The routing model in force on this node (routing_models.h, docs/routing.md).

#include "service/routing_models.h"

#include <spdlog/spdlog.h>

namespace tawasul::service {

RoutingModels::RoutingModels(store::Store& store, std::chrono::milliseconds poll) : store_(store) {
  try {
    Refresh();
  } catch (const std::exception& e) {
    spdlog::warn("routing model not loaded: {}", e.what());
  }
  if (poll.count() > 0) {
    poller_ = std::thread([this, poll] {
      std::unique_lock lock(mu_);
      while (!cv_.wait_for(lock, poll, [this] { return stop_; })) {
        lock.unlock();
        try {
          Refresh();
        } catch (const std::exception& e) {
          spdlog::warn("routing model not reloaded: {}", e.what());
        }
        lock.lock();
      }
    });
  }
}

RoutingModels::~RoutingModels() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (poller_.joinable()) poller_.join();
}

std::shared_ptr<const RoutingModels::Snapshot> RoutingModels::Get() const {
  std::lock_guard lock(mu_);
  return current_;
}

bool RoutingModels::Refresh() {
  std::int64_t after = 0;
  {
    std::lock_guard lock(mu_);
    after = tried_id_;
  }
  auto row = store_.LatestRoutingModel(after);
  if (!row) return false;
  {
    std::lock_guard lock(mu_);
    tried_id_ = row->id;  // a model that fails to load is not read again every poll
  }
  auto next = std::make_shared<Snapshot>();
  next->id = row->id;
  next->model = domain::RoutingModel::FromJson(row->model);  // throws: keep the one in force
  spdlog::info("routing model {} in force ({} categories)", row->id,
               next->model.Categories().size());
  std::lock_guard lock(mu_);
  current_ = std::move(next);
  return true;
}

}  // namespace tawasul::service
