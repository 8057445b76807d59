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

}  // namespace tawasul::domain
