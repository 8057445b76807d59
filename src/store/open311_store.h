#pragma once
// The public reads of Open311 GeoReport v2 (issue 17 item 1; docs/api.md "Open311"): service
// requests as anyone may see them. An interface of its own beside `Store`, reached by
// Store::Open311(), so that the files including store.h do not depend on it.
//
// Invariant: a PublicRequestRow holds no personal data (no description, contact, address or
// coordinates): the statements behind it select only the columns below, so nothing personal is
// ever read on this path, let alone rendered.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/time.h"

namespace tawasul::store {

struct PublicRequestRow {
  std::string reference;
  domain::CaseStatus status = domain::CaseStatus::kReceived;
  std::string entity;
  std::string category;  // "" when the case was filed with an entity only
  domain::Instant submitted_at{};
  domain::Instant due_at{};
  std::optional<domain::Instant> first_response_at, answered_at, closed_at;
};

struct PublicRequestQuery {
  domain::Instant from{}, to{};  // submitted_at in [from, to)
  std::string category;          // "": any
  std::optional<bool> open;      // nullopt: any status; true: open ones; false: closed ones
  int limit = 1000;
};

class Open311Store {
 public:
  virtual ~Open311Store() = default;
  // Cases matching `query` that have a category, newest first (by submission, then id).
  virtual std::vector<PublicRequestRow> PublicRequests(const PublicRequestQuery& query) = 0;
  // The case with this canonical reference, when it has a category.
  virtual std::optional<PublicRequestRow> PublicRequest(const std::string& reference) = 0;
};

}  // namespace tawasul::store
