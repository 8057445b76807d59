#pragma once
// The catalogue, calendars and SLA targets as rows, for both stores (templates over the
// backend's connection and SQL `Q`; see store/common/rows.h). Loads run on a reading connection;
// saves inside the writer's transaction. Formats: a category's types are comma-separated; a
// calendar's week is seven "HH:MM-HH:MM" or "" entries, Sunday first; dates are ISO.

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "domain/sla.h"

namespace tawasul::store::common {

namespace detail {
inline std::string JoinTypes(const std::vector<domain::CaseType>& types) {
  std::string out;
  for (auto t : types) {
    if (!out.empty()) out.push_back(',');
    out += domain::ToString(t);
  }
  return out;
}

inline std::vector<domain::CaseType> SplitTypes(const std::string& s) {
  std::vector<domain::CaseType> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    auto j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    if (auto t = domain::ParseCaseType(std::string_view(s).substr(i, j - i))) out.push_back(*t);
    i = j + 1;
  }
  return out;
}

inline std::string_view KindName(domain::HolidayKind k) {
  switch (k) {
    case domain::HolidayKind::kFixed:
      return "fixed";
    case domain::HolidayKind::kHijri:
      return "hijri";
    case domain::HolidayKind::kCompensation:
      return "compensation";
    case domain::HolidayKind::kOneOff:
      return "one_off";
  }
  return "one_off";
}
inline domain::HolidayKind ParseKind(std::string_view s) {
  if (s == "fixed") return domain::HolidayKind::kFixed;
  if (s == "hijri") return domain::HolidayKind::kHijri;
  if (s == "compensation") return domain::HolidayKind::kCompensation;
  return domain::HolidayKind::kOneOff;
}

inline std::string FormatMinute(int m) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}

inline std::string FormatWeek(const domain::CalendarSpec& spec) {
  std::string out;
  for (std::size_t d = 0; d < 7; ++d) {
    if (d) out.push_back(',');
    if (spec.week[d]) {
      out +=
          FormatMinute(spec.week[d]->open_minute) + "-" + FormatMinute(spec.week[d]->close_minute);
    }
  }
  return out;
}

inline int ParseMinute(std::string_view s) {
  return std::stoi(std::string(s.substr(0, 2))) * 60 + std::stoi(std::string(s.substr(3, 2)));
}

inline void ParseWeek(const std::string& s, domain::CalendarSpec& spec) {
  std::size_t i = 0;
  for (std::size_t d = 0; d < 7; ++d) {
    auto j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    std::string_view part = std::string_view(s).substr(i, j - i);
    if (part.size() == 11) {
      spec.week[d] = domain::Frame{ParseMinute(part.substr(0, 5)), ParseMinute(part.substr(6, 5))};
    } else {
      spec.week[d].reset();
    }
    i = j + 1;
  }
}

}  // namespace detail

template <class Q, class Conn>
domain::Catalogue LoadCatalogueOn(Conn& c) {
  std::vector<domain::Entity> entities;
  std::vector<domain::Category> categories;
  std::vector<domain::Service> services;
  {
    auto st = c.Prepare(Q::kEntities);
    while (st.Step()) entities.push_back({st.Text(0), st.Text(1), st.Text(2)});
  }
  {
    auto st = c.Prepare(Q::kCategories);
    while (st.Step()) {
      categories.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5),
                            detail::SplitTypes(st.Text(6))});
    }
  }
  {
    auto st = c.Prepare(Q::kServices);
    while (st.Step()) {
      services.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4)});
    }
  }
  return domain::Catalogue(std::move(entities), std::move(categories), std::move(services));
}

// Inserts or updates every entity, category and service given (by code).
template <class Q, class Conn>
void SaveCatalogueOn(Conn& c, const domain::Catalogue& cat) {
  for (const auto& e : cat.Entities()) {
    c.Prepare(Q::kUpsertEntity).Bind(1, e.code).Bind(2, e.name_ar).Bind(3, e.name_en).Run();
  }
  for (const auto& k : cat.Categories()) {
    c.Prepare(Q::kUpsertCategory)
        .Bind(1, k.code)
        .Bind(2, k.entity)
        .Bind(3, k.name_ar)
        .Bind(4, k.name_en)
        .Bind(5, k.guidance_ar)
        .Bind(6, k.guidance_en)
        .Bind(7, detail::JoinTypes(k.types))
        .Run();
  }
  for (const auto& s : cat.Services()) {
    c.Prepare(Q::kUpsertService)
        .Bind(1, s.code)
        .Bind(2, s.entity)
        .Bind(3, s.name_ar)
        .Bind(4, s.name_en)
        .Bind(5, s.url)
        .Run();
  }
}

