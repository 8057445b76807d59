// `tawasul export --format jsonl|csv`; see bulk.h. JSONL starts with the reference records
// (entities, then categories) so that the file alone rebuilds a system; each case is written as
// first received (its original entity and category, from the "received" event's facts) followed
// by the events import replays. Internal scheduler events (breached) and assignments are not
// carried: they name staff of this system and are recomputed by the receiving one. Contacts are
// masked unless options.include_contact (docs/decisions.md 2026-12-07).

#include <ostream>

#include <nlohmann/json.hpp>

#include "domain/contact_access.h"
#include "domain/lifecycle.h"
#include "domain/submission_digest.h"
#include "service/bulk.h"

namespace tawasul::service {

using nlohmann::json;

namespace {

// The events import replays (bulk_import.cpp); the others are recomputed by the receiving system.
bool Exported(domain::EventKind kind) {
  using K = domain::EventKind;
  static constexpr K kKinds[] = {K::kReply,  K::kRequestInfo, K::kCitizenReply, K::kAnswer,
                                 K::kReject, K::kTransfer,    K::kReopen,       K::kRate,
                                 K::kClose,  K::kNote,        K::kExtend,       K::kMerge};
  for (K k : kKinds) {
    if (kind == k) return true;
  }
  return false;
}

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::int64_t Export(std::ostream& out, store::Store& store, const domain::WorkingCalendar& cal,
                    const ExportOptions& options) {
  auto time = [&](domain::Instant t) { return domain::FormatRfc3339(t, cal.UtcOffsetSeconds(t)); };
  auto opt_time = [&](const std::optional<domain::Instant>& t) {
    return t ? time(*t) : std::string();
  };
  bool csv = options.format == "csv";
  if (csv) {
    out << "reference,type,status,entity,category,channel,language,submitted_at,first_response_at,"
           "answered_at,closed_at,due_at,rating,reopen_count,subject\r\n";
  } else {
    auto catalogue = store.LoadCatalogue();
    for (const auto& e : catalogue.Entities()) {
      out << json{{"record", "entity"},
                  {"code", e.code},
                  {"name_ar", e.name_ar},
                  {"name_en", e.name_en}}
                 .dump()
          << "\n";
    }
    for (const auto& c : catalogue.Categories()) {
      json types = json::array();
      for (auto t : c.types) types.push_back(domain::ToString(t));
      out << json{{"record", "category"},         {"code", c.code},
                  {"entity", c.entity},           {"name_ar", c.name_ar},
                  {"name_en", c.name_en},         {"guidance_ar", c.guidance_ar},
                  {"guidance_en", c.guidance_en}, {"types", types}}
                 .dump()
          << "\n";
    }
  }
  std::int64_t written = 0;
  store.ForEachCase([&](const domain::CaseRecord& r, const std::vector<domain::CaseEvent>& events) {
    auto day = cal.LocalDateOf(r.submitted_at);
    if (options.from && day < *options.from) return;
    if (options.to && day > *options.to) return;
    ++written;
    const auto& d = r.draft;
    if (csv) {
      out << r.reference << ',' << domain::ToString(d.type) << ',' << domain::ToString(r.status)
          << ',' << Csv(d.entity) << ',' << Csv(d.category) << ',' << domain::ToString(d.channel)
          << ',' << domain::LanguageCode(d.language) << ',' << time(r.submitted_at) << ','
          << opt_time(r.first_response_at) << ',' << opt_time(r.answered_at) << ','
          << opt_time(r.closed_at) << ','
          << (domain::IsOpenStatus(r.status) ? time(r.due_at) : std::string()) << ','
          << (r.rating ? std::to_string(*r.rating) : std::string()) << ',' << r.reopen_count << ','
          << Csv(d.subject) << "\r\n";
      return;
    }
    std::string entity = d.entity;
    std::string category = d.category;
    json items = json::array();
    for (const auto& e : events) {
      json data = e.data.empty() ? json::object() : json::parse(e.data, nullptr, false);
      if (!data.is_object()) data = json::object();
      if (e.kind == domain::EventKind::kReceived) {
        if (auto f = data.find("figure"); f != data.end() && f->is_object()) {
          entity = f->value("entity", entity);
          category = f->value("category", category);
        }
        continue;
      }
      if (!Exported(e.kind)) continue;
      json item = {{"at", time(e.at)}, {"kind", std::string(domain::KindName(e))}};
      if (!e.body.empty() && e.body != "-") item["body"] = e.body;
      for (const char* key : {"reason", "entity", "score", "working_days", "into"}) {
        if (auto it = data.find(key); it != data.end()) item[key] = *it;
      }
      items.push_back(std::move(item));
    }
    json c = {{"reference", r.reference},
              {"type", domain::ToString(d.type)},
              {"entity", entity},
              {"category", category},
              {"channel", domain::ToString(d.channel)},
              {"language", domain::LanguageCode(d.language)},
              {"subject", d.subject},
              {"description", d.description},
              {"submitted_at", time(r.submitted_at)},
              {"anonymous", d.anonymous},
              {"events", std::move(items)}};
    const auto contact = domain::ContactAs(
        d, options.include_contact ? domain::ContactAccess::kFull : domain::ContactAccess::kMasked);
    c["contact"] = {{"name", contact.name}, {"email", contact.email}, {"phone", contact.phone}};
    if (!options.include_contact) c["contact_masked"] = true;
    if (!domain::ErasedFields(events).empty()) c["personal_data_erased"] = true;
    if (!d.service.empty()) c["service"] = d.service;
    out << c.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  });
  return written;
}

}  // namespace tawasul::service
