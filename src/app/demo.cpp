// Demo data. Synthetic cases are plausible, not real: subjects and descriptions come from the
// templates (with an area name filled in), channels follow a web-heavy mix, times fall mostly
// in working hours over the last 180 days, and due times are computed exactly as for live
// intake. Older cases carry a plausible history (replies, requests for information, answers
// mostly on time, some late, transfers, ratings, reopenings, closing) replayed through the same
// importer as `tawasul import`, so their clocks and figures are exactly what live work would
// have produced. Deterministic for a seed (apart from "now").

#include "app/demo.h"

#include "domain/figures.h"

#include <algorithm>
#include <future>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

#include <sodium.h>
#include <nlohmann/json.hpp>

#include "app/bootstrap.h"
#include "domain/access_code.h"
#include "domain/reference.h"
#include "domain/suggestion_outcome.h"
#include "domain/time.h"
#include "service/bulk.h"
#include "service/case_service.h"
#include "service/eservices.h"
#include "service/surveys.h"
#include "store/eservice_store.h"
#include "store/news_store.h"
#include "store/suggestion_store.h"
#include "store/survey_store.h"

namespace tawasul::app {

using nlohmann::json;

domain::Holiday DemoTentativeHoliday(const domain::WorkingCalendar& calendar,
                                     domain::LocalDate today) {
  // The third working day after today that is followed by a working day, so that extending the
  // holiday by a day (the circular's "corrected dates") takes one more working day away.
  domain::LocalDate d = today;
  for (int i = 0; i < 3; ++i) d = calendar.NextWorkingDay(d);
  for (int guard = 0; guard < 60; ++guard) {
    domain::LocalDate next(std::chrono::sys_days(d) + std::chrono::days(1));
    if (calendar.IsWorkingDay(next)) break;
    d = calendar.NextWorkingDay(d);
  }
  domain::Holiday h;
  h.start = d;
  h.end = d;
  h.kind = domain::HolidayKind::kOneOff;
  h.status = domain::HolidayStatus::kTentative;
  h.name_en = "Demo holiday (tentative, awaiting the circular)";
  h.name_ar = "عطلة تجريبية (مبدئية، بانتظار التعميم)";
  h.note = "demo: confirm it on /admin/calendar, e.g. one day longer";
  return h;
}

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
    domain::Category k{c.at("code"),
                       c.at("entity"),
                       c.at("name_ar"),
                       c.at("name_en"),
                       c.at("guidance_ar"),
                       c.at("guidance_en"),
                       {}};
    for (const auto& t : c.at("types")) {
      auto parsed = domain::ParseCaseType(t.get<std::string>());
      if (!parsed) throw std::runtime_error("demo catalogue: bad type in " + k.code);
      k.types.push_back(*parsed);
    }
    categories.push_back(std::move(k));
  }
  for (const auto& s : j.at("services")) {
    services.push_back(
        {s.at("code"), s.at("entity"), s.at("name_ar"), s.at("name_en"), s.at("url")});
  }
  return domain::Catalogue(std::move(entities), std::move(categories), std::move(services));
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// With cases, the calendar gets a tentative holiday soon (DemoTentativeHoliday) so that
// confirming it on /admin/calendar visibly moves open cases' due times.
void AddTentativeHoliday(store::Store& store, service::SlaRules::Snapshot& sla) {
  domain::CalendarSpec spec = sla.calendar.Spec();
  auto now = domain::Now();
  auto holiday = DemoTentativeHoliday(sla.calendar, sla.calendar.LocalDateOf(now));
  bool present = std::any_of(spec.holidays.begin(), spec.holidays.end(),
                             [&](const auto& h) { return h.note == holiday.note; });
  if (!present) {
    spec.holidays.push_back(std::move(holiday));
    store.SaveCalendar("default", spec);
    sla.calendar = domain::WorkingCalendar(spec);
  }
}

void AddDemoAccounts(store::Store& store) {
  for (const auto& a : DemoAccounts()) {
    if (store.FindUserByEmail(a.email)) continue;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, a.password.c_str(), a.password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      throw std::runtime_error("out of memory hashing a password");
    }
    store.AddUser({a.email, hash, domain::ParseStaffRole(a.role).value_or(domain::Role::kAuditor),
                   a.entity, a.role + " (demo)"});
  }
}

