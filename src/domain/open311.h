#pragma once
// Open311 GeoReport v2 (issue 17 item 1; docs/api.md "Open311"): how our catalogue, cases and
// statuses read in Open311 terms, and how an Open311 request becomes our submission. Pure.
//
// Invariants:
//  * A POSTed request becomes one domain::SubmissionInput (channel open311, type complaint) that
//    domain::ValidateSubmission judges like any other; this file checks only what Open311 adds
//    (its own field names, lat/long as numbers, one of lat+long or address_string, attributes,
//    media_url, jurisdiction_id). The validator's errors are renamed to the Open311 fields the
//    integrator sent (Open311FieldName), so every error names a field it knows.
//  * Public reads never carry personal data: the description, contact, address and
//    coordinates are not part of PublicRequestRow (store/open311_store.h) at all.
//  * A date window is at most kOpen311MaxWindow long; by default the last 90 days.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/intake.h"
#include "domain/language.h"
#include "domain/time.h"

namespace tawasul::domain {

inline constexpr std::string_view kOpen311Specification = "http://wiki.open311.org/GeoReport_v2";
// The one jurisdiction this server answers for; jurisdiction_id may be omitted or equal to it.
inline constexpr std::string_view kOpen311Jurisdiction = "bh";
inline constexpr std::chrono::days kOpen311MaxWindow{90};
inline constexpr int kOpen311MaxResults = 1000;
inline constexpr std::size_t kOpen311MaxIds = 100;  // service_request_id list items
inline constexpr std::size_t kOpen311MediaUrlMax = 2000;

// Open311's two statuses: received, in_progress and awaiting_citizen are open; answered and
// closed are closed (the entity has answered; a reopened case is open again).
bool IsOpen311Open(CaseStatus status);
std::string_view Open311Status(CaseStatus status);

// One service of `services.{xml,json}`: a category of the catalogue.
struct Open311Service {
  std::string code, name, description, keywords, group;
  bool metadata = false;  // the category asks for extra fields (none do today)
};
std::vector<Open311Service> Open311Services(const Catalogue& catalogue, Language language);

// A POST requests.{xml,json} form body, read into our submission.
struct Open311Post {
  std::string api_key;
  SubmissionInput input;
  std::vector<FieldError> errors;  // Open311's own checks (field names as Open311 spells them)
};
// `catalogue` picks the case type (a complaint where the category allows it).
Open311Post ReadOpen311Post(const std::vector<std::pair<std::string, std::string>>& fields,
                            const Catalogue& catalogue);

// The Open311 field that an error of domain::ValidateSubmission refers to ("contact.email" ->
// "email", "category" -> "service_code", "subject" -> "description", ...).
std::string Open311FieldName(std::string_view intake_field);

// The subject of a case made from an Open311 description: its text on one line, at most 200
// characters (Open311 requests have no subject).
std::string SubjectFromDescription(std::string_view description);

// GET requests.{xml,json}: the query as given ("" : absent) and as understood.
struct Open311QueryInput {
  std::string service_request_id, service_code, start_date, end_date, status;
};
struct Open311Query {
  std::vector<std::string> references;  // canonical; empty: by window
  std::string service_code;
  Instant from{}, to{};      // [from, to): start_date and end_date both included
  std::optional<bool> open;  // status=open|closed
};
// The query, or the first error (field name and message). `now` bounds the default window.
std::variant<Open311Query, FieldError> ParseOpen311Query(const Open311QueryInput& in, Instant now);

// A W3C date-time with a zone ("2026-12-07T10:00:00+03:00", "…Z"); a '+' turned into a space by
// form decoding of a query string is read back as '+'.
std::optional<Instant> ParseW3cDateTime(std::string_view s);

}  // namespace tawasul::domain
