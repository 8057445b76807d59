// Catalogue indexes: codes are unique within each list (the store's primary keys guarantee it);
// the indexes are built once in the constructor and the object is immutable afterwards, so any
// number of threads may read it.

#include "domain/catalogue.h"

#include <algorithm>

namespace tawasul::domain {

bool Category::Allows(CaseType t) const {
  return std::find(types.begin(), types.end(), t) != types.end();
}

Catalogue::Catalogue(std::vector<Entity> entities, std::vector<Category> categories,
                     std::vector<Service> services)
    : entities_(std::move(entities)),
      categories_(std::move(categories)),
      services_(std::move(services)) {
  for (std::size_t i = 0; i < entities_.size(); ++i) entity_index_[entities_[i].code] = i;
  for (std::size_t i = 0; i < categories_.size(); ++i) category_index_[categories_[i].code] = i;
  for (std::size_t i = 0; i < services_.size(); ++i) service_index_[services_[i].code] = i;
}

namespace {
template <typename T>
const T* Lookup(const std::unordered_map<std::string, std::size_t>& index,
                const std::vector<T>& items, std::string_view code) {
  auto it = index.find(std::string(code));
  return it == index.end() ? nullptr : &items[it->second];
}
}  // namespace

const Entity* Catalogue::FindEntity(std::string_view code) const {
  return Lookup(entity_index_, entities_, code);
}
const Category* Catalogue::FindCategory(std::string_view code) const {
  return Lookup(category_index_, categories_, code);
}
const Service* Catalogue::FindService(std::string_view code) const {
  return Lookup(service_index_, services_, code);
}

namespace {

// Unicode characters in UTF-8 text (continuation bytes are not counted).
std::size_t CodePoints(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

bool CodeMatches(const std::string& code, bool entity) {
  const std::size_t max = entity ? 16 : 64;
  if (code.size() < 2 || code.size() > max) return false;
  auto first_ok = [&](char ch) {
    return entity ? (ch >= 'A' && ch <= 'Z')
                  : ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'));
  };
  auto rest_ok = [&](char ch) {
    if (ch >= '0' && ch <= '9') return true;
    if (entity) return (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '-';
    return (ch >= 'a' && ch <= 'z') || ch == '.' || ch == '_' || ch == '-';
  };
  if (!first_ok(code[0])) return false;
  return std::all_of(code.begin() + 1, code.end(), rest_ok);
}

// Adds an error for a text field that is required (or not) and at most `max` characters.
void CheckText(std::vector<CatalogueFieldError>& errors, const char* field, const std::string& v,
               bool required, std::size_t max) {
  if (v.empty()) {
    if (required) errors.push_back({field, "required"});
  } else if (CodePoints(v) > max) {
    errors.push_back({field, "too_long"});
  }
}

}  // namespace

std::vector<CatalogueFieldError> CheckEntity(const Entity& e, bool is_new,
                                             const Catalogue& in_force) {
  std::vector<CatalogueFieldError> errors;
  if (e.code.empty())
    errors.push_back({"code", "required"});
  else if (!CodeMatches(e.code, true))
    errors.push_back({"code", "format"});
  else if (is_new && in_force.FindEntity(e.code))
    errors.push_back({"code", "taken"});
  CheckText(errors, "name_ar", e.name_ar, true, 200);
  CheckText(errors, "name_en", e.name_en, true, 200);
  return errors;
}

std::vector<CatalogueFieldError> CheckCategory(const Category& c, bool is_new,
                                               const Catalogue& in_force) {
  std::vector<CatalogueFieldError> errors;
  if (c.code.empty())
    errors.push_back({"code", "required"});
  else if (!CodeMatches(c.code, false))
    errors.push_back({"code", "format"});
  else if (is_new && in_force.FindCategory(c.code))
    errors.push_back({"code", "taken"});
  if (c.entity.empty())
    errors.push_back({"entity", "required"});
  else if (!in_force.FindEntity(c.entity))
    errors.push_back({"entity", "unknown"});
  CheckText(errors, "name_ar", c.name_ar, true, 200);
  CheckText(errors, "name_en", c.name_en, true, 200);
  CheckText(errors, "guidance_ar", c.guidance_ar, false, 2000);
  CheckText(errors, "guidance_en", c.guidance_en, false, 2000);
  if (c.types.empty()) errors.push_back({"types", "required"});
  return errors;
}

}  // namespace tawasul::domain
