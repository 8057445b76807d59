// Erasure of personal data and retention periods (erasure.h).

#include "domain/erasure.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace tawasul::domain {

const std::vector<std::string>& PersonalFields() {
  static const std::vector<std::string> kFields = {"attachments",   "contact_email", "contact_name",
                                                   "contact_phone", "description",   "location",
                                                   "subject"};
  return kFields;
}

CaseChange ErasureChange(const CaseRecord& current, const std::set<std::string>& already,
                         const std::string& actor, const std::string& reason, Instant now,
                         ErasureDecision& decision) {
  CaseChange change;
  if (current.status != CaseStatus::kClosed) {
    decision = ErasureDecision::kNotClosed;
    return change;
  }
  std::vector<std::string> fields;
  for (const auto& f : PersonalFields()) {
    if (already.count(f) == 0) fields.push_back(f);
  }
  // Already erased (a case copied from another system keeps its events but not the row's
  // erasure mark): the row is emptied and marked again, with no new event.
  const bool again = fields.empty();
  decision = again ? ErasureDecision::kAlreadyErased : ErasureDecision::kOk;
  change.apply = true;
  change.next = current;
  CaseDraft& d = change.next.draft;
  for (const auto& f : again ? PersonalFields() : fields) {
    if (f == "subject") d.subject.clear();
    if (f == "description") d.description.clear();
    if (f == "contact_name") d.contact_name.clear();
    if (f == "contact_email") d.contact_email.clear();
    if (f == "contact_phone") d.contact_phone.clear();
    if (f == "location") d.location.reset();
  }
  if (again) {
    change.erased = PersonalFields();
    return change;
  }
  CaseEvent e;
  e.at = now;
  e.kind = EventKind::kPersonalDataErased;
  e.is_public = false;
  e.actor = actor;
  e.data = nlohmann::json{{"erased", fields}, {"reason", reason}}.dump();
  change.events.push_back(std::move(e));
  change.erased = std::move(fields);
  return change;
}

int RetentionPolicy::YearsFor(CaseType type) const {
  auto it = years.find(type);
  return it == years.end() ? 0 : it->second;
}

RetentionPolicy DefaultRetention() {
  return RetentionPolicy{{{CaseType::kComplaint, 5},
                          {CaseType::kSuggestion, 3},
                          {CaseType::kInquiry, 2},
                          {CaseType::kCompliment, 2}}};
}

std::optional<RetentionPolicy> ParseRetention(std::string_view text, std::string& error) {
  RetentionPolicy policy = DefaultRetention();
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    auto eq = item.find('=');
    auto type = eq == std::string_view::npos ? std::nullopt : ParseCaseType(item.substr(0, eq));
    int years = -1;
    if (type) {
      auto value = item.substr(eq + 1);
      auto r = std::from_chars(value.data(), value.data() + value.size(), years);
      if (r.ec != std::errc() || r.ptr != value.data() + value.size()) years = -1;
    }
    if (!type || years < 0 || years > 100) {
      error = "expected TYPE=YEARS (0..100) separated by commas, got \"" + std::string(item) + "\"";
      return std::nullopt;
    }
    policy.years[*type] = years;
  }
  return policy;
}

Instant RetentionCutoff(Instant now, int years) {
  return now - std::chrono::duration_cast<std::chrono::seconds>(std::chrono::years(years));
}

}  // namespace tawasul::domain
