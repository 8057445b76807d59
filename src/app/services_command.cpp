// `tawasul services export --format jsonl|csv` and `tawasul services import FILE` (docs/
// operations.md "The e-services catalogue"). Export writes every service, active or not, to
// standard output; import reads JSONL (one object per line) or CSV (a header row), chosen by
// --format or else by the file's extension, checks every row against the catalogue in force and
// stores them all in one transaction, or, when any row is bad, prints each problem ("line N:
// field: reason") to standard error, stores nothing and exits 1.

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "service/eservices.h"
#include "store/eservice_store.h"
#include "store/store.h"

namespace tawasul::app {

int RunServicesExport(const Config& config, const std::string& format) {
  if (format != "jsonl" && format != "csv") {
    throw std::invalid_argument("--format must be jsonl or csv");
  }
  auto s = OpenMigratedStore(config);
  auto services = s->EServices().LoadEServices();
  std::cout << (format == "csv" ? service::ExportCsv(services) : service::ExportJsonl(services));
  std::cout.flush();
  s->Close();
  return 0;
}

int RunServicesImport(const Config& config, const std::string& file, std::string format) {
  if (format.empty()) format = file.ends_with(".csv") ? "csv" : "jsonl";
  if (format != "jsonl" && format != "csv") {
    throw std::invalid_argument("--format must be jsonl or csv");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  auto s = OpenMigratedStore(config);
  const auto catalogue = s->LoadCatalogue();
  auto outcome = service::ParseEServices(
      in, format == "csv" ? service::ImportFormat::kCsv : service::ImportFormat::kJsonl, catalogue);
  if (!outcome.problems.empty()) {
    for (const auto& p : outcome.problems) {
      std::cerr << file << ": line " << p.line << ": " << (p.field.empty() ? "row" : p.field)
                << ": " << p.reason << "\n";
    }
    std::cerr << "nothing imported (" << outcome.problems.size() << " problem"
              << (outcome.problems.size() == 1 ? "" : "s") << ")\n";
    s->Close();
    return 1;
  }
  s->EServices().SaveEServices(outcome.rows);
  std::cout << "imported " << outcome.rows.size() << " services\n";
  s->Close();
  return 0;
}

}  // namespace tawasul::app
