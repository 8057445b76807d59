// migrate, demo and user add.

#include <iostream>
#include <stdexcept>

#include <sodium.h>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "app/demo.h"
#include "domain/intake.h"
#include "domain/sla.h"
#include "service/auth.h"

namespace tawasul::app {

int RunMigrate(const Config& config) {
  auto store = OpenMigratedStore(config);
  // A dropped append-only trigger is restored, loudly: someone with database rights removed it.
  for (const auto& t : store->RestoreAppendOnlyTriggers()) {
    std::cerr << "tawasul: warning: append-only trigger " << t << " was missing; re-created\n";
  }
  std::cout << "schema at version " << store->SchemaVersion() << "\n";
  store->Close();
  return 0;
}

int RunDemo(const Config& config, int cases) {
  auto store = OpenMigratedStore(config);
  auto samples =
      LoadDemo(*store, *LoadSla(*store), LoadOrCreateSecret(config.secret_file), cases, 2026);
  std::cout << "demo data loaded: " << cases << " cases\n";
  for (const auto& s : samples) {
    std::cout << "  track " << s.reference << " with access code " << s.access_code << "\n";
  }
  store->Close();
  return 0;
}

int RunUserAdd(const Config& config, const UserAddOptions& o) {
  auto role = domain::ParseStaffRole(o.role);
  if (!role) {
    throw std::invalid_argument("--role must be agent, supervisor, admin, auditor or call_centre");
  }
  bool entity_role = domain::IsEntityRole(*role);
  if (entity_role && o.entity.empty())
    throw std::invalid_argument("--entity is required for " + o.role);
  if (!entity_role && !o.entity.empty())
    throw std::invalid_argument("--entity applies to agents and supervisors only");
  if (!domain::IsPlausibleEmail(o.email))
    throw std::invalid_argument("--email is not a valid address");
  if (o.password.size() < 10)
    throw std::invalid_argument("--password must have at least 10 characters");
  auto store = OpenMigratedStore(config);
  if (entity_role && !store->LoadCatalogue().FindEntity(o.entity)) {
    throw std::invalid_argument("unknown entity " + o.entity);
  }
  std::string hash = service::HashPassword(o.password);
  if (hash.empty()) throw std::runtime_error("out of memory hashing the password");
  if (!store->AddUser({o.email, hash, *role, o.entity, o.name})) {
    throw std::invalid_argument("a user with this email already exists");
  }
  std::cout << "user " << o.email << " added as " << o.role << "\n";
  store->Close();
  return 0;
}

int RunCalendarDue(const Config& config, const CalendarOptions& o) {
  auto from = domain::ParseRfc3339(o.from);
  if (!from)
    throw std::invalid_argument(
        "--from must be an RFC 3339 instant, e.g. 2025-06-04T10:00:00+03:00");
  auto store = OpenMigratedStore(config);
  domain::WorkingCalendar calendar(LoadDefaultCalendar(*store));
  store->Close();
  domain::Target target =
      o.working_minutes > 0 ? domain::Target{domain::TargetUnit::kWorkingMinutes, o.working_minutes}
                            : domain::Target{domain::TargetUnit::kWorkingDays, o.working_days};
  domain::Instant due = domain::DueAfterTarget(calendar, *from, target);
  std::cout << domain::FormatRfc3339(due, calendar.UtcOffsetSeconds(due)) << "\n";
  return 0;
}

int RunCalendarWorkingDays(const Config& config, const CalendarOptions& o) {
  auto from = domain::ParseDate(o.from);
  auto to = domain::ParseDate(o.to);
  if (!from || !to) throw std::invalid_argument("--from and --to must be dates, YYYY-MM-DD");
  auto store = OpenMigratedStore(config);
  domain::WorkingCalendar calendar(LoadDefaultCalendar(*store));
  store->Close();
  std::cout << calendar.WorkingDaysBetween(*from, *to) << "\n";
  return 0;
}

}  // namespace tawasul::app
