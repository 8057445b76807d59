// `tawasul`: one binary, subcommands (docs/API.md "Command line"). This file parses the command
// line into the typed Config and dispatches; it holds no logic of its own. Exit status 0 on
// success, non-zero with a one-line reason on standard error.

#include <iostream>

#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "app/config.h"

int main(int argc, char** argv) {
  using namespace tawasul::app;
  if (sodium_init() < 0) {
    std::cerr << "tawasul: libsodium failed to initialise\n";
    return 1;
  }
  Config config;
  CLI::App app{"Tawasul — the national suggestions and complaints system"};
  app.set_config("--config", "", "configuration file (TOML/INI)");
  app.require_subcommand(1);
  app.fallthrough();
  AddCommonOptions(app, config);

  auto* serve = app.add_subcommand("serve", "migrate if needed and serve HTTP");
  AddServeOptions(*serve, config);

  app.add_subcommand("migrate", "bring the schema up to date");

  int demo_cases = 200;
  auto* demo = app.add_subcommand("demo", "load the demo catalogue, users and N cases");
  demo->add_option("--cases", demo_cases, "synthetic cases to create")
      ->check(CLI::Range(0, 10'000'000));

  UserAddOptions user_opts;
  auto* user = app.add_subcommand("user", "manage staff accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "add a staff account");
  user_add->add_option("--email", user_opts.email)->required();
  user_add->add_option("--password", user_opts.password)->required();
  user_add->add_option("--role", user_opts.role)
      ->required()
      ->check(CLI::IsMember({"agent", "supervisor", "admin", "auditor", "call_centre"}));
  user_add->add_option("--entity", user_opts.entity, "entity code (agent, supervisor)");
  user_add->add_option("--name", user_opts.name);
  std::string mfa_email, mfa_entity;
  bool mfa_off = false;
  auto* user_reset_mfa = user->add_subcommand(
      "reset-mfa", "remove a user's second factor (a lost phone) and end their sessions");
  user_reset_mfa->add_option("--email", mfa_email)->required();
  auto* user_mfa_entity = user->add_subcommand(
      "mfa-entity", "require a second factor of every member of an entity (--off: optional)");
  user_mfa_entity->add_option("--entity", mfa_entity)->required();
  user_mfa_entity->add_flag("--off", mfa_off, "make it optional again");

  auto* audit = app.add_subcommand("audit", "check the tamper-evident history");
  audit->require_subcommand(1);
  AuditOptions audit_opts;
  auto* audit_verify = audit->add_subcommand(
      "verify", "recompute every case's hash chain and check the rows against it");
  audit_verify->add_option("--checkpoint", audit_opts.checkpoint, "also check a signed checkpoint");
  audit_verify->add_option("--public-key", audit_opts.public_key,
                           "the public key file the checkpoint must be signed with");
  auto* audit_keygen = audit->add_subcommand("keygen", "write a new checkpoint signing key");
  audit_keygen->add_option("--out", audit_opts.out, "key file (0600); the public key in FILE.pub")
      ->required();
  auto* audit_checkpoint =
      audit->add_subcommand("checkpoint", "sign and store a checkpoint of the history now");
  audit_checkpoint->add_option("--out", audit_opts.out, "checkpoint file (default: stdout)");
  audit_checkpoint->add_option("--key", config.checkpoint_key, "key file (tawasul audit keygen)")
      ->envname("TAWASUL_CHECKPOINT_KEY");

  CalendarOptions cal_opts;
  auto* calendar =
      app.add_subcommand("calendar", "working-time arithmetic with the default calendar");
  calendar->require_subcommand(1);
  auto* cal_due =
      calendar->add_subcommand("due", "the due instant of a target from a start instant");
  cal_due->add_option("--from", cal_opts.from, "start instant, RFC 3339")->required();
  auto* days_opt =
      cal_due->add_option("--working-days", cal_opts.working_days, "target in working days")
          ->check(CLI::Range(0, 3660));
  auto* minutes_opt =
      cal_due
          ->add_option("--working-minutes", cal_opts.working_minutes, "target in working minutes")
          ->check(CLI::Range(1, 5270400));
  days_opt->excludes(minutes_opt);
  auto* cal_days =
      calendar->add_subcommand("working-days", "count working days between two dates (inclusive)");
  cal_days->add_option("--from", cal_opts.from, "first date, YYYY-MM-DD")->required();
  cal_days->add_option("--to", cal_opts.to, "last date, YYYY-MM-DD")->required();

  StatsOptions stats_opts;
  auto* stats = app.add_subcommand("stats", "the figures of GET /api/v1/stats, as JSON");
  stats->add_option("--from", stats_opts.from, "first local date, YYYY-MM-DD");
  stats->add_option("--to", stats_opts.to, "last local date, YYYY-MM-DD");
  stats->add_option("--group-by", stats_opts.group_by, "entity|type|category|channel|month|day");
  stats->add_option("--entity", stats_opts.entity);
  stats->add_option("--type", stats_opts.type);
  stats->add_option("--category", stats_opts.category);
  stats->add_option("--channel", stats_opts.channel);
  stats->add_flag("--rebuild", stats_opts.rebuild,
                  "recompute the aggregates from every case's history first");

  BulkOptions bulk_opts;
  auto* import_cmd =
      app.add_subcommand("import", "import cases (and reference records) from JSONL");
  import_cmd->add_option("--format", bulk_opts.format)->check(CLI::IsMember({"jsonl"}));
  import_cmd->add_option("file", bulk_opts.file, "JSONL file, or - for standard input")->required();
  auto* export_cmd = app.add_subcommand("export", "export cases to standard output");
  export_cmd->add_option("--format", bulk_opts.format)->check(CLI::IsMember({"jsonl", "csv"}));
  export_cmd->add_option("--from", bulk_opts.from, "submitted on or after, YYYY-MM-DD");
  export_cmd->add_option("--to", bulk_opts.to, "submitted on or before, YYYY-MM-DD");
  export_cmd->add_flag("--include-contact", bulk_opts.include_contact,
                       "contacts unmasked (recorded in the administration log)");
  CopyOptions copy_opts;
  auto* copy_cmd = app.add_subcommand(
      "copy",
      "carry a whole system (catalogue, calendar, targets, users, cases) to an empty store");
  copy_cmd->add_option("--from", copy_opts.from, "source database URL")->required();
  copy_cmd->add_option("--to", copy_opts.to, "target database URL (holding no case or user)")
      ->required();
  BackupOptions backup_opts;
  auto* backup_cmd = app.add_subcommand(
      "backup", "a consistent copy of the SQLite database, taken while the server writes");
  backup_cmd->add_option("--out", backup_opts.out, "the backup file to write")->required();
  backup_cmd->add_flag("--force", backup_opts.force, "replace --out when it exists");
  auto* restore_cmd = app.add_subcommand(
      "restore", "check a backup file and make it the database named by --database");
  restore_cmd->add_option("--from", backup_opts.from, "the backup file")->required();
  restore_cmd->add_flag("--force", backup_opts.force, "replace the database when it exists");
  OutboxOptions outbox_opts;
  auto* outbox_cmd = app.add_subcommand("outbox", "messages to citizens and staff (the queue)");
  outbox_cmd->require_subcommand(1);
  auto* outbox_claim = outbox_cmd->add_subcommand(
      "claim", "claim up to --limit due messages for an external deliverer (JSON lines)");
  outbox_claim->add_option("--limit", outbox_opts.limit)->check(CLI::Range(1, 100000));
  auto* outbox_list = outbox_cmd->add_subcommand("list", "messages, one JSON object a line");
  outbox_list->add_option("--status", outbox_opts.status,
                          "queued|sending|sent|delivered|retrying|failed|dead");
  outbox_list->add_option("--case", outbox_opts.reference, "one case's messages");
  outbox_list->add_option("--limit", outbox_opts.limit)->check(CLI::Range(1, 1000000));
  outbox_list->add_option("--format", outbox_opts.format, "jsonl")->check(CLI::IsMember({"jsonl"}));
  auto* outbox_retry =
      outbox_cmd->add_subcommand("retry", "put failed and dead messages back in the queue");
  outbox_retry->add_option("--id", outbox_opts.id, "one message (default: all of them)");
  auto* outbox_purge = outbox_cmd->add_subcommand(
      "purge", "delete sent, delivered, failed and dead messages older than --older-than-days");
  outbox_purge->add_option("--older-than-days", outbox_opts.older_than_days)
      ->check(CLI::Range(0.0, 3650.0));
  auto* outbox_deliver =
      outbox_cmd->add_subcommand("deliver", "one delivery round with the configured channels");
  AddDeliveryOptions(*outbox_deliver, config);

  auto* attachments_cmd = app.add_subcommand("attachments", "attachment files");
  attachments_cmd->require_subcommand(1);
  auto* attachments_sweep = attachments_cmd->add_subcommand(
      "sweep", "remove attachment files no case refers to, older than --grace-hours");
  attachments_sweep->add_option("--attachments-dir", config.attachments_dir,
                                "directory of attachment files");
  attachments_sweep->add_option("--grace-hours", config.attachment_grace_hours,
                                "only files older than this (hours)");

  EraseOptions erase_opts;
  auto* erase_cmd = app.add_subcommand(
      "erase", "erase the personal data of a closed case (history and figures are kept)");
  erase_cmd->add_option("--case", erase_opts.reference, "the case reference")->required();
  erase_cmd->add_option("--reason", erase_opts.reason, "why (recorded; no personal data)")
      ->required();
  erase_cmd->add_option("--attachments-dir", config.attachments_dir,
                        "directory of attachment files");
  RetentionOptions retention_opts;
  auto* retention_cmd = app.add_subcommand("retention", "retention of personal data");
  retention_cmd->require_subcommand(1);
  auto* retention_run = retention_cmd->add_subcommand(
      "run", "erase the personal data of closed cases past their type's retention period");
  retention_run->add_flag("--dry-run", retention_opts.dry_run, "list the cases due, erase nothing");
  retention_run->add_option("--attachments-dir", config.attachments_dir,
                            "directory of attachment files");
  AddRetentionOptions(*retention_run, config);

  auto* routing_cmd = app.add_subcommand("routing", "the routing suggestion model");
  routing_cmd->require_subcommand(1);
  auto* routing_train = routing_cmd->add_subcommand(
      "train", "fit the model on answered and closed cases and store it for every node");
  bool routing_json = false;
  auto* routing_evaluate = routing_cmd->add_subcommand(
      "evaluate", "held-out accuracy (top-1, top-3) per category, trained on 80%, tested on 20%");
  routing_evaluate->add_flag("--json", routing_json, "one JSON object instead of a table");

  auto* services_cmd = app.add_subcommand("services", "the e-services catalogue");
  services_cmd->require_subcommand(1);
  std::string services_format, services_file;
  auto* services_export =
      services_cmd->add_subcommand("export", "every service to standard output");
  services_export->add_option("--format", services_format, "jsonl (default) or csv");
  auto* services_import = services_cmd->add_subcommand(
      "import", "add or change services from a file: every row is checked, all or nothing");
  services_import->add_option("file", services_file, "JSONL or CSV file")->required();
  services_import->add_option("--format", services_format, "jsonl or csv (default: by extension)");
  ApiKeyOptions api_key_opts;
  auto* api_key_cmd = app.add_subcommand("api-key", "API keys for integrators (Open311)");
  api_key_cmd->require_subcommand(1);
  auto* api_key_add =
      api_key_cmd->add_subcommand("add", "issue a key and print it once (only its hash is kept)");
  api_key_add->add_option("--name", api_key_opts.name, "the integrator")->required();
  api_key_add->add_option("--scopes", api_key_opts.scopes, "submit,read,figures,staff:ENTITY")
      ->required();
  api_key_add->add_option("--expires-days", api_key_opts.expires_days, "days until it expires")
      ->check(CLI::Range(1, 3650));
  auto* api_key_list = api_key_cmd->add_subcommand("list", "keys, one JSON object a line");
  auto* api_key_revoke = api_key_cmd->add_subcommand("revoke", "revoke a key at once");
  api_key_revoke->add_option("id", api_key_opts.id, "the key's id (from list)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    // Before Validate: neither needs a secret, and on PostgreSQL both only say what to use.
    if (backup_cmd->parsed()) return RunBackup(config, backup_opts);
    if (restore_cmd->parsed()) return RunRestore(config, backup_opts);
    Validate(config);
    // Diagnostics go to standard error: standard output carries a command's data (JSON, CSV,
    // the serve banner, the access log when it is "-").
    spdlog::set_default_logger(spdlog::stderr_color_mt("tawasul"));
    spdlog::set_level(spdlog::level::from_str(config.log_level));
    if (serve->parsed()) return RunServe(config);
    if (app.got_subcommand("migrate")) return RunMigrate(config);
    if (demo->parsed()) return RunDemo(config, demo_cases);
    if (user_add->parsed()) return RunUserAdd(config, user_opts);
    if (user_reset_mfa->parsed()) return RunUserResetMfa(config, mfa_email);
    if (user_mfa_entity->parsed()) return RunUserMfaEntity(config, mfa_entity, !mfa_off);
    if (audit_verify->parsed()) return RunAuditVerify(config, audit_opts);
    if (audit_keygen->parsed()) return RunAuditKeygen(audit_opts);
    if (audit_checkpoint->parsed()) return RunAuditCheckpoint(config, audit_opts);
    if (stats->parsed()) return RunStats(config, stats_opts);
    if (import_cmd->parsed()) return RunImport(config, bulk_opts);
    if (export_cmd->parsed()) return RunExport(config, bulk_opts);
    if (copy_cmd->parsed()) return RunCopy(config, copy_opts);
    if (outbox_claim->parsed()) return RunOutboxClaim(config, outbox_opts);
    if (outbox_list->parsed()) return RunOutboxList(config, outbox_opts);
    if (outbox_retry->parsed()) return RunOutboxRetry(config, outbox_opts);
    if (outbox_purge->parsed()) return RunOutboxPurge(config, outbox_opts);
    if (outbox_deliver->parsed()) return RunOutboxDeliver(config);
    if (attachments_sweep->parsed()) return RunAttachmentSweep(config);
    if (erase_cmd->parsed()) return RunErase(config, erase_opts);
    if (retention_run->parsed()) return RunRetention(config, retention_opts);
    if (routing_train->parsed()) return RunRoutingTrain(config);
    if (api_key_add->parsed()) return RunApiKeyAdd(config, api_key_opts);
    if (api_key_list->parsed()) return RunApiKeyList(config);
    if (api_key_revoke->parsed()) return RunApiKeyRevoke(config, api_key_opts);
    if (routing_evaluate->parsed()) return RunRoutingEvaluate(config, routing_json);
    if (services_export->parsed()) {
      return RunServicesExport(config, services_format.empty() ? "jsonl" : services_format);
    }
    if (services_import->parsed()) return RunServicesImport(config, services_file, services_format);
    if (cal_due->parsed()) {
      if (days_opt->count() == 0 && minutes_opt->count() == 0) {
        throw std::invalid_argument("give --working-days or --working-minutes");
      }
      return RunCalendarDue(config, cal_opts);
    }
    if (cal_days->parsed()) return RunCalendarWorkingDays(config, cal_opts);
  } catch (const std::exception& e) {
    std::cerr << "tawasul: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
