// Staff pages under /staff/: the inbox and the search page (the case page is in
// staff_case_page.cpp). Both read their filters from the query string with the same parser as
// the JSON API (api/staff_requests.h), so a link to a filtered inbox means what the API means,
// and both are scoped the same way: entity staff see their entity only, central roles all.
//
// The inbox is sorted by resolution due time (the store's order). Overdue and near-due cases are
// marked with a word and an icon, never by colour alone. "Near due" is due within 24 hours.

#include "web/staff_pages.h"

#include <chrono>
#include <map>

#include "service/staff_requests.h"
#include "web/i18n.h"
#include "web/site.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

std::string Zone(const service::AppContext& ctx) {
  return ctx.sla.Get()->calendar.Spec().time_zone;
}

bool Central(const domain::Actor& a) {
  return a.role == domain::Role::kAdmin || a.role == domain::Role::kAuditor;
}

// The query string of the current filters with `page` replaced (for pagination links).
std::string PageHref(const http::Request& req, const std::string& base, int page,
                     std::initializer_list<const char*> keys) {
  std::string out = base + "?";
  for (const char* k : keys) {
    std::string v = req.QueryParam(k);
    if (!v.empty()) out += std::string(k) + "=" + UrlEncode(v) + "&";
  }
  return out + "page=" + std::to_string(page);
}

std::int64_t CountCases(const service::AppContext& ctx, store::InboxQuery q) {
  q.limit = 1;
  q.offset = 0;
  return ctx.store.Inbox(q).total;
}

// The category filter's options: the categories of the inbox's entity (all for central roles).
list CategoryOptions(const service::AppContext& ctx, domain::Language l, const std::string& entity,
                     const std::string& selected) {
  auto catalogue = ctx.catalogue.Get();
  list categories;
  for (const auto& c : catalogue->Categories()) {
    if (!entity.empty() && c.entity != entity) continue;
    data o;
    o.set("value", c.code);
    o.set("label", Ar(l) ? c.name_ar : c.name_en);
    o.set("selected", c.code == selected);
    categories.push_back(o);
  }
  return categories;
}

// The assignee filter's options (active staff of the entity who may hold cases), and in `names`
// every user's display name by id, for the rows.
list AssigneeOptions(const service::AppContext& ctx, const std::string& entity,
                     const std::string& selected, std::map<std::int64_t, std::string>& names) {
  list assignees;
  for (const auto& u : ctx.store.ListUsers()) {
    names[u.id] = u.name.empty() ? u.email : u.name;
    if (!u.active || u.role == domain::Role::kAuditor || (!entity.empty() && u.entity != entity))
      continue;
    data o;
    o.set("value", std::to_string(u.id));
    o.set("label", names[u.id]);
    o.set("selected", selected == std::to_string(u.id));
    assignees.push_back(o);
  }
  return assignees;
}

// The filter form: every option with the current filters selected.
void SetInboxFilters(const service::AppContext& ctx, const http::Request& req, domain::Language l,
                     const domain::Actor& actor, const store::InboxQuery& q, data& d,
                     std::map<std::int64_t, std::string>& names) {
  const std::string assignee = req.QueryParam("assignee");
  d.set("status_options", StatusOptions(l, req.QueryParam("status")));
  d.set("type_options", TypeOptions(l, req.QueryParam("type")));
  const bool central = Central(actor);
  d.set("central", central);
  if (central) d.set("entity_options", EntityOptions(ctx, l, req.QueryParam("entity")));
  d.set("category_options", CategoryOptions(ctx, l, q.entity, req.QueryParam("category")));
  d.set("assignee_options", AssigneeOptions(ctx, q.entity, assignee, names));
  d.set("assignee_me", assignee == "me");
  d.set("assignee_none", assignee == "none");
  d.set("overdue_checked", q.overdue_only);
}

