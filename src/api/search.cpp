// GET /api/v1/search (docs/API.md "Search"): staff only, scoped like the inbox (entity staff see
// their entity's cases; central roles may filter by entity). A reference number in any written
// form finds its case directly; anything else goes through the analyzer (docs/search.md) to the
// store's index. Snippets are HTML-safe text with the matching words in <mark>.
// GET /api/v1/cases/{reference}/similar: possible duplicates (open cases of the same entity from
// the last 30 days), scored by shared words, for the staff case page's one-click merge.

#include <chrono>
#include <cmath>

#include "api/case_service.h"
#include "api/json_io.h"
#include "api/routes.h"
#include "domain/figures.h"
#include "domain/reference.h"
#include "domain/search_text.h"
#include "http/problem.h"

namespace tawasul::api {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxQueryBytes = 500;
constexpr int kPageSize = 20;

void AppendEscaped(std::string& out, std::string_view text) {
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(ch);
    }
  }
}

std::string SnippetHtml(const std::vector<domain::SnippetPart>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.highlight) out += "<mark>";
    AppendEscaped(out, p.text);
    if (p.highlight) out += "</mark>";
  }
  return out;
}

}  // namespace

void Api::Search(const http::Request& req, http::Reply reply) {
  auto who = auth_.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  const auto& actor = who->actor;
  std::vector<http::FieldError> errors;
  const std::string text = req.QueryParam("q");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back({"q", "required", "type something to search for"});
  } else if (text.size() > kMaxQueryBytes) {
    errors.push_back({"q", "too_long", "at most 500 bytes"});
  }
  store::SearchQuery q;
  const bool entity_staff =
      actor.role == domain::Role::kAgent || actor.role == domain::Role::kSupervisor;
  q.entity = entity_staff ? actor.entity : req.QueryParam("entity");
  if (!q.entity.empty() && !ctx_.catalogue.FindEntity(q.entity))
    errors.push_back({"entity", "invalid_value", "unknown entity"});
  q.type = req.QueryParam("type");
  if (!q.type.empty() && !domain::ParseCaseType(q.type))
    errors.push_back({"type", "invalid_value", "unknown type"});
  q.status = req.QueryParam("status");
  if (!q.status.empty() && !domain::ParseCaseStatus(q.status))
    errors.push_back({"status", "invalid_value", "unknown status"});
  auto sla = ctx_.sla.Get();
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
  int page = 1;
  if (std::string p = req.QueryParam("page"); !p.empty()) {
    if (p.size() > 4 || p.find_first_not_of("0123456789") != std::string::npos || p == "0") {
      errors.push_back({"page", "invalid_value", "page must be 1..9999"});
    } else {
      page = std::stoi(p);
    }
  }
  if (!errors.empty()) {
    return reply(
        http::Problem(400, "malformed", "", "Invalid search parameters.", req.request_id, errors));
  }
  q.limit = kPageSize;
  q.offset = (page - 1) * kPageSize;
  q.query = domain::ParseQuery(text);
  q.fragment = domain::FoldedFragment(text);

  store::SearchResult result;
  bool by_reference = false;
  if (auto ref = domain::ParseReference(text)) {
    // Any written form of a reference (Arabic-Indic digits, no dashes, spaces) is that case.
    by_reference = true;
    auto record = ctx_.store.FindCase(domain::FormatReference(*ref));
    if (record && (q.entity.empty() || record->draft.entity == q.entity) && page == 1) {
      result.total = 1;
      result.hits.push_back({std::move(*record), 1.0});
    }
  } else {
    result = ctx_.store.Search(q);
  }
  json items = json::array();
  for (const auto& hit : result.hits) {
    const auto& r = hit.record;
    auto parts = domain::Snippet(r.draft.description, q.query, q.fragment);
    items.push_back({{"reference", r.reference},
                     {"subject", r.draft.subject},
                     {"snippet", SnippetHtml(parts)},
                     {"score", hit.score},
                     {"status", domain::ToString(r.status)},
                     {"entity", r.draft.entity},
                     {"type", domain::ToString(r.draft.type)},
                     {"submitted_at", FormatTime(ctx_, r.submitted_at)}});
  }
  auto response = JsonResponse(200, {{"total", result.total},
                                     {"page", page},
                                     {"per_page", kPageSize},
                                     {"match", by_reference           ? "reference"
                                               : result.partial_words ? "partial"
                                                                      : "words"},
                                     {"items", std::move(items)}});
  response.Set("Cache-Control", "no-store");
  reply(std::move(response));
}

void Api::SimilarCases(const http::Request& req, http::Reply reply) {
  auto who = auth_.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  const auto& actor = who->actor;
  auto ref = domain::ParseReference(req.PathParam("reference"));
  auto record = ref ? ctx_.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
  const bool central = actor.role == domain::Role::kAdmin || actor.role == domain::Role::kAuditor;
  if (!record || (!central && record->draft.entity != actor.entity)) {
    return reply(http::Problem(404, "not-found", "", "No such case.", req.request_id));
  }
  store::SimilarQuery q;
  q.entity = record->draft.entity;
  q.text = record->draft.subject + "\n" + record->draft.description;
  q.exclude_id = record->id;
  q.since = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) -
            std::chrono::hours(24 * 30);
  json items = json::array();
  for (const auto& hit : ctx_.store.SimilarCases(q)) {
    const auto& r = hit.record;
    items.push_back({{"reference", r.reference},
                     {"subject", r.draft.subject},
                     {"score", std::round(hit.score * 1000) / 1000},
                     {"status", domain::ToString(r.status)},
                     {"submitted_at", FormatTime(ctx_, r.submitted_at)}});
  }
  auto response = JsonResponse(200, {{"reference", record->reference}, {"items", items}});
  response.Set("Cache-Control", "no-store");
  reply(std::move(response));
}

}  // namespace tawasul::api
