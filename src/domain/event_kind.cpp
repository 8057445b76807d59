// The names of the event kinds: one table, in the enum's order (event_kind.h).

#include "domain/event_kind.h"

#include <array>
#include <ostream>

namespace tawasul::domain {

namespace {

// Index = the enum's value; kOther (the last) has no entry.
// (A table: a new name goes on a line of its own at the end.)
// clang-format off
constexpr std::array<std::string_view, kEventKindCount - 1> kEventNames = {
    "received",      "assign",  "reply",     "note",           "request_info",
    "answer",        "reject",  "transfer",  "extend",         "merge",
    "citizen_reply", "rate",    "reopen",    "info_timeout",   "close",
    "breached",      "warning", "escalated", "due_recomputed", "personal_data_erased",
    "suggestion_outcome"};
// clang-format on
static_assert(static_cast<int>(EventKind::kOther) == kEventKindCount - 1);

}  // namespace

std::string_view ToString(EventKind kind) {
  if (kind == EventKind::kOther) return {};
  return kEventNames[static_cast<std::size_t>(kind)];
}

std::optional<EventKind> ParseEventKind(std::string_view name) {
  for (std::size_t i = 0; i < kEventNames.size(); ++i) {
    if (kEventNames[i] == name) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, EventKind kind) {
  return out << (kind == EventKind::kOther ? std::string_view("other") : ToString(kind));
}

}  // namespace tawasul::domain
