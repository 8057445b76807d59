// `tawasul import --format jsonl`; see bulk.h for the contract.
//
// Event mapping (the "kind" of an imported event -> the lifecycle action replayed):
//   reply, request_info, answer, note -> staff (a supervisor of the case's entity at the time)
//   reject (reason, default "other") · transfer (entity) · extend (working_days) · merge (into)
//   citizen_reply, reopen, rate (score) -> the citizen
//   close -> the closing of an answered case (an already closed case: nothing to do)
// Every event must be at or after the previous one and the submission. A case whose history the
// lifecycle refuses (e.g. an answer after closing) is a bad line: nothing of it is stored.

#include <algorithm>
#include <future>
#include <istream>
#include <thread>

#include <sodium.h>
#include <nlohmann/json.hpp>

#include "domain/figures.h"
#include "domain/reference.h"
#include "domain/time.h"
#include "service/bulk.h"
#include "service/case_actions.h"

namespace tawasul::service {

using nlohmann::json;

namespace {

struct LineError {
  std::string reason;
};

std::string Str(const json& j, const char* name, bool required) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) throw LineError{std::string(name) + " is required"};
    return {};
  }
  if (!it->is_string()) throw LineError{std::string(name) + " must be a string"};
  return it->get<std::string>();
}

// An instant no later than now (plus a little clock skew between systems): a history cannot
// contain the future, and figures must not count it.
domain::Instant Time(const json& j, const char* name) {
  auto s = Str(j, name, true);
  auto t = domain::ParseRfc3339(s);
  if (!t) throw LineError{std::string(name) + " must be an RFC 3339 instant"};
  auto now = domain::Now();
  if (*t > now + std::chrono::minutes(5)) throw LineError{std::string(name) + " is in the future"};
  return *t;
}

std::string RandomBytes(std::size_t n) {
  std::string s(n, '\0');
  randombytes_buf(s.data(), n);
  return s;
}

domain::CaseRecord FirstState(const json& j, const domain::Catalogue& catalogue,
                              const SlaRules::Snapshot& sla) {
  domain::CaseRecord r;
  auto ref = domain::ParseReference(Str(j, "reference", true));
  if (!ref) throw LineError{"reference is not a valid case reference"};
  r.reference = domain::FormatReference(*ref);
  auto& d = r.draft;
  auto type = domain::ParseCaseType(Str(j, "type", true));
  if (!type) throw LineError{"type must be complaint, suggestion, inquiry or compliment"};
  d.type = *type;
  d.entity = Str(j, "entity", true);
  if (!catalogue.FindEntity(d.entity)) throw LineError{"entity " + d.entity + " is unknown"};
  d.category = Str(j, "category", false);
  if (!d.category.empty()) {
    const auto* c = catalogue.FindCategory(d.category);
    if (!c) throw LineError{"category " + d.category + " is unknown"};
    if (c->entity != d.entity)
      throw LineError{"category " + d.category + " belongs to another entity"};
  }
  auto channel =
      domain::ParseChannel(Str(j, "channel", false).empty() ? "web" : Str(j, "channel", false));
  if (!channel) throw LineError{"channel is unknown"};
  d.channel = *channel;
  auto lang =
      domain::ParseLanguage(Str(j, "language", false).empty() ? "ar" : Str(j, "language", false));
  if (!lang) throw LineError{"language must be ar or en"};
  d.language = *lang;
  d.subject = Str(j, "subject", true);
  d.description = Str(j, "description", false);
  if (d.subject.empty()) throw LineError{"subject must not be empty"};
  if (!domain::IsValidUtf8(d.subject) || !domain::IsValidUtf8(d.description)) {
    throw LineError{"subject and description must be UTF-8"};
  }
  d.service = Str(j, "service", false);
  if (auto it = j.find("contact"); it != j.end() && it->is_object()) {
    d.contact_name = Str(*it, "name", false);
    d.contact_email = Str(*it, "email", false);
    d.contact_phone = Str(*it, "phone", false);
  }
  if (auto it = j.find("anonymous"); it != j.end() && it->is_boolean())
    d.anonymous = it->get<bool>();
  r.submitted_at = Time(j, "submitted_at");
  r.clock = domain::StartClock(sla.targets, d, r.submitted_at);
  domain::RecomputeDueTimes(sla.calendar, r);
  r.access_salt = RandomBytes(16);
  r.access_hash = RandomBytes(32);  // no code opens an imported case (see bulk.h)
  return r;
}

