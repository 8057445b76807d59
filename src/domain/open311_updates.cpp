// Open311 request updates (see open311_updates.h for the invariants).
//
// Choices the extension leaves to the server (docs/decisions.md, 2026-12-07):
//  * A POSTed update is the citizen's reply (ActionKind::kCitizenReply) on the citizen's behalf by
//    the key that created the request: its `status` is checked (open or closed, any case) but
//    changes nothing, since only the entity moves a case; the contact fields are accepted and not
//    stored (the case has its contact already); media_url joins the text, as for a request.
//  * A reject reads as no_further_action whatever its reason (the reason is not read on this path).

#include "domain/open311_updates.h"

#include <array>
#include <cctype>
#include <map>
#include <set>

#include "domain/open311.h"
#include "domain/reference.h"

namespace tawasul::domain {

namespace {

struct UpdateMapping {
  EventKind kind;
  std::string_view status;
};

// The table of docs/open311.md "Updates", in EventKind order.
constexpr std::array<UpdateMapping, 11> kMappings = {{
    {EventKind::kReply, "in_progress"},
    {EventKind::kRequestInfo, "investigating"},
    {EventKind::kAnswer, "closed"},
    {EventKind::kReject, "no_further_action"},
    {EventKind::kTransfer, "in_progress"},
    {EventKind::kExtend, "action_scheduled"},
    {EventKind::kMerge, "duplicate"},
    {EventKind::kCitizenReply, "open"},
    {EventKind::kReopen, "reopen"},
    {EventKind::kInfoTimeout, "in_progress"},
    {EventKind::kClose, "closed"},
}};

struct Wording {
  std::string_view status, ar, en;
};
constexpr std::array<Wording, 9> kWordings = {{
    {"open", "أضاف المواطن معلومات إلى الملاحظة", "The reporter added information"},
    {"in_progress", "الملاحظة قيد المعالجة", "The request is being handled"},
    {"investigating", "طلبت الجهة معلومات إضافية من المواطن",
     "The entity asked the reporter for information"},
    {"action_scheduled", "مُدّد الموعد المتوقع للرد", "The response date was extended"},
    {"duplicate", "دُمجت الملاحظة في ملاحظة أخرى", "The request was merged into another one"},
    {"not_responsible", "الجهة غير مختصة بالملاحظة", "The entity is not responsible"},
    {"no_further_action", "لا إجراء آخر على الملاحظة", "No further action will be taken"},
    {"reopen", "أُعيدَ فتح الملاحظة", "The request was reopened"},
    {"closed", "تم الرد على الملاحظة أو أُغلقت", "The entity answered or the request was closed"},
}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

const std::set<std::string_view>& KnownUpdateFields() {
  static const std::set<std::string_view> kFields = {
      "api_key",   "jurisdiction_id", "service_request_id", "update_id", "updated_datetime",
      "status",    "description",     "media_url",          "email",     "first_name",
      "last_name", "phone",           "account_id",         "device_id"};
  return kFields;
}

}  // namespace

std::optional<std::string_view> Open311UpdateStatus(EventKind kind) {
  for (const auto& m : kMappings) {
    if (m.kind == kind) return m.status;
  }
  return std::nullopt;
}

std::vector<EventKind> Open311UpdateKinds() {
  std::vector<EventKind> out;
  for (const auto& m : kMappings) out.push_back(m.kind);
  return out;
}

std::string_view Open311UpdateWording(std::string_view status, Language language) {
  for (const auto& w : kWordings) {
    if (w.status == status) return language == Language::kArabic ? w.ar : w.en;
  }
  return "";
}

std::string Open311UpdateId(std::string_view reference, std::int64_t seq) {
  return std::string(reference) + "-" + std::to_string(seq);
}

std::variant<Open311Window, FieldError> ParseOpen311UpdatesWindow(std::string_view start_date,
                                                                  std::string_view end_date,
                                                                  Instant now) {
  std::optional<Instant> start, end;
  if (!start_date.empty() && !(start = ParseW3cDateTime(start_date))) {
    return FieldError{"start_date", "invalid_date",
                      "start_date must be a W3C date-time with a zone (2026-12-07T10:00:00+03:00)"};
  }
  if (!end_date.empty() && !(end = ParseW3cDateTime(end_date))) {
    return FieldError{"end_date", "invalid_date",
                      "end_date must be a W3C date-time with a zone (2026-12-07T10:00:00+03:00)"};
  }
  Instant last = end ? *end : now;
  Open311Window w;
  w.from = start ? *start : last - kOpen311UpdatesDefaultWindow;
  if (last < w.from) return FieldError{"end_date", "before_start", "end_date is before start_date"};
  if (last - w.from > kOpen311UpdatesMaxWindow) {
    return FieldError{"end_date", "window_too_long",
                      "start_date and end_date are more than 31 days apart"};
  }
  w.to = last + std::chrono::seconds(1);
  return w;
}

Open311UpdatePost ReadOpen311UpdatePost(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  Open311UpdatePost out;
  auto error = [&](std::string field, std::string code, std::string message) {
    out.errors.push_back({std::move(field), std::move(code), std::move(message)});
  };
  std::map<std::string, std::string> given;
  for (const auto& [name, value] : fields) {
    if (!KnownUpdateFields().contains(name)) {
      error(name, "unknown_field", name + " is not an Open311 update field");
    } else if (!given.emplace(name, value).second) {
      error(name, "repeated", name + " is given more than once");
    }
  }
  auto get = [&](std::string_view name) -> std::string {
    auto it = given.find(std::string(name));
    return it == given.end() ? std::string() : std::string(Trim(it->second));
  };
  out.api_key = get("api_key");
  if (std::string j = get("jurisdiction_id"); !j.empty() && j != kOpen311Jurisdiction) {
    error("jurisdiction_id", "unknown", "jurisdiction_id must be omitted or \"bh\"");
  }
  std::string id = get("service_request_id");
  if (id.empty()) {
    error("service_request_id", "required", "service_request_id is required");
  } else if (auto ref = ParseReference(id)) {
    out.reference = FormatReference(*ref);
  } else {
    error("service_request_id", "invalid", "service_request_id is not a reference");
  }
  std::string status = get("status");
  for (char& c : status) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!status.empty() && status != "open" && status != "closed") {
    error("status", "invalid_value", "status must be open or closed");
  }
  out.description = get("description");
  if (out.description.empty()) {
    error("description", "required", "description is required");
  } else if (out.description.size() > kOpen311UpdateTextMax) {
    error("description", "too_long", "description must have at most 10000 bytes");
  }
  // A photo's address is recorded with the text, as for a request (never fetched).
  if (std::string media = get("media_url"); !media.empty()) {
    bool plausible = media.size() <= kOpen311MediaUrlMax &&
                     (media.starts_with("https://") || media.starts_with("http://"));
    for (unsigned char c : media) plausible = plausible && c > 0x20 && c != 0x7f;
    if (!plausible) {
      error("media_url", "invalid_url", "media_url must be an http(s) URL of at most 2000 bytes");
    } else if (!out.description.empty()) {
      out.description += "\n\nmedia_url: " + media;
    }
  }
  return out;
}

}  // namespace tawasul::domain
