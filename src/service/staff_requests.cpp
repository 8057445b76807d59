// Parsing of staff requests shared by the JSON API and the staff pages; see staff_requests.h.
// Nothing here touches the network: handlers read the request, call these, and answer in their
// own format (problem+json or a page with the errors next to the fields).

#include "service/staff_requests.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <set>

#include "domain/figures.h"
#include "domain/html_escape.h"
#include "domain/intake.h"
#include "domain/reference.h"
#include "domain/search_text.h"
#include "domain/time.h"

namespace tawasul::service {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxQueryBytes = 500;
constexpr int kSearchPageSize = 20;

std::optional<int> IntParam(const std::string& v, int lo, int hi) {
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  long long n = std::stoll(v);
  if (n < lo || n > hi) return std::nullopt;
  return static_cast<int>(n);
}

bool EntityStaff(const domain::Actor& a) {
  return a.role == domain::Role::kAgent || a.role == domain::Role::kSupervisor;
}

}  // namespace

bool SeesEntity(const domain::Actor& a, const std::string& entity) {
  return a.role == domain::Role::kAdmin || a.role == domain::Role::kAuditor || a.entity == entity;
}

bool IsOverdue(const domain::CaseRecord& r, domain::Instant now) {
  return (r.status == domain::CaseStatus::kReceived ||
          r.status == domain::CaseStatus::kInProgress) &&
         r.due_at < now;
}

std::vector<http::FieldError> ParseInboxRequest(const http::Request& req,
                                                const domain::Actor& actor, InboxRequest& out) {
  std::vector<http::FieldError> errors;
  auto& q = out.query;
  q.now = domain::Now();
  q.entity = EntityStaff(actor) ? actor.entity : req.QueryParam("entity");
  q.status = req.QueryParam("status");
  if (!q.status.empty() && !domain::ParseCaseStatus(q.status))
    errors.push_back({"status", "invalid_value", "unknown status"});
  q.type = req.QueryParam("type");
  if (!q.type.empty() && !domain::ParseCaseType(q.type))
    errors.push_back({"type", "invalid_value", "unknown type"});
  q.category = req.QueryParam("category");
  std::string assignee = req.QueryParam("assignee");
  if (assignee == "me") {
    q.assignee = actor.user_id;
  } else if (assignee == "none") {
    q.assignee = -1;
  } else if (!assignee.empty()) {
    auto id = IntParam(assignee, 1, 999999999);
    if (!id)
      errors.push_back({"assignee", "invalid_value", "assignee must be me, none or a user id"});
    else
      q.assignee = *id;
  }
  std::string overdue = req.QueryParam("overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false")
    errors.push_back({"overdue", "invalid_value", "overdue must be true or false"});
  q.overdue_only = overdue == "true";
  std::string sort = req.QueryParam("sort");
  if (!sort.empty() && sort != "due")
    errors.push_back({"sort", "invalid_value", "only sort=due is supported"});
  auto page = IntParam(req.QueryParam("page").empty() ? "1" : req.QueryParam("page"), 1, 100000);
  auto per_page =
      IntParam(req.QueryParam("per_page").empty() ? "50" : req.QueryParam("per_page"), 1, 200);
  if (!page) errors.push_back({"page", "invalid_value", "page must be 1..100000"});
  if (!per_page) errors.push_back({"per_page", "invalid_value", "per_page must be 1..200"});
  if (page) out.page = *page;
  if (per_page) out.per_page = *per_page;
  q.limit = out.per_page;
  q.offset = (out.page - 1) * out.per_page;
  return errors;
}

std::vector<http::FieldError> ParseSearchRequest(const AppContext& ctx, const http::Request& req,
                                                 const domain::Actor& actor, SearchRequest& out) {
  std::vector<http::FieldError> errors;
  out.text = req.QueryParam("q");
  if (out.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back({"q", "required", "type something to search for"});
  } else if (out.text.size() > kMaxQueryBytes) {
    errors.push_back({"q", "too_long", "at most 500 bytes"});
  }
  auto& q = out.query;
  q.entity = EntityStaff(actor) ? actor.entity : req.QueryParam("entity");
  if (!q.entity.empty() && !ctx.catalogue.Get()->FindEntity(q.entity))
    errors.push_back({"entity", "invalid_value", "unknown entity"});
  q.type = req.QueryParam("type");
  if (!q.type.empty() && !domain::ParseCaseType(q.type))
    errors.push_back({"type", "invalid_value", "unknown type"});
  q.status = req.QueryParam("status");
  if (!q.status.empty() && !domain::ParseCaseStatus(q.status))
    errors.push_back({"status", "invalid_value", "unknown status"});
  auto sla = ctx.sla.Get();
  for (const char* field : {"from", "to"}) {
    std::string v = req.QueryParam(field);
    if (v.empty()) continue;
    auto date = domain::ParseDate(v);
    if (!date) {
      errors.push_back({field, "invalid_value", "a date, YYYY-MM-DD"});
      continue;
    }
    if (std::string_view(field) == "from") {
      q.from = sla->calendar.ToInstant(*date, 0);
    } else {  // inclusive: up to the start of the next local day
      q.to = sla->calendar.ToInstant(domain::DateOfDay(domain::DayNumber(*date) + 1), 0);
    }
  }
  if (std::string p = req.QueryParam("page"); !p.empty()) {
    auto page = IntParam(p, 1, 9999);
    if (!page)
      errors.push_back({"page", "invalid_value", "page must be 1..9999"});
    else
      out.page = *page;
  }
  q.limit = kSearchPageSize;
  q.offset = (out.page - 1) * kSearchPageSize;
  if (errors.empty()) {
    q.query = domain::ParseQuery(out.text);
    q.fragment = domain::FoldedFragment(out.text);
  }
  return errors;
}

