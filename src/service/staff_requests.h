#pragma once
// What a staff request asks for, parsed once for both faces of the service: the JSON API
// (api/staff.cpp, api/search.cpp) and the staff pages (web/staff_pages.cpp). The pages send the
// same parameter names as the API (query strings for the inbox and search, form fields named
// like the JSON members for actions), so a filter or an action means exactly the same thing on
// both, and is validated by the same code. Errors name the field, as the API's problem+json does.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/lifecycle.h"
#include "http/message.h"
#include "http/problem.h"
#include "service/auth.h"
#include "service/context.h"
#include "store/store.h"

namespace tawasul::service {

// True when `actor` may see cases of `entity` (its own entity, or a central role).
bool SeesEntity(const domain::Actor& actor, const std::string& entity);

// The inbox filters of docs/API.md (status, type, category, assignee=me|none|id, overdue,
// sort=due, page, per_page), scoped to the actor's entity unless a central role names one.
// Fills `query` (with now) and returns the errors, empty when every parameter is valid.
struct InboxRequest {
  store::InboxQuery query;
  int page = 1;
  int per_page = 50;
};
std::vector<http::FieldError> ParseInboxRequest(const http::Request& req,
                                                const domain::Actor& actor, InboxRequest& out);

// True when an open case's resolution is overdue at `now`.
bool IsOverdue(const domain::CaseRecord& r, domain::Instant now);

// The search parameters (q, entity, type, status, from, to, page), scoped like the inbox.
struct SearchRequest {
  store::SearchQuery query;
  std::string text;
  int page = 1;
};
std::vector<http::FieldError> ParseSearchRequest(const AppContext& ctx, const http::Request& req,
                                                 const domain::Actor& actor, SearchRequest& out);

struct SearchOutcome {
  store::SearchResult result;
  std::string match;  // "reference", "partial" or "words"
};
// Runs a parsed search: a reference in any written form is that case (when visible), anything
// else goes to the index.
SearchOutcome RunSearch(const AppContext& ctx, const SearchRequest& request);

// The snippet of a hit as HTML: the description's text escaped, matching words in <mark>.
std::string SnippetHtml(const SearchRequest& request, const domain::CaseRecord& record);

// Possible duplicates of `record`: open cases of the same entity from the last 30 days, best
// first (docs/decisions.md 2026-11-30).
std::vector<store::SearchHit> SimilarOpenCases(const AppContext& ctx,
                                               const domain::CaseRecord& record);

// A staff action from its JSON form ({"action": …, "body": …, "reason": …, "entity": …,
// "working_days": n, "into": …, "assignee": …}), with the caller resolving "me" and emails.
// Unknown members are errors. Returns the errors; `action` is complete when there are none.
std::vector<http::FieldError> ParseStaffActionBody(const AppContext& ctx, const Principal& who,
                                                   const nlohmann::json& body,
                                                   domain::Action& action);

}  // namespace tawasul::service