// One synthetic case's import line (`tawasul import`), with the instant it was submitted.
struct Draft {
  domain::Instant at;
  json line;
};

// The synthetic cases with histories. Every random choice comes from one generator in a fixed
// order (the data set is deterministic for a seed): keep the order of the draws when changing
// anything here.
class CaseGenerator {
 public:
  CaseGenerator(const json& data, const domain::Catalogue& catalogue,
                const domain::WorkingCalendar& calendar, domain::Instant now, std::uint32_t seed)
      : templates_(data.at("case_templates")),
        areas_(data.at("areas")),
        names_(data.at("names")),
        catalogue_(catalogue),
        calendar_(calendar),
        now_(now),
        rng_(seed) {}

  // The i-th case (from 0).
  Draft Case(int i);

 private:
  static constexpr std::int64_t kDay = 435;  // working minutes in a Sun-Wed day

  std::size_t Pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  double Uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  bool Chance(double p) { return Uniform() < p; }
  std::string Stamp(domain::Instant t) const {
    return domain::FormatRfc3339(t, calendar_.UtcOffsetSeconds(t));
  }
  // The instant `minutes` working minutes after `t`.
  domain::Instant Later(domain::Instant t, std::int64_t minutes) const {
    return calendar_.DueAfterWorkingMinutes(t, minutes);
  }

  // Appends `e` at `at` to `events`; false (and nothing added) when `at` is after now.
  bool Add(json& events, domain::Instant at, json e) const {
    if (at > now_) return false;
    e["at"] = Stamp(at);
    events.push_back(std::move(e));
    return true;
  }
  json History(domain::Instant submitted, const std::string& type, const std::string& entity,
               bool ar);
  void AnswerAndAfter(json& events, domain::Instant submitted, domain::Instant cursor,
                      int target_days, bool ar);
  bool RateAndReopen(json& events, domain::Instant& cursor, bool ar);

  const json& templates_;
  const json& areas_;
  const json& names_;
  const domain::Catalogue& catalogue_;
  const domain::WorkingCalendar& calendar_;
  domain::Instant now_;
  std::mt19937 rng_;
};

Draft CaseGenerator::Case(int i) {
  static const char* const kChannels[] = {"web", "web", "web", "web",   "web",
                                          "app", "app", "app", "phone", "counter"};
  const json& t = templates_[Pick(templates_.size())];
  bool ar = t.at("language") == "ar";
  const json& area = areas_[Pick(areas_.size())];
  const json& person = names_[Pick(names_.size())];
  std::string area_name = area.at(ar ? "ar" : "en");
  std::string type = t.at("type");
  std::string category = t.at("category");
  std::string entity = catalogue_.FindCategory(category)->entity;
  // Mostly working hours (07:00-14:00 local), some evenings; spread over 180 days.
  int day = static_cast<int>(Pick(180));
  int minute =
      Pick(5) == 0 ? static_cast<int>(Pick(24 * 60)) : 7 * 60 + static_cast<int>(Pick(7 * 60));
  auto local_day = std::chrono::floor<std::chrono::days>(now_) - std::chrono::days(day);
  domain::Instant submitted = calendar_.ToInstant(domain::LocalDate(local_day), minute);
  if (submitted > now_) submitted = now_ - std::chrono::seconds(Pick(3600) + 60);
  json line = {{"type", type},
               {"entity", entity},
               {"category", category},
               {"channel", kChannels[Pick(std::size(kChannels))]},
               {"language", ar ? "ar" : "en"},
               {"subject", Replace(t.at("subject"), "{area}", area_name)},
               {"description", Replace(t.at("description"), "{area}", area_name)},
               {"submitted_at", Stamp(submitted)},
               {"anonymous", Pick(20) == 0},
               {"contact",
                {{"name", person.at(ar ? "ar" : "en")},
                 {"email", "citizen" + std::to_string(i + 1) + "@example.com"},
                 {"phone", ""}}}};
  line["events"] = History(submitted, type, entity, ar);
  return {submitted, std::move(line)};
}

