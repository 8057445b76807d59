// Configuration options and their validation. Environment variable names are part of the
// operator contract (docs/API.md "Command line"): never rename one.

#include "app/config.h"

#include <stdexcept>
#include <thread>

#include <CLI/CLI.hpp>

#include "domain/erasure.h"
#include "http/client_address.h"
#include "service/clamd.h"

namespace tawasul::app {

void AddCommonOptions(CLI::App& app, Config& c) {
  app.add_option("--database", c.database, "sqlite:PATH or postgres://user@host:port/db")
      ->envname("TAWASUL_DATABASE");
  app.add_option("--secret-file", c.secret_file,
                 "file holding the server secret for access-code hashes (created if missing)")
      ->envname("TAWASUL_SECRET_FILE");
  app.add_option("--log-level", c.log_level, "trace|debug|info|warn|error")
      ->envname("TAWASUL_LOG_LEVEL");
}

void AddServeOptions(CLI::App& s, Config& c) {
  s.add_option("--listen", c.listen, "address:port to listen on")->envname("TAWASUL_LISTEN");
  s.add_option("--threads", c.threads, "I/O threads (0 = one per core)")
      ->envname("TAWASUL_THREADS");
  s.add_option("--access-log", c.access_log, "'-' (stdout), 'off', or a file")
      ->envname("TAWASUL_ACCESS_LOG");
  s.add_option("--body-limit", c.body_limit, "largest JSON or form body in bytes");
  s.add_option("--attachments-dir", c.attachments_dir,
               "directory of attachment files (content-addressed, outside the database)")
      ->envname("TAWASUL_ATTACHMENTS_DIR");
  s.add_option("--attachment-grace-hours", c.attachment_grace_hours,
               "attachment files no case refers to are removed once older than this (hours)")
      ->envname("TAWASUL_ATTACHMENT_GRACE_HOURS");
  s.add_option("--read-connections", c.read_connections, "read-only database connections");
  s.add_option("--db-threads", c.db_threads,
               "threads that run handlers which wait on the database (-1 = 0 on SQLite, 16 on "
               "PostgreSQL)")
      ->envname("TAWASUL_DB_THREADS");
  s.add_option("--auto-route-confidence", c.auto_route_confidence,
               "route a submission without category or entity to the model's category when its "
               "confidence is at least this (0 = off)")
      ->envname("TAWASUL_AUTO_ROUTE_CONFIDENCE")
      ->check(CLI::Range(0.0, 1.0));
  s.add_option("--search-count-cap", c.search_count_cap,
               "a search counts at most this many matches (more: total is this, total_capped)")
      ->envname("TAWASUL_SEARCH_COUNT_CAP");
  s.add_option("--sqlite-max-bytes", c.sqlite_max_bytes,
               "SQLite: writes that would grow the database file beyond this size fail as on a "
               "full disk, and /readyz answers 503 (0 = no quota)")
      ->envname("TAWASUL_SQLITE_MAX_BYTES")
      ->check(CLI::NonNegativeNumber);
  s.add_option("--write-queue", c.write_queue,
               "writes waiting for the database writer beyond which submissions and actions are "
               "refused with 503")
      ->envname("TAWASUL_WRITE_QUEUE");
  s.add_flag("--secure-cookies,!--insecure-cookies", c.secure_cookies,
             "mark cookies Secure (the default; browsers keep them on https and on loopback "
             "http; --insecure-cookies only for plain http on another address)")
      ->envname("TAWASUL_SECURE_COOKIES");
  s.add_flag("--demo", c.demo, "load the demo data set first when the database is empty");
  s.add_option("--demo-cases", c.demo_cases, "synthetic cases loaded by --demo");
  AddProtectionOptions(s, c);
  AddSchedulerOptions(s, c);
  AddDeliveryOptions(s, c);
  AddStaffSignInOptions(s, c);
}

// Limits on anonymous abuse, the scanning of uploads and who may read /metrics.
void AddProtectionOptions(CLI::App& s, Config& c) {
  s.add_option("--failed-lookups-per-minute", c.failed_lookups_per_minute,
               "failed case look-ups allowed per client address per minute (0 = no limit)");
  s.add_option("--api-key-requests-per-minute", c.api_key_requests_per_minute,
               "requests each API key may make per minute, also its burst (0 = no limit)")
      ->envname("TAWASUL_API_KEY_REQUESTS_PER_MINUTE")
      ->check(CLI::Range(0.0, 1e6));
  s.add_option("--submissions-per-address-per-hour", c.submissions_per_address_per_hour,
               "anonymous cases one client address may send per hour, after a burst of 20 "
               "(0 = no limit)")
      ->envname("TAWASUL_SUBMISSIONS_PER_ADDRESS_PER_HOUR");
  s.add_option("--comments-per-address-per-hour", c.comments_per_address_per_hour,
               "news comments and replies one client address may send per hour, also its burst "
               "(0 = no limit)")
      ->envname("TAWASUL_COMMENTS_PER_ADDRESS_PER_HOUR")
      ->check(CLI::Range(0.0, 1e6));
  s.add_option("--news-report-threshold", c.news_report_threshold,
               "reports from distinct readers that hide a news comment until a moderator decides "
               "(0 = reports never hide)")
      ->envname("TAWASUL_NEWS_REPORT_THRESHOLD")
      ->check(CLI::Range(0, 1000));
  s.add_option("--submissions-per-contact-per-day", c.submissions_per_contact_per_day,
               "anonymous cases one email or phone number may send per day, after a burst of 5 "
               "(0 = no limit)")
      ->envname("TAWASUL_SUBMISSIONS_PER_CONTACT_PER_DAY");
  s.add_option("--upload-mib-per-address-per-hour", c.upload_mib_per_address_per_hour,
               "MiB of attachments one client address may store ahead of a case, per hour "
               "(0 = no limit)");
  s.add_option("--unreferenced-upload-mib", c.unreferenced_upload_mib,
               "MiB of attachments all addresses together may store ahead of a case, refilled "
               "over --attachment-grace-hours (0 = no limit)")
      ->envname("TAWASUL_UNREFERENCED_UPLOAD_MIB")
      ->check(CLI::NonNegativeNumber);
  s.add_option("--trusted-proxies", c.trusted_proxies,
               "comma-separated proxy addresses or CIDR blocks whose X-Forwarded-For is believed")
      ->envname("TAWASUL_TRUSTED_PROXIES");
  s.add_option("--upload-memory-mib", c.upload_memory_mib,
               "MiB of large request bodies (over 64 KiB) read at once, all connections together; "
               "beyond, 503 (0 = no cap)");
  s.add_option("--clamd-socket", c.clamd_socket,
               "clamd's Unix socket: every upload is scanned for malware (INSTREAM) first")
      ->envname("TAWASUL_CLAMD_SOCKET");
  s.add_option("--clamd-address", c.clamd_address,
               "clamd's TCP address (IP:port), instead of --clamd-socket")
      ->envname("TAWASUL_CLAMD_ADDRESS");
  s.add_option("--clamd-timeout-seconds", c.clamd_timeout_seconds,
               "longest scan of one file; beyond, the upload is refused with 503")
      ->check(CLI::Range(0.1, 600.0));
  s.add_option("--connections-per-address", c.connections_per_address,
               "open connections one client address may hold (0 = no cap)");
  s.add_option("--metrics-token-file", c.metrics_token_file,
               "a file with the token /metrics requires (else /metrics answers loopback only)")
      ->envname("TAWASUL_METRICS_TOKEN_FILE");
  s.add_flag("--hsts", c.hsts,
             "send Strict-Transport-Security (only when clients reach the service over TLS)");
}

// The scheduler and the jobs it runs (checkpoints, retention, escalation, reminders, digests).
void AddSchedulerOptions(CLI::App& s, Config& c) {
  s.add_option("--scheduler-interval", c.scheduler_interval,
               "seconds between scheduler ticks (breaches, auto-close); 0 = off")
      ->envname("TAWASUL_SCHEDULER_INTERVAL");
  s.add_option("--checkpoint-key", c.checkpoint_key,
               "Ed25519 key file (tawasul audit keygen): the scheduler's leader signs checkpoints")
      ->envname("TAWASUL_CHECKPOINT_KEY");
  s.add_option("--checkpoint-hours", c.checkpoint_hours, "hours between signed checkpoints")
      ->check(CLI::Range(0.01, 8760.0));
  AddRetentionOptions(s, c);
  s.add_option("--escalate-after-hours", c.escalate_after_hours,
               "hours after a resolution breach before it is escalated to central administration")
      ->envname("TAWASUL_ESCALATE_AFTER_HOURS");
  s.add_option("--rate-reminder-hours", c.rate_reminder_hours,
               "remind a citizen who has not rated an answer this many hours before the rating "
               "window closes (0..336; 0 = no reminders)")
      ->envname("TAWASUL_RATE_REMINDER_HOURS");
  s.add_option("--staff-digest-hour", c.staff_digest_hour,
               "send each entity's supervisors a daily digest by email at or after this local "
               "hour of the working calendar (0..23; -1 = no digest)")
      ->envname("TAWASUL_STAFF_DIGEST_HOUR");
  s.add_option("--sms-report-token-file", c.sms_report_token_file,
               "a file holding the token the SMS gateway sends with its delivery reports "
               "(Authorization: Bearer; 16 characters or more); without it reports are refused")
      ->envname("TAWASUL_SMS_REPORT_TOKEN_FILE");
}

void AddStaffSignInOptions(CLI::App& s, Config& c) {
  s.add_option("--staff-idle-minutes", c.staff_idle_minutes,
               "end a staff session after this many minutes without a request (1..1440)")
      ->envname("TAWASUL_STAFF_IDLE_MINUTES");
  // For tests only (no sleeping for minutes); hidden from --help.
  s.add_option("--staff-idle-seconds", c.staff_idle_seconds)->group("");
  s.add_flag("--admin-mfa,!--no-admin-mfa", c.admin_mfa,
             "administrators must sign in with a second factor (TOTP; the default); "
             "--no-admin-mfa only for demos and tests")
      ->envname("TAWASUL_ADMIN_MFA");
}

void AddRetentionOptions(CLI::App& s, Config& c) {
  s.add_option("--retention-years", c.retention_years,
               "years closed cases keep personal data, TYPE=YEARS,... over complaint=5,"
               "suggestion=3,inquiry=2,compliment=2 (0 = forever)")
      ->envname("TAWASUL_RETENTION_YEARS");
  s.add_option("--retention-batch", c.retention_batch,
               "cases of each type one retention pass erases");
}

void AddDeliveryOptions(CLI::App& s, Config& c) {
  s.add_option("--smtp-url", c.smtp_url,
               "smtp://HOST:PORT or smtps://HOST:PORT (user:password@ may be in the URL)")
      ->envname("TAWASUL_SMTP_URL");
  s.add_option("--smtp-password-file", c.smtp_password_file, "a file holding the SMTP password")
      ->envname("TAWASUL_SMTP_PASSWORD_FILE");
  s.add_option("--mail-from", c.mail_from, "the sender of every email")
      ->envname("TAWASUL_MAIL_FROM");
  s.add_flag("--smtp-require-tls", c.smtp_require_tls, "refuse to send without STARTTLS");
  s.add_option("--sms-gateway-url", c.sms_gateway_url, "the SMS gateway's http(s) URL")
      ->envname("TAWASUL_SMS_GATEWAY_URL");
  s.add_option(
       "--sms-gateway-template", c.sms_gateway_template,
       "the gateway request: header lines, a blank line, the body with {{to}} {{text}} {{id}}")
      ->envname("TAWASUL_SMS_GATEWAY_TEMPLATE");
  s.add_option("--public-url", c.public_url, "the service's address as citizens reach it (links)")
      ->envname("TAWASUL_PUBLIC_URL");
  s.add_option("--delivery-threads", c.delivery_threads, "threads sending messages")
      ->check(CLI::Range(1, 64));
  s.add_option("--delivery-give-up-hours", c.delivery_give_up_hours,
               "hours of temporary failures after which a message is given up (dead)");
  s.add_option("--delivery-retry-first-seconds", c.delivery_retry_first_seconds,
               "wait after a first temporary failure (doubling after each further one)")
      ->check(CLI::Range(1.0, 86400.0));
  s.add_option("--delivery-lease-seconds", c.delivery_lease_seconds,
               "how long a claimed message stays 'sending' before another deliverer may take it "
               "(a crashed node's messages are sent again after this)")
      ->check(CLI::Range(1.0, 86400.0));
  s.add_option("--delivery-email-per-second", c.delivery_email_per_second,
               "emails sent per second per sending thread at most (0 = unlimited)")
      ->check(CLI::Range(0.0, 100000.0));
  s.add_option("--delivery-sms-per-second", c.delivery_sms_per_second,
               "SMS sent per second per sending thread at most (0 = unlimited)")
      ->check(CLI::Range(0.0, 100000.0));
}

void Validate(Config& c) {
  if (!c.smtp_url.empty() && c.mail_from.empty()) {
    throw std::invalid_argument("--smtp-url needs --mail-from (the sender of every email)");
  }
  if (!c.sms_gateway_url.empty() && c.sms_gateway_template.empty()) {
    throw std::invalid_argument("--sms-gateway-url needs --sms-gateway-template FILE");
  }
  if (c.database.rfind("sqlite:", 0) != 0 && c.database.rfind("postgres://", 0) != 0 &&
      c.database.rfind("postgresql://", 0) != 0) {
    throw std::invalid_argument("--database must be sqlite:PATH or postgres://...: " + c.database);
  }
  auto colon = c.listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw std::invalid_argument("--listen must be address:port, e.g. 127.0.0.1:8080");
  }
  c.listen_host = c.listen.substr(0, colon);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[' && c.listen_host.back() == ']') {
    c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
  }
  std::string port = c.listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    throw std::invalid_argument("--listen has an invalid port: " + port);
  }
  c.listen_port = static_cast<std::uint16_t>(std::stoi(port));
  if (c.threads == 0)
    c.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (c.threads < 1 || c.threads > 256) throw std::invalid_argument("--threads must be 1..256");
  const bool postgres = c.database.rfind("sqlite:", 0) != 0;
  if (c.db_threads < 0) c.db_threads = postgres ? 16 : 0;
  if (c.db_threads > 1024) throw std::invalid_argument("--db-threads must be -1..1024");
  if (c.read_connections == 0) c.read_connections = (postgres ? c.db_threads : c.threads) + 2;
  if (c.read_connections < 1 || c.read_connections > 512) {
    throw std::invalid_argument("--read-connections must be 1..512");
  }
  if (c.body_limit < 1024 || c.body_limit > 64 * 1024 * 1024) {
    throw std::invalid_argument("--body-limit must be between 1 KiB and 64 MiB");
  }
  if (c.attachments_dir.empty()) throw std::invalid_argument("--attachments-dir must not be empty");
  if (c.demo_cases < 0 || c.demo_cases > 10'000'000) {
    throw std::invalid_argument("--demo-cases must be 0..10000000");
  }
  if (c.attachment_grace_hours < 0 || c.attachment_grace_hours > 8760) {
    throw std::invalid_argument("--attachment-grace-hours must be 0..8760");
  }
  if (std::string why; !domain::ParseRetention(c.retention_years, why)) {
    throw std::invalid_argument("--retention-years: " + why);
  }
  if (c.retention_batch < 1 || c.retention_batch > 100000) {
    throw std::invalid_argument("--retention-batch must be 1..100000");
  }
  if (c.escalate_after_hours < 0 || c.escalate_after_hours > 8760) {
    throw std::invalid_argument("--escalate-after-hours must be 0..8760");
  }
  if (c.rate_reminder_hours < 0 || c.rate_reminder_hours > 336) {
    throw std::invalid_argument("--rate-reminder-hours must be 0..336 (the window is 14 days)");
  }
  if (c.staff_idle_minutes < 1 || c.staff_idle_minutes > 1440) {
    throw std::invalid_argument("--staff-idle-minutes must be 1..1440");
  }
  if (c.staff_idle_seconds < 0 || c.staff_idle_seconds > 86400) {
    throw std::invalid_argument("--staff-idle-seconds must be 0..86400");
  }
  if (c.staff_digest_hour < -1 || c.staff_digest_hour > 23) {
    throw std::invalid_argument("--staff-digest-hour must be 0..23, or -1 for no digest");
  }
  if (c.scheduler_interval < 0 || c.scheduler_interval > 86400) {
    throw std::invalid_argument("--scheduler-interval must be 0..86400 seconds");
  }
  if (c.search_count_cap < 1 || c.search_count_cap > 100000000) {
    throw std::invalid_argument("--search-count-cap must be 1..100000000");
  }
  if (c.write_queue < 1 || c.write_queue > 1000000) {
    throw std::invalid_argument("--write-queue must be 1..1000000");
  }
  if (c.submissions_per_address_per_hour < 0 || c.submissions_per_contact_per_day < 0 ||
      c.upload_mib_per_address_per_hour < 0 || c.upload_memory_mib < 0) {
    throw std::invalid_argument("the --submissions-per-* and --upload-mib-* limits must be >= 0");
  }
  if (!c.clamd_socket.empty() && !c.clamd_address.empty()) {
    throw std::invalid_argument("give --clamd-socket or --clamd-address, not both");
  }
  if (!c.clamd_address.empty() && !service::ClamdEndpoint::ParseAddress(c.clamd_address)) {
    throw std::invalid_argument("--clamd-address must be IP:port, e.g. 127.0.0.1:3310");
  }
  (void)http::TrustedProxies(c.trusted_proxies);  // throws invalid_argument naming the entry
  if (c.connections_per_address < 0) {
    throw std::invalid_argument("--connections-per-address must be >= 0");
  }
  if (c.failed_lookups_per_minute < 0) {
    throw std::invalid_argument("--failed-lookups-per-minute must be >= 0");
  }
  if (c.secret_file.empty()) {
    if (c.database.rfind("sqlite:", 0) == 0) {
      c.secret_file = c.database.substr(7) + ".key";
    } else {
      throw std::invalid_argument(
          "--secret-file is required with PostgreSQL (share it between nodes)");
    }
  }
}

}  // namespace tawasul::app
