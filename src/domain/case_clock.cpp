// Case clocks; see case_clock.h.

#include "domain/case_clock.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace tawasul::domain {

using nlohmann::json;

namespace {

std::int64_t Secs(Instant t) { return t.time_since_epoch().count(); }
Instant At(std::int64_t s) { return Instant(std::chrono::seconds(s)); }

json TargetJson(const Target& t) {
  return json::array({t.unit == TargetUnit::kWorkingDays ? 0 : 1, t.amount});
}

std::optional<Target> TargetOf(const json& j) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number_integer() || !j[1].is_number_integer())
    return std::nullopt;
  Target t{j[0].get<int>() == 0 ? TargetUnit::kWorkingDays : TargetUnit::kWorkingMinutes,
           j[1].get<std::int64_t>()};
  if (!IsValidTarget(t)) return std::nullopt;
  return t;
}

}  // namespace

std::string EncodeClock(const CaseClock& c) {
  json pauses = json::array();
  for (const auto& p : c.pauses)
    pauses.push_back(json::array({Secs(p.from), p.to ? json(Secs(*p.to)) : json(nullptr)}));
  json j = {{"s", Secs(c.start)},
            {"f", TargetJson(c.first_response)},
            {"r", TargetJson(c.resolution)},
            {"p", pauses}};
  if (c.extension) j["x"] = TargetJson(*c.extension);
  return j.dump();
}

std::optional<CaseClock> DecodeClock(std::string_view text) {
  if (text.empty()) return std::nullopt;
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  CaseClock c;
  auto s = j.find("s");
  if (s == j.end() || !s->is_number_integer()) return std::nullopt;
  c.start = At(s->get<std::int64_t>());
  auto f = TargetOf(j.value("f", json()));
  auto r = TargetOf(j.value("r", json()));
  if (!f || !r) return std::nullopt;
  c.first_response = *f;
  c.resolution = *r;
  if (auto p = j.find("p"); p != j.end() && p->is_array()) {
    for (const auto& item : *p) {
      if (!item.is_array() || item.size() != 2 || !item[0].is_number_integer()) return std::nullopt;
      Pause pause{At(item[0].get<std::int64_t>()), std::nullopt};
      if (item[1].is_number_integer()) pause.to = At(item[1].get<std::int64_t>());
      c.pauses.push_back(pause);
    }
  }
  if (auto x = j.find("x"); x != j.end()) {
    c.extension = TargetOf(*x);
    if (!c.extension) return std::nullopt;
  }
  return c;
}

std::optional<Instant> ResolutionDue(const WorkingCalendar& cal, const CaseClock& c) {
  return ComputeDue(cal, ClockInput{c.start, c.resolution, c.pauses, c.extension});
}

std::optional<Instant> FirstResponseDue(const WorkingCalendar& cal, const CaseClock& c) {
  return ComputeDue(cal, ClockInput{c.start, c.first_response, c.pauses, std::nullopt});
}

std::optional<Instant> WarningAt(const WorkingCalendar& cal, const CaseClock& c) {
  auto due = ResolutionDue(cal, c);
  if (!due || *due == kNeverDue) return std::nullopt;
  std::int64_t budget = ElapsedWorkingSeconds(cal, c.start, *due, c.pauses);
  Instant t = cal.DueAfterWorkingSeconds(c.start, budget * 3 / 4);
  std::vector<Pause> pauses = c.pauses;
  std::sort(pauses.begin(), pauses.end(),
            [](const Pause& a, const Pause& b) { return a.from < b.from; });
  for (const auto& p : pauses) {
    if (p.from < c.start) continue;
    if (p.from >= t) break;
    if (!p.to) return std::nullopt;
    t = cal.DueAfterWorkingSeconds(t, cal.WorkingSecondsBetween(p.from, *p.to));
  }
  return t;
}

std::int64_t ClockElapsedSeconds(const WorkingCalendar& cal, const CaseClock& c, Instant now) {
  if (c.start == Instant{}) return 0;
  return ElapsedWorkingSeconds(cal, c.start, now, c.pauses);
}

}  // namespace tawasul::domain