// A plausible history: most cases get a first reply within a working day or two and an answer
// before the target; some need information from the citizen, some are late, some transferred,
// rated, reopened and closed. Nothing is dated after now.
json CaseGenerator::History(domain::Instant submitted, const std::string& type,
                            const std::string& entity, bool ar) {
  json events = json::array();
  const auto& entities = catalogue_.Entities();
  int target_days = (type == "inquiry" || type == "compliment") ? 5 : 14;
  domain::Instant cursor = submitted;
  bool open = true;
  if (Chance(0.03) && entities.size() > 1) {
    const auto& to = entities[Pick(entities.size())];
    if (to.code != entity) {
      cursor = Later(cursor, 60 + static_cast<std::int64_t>(Pick(kDay)));
      open =
          Add(events, cursor,
              {{"kind", "transfer"},
               {"entity", to.code},
               {"body", ar ? "أحيلت إلى الجهة المختصة" : "Forwarded to the responsible entity"}});
    }
  }
  if (open && Chance(0.8)) {
    cursor = Later(cursor, 30 + static_cast<std::int64_t>(Pick(2 * kDay)));
    open =
        Add(events, cursor,
            {{"kind", "reply"},
             {"body", ar ? "شكراً لتواصلكم، نعمل على طلبكم." : "Thank you; we are working on it."}});
  }
  if (open && Chance(0.12)) {
    cursor = Later(cursor, 60 + static_cast<std::int64_t>(Pick(kDay)));
    open =
        Add(events, cursor,
            {{"kind", "request_info"},
             {"body", ar ? "نرجو تزويدنا بالعنوان بالتفصيل." : "Please send the exact address."}});
    if (open && Chance(0.85)) {
      cursor = Later(cursor, 30 + static_cast<std::int64_t>(Pick(kDay)));
      open = Add(events, cursor,
                 {{"kind", "citizen_reply"},
                  {"body", ar ? "العنوان: مجمع 123، طريق 45." : "Block 123, Road 45."}});
    }
  }
  if (open) AnswerAndAfter(events, submitted, cursor, target_days, ar);
  return events;
}

// The answer (on time for most: a share of the target; late for about one in ten), then perhaps
// a rating and a reopening, and the closing.
void CaseGenerator::AnswerAndAfter(json& events, domain::Instant submitted, domain::Instant cursor,
                                   int target_days, bool ar) {
  double share = Chance(0.1) ? 1.05 + 0.5 * Uniform() : 0.1 + 0.85 * Uniform();
  auto answer_at = Later(submitted, static_cast<std::int64_t>(share * target_days * kDay));
  if (answer_at <= cursor) answer_at = Later(cursor, 60);
  bool reject = Chance(0.06);
  json answer =
      reject ? json{{"kind", "reject"},
                    {"reason", "out_of_scope"},
                    {"body", ar ? "الطلب خارج اختصاص الجهة." : "Outside this entity's remit."}}
             : json{{"kind", "answer"},
                    {"body", ar ? "تمت معالجة طلبكم، شكراً لكم."
                                : "Your request has been resolved. Thank you."}};
  if (!Add(events, answer_at, answer)) return;
  cursor = answer_at;
  bool closed = false;
  if (Chance(0.55)) closed = RateAndReopen(events, cursor, ar);
  if (!closed) Add(events, cursor + domain::kAutoCloseAfter, {{"kind", "close"}});
}

// A rating after the answer, and for some unhappy citizens a reopening answered again; true when
// the case ends closed (a good rating, or still open at now: nothing more to add).
bool CaseGenerator::RateAndReopen(json& events, domain::Instant& cursor, bool ar) {
  static const int kScores[] = {5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 1};
  int score = kScores[Pick(std::size(kScores))];
  auto rate_at = cursor + std::chrono::hours(2 + static_cast<int>(Pick(72)));
  if (!Add(events, rate_at, {{"kind", "rate"}, {"score", score}})) return false;
  cursor = rate_at;
  bool closed = score >= 3;
  if (!closed && Chance(0.3)) {
    auto reopen_at = cursor + std::chrono::hours(1 + static_cast<int>(Pick(24)));
    if (Add(events, reopen_at,
            {{"kind", "reopen"},
             {"body", ar ? "المشكلة ما زالت قائمة." : "The problem is still there."}})) {
      cursor = reopen_at;
      auto again = Later(cursor, static_cast<std::int64_t>(Pick(3 * kDay)) + 60);
      if (Add(events, again,
              {{"kind", "answer"}, {"body", ar ? "تمت المعالجة مجدداً." : "Resolved again."}}))
        cursor = again;
      else
        closed = true;  // still open: nothing more to add
    }
  }
  return closed;
}

