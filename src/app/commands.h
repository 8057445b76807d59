#pragma once
// The subcommands of `tawasul`; each returns the process exit status and throws on failure
// (main prints the one-line reason).

#include <cstdint>
#include <string>

#include "app/config.h"

namespace tawasul::app {

struct UserAddOptions {
  std::string email, password, role, entity, name;
};

struct CalendarOptions {
  std::string from, to;
  int working_days = -1;
  std::int64_t working_minutes = -1;
};

struct StatsOptions {
  std::string from, to, group_by, entity, type, category, channel;
  bool rebuild = false;
};

struct BulkOptions {
  std::string format = "jsonl";
  std::string file;      // import: the file ("-" for standard input)
  std::string from, to;  // export: submission dates
};

struct CopyOptions {
  std::string from, to;  // database URLs
};

int RunStats(const Config& config, const StatsOptions& options);
int RunImport(const Config& config, const BulkOptions& options);
int RunExport(const Config& config, const BulkOptions& options);
int RunServe(const Config& config);
int RunCalendarDue(const Config& config, const CalendarOptions& options);
int RunCalendarWorkingDays(const Config& config, const CalendarOptions& options);
int RunMigrate(const Config& config);
int RunDemo(const Config& config, int cases);
int RunUserAdd(const Config& config, const UserAddOptions& options);
int RunAuditVerify(const Config& config);
int RunCopy(const Config& config, const CopyOptions& options);
// Claims up to `limit` pending outbox rows (each goes to one claimer, even with several running at
// once) and prints them as JSON lines {id, created_at, kind, recipient, reference, payload}.
int RunOutboxClaim(const Config& config, int limit);
// Removes attachment files no case refers to that are older than the grace period (what the
// scheduler's leader does every hour); prints {"examined", "removed", "bytes"}.
int RunAttachmentSweep(const Config& config);
// `routing train`: fits the routing model on every answered or closed case and stores it (every
// node then uses it); prints a one-line summary with its held-out accuracy. Exit 1 when there is
// no such case. `routing evaluate`: held-out top-1/top-3 per category and overall, as a table or
// (json) one JSON object. Neither changes any case.
int RunRoutingTrain(const Config& config);
int RunRoutingEvaluate(const Config& config, bool json);

}  // namespace tawasul::app
