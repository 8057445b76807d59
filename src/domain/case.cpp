// Case enumerations, default targets and the event hash. The string forms are part of the API
// contract (docs/API.md) and of the stored data: never rename one.

#include "domain/case.h"

#include <sodium.h>
#include <array>

namespace tawasul::domain {

namespace {
constexpr std::array<std::string_view, 4> kTypeNames = {"complaint", "suggestion", "inquiry",
                                                        "compliment"};
constexpr std::array<std::string_view, 5> kStatusNames = {"received", "in_progress",
                                                          "awaiting_citizen", "answered", "closed"};
constexpr std::array<std::string_view, 7> kChannelNames = {"web",   "app", "phone",  "counter",
                                                           "email", "api", "open311"};
constexpr std::array<std::string_view, 4> kNotifyNames = {"", "email", "sms", "none"};

template <typename E, std::size_t N>
std::optional<E> ParseName(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

void AppendField(std::string& buf, std::string_view field) {
  // Length-prefixed so that field boundaries cannot be shifted to forge an equal hash input.
  std::uint64_t n = field.size();
  for (int i = 0; i < 8; ++i) buf.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  buf.append(field);
}
}  // namespace

std::string_view ToString(CaseType t) { return kTypeNames[static_cast<int>(t)]; }
std::string_view ToString(CaseStatus s) { return kStatusNames[static_cast<int>(s)]; }
std::string_view ToString(Channel c) { return kChannelNames[static_cast<int>(c)]; }
std::optional<CaseType> ParseCaseType(std::string_view s) {
  return ParseName<CaseType>(kTypeNames, s);
}
std::optional<CaseStatus> ParseCaseStatus(std::string_view s) {
  return ParseName<CaseStatus>(kStatusNames, s);
}
std::optional<Channel> ParseChannel(std::string_view s) {
  return ParseName<Channel>(kChannelNames, s);
}
std::string_view ToString(NotifyChoice n) { return kNotifyNames[static_cast<int>(n)]; }
std::optional<NotifyChoice> ParseNotifyChoice(std::string_view s) {
  return ParseName<NotifyChoice>(kNotifyNames, s);
}

Targets DefaultTargets(CaseType type) {
  switch (type) {
    case CaseType::kInquiry:
    case CaseType::kCompliment:
      return {2, 5};
    case CaseType::kComplaint:
    case CaseType::kSuggestion:
      return {2, 14};
  }
  return {2, 14};
}

CaseClock StartClock(const TargetTable& table, const CaseDraft& draft, Instant start) {
  TargetRule rule = table.Resolve(draft.entity, ToString(draft.type), draft.category);
  CaseClock c;
  c.start = start;
  c.first_response = rule.first_response;
  c.resolution = rule.resolution;
  return c;
}

bool RecomputeDueTimes(const WorkingCalendar& calendar, CaseRecord& r) {
  bool changed = false;
  if (auto due = ResolutionDue(calendar, r.clock)) {
    changed |= *due != r.due_at;
    r.due_at = *due;
    auto warn = WarningAt(calendar, r.clock);
    changed |= warn != r.warn_at;
    r.warn_at = warn;
  }
  if (!r.first_response_at) {
    if (auto due = FirstResponseDue(calendar, r.clock)) {
      changed |= *due != r.first_response_due_at;
      r.first_response_due_at = *due;
    }
  }
  return changed;
}

std::string_view KindName(const CaseEvent& e) {
  return e.kind == EventKind::kOther ? std::string_view(e.other_kind) : ToString(e.kind);
}

void SetKindName(CaseEvent& e, std::string_view name) {
  auto kind = ParseEventKind(name);
  e.kind = kind.value_or(EventKind::kOther);
  e.other_kind = kind ? std::string() : std::string(name);
}

std::string EventHash(std::string_view prev_hash, std::string_view reference, const CaseEvent& e) {
  std::string buf;
  const std::string_view kind = KindName(e);
  buf.reserve(64 + reference.size() + kind.size() + e.actor.size() + e.body.size());
  AppendField(buf, prev_hash);
  AppendField(buf, reference);
  AppendField(buf, std::to_string(e.seq));
  AppendField(buf, std::to_string(e.at.time_since_epoch().count()));
  AppendField(buf, kind);
  AppendField(buf, e.is_public ? "public" : "internal");
  AppendField(buf, e.actor);
  AppendField(buf, e.body);
  if (!e.data.empty()) AppendField(buf, e.data);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(buf.data()),
                     buf.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace tawasul::domain
