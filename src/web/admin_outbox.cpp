// The delivery queue for administrators (/admin/outbox): what was sent to whom (masked) and
// when, and the dead letters (failed: the channel refused the message; dead: it kept failing for
// longer than the give-up time), which an administrator can put back in the queue.

#include <nlohmann/json.hpp>

#include "domain/time.h"
#include "service/admin_log.h"
#include "store/message_store.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr std::array<std::string_view, 7> kStatuses = {"queued",   "sending", "sent", "delivered",
                                                       "retrying", "failed",  "dead"};

std::string Shown(domain::Instant t) { return domain::FormatRfc3339(t, 3 * 3600).substr(0, 16); }

void List(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  store::OutboxFilter filter;
  std::string status = req.QueryParam("status");
  if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end()) status.clear();
  filter.status = status;
  filter.limit = 200;
  filter.newest_first = true;
  auto rows = web.app.store.Messages().ListOutbox(filter);
  list items;
  for (const auto& r : rows) {
    data row;
    row.set("id", std::to_string(r.id));
    row.set("reference", r.reference);
    row.set("kind", Text(pc.language, "msg_kind_" + r.kind));
    row.set("channel",
            Text(pc.language, "msg_channel_" + std::string(domain::ToString(r.channel))));
    // A citizen's address (a case's, or one typed to sign in) only masked.
    row.set("recipient",
            r.recipient == "case" || r.recipient.starts_with("contact:") ? r.masked : r.recipient);
    row.set("status", Text(pc.language, "msg_status_" + r.status));
    row.set("status_code", r.status);
    row.set("attempts", std::to_string(r.attempts));
    row.set("at", Shown(r.sent_at.value_or(r.updated_at)));
    row.set("error", r.last_error);
    row.set("dead", r.status == "failed" || r.status == "dead");
    items.push_back(row);
  }
  list options;
  // "Any status" first, then each status.
  std::vector<std::string_view> choices = {""};
  choices.insert(choices.end(), kStatuses.begin(), kStatuses.end());
  for (auto s : choices) {
    data o;
    o.set("value", std::string(s));
    o.set("label", s.empty() ? Text(pc.language, "msg_status_any")
                             : Text(pc.language, "msg_status_" + std::string(s)));
    o.set("selected", s == status);
    options.push_back(o);
  }
  data d;
  d.set("messages", items);
  d.set("none", items.empty());
  d.set("statuses", options);
  d.set("can_write", CanWrite(*who));
  if (auto n = req.QueryParam("requeued"); !n.empty())
    d.set("result", Text(pc.language, "msg_requeued") + " " + std::string(n));
  reply(RenderPage(pc, "admin_outbox", d, "msg_outbox_title"));
}

void Retry(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/outbox")) return;
  std::int64_t id = 0;
  std::string raw = FormValue(form, "id");
  if (!raw.empty()) {
    if (raw.size() > 15 || raw.find_first_not_of("0123456789") != std::string::npos) {
      reply(ErrorPage(pc, 404, "msg_unknown", "/admin/outbox"));
      return;
    }
    id = std::stoll(raw);
  }
  int n = web.app.store.Messages().RetryOutbox(id, domain::Now());
  service::RecordAdminChange(web.app, who->actor, "outbox", "retry",
                             id ? std::to_string(id) : std::string("all"), {{"requeued", n}});
  reply(Redirect("/admin/outbox?requeued=" + std::to_string(n)));
}

}  // namespace

void RegisterAdminOutboxPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/admin/outbox",
             [&web](const http::Request& req, http::Reply reply) { List(web, req, reply); });
  router.Add(Method::kPost, "/admin/outbox/retry",
             [&web](const http::Request& req, http::Reply reply) { Retry(web, req, reply); });
}

}  // namespace tawasul::web
