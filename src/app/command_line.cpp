// The subcommands of `tawasul`, by group (command_line.h). Each group binds its options to state
// its commands own and says which Run* function (commands.h) each one calls; this file holds no
// logic of its own beyond the few cross-option checks CLI11 cannot express.

#include "app/command_line.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "app/commands.h"

namespace tawasul::app {
namespace {

using Commands = std::vector<Command>;

void AddServiceCommands(CLI::App& app, Config& config, Commands& out) {
  auto* serve = app.add_subcommand("serve", "migrate if needed and serve HTTP");
  AddServeOptions(*serve, config);
  out.push_back({serve, [&config] { return RunServe(config); }});

  auto* migrate = app.add_subcommand("migrate", "bring the schema up to date");
  out.push_back({migrate, [&config] { return RunMigrate(config); }});

  auto cases = std::make_shared<int>(200);
  auto* demo = app.add_subcommand("demo", "load the demo catalogue, users and N cases");
  demo->add_option("--cases", *cases, "synthetic cases to create")
      ->check(CLI::Range(0, 10'000'000));
  out.push_back({demo, [&config, cases] { return RunDemo(config, *cases); }});
}

void AddUserCommands(CLI::App& app, Config& config, Commands& out) {
  auto* user = app.add_subcommand("user", "manage staff accounts");
  user->require_subcommand(1);
  auto o = std::make_shared<UserAddOptions>();
  auto* add = user->add_subcommand("add", "add a staff account");
  add->add_option("--email", o->email)->required();
  add->add_option("--password", o->password)->required();
  add->add_option("--role", o->role)
      ->required()
      ->check(CLI::IsMember({"agent", "supervisor", "admin", "auditor", "call_centre"}));
  add->add_option("--entity", o->entity, "entity code (agent, supervisor)");
  add->add_option("--name", o->name);
  out.push_back({add, [&config, o] { return RunUserAdd(config, *o); }});

  auto email = std::make_shared<std::string>();
  auto* reset_mfa = user->add_subcommand(
      "reset-mfa", "remove a user's second factor (a lost phone) and end their sessions");
  reset_mfa->add_option("--email", *email)->required();
  out.push_back({reset_mfa, [&config, email] { return RunUserResetMfa(config, *email); }});

  auto entity = std::make_shared<std::string>();
  auto off = std::make_shared<bool>(false);
  auto* mfa_entity = user->add_subcommand(
      "mfa-entity", "require a second factor of every member of an entity (--off: optional)");
  mfa_entity->add_option("--entity", *entity)->required();
  mfa_entity->add_flag("--off", *off, "make it optional again");
  out.push_back(
      {mfa_entity, [&config, entity, off] { return RunUserMfaEntity(config, *entity, !*off); }});
}

void AddAuditCommands(CLI::App& app, Config& config, Commands& out) {
  auto* audit = app.add_subcommand("audit", "check the tamper-evident history");
  audit->require_subcommand(1);
  auto o = std::make_shared<AuditOptions>();
  auto* verify = audit->add_subcommand(
      "verify", "recompute every case's hash chain and check the rows against it");
  verify->add_option("--checkpoint", o->checkpoint, "also check a signed checkpoint");
  verify->add_option("--public-key", o->public_key,
                     "the public key file the checkpoint must be signed with");
  out.push_back({verify, [&config, o] { return RunAuditVerify(config, *o); }});
  auto* keygen = audit->add_subcommand("keygen", "write a new checkpoint signing key");
  keygen->add_option("--out", o->out, "key file (0600); the public key in FILE.pub")->required();
  out.push_back({keygen, [o] { return RunAuditKeygen(*o); }});
  auto* checkpoint =
      audit->add_subcommand("checkpoint", "sign and store a checkpoint of the history now");
  checkpoint->add_option("--out", o->out, "checkpoint file (default: stdout)");
  checkpoint->add_option("--key", config.checkpoint_key, "key file (tawasul audit keygen)")
      ->envname("TAWASUL_CHECKPOINT_KEY");
  out.push_back({checkpoint, [&config, o] { return RunAuditCheckpoint(config, *o); }});
}

void AddCalendarCommands(CLI::App& app, Config& config, Commands& out) {
  auto* calendar =
      app.add_subcommand("calendar", "working-time arithmetic with the default calendar");
  calendar->require_subcommand(1);
  auto o = std::make_shared<CalendarOptions>();
  auto* due = calendar->add_subcommand("due", "the due instant of a target from a start instant");
  due->add_option("--from", o->from, "start instant, RFC 3339")->required();
  auto* days = due->add_option("--working-days", o->working_days, "target in working days")
                   ->check(CLI::Range(0, 3660));
  auto* minutes =
      due->add_option("--working-minutes", o->working_minutes, "target in working minutes")
          ->check(CLI::Range(1, 5270400));
  days->excludes(minutes);
  out.push_back({due, [&config, o, days, minutes] {
                   if (days->count() == 0 && minutes->count() == 0) {
                     throw std::invalid_argument("give --working-days or --working-minutes");
                   }
                   return RunCalendarDue(config, *o);
                 }});
  auto* working_days =
      calendar->add_subcommand("working-days", "count working days between two dates (inclusive)");
  working_days->add_option("--from", o->from, "first date, YYYY-MM-DD")->required();
  working_days->add_option("--to", o->to, "last date, YYYY-MM-DD")->required();
  out.push_back({working_days, [&config, o] { return RunCalendarWorkingDays(config, *o); }});
}

void AddFigureAndBulkCommands(CLI::App& app, Config& config, Commands& out) {
  auto s = std::make_shared<StatsOptions>();
  auto* stats = app.add_subcommand("stats", "the figures of GET /api/v1/stats, as JSON");
  stats->add_option("--from", s->from, "first local date, YYYY-MM-DD");
  stats->add_option("--to", s->to, "last local date, YYYY-MM-DD");
  stats->add_option("--group-by", s->group_by, "entity|type|category|channel|month|day");
  stats->add_option("--entity", s->entity);
  stats->add_option("--type", s->type);
  stats->add_option("--category", s->category);
  stats->add_option("--channel", s->channel);
  stats->add_flag("--rebuild", s->rebuild,
                  "recompute the aggregates from every case's history first");
  out.push_back({stats, [&config, s] { return RunStats(config, *s); }});

  auto b = std::make_shared<BulkOptions>();
  auto* import_cmd =
      app.add_subcommand("import", "import cases (and reference records) from JSONL");
  import_cmd->add_option("--format", b->format)->check(CLI::IsMember({"jsonl"}));
  import_cmd->add_option("file", b->file, "JSONL file, or - for standard input")->required();
  out.push_back({import_cmd, [&config, b] { return RunImport(config, *b); }});
  auto* export_cmd = app.add_subcommand("export", "export cases to standard output");
  export_cmd->add_option("--format", b->format)->check(CLI::IsMember({"jsonl", "csv"}));
  export_cmd->add_option("--from", b->from, "submitted on or after, YYYY-MM-DD");
  export_cmd->add_option("--to", b->to, "submitted on or before, YYYY-MM-DD");
  export_cmd->add_flag("--include-contact", b->include_contact,
                       "contacts unmasked (recorded in the administration log)");
  out.push_back({export_cmd, [&config, b] { return RunExport(config, *b); }});

  auto c = std::make_shared<CopyOptions>();
  auto* copy_cmd = app.add_subcommand(
      "copy",
      "carry a whole system (catalogue, calendar, targets, users, cases) to an empty store");
  copy_cmd->add_option("--from", c->from, "source database URL")->required();
  copy_cmd->add_option("--to", c->to, "target database URL (holding no case or user)")->required();
  out.push_back({copy_cmd, [&config, c] { return RunCopy(config, *c); }});

  // Before Validate: neither needs a secret, and on PostgreSQL both only say what to use.
  auto k = std::make_shared<BackupOptions>();
  auto* backup_cmd = app.add_subcommand(
      "backup", "a consistent copy of the SQLite database, taken while the server writes");
  backup_cmd->add_option("--out", k->out, "the backup file to write")->required();
  backup_cmd->add_flag("--force", k->force, "replace --out when it exists");
  out.push_back({backup_cmd, [&config, k] { return RunBackup(config, *k); }, true});
  auto* restore_cmd = app.add_subcommand(
      "restore", "check a backup file and make it the database named by --database");
  restore_cmd->add_option("--from", k->from, "the backup file")->required();
  restore_cmd->add_flag("--force", k->force, "replace the database when it exists");
  out.push_back({restore_cmd, [&config, k] { return RunRestore(config, *k); }, true});
}

void AddOutboxCommands(CLI::App& app, Config& config, Commands& out) {
  auto o = std::make_shared<OutboxOptions>();
  auto* outbox = app.add_subcommand("outbox", "messages to citizens and staff (the queue)");
  outbox->require_subcommand(1);
  auto* claim = outbox->add_subcommand(
      "claim", "claim up to --limit due messages for an external deliverer (JSON lines)");
  claim->add_option("--limit", o->limit)->check(CLI::Range(1, 100000));
  out.push_back({claim, [&config, o] { return RunOutboxClaim(config, *o); }});
  auto* list = outbox->add_subcommand("list", "messages, one JSON object a line");
  list->add_option("--status", o->status, "queued|sending|sent|delivered|retrying|failed|dead");
  list->add_option("--case", o->reference, "one case's messages");
  list->add_option("--limit", o->limit)->check(CLI::Range(1, 1000000));
  list->add_option("--format", o->format, "jsonl")->check(CLI::IsMember({"jsonl"}));
  out.push_back({list, [&config, o] { return RunOutboxList(config, *o); }});
  auto* retry = outbox->add_subcommand("retry", "put failed and dead messages back in the queue");
  retry->add_option("--id", o->id, "one message (default: all of them)");
  out.push_back({retry, [&config, o] { return RunOutboxRetry(config, *o); }});
  auto* purge = outbox->add_subcommand(
      "purge", "delete sent, delivered, failed and dead messages older than --older-than-days");
  purge->add_option("--older-than-days", o->older_than_days)->check(CLI::Range(0.0, 3650.0));
  out.push_back({purge, [&config, o] { return RunOutboxPurge(config, *o); }});
  auto* deliver =
      outbox->add_subcommand("deliver", "one delivery round with the configured channels");
  AddDeliveryOptions(*deliver, config);
  out.push_back({deliver, [&config] { return RunOutboxDeliver(config); }});
}

void AddPrivacyCommands(CLI::App& app, Config& config, Commands& out) {
  auto* attachments = app.add_subcommand("attachments", "attachment files");
  attachments->require_subcommand(1);
  auto* sweep = attachments->add_subcommand(
      "sweep", "remove attachment files no case refers to, older than --grace-hours");
  sweep->add_option("--attachments-dir", config.attachments_dir, "directory of attachment files");
  sweep->add_option("--grace-hours", config.attachment_grace_hours,
                    "only files older than this (hours)");
  out.push_back({sweep, [&config] { return RunAttachmentSweep(config); }});

  auto e = std::make_shared<EraseOptions>();
  auto* erase = app.add_subcommand(
      "erase", "erase the personal data of a closed case (history and figures are kept)");
  erase->add_option("--case", e->reference, "the case reference")->required();
  erase->add_option("--reason", e->reason, "why (recorded; no personal data)")->required();
  erase->add_option("--attachments-dir", config.attachments_dir, "directory of attachment files");
  out.push_back({erase, [&config, e] { return RunErase(config, *e); }});

  auto r = std::make_shared<RetentionOptions>();
  auto* retention = app.add_subcommand("retention", "retention of personal data");
  retention->require_subcommand(1);
  auto* run = retention->add_subcommand(
      "run", "erase the personal data of closed cases past their type's retention period");
  run->add_flag("--dry-run", r->dry_run, "list the cases due, erase nothing");
  run->add_option("--attachments-dir", config.attachments_dir, "directory of attachment files");
  AddRetentionOptions(*run, config);
  out.push_back({run, [&config, r] { return RunRetention(config, *r); }});
}

void AddCatalogueCommands(CLI::App& app, Config& config, Commands& out) {
  auto* routing = app.add_subcommand("routing", "the routing suggestion model");
  routing->require_subcommand(1);
  auto* train = routing->add_subcommand(
      "train", "fit the model on answered and closed cases and store it for every node");
  out.push_back({train, [&config] { return RunRoutingTrain(config); }});
  auto json = std::make_shared<bool>(false);
  auto* evaluate = routing->add_subcommand(
      "evaluate", "held-out accuracy (top-1, top-3) per category, trained on 80%, tested on 20%");
  evaluate->add_flag("--json", *json, "one JSON object instead of a table");
  out.push_back({evaluate, [&config, json] { return RunRoutingEvaluate(config, *json); }});

  auto* services = app.add_subcommand("services", "the e-services catalogue");
  services->require_subcommand(1);
  auto format = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto* services_export = services->add_subcommand("export", "every service to standard output");
  services_export->add_option("--format", *format, "jsonl (default) or csv");
  out.push_back({services_export, [&config, format] {
                   return RunServicesExport(config, format->empty() ? "jsonl" : *format);
                 }});
  auto* services_import = services->add_subcommand(
      "import", "add or change services from a file: every row is checked, all or nothing");
  services_import->add_option("file", *file, "JSONL or CSV file")->required();
  services_import->add_option("--format", *format, "jsonl or csv (default: by extension)");
  out.push_back({services_import,
                 [&config, file, format] { return RunServicesImport(config, *file, *format); }});

  auto k = std::make_shared<ApiKeyOptions>();
  auto* api_key = app.add_subcommand("api-key", "API keys for integrators (Open311)");
  api_key->require_subcommand(1);
  auto* add =
      api_key->add_subcommand("add", "issue a key and print it once (only its hash is kept)");
  add->add_option("--name", k->name, "the integrator")->required();
  add->add_option("--scopes", k->scopes, "submit,read,figures,staff:ENTITY")->required();
  add->add_option("--expires-days", k->expires_days, "days until it expires")
      ->check(CLI::Range(1, 3650));
  out.push_back({add, [&config, k] { return RunApiKeyAdd(config, *k); }});
  auto* list = api_key->add_subcommand("list", "keys, one JSON object a line");
  out.push_back({list, [&config] { return RunApiKeyList(config); }});
  auto* revoke = api_key->add_subcommand("revoke", "revoke a key at once");
  revoke->add_option("id", k->id, "the key's id (from list)")->required();
  out.push_back({revoke, [&config, k] { return RunApiKeyRevoke(config, *k); }});
}

}  // namespace

std::vector<Command> AddCommands(CLI::App& app, Config& config) {
  Commands out;
  AddServiceCommands(app, config, out);
  AddUserCommands(app, config, out);
  AddAuditCommands(app, config, out);
  AddCalendarCommands(app, config, out);
  AddFigureAndBulkCommands(app, config, out);
  AddOutboxCommands(app, config, out);
  AddPrivacyCommands(app, config, out);
  AddCatalogueCommands(app, config, out);
  return out;
}

}  // namespace tawasul::app
