// Administration of the default calendar's holidays (/admin/calendar), DESIGN.md §3.
//
//   GET  /admin/calendar                      holidays by year, with status and kind; forms
//   POST /admin/calendar/holidays/confirm     confirm a tentative holiday (optionally moved)
//   POST /admin/calendar/holidays/add         add a holiday (dates, names, kind, status)
//   POST /admin/calendar/holidays/delete      delete a holiday
//   POST /admin/calendar/holidays/propose     tentative hijri holidays of a Gregorian year
//   POST /admin/calendar/import               iCalendar text (all-day DTEND exclusive)
//   GET  /admin/calendar.ics                  the holidays as iCalendar
//
// Every change goes through service::ReplaceHolidays, the same path as the JSON admin
// (PUT /api/v1/admin/calendar/holidays): the calendar is stored, put in force, and the due times
// of open cases are recomputed, each move recorded as a due_recomputed event on its case. The
// answer is a redirect to the page with the outcome in the query (how many open cases moved).
//
// A holiday has no id of its own: forms name it by its position in the table plus a key of its
// dates and kind, and a change is refused (409, nothing stored) when the row at that position
// is no longer the one the form showed (another administrator changed the table meanwhile).

#include <algorithm>
#include <chrono>
#include <map>

#include "domain/hijri.h"
#include "domain/holidays.h"
#include "domain/ical.h"
#include "domain/intake.h"
#include "domain/time.h"
#include "service/recompute.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr const char* kPage = "/admin/calendar";

std::string HolidayKey(const domain::Holiday& h) {
  return domain::FormatDate(h.start) + "/" + domain::FormatDate(h.end) + "/" +
         std::string(domain::HolidayKindName(h.kind));
}

std::string PlusDays(domain::LocalDate d, int n) {
  return domain::FormatDate(domain::LocalDate(std::chrono::sys_days(d) + std::chrono::days(n)));
}

// The form values and errors of the "add a holiday" form, when it is shown again.
struct AddForm {
  Form values;
  std::vector<PageFieldError> errors;
};

data CalendarData(const WebContext& web, const PageContext& pc, const service::Principal& who,
                  const http::Request& req, const AddForm* add) {
  const auto lang = pc.language;
  auto sla = web.app.sla.Get();
  const auto& holidays = sla->calendar.Spec().holidays;
  // Positions sorted by start date, grouped by year.
  std::vector<std::size_t> order(holidays.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::chrono::sys_days(holidays[a].start) < std::chrono::sys_days(holidays[b].start);
  });
  std::map<int, list> by_year;
  bool first_tentative = true;
  int tentative = 0;
  for (std::size_t i : order) {
    const auto& h = holidays[i];
    data row;
    row.set("index", std::to_string(i));
    row.set("key", HolidayKey(h));
    row.set("start", domain::FormatDate(h.start));
    row.set("end", domain::FormatDate(h.end));
    row.set("end_plus_one", PlusDays(h.end, 1));
    row.set("one_day", h.start == h.end);
    row.set("name", Ar(lang) ? h.name_ar : h.name_en);
    row.set("other_name", Ar(lang) ? h.name_en : h.name_ar);
    row.set("note", h.note);
    row.set("kind", Text(lang, "adm_kind_" + std::string(domain::HolidayKindName(h.kind))));
    row.set("kind_code", std::string(domain::HolidayKindName(h.kind)));
    bool is_tentative = h.status == domain::HolidayStatus::kTentative;
    row.set("tentative", is_tentative);
    row.set("status", Text(lang, is_tentative ? "adm_status_tentative" : "adm_status_confirmed"));
    row.set("first_tentative", is_tentative && first_tentative);
    if (is_tentative) {
      first_tentative = false;
      ++tentative;
    }
    by_year[static_cast<int>(h.start.year())].push_back(row);
  }
  list years;
  for (auto& [year, rows] : by_year) {
    data y;
    y.set("year", std::to_string(year));
    y.set("holidays", rows);
    years.push_back(y);
  }
  data d;
  d.set("years", years);
  d.set("tentative_count", std::to_string(tentative));
  d.set("can_write", CanWrite(who));
  d.set("time_zone", sla->calendar.Spec().time_zone);
  // The outcome of the last change (from the redirect's query).
  std::string done = req.QueryParam("done");
  if (!done.empty() && (done == "confirmed" || done == "added" || done == "deleted" ||
                        done == "proposed" || done == "imported")) {
    data r;
    r.set("what", Text(lang, "adm_done_" + done));
    r.set("rows", req.QueryParam("rows"));
    r.set("open", req.QueryParam("open"));
    r.set("changed", req.QueryParam("changed"));
    d.set("result", r);
  }
  // The add form: values typed so far and errors, else defaults.
  auto value = [&](const char* k) { return add ? FormValue(add->values, k) : std::string(); };
  for (const char* f : {"start_date", "end_date", "name_ar", "name_en", "note"}) {
    d.set(std::string("v_") + f, value(f));
  }
  std::string kind = value("kind").empty() ? "one_off" : value("kind");
  std::string status = value("status").empty() ? "confirmed" : value("status");
  list kinds;
  for (const char* k : {"fixed", "hijri", "compensation", "one_off"}) {
    data item;
    item.set("value", k);
    item.set("label", Text(lang, std::string("adm_kind_") + k));
    item.set("selected", kind == k);
    kinds.push_back(item);
  }
  d.set("kinds", kinds);
  d.set("status_tentative", status == "tentative");
  if (add) SetFieldErrors(d, lang, add->errors);
  auto today = sla->calendar.LocalDateOf(domain::Now());
  d.set("next_year", std::to_string(static_cast<int>(today.year()) + 1));
  return d;
}

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  reply(RenderPage(pc, "admin_calendar", CalendarData(web, pc, *who, req, nullptr),
                   "adm_calendar_title"));
}