// The actor and action replaying one imported event on a case in `state`.
std::pair<domain::Actor, domain::Action> Replay(const json& ev, const domain::CaseRecord& cur,
                                                const std::string& kind) {
  using domain::ActionKind;
  domain::Actor staff{domain::Role::kSupervisor, 0, cur.draft.entity};
  domain::Actor citizen{domain::Role::kCitizen, 0, {}};
  domain::Action a;
  a.body = Str(ev, "body", false);
  auto body_or = [&](const char* fallback) {
    if (a.body.empty()) a.body = fallback;
  };
  if (kind == "reply") {
    a.kind = ActionKind::kReply;
  } else if (kind == "request_info") {
    a.kind = ActionKind::kRequestInfo;
  } else if (kind == "answer") {
    a.kind = ActionKind::kAnswer;
  } else if (kind == "note") {
    a.kind = ActionKind::kNote;
  } else if (kind == "reject") {
    a.kind = ActionKind::kReject;
    auto reason = domain::ParseRejectReason(
        Str(ev, "reason", false).empty() ? "other" : Str(ev, "reason", false));
    if (!reason) throw LineError{"reject reason is unknown"};
    a.reason = *reason;
    body_or("-");
  } else if (kind == "transfer") {
    a.kind = ActionKind::kTransfer;
    a.entity = Str(ev, "entity", true);
    body_or("-");
  } else if (kind == "extend") {
    a.kind = ActionKind::kExtend;
    a.working_days = ev.value("working_days", 0);
    body_or("-");
  } else if (kind == "merge") {
    a.kind = ActionKind::kMerge;
    a.into = Str(ev, "into", true);
  } else if (kind == "citizen_reply") {
    a.kind = ActionKind::kCitizenReply;
    return {citizen, a};
  } else if (kind == "reopen") {
    a.kind = ActionKind::kReopen;
    body_or("-");
    return {citizen, a};
  } else if (kind == "rate") {
    a.kind = ActionKind::kRate;
    auto it = ev.find("score");
    if (it == ev.end() || !it->is_number_integer()) throw LineError{"rate needs an integer score"};
    a.score = it->get<int>();
    return {citizen, a};
  } else if (kind == "close") {
    a.kind = ActionKind::kAutoClose;
    return {domain::Actor{domain::Role::kSystem, 0, {}}, a};
  } else {
    throw LineError{"event kind " + kind + " is unknown"};
  }
  return {staff, a};
}