// Imports the cases with their histories, references in submission order, as they would have
// been issued live.
std::vector<std::string> ImportDrafts(store::Store& store, const service::SlaRules::Snapshot& sla,
                                      std::vector<Draft> drafts) {
  std::stable_sort(drafts.begin(), drafts.end(),
                   [](const Draft& a, const Draft& b) { return a.at < b.at; });
  auto offset = static_cast<std::uint64_t>(store.CountCases());
  std::map<int, std::uint64_t> next;
  std::string jsonl;
  std::vector<std::string> suggestions;
  for (auto& d : drafts) {
    int year2 = static_cast<int>(sla.calendar.LocalDateOf(d.at).year()) % 100;
    auto& seq = next.try_emplace(year2, offset).first->second;
    d.line["reference"] = domain::FormatReference(domain::Reference{year2, ++seq});
    if (d.line.value("type", "") == "suggestion") suggestions.push_back(d.line["reference"]);
    jsonl += d.line.dump();
    jsonl += '\n';
  }
  std::istringstream in(jsonl);
  auto report = service::ImportJsonl(in, store, sla);
  if (!report.bad_lines.empty()) {
    throw std::runtime_error("demo data: line " + std::to_string(report.bad_lines.front().line) +
                             ": " + report.bad_lines.front().reason);
  }
  return suggestions;
}

// Records one outcome as of `at` and waits for the commit (the demo loads before serving).
bool RecordOutcomeAt(store::Store& store, const std::string& reference, const domain::Actor& actor,
                     const domain::OutcomeRequest& request, domain::Instant at) {
  std::promise<bool> applied;
  store.Suggestions().ChangeSuggestion(
      reference,
      [&](const domain::CaseRecord& current, const std::vector<domain::CaseEvent>& history) {
        return domain::DecideOutcome(current, domain::OutcomeOf(history), actor, request, at)
            .change;
      },
      [&applied](store::ChangeResult r) { applied.set_value(r.applied); });
  return applied.get_future().get();
}

// Outcomes for the demo suggestions of the entities with demo staff (MOW, MOH): in turn under
// study, accepted, in progress, implemented (twice as often, with milestones) and declined, each
// step dated between the case's last event and now, so the public page /suggestions has content.
constexpr int kDemoOutcomes = 60;

void AddSuggestionOutcomes(store::Store& store, const domain::WorkingCalendar& calendar,
                           const std::vector<std::string>& references, domain::Instant now) {
  std::map<std::string, std::int64_t> agents;
  for (const auto& a : DemoAccounts()) {
    if (a.role != "agent") continue;
    if (auto u = store.FindUserByEmail(a.email)) agents[a.entity] = u->id;
  }
  using Request = domain::OutcomeRequest;
  auto step = [](const char* stage, std::optional<int> progress = std::nullopt) {
    Request r;
    r.stage = stage;
    r.progress = progress;
    return r;
  };
  int k = 0;
  for (const auto& reference : references) {
    if (k >= kDemoOutcomes) break;  // each step is a synchronous write: keep the load quick
    auto found = store.FindCaseWithEvents(reference);
    if (!found) continue;
    const auto& [record, events] = *found;
    auto agent = agents.find(record.draft.entity);
    if (agent == agents.end()) continue;
    const domain::Actor actor{domain::Role::kAgent, agent->second, record.draft.entity};
    const bool ar = record.draft.language == domain::Language::kArabic;
    // 0 under study, 1 accepted, 2 in progress, 3-4 implemented, 5 declined.
    const int plan = k++ % 6;
    std::vector<Request> steps;
    steps.push_back(step("under_study"));
    if (plan == 5) {
      Request r = step("declined");
      r.reason = ar ? "لا تسمح الميزانية الحالية بتنفيذه، وسنعيد دراسته العام القادم."
                    : "The current budget does not allow it; we will study it again next year.";
      steps.push_back(r);
    }
    if (plan >= 1 && plan <= 4) steps.push_back(step("accepted"));
    if (plan >= 2 && plan <= 4) {
      Request r = step("in_progress", 30);
      r.milestone_text = ar ? "اعتُمد التصميم" : "Design approved";
      steps.push_back(r);
      Request r2 = step("in_progress", 70);
      r2.milestone_text = ar ? "بدأ العمل في الموقع" : "Work started on site";
      steps.push_back(r2);
    }
    if (plan == 3 || plan == 4) {
      Request r = step("implemented");
      r.summary = plan == 3 ? (ar ? "أضيفت مظلات ومقاعد في مواقف الحافلات المقترحة."
                                  : "Shades and benches were added at the suggested bus stops.")
                            : (ar ? "مُدّدت ساعات عمل المركز إلى المساء كما اقتُرح."
                                  : "The centre now opens in the evening, as suggested.");
      steps.push_back(r);
    }
    domain::Instant from = events.empty() ? record.submitted_at : events.back().at;
    if (from >= now) continue;
    const auto span = (now - from) / static_cast<int>(steps.size() + 1);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const domain::Instant at =
          from + std::chrono::duration_cast<std::chrono::seconds>(span * static_cast<int>(i + 1));
      if (steps[i].milestone_text) {
        steps[i].milestone_date = domain::FormatDate(calendar.LocalDateOf(at));
      }
      if (!RecordOutcomeAt(store, reference, actor, steps[i], at)) break;
    }
  }
}

