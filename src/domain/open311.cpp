// Open311 GeoReport v2 mapping (see open311.h for the invariants).
//
// Choices the specification leaves to the server (docs/decisions.md, 2026-12-07):
//  * A request is a complaint when its category allows complaints, else the category's first
//    type. Its subject is its description on one line (Open311 has no subject).
//  * address_string with lat/long is the location's address; alone (we keep only points as
//    locations) it is added to the description, as is media_url (recorded, never fetched).
//  * No category defines attributes yet, so any attribute[...] is refused by name rather than
//    silently dropped from a citizen's report.

#include "domain/open311.h"

#include <charconv>
#include <map>
#include <set>

#include "domain/reference.h"

namespace tawasul::domain {

namespace {

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<double> ParseNumber(std::string_view s) {
  s = TrimAscii(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool PlausibleMediaUrl(std::string_view url) {
  if (url.size() > kOpen311MediaUrlMax) return false;
  if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

const std::set<std::string_view>& KnownFields() {
  static const std::set<std::string_view> kFields = {
      "api_key",        "jurisdiction_id", "service_code", "lat",         "long",
      "address_string", "address_id",      "email",        "device_id",   "account_id",
      "first_name",     "last_name",       "phone",        "description", "media_url"};
  return kFields;
}

}  // namespace

bool IsOpen311Open(CaseStatus status) {
  return status == CaseStatus::kReceived || status == CaseStatus::kInProgress ||
         status == CaseStatus::kAwaitingCitizen;
}

std::string_view Open311Status(CaseStatus status) {
  return IsOpen311Open(status) ? "open" : "closed";
}

std::vector<Open311Service> Open311Services(const Catalogue& catalogue, Language language) {
  const bool ar = language == Language::kArabic;
  std::vector<Open311Service> out;
  for (const auto& c : catalogue.Categories()) {
    Open311Service s;
    s.code = c.code;
    s.name = ar ? c.name_ar : c.name_en;
    s.description = ar ? c.guidance_ar : c.guidance_en;
    for (auto t : c.types) {
      if (!s.keywords.empty()) s.keywords += ',';
      s.keywords += ToString(t);
    }
    const Entity* e = catalogue.FindEntity(c.entity);
    s.group = e ? (ar ? e->name_ar : e->name_en) : c.entity;
    out.push_back(std::move(s));
  }
  return out;
}

Open311Post ReadOpen311Post(const std::vector<std::pair<std::string, std::string>>& fields,
                            const Catalogue& catalogue) {
  Open311Post out;
  auto& in = out.input;
  auto error = [&](std::string field, std::string code, std::string message) {
    out.errors.push_back({std::move(field), std::move(code), std::move(message)});
  };
  std::map<std::string, std::string> given;
  for (const auto& [name, value] : fields) {
    if (!KnownFields().contains(name) && !name.starts_with("attribute[")) {
      error(name, "unknown_field", name + " is not an Open311 request field");
    } else if (!given.emplace(name, value).second) {
      error(name, "repeated", name + " is given more than once");
    }
  }
  auto get = [&](std::string_view name) -> std::string {
    auto it = given.find(std::string(name));
    return it == given.end() ? std::string() : it->second;
  };
  out.api_key = std::string(TrimAscii(get("api_key")));
  // A string, not a view: the view of get()'s temporary would dangle.
  if (std::string j(TrimAscii(get("jurisdiction_id"))); !j.empty() && j != kOpen311Jurisdiction) {
    error("jurisdiction_id", "unknown", "jurisdiction_id must be omitted or \"bh\"");
  }
  for (const auto& [name, value] : given) {
    if (name.starts_with("attribute[")) {
      error(name, "unknown", name + " is not an attribute of this service (it defines none)");
    }
  }
  in.channel = std::string(ToString(Channel::kOpen311));
  // The service: our category. A complaint when the category takes complaints.
  std::string code(TrimAscii(get("service_code")));
  if (code.empty()) {
    error("service_code", "required", "service_code is required");
  } else {
    in.category = code;
    in.type = std::string(ToString(CaseType::kComplaint));
    if (const Category* c = catalogue.FindCategory(code);
        c && !c->types.empty() && !c->Allows(CaseType::kComplaint)) {
      in.type = std::string(ToString(c->types.front()));
    }
  }
  // Where: lat and long, or address_string.
  std::string lat = get("lat"), lon = get("long");
  std::string address(TrimAscii(get("address_string")));
  std::vector<std::string> notes;  // lines added to the description
  if (!TrimAscii(lat).empty() || !TrimAscii(lon).empty()) {
    auto la = ParseNumber(lat), lo = ParseNumber(lon);
    if (TrimAscii(lat).empty()) error("lat", "required", "lat is required with long");
    if (TrimAscii(lon).empty()) error("long", "required", "long is required with lat");
    if (!TrimAscii(lat).empty() && !la) error("lat", "invalid_number", "lat must be a number");
    if (!TrimAscii(lon).empty() && !lo) error("long", "invalid_number", "long must be a number");
    LocationInput loc;
    loc.lat = la;
    loc.lon = lo;
    if (!address.empty()) loc.address = address;
    if (la && lo) in.location = loc;
  } else if (!address.empty()) {
    notes.push_back("address_string: " + address);
  } else {
    error("lat", "required", "lat and long, or address_string, are required");
  }
  if (auto media = std::string(TrimAscii(get("media_url"))); !media.empty()) {
    if (PlausibleMediaUrl(media)) {
      notes.push_back("media_url: " + media);
    } else {
      error("media_url", "invalid_url", "media_url must be an http(s) URL of at most 2000 bytes");
    }
  }
  // What: the description, its first words as the subject.
  std::string description(TrimAscii(get("description")));
  if (!description.empty() && Utf8Length(description) < IntakeLimits{}.description_min) {
    // Measured before the notes are added: the notes must not make a too short report pass.
    error("description", "too_short",
          "description must have at least " + std::to_string(IntakeLimits{}.description_min) +
              " characters");
  } else if (!description.empty()) {
    in.subject = SubjectFromDescription(description);
    for (const auto& n : notes) description += "\n\n" + n;
    in.description = description;
  }
  // Who: the contact (an email or a phone is required, as for every citizen's case).
  ContactInput contact;
  std::string name = std::string(TrimAscii(get("first_name")));
  std::string last = std::string(TrimAscii(get("last_name")));
  if (!last.empty()) {
    if (!name.empty()) name += ' ';
    name += last;
  }
  if (!name.empty()) contact.name = name;
  if (auto e = get("email"); !TrimAscii(e).empty()) contact.email = std::string(TrimAscii(e));
  if (auto p = get("phone"); !TrimAscii(p).empty()) contact.phone = std::string(TrimAscii(p));
  in.contact = contact;
  return out;
}

std::string Open311FieldName(std::string_view f) {
  if (f == "category" || f == "entity" || f == "type") return "service_code";
  if (f == "subject") return "description";
  if (f == "contact" || f == "contact.email" || f == "notify") return "email";
  if (f == "contact.phone") return "phone";
  if (f == "contact.name") return "first_name";
  if (f == "location.lat") return "lat";
  if (f == "location.lon") return "long";
  if (f == "location.address" || f == "location") return "address_string";
  if (f == "channel") return "api_key";
  return std::string(f);
}

std::string SubjectFromDescription(std::string_view description) {
  std::string one_line;
  for (char c : description) one_line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  std::string_view s = TrimAscii(one_line);
  // At most 200 code points, cut on a code point's first byte.
  std::size_t points = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80 && points++ == 200) break;
  }
  return std::string(TrimAscii(s.substr(0, i)));
}

std::optional<Instant> ParseW3cDateTime(std::string_view s) {
  std::string t(TrimAscii(s));
  // "…T10:00:00 03:00": a '+' that form decoding of the query turned into a space.
  if (t.size() >= 6 && t[t.size() - 6] == ' ' && t[t.size() - 3] == ':') t[t.size() - 6] = '+';
  if (t.size() < 20 || (t[10] != 'T' && t[10] != 't')) return std::nullopt;
  return ParseRfc3339(t);
}

std::variant<Open311Query, FieldError> ParseOpen311Query(const Open311QueryInput& in, Instant now) {
  Open311Query q;
  if (!in.service_request_id.empty()) {
    std::string_view ids = in.service_request_id;
    while (!ids.empty()) {
      auto comma = ids.find(',');
      std::string_view id = TrimAscii(ids.substr(0, comma));
      auto ref = ParseReference(id);
      if (!ref) {
        return FieldError{"service_request_id", "invalid",
                          "service_request_id holds an id that is not a reference: " +
                              std::string(id.substr(0, 40))};
      }
      q.references.push_back(FormatReference(*ref));
      if (q.references.size() > kOpen311MaxIds) {
        return FieldError{"service_request_id", "too_many",
                          "service_request_id lists more than 100 ids"};
      }
      if (comma == std::string_view::npos) break;
      ids.remove_prefix(comma + 1);
    }
  }
  q.service_code = std::string(TrimAscii(in.service_code));
  if (!in.status.empty()) {
    if (in.status == "open") {
      q.open = true;
    } else if (in.status == "closed") {
      q.open = false;
    } else {
      return FieldError{"status", "invalid_value", "status must be open or closed"};
    }
  }
  std::optional<Instant> start, end;
  if (!in.start_date.empty() && !(start = ParseW3cDateTime(in.start_date))) {
    return FieldError{"start_date", "invalid_date",
                      "start_date must be a W3C date-time with a zone (2026-12-07T10:00:00+03:00)"};
  }
  if (!in.end_date.empty() && !(end = ParseW3cDateTime(in.end_date))) {
    return FieldError{"end_date", "invalid_date",
                      "end_date must be a W3C date-time with a zone (2026-12-07T10:00:00+03:00)"};
  }
  // Both ends inclusive (a request submitted in the second of `now` is listed): `to` is the
  // second after the last one.
  Instant last = end ? *end : start ? *start + kOpen311MaxWindow : now;
  q.from = start ? *start : last - kOpen311MaxWindow;
  if (last < q.from) {
    return FieldError{"end_date", "before_start", "end_date is before start_date"};
  }
  if (last - q.from > kOpen311MaxWindow) {
    return FieldError{"end_date", "window_too_long",
                      "start_date and end_date are more than 90 days apart"};
  }
  q.to = last + std::chrono::seconds(1);
  return q;
}

}  // namespace tawasul::domain
