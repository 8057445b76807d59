#pragma once
// The one typed configuration of the `tawasul` binary. Sources, later ones winning: defaults,
// the --config file (TOML/INI as CLI11 reads it), TAWASUL_* environment variables, flags.
// Validated once at start (Validate); the parts are then passed by constructor.

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace tawasul::app {

struct Config {
  std::string database = "sqlite:./data/tawasul.db";  // TAWASUL_DATABASE
  std::string listen = "127.0.0.1:8080";              // TAWASUL_LISTEN
  int threads = 0;                                    // TAWASUL_THREADS; 0 = one per core
  std::string secret_file;       // TAWASUL_SECRET_FILE; default: the SQLite path + ".key"
  std::string access_log = "-";  // TAWASUL_ACCESS_LOG: "-" stdout, "off", or a file
  std::string log_level = "info";
  std::size_t body_limit = 1024 * 1024;
  std::string attachments_dir = "./data/attachments";  // TAWASUL_ATTACHMENTS_DIR
  int read_connections = 0;  // 0 = threads + 2 (SQLite), db_threads + 2 (PostgreSQL)
  // Handler threads that may wait on the database, so the I/O threads never do: 0 = none on
  // SQLite (its reads take microseconds), 16 on PostgreSQL (a network round trip each).
  int db_threads = -1;  // TAWASUL_DB_THREADS; -1 = the backend's default
  double failed_lookups_per_minute = 30;
  double api_key_requests_per_minute = 120;  // per API key (Open311); 0 = no limit
  // Anonymous intake limits (service/intake_limits.h); 0 disables one.
  double submissions_per_address_per_hour = 30;  // after a burst of 20
  double submissions_per_contact_per_day = 10;   // after a burst of 5
  double upload_mib_per_address_per_hour = 100;  // files stored ahead of a case (/submit review)
  double unreferenced_upload_mib = 4096;  // the same, all addresses, per attachment grace period
  // News comments (service/news.h, docs/news.md).
  double comments_per_address_per_hour = 10;  // comments and replies; 0 = no limit
  int news_report_threshold = 3;              // distinct reports that hide a comment; 0 = never
  // Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR blocks;
  // http/client_address.h); from any other peer the header is ignored.
  std::string trusted_proxies;        // TAWASUL_TRUSTED_PROXIES
  int connections_per_address = 256;  // open connections one client address may hold; 0: no cap
  bool hsts = false;                  // send Strict-Transport-Security (served over TLS)
  // Memory for large request bodies (uploads) being read at once, all connections together.
  double upload_memory_mib = 128;  // 0: no cap
  // Malware scanning of uploads by clamd (service/clamd.h): its Unix socket, or an IP host:port;
  // neither: uploads are not scanned (the startup log says so).
  std::string clamd_socket;           // TAWASUL_CLAMD_SOCKET
  std::string clamd_address;          // TAWASUL_CLAMD_ADDRESS
  double clamd_timeout_seconds = 30;  // one file's scan, after a connect of at most 2 s
  // A file holding the token /metrics asks for (Authorization: Bearer); without one, /metrics
  // answers loopback clients only.
  std::string metrics_token_file;         // TAWASUL_METRICS_TOKEN_FILE
  std::int64_t search_count_cap = 10000;  // TAWASUL_SEARCH_COUNT_CAP (docs/decisions.md 2026-12-04)
  // Writes queued for the database writer beyond which new ones are refused (503); an
  // administrator's recomputation waits for room instead (docs/decisions.md 2026-12-07).
  int write_queue = 20000;             // TAWASUL_WRITE_QUEUE
  std::int64_t sqlite_max_bytes = 0;   // TAWASUL_SQLITE_MAX_BYTES: a quota on the file; 0: none
  double auto_route_confidence = 0;    // 0: off; else route category-less submissions (routing.md)
  bool secure_cookies = true;          // TAWASUL_SECURE_COOKIES (--insecure-cookies: plain http)
  double attachment_grace_hours = 24;  // orphaned attachment files older than this are removed
  double escalate_after_hours = 24;    // breach -> central administration after this delay
  double rate_reminder_hours = 24;     // remind to rate this long before the window closes; 0 off
  int staff_digest_hour = -1;          // entities' daily digest at this local hour (0..23); -1 off
  std::string sms_report_token_file;   // TAWASUL_SMS_REPORT_TOKEN_FILE: the gateway's reports
  double scheduler_interval = 30;      // seconds between scheduler ticks; 0 disables the scheduler
  // Signed checkpoints (docs/audit.md): the Ed25519 key file (outside the database; "" = none)
  // and how often the scheduler's leader writes one.
  std::string checkpoint_key;  // TAWASUL_CHECKPOINT_KEY
  double checkpoint_hours = 24;
  // Retention of personal data (domain/erasure.h): "TYPE=YEARS,..." over the defaults (complaint
  // 5, suggestion 3, inquiry 2, compliment 2; 0 keeps forever), and the cases of each type one
  // pass erases (the scheduler's leader runs one pass an hour).
  std::string retention_years;  // TAWASUL_RETENTION_YEARS
  int retention_batch = 500;
  // Staff sign-in (service/auth.h, docs/operations.md "Staff sign-in"): sessions end after this
  // long without a request; --staff-idle-seconds (tests) wins when > 0. Administrators must use
  // a second factor unless --no-admin-mfa (demos and tests; docs/decisions.md 2026-12-07).
  int staff_idle_minutes = 30;  // TAWASUL_STAFF_IDLE_MINUTES
  int staff_idle_seconds = 0;
  bool admin_mfa = true;  // TAWASUL_ADMIN_MFA
  bool demo = false;
  int demo_cases = 500;
  // Delivery of messages (docs/notifications.md). Without a channel its messages wait queued.
  std::string smtp_url;              // TAWASUL_SMTP_URL: smtp://HOST:PORT or smtps://HOST:PORT
  std::string smtp_password_file;    // the password, when not in the URL
  std::string mail_from;             // TAWASUL_MAIL_FROM
  bool smtp_require_tls = false;     // STARTTLS required (else used when offered)
  std::string sms_gateway_url;       // TAWASUL_SMS_GATEWAY_URL
  std::string sms_gateway_template;  // a file: headers, a blank line, the body
  std::string public_url = "";       // TAWASUL_PUBLIC_URL: links in messages; default from --listen
  int delivery_threads = 2;          // sending threads (each sends one message at a time)
  double delivery_give_up_hours = 48;
  // The wait after a first temporary failure (doubling from there, domain/delivery.h) and how
  // long a claimed message stays "sending" before another deliverer may take it (a crash's
  // recovery time). Tests and benchmarks shorten them.
  double delivery_retry_first_seconds = 30;
  double delivery_lease_seconds = 300;
  // Per-channel pace per sending thread (jobs/delivery.h); 0 = unlimited.
  double delivery_email_per_second = 50;
  double delivery_sms_per_second = 10;

  // Derived by Validate.
  std::string listen_host;
  std::uint16_t listen_port = 0;
};

// Adds the options shared by all subcommands (--database, --secret-file, --log-level) to `app`.
void AddCommonOptions(CLI::App& app, Config& config);
// Adds the serve options (--listen, --threads, --demo, ...), the delivery options included.
void AddServeOptions(CLI::App& serve, Config& config);
// Adds the delivery options (--smtp-url, --mail-from, --sms-gateway-url, ...).
void AddDeliveryOptions(CLI::App& app, Config& config);
// --retention-years and --retention-batch (serve and `retention run`).
void AddRetentionOptions(CLI::App& app, Config& config);
// --staff-idle-minutes, --admin-mfa/--no-admin-mfa (part of AddServeOptions).
void AddStaffSignInOptions(CLI::App& app, Config& config);
// Abuse limits, upload scanning, /metrics access (part of AddServeOptions).
void AddProtectionOptions(CLI::App& app, Config& config);
// The scheduler and its jobs (part of AddServeOptions).
void AddSchedulerOptions(CLI::App& app, Config& config);
// Checks and derives; throws std::invalid_argument with a one-line reason.
void Validate(Config& config);

}  // namespace tawasul::app