data InboxRow(const service::AppContext& ctx, domain::Language l, const std::string& zone,
              const std::map<std::int64_t, std::string>& names, const domain::CaseRecord& r,
              domain::Instant now) {
  data row;
  row.set("reference", r.reference);
  row.set("href", "/staff/cases/" + r.reference);
  row.set("subject", r.draft.subject);
  row.set("type", TypeText(l, r.draft.type));
  row.set("category", CategoryName(ctx, r.draft.category, l));
  row.set("entity", EntityName(ctx, r.draft.entity, l));
  row.set("status", Text(l, "sf_status_" + std::string(domain::ToString(r.status))));
  row.set("status_code", std::string(domain::ToString(r.status)));
  row.set("due", FormatDateTime(r.due_at, l, zone));
  row.set("submitted", FormatDateTime(r.submitted_at, l, zone));
  auto name = names.find(r.assignee_id);
  row.set("assignee", name != names.end() ? name->second : Text(l, "sf_nobody"));
  const bool overdue = service::IsOverdue(r, now);
  row.set("overdue", overdue);
  row.set("near", !overdue && service::IsOverdue(r, now + std::chrono::hours(24)));
  row.set("paused", r.status == domain::CaseStatus::kAwaitingCitizen);
  return row;
}

// Counts of the whole inbox (entity scope only), for the summary above the table.
void SetInboxCounts(const service::AppContext& ctx, domain::Language l, const store::InboxQuery& q,
                    std::int64_t user_id, data& d) {
  store::InboxQuery all;
  all.entity = q.entity;
  all.now = q.now;
  d.set("count_open", FormatCount(CountCases(ctx, all), l));
  auto overdue = all;
  overdue.overdue_only = true;
  d.set("count_overdue", FormatCount(CountCases(ctx, overdue), l));
  auto unassigned = all;
  unassigned.assignee = -1;
  d.set("count_unassigned", FormatCount(CountCases(ctx, unassigned), l));
  auto mine = all;
  mine.assignee = user_id;
  d.set("count_mine", FormatCount(CountCases(ctx, mine), l));
}

void Inbox(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return;
  const auto& ctx = web.app;
  const auto l = pc.language;
  service::InboxRequest ir;
  auto errors = service::ParseInboxRequest(req, who->actor, ir);
  data d;
  auto summary = StaffErrors(l, errors, d);
  d.set("errors", summary);
  d.set("has_errors", !errors.empty());
  const auto& q = ir.query;
  std::map<std::int64_t, std::string> names;
  SetInboxFilters(ctx, req, l, who->actor, q, d, names);

  list rows;
  store::InboxPage result;
  if (errors.empty()) {
    result = ctx.store.Inbox(q);
    const auto zone = Zone(ctx);
    for (const auto& r : result.items) rows.push_back(InboxRow(ctx, l, zone, names, r, q.now));
    SetInboxCounts(ctx, l, q, who->actor.user_id, d);
  }
  d.set("rows", rows);
  d.set("empty", rows.empty());
  d.set("total", FormatCount(result.total, l));
  const auto keys = {"status", "type", "category", "assignee", "overdue", "entity"};
  if (ir.page > 1) d.set("prev_href", PageHref(req, "/staff/", ir.page - 1, keys));
  if (static_cast<std::int64_t>(ir.page) * ir.per_page < result.total)
    d.set("next_href", PageHref(req, "/staff/", ir.page + 1, keys));
  d.set("page", FormatCount(ir.page, l));
  if (!req.QueryParam("done").empty()) d.set("done", Text(l, "sf_done"));
  auto response = RenderPage(pc, "staff_inbox", d, "sf_inbox_title", errors.empty() ? 200 : 400);
  response.Set("Cache-Control", "no-store");
  reply(std::move(response));
}