// The calendar named `code`, or nullopt.
template <class Q, class Conn>
std::optional<domain::CalendarSpec> LoadCalendarOn(Conn& c, const std::string& code) {
  domain::CalendarSpec spec;
  {
    auto st = c.Prepare(Q::kCalendar);
    st.Bind(1, code);
    if (!st.Step()) return std::nullopt;
    spec.time_zone = st.Text(0);
    detail::ParseWeek(st.Text(1), spec);
  }
  {
    auto st = c.Prepare(Q::kHolidays);
    st.Bind(1, code);
    while (st.Step()) {
      domain::Holiday h;
      h.start = *domain::ParseDate(st.Text(0));
      h.end = *domain::ParseDate(st.Text(1));
      h.kind = detail::ParseKind(st.Text(2));
      h.status = st.Text(3) == "tentative" ? domain::HolidayStatus::kTentative
                                           : domain::HolidayStatus::kConfirmed;
      h.name_en = st.Text(4);
      h.name_ar = st.Text(5);
      h.note = st.Text(6);
      spec.holidays.push_back(std::move(h));
    }
  }
  {
    auto st = c.Prepare(Q::kSpecialPeriods);
    st.Bind(1, code);
    while (st.Step()) {
      domain::SpecialPeriod p;
      p.start = *domain::ParseDate(st.Text(0));
      p.end = *domain::ParseDate(st.Text(1));
      p.frame = domain::Frame{static_cast<int>(st.Int(2)), static_cast<int>(st.Int(3))};
      p.name_en = st.Text(4);
      p.name_ar = st.Text(5);
      p.note = st.Text(6);
      spec.special_periods.push_back(std::move(p));
    }
  }
  return spec;
}

// Replaces the calendar `code` (week, holidays, special periods).
template <class Q, class Conn>
void SaveCalendarOn(Conn& c, const std::string& code, const domain::CalendarSpec& spec) {
  c.Prepare(Q::kUpsertCalendar)
      .Bind(1, code)
      .Bind(2, spec.time_zone)
      .Bind(3, detail::FormatWeek(spec))
      .Run();
  c.Prepare(Q::kDeleteHolidays).Bind(1, code).Run();
  c.Prepare(Q::kDeleteSpecialPeriods).Bind(1, code).Run();
  for (const auto& h : spec.holidays) {
    c.Prepare(Q::kInsertHoliday)
        .Bind(1, code)
        .Bind(2, domain::FormatDate(h.start))
        .Bind(3, domain::FormatDate(h.end))
        .Bind(4, detail::KindName(h.kind))
        .Bind(5, h.status == domain::HolidayStatus::kTentative ? "tentative" : "confirmed")
        .Bind(6, h.name_en)
        .Bind(7, h.name_ar)
        .Bind(8, h.note)
        .Run();
  }
  for (const auto& p : spec.special_periods) {
    c.Prepare(Q::kInsertSpecialPeriod)
        .Bind(1, code)
        .Bind(2, domain::FormatDate(p.start))
        .Bind(3, domain::FormatDate(p.end))
        .Bind(4, p.frame.open_minute)
        .Bind(5, p.frame.close_minute)
        .Bind(6, p.name_en)
        .Bind(7, p.name_ar)
        .Bind(8, p.note)
        .Run();
  }
}

template <class Q, class Conn>
std::vector<domain::TargetRule> LoadTargetsOn(Conn& c) {
  auto st = c.Prepare(Q::kTargets);
  std::vector<domain::TargetRule> out;
  while (st.Step()) {
    domain::TargetRule r;
    r.entity = st.Text(0);
    r.type = st.Text(1);
    r.category = st.Text(2);
    r.first_response = {
        domain::ParseTargetUnit(st.Text(3)).value_or(domain::TargetUnit::kWorkingDays), st.Int(4)};
    r.resolution = {domain::ParseTargetUnit(st.Text(5)).value_or(domain::TargetUnit::kWorkingDays),
                    st.Int(6)};
    out.push_back(std::move(r));
  }
  return out;
}

// Replaces every stored rule.
template <class Q, class Conn>
void SaveTargetsOn(Conn& c, const std::vector<domain::TargetRule>& rules) {
  c.Prepare(Q::kDeleteTargets).Run();
  for (const auto& r : rules) {
    c.Prepare(Q::kInsertTarget)
        .Bind(1, r.entity)
        .Bind(2, r.type)
        .Bind(3, r.category)
        .Bind(4, domain::TargetUnitName(r.first_response.unit))
        .Bind(5, r.first_response.amount)
        .Bind(6, domain::TargetUnitName(r.resolution.unit))
        .Bind(7, r.resolution.amount)
        .Run();
  }
}

}  // namespace tawasul::store::common
