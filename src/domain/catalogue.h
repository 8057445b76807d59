#pragma once
// The catalogue: government entities, the categories citizens choose (each routed to one
// entity, each allowing some case types) and the e-services cases may be about. Read-mostly:
// built once at start (and on admin change), then shared read-only between threads.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/case.h"

namespace tawasul::domain {

struct Entity {
  std::string code;
  std::string name_ar;
  std::string name_en;
};

struct Category {
  std::string code;
  std::string entity;
  std::string name_ar;
  std::string name_en;
  std::string guidance_ar;
  std::string guidance_en;
  std::vector<CaseType> types;
  bool Allows(CaseType t) const;
};

struct Service {
  std::string code;
  std::string entity;
  std::string name_ar;
  std::string name_en;
  std::string url;
};

class Catalogue {
 public:
  Catalogue() = default;
  Catalogue(std::vector<Entity> entities, std::vector<Category> categories,
            std::vector<Service> services);

  const std::vector<Entity>& Entities() const { return entities_; }
  const std::vector<Category>& Categories() const { return categories_; }
  const std::vector<Service>& Services() const { return services_; }
  // Look-ups by code; null when unknown.
  const Entity* FindEntity(std::string_view code) const;
  const Category* FindCategory(std::string_view code) const;
  const Service* FindService(std::string_view code) const;

 private:
  std::vector<Entity> entities_;
  std::vector<Category> categories_;
  std::vector<Service> services_;
  std::unordered_map<std::string, std::size_t> entity_index_, category_index_, service_index_;
};

// Checking what an administrator submits (the /admin/ entity and category forms). Codes are
// permanent (cases and figures refer to them), so they are checked strictly: entities
// `^[A-Z][A-Z0-9_-]{1,15}$` (MOH), categories `^[a-z0-9][a-z0-9._-]{1,63}$` (health.appointments).
// Names: 1–200 characters in each language; guidance at most 2,000; a category takes at least one
// case type and goes to an existing entity.
struct CatalogueFieldError {
  std::string
      field;  // "code", "name_ar", "name_en", "guidance_ar", "guidance_en", "types", "entity"
  std::string reason;  // "required", "format", "too_long", "taken", "unknown"
};
// Errors of `e` against the catalogue in force: `is_new` requires a code not yet used.
std::vector<CatalogueFieldError> CheckEntity(const Entity& e, bool is_new,
                                             const Catalogue& in_force);
// Errors of `c` against the catalogue in force: `is_new` requires a code not yet used; the entity
// must exist in `in_force`.
std::vector<CatalogueFieldError> CheckCategory(const Category& c, bool is_new,
                                               const Catalogue& in_force);

}  // namespace tawasul::domain
