#pragma once
// The subcommands of `tawasul`; each returns the process exit status and throws on failure
// (main prints the one-line reason).

#include <cstdint>
#include <functional>
#include <string>

#include "app/config.h"

namespace tawasul::store {
class Store;
}
namespace tawasul::service {
struct SigningKey;
class AttachmentFiles;
}  // namespace tawasul::service

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
  std::string file;              // import: the file ("-" for standard input)
  std::string from, to;          // export: submission dates
  bool include_contact = false;  // export: unmasked contacts (recorded)
};

struct CopyOptions {
  std::string from, to;  // database URLs
};

// backup_command.cpp: `backup --out FILE` and `restore --from FILE` (SQLite; on PostgreSQL both
// point at pg_basebackup and docs/operations.md and exit 2).
struct BackupOptions {
  std::string out;   // backup: the file to write
  std::string from;  // restore: the backup file
  bool force = false;
};
int RunBackup(const Config& config, const BackupOptions& options);
int RunRestore(const Config& config, const BackupOptions& options);

int RunStats(const Config& config, const StatsOptions& options);
int RunImport(const Config& config, const BulkOptions& options);
int RunExport(const Config& config, const BulkOptions& options);
int RunServe(const Config& config);
int RunCalendarDue(const Config& config, const CalendarOptions& options);
int RunCalendarWorkingDays(const Config& config, const CalendarOptions& options);
int RunMigrate(const Config& config);
int RunDemo(const Config& config, int cases);
int RunUserAdd(const Config& config, const UserAddOptions& options);
// The staff second factor (mfa_commands.cpp): reset one user's; require it for an entity.
int RunUserResetMfa(const Config& config, const std::string& email);
int RunUserMfaEntity(const Config& config, const std::string& entity, bool required);
int RunCopy(const Config& config, const CopyOptions& options);
// The tamper evidence of the history (docs/audit.md), audit_commands.cpp.
struct AuditOptions {
  std::string out;  // keygen: the key file (and FILE.pub); checkpoint: the file ("-": stdout)
  std::string checkpoint;  // verify: a checkpoint file
  std::string public_key;  // verify: the file of the key the checkpoint must be signed with
};
int RunAuditVerify(const Config& config, const AuditOptions& options);
int RunAuditKeygen(const AuditOptions& options);
int RunAuditCheckpoint(const Config& config, const AuditOptions& options);
// Reads a key written by keygen; throws std::invalid_argument naming the file.
service::SigningKey LoadSigningKey(const std::string& path);
// The scheduler leader's step: a checkpoint when --checkpoint-key is set and the newest is older
// than --checkpoint-hours (nullptr without a key).
std::function<void()> CheckpointStep(const Config& config, store::Store& store);
// Erasure and retention of personal data (privacy_commands.cpp, service/erasure.h).
struct EraseOptions {
  std::string reference;
  std::string reason;
};
struct RetentionOptions {
  bool dry_run = false;
};
int RunErase(const Config& config, const EraseOptions& options);
int RunRetention(const Config& config, const RetentionOptions& options);
// The scheduler leader's step: one bounded retention pass (--retention-years, --retention-batch).
std::function<void()> RetentionStep(const Config& config, store::Store& store,
                                    const service::AttachmentFiles& files);
// The delivery queue (docs/notifications.md), outbox_commands.cpp:
struct OutboxOptions {
  int limit = 100;
  std::string status;     // list: only this status ("" = any)
  std::string reference;  // list: only this case
  std::string format = "jsonl";
  std::int64_t id = 0;          // retry: one message (0 = every failed or dead one)
  double older_than_days = 30;  // purge
};
// Claims up to `limit` due messages for an external deliverer (each to exactly one claimer, even
// with several running at once; leased for 10 minutes) and prints them as JSON lines.
int RunOutboxClaim(const Config& config, const OutboxOptions& options);
// Prints messages, one JSON object a line: id, case, channel, recipient (masked), template,
// status, attempts, created_at, sent_at, last_error.
int RunOutboxList(const Config& config, const OutboxOptions& options);
// Puts failed and dead messages back in the queue; prints how many.
int RunOutboxRetry(const Config& config, const OutboxOptions& options);
// Deletes final messages (sent, delivered, failed, dead) older than the given days.
int RunOutboxPurge(const Config& config, const OutboxOptions& options);
// One delivery round over every due message with the configured channels; prints the count.
int RunOutboxDeliver(const Config& config);
// Removes attachment files no case refers to that are older than the grace period (what the
// scheduler's leader does every hour); prints {"examined", "removed", "bytes"}.
int RunAttachmentSweep(const Config& config);
// `routing train`: fits the routing model on every answered or closed case and stores it (every
// node then uses it); prints a one-line summary with its held-out accuracy. Exit 1 when there is
// no such case. `routing evaluate`: held-out top-1/top-3 per category and overall, as a table or
// (json) one JSON object. Neither changes any case.
int RunRoutingTrain(const Config& config);
int RunRoutingEvaluate(const Config& config, bool json);
// The e-services catalogue (services_command.cpp): export to standard output in `format`
// ("jsonl" or "csv"); import FILE (format "" = by extension), all rows or none.
int RunServicesExport(const Config& config, const std::string& format);
int RunServicesImport(const Config& config, const std::string& file, std::string format);
// API keys for integrators (api_key_commands.cpp, service/api_keys.h). `add` prints the key
// once; `list` prints one JSON object a line (never the key or its hash); `revoke ID`.
struct ApiKeyOptions {
  std::string name;
  std::string scopes;    // "submit,read,figures,staff:ENTITY"
  int expires_days = 0;  // 0: never
  std::int64_t id = 0;   // revoke
};
int RunApiKeyAdd(const Config& config, const ApiKeyOptions& options);
int RunApiKeyList(const Config& config);
int RunApiKeyRevoke(const Config& config, const ApiKeyOptions& options);

}  // namespace tawasul::app
