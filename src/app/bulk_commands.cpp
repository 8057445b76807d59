// stats, import and export: thin shells over api/figures_view and api/bulk, so the command line
// and the HTTP API give the same answers.

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "domain/time.h"
#include "service/bulk.h"
#include "service/figures_view.h"

namespace tawasul::app {

int RunStats(const Config& config, const StatsOptions& o) {
  auto store = OpenMigratedStore(config);
  domain::WorkingCalendar calendar(LoadDefaultCalendar(*store));
  if (o.rebuild) {
    auto n = store->RebuildFigures(calendar);
    std::cerr << "figures rebuilt from the history of " << n << " cases\n";
  }
  std::map<std::string, std::string> params;
  auto put = [&](const char* k, const std::string& v) {
    if (!v.empty()) params[k] = v;
  };
  put("from", o.from);
  put("to", o.to);
  put("group_by", o.group_by);
  put("entity", o.entity);
  put("type", o.type);
  put("category", o.category);
  put("channel", o.channel);
  auto now = domain::Now();
  auto catalogue = store->LoadCatalogue();
  auto parsed = service::ParseFigureQuery(params, catalogue, calendar.LocalDateOf(now));
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&parsed)) {
    const auto& e = errors->front();
    throw std::invalid_argument("--" + (e.field == "group_by" ? std::string("group-by") : e.field) +
                                ": " + e.message);
  }
  const auto& q = std::get<store::FigureQuery>(parsed);
  auto report = service::MakeFiguresReport(q, store->Figures(q, now, calendar), catalogue);
  std::cout << service::FiguresJson(report).dump(2) << "\n";
  store->Close();
  return 0;
}

int RunImport(const Config& config, const BulkOptions& o) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (o.file != "-") {
    file.open(o.file, std::ios::binary);
    if (!file) throw std::invalid_argument("cannot open " + o.file);
    in = &file;
  }
  auto store = OpenMigratedStore(config);
  auto sla = LoadSla(*store);
  auto started = std::chrono::steady_clock::now();
  auto report = service::ImportJsonl(*in, *store, *sla);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  store->Close();
  for (const auto& b : report.bad_lines) std::cerr << "line " << b.line << ": " << b.reason << "\n";
  std::cout << "imported " << report.cases_inserted << " new cases of " << report.cases_read
            << " read (" << (report.cases_read - report.cases_inserted) << " already present), "
            << report.records << " reference records, " << report.bad_lines.size()
            << " bad lines, in " << secs << " s\n";
  return 0;
}

int RunExport(const Config& config, const BulkOptions& o) {
  service::ExportOptions options;
  options.format = o.format;
  if (!o.from.empty()) {
    options.from = domain::ParseDate(o.from);
    if (!options.from) throw std::invalid_argument("--from must be a date, YYYY-MM-DD");
  }
  if (!o.to.empty()) {
    options.to = domain::ParseDate(o.to);
    if (!options.to) throw std::invalid_argument("--to must be a date, YYYY-MM-DD");
  }
  options.include_contact = o.include_contact;
  auto store = OpenMigratedStore(config);
  domain::WorkingCalendar calendar(LoadDefaultCalendar(*store));
  if (options.include_contact) {
    // Personal data leaves the system: on record before the first line is written.
    store::AdminChange change;
    change.at = domain::Now();
    change.actor = "cli";
    change.area = "export";
    change.action = "include_contact";
    change.subject = o.format;
    change.detail = nlohmann::json{{"from", o.from}, {"to", o.to}}.dump();
    store->RecordAdminChange(change);
  }
  std::ios::sync_with_stdio(false);
  auto n = service::Export(std::cout, *store, calendar, options);
  std::cout.flush();
  store->Close();
  std::cerr << "exported " << n << " cases\n";
  return 0;
}

}  // namespace tawasul::app