// Applies `holidays` and redirects to the page with the outcome.
void Apply(const WebContext& web, const service::Principal& who,
           std::vector<domain::Holiday> holidays, const std::string& done, std::size_t rows,
           const PageContext& pc, http::Reply reply) {
  std::string lang = Ar(pc.language) ? "ar" : "en";
  service::ReplaceHolidays(
      web.app, std::move(holidays), who.actor,
      [reply, done, rows, lang](service::RecomputeResult r) {
        reply(Redirect(std::string(kPage) + "?lang=" + lang + "&done=" + done +
                       "&rows=" + std::to_string(rows) + "&open=" + std::to_string(r.open) +
                       "&changed=" + std::to_string(r.changed) + "#adm-result"));
      });
}

// The holiday a form names (position + key); replies 409 or 422 and returns nullopt otherwise.
std::optional<std::size_t> FormHoliday(const std::vector<domain::Holiday>& holidays,
                                       const Form& form, const PageContext& pc,
                                       const http::Reply& reply) {
  const std::string index = FormValue(form, "holiday");
  std::size_t i = 0;
  bool ok = !index.empty() && index.size() < 7 &&
            std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (ok) i = static_cast<std::size_t>(std::stoul(index));
  if (!ok || i >= holidays.size()) {
    reply(ErrorPage(pc, 404, "adm_holiday_unknown", kPage));
    return std::nullopt;
  }
  if (HolidayKey(holidays[i]) != FormValue(form, "key")) {
    reply(ErrorPage(pc, 409, "adm_holiday_changed", kPage));
    return std::nullopt;
  }
  return i;
}

// The page's message for a holiday rule's error (domain/holidays.h).
std::string ErrorKey(const domain::HolidayError& e) {
  if (e.code == "invalid_date") return "adm_err_date";
  if (e.code == "before_start") return "adm_err_end_before_start";
  if (e.code == "too_long") return "adm_err_too_long";
  if (e.code == "out_of_range") return "adm_err_date_range";
  if (e.code == "invalid_value") return e.field == "kind" ? "adm_err_kind" : "adm_err_status";
  if (e.code == "required") return "adm_err_required";
  if (e.code == "too_long_text") return "adm_err_too_long_text";
  if (e.code == "duplicate") return "adm_err_duplicate";
  return "adm_err_invalid_text";
}

// True when a row of `holidays` other than `except` is the same day off as `h`.
bool DuplicateIn(const std::vector<domain::Holiday>& holidays, const domain::Holiday& h,
                 std::size_t except = static_cast<std::size_t>(-1)) {
  for (std::size_t i = 0; i < holidays.size(); ++i) {
    if (i != except && domain::SameHolidayDays(holidays[i], h)) return true;
  }
  return false;
}

