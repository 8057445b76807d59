#pragma once
// The demo data set: the catalogue of data/demo/catalogue.json, staff accounts with published
// passwords, and synthetic cases built from the catalogue's case templates.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "service/context.h"
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

// The tentative holiday the demo adds to the default calendar when it loads cases: a one-off,
// one-day holiday on the third working day after `today` that is followed by a working day
// (so confirming it one day longer moves the due times of open cases), named as a demo.
domain::Holiday DemoTentativeHoliday(const domain::WorkingCalendar& calendar,
                                     domain::LocalDate today);

struct DemoSample {
  std::string reference;
  std::string access_code;
};

// Loads the catalogue and accounts (idempotent), then `cases` synthetic cases spread over the
// last 180 days; with cases > 0 also DemoTentativeHoliday (once) in the stored default calendar,
// so the caller must reload the calendar in force afterwards. Returns a few (reference, access
// code) pairs so a person can try tracking.
std::vector<DemoSample> LoadDemo(store::Store& store, const service::SlaRules::Snapshot& sla,
                                 const std::string& pepper, int cases, std::uint32_t seed);

}  // namespace tawasul::app
