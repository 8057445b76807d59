#pragma once
// Open311 request updates, mySociety's `servicerequestupdates` extension (issue 17;
// docs/open311.md "Updates"): which events of a case are public updates, the extended status
// each one reads as, its fixed wording, the GET window and the POSTed citizen's update. Pure.
//
// Invariants:
//  * An update says only what kind of thing happened: its status is a function of the event's
//    kind alone (Open311UpdateStatus, the table in docs/open311.md) and its description is a fixed
//    wording of that status (Open311UpdateWording), never the event's text: an entity's answer or
//    a citizen's reply may hold personal data (docs/decisions.md 2026-12-07).
//  * Events that are not public changes (received, assign, note, rate, the scheduler's, erasure,
//    suggestion outcomes) are not updates; the store's statement lists the same kinds
//    (Open311UpdateKinds; a unit test keeps the two equal).
//  * A GET window is at most kOpen311UpdatesMaxWindow long; by default the last 24 hours.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/event_kind.h"
#include "domain/intake.h"
#include "domain/language.h"
#include "domain/time.h"

namespace tawasul::domain {

inline constexpr std::chrono::days kOpen311UpdatesMaxWindow{31};
inline constexpr std::chrono::hours kOpen311UpdatesDefaultWindow{24};
inline constexpr int kOpen311MaxUpdates = 1000;
inline constexpr std::size_t kOpen311UpdateTextMax = 10000;  // as a citizen's reply

// The extended status an event reads as; nullopt when the event is not a public update.
std::optional<std::string_view> Open311UpdateStatus(EventKind kind);
// Every kind Open311UpdateStatus maps, in EventKind order.
std::vector<EventKind> Open311UpdateKinds();
// The fixed public description of an update of `status` (an Open311UpdateStatus value).
std::string_view Open311UpdateWording(std::string_view status, Language language);
// "<reference>-<seq>": an update's id, the same in GET and in a POST's answer.
std::string Open311UpdateId(std::string_view reference, std::int64_t seq);

// GET servicerequestupdates: [from, to), both ends given included.
struct Open311Window {
  Instant from{}, to{};
};
// start_date and end_date as given ("" : absent), or the first error.
std::variant<Open311Window, FieldError> ParseOpen311UpdatesWindow(std::string_view start_date,
                                                                  std::string_view end_date,
                                                                  Instant now);

// A POST servicerequestupdates form body, read.
struct Open311UpdatePost {
  std::string api_key;
  std::string reference;           // canonical; "" when absent or invalid (see errors)
  std::string description;         // the citizen's text, trimmed
  std::vector<FieldError> errors;  // in field order; the first is answered
};
Open311UpdatePost ReadOpen311UpdatePost(
    const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace tawasul::domain
