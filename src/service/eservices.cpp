// The e-services catalogue's use cases (eservices.h). CSV follows RFC 4180: fields separated by
// commas, a field in double quotes may hold commas, quotes (doubled) and line breaks; a row's
// problems name the line it starts on, so an administrator can find it in an editor.

#include "service/eservices.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <sstream>

#include "store/eservice_store.h"

namespace tawasul::service {

std::shared_ptr<const domain::ServiceIndex> EServiceCache::Get() {
  auto catalogue = catalogue_.Get();
  std::lock_guard lock(mu_);
  if (!index_ || built_for_ != catalogue) {
    std::vector<domain::EService> active;
    for (auto& s : store_.EServices().LoadEServices()) {
      if (s.active) active.push_back(std::move(s));
    }
    index_ = std::make_shared<const domain::ServiceIndex>(std::move(active));
    built_for_ = std::move(catalogue);
  }
  return index_;
}

std::vector<const domain::EService*> FilterEServices(const domain::ServiceIndex& index,
                                                     const EServiceFilter& filter) {
  std::vector<const domain::EService*> out;
  auto keep = [&](const domain::EService& s) {
    if (!filter.entity.empty() && s.entity != filter.entity) return false;
    if (!filter.life_event.empty() && std::find(s.life_events.begin(), s.life_events.end(),
                                                filter.life_event) == s.life_events.end()) {
      return false;
    }
    return true;
  };
  if (filter.query.empty()) {
    for (const auto& s : index.Services()) {
      if (keep(s)) out.push_back(&s);
    }
    return out;
  }
  for (const auto& hit : index.Search(filter.query)) {
    const auto& s = index.Services()[hit.index];
    if (keep(s)) out.push_back(&s);
  }
  return out;
}

std::vector<domain::CatalogueFieldError> SaveEService(const AppContext& ctx,
                                                      domain::EService service) {
  domain::NormalizeSets(service);
  auto errors = domain::CheckEService(service, *ctx.catalogue.Get());
  if (!errors.empty()) return errors;
  ctx.store.EServices().SaveEServices({service});
  ctx.catalogue.Set(std::make_shared<const domain::Catalogue>(ctx.store.LoadCatalogue()));
  return {};
}

void RecordUseful(const AppContext& ctx, const std::string& code, bool useful) {
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  ctx.store.EServices().RecordUsefulVote(code, buf, useful);
}

// ---- import and export ------------------------------------------------------------------------

const std::vector<std::string> kEServiceFields = {
    "code",           "entity",      "name_ar",     "name_en",    "url",      "description_ar",
    "description_en", "audience_ar", "audience_en", "fees_ar",    "fees_en",  "time_ar",
    "time_en",        "channels",    "life_events", "categories", "keywords", "active"};

namespace {

// Field accessors by export name, for a mutable or a const row.
template <class S>
auto TextField(S& s, const std::string& f) -> decltype(&s.code) {
  if (f == "code") return &s.code;
  if (f == "entity") return &s.entity;
  if (f == "name_ar") return &s.name_ar;
  if (f == "name_en") return &s.name_en;
  if (f == "url") return &s.url;
  if (f == "description_ar") return &s.description_ar;
  if (f == "description_en") return &s.description_en;
  if (f == "audience_ar") return &s.audience_ar;
  if (f == "audience_en") return &s.audience_en;
  if (f == "fees_ar") return &s.fees_ar;
  if (f == "fees_en") return &s.fees_en;
  if (f == "time_ar") return &s.time_ar;
  if (f == "time_en") return &s.time_en;
  if (f == "keywords") return &s.keywords;
  return nullptr;
}

template <class S>
auto SetField(S& s, const std::string& f) -> decltype(&s.channels) {
  if (f == "channels") return &s.channels;
  if (f == "life_events") return &s.life_events;
  if (f == "categories") return &s.categories;
  return nullptr;
}

std::string CsvQuote(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// One CSV record from `in`; false at the end. `line` is advanced past the record's lines.
bool ReadCsvRecord(std::istream& in, std::vector<std::string>& fields, int& line, bool& bad) {
  fields.clear();
  bad = false;
  std::string field;
  bool quoted = false, any = false, after_quote = false;
  char c;
  while (in.get(c)) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          in.get(c);
          field.push_back('"');
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
    } else if (c == '\n') {
      ++line;
      fields.push_back(std::move(field));
      return true;
    } else if (c == '\r') {
      continue;
    } else if (c == '"' && field.empty() && !after_quote) {
      quoted = true;
    } else {
      if (after_quote) bad = true;  // text after a closing quote
      field.push_back(c);
    }
  }
  if (!any) return false;
  if (quoted) bad = true;  // an unclosed quote ran to the end of the file
  fields.push_back(std::move(field));
  return true;
}

void CheckRow(ImportOutcome& out, domain::EService s, int line, std::set<std::string>& seen,
              const domain::Catalogue& in_force) {
  domain::NormalizeSets(s);
  for (const auto& e : domain::CheckEService(s, in_force)) {
    out.problems.push_back({line, e.field, e.reason});
  }
  if (!s.code.empty() && !seen.insert(s.code).second) {
    out.problems.push_back({line, "code", "duplicate"});
  }
  out.rows.push_back(std::move(s));
}

void ParseJsonl(std::istream& in, ImportOutcome& out, const domain::Catalogue& in_force) {
  std::set<std::string> seen;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      out.problems.push_back({line, "", "malformed"});
      continue;
    }
    domain::EService s;
    bool ok = true;
    for (const auto& [key, value] : j.items()) {
      if (auto* t = TextField(s, key)) {
        if (value.is_string())
          *t = value.get<std::string>();
        else
          ok = false, out.problems.push_back({line, key, "not_a_string"});
      } else if (auto* set = SetField(s, key)) {
        if (!value.is_array()) {
          ok = false, out.problems.push_back({line, key, "not_an_array"});
          continue;
        }
        for (const auto& v : value) {
          if (v.is_string())
            set->push_back(v.get<std::string>());
          else
            ok = false, out.problems.push_back({line, key, "not_a_string"});
        }
      } else if (key == "active") {
        if (value.is_boolean())
          s.active = value.get<bool>();
        else
          ok = false, out.problems.push_back({line, key, "not_a_boolean"});
      } else {
        ok = false, out.problems.push_back({line, key, "unknown_field"});
      }
    }
    if (ok) CheckRow(out, std::move(s), line, seen, in_force);
  }
}

