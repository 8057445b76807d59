// `tawasul serve`: wires store, catalogue, calendar, API, pages and the HTTP server, serves until
// SIGTERM/SIGINT, then drains and closes the store (which finishes queued writes).

#include <cctype>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "api/routes.h"
#include "app/bootstrap.h"
#include "app/commands.h"
#include "app/delivery_setup.h"
#include "app/demo.h"
#include "domain/attachment.h"
#include "http/server.h"
#include "jobs/delivery.h"
#include "jobs/scheduler.h"
#include "notify/email.h"
#include "service/attachments.h"
#include "service/case_actions.h"
#include "service/eservices.h"
#include "service/intake_limits.h"
#include "service/news.h"
#include "service/routing_models.h"
#include "service/upload_screen.h"
#include "service/worker_pool.h"
#include "web/site.h"

namespace tawasul::app {

namespace {

std::shared_ptr<spdlog::logger> MakeAccessLog(const std::string& target) {
  if (target == "off") return nullptr;
  spdlog::init_thread_pool(65536, 1);
  std::shared_ptr<spdlog::logger> log;
  if (target == "-") {
    log = spdlog::create_async<spdlog::sinks::stdout_sink_mt>("access");
  } else {
    log = spdlog::create_async<spdlog::sinks::basic_file_sink_mt>("access", target);
  }
  log->set_pattern("%v");
  spdlog::flush_every(std::chrono::seconds(1));
  return log;
}

// Five attachments of 5 MB, their multipart framing and the text fields.
constexpr std::size_t kSubmitFormBodyLimit =
    domain::kMaxAttachments * domain::kMaxAttachmentBytes + 1024 * 1024;

// On SQLite, the requests whose handler waits for a commit (and its fsync) before it answers,
// which must not hold an I/O thread meanwhile: uploads (multipart forms write and fsync up to
// 25 MB of files before the case is queued), every administration change (catalogue, calendar,
// targets, users, templates, news, and the administration log row: synchronous writes) and signing
// in (a session row, failed-login counters). Submissions and case actions are queued and answered
// from the writer's thread, so they stay on the I/O threads.
bool BlocksOnTheStore(const http::Request& r) {
  if (r.method == http::Method::kGet || r.method == http::Method::kHead) return false;
  std::string type(r.Header("Content-Type").substr(0, 19));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type == "multipart/form-data") return true;  // media types are case-insensitive
  const std::string_view path = r.path;
  return path.starts_with("/admin/") || path.starts_with("/api/v1/admin/") || path == "/login" ||
         path == "/api/v1/auth/login" || path == "/login/code" || path.starts_with("/staff/mfa/") ||
         path.starts_with("/services/") ||                                   // the useful vote
         path.starts_with("/news/") || path.starts_with("/api/v1/news/") ||  // comments
         path.starts_with("/surveys/") || path == "/track/survey" ||  // survey answers and links
         path.starts_with("/api/v1/me/") || path == "/me" || path.starts_with("/me/");
}

std::vector<http::Field> SecurityHeaders() {
  return {{"Content-Security-Policy",
           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "same-origin"},
          {"Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"}};
}

// Several nodes on one database: when another node changes the SLA targets, a calendar or the
// catalogue (Store::ConfigVersion moves), reload them here too, within a poll interval.
class ConfigWatcher {
 public:
  ConfigWatcher(store::Store& store, service::SlaRules& sla, service::CatalogueInForce& catalogue)
      : store_(store), sla_(sla), catalogue_(catalogue) {
    seen_ = store_.ConfigVersion();
    thread_ = std::thread([this] { Loop(); });
  }
  ~ConfigWatcher() { Stop(); }
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; })) {
      lock.unlock();
      try {
        auto version = store_.ConfigVersion();
        if (version != seen_) {
          sla_.Set(LoadSla(store_));
          catalogue_.Set(std::make_shared<const domain::Catalogue>(store_.LoadCatalogue()));
          seen_ = version;
          spdlog::info("SLA rules and catalogue reloaded (configuration version {})", version);
        }
      } catch (const std::exception& e) {
        spdlog::warn("configuration poll failed: {}", e.what());
      }
      lock.lock();
    }
  }
  store::Store& store_;
  service::SlaRules& sla_;
  service::CatalogueInForce& catalogue_;
  std::int64_t seen_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