void Search(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return;
  const auto& ctx = web.app;
  const auto l = pc.language;
  data d;
  const bool asked = !req.QueryParam("q").empty();
  service::SearchRequest sr;
  auto errors = service::ParseSearchRequest(ctx, req, who->actor, sr);
  if (!asked) errors.clear();  // the empty form, not an error
  d.set("errors", StaffErrors(l, errors, d));
  d.set("has_errors", !errors.empty());
  d.set("q", req.QueryParam("q"));
  d.set("from", req.QueryParam("from"));
  d.set("to", req.QueryParam("to"));
  d.set("status_options", StatusOptions(l, req.QueryParam("status")));
  d.set("type_options", TypeOptions(l, req.QueryParam("type")));
  const bool central = Central(who->actor);
  d.set("central", central);
  if (central) d.set("entity_options", EntityOptions(ctx, l, req.QueryParam("entity")));
  d.set("asked", asked && errors.empty());
  if (asked && errors.empty()) {
    auto outcome = service::RunSearch(ctx, sr);
    const auto zone = Zone(ctx);
    list items;
    for (const auto& hit : outcome.result.hits) {
      const auto& r = hit.record;
      data item;
      item.set("reference", r.reference);
      item.set("href", "/staff/cases/" + r.reference);
      item.set("subject", r.draft.subject);
      item.set("snippet", service::SnippetHtml(sr, r));  // escaped, with <mark>
      item.set("status", Text(l, "sf_status_" + std::string(domain::ToString(r.status))));
      item.set("status_code", std::string(domain::ToString(r.status)));
      item.set("type", TypeText(l, r.draft.type));
      item.set("entity", EntityName(ctx, r.draft.entity, l));
      item.set("submitted", FormatDateTime(r.submitted_at, l, zone));
      items.push_back(item);
    }
    d.set("items", items);
    d.set("none", items.empty());
    d.set("partial", outcome.match == "partial");
    // More matches than the count cap: the cap, marked "+" (docs/search.md).
    d.set("total", FormatCount(outcome.result.total, l) + (outcome.result.total_capped ? "+" : ""));
    const auto keys = {"q", "entity", "type", "status", "from", "to"};
    if (sr.page > 1) d.set("prev_href", PageHref(req, "/staff/search", sr.page - 1, keys));
    if (static_cast<std::int64_t>(sr.page) * sr.query.limit < outcome.result.total)
      d.set("next_href", PageHref(req, "/staff/search", sr.page + 1, keys));
  }
  auto response = RenderPage(pc, "staff_search", d, "sf_search_title", errors.empty() ? 200 : 400);
  response.Set("Cache-Control", "no-store");
  reply(std::move(response));
}

list Options(domain::Language l, const std::string& selected, const std::string& key_prefix,
             std::initializer_list<std::string_view> values) {
  list out;
  for (auto v : values) {
    data o;
    o.set("value", std::string(v));
    o.set("label", Text(l, key_prefix + std::string(v)));
    o.set("selected", selected == v);
    out.push_back(o);
  }
  return out;
}

}  // namespace

std::string StaffFieldError(domain::Language l, const std::string& code) {
  if (code == "required") return Text(l, "sf_err_required");
  if (code == "unknown") return Text(l, "sf_err_unknown");
  return Text(l, "sf_err_invalid");
}

list StaffErrors(domain::Language l, const std::vector<http::FieldError>& errors, data& d) {
  list out;
  for (const auto& e : errors) {
    std::string message = StaffFieldError(l, e.code);
    d.set(e.field + "_error", message);
    data item;
    item.set("field", e.field);
    item.set("message", message);
    out.push_back(item);
  }
  return out;
}

list StatusOptions(domain::Language l, const std::string& selected) {
  return Options(l, selected, "sf_status_",
                 {"received", "in_progress", "awaiting_citizen", "answered", "closed"});
}

list TypeOptions(domain::Language l, const std::string& selected) {
  return Options(l, selected, "type_", {"complaint", "suggestion", "inquiry", "compliment"});
}

list EntityOptions(const service::AppContext& ctx, domain::Language l,
                   const std::string& selected) {
  auto catalogue = ctx.catalogue.Get();
  list out;
  for (const auto& e : catalogue->Entities()) {
    data o;
    o.set("value", e.code);
    o.set("label", Ar(l) ? e.name_ar : e.name_en);
    o.set("selected", e.code == selected);
    out.push_back(o);
  }
  return out;
}

void RegisterStaffPages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/staff/", [&web](const http::Request& req, http::Reply reply) {
    Inbox(web, req, std::move(reply));
  });
  router.Add(
      http::Method::kGet, "/staff/search",
      [&web](const http::Request& req, http::Reply reply) { Search(web, req, std::move(reply)); });
  RegisterStaffCasePage(router, web);
}

}  // namespace tawasul::web
