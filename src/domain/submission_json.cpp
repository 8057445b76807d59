// Reading a JSON submission into SubmissionInput; see submission_json.h.

#include "domain/submission_json.h"

#include <initializer_list>

#include <nlohmann/json.hpp>

namespace tawasul::domain {

namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(std::vector<FieldError>& errors) : errors_(errors) {}

  void UnknownMembers(const json& obj, std::initializer_list<const char*> allowed,
                      const std::string& prefix) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || it.key() == a;
      if (!ok) Add(prefix + it.key(), "unknown_field", "unknown field " + prefix + it.key());
    }
  }

  std::optional<std::string> String(const json& obj, const char* key, const std::string& path) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      Add(path, "invalid_type", path + " must be a string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<double> Number(const json& obj, const char* key, const std::string& path) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) {
      Add(path, "invalid_type", path + " must be a number");
      return std::nullopt;
    }
    return it->get<double>();
  }

  // The object member `key`; nullptr when absent, null or (reported) not an object.
  const json* Object(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    if (!it->is_object()) {
      Add(key, "invalid_type", std::string(key) + " must be an object");
      return nullptr;
    }
    return &*it;
  }

  void Add(std::string field, std::string code, std::string message) {
    errors_.push_back({std::move(field), std::move(code), std::move(message)});
  }

 private:
  std::vector<FieldError>& errors_;
};

}  // namespace

SubmissionInput SubmissionFromJson(const json& body) {
  SubmissionInput in;
  Reader r(in.format_errors);
  if (!body.is_object()) {
    // Naming no field: the validator reports this alone.
    r.Add("", "invalid_type", "the body must be a JSON object");
    return in;
  }
  r.UnknownMembers(body,
                   {"type", "category", "entity", "subject", "description", "language", "channel",
                    "contact", "anonymous", "location", "service", "notify"},
                   "");
  in.type = r.String(body, "type", "type");
  in.category = r.String(body, "category", "category");
  in.entity = r.String(body, "entity", "entity");
  in.subject = r.String(body, "subject", "subject");
  in.description = r.String(body, "description", "description");
  in.language = r.String(body, "language", "language");
  in.channel = r.String(body, "channel", "channel");
  in.service = r.String(body, "service", "service");
  if (auto it = body.find("anonymous"); it != body.end() && !it->is_null()) {
    if (it->is_boolean()) {
      in.anonymous = it->get<bool>();
    } else {
      r.Add("anonymous", "invalid_type", "anonymous must be true or false");
    }
  }
  if (const json* c = r.Object(body, "contact")) {
    r.UnknownMembers(*c, {"name", "email", "phone"}, "contact.");
    ContactInput contact;
    contact.name = r.String(*c, "name", "contact.name");
    contact.email = r.String(*c, "email", "contact.email");
    contact.phone = r.String(*c, "phone", "contact.phone");
    in.contact = std::move(contact);
  }
  in.notify = r.String(body, "notify", "notify");
  if (const json* l = r.Object(body, "location")) {
    r.UnknownMembers(*l, {"lat", "lon", "address"}, "location.");
    LocationInput location;
    location.lat = r.Number(*l, "lat", "location.lat");
    location.lon = r.Number(*l, "lon", "location.lon");
    location.address = r.String(*l, "address", "location.address");
    in.location = std::move(location);
  }
  return in;
}

}  // namespace tawasul::domain