// POST handlers share: CSRF, the write gate, the form.
template <typename F>
void Post(const WebContext& web, const http::Request& req, http::Reply reply, F&& body) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return;
  body(pc, *who, form);
}

void Confirm(const WebContext& web, const http::Request& req, http::Reply reply) {
  Post(web, req, reply,
       [&](const PageContext& pc, const service::Principal& who, const Form& form) {
         auto holidays = web.app.sla.Get()->calendar.Spec().holidays;
         auto i = FormHoliday(holidays, form, pc, reply);
         if (!i) return;
         domain::Holiday& h = holidays[*i];
         // Corrected dates are optional: empty fields keep the proposed ones.
         const std::string start_text = FormValue(form, "start_date");
         const std::string end_text = FormValue(form, "end_date");
         if (!start_text.empty() || !end_text.empty()) {
           auto start = start_text.empty() ? h.start : domain::ParseDate(start_text);
           auto end = end_text.empty() ? h.end : domain::ParseDate(end_text);
           if (!start || !end) {
             reply(ErrorPage(pc, 422, "adm_err_date", kPage));
             return;
           }
           h.start = *start;
           h.end = *end;
         }
         // Only what a confirmation changes is checked (the dates): a row stored before the rules
         // were one (e.g. without an English name) can still be confirmed.
         std::vector<domain::HolidayError> errors;
         for (auto& e : domain::CheckHoliday(h)) {
           if (e.field == "start_date" || e.field == "end_date") errors.push_back(std::move(e));
         }
         if (errors.empty() && DuplicateIn(holidays, h, *i))
           errors.push_back(domain::DuplicateHolidayError());
         if (!errors.empty()) {
           reply(ErrorPage(pc, 422, ErrorKey(errors.front()), kPage));
           return;
         }
         h.status = domain::HolidayStatus::kConfirmed;
         Apply(web, who, std::move(holidays), "confirmed", 1, pc, reply);
       });
}

void Add(const WebContext& web, const http::Request& req, http::Reply reply) {
  Post(web, req, reply,
       [&](const PageContext& pc, const service::Principal& who, const Form& form) {
         auto holidays = web.app.sla.Get()->calendar.Spec().holidays;
         auto parsed = domain::ParseHoliday({FormValue(form, "start_date"),
                                             FormValue(form, "end_date"), FormValue(form, "kind"),
                                             FormValue(form, "status"), FormValue(form, "name_ar"),
                                             FormValue(form, "name_en"), FormValue(form, "note")});
         std::vector<PageFieldError> errors;
         if (auto* bad = std::get_if<std::vector<domain::HolidayError>>(&parsed)) {
           for (const auto& e : *bad) errors.push_back({e.field, ErrorKey(e)});
         } else if (DuplicateIn(holidays, std::get<domain::Holiday>(parsed))) {
           auto e = domain::DuplicateHolidayError();
           errors.push_back({e.field, ErrorKey(e)});
         }
         if (!errors.empty()) {
           AddForm add{form, errors};
           PageContext page = pc;
           page.path = kPage;  // the language switch goes to the page, not to the POST target
           reply(RenderPage(page, "admin_calendar",
                            CalendarData(web, page, who, http::Request{}, &add),
                            "adm_calendar_title", 422));
           return;
         }
         holidays.push_back(std::get<domain::Holiday>(std::move(parsed)));
         Apply(web, who, std::move(holidays), "added", 1, pc, reply);
       });
}

void Delete(const WebContext& web, const http::Request& req, http::Reply reply) {
  Post(web, req, reply,
       [&](const PageContext& pc, const service::Principal& who, const Form& form) {
         auto holidays = web.app.sla.Get()->calendar.Spec().holidays;
         auto i = FormHoliday(holidays, form, pc, reply);
         if (!i) return;
         holidays.erase(holidays.begin() + static_cast<std::ptrdiff_t>(*i));
         Apply(web, who, std::move(holidays), "deleted", 1, pc, reply);
       });
}