// The token in `path` (surrounding white space dropped); throws std::runtime_error naming the
// file when it cannot be read or holds fewer than 16 characters (a guessable token).
std::string ReadMetricsToken(const std::string& path) {
  std::ifstream in(path);
  std::string token((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  std::size_t start = 0;
  while (start < token.size() && std::isspace(static_cast<unsigned char>(token[start]))) ++start;
  token.erase(0, start);
  if (!in.good() && !in.eof()) throw std::runtime_error("cannot read " + path);
  if (token.size() < 16) {
    throw std::runtime_error("the metrics token in " + path + " is missing or under 16 characters");
  }
  return token;
}

// The server's options for `config`, and the pool its handlers run on (`db_pool`, made here).
http::ServerOptions MakeServerOptions(const Config& config,
                                      std::unique_ptr<service::WorkerPool>& db_pool) {
  http::ServerOptions server_options;
  server_options.address = config.listen_host;
  server_options.port = config.listen_port;
  server_options.threads = config.threads;
  server_options.body_limit = config.body_limit;
  // The submission form carries up to 5 attachments of 5 MB (multipart): a larger limit on
  // that route only.
  server_options.route_body_limits.push_back(
      {http::Method::kPost, "/submit", std::max(config.body_limit, kSubmitFormBodyLimit)});
  server_options.default_headers = SecurityHeaders();
  server_options.public_reads = api::PublicReadRoutes();
  if (config.hsts) {
    server_options.default_headers.push_back(
        {"Strict-Transport-Security", "max-age=31536000; includeSubDomains"});
  }
  server_options.trusted_proxies = http::TrustedProxies(config.trusted_proxies);
  server_options.body_bytes_in_flight =
      static_cast<std::size_t>(config.upload_memory_mib * 1024 * 1024);
  server_options.max_connections_per_address =
      static_cast<std::size_t>(config.connections_per_address);
  // On PostgreSQL every store call is a network round trip: handlers run on a bounded pool so
  // that the I/O threads never wait on the database (full pool: 503).
  if (config.db_threads > 0) {
    db_pool = std::make_unique<service::WorkerPool>(config.db_threads, 4096);
  } else {
    // SQLite: handlers run on the I/O threads (the store never makes them wait), except those
    // that wait for a commit (BlocksOnTheStore).
    db_pool = std::make_unique<service::WorkerPool>(2, 256);
    server_options.offload_only = BlocksOnTheStore;
  }
  server_options.offload = [pool = db_pool.get()](std::function<void()> call) {
    return pool->Post(std::move(call));
  };

  return server_options;
}

// What `serve` prints once it listens: the URL and, with --demo, the demo accounts and pages.
std::string Banner(const Config& config, std::uint16_t port, bool loaded_demo) {
  std::string host = config.listen_host.find(':') != std::string::npos
                         ? "[" + config.listen_host + "]"
                         : config.listen_host;
  std::string banner = "Tawasul is serving at http://" + host + ":" + std::to_string(port) + "/ (" +
                       config.database + ", " + std::to_string(config.threads) + " threads)\n";
  if (config.demo) {
    banner += std::string(loaded_demo ? "Demo data loaded. " : "") + "Demo staff accounts:\n";
    for (const auto& a : DemoAccounts()) {
      banner += "  " + a.role + (a.entity.empty() ? "" : " (" + a.entity + ")") + ": " + a.email +
                " / " + a.password + "\n";
    }
    const std::string base = "http://" + host + ":" + std::to_string(port);
    banner += "Pages: citizens " + base + "/submit and " + base + "/track; the public " + base +
              "/stats; staff " + base + "/login (then /staff/, /staff/dashboard, /admin/)\n";
  }
  return banner;
}

// The scheduler (warnings, breaches, escalations, auto-close, attachment housekeeping), started;
// null when --scheduler-interval is 0.
std::unique_ptr<jobs::Scheduler> StartScheduler(const Config& config, store::Store& store,
                                                const service::AppContext& ctx,
                                                service::AttachmentFiles& attachment_files) {
  if (config.scheduler_interval <= 0) return nullptr;
  jobs::SchedulerOptions sched;
  sched.interval =
      std::chrono::milliseconds(static_cast<std::int64_t>(config.scheduler_interval * 1000));
  sched.escalate_after =
      std::chrono::seconds(static_cast<std::int64_t>(config.escalate_after_hours * 3600));
  sched.rate_reminder_lead =
      std::chrono::seconds(static_cast<std::int64_t>(config.rate_reminder_hours * 3600));
  sched.digest_hour = config.staff_digest_hour;
  sched.calendar = [&sla = ctx.sla] { return sla.Get()->calendar; };  // the calendar in force
  // Orphaned attachment files (reviewed, never sent) may hold personal data: removed once
  // they are older than the grace period (docs/decisions.md).
  sched.housekeeping = [&attachment_files, &store, grace = config.attachment_grace_hours,
                        checkpoint = CheckpointStep(config, store),
                        retention = RetentionStep(config, store, attachment_files)] {
    if (checkpoint) checkpoint();  // signed checkpoints (docs/audit.md)
    retention();                   // personal data of old closed cases (service/erasure.h)
    auto r = attachment_files.Sweep(
        std::chrono::seconds(static_cast<std::int64_t>(grace * 3600)),
        [&store](const std::string& sha) { return store.AttachmentReferenced(sha); });
    if (r.removed > 0)
      spdlog::info("attachments: removed {} orphaned files ({} bytes) of {}", r.removed, r.bytes,
                   r.examined);
  };
  domain::Actor system;
  system.role = domain::Role::kSystem;
  domain::Action close;
  close.kind = domain::ActionKind::kAutoClose;
  // The scheduler waits for its auto-closes on its own thread: they complete in place, never
  // through the I/O threads, which may already have stopped when it is asked to stop.
  auto in_place = std::make_shared<service::AppContext>(ctx);
  in_place->complete_elsewhere = nullptr;
  auto scheduler = std::make_unique<jobs::Scheduler>(
      store, sched, [in_place, system, close](const std::string& ref, std::function<void()> done) {
        service::ApplyCaseAction(*in_place, ref, system, close,
                                 [done](service::ActionOutcome) { done(); });
      });
  scheduler->Start();
  return scheduler;
}

// What uploads go through (service/upload_screen.h), said once in the startup log: scanned by
// clamd (checked with PING; one that does not answer yet only makes uploads 503 until it does),
// or not scanned at all (docs/decisions.md 2026-12-07).
service::UploadScreenOptions UploadScreenFrom(const Config& config) {
  service::UploadScreenOptions o;
  if (!config.clamd_socket.empty()) {
    o.clamd = service::ClamdEndpoint{config.clamd_socket, "", 0};
  } else if (!config.clamd_address.empty()) {
    o.clamd = service::ClamdEndpoint::ParseAddress(config.clamd_address);
  }
  o.timeouts.scan =
      std::chrono::milliseconds(static_cast<std::int64_t>(config.clamd_timeout_seconds * 1000));
  return o;
}

void LogUploadScreen(const service::UploadScreen& screen) {
  if (!screen.scanning()) {
    spdlog::warn(
        "uploads: NOT scanned for malware (no --clamd-socket or --clamd-address); image "
        "metadata is still removed");
  } else if (auto ec = screen.Ping()) {
    spdlog::warn("uploads: {} does not answer ({}): uploads are refused with 503 until it does",
                 screen.Describe(), ec.message());
  } else {
    spdlog::info("uploads: scanned for malware by {}", screen.Describe());
  }
}

// The delivery worker, on its own threads (docs/notifications.md): webhooks are always delivered;
// email and SMS when configured, else their messages wait in the outbox. `server_secret` opens
// the webhooks' sealed secrets.
std::unique_ptr<jobs::DeliveryWorker> StartDelivery(const Config& config, store::Store& store,
                                                    service::CatalogueInForce& catalogue, int port,
                                                    const std::string& server_secret) {
  auto channels = MakeDeliveryChannels(
      config, store, [&catalogue](const std::string& code, domain::Language language) {
        auto snapshot = catalogue.Get();
        const auto* e = snapshot->FindEntity(code);
        if (!e) return code;
        return language == domain::Language::kArabic ? e->name_ar : e->name_en;
      });
  if (!channels.smtp && !channels.sms) {
    spdlog::info("delivery: webhooks only (no --smtp-url, --sms-gateway-url); messages wait");
  }
  channels.webhook_key = server_secret;
  auto worker = std::make_unique<jobs::DeliveryWorker>(store, MakeDeliveryOptions(config, port),
                                                       std::move(channels));
  worker->Start();
  return worker;
}

// The JSON API's options from the configuration; a bad token file ends the start.
api::ApiOptions MakeApiOptions(const Config& config) {
  api::ApiOptions api_options;
  api_options.auth.staff_idle = config.staff_idle_seconds > 0
                                    ? std::chrono::seconds(config.staff_idle_seconds)
                                    : std::chrono::minutes(config.staff_idle_minutes);
  api_options.auth.admin_mfa = config.admin_mfa;
  api_options.failed_lookups_per_minute = config.failed_lookups_per_minute;
  api_options.failed_lookups_burst = std::max(1.0, config.failed_lookups_per_minute);
  api_options.api_key_requests_per_minute = config.api_key_requests_per_minute;
  api_options.public_url = config.public_url;
  if (!config.metrics_token_file.empty()) {
    api_options.metrics_token = ReadMetricsToken(config.metrics_token_file);
  }
  if (!config.sms_report_token_file.empty()) {  // delivery reports (docs/notifications.md)
    std::string error;
    auto& token = api_options.sms_report_token;
    if (!notify::ReadSecretFile(config.sms_report_token_file, token, error) || token.size() < 16) {
      throw std::runtime_error("--sms-report-token-file: " +
                               (error.empty() ? "the token is under 16 characters" : error));
    }
  }
  return api_options;
}

}  // namespace

int RunServe(const Config& config) {
  auto store = OpenMigratedStore(config);
  std::string pepper = LoadOrCreateSecret(config.secret_file);
  auto sla_snapshot = LoadSla(*store);
  service::SlaRules sla(sla_snapshot->calendar, sla_snapshot->targets);
  bool loaded_demo = false;
  if (config.demo && store->LoadCatalogue().Entities().empty()) {
    LoadDemo(*store, *sla_snapshot, pepper, config.demo_cases, 2026);
    loaded_demo = true;
    sla.Set(LoadSla(*store));  // the demo may have added a tentative holiday
  }
  service::CatalogueInForce catalogue(store->LoadCatalogue());

  // The pool is made before the server; see the end of this function for its shutdown order.
  std::unique_ptr<service::WorkerPool> db_pool;
  http::ServerOptions server_options = MakeServerOptions(config, db_pool);

  http::Router router;
  std::unique_ptr<http::Server> server;
  service::AppContext ctx{*store,
                          catalogue,
                          sla,
                          pepper,
                          nullptr,
                          [&server] { return server && server->Draining(); },
                          config.secure_cookies,
                          nullptr};
  ctx.complete_elsewhere = [&server](std::function<void()> work) {
    if (server) {
      server->Post(std::move(work));
    } else {
      work();  // before the server exists (loading the demo)
    }
  };
  // Routing suggestions: the newest trained model, reloaded within 2 s of a newer one.
  service::RoutingModels routing(*store, std::chrono::seconds(2));
  ctx.routing = &routing;
  ctx.auto_route_confidence = config.auto_route_confidence;
  service::UploadScreen upload_screen(UploadScreenFrom(config));
  LogUploadScreen(upload_screen);
  service::AttachmentFiles attachment_files(config.attachments_dir);
  attachment_files.set_screen(&upload_screen);
  ctx.attachment_files = &attachment_files;
  service::IntakeLimits intake_limits(
      {config.submissions_per_address_per_hour, 20, config.submissions_per_contact_per_day, 5,
       config.upload_mib_per_address_per_hour * 1024 * 1024,
       config.unreferenced_upload_mib * 1024 * 1024, config.attachment_grace_hours});
  ctx.intake_limits = &intake_limits;
  service::EServiceCache eservices(*store, catalogue);  // rebuilt beside each new catalogue
  ctx.eservices = &eservices;
  service::NewsBoard news({config.news_report_threshold, config.comments_per_address_per_hour, 30});
  ctx.news = &news;
  api::ApiOptions api_options = MakeApiOptions(config);
  // Every route comes from these two (tests/unit/route_table_test.cpp pins the table).
  api::ApiContext api(ctx, api_options);
  api::RegisterApi(router, api);
  web::Site site(ctx, api.auth, api.lookups, api.accounts, config.public_url);
  site.Register(router);

  std::vector<std::string> route_names;
  std::vector<http::Method> route_methods;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    route_names.push_back(router.RouteName(static_cast<int>(i)));
    route_methods.push_back(router.RouteMethod(static_cast<int>(i)));
  }
  http::HttpMetrics metrics(route_names, route_methods);
  ctx.metrics = &metrics;

  auto access_log = MakeAccessLog(config.access_log);
  server = std::make_unique<http::Server>(server_options, router, metrics, access_log);
  server->Listen();
  // The banner is one write, before any thread logs: scripts read the URL from it.
  std::cout << Banner(config, server->Port(), loaded_demo) << std::flush;
  std::unique_ptr<jobs::Scheduler> scheduler =
      StartScheduler(config, *store, ctx, attachment_files);
  ctx.scheduler_leader = [&scheduler] { return scheduler && scheduler->IsLeader(); };
  auto delivery = StartDelivery(config, *store, catalogue, server->Port(), pepper);
  ConfigWatcher watcher(*store, sla, catalogue);
  server->Run();
  // The database pool's tasks hold executors of the server's io_context: finish and join them
  // while the server (and its io_context) still exists. The pool was made first, so it would
  // otherwise be destroyed after the server.
  db_pool.reset();
  watcher.Stop();
  if (delivery) delivery->Stop();
  if (scheduler) scheduler->Stop();
  store->Close();
  if (access_log) access_log->flush();
  spdlog::shutdown();
  std::cout << "Tawasul stopped.\n";
  return 0;
}

}  // namespace tawasul::app
