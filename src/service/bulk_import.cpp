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
#include <climits>
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

// An integer member that fits an int; `fallback` when absent or null. A fraction, 1e300 or an
// integer beyond int is refused: converting it would be undefined (1e300) or silently change the
// value (2^32 + 5 would become 5).
int Int(const json& j, const char* name, std::optional<int> fallback) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (!fallback) throw LineError{std::string(name) + " is required"};
    return *fallback;
  }
  const bool fits = it->is_number_unsigned()
                        ? it->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT_MAX)
                        : it->is_number_integer() && it->get<std::int64_t>() >= INT_MIN &&
                              it->get<std::int64_t>() <= INT_MAX;
  if (!fits) throw LineError{std::string(name) + " must be an integer"};
  return static_cast<int>(it->get<std::int64_t>());
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
  auto flag = [&j](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
  };
  // A case whose personal data was erased (domain/erasure.h) is exported with an empty subject.
  if (d.subject.empty() && !flag("personal_data_erased")) {
    throw LineError{"subject must not be empty"};
  }
  if (!domain::IsValidUtf8(d.subject) || !domain::IsValidUtf8(d.description)) {
    throw LineError{"subject and description must be UTF-8"};
  }
  d.service = Str(j, "service", false);
  // A masked contact (an export without --include-contact) is no contact: never stored as one.
  if (auto it = j.find("contact"); !flag("contact_masked") && it != j.end() && it->is_object()) {
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

// The actor and action replaying one imported event (of kind `kind`, named `name` in the file)
// on a case in `state`.
std::pair<domain::Actor, domain::Action> Replay(const json& ev, const domain::CaseRecord& cur,
                                                std::optional<domain::EventKind> kind,
                                                const std::string& name) {
  using domain::ActionKind;
  using domain::EventKind;
  domain::Actor staff{domain::Role::kSupervisor, 0, cur.draft.entity};
  domain::Actor citizen{domain::Role::kCitizen, 0, {}};
  domain::Action a;
  a.body = Str(ev, "body", false);
  auto body_or = [&](const char* fallback) {
    if (a.body.empty()) a.body = fallback;
  };
  switch (kind.value_or(EventKind::kOther)) {
    case EventKind::kReply:
      a.kind = ActionKind::kReply;
      break;
    case EventKind::kRequestInfo:
      a.kind = ActionKind::kRequestInfo;
      break;
    case EventKind::kAnswer:
      a.kind = ActionKind::kAnswer;
      break;
    case EventKind::kNote:
      a.kind = ActionKind::kNote;
      break;
    case EventKind::kReject: {
      a.kind = ActionKind::kReject;
      auto reason = domain::ParseRejectReason(
          Str(ev, "reason", false).empty() ? "other" : Str(ev, "reason", false));
      if (!reason) throw LineError{"reject reason is unknown"};
      a.reason = *reason;
      body_or("-");
      break;
    }
    case EventKind::kTransfer:
      a.kind = ActionKind::kTransfer;
      a.entity = Str(ev, "entity", true);
      body_or("-");
      break;
    case EventKind::kExtend:
      a.kind = ActionKind::kExtend;
      a.working_days = Int(ev, "working_days", 0);
      body_or("-");
      break;
    case EventKind::kMerge:
      a.kind = ActionKind::kMerge;
      a.into = Str(ev, "into", true);
      break;
    case EventKind::kCitizenReply:
      a.kind = ActionKind::kCitizenReply;
      return {citizen, a};
    case EventKind::kReopen:
      a.kind = ActionKind::kReopen;
      body_or("-");
      return {citizen, a};
    case EventKind::kRate: {
      a.kind = ActionKind::kRate;
      a.score = Int(ev, "score", std::nullopt);
      return {citizen, a};
    }
    case EventKind::kClose:
      a.kind = ActionKind::kAutoClose;
      return {domain::Actor{domain::Role::kSystem, 0, {}}, a};
    default:  // received, assign, info_timeout and the scheduler's events are not imported
      throw LineError{"event kind " + name + " is unknown"};
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
  received.kind = domain::EventKind::kReceived;
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
      const std::string name = Str(ev, "kind", true);
      const auto kind = domain::ParseEventKind(name);
      domain::Instant at = Time(ev, "at");
      if (at < last)
        throw LineError{"event " + std::to_string(n) + " is earlier than the one before it"};
      last = at;
      if (kind == domain::EventKind::kClose && cur.status == domain::CaseStatus::kClosed) continue;
      if (kind == domain::EventKind::kTransfer) {
        auto to = Str(ev, "entity", true);
        if (!catalogue.FindEntity(to))
          throw LineError{"event " + std::to_string(n) + ": entity " + to + " is unknown"};
      }
      auto [actor, action] = Replay(ev, cur, kind, name);
      domain::Decision decision;
      store::CaseChange change =
          domain::PlanCaseAction(sla.calendar, sla.targets, cur, actor, action, at, decision);
      if (!change.apply && kind == domain::EventKind::kClose &&
          cur.status == domain::CaseStatus::kAnswered) {
        // Closed before the automatic 14 days (by the citizen or an earlier system): close now.
        change.apply = true;
        change.next = cur;
        change.next.status = domain::CaseStatus::kClosed;
        change.next.closed_at = at;
        domain::CaseEvent e;
        e.at = at;
        e.kind = domain::EventKind::kClose;
        e.actor = "system";
        change.events = {e};
        change.figures = domain::ChangeFigures(&cur, change.next, change.events, cal);
      }
      if (!change.apply) {
        throw LineError{"event " + std::to_string(n) + " (" + name + ") refused: " + decision.code};
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

BuiltLine BuildImportLine(const std::string& line, const domain::Catalogue& catalogue,
                          const SlaRules::Snapshot& sla) {
  BuiltLine b;
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

namespace {

// A category record: fields it leaves out keep their stored values (or the defaults for a new
// category).
domain::Category CategoryRecord(const json& j, const domain::Catalogue& catalogue) {
  domain::Category c;
  c.code = Str(j, "code", true);
  c.entity = Str(j, "entity", true);
  c.name_ar = Str(j, "name_ar", true);
  c.name_en = Str(j, "name_en", true);
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
      auto type = name.is_string() ? domain::ParseCaseType(name.get<std::string>()) : std::nullopt;
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
  if (!catalogue.FindEntity(c.entity)) throw LineError{"entity " + c.entity + " is unknown"};
  return c;
}

// Pipeline: case lines are gathered in chunks; a chunk is built on every core (parsing and
// replaying are pure) while the previous chunk is being written by the store's writer. A
// reference record is a barrier: everything before it is built and written first, so cases
// always see the catalogue as of their position in the file.
class Importer {
 public:
  Importer(store::Store& store, const SlaRules::Snapshot& sla, std::size_t batch)
      : store_(store),
        sla_(sla),
        batch_(batch),
        catalogue_(store.LoadCatalogue()),
        entities_(catalogue_.Entities()),
        categories_(catalogue_.Categories()) {}

  // One line of the file, numbered from 1 (report.lines).
  void Line(std::string line);
  // After the last line: writes what is left and waits for it.
  void Finish() {
    Process();
    WaitWrite();
  }
  // On an exception: the write in flight refers to this object, so it must end first.
  void Abandon() {
    if (writing_.valid()) writing_.wait();
  }
  ImportReport report;

 private:
  void WaitWrite() {
    if (writing_.valid()) report.cases_inserted += writing_.get();
  }
  // Builds the gathered case lines (in parallel), then hands them to the store's writer once the
  // previous chunk is written.
  void Process();
  // A line that names a "record": an entity or a category (the barrier), else a case after all.
  void Record(std::string line);

  store::Store& store_;
  const SlaRules::Snapshot& sla_;
  const std::size_t batch_;
  const unsigned workers_ = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  domain::Catalogue catalogue_;
  std::vector<domain::Entity> entities_;
  std::vector<domain::Category> categories_;
  std::vector<std::pair<std::int64_t, std::string>> chunk_;
  std::future<std::int64_t> writing_;
};

void Importer::Process() {
  if (chunk_.empty()) return;
  std::vector<BuiltLine> built(chunk_.size());
  std::vector<std::thread> threads;
  const std::size_t n = chunk_.size();
  for (unsigned t = 0; t < workers_; ++t) {
    std::size_t from = n * t / workers_, to = n * (t + 1) / workers_;
    threads.emplace_back([&, from, to] {
      for (std::size_t i = from; i < to; ++i)
        built[i] = BuildImportLine(chunk_[i].second, catalogue_, sla_);
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
      report.bad_lines.push_back({chunk_[i].first, std::move(built[i].error)});
    }
  }
  chunk_.clear();
  WaitWrite();
  writing_ =
      std::async(std::launch::async, [&store = store_, cases = std::move(cases), sum]() mutable {
        return store.ImportFullCases(std::move(cases), sum.get());
      });
}

void Importer::Line(std::string line) {
  ++report.lines;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.find_first_not_of(" \t") == std::string::npos) return;
  if (line.find("\"record\"") == std::string::npos) {
    chunk_.emplace_back(report.lines, std::move(line));
    if (chunk_.size() >= batch_) Process();
    return;
  }
  // Possibly a reference record: a barrier.
  Process();
  WaitWrite();
  try {
    Record(std::move(line));
  } catch (const LineError& e) {
    report.bad_lines.push_back({report.lines, e.reason});
  } catch (const json::exception& e) {
    report.bad_lines.push_back({report.lines, std::string("bad value: ") + e.what()});
  }
}

void Importer::Record(std::string line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw LineError{"not a JSON object"};
  std::string record = Str(j, "record", false);
  if (record != "entity" && record != "category") {
    chunk_.emplace_back(report.lines, std::move(line));  // a case after all
    return;
  }
  if (record == "entity") {
    domain::Entity e{Str(j, "code", true), Str(j, "name_ar", true), Str(j, "name_en", true)};
    if (e.code.empty()) throw LineError{"code must not be empty"};
    std::erase_if(entities_, [&](const auto& x) { return x.code == e.code; });
    entities_.push_back(e);
    store_.SaveCatalogue(domain::Catalogue({e}, {}, {}));
  } else {
    domain::Category c = CategoryRecord(j, catalogue_);
    std::erase_if(categories_, [&](const auto& x) { return x.code == c.code; });
    categories_.push_back(c);
    store_.SaveCatalogue(domain::Catalogue({}, {c}, {}));
  }
  catalogue_ = domain::Catalogue(entities_, categories_, catalogue_.Services());
  ++report.records;
}

}  // namespace

ImportReport ImportJsonl(std::istream& in, store::Store& store, const SlaRules::Snapshot& sla,
                         std::size_t batch) {
  Importer importer(store, sla, batch);
  std::string line;
  try {
    while (std::getline(in, line)) importer.Line(std::move(line));
    importer.Finish();
  } catch (...) {
    importer.Abandon();
    throw;
  }
  auto& report = importer.report;
  std::sort(report.bad_lines.begin(), report.bad_lines.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  return std::move(report);
}

}  // namespace tawasul::service
