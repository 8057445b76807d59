// Demo data. Synthetic cases are plausible, not real: subjects and descriptions come from the
// templates (with an area name filled in), channels follow a web-heavy mix, times fall mostly
// in working hours over the last 180 days, and due times are computed exactly as for live
// intake. All cases stay "received" until the lifecycle exists. Deterministic for a seed.

#include "app/demo.h"

#include "domain/figures.h"

#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "app/bootstrap.h"
#include "domain/access_code.h"

namespace tawasul::app {

using nlohmann::json;

std::vector<DemoAccount> DemoAccounts() {
  return {{"admin@tawasul.example", "demo-admin-2026", "admin", ""},
          {"auditor@tawasul.example", "demo-auditor-2026", "auditor", ""},
          {"supervisor.mow@tawasul.example", "demo-supervisor-2026", "supervisor", "MOW"},
          {"agent.mow@tawasul.example", "demo-agent-2026", "agent", "MOW"},
          {"agent.moh@tawasul.example", "demo-agent-2026", "agent", "MOH"}};
}

namespace {

domain::Catalogue ParseCatalogue(const json& j) {
  std::vector<domain::Entity> entities;
  std::vector<domain::Category> categories;
  std::vector<domain::Service> services;
  for (const auto& e : j.at("entities")) {
    entities.push_back({e.at("code"), e.at("name_ar"), e.at("name_en")});
  }
  for (const auto& c : j.at("categories")) {
    domain::Category k{c.at("code"), c.at("entity"), c.at("name_ar"), c.at("name_en"),
                       c.at("guidance_ar"), c.at("guidance_en"), {}};
    for (const auto& t : c.at("types")) {
      auto parsed = domain::ParseCaseType(t.get<std::string>());
      if (!parsed) throw std::runtime_error("demo catalogue: bad type in " + k.code);
      k.types.push_back(*parsed);
    }
    categories.push_back(std::move(k));
  }
  for (const auto& s : j.at("services")) {
    services.push_back({s.at("code"), s.at("entity"), s.at("name_ar"), s.at("name_en"), s.at("url")});
  }
  return domain::Catalogue(std::move(entities), std::move(categories), std::move(services));
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

}  // namespace

std::vector<DemoSample> LoadDemo(store::Store& store, const domain::WorkingCalendar& calendar,
                                 const std::string& pepper, int cases, std::uint32_t seed) {
  json j = json::parse(*DataFile("catalogue.json"));
  domain::Catalogue catalogue = ParseCatalogue(j);
  store.SaveCatalogue(catalogue);

  for (const auto& a : DemoAccounts()) {
    if (store.FindUserByEmail(a.email)) continue;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, a.password.c_str(), a.password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      throw std::runtime_error("out of memory hashing a password");
    }
    store.AddUser({a.email, hash, a.role, a.entity, a.role + " (demo)"});
  }

  std::mt19937 rng(seed);
  const auto& templates = j.at("case_templates");
  const auto& areas = j.at("areas");
  const auto& names = j.at("names");
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const domain::Channel channels[] = {domain::Channel::kWeb,   domain::Channel::kWeb,
                                      domain::Channel::kWeb,   domain::Channel::kWeb,
                                      domain::Channel::kWeb,   domain::Channel::kApp,
                                      domain::Channel::kApp,   domain::Channel::kApp,
                                      domain::Channel::kPhone, domain::Channel::kCounter};
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::vector<store::NewCase> batch;
  std::vector<std::string> codes;
  batch.reserve(cases);
  for (int i = 0; i < cases; ++i) {
    const json& t = templates[pick(templates.size())];
    bool ar = t.at("language") == "ar";
    const json& area = areas[pick(areas.size())];
    const json& person = names[pick(names.size())];
    std::string area_name = area.at(ar ? "ar" : "en");
    store::NewCase nc;
    auto& d = nc.draft;
    d.type = *domain::ParseCaseType(t.at("type").get<std::string>());
    d.category = t.at("category");
    d.entity = catalogue.FindCategory(d.category)->entity;
    d.subject = Replace(t.at("subject"), "{area}", area_name);
    d.description = Replace(t.at("description"), "{area}", area_name);
    d.language = ar ? domain::Language::kArabic : domain::Language::kEnglish;
    d.channel = channels[pick(std::size(channels))];
    d.contact_name = person.at(ar ? "ar" : "en");
    d.contact_email = "citizen" + std::to_string(i + 1) + "@example.com";
    d.anonymous = pick(20) == 0;
    // Mostly working hours (07:00-14:00 local), some evenings; spread over 180 days.
    int day = static_cast<int>(pick(180));
    int minute = pick(5) == 0 ? static_cast<int>(pick(24 * 60)) : 7 * 60 + static_cast<int>(pick(7 * 60));
    auto local_day = std::chrono::floor<std::chrono::days>(now) - std::chrono::days(day);
    nc.submitted_at = calendar.ToInstant(domain::LocalDate(local_day), minute);
    if (nc.submitted_at > now) nc.submitted_at = now - std::chrono::seconds(pick(3600) + 60);
    auto targets = domain::DefaultTargets(d.type);
    nc.first_response_due_at = calendar.DueAfterWorkingDays(nc.submitted_at, targets.first_response_days);
    nc.due_at = calendar.DueAfterWorkingDays(nc.submitted_at, targets.resolution_days);
    nc.year2 = static_cast<int>(calendar.LocalDateOf(nc.submitted_at).year()) % 100;
    std::string code = domain::NewAccessCode();
    nc.access_salt = domain::NewSalt();
    nc.access_hash = domain::HashAccessCode(code, nc.access_salt, pepper);
    {
      domain::CaseRecord shape;
      shape.draft = nc.draft;
      shape.submitted_at = nc.submitted_at;
      shape.due_at = nc.due_at;
      nc.figures = domain::NewCaseFigures(shape, calendar);
    }
    if (codes.size() < 3) codes.push_back(code);
    batch.push_back(std::move(nc));
  }
  // Insert in submission order so references grow with time, as they would live.
  std::vector<std::size_t> order(batch.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return batch[a].submitted_at < batch[b].submitted_at;
  });
  std::vector<store::NewCase> sorted;
  sorted.reserve(batch.size());
  for (auto i : order) sorted.push_back(std::move(batch[i]));
  auto refs = store.ImportCases(std::move(sorted));
  std::vector<DemoSample> samples;
  for (std::size_t k = 0; k < codes.size(); ++k) {
    // codes[k] belongs to original index k; find where it went.
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
      if (order[pos] == k) {
        samples.push_back({refs[pos], codes[k]});
        break;
      }
    }
  }
  return samples;
}

}  // namespace tawasul::app