SearchOutcome RunSearch(const AppContext& ctx, const SearchRequest& request) {
  SearchOutcome out;
  const auto& q = request.query;
  if (auto ref = domain::ParseReference(request.text)) {
    // Any written form of a reference (Arabic-Indic digits, no dashes, spaces) is that case.
    out.match = "reference";
    auto record = ctx.store.FindCase(domain::FormatReference(*ref));
    if (record && (q.entity.empty() || record->draft.entity == q.entity) && request.page == 1) {
      out.result.total = 1;
      out.result.hits.push_back({std::move(*record), 1.0});
    }
    return out;
  }
  out.result = ctx.store.Search(q);
  out.match = out.result.partial_words ? "partial" : "words";
  return out;
}

std::string SnippetHtml(const SearchRequest& request, const domain::CaseRecord& record) {
  std::string html;
  for (const auto& p :
       domain::Snippet(record.draft.description, request.query.query, request.query.fragment)) {
    if (p.highlight) html += "<mark>";
    domain::AppendHtmlEscaped(html, p.text);
    if (p.highlight) html += "</mark>";
  }
  return html;
}

std::vector<store::SearchHit> SimilarOpenCases(const AppContext& ctx,
                                               const domain::CaseRecord& record) {
  store::SimilarQuery q;
  q.entity = record.draft.entity;
  q.text = record.draft.subject + "\n" + record.draft.description;
  q.exclude_id = record.id;
  q.since = domain::Now() - std::chrono::hours(24 * 30);
  return ctx.store.SimilarCases(q);
}

std::vector<http::FieldError> ParseStaffActionBody(const AppContext& ctx, const Principal& who,
                                                   const json& body, domain::Action& action) {
  std::vector<http::FieldError> errors;
  auto str = [&](const char* key) -> std::string {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return {};
    if (!it->is_string()) {
      errors.push_back({key, "invalid_type", std::string(key) + " must be a string"});
      return {};
    }
    return it->get<std::string>();
  };
  auto kind = domain::ParseStaffAction(str("action"));
  if (!kind)
    errors.push_back(
        {"action", body.contains("action") ? "invalid_value" : "required", "unknown action"});
  else
    action.kind = *kind;
  static const std::set<std::string> kAllowed = {"action", "body",         "assignee", "reason",
                                                 "entity", "working_days", "into"};
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (!kAllowed.count(it.key()))
      errors.push_back({it.key(), "unknown_field", "unknown field " + it.key()});
  }
  action.body = domain::TrimText(str("body"));
  action.entity = str("entity");
  action.into = str("into");
  std::string reason = str("reason");
  if (kind == domain::ActionKind::kReject) {
    auto rr = domain::ParseRejectReason(reason);
    if (!rr)
      errors.push_back({"reason", reason.empty() ? "required" : "invalid_value",
                        "reason must be a rejection reason code"});
    else
      action.reason = *rr;
  } else if (!reason.empty()) {
    // transfer and extend carry a free-text reason the citizen reads: keep it as the body.
    if (action.body.empty()) action.body = domain::TrimText(reason);
  }
  if (auto it = body.find("assignee"); it != body.end() && !it->is_null()) {
    // An unknown email resolves to nobody rather than a field error here: the domain then gives
    // an unknown and a foreign assignee the same answer (lifecycle.h, Action::assignee_entity).
    constexpr std::int64_t kNobody = std::numeric_limits<std::int64_t>::max();
    if (it->is_number_integer()) {
      action.assignee = it->get<std::int64_t>();
    } else if (it->is_string()) {
      std::string a = it->get<std::string>();
      if (a == "me")
        action.assignee = who.user.id;
      else if (auto u = ctx.store.FindUserByEmail(a))
        action.assignee = u->id;
      else if (auto id = IntParam(a, 1, 999999999))
        action.assignee = *id;
      else
        action.assignee = kNobody;
    } else {
      errors.push_back({"assignee", "invalid_type", "assignee must be a user id or email"});
    }
    if (action.assignee > 0 && action.assignee != kNobody) {
      if (auto u = ctx.store.FindUserById(action.assignee); u && u->active) {
        action.assignee_entity = u->entity;
        action.assignee_handles_cases =
            u->role == domain::Role::kAgent || u->role == domain::Role::kSupervisor;
      }
    }
  }
  if (auto it = body.find("working_days"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer())
      errors.push_back({"working_days", "invalid_type", "working_days must be an integer"});
    else
      action.working_days =
          static_cast<int>(std::clamp<std::int64_t>(it->get<std::int64_t>(), -1, 1000));
  }
  if (kind == domain::ActionKind::kTransfer && !action.entity.empty() &&
      !ctx.catalogue.Get()->FindEntity(action.entity)) {
    errors.push_back({"entity", "unknown", "unknown entity"});
  }
  if (kind == domain::ActionKind::kMerge && !action.into.empty()) {
    auto into = domain::ParseReference(action.into);
    auto target = into ? ctx.store.FindCase(domain::FormatReference(*into)) : std::nullopt;
    if (!target || !SeesEntity(who.actor, target->draft.entity)) {
      errors.push_back({"into", "unknown", "no such case to merge into"});
    } else if (!domain::IsOpenStatus(target->status) || !target->merged_into.empty()) {
      // Merging into a closed or merged case would close both (A into B, then B into A): the
      // surviving case must stay open to carry the merged one.
      errors.push_back({"into", "not_open", "the case to merge into is no longer open"});
    } else {
      action.into = target->reference;
    }
  }
  return errors;
}

}  // namespace tawasul::service
