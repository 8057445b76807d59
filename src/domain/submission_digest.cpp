// The submission digest and the recorded state (see submission_digest.h and docs/audit.md).

#include "domain/submission_digest.h"

#include <sodium.h>
#include <charconv>

#include <nlohmann/json.hpp>

#include "domain/language.h"

namespace tawasul::domain {

using nlohmann::json;

namespace {

json ParseData(const std::string& data) {
  if (data.empty()) return json::object();
  json j = json::parse(data, nullptr, false);
  return j.is_object() ? j : json::object();
}

void AppendField(std::string& buf, std::string_view field) {
  // Length-prefixed, as in EventHash: no two (name, value) pairs share an input.
  std::uint64_t n = field.size();
  for (int i = 0; i < 8; ++i) buf.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  buf.append(field);
}

// The shortest text that reads back as the same double (std::to_chars round-trips exactly, and
// both backends store a double exactly).
std::string Number(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string Hex(std::string_view raw) {
  std::string out(raw.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  out.pop_back();
  return out;
}

std::optional<std::string> Unhex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  std::size_t len = 0;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len != out.size()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> SubmissionValues(const CaseDraft& d,
                                                    const std::vector<std::string>& attachments) {
  std::string location;
  if (d.location) {
    AppendField(location, Number(d.location->lat));
    AppendField(location, Number(d.location->lon));
    AppendField(location, d.location->address);
  }
  std::string files;
  for (const auto& sha : attachments) AppendField(files, sha);
  return {
      {"type", std::string(ToString(d.type))},
      {"category", d.category},
      {"entity", d.entity},
      {"service", d.service},
      {"subject", d.subject},
      {"description", d.description},
      {"language", std::string(LanguageCode(d.language))},
      {"channel", std::string(ToString(d.channel))},
      {"contact_name", d.contact_name},
      {"contact_email", d.contact_email},
      {"contact_phone", d.contact_phone},
      {"anonymous", d.anonymous ? "1" : "0"},
      {"location", location},
      {"attachments", files},
  };
}

std::string FieldDigest(std::string_view salt, std::string_view name, std::string_view value) {
  std::string buf;
  AppendField(buf, name);
  AppendField(buf, value);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(buf.data()),
                     buf.size(), reinterpret_cast<const unsigned char*>(salt.data()), salt.size());
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string EncodeSalts(const std::map<std::string, std::string>& salts) {
  json j = json::object();
  for (const auto& [name, salt] : salts) j[name] = Hex(salt);
  return j.dump();
}

std::optional<std::map<std::string, std::string>> DecodeSalts(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : j.items()) {
    if (!value.is_string()) return std::nullopt;
    auto raw = Unhex(value.get<std::string>());
    if (!raw || raw->size() < crypto_generichash_KEYBYTES_MIN) return std::nullopt;
    out[name] = std::move(*raw);
  }
  return out;
}

void RecordSubmission(const std::map<std::string, std::string>& values,
                      const std::map<std::string, std::string>& salts, CaseStatus status,
                      CaseEvent& first) {
  json fields = json::object();
  for (const auto& [name, value] : values) {
    fields[name] = Hex(FieldDigest(salts.at(name), name, value));
  }
  json data = ParseData(first.data);
  data["submission"] = {{"v", kSubmissionDigestVersion}, {"fields", std::move(fields)}};
  data["state"] = {{"status", ToString(status)}, {"entity", values.at("entity")}};
  first.data = data.dump();
}

void RecordStateChange(const CaseRecord& before, const CaseRecord& after,
                       std::vector<CaseEvent>& events) {
  if (events.empty()) return;
  if (before.status == after.status && before.draft.entity == after.draft.entity) return;
  json data = ParseData(events.back().data);
  data["state"] = {{"status", ToString(after.status)}, {"entity", after.draft.entity}};
  events.back().data = data.dump();
}

SubmissionCheck CheckSubmission(const CaseEvent& first,
                                const std::map<std::string, std::string>& values,
                                std::string_view salts_text, const std::set<std::string>& erased) {
  SubmissionCheck out;
  json data = ParseData(first.data);
  auto sub = data.find("submission");
  if (sub == data.end() || !sub->is_object()) return out;
  auto fields = sub->find("fields");
  if (fields == sub->end() || !fields->is_object()) return out;
  out.result = SubmissionCheck::Result::kDiffers;
  auto salts = DecodeSalts(salts_text);
  for (const auto& [name, digest] : fields->items()) {
    if (erased.count(name) != 0) continue;
    auto value = values.find(name);
    if (value == values.end()) continue;
    out.field = name;
    if (!salts || salts->count(name) == 0 || !digest.is_string()) return out;
    if (Unhex(digest.get<std::string>()) != FieldDigest(salts->at(name), name, value->second)) {
      return out;
    }
  }
  // A field the stored row has but the digest lacks would be a forged, shortened submission.
  for (const auto& [name, value] : values) {
    if (erased.count(name) == 0 && !fields->contains(name)) {
      out.field = name;
      return out;
    }
  }
  out.field.clear();
  out.result = SubmissionCheck::Result::kMatches;
  return out;
}

std::optional<RecordedState> LastRecordedState(const std::vector<CaseEvent>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->data.find("\"state\"") == std::string::npos) continue;
    json data = ParseData(it->data);
    auto s = data.find("state");
    if (s == data.end() || !s->is_object()) continue;
    return RecordedState{s->value("status", ""), s->value("entity", "")};
  }
  return std::nullopt;
}

std::set<std::string> ErasedFields(const std::vector<CaseEvent>& events) {
  std::set<std::string> out;
  for (const auto& e : events) {
    if (e.data.find("\"erased\"") == std::string::npos) continue;
    json data = ParseData(e.data);
    auto list = data.find("erased");
    if (list == data.end() || !list->is_array()) continue;
    for (const auto& f : *list) {
      if (f.is_string()) out.insert(f.get<std::string>());
    }
  }
  return out;
}

}  // namespace tawasul::domain
