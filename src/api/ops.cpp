// Operations endpoints: /healthz (the process answers), /readyz (database reachable, schema
// current or compatible, writes not failing for want of space, not shutting down; its body says
// which: store::Readiness), /metrics (Prometheus text: HTTP traffic, group commit and the
// delivery queue; for loopback or the holder of the metrics token only, since it describes the
// internals: issue 21 found 115 KB of them public).

#include <fmt/format.h>
#include <sodium.h>
#include <nlohmann/json.hpp>

#include "api/handler_util.h"
#include "http/problem.h"
#include "store/message_store.h"

namespace tawasul::api {

namespace {

void Healthz(const ApiContext&, const http::Request&, http::Reply reply) {
  http::Response r;
  r.Set("Content-Type", "text/plain; charset=utf-8");
  r.Set("Cache-Control", "no-store");
  r.body = "ok\n";
  reply(std::move(r));
}

// The body of /readyz, both answers: the database's schema, the binary's latest migration,
// whether the binary can run on that schema (docs/operations.md, "Rolling upgrades") and whether
// writes fail for want of space.
nlohmann::json ReadinessJson(const store::Readiness& r) {
  return {{"schema", r.schema},
          {"binary_schema", r.latest},
          {"compatible", r.compatible},
          {"writes_failing", r.writes_failing}};
}

void Readyz(const ApiContext& api, const http::Request& req, http::Reply reply) {
  const auto& ctx = api.app;
  bool draining = ctx.draining && ctx.draining();
  store::Readiness ready = ctx.store.CheckReady();
  if (draining || !ready.ready) {
    auto r = http::Problem(503, "not-ready", "", draining ? "Shutting down." : ready.reason,
                           req.request_id);
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_object()) {
      body.update(ReadinessJson(ready));
      r.body = body.dump();
    }
    r.Set("Cache-Control", "no-store");
    reply(std::move(r));
    return;
  }
  auto body = ReadinessJson(ready);
  body["status"] = "ready";
  http::Response r;
  r.Set("Content-Type", "application/json");
  r.Set("Cache-Control", "no-store");
  r.body = body.dump() + "\n";
  reply(std::move(r));
}

// True for an address on the loopback network (127.0.0.0/8, ::1).
bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

// Who may read /metrics (ApiOptions::metrics_token); replies 401/403 and returns false otherwise.
bool MayReadMetrics(const ApiContext& api, const http::Request& req, const http::Reply& reply) {
  if (api.metrics_token_hash.empty()) {
    if (IsLoopback(req.remote_address)) return true;
    reply(http::Problem(403, "forbidden", "",
                        "Metrics are served on loopback, or with the metrics token.",
                        req.request_id));
    return false;
  }
  std::string_view authz = req.Header("Authorization");
  if (authz.size() > 7 && http::EqualsIgnoreCase(authz.substr(0, 7), "Bearer ")) {
    std::string given = service::Auth::TokenHash(authz.substr(7));
    if (sodium_memcmp(given.data(), api.metrics_token_hash.data(), given.size()) == 0) return true;
  }
  auto r = http::Problem(401, "unauthorized", "", "The metrics token is required.", req.request_id);
  r.Set("WWW-Authenticate", "Bearer");
  reply(std::move(r));
  return false;
}

void Metrics(const ApiContext& api, const http::Request& req, http::Reply reply) {
  if (!MayReadMetrics(api, req, reply)) return;
  const auto& ctx = api.app;
  std::string out;
  if (ctx.metrics) ctx.metrics->Render(out);
  auto s = ctx.store.Stats();
  out += "# HELP tawasul_store_commit_batch_size Writes committed together in one transaction.\n";
  out += "# TYPE tawasul_store_commit_batch_size histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < s.batch_buckets.size(); ++i) {
    cumulative += s.batch_buckets[i];
    std::string le = i < s.batch_bounds.size() ? fmt::format("{}", s.batch_bounds[i]) : "+Inf";
    out += fmt::format("tawasul_store_commit_batch_size_bucket{{le=\"{}\"}} {}\n", le, cumulative);
  }
  out += fmt::format("tawasul_store_commit_batch_size_sum {}\n", s.batch_sum);
  out += fmt::format("tawasul_store_commit_batch_size_count {}\n", s.batches);
  out += "# HELP tawasul_store_write_queue_depth Writes waiting for the writer thread.\n";
  out += "# TYPE tawasul_store_write_queue_depth gauge\n";
  out += fmt::format("tawasul_store_write_queue_depth {}\n", s.queue_depth);
  out += "# HELP tawasul_scheduler_leader 1 while this node runs the scheduler.\n";
  out += "# TYPE tawasul_scheduler_leader gauge\n";
  out += fmt::format("tawasul_scheduler_leader {}\n",
                     ctx.scheduler_leader && ctx.scheduler_leader() ? 1 : 0);
  // The delivery queue by channel and status (docs/notifications.md): a GROUP BY over the
  // outbox, which `tawasul outbox purge` keeps small.
  out += "# HELP tawasul_outbox_messages Messages in the outbox by channel and status.\n";
  out += "# TYPE tawasul_outbox_messages gauge\n";
  for (const auto& [key, n] : ctx.store.Messages().OutboxCounts()) {
    out += fmt::format("tawasul_outbox_messages{{channel=\"{}\",status=\"{}\"}} {}\n", key.first,
                       key.second, n);
  }
  // Free space where the database lives (SQLite; docs/operations.md has the alert rule), and
  // whether writes fail for want of it.
  if (auto free = ctx.store.FreeBytes()) {
    out += "# HELP tawasul_store_free_bytes Free bytes on the database's filesystem.\n";
    out += "# TYPE tawasul_store_free_bytes gauge\n";
    out += fmt::format("tawasul_store_free_bytes {}\n", *free);
  }
  out += "# HELP tawasul_store_disk_full 1 while database writes fail for want of space.\n";
  out += "# TYPE tawasul_store_disk_full gauge\n";
  out += fmt::format("tawasul_store_disk_full {}\n", s.disk_full ? 1 : 0);
  out += "# HELP tawasul_store_failed_commits_total Group commits that failed.\n";
  out += "# TYPE tawasul_store_failed_commits_total counter\n";
  out += fmt::format("tawasul_store_failed_commits_total {}\n", s.failed_commits);
  http::Response r;
  r.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.Set("Cache-Control", "no-store");
  r.body = std::move(out);
  reply(std::move(r));
}

}  // namespace

void RegisterOpsRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/healthz", api, Healthz);
  AddRoute(router, Method::kGet, "/readyz", api, Readyz);
  AddRoute(router, Method::kGet, "/metrics", api, Metrics);
}

}  // namespace tawasul::api