// Fresh cases with known access codes, so a visitor can try tracking.
std::vector<DemoSample> AddSamples(store::Store& store, const service::SlaRules::Snapshot& sla,
                                   const std::string& pepper, const json& data,
                                   const domain::Catalogue& catalogue, int count,
                                   domain::Instant now) {
  const auto& templates = data.at("case_templates");
  const auto& areas = data.at("areas");
  const auto& names = data.at("names");
  std::vector<DemoSample> samples;
  std::vector<store::NewCase> fresh;
  std::vector<std::string> codes;
  for (int k = 0; k < count; ++k) {
    const json& t = templates[static_cast<std::size_t>(k) % templates.size()];
    store::NewCase nc;
    auto& d = nc.draft;
    d.type = *domain::ParseCaseType(t.at("type").get<std::string>());
    d.category = t.at("category");
    d.entity = catalogue.FindCategory(d.category)->entity;
    bool ar = t.at("language") == "ar";
    d.subject = Replace(t.at("subject"), "{area}", areas[0].at(ar ? "ar" : "en"));
    d.description = Replace(t.at("description"), "{area}", areas[0].at(ar ? "ar" : "en"));
    d.language = ar ? domain::Language::kArabic : domain::Language::kEnglish;
    d.contact_name = names[0].at(ar ? "ar" : "en");
    d.contact_email = "sample" + std::to_string(k + 1) + "@example.com";
    nc.submitted_at = now - std::chrono::minutes(10 * (3 - k));
    service::StartNewCase(nc, sla);
    std::string code = domain::NewAccessCode();
    nc.access_salt = domain::NewSalt();
    nc.access_hash = domain::HashAccessCode(code, nc.access_salt, pepper);
    codes.push_back(code);
    fresh.push_back(std::move(nc));
  }
  auto refs = store.ImportCases(std::move(fresh));
  for (std::size_t k = 0; k < refs.size(); ++k) samples.push_back({refs[k], codes[k]});
  return samples;
}

// The demo e-services catalogue (data/demo/eservices.json: {"services": [...]}, the fields of
// `tawasul services import`), checked like an import: a bad row is a bug in the data file.
void SaveDemoEServices(store::Store& store, const domain::Catalogue& catalogue) {
  const json doc = json::parse(*DataFile("eservices.json"));  // alive through the loop
  std::stringstream lines;
  for (const auto& s : doc.at("services")) {
    lines << s.dump() << "\n";
  }
  auto outcome = service::ParseEServices(lines, service::ImportFormat::kJsonl, catalogue);
  if (!outcome.problems.empty()) {
    const auto& p = outcome.problems.front();
    throw std::runtime_error("demo e-services: row " + std::to_string(p.line) + ": " + p.field +
                             ": " + p.reason);
  }
  store.EServices().SaveEServices(outcome.rows);
}

