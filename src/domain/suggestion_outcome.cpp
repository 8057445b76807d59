// A suggestion's outcome: the stage machine, the checks of one recording and the fold over the
// history (suggestion_outcome.h). The event's data is the record; nothing else is stored here.

#include "domain/suggestion_outcome.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "domain/language.h"
#include "domain/notifications.h"

namespace tawasul::domain {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 5> kStageNames = {"under_study", "accepted", "in_progress",
                                                         "implemented", "declined"};

// Text a citizen may read back on a page: valid UTF-8, no control characters (a line break only
// where `multiline`), no bidi embeddings or overrides (they reorder what follows them).
bool IsCleanText(std::string_view s, bool multiline) {
  if (!IsValidUtf8(s)) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == '\n' && multiline) continue;
    if (b < 0x20 || b == 0x7F) return false;
    // U+202A..U+202E (E2 80 AA..AE) and U+2066..U+2069 (E2 81 A6..A9).
    if (b == 0xE2 && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) return false;
      if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) return false;
    }
  }
  return true;
}

// Checks one text field: present and non-empty when `required`, at most `max` characters, clean.
// Returns the trimmed text, or sets `d` to kInvalid naming `field`.
std::string CheckText(const std::optional<std::string>& value, const char* field, std::size_t max,
                      bool multiline, OutcomeDecision& d) {
  if (d.outcome != Outcome::kOk) return {};
  std::string text = value ? TrimText(*value) : std::string();
  auto fail = [&](const char* code) {
    d.outcome = Outcome::kInvalid;
    d.code = code;
    d.field = field;
    return std::string();
  };
  if (text.empty()) return fail("required");
  if (!IsCleanText(text, multiline)) return fail("invalid_text");
  if (Utf8Length(text) > max) return fail("too_long");
  return text;
}

void Refuse(OutcomeDecision& d, Outcome outcome, const char* code, const char* field = "") {
  d.outcome = outcome;
  d.code = code;
  d.field = field;
}

// The citizen's words for a stage, in the case's language (the message carries them as values).
std::string StageWords(SuggestionStage stage, int progress, Language lang) {
  const bool ar = lang == Language::kArabic;
  switch (stage) {
    case SuggestionStage::kUnderStudy:
      return ar ? "قيد الدراسة" : "under study";
    case SuggestionStage::kAccepted:
      return ar ? "قُبل" : "accepted";
    case SuggestionStage::kInProgress:
      return (ar ? "قيد التنفيذ (" : "in progress (") + std::to_string(progress) +
             (ar ? "٪)" : "%)");
    case SuggestionStage::kImplemented:
      return ar ? "نُفّذ" : "implemented";
    case SuggestionStage::kDeclined:
      return ar ? "اعتُذر عن تنفيذه" : "declined";
  }
  return {};
}

}  // namespace

std::string_view ToString(SuggestionStage stage) {
  return kStageNames[static_cast<std::size_t>(stage)];
}

std::optional<SuggestionStage> ParseSuggestionStage(std::string_view s) {
  for (std::size_t i = 0; i < kStageNames.size(); ++i) {
    if (kStageNames[i] == s) return static_cast<SuggestionStage>(i);
  }
  return std::nullopt;
}

std::vector<SuggestionStage> NextStages(std::optional<SuggestionStage> from) {
  using S = SuggestionStage;
  if (!from) return {S::kUnderStudy, S::kAccepted, S::kDeclined};
  switch (*from) {
    case S::kUnderStudy:
      return {S::kAccepted, S::kDeclined};
    case S::kAccepted:
      return {S::kInProgress, S::kDeclined};
    case S::kInProgress:
      return {S::kInProgress, S::kImplemented};
    case S::kImplemented:
    case S::kDeclined:
      return {};
  }
  return {};
}

SuggestionOutcome OutcomeOf(const std::vector<CaseEvent>& events) {
  SuggestionOutcome out;
  for (const auto& e : events) {
    if (e.kind != EventKind::kSuggestionOutcome) continue;
    json data = json::parse(e.data, nullptr, false);
    if (!data.is_object() || !data.contains("stage") || !data["stage"].is_string()) continue;
    auto stage = ParseSuggestionStage(data["stage"].get<std::string>());
    if (!stage) continue;
    out.stage = stage;
    out.updated_at = e.at;
    if (data.contains("progress") && data["progress"].is_number_integer()) {
      out.progress = data["progress"].get<int>();
    }
    if (data.contains("milestone") && data["milestone"].is_object()) {
      const auto& m = data["milestone"];
      auto date = ParseDate(m.value("date", ""));
      if (date) out.milestones.push_back({*date, m.value("text", "")});
    }
    if (*stage == SuggestionStage::kAccepted) out.accepted_at = e.at;
    if (*stage == SuggestionStage::kImplemented) {
      out.implemented_at = e.at;
      out.progress = 100;
      out.summary = data.value("summary", "");
    }
    if (*stage == SuggestionStage::kDeclined) {
      out.declined_at = e.at;
      out.reason = data.value("reason", "");
    }
  }
  return out;
}

