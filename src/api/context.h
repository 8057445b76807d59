#pragma once
// What every handler needs, wired once by src/app and passed by reference (no globals).

#include <functional>
#include <memory>
#include <string>

#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "http/metrics.h"
#include "store/store.h"

namespace tawasul::api {

struct AppContext {
  store::Store& store;
  const domain::Catalogue& catalogue;
  const domain::WorkingCalendar& calendar;
  std::string pepper;                       // server secret mixed into access-code hashes
  http::HttpMetrics* metrics = nullptr;     // for /metrics
  std::function<bool()> draining;           // true once shutdown began (readyz -> 503)
  bool secure_cookies = false;              // add `Secure` (behind TLS)
};

}  // namespace tawasul::api