// Comments of a demo item and their replies (data/demo/news.json), each `minutes_ago` before now.
void AddDemoComments(store::Store& store, const json& comments, std::int64_t item,
                     std::int64_t parent, int depth, domain::Instant now) {
  for (const auto& c : comments) {
    domain::NewsComment comment;
    comment.item_id = item;
    comment.parent_id = parent;
    comment.depth = depth;
    comment.name = c.at("name").get<std::string>();
    comment.text = c.at("text").get<std::string>();
    comment.created_at = now - std::chrono::minutes(c.at("minutes_ago").get<int>());
    const std::int64_t id = store.News().AddNewsComment(comment);
    AddDemoComments(store, c.at("replies"), item, id, depth + 1, now);
  }
}

// The demo news (data/demo/news.json): a few published items, oldest first, with comment threads.
void AddDemoNews(store::Store& store, domain::Instant now) {
  const json doc = json::parse(*DataFile("news.json"));  // alive through the loop
  for (const auto& n : doc.at("items")) {
    domain::NewsItem item;
    item.entity = n.at("entity").get<std::string>();
    for (auto [key, field] : {std::pair{"title_ar", &item.title_ar},
                              {"title_en", &item.title_en},
                              {"summary_ar", &item.summary_ar},
                              {"summary_en", &item.summary_en},
                              {"body_ar", &item.body_ar},
                              {"body_en", &item.body_en}}) {
      *field = n.at(key).get<std::string>();
    }
    item.published = true;
    item.comment_mode = domain::ParseCommentMode(n.at("comment_mode").get<std::string>()).value();
    const auto published = now - std::chrono::days(n.at("days_ago").get<int>());
    const std::int64_t id = store.News().SaveNewsItem(item, published);
    AddDemoComments(store, n.at("comments"), id, 0, 1, now);
  }
}

// A few hundred anonymous answers to the survey after each case (docs/surveys.md), once: enough
// for /admin/surveys and /stats to show figures for most entities (groups of 5 or more).
void AddDemoSurveys(store::Store& store, const domain::Catalogue& catalogue, domain::Instant now,
                    std::uint32_t seed) {
  if (!store.Surveys().SurveyResponses(std::string(domain::kAfterCaseSurvey)).empty()) return;
  std::vector<service::DemoEntity> entities;
  for (const auto& e : catalogue.Entities()) {
    service::DemoEntity d{e.code, {}};
    for (const auto& c : catalogue.Categories()) {
      if (c.entity == e.code) d.categories.push_back(c.code);
    }
    entities.push_back(std::move(d));
  }
  const int year = static_cast<int>(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now)}.year());
  service::AddDemoSurveyResponses(store, entities, 400, year, seed);
}

}  // namespace

std::vector<DemoSample> LoadDemo(store::Store& store, const service::SlaRules::Snapshot& sla_in,
                                 const std::string& pepper, int cases, std::uint32_t seed) {
  service::SlaRules::Snapshot sla = sla_in;
  if (cases > 0) AddTentativeHoliday(store, sla);
  json j = json::parse(*DataFile("catalogue.json"));
  domain::Catalogue catalogue = ParseCatalogue(j);
  store.SaveCatalogue(catalogue);
  SaveDemoEServices(store, catalogue);
  AddDemoAccounts(store);
  AddDemoNews(store, domain::Now());

  // N cases in all: N - 3 with histories, and three fresh samples.
  const auto now = domain::Now();
  const int samples_wanted = std::min(cases, 3);
  const int historic = cases - samples_wanted;
  CaseGenerator generator(j, catalogue, sla.calendar, now, seed);
  std::vector<Draft> drafts;
  drafts.reserve(static_cast<std::size_t>(historic));
  for (int i = 0; i < historic; ++i) drafts.push_back(generator.Case(i));
  auto suggestions = ImportDrafts(store, sla, std::move(drafts));
  AddSuggestionOutcomes(store, sla.calendar, suggestions, now);
  if (cases > 0) AddDemoSurveys(store, catalogue, now, seed);
  return AddSamples(store, sla, pepper, j, catalogue, samples_wanted, now);
}

}  // namespace tawasul::app