void ParseCsv(std::istream& in, ImportOutcome& out, const domain::Catalogue& in_force) {
  std::set<std::string> seen;
  std::vector<std::string> header, fields;
  int line = 1;
  bool bad = false;
  if (!ReadCsvRecord(in, header, line, bad) || bad) {
    out.problems.push_back({1, "", "missing_header"});
    return;
  }
  for (const auto& h : header) {
    if (std::find(kEServiceFields.begin(), kEServiceFields.end(), h) == kEServiceFields.end()) {
      out.problems.push_back({1, h, "unknown_field"});
    }
  }
  if (!out.problems.empty()) return;
  int start = line;
  while (ReadCsvRecord(in, fields, line, bad)) {
    const int row_line = start;
    start = line;
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    if (bad || fields.size() != header.size()) {
      out.problems.push_back({row_line, "", bad ? "malformed" : "column_count"});
      continue;
    }
    domain::EService s;
    bool ok = true;
    for (std::size_t i = 0; i < header.size(); ++i) {
      const auto& key = header[i];
      if (auto* t = TextField(s, key)) {
        *t = fields[i];
      } else if (auto* set = SetField(s, key)) {
        *set = domain::SplitCodes(fields[i]);
      } else if (key == "active") {
        if (fields[i] == "1" || fields[i] == "true" || fields[i].empty()) {
          s.active = true;
        } else if (fields[i] == "0" || fields[i] == "false") {
          s.active = false;
        } else {
          ok = false, out.problems.push_back({row_line, key, "format"});
        }
      }
    }
    if (ok) CheckRow(out, std::move(s), row_line, seen, in_force);
  }
}

}  // namespace

nlohmann::json EServiceToJson(const domain::EService& s) {
  nlohmann::json j;
  for (const auto& f : kEServiceFields) {
    if (auto* t = TextField(s, f))
      j[f] = *t;
    else if (auto* set = SetField(s, f))
      j[f] = *set;
  }
  j["active"] = s.active;
  return j;
}

std::string ExportJsonl(const std::vector<domain::EService>& services) {
  std::string out;
  for (const auto& s : services) {
    out += EServiceToJson(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out.push_back('\n');
  }
  return out;
}

std::string ExportCsv(const std::vector<domain::EService>& services) {
  std::string out;
  for (std::size_t i = 0; i < kEServiceFields.size(); ++i) {
    if (i) out.push_back(',');
    out += kEServiceFields[i];
  }
  out += "\r\n";
  for (const auto& s : services) {
    for (std::size_t i = 0; i < kEServiceFields.size(); ++i) {
      const auto& f = kEServiceFields[i];
      if (i) out.push_back(',');
      if (auto* t = TextField(s, f))
        out += CsvQuote(*t);
      else if (auto* set = SetField(s, f))
        out += CsvQuote(domain::JoinCodes(*set));
      else
        out += s.active ? "1" : "0";
    }
    out += "\r\n";
  }
  return out;
}

ImportOutcome ParseEServices(std::istream& in, ImportFormat format,
                             const domain::Catalogue& in_force) {
  ImportOutcome out;
  if (format == ImportFormat::kJsonl) {
    ParseJsonl(in, out, in_force);
  } else {
    ParseCsv(in, out, in_force);
  }
  return out;
}

}  // namespace tawasul::service
