#pragma once
// The demo data set: the catalogue of data/demo/catalogue.json, staff accounts with published
// passwords, and synthetic cases built from the catalogue's case templates.

#include <cstdint>
#include <string>
#include <vector>

#include "api/context.h"
#include "domain/calendar.h"
#include "store/store.h"

namespace tawasul::app {

struct DemoAccount {
  std::string email;
  std::string password;
  std::string role;
  std::string entity;
};

// The staff accounts the demo creates (printed by `make run`).
std::vector<DemoAccount> DemoAccounts();

struct DemoSample {
  std::string reference;
  std::string access_code;
};

// Loads the catalogue and accounts (idempotent), then `cases` synthetic cases spread over the
// last 180 days. Returns a few (reference, access code) pairs so a person can try tracking.
std::vector<DemoSample> LoadDemo(store::Store& store, const api::SlaRules::Snapshot& sla,
                                 const std::string& pepper, int cases, std::uint32_t seed);

}  // namespace tawasul::app