namespace {

// Who may record an outcome, on which case, and which fields the requested stage allows: the
// stage asked for, or nothing with the refusal in `d`. A bad field is named even when the
// transition would also be refused.
std::optional<SuggestionStage> CheckOutcomeRequest(const CaseRecord& current, const Actor& actor,
                                                   const OutcomeRequest& request,
                                                   OutcomeDecision& d) {
  if (IsEntityRole(actor.role) && actor.entity != current.draft.entity) {
    Refuse(d, Outcome::kNotFound, "not_found");
    return std::nullopt;
  }
  if (actor.role != Role::kAgent && actor.role != Role::kSupervisor) {
    Refuse(d, Outcome::kForbidden, "forbidden");
    return std::nullopt;
  }
  if (current.draft.type != CaseType::kSuggestion) {
    Refuse(d, Outcome::kConflict, "not_a_suggestion", "stage");
    return std::nullopt;
  }
  // The input, field by field, before the transition (a bad field is named even when the
  // transition would also be refused).
  if (!request.stage) {
    Refuse(d, Outcome::kInvalid, "required", "stage");
    return std::nullopt;
  }
  auto stage = ParseSuggestionStage(*request.stage);
  if (!stage) {
    Refuse(d, Outcome::kInvalid, "invalid_value", "stage");
    return std::nullopt;
  }
  using S = SuggestionStage;
  const bool in_progress = *stage == S::kInProgress;
  if (request.progress && !in_progress) {
    Refuse(d, Outcome::kInvalid, "not_allowed", "progress");
  } else if (request.progress && (*request.progress < 0 || *request.progress > 100)) {
    Refuse(d, Outcome::kInvalid, "out_of_range", "progress");
  } else if ((request.milestone_date || request.milestone_text) && !in_progress &&
             *stage != S::kImplemented) {
    Refuse(d, Outcome::kInvalid, "not_allowed", "milestone");
  } else if (request.reason && *stage != S::kDeclined) {
    Refuse(d, Outcome::kInvalid, "not_allowed", "reason");
  } else if (request.summary && *stage != S::kImplemented) {
    Refuse(d, Outcome::kInvalid, "not_allowed", "summary");
  }
  if (d.outcome != Outcome::kOk) return std::nullopt;
  return stage;
}

// The accepted outcome as a public case event, and the citizen's notification.
void RecordOutcome(OutcomeDecision& d, const CaseRecord& current, const Actor& actor,
                   SuggestionStage stage, int progress, const std::string& body, const json& data,
                   Instant now) {
  CaseEvent e;
  e.at = now;
  e.kind = EventKind::kSuggestionOutcome;
  e.is_public = true;
  e.actor = "user:" + std::to_string(actor.user_id);
  e.body = body;
  e.data = data.dump();
  d.change.apply = true;
  d.change.next = current;
  d.change.events.push_back(std::move(e));
  const auto& draft = current.draft;
  if (auto channel = CitizenChannel(draft)) {
    OutboxMessage m;
    m.created_at = now;
    m.kind = "suggestion_outcome";
    m.recipient = "case";
    m.payload = json{
        {"entity", draft.entity},
        {"stage", StageWords(stage, progress, draft.language)},
        {"detail",
         body}}.dump();
    m.channel = *channel;
    m.language = draft.language;
    m.masked = MaskedContact(draft, *channel);
    m.essential = false;  // news, not something the citizen must act on
    d.change.outbox.push_back(std::move(m));
  } else {
    d.change.unsent.push_back("suggestion_outcome");
  }
}

}  // namespace

OutcomeDecision DecideOutcome(const CaseRecord& current, const SuggestionOutcome& outcome,
                              const Actor& actor, const OutcomeRequest& request, Instant now) {
  OutcomeDecision d;
  auto stage = CheckOutcomeRequest(current, actor, request, d);
  if (!stage) return d;
  using S = SuggestionStage;
  const bool in_progress = *stage == S::kInProgress;
  json data = {{"stage", std::string(ToString(*stage))}};
  std::string body;
  if (request.milestone_date || request.milestone_text) {
    auto date = ParseDate(request.milestone_date.value_or(""));
    if (!date) {
      Refuse(d, Outcome::kInvalid, request.milestone_date ? "invalid_date" : "required",
             "milestone.date");
      return d;
    }
    std::string text =
        CheckText(request.milestone_text, "milestone.text", kMilestoneTextMax, false, d);
    if (d.outcome != Outcome::kOk) return d;
    data["milestone"] = {{"date", FormatDate(*date)}, {"text", text}};
    body = FormatDate(*date) + ": " + text;
  }
  if (*stage == S::kDeclined) {
    body = CheckText(request.reason, "reason", kOutcomeReasonMax, true, d);
    data["reason"] = body;
  }
  if (*stage == S::kImplemented) {
    std::string summary = CheckText(request.summary, "summary", kOutcomeSummaryMax, true, d);
    data["summary"] = summary;
    body = body.empty() ? summary : summary + "\n" + body;
  }
  if (d.outcome != Outcome::kOk) return d;
  int progress = outcome.progress;
  if (in_progress) {
    progress = request.progress.value_or(outcome.stage == S::kInProgress ? outcome.progress : 0);
    data["progress"] = progress;
  }
  // The transition, last.
  auto next = NextStages(outcome.stage);
  if (std::find(next.begin(), next.end(), *stage) == next.end()) {
    Refuse(d, Outcome::kConflict, "illegal_transition", "stage");
    return d;
  }
  if (in_progress && outcome.stage == S::kInProgress && progress == outcome.progress &&
      !data.contains("milestone")) {
    Refuse(d, Outcome::kConflict, "no_change", "progress");
    return d;
  }
  RecordOutcome(d, current, actor, *stage, progress, body, data, now);
  return d;
}

}  // namespace tawasul::domain