// Replays a case line into a whole case; throws LineError.
store::FullCase BuildCase(const json& j, const domain::Catalogue& catalogue,
                          const SlaRules::Snapshot& sla) {
  const domain::WorkingCalendar& cal = sla.calendar;
  store::FullCase fc;
  domain::CaseRecord cur = FirstState(j, catalogue, sla);
  domain::CaseEvent received;
  received.seq = 1;
  received.at = cur.submitted_at;
  received.kind = "received";
  received.actor = "system";
  domain::RecordReceivedFacts(cur, received);
  fc.events.push_back(received);
  fc.figures = domain::ChangeFigures(nullptr, cur, fc.events, cal);
  auto events = j.find("events");
  if (events != j.end() && !events->is_null()) {
    if (!events->is_array()) throw LineError{"events must be an array"};
    domain::Instant last = cur.submitted_at;
    int n = 0;
    for (const auto& ev : *events) {
      ++n;
      if (!ev.is_object()) throw LineError{"event " + std::to_string(n) + " must be an object"};
      std::string kind = Str(ev, "kind", true);
      domain::Instant at = Time(ev, "at");
      if (at < last)
        throw LineError{"event " + std::to_string(n) + " is earlier than the one before it"};
      last = at;
      if (kind == "close" && cur.status == domain::CaseStatus::kClosed) continue;
      if (kind == "transfer") {
        auto to = Str(ev, "entity", true);
        if (!catalogue.FindEntity(to))
          throw LineError{"event " + std::to_string(n) + ": entity " + to + " is unknown"};
      }
      auto [actor, action] = Replay(ev, cur, kind);
      domain::Decision decision;
      store::CaseChange change =
          domain::PlanCaseAction(sla.calendar, sla.targets, cur, actor, action, at, decision);
      if (!change.apply && kind == "close" && cur.status == domain::CaseStatus::kAnswered) {
        // Closed before the automatic 14 days (by the citizen or an earlier system): close now.
        change.apply = true;
        change.next = cur;
        change.next.status = domain::CaseStatus::kClosed;
        change.next.closed_at = at;
        domain::CaseEvent e;
        e.at = at;
        e.kind = "close";
        e.actor = "system";
        change.events = {e};
        change.figures = domain::ChangeFigures(&cur, change.next, change.events, cal);
      }
      if (!change.apply) {
        throw LineError{"event " + std::to_string(n) + " (" + kind + ") refused: " + decision.code};
      }
      for (auto& e : change.events) {
        e.seq = static_cast<std::int64_t>(fc.events.size()) + 1;
        if (e.actor == "user:0") e.actor = "import";
        fc.events.push_back(std::move(e));
      }
      for (const auto& [k, f] : change.figures) fc.figures[k].Add(f);
      cur = std::move(change.next);
    }
  }
  std::erase_if(fc.figures, [](const auto& kv) { return kv.second.IsZero(); });
  fc.record = std::move(cur);
  return fc;
}

}  // namespace

namespace {

// One case line: its whole case, or the reason it is bad.
struct Built {
  std::optional<store::FullCase> full;
  std::string error;
};

Built BuildLine(const std::string& line, const domain::Catalogue& catalogue,
                const SlaRules::Snapshot& sla) {
  Built b;
  try {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw LineError{"not a JSON object"};
    std::string record = Str(j, "record", false);
    if (!record.empty() && record != "case") throw LineError{"record " + record + " is unknown"};
    b.full = BuildCase(j, catalogue, sla);
  } catch (const LineError& e) {
    b.error = e.reason;
  } catch (const json::exception& e) {
    b.error = std::string("bad value: ") + e.what();
  }
  return b;
}

}  // namespace

