// The citizen's look-up of a case; see citizen_lookup.h.

#include "service/citizen_lookup.h"

#include <algorithm>

#include "service/case_service.h"

namespace tawasul::service {

LookupOutcome CitizenLookup::Guard(
    const std::string& client,
    const std::function<std::optional<domain::CaseRecord>()>& authorize) {
  LookupOutcome out;
  if (!failed_.WouldAllow(client)) {
    int retry_after = 0;
    failed_.Allow(client, &retry_after);  // takes nothing: there is no token to take
    out.kind = LookupOutcome::Kind::kLimited;
    out.retry_after = std::max(1, retry_after);
    return out;
  }
  out.record = authorize();
  if (!out.record) {
    failed_.Allow(client);  // a failure costs the address one token
    out.kind = LookupOutcome::Kind::kNotFound;
    return out;
  }
  out.kind = LookupOutcome::Kind::kFound;
  return out;
}

LookupOutcome CitizenLookup::Find(const std::string& client, std::string_view reference,
                                  std::string_view access_code, bool with_events) {
  std::vector<domain::CaseEvent> events;
  auto out = Guard(client, [&] {
    return FindCaseForCitizen(ctx_, reference, access_code, with_events ? &events : nullptr);
  });
  out.events = std::move(events);
  return out;
}

}  // namespace tawasul::service
