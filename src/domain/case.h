#pragma once
// The case as the domain sees it: its enumerations (type, status, channel), the validated
// submission (CaseDraft), the stored record and its public/internal events. Strings that cross
// the API are the lowercase snake_case names of DESIGN.md §2.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case_clock.h"
#include "domain/event_kind.h"
#include "domain/language.h"
#include "domain/time.h"

namespace tawasul::domain {

enum class CaseType { kComplaint, kSuggestion, kInquiry, kCompliment };
enum class CaseStatus { kReceived, kInProgress, kAwaitingCitizen, kAnswered, kClosed };
enum class Channel { kWeb, kApp, kPhone, kCounter, kEmail, kApi, kOpen311 };

std::string_view ToString(CaseType t);
std::string_view ToString(CaseStatus s);
std::string_view ToString(Channel c);
std::optional<CaseType> ParseCaseType(std::string_view s);
std::optional<CaseStatus> ParseCaseStatus(std::string_view s);
std::optional<Channel> ParseChannel(std::string_view s);

// How the citizen wants to hear about the case (docs/notifications.md): kAuto picks email when
// given, else SMS. Stored as "" (auto), "email", "sms" or "none".
enum class NotifyChoice { kAuto, kEmail, kSms, kNone };
std::string_view ToString(NotifyChoice n);
std::optional<NotifyChoice> ParseNotifyChoice(std::string_view s);

struct Location {
  double lat = 0;
  double lon = 0;
  std::string address;
};

// A submission that passed validation: trimmed, normalised (E.164 phone, lowercase email
// domain), routed (entity resolved from the category) and with its language decided.
struct CaseDraft {
  CaseType type = CaseType::kComplaint;
  std::string category;  // may be empty when the citizen named only an entity
  std::string entity;
  std::string service;
  std::string subject;
  std::string description;
  Language language = Language::kArabic;
  Channel channel = Channel::kWeb;
  std::string contact_name;
  std::string contact_email;
  std::string contact_phone;  // E.164
  bool anonymous = false;
  std::optional<Location> location;
  NotifyChoice notify = NotifyChoice::kAuto;
};

// Working-day targets of DESIGN.md §3 (defaults until per-entity targets exist).
struct Targets {
  int first_response_days = 2;
  int resolution_days = 14;
};
Targets DefaultTargets(CaseType type);

struct CaseEvent {
  std::int64_t seq = 0;  // 1-based position in the case's history
  Instant at{};
  EventKind kind = EventKind::kOther;
  std::string other_kind;  // kind kOther: the stored name this version does not know
  bool is_public = true;
  std::string actor;  // "citizen", "system" or "user:<id>"
  std::string body;
  std::string data;  // structured details as JSON text (reason, entity, score, days), or ""
};

// The event's kind by name, as stored, hashed and shown: ToString(kind), or other_kind.
std::string_view KindName(const CaseEvent& e);
// Sets the kind from a stored name: a name this version does not know becomes kOther and is kept
// in other_kind (event_kind.h), so the event is shown, exported and hash-checked as stored.
void SetKindName(CaseEvent& e, std::string_view name);

// A case as stored. Access code material stays with the record so the check is one read.
struct CaseRecord {
  std::int64_t id = 0;
  std::string reference;
  CaseStatus status = CaseStatus::kReceived;
  CaseDraft draft;
  std::string access_hash;
  std::string access_salt;
  Instant submitted_at{};
  Instant first_response_due_at{};
  Instant due_at{};
  std::optional<Instant> first_response_at;
  std::optional<Instant> answered_at;
  std::optional<Instant> closed_at;
  // Lifecycle projection (kept on the row for fast reads; the events are the history).
  std::int64_t assignee_id = 0;
  int cycle = 1;
  bool extended_this_cycle = false;
  bool rated_this_answer = false;
  int reopen_count = 0;
  std::optional<int> rating;
  std::optional<Instant> paused_at;  // start of the open pause while awaiting the citizen
  CaseClock clock;                   // the inputs the due times are computed from
  std::optional<Instant> warn_at;    // 75% of the resolution clock (scheduler warning)
  bool warned = false;               // the warning was sent for this cycle
  bool escalated = false;            // the breach was escalated to central administration
  std::string merged_into;
  bool first_response_breached = false;  // a "breached" event was recorded for this clock
  bool resolution_breached = false;
  // The salts of the submission digest (submission_digest.h), as stored beside the case; read
  // only where a whole case is carried (export, copy) and by the audit.
  std::string submission_salts;
};

// The clocks of a cycle starting at `start`, with the targets `table` resolves for the case's
// entity, type and category (most specific rule wins).
CaseClock StartClock(const TargetTable& table, const CaseDraft& draft, Instant start);

// Sets the record's due times from its clock: the resolution due time and the 75% warning
// (both left as they are while a pause stops the clock) and, while the cycle has no first
// response, the first-response due time. Returns whether any of them changed.
bool RecomputeDueTimes(const WorkingCalendar& calendar, CaseRecord& record);

// The hash that chains a case's events (DESIGN.md §2): BLAKE2b-256 over the previous hash and
// every field of the event, so editing or deleting any event breaks every later link. `data` is
// hashed only when non-empty (length-prefixed fields keep that unambiguous).
std::string EventHash(std::string_view prev_hash, std::string_view reference, const CaseEvent& e);

}  // namespace tawasul::domain
