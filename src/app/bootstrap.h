#pragma once
// Start-up steps shared by the subcommands: open and migrate the store, make sure the default
// calendar exists, read (or create) the server secret.

#include <memory>
#include <string>

#include "app/config.h"
#include "domain/calendar.h"
#include "service/context.h"
#include "store/store.h"

namespace tawasul::app {

inline constexpr const char* kDefaultCalendar = "default";

// Opens the store named in the config and applies pending migrations.
std::unique_ptr<store::Store> OpenMigratedStore(const Config& config);
// Seeds the default Bahrain calendar (week, 2025 holidays, Ramadan hours) when it is absent.
void EnsureDefaultCalendar(store::Store& store);
// The default calendar as stored.
domain::CalendarSpec LoadDefaultCalendar(store::Store& store);

// The default calendar and the SLA targets stored (built-in defaults overlaid with the rules in
// the database). Throws std::runtime_error when a stored rule is invalid.
std::shared_ptr<const service::SlaRules::Snapshot> LoadSla(store::Store& store);
// Reads the 32-byte secret from `path`, creating it (mode 0600) when missing.
std::string LoadOrCreateSecret(const std::string& path);

// Embedded data files (data/demo, data/calendars), by base name.
std::optional<std::string_view> DataFile(std::string_view name);

}  // namespace tawasul::app