// Appends the rows of `more` that are not the same day off as a row of the table (proposals
// and imports may repeat what is there: that is not an error); returns how many.
std::size_t Merge(std::vector<domain::Holiday>& holidays,
                  const std::vector<domain::Holiday>& more) {
  std::size_t added = 0;
  for (const auto& h : more) {
    if (DuplicateIn(holidays, h)) continue;
    holidays.push_back(h);
    ++added;
  }
  return added;
}

void Propose(const WebContext& web, const http::Request& req, http::Reply reply) {
  Post(web, req, reply,
       [&](const PageContext& pc, const service::Principal& who, const Form& form) {
         std::string y = FormValue(form, "year");
         int year = 0;
         bool ok = y.size() == 4 &&
                   std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; });
         if (ok) year = std::stoi(y);
         if (!ok || year < 1900 || year > 2200) {
           reply(ErrorPage(pc, 422, "adm_err_year", kPage));
           return;
         }
         auto proposals = domain::ProposeHijriHolidays(year, domain::BahrainHijriRules());
         if (proposals.empty()) {
           reply(ErrorPage(pc, 503, "adm_err_hijri_unavailable", kPage));
           return;
         }
         auto holidays = web.app.sla.Get()->calendar.Spec().holidays;
         std::size_t added = Merge(holidays, proposals);
         Apply(web, who, std::move(holidays), "proposed", added, pc, reply);
       });
}

void Import(const WebContext& web, const http::Request& req, http::Reply reply) {
  Post(web, req, reply,
       [&](const PageContext& pc, const service::Principal& who, const Form& form) {
         std::string error;
         auto imported = domain::ImportIcs(FormValue(form, "ics"), &error);
         if (!imported || imported->empty()) {
           kainjow::mustache::data d;
           d.set("message", Text(pc.language, "adm_err_ics") + (error.empty() ? "" : " " + error));
           d.set("back_href", kPage);
           reply(RenderPage(pc, "error", d, "error_title", 422));
           return;
         }
         // The same rules as a holiday added by hand; the first event that breaks one is named.
         for (auto& h : *imported) {
           h.name_ar = domain::TrimText(h.name_ar);
           h.name_en = domain::TrimText(h.name_en);
           h.note = domain::TrimText(h.note);
           auto errors = domain::CheckHoliday(h);
           if (errors.empty()) continue;
           kainjow::mustache::data d;
           d.set("message", Text(pc.language, "adm_err_ics") + " «" +
                                (Ar(pc.language) ? h.name_ar : h.name_en) + "» (" +
                                domain::FormatDate(h.start) +
                                "): " + Text(pc.language, ErrorKey(errors.front())));
           d.set("back_href", kPage);
           reply(RenderPage(pc, "error", d, "error_title", 422));
           return;
         }
         auto holidays = web.app.sla.Get()->calendar.Spec().holidays;
         std::size_t added = Merge(holidays, *imported);
         Apply(web, who, std::move(holidays), "imported", added, pc, reply);
       });
}

void Export(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (!RequireAdmin(web, req, pc, reply, false)) return;
  http::Response r;
  r.status = 200;
  r.body = domain::ExportIcs(web.app.sla.Get()->calendar.Spec().holidays, "Tawasul holidays");
  r.Set("Content-Type", "text/calendar; charset=utf-8");
  r.Set("Content-Disposition", "attachment; filename=\"tawasul-holidays.ics\"");
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

}  // namespace

void RegisterAdminCalendarPages(http::Router& router, const WebContext& web) {
  using http::Method;
  auto add = [&](Method m, const char* path,
                 void (*f)(const WebContext&, const http::Request&, http::Reply)) {
    router.Add(m, path, [&web, f](const http::Request& req, http::Reply reply) {
      f(web, req, std::move(reply));
    });
  };
  add(Method::kGet, "/admin/calendar", Show);
  add(Method::kGet, "/admin/calendar.ics", Export);
  add(Method::kPost, "/admin/calendar/holidays/confirm", Confirm);
  add(Method::kPost, "/admin/calendar/holidays/add", Add);
  add(Method::kPost, "/admin/calendar/holidays/delete", Delete);
  add(Method::kPost, "/admin/calendar/holidays/propose", Propose);
  add(Method::kPost, "/admin/calendar/import", Import);
}

}  // namespace tawasul::web
