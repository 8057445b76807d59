#pragma once
// What every handler needs, wired once by src/app and passed by reference (no globals).

#include <functional>
#include <memory>
#include <string>

#include <mutex>

#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "domain/sla.h"
#include "http/metrics.h"
#include "store/store.h"

namespace tawasul::service {

// The calendar and targets in force. An administrator's change replaces them as a whole; a
// request works with the snapshot it took (shared ownership keeps it alive), so one request
// never mixes an old calendar with a new one. Time zone changes are not offered (formatting
// anywhere may use any snapshot).
class SlaRules {
 public:
  struct Snapshot {
    domain::WorkingCalendar calendar;
    domain::TargetTable targets;
  };
  SlaRules(domain::WorkingCalendar calendar, domain::TargetTable targets)
      : current_(
            std::make_shared<const Snapshot>(Snapshot{std::move(calendar), std::move(targets)})) {}
  std::shared_ptr<const Snapshot> Get() const {
    std::lock_guard lock(mu_);
    return current_;
  }
  void Set(std::shared_ptr<const Snapshot> next) {
    std::lock_guard lock(mu_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> current_;
};

// The catalogue in force (entities, categories, services). An administrator's change (or another
// node's, seen through Store::ConfigVersion) replaces it as a whole; a request takes one snapshot
// with Get() and keeps it for as long as it uses entries of it (pointers from FindEntity and
// FindCategory point into that snapshot).
class CatalogueInForce {
 public:
  explicit CatalogueInForce(domain::Catalogue catalogue)
      : current_(std::make_shared<const domain::Catalogue>(std::move(catalogue))) {}
  std::shared_ptr<const domain::Catalogue> Get() const {
    std::lock_guard lock(mu_);
    return current_;
  }
  void Set(std::shared_ptr<const domain::Catalogue> next) {
    std::lock_guard lock(mu_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const domain::Catalogue> current_;
};

class RoutingModels;    // api/routing.h
class AttachmentFiles;  // service/attachments.h
class IntakeLimits;     // service/intake_limits.h
class EServiceCache;    // service/eservices.h
class NewsBoard;        // service/news.h

struct AppContext {
  store::Store& store;
  CatalogueInForce& catalogue;
  SlaRules& sla;
  std::string pepper;                      // server secret mixed into access-code hashes
  http::HttpMetrics* metrics = nullptr;    // for /metrics
  std::function<bool()> draining;          // true once shutdown began (readyz -> 503)
  bool secure_cookies = false;             // add `Secure` (behind TLS)
  std::function<bool()> scheduler_leader;  // this node runs the scheduler now (for /metrics)
  RoutingModels* routing = nullptr;        // routing suggestions (null: none offered)
  double auto_route_confidence = 0;        // > 0: automatic routing at this confidence
  const AttachmentFiles* attachment_files = nullptr;  // where attachments are kept (null: none)
  IntakeLimits* intake_limits = nullptr;  // anonymous submissions per address/contact (null: none)
  EServiceCache* eservices = nullptr;     // the e-services index (null: /services is empty)
  NewsBoard* news = nullptr;  // news comments' options and limits (null: defaults, no limits)
  // Where the store's completions continue (the server's I/O threads), so that rendering an
  // answer never holds the store's single completion thread; unset (commands, tests): in place.
  std::function<void(std::function<void()>)> complete_elsewhere = nullptr;

  // Runs `work` through complete_elsewhere when set, else at once.
  void Complete(std::function<void()> work) const {
    if (complete_elsewhere) {
      complete_elsewhere(std::move(work));
    } else {
      work();
    }
  }
};

}  // namespace tawasul::service
