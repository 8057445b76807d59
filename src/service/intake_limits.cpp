// Anonymous intake limits; see intake_limits.h.

#include "service/intake_limits.h"

#include <algorithm>
#include <vector>

namespace tawasul::service {

IntakeLimits::IntakeLimits(IntakeLimitOptions o)
    : per_address_(o.per_address_per_hour / 60.0, o.per_address_burst),
      per_contact_(o.per_contact_per_day / (24.0 * 60.0), o.per_contact_burst),
      upload_bytes_(o.upload_bytes_per_address_per_hour / 60.0,
                    o.upload_bytes_per_address_per_hour),
      unreferenced_bytes_(
          o.unreferenced_upload_bytes / (60.0 * std::max(o.unreferenced_window_hours, 1.0 / 60)),
          o.unreferenced_upload_bytes) {}

int IntakeLimits::TakeUploadBytes(const std::string& address, std::size_t bytes) {
  if (bytes == 0) return 0;
  const double cost = static_cast<double>(bytes);
  int retry = 0;
  // Look at the address's budget first: a refusal by one budget must not spend the other.
  if (!upload_bytes_.WouldAllowCost(address, cost, &retry)) return std::max(retry, 1);
  if (!unreferenced_bytes_.AllowCost("", cost, &retry)) return std::max(retry, 1);
  upload_bytes_.AllowCost(address, cost);
  return 0;
}

int IntakeLimits::Take(const std::string& address, const domain::CaseDraft& draft) {
  // Keys are prefixed so an email can never share a bucket with a phone number.
  std::vector<std::string> contacts;
  if (!draft.contact_email.empty()) contacts.push_back("e:" + draft.contact_email);
  if (!draft.contact_phone.empty()) contacts.push_back("p:" + draft.contact_phone);
  // Look first, take after: a refusal by one bucket must not spend the others.
  int wait = 0;
  auto blocked = [&](http::RateLimiter& limiter, const std::string& key) {
    if (limiter.WouldAllow(key)) return false;
    int retry = 1;
    limiter.Allow(key, &retry);  // refused: takes nothing, reports the wait
    wait = std::max({wait, retry, 1});
    return true;
  };
  bool refused = blocked(per_address_, address);
  for (const auto& key : contacts) refused = blocked(per_contact_, key) || refused;
  if (refused) return wait;
  per_address_.Allow(address);
  for (const auto& key : contacts) per_contact_.Allow(key);
  return 0;
}

}  // namespace tawasul::service