ImportReport ImportJsonl(std::istream& in, store::Store& store, const SlaRules::Snapshot& sla,
                         std::size_t batch) {
  // Pipeline: case lines are gathered in chunks; a chunk is built on every core (parsing and
  // replaying are pure) while the previous chunk is being written by the store's writer. A
  // reference record is a barrier: everything before it is built and written first, so cases
  // always see the catalogue as of their position in the file.
  ImportReport report;
  domain::Catalogue catalogue = store.LoadCatalogue();
  std::vector<domain::Entity> entities(catalogue.Entities());
  std::vector<domain::Category> categories(catalogue.Categories());
  const unsigned workers = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  std::vector<std::pair<std::int64_t, std::string>> chunk;
  std::future<std::int64_t> writing;
  auto wait_write = [&] {
    if (writing.valid()) report.cases_inserted += writing.get();
  };
  auto process = [&] {
    if (chunk.empty()) return;
    std::vector<Built> built(chunk.size());
    std::vector<std::thread> threads;
    const std::size_t n = chunk.size();
    for (unsigned t = 0; t < workers; ++t) {
      std::size_t from = n * t / workers, to = n * (t + 1) / workers;
      threads.emplace_back([&, from, to] {
        for (std::size_t i = from; i < to; ++i)
          built[i] = BuildLine(chunk[i].second, catalogue, sla);
      });
    }
    for (auto& th : threads) th.join();
    std::vector<store::FullCase> cases;
    cases.reserve(n);
    auto sum = std::make_shared<domain::FigureDeltas>();
    for (std::size_t i = 0; i < n; ++i) {
      if (built[i].full) {
        for (const auto& [k, f] : built[i].full->figures) (*sum)[k].Add(f);
        cases.push_back(std::move(*built[i].full));
        ++report.cases_read;
      } else {
        report.bad_lines.push_back({chunk[i].first, std::move(built[i].error)});
      }
    }
    chunk.clear();
    wait_write();
    writing = std::async(std::launch::async, [&store, cases = std::move(cases), sum]() mutable {
      return store.ImportFullCases(std::move(cases), sum.get());
    });
  };
  std::string line;
  try {
    while (std::getline(in, line)) {
      ++report.lines;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      if (line.find("\"record\"") == std::string::npos) {
        chunk.emplace_back(report.lines, std::move(line));
        if (chunk.size() >= batch) process();
        continue;
      }
      // Possibly a reference record: a barrier.
      process();
      wait_write();
      try {
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw LineError{"not a JSON object"};
        std::string record = Str(j, "record", false);
        if (record != "entity" && record != "category") {
          chunk.emplace_back(report.lines, std::move(line));  // a case after all
          continue;
        }
        domain::Entity e;
        domain::Category c;
        if (record == "entity") {
          e = {Str(j, "code", true), Str(j, "name_ar", true), Str(j, "name_en", true)};
          if (e.code.empty()) throw LineError{"code must not be empty"};
          std::erase_if(entities, [&](const auto& x) { return x.code == e.code; });
          entities.push_back(e);
        } else {
          c.code = Str(j, "code", true);
          c.entity = Str(j, "entity", true);
          c.name_ar = Str(j, "name_ar", true);
          c.name_en = Str(j, "name_en", true);
          // Fields a record leaves out keep their stored values (or the defaults for a new one).
          const domain::Category* existing = catalogue.FindCategory(c.code);
          c.guidance_ar = j.contains("guidance_ar") ? Str(j, "guidance_ar", false)
                          : existing                ? existing->guidance_ar
                                                    : "";
          c.guidance_en = j.contains("guidance_en") ? Str(j, "guidance_en", false)
                          : existing                ? existing->guidance_en
                                                    : "";
          if (auto t = j.find("types"); t != j.end()) {
            if (!t->is_array() || t->empty()) throw LineError{"types must be a non-empty array"};
            for (const auto& name : *t) {
              auto type =
                  name.is_string() ? domain::ParseCaseType(name.get<std::string>()) : std::nullopt;
              if (!type) throw LineError{"types: unknown case type"};
              c.types.push_back(*type);
            }
          } else if (existing) {
            c.types = existing->types;
          } else {
            c.types = {domain::CaseType::kComplaint, domain::CaseType::kSuggestion,
                       domain::CaseType::kInquiry, domain::CaseType::kCompliment};
          }
          if (c.code.empty()) throw LineError{"code must not be empty"};
          if (!catalogue.FindEntity(c.entity))
            throw LineError{"entity " + c.entity + " is unknown"};
          std::erase_if(categories, [&](const auto& x) { return x.code == c.code; });
          categories.push_back(c);
        }
        store.SaveCatalogue(record == "entity" ? domain::Catalogue({e}, {}, {})
                                               : domain::Catalogue({}, {c}, {}));
        catalogue = domain::Catalogue(entities, categories, catalogue.Services());
        ++report.records;
      } catch (const LineError& e) {
        report.bad_lines.push_back({report.lines, e.reason});
      } catch (const json::exception& e) {
        report.bad_lines.push_back({report.lines, std::string("bad value: ") + e.what()});
      }
    }
    process();
    wait_write();
  } catch (...) {
    if (writing.valid()) writing.wait();
    throw;
  }
  std::sort(report.bad_lines.begin(), report.bad_lines.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  return report;
}

}  // namespace tawasul::service
