// Start-up. The default calendar comes from the reference data embedded at build time
// (data/calendars, copied from shared/data), so a fresh database computes due times exactly as
// DESIGN.md §3 says without any file beside the binary.

#include "app/bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <sodium.h>

namespace tawasul::app {

std::unique_ptr<store::Store> OpenMigratedStore(const Config& config) {
  store::StoreOptions opts;
  opts.read_connections = config.read_connections > 0 ? config.read_connections : 4;
  opts.search_count_cap = config.search_count_cap;
  opts.max_queue = static_cast<std::size_t>(config.write_queue);
  opts.sqlite_max_bytes = config.sqlite_max_bytes;
  auto s = store::OpenStore(config.database, opts);
  s->Migrate();
  EnsureDefaultCalendar(*s);
  return s;
}

void EnsureDefaultCalendar(store::Store& store) {
  if (store.LoadCalendar(kDefaultCalendar)) return;
  domain::CalendarSpec spec = domain::BahrainDefaultWeek();
  std::string error;
  auto holidays = domain::ParseHolidaysCsv(*DataFile("bahrain-holidays-2025.csv"), &error);
  if (!holidays) throw std::runtime_error("embedded holiday data is invalid: " + error);
  auto periods =
      domain::ParseSpecialPeriodsCsv(*DataFile("bahrain-special-periods-2025.csv"), &error);
  if (!periods) throw std::runtime_error("embedded special periods are invalid: " + error);
  spec.holidays = std::move(*holidays);
  spec.special_periods = std::move(*periods);
  store.SaveCalendar(kDefaultCalendar, spec);
}

domain::CalendarSpec LoadDefaultCalendar(store::Store& store) {
  auto spec = store.LoadCalendar(kDefaultCalendar);
  if (!spec) throw std::runtime_error("the default calendar is missing; run `tawasul migrate`");
  return *spec;
}

std::string LoadOrCreateSecret(const std::string& path) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::string hex((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' '))
      hex.pop_back();
    std::string bin(32, '\0');
    std::size_t len = 0;
    if (hex.size() != 64 ||
        sodium_hex2bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), hex.data(),
                       hex.size(), nullptr, &len, nullptr) != 0 ||
        len != 32) {
      throw std::runtime_error("secret file " + path + " must hold 64 hex digits");
    }
    return bin;
  }
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  unsigned char key[32];
  randombytes_buf(key, sizeof key);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, key, sizeof key);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("cannot create secret file " + path);
  std::string line = std::string(hex) + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write secret file " + path);
  return std::string(reinterpret_cast<const char*>(key), sizeof key);
}

std::shared_ptr<const service::SlaRules::Snapshot> LoadSla(store::Store& store) {
  std::string error;
  auto table = domain::TargetTable::Create(store.LoadTargets(), &error);
  if (!table) throw std::runtime_error("stored SLA targets are invalid: " + error);
  return std::make_shared<const service::SlaRules::Snapshot>(service::SlaRules::Snapshot{
      domain::WorkingCalendar(LoadDefaultCalendar(store)), std::move(*table)});
}

}  // namespace tawasul::app
