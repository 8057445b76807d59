#pragma once
// SqlStore's delivery operations (issue 15, docs/notifications.md), out of line to keep
// sql_store.h to the cases: the outbox as a queue (claim with a lease, record outcomes, list,
// retry, purge, counts), the citizen's channel choice, the administrators' message templates and
// the webhooks. Included at the end of sql_store.h only.

#include "store/common/sql_store.h"
#include "store/webhook_store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::CountOutbox() {
  return Scalar(Q::kCountOutbox);
}

template <class Q, class Conn>
std::vector<OutboxRow> SqlStore<Q, Conn>::ClaimOutbox(domain::Instant now,
                                                      domain::Instant lease_until, int limit,
                                                      int channel_mask) {
  std::vector<OutboxRow> out;
  writer_->Run([&](Conn& c) {
    out.clear();  // a retried attempt starts again
    auto st = c.Prepare(Q::kClaimOutbox);
    st.Bind(1, Secs(now)).Bind(2, Secs(lease_until)).Bind(3, limit).Bind(4, channel_mask);
    while (st.Step()) out.push_back(ReadOutboxRow(st));
  });
  std::sort(out.begin(), out.end(), [](const OutboxRow& a, const OutboxRow& b) {
    return std::pair(a.next_attempt_at, a.id) < std::pair(b.next_attempt_at, b.id);
  });
  return out;
}

template <class Q, class Conn>
int SqlStore<Q, Conn>::FinishOutbox(const std::vector<OutboxOutcome>& outcomes,
                                    domain::Instant now) {
  int changed = 0;
  writer_->Run([&](Conn& c) {
    changed = 0;
    for (const auto& o : outcomes) {
      auto st = c.Prepare(Q::kFinishOutbox);
      st.Bind(1, o.id)
          .Bind(2, o.status)
          .Bind(3, Secs(o.next_attempt_at))
          .Bind(4, o.last_error)
          .Bind(5, o.provider_id)
          .Bind(6, Secs(now))
          .Bind(7, o.attempts);
      st.Run();
      changed += c.Changes();
    }
  });
  return changed;
}

template <class Q, class Conn>
std::vector<OutboxRow> SqlStore<Q, Conn>::ListOutbox(const OutboxFilter& f) {
  return Read([&](Conn& c) {
    std::vector<OutboxRow> out;
    auto st = c.Prepare(f.newest_first ? Q::kListOutboxNewest : Q::kListOutbox);
    st.Bind(1, f.status).Bind(2, f.reference).Bind(3, f.after_id).Bind(4, f.limit);
    while (st.Step()) out.push_back(ReadOutboxRow(st));
    return out;
  });
}

template <class Q, class Conn>
int SqlStore<Q, Conn>::RetryOutbox(std::int64_t id, domain::Instant now) {
  int changed = 0;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kRetryOutbox).Bind(1, Secs(now)).Bind(2, id).Run();
    changed = c.Changes();
  });
  return changed;
}

template <class Q, class Conn>
int SqlStore<Q, Conn>::PurgeOutbox(domain::Instant before) {
  int changed = 0;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kPurgeOutbox).Bind(1, Secs(before)).Run();
    changed = c.Changes();
  });
  return changed;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::SetCaseNotify(const std::string& reference, domain::NotifyChoice choice) {
  bool found = false;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kSetCaseNotify).Bind(1, reference).Bind(2, domain::ToString(choice)).Run();
    found = c.Changes() > 0;
  });
  return found;
}

template <class Q, class Conn>
std::vector<MessageTemplateRow> SqlStore<Q, Conn>::CurrentMessageTemplates() {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kCurrentMessageTemplates);
    return ReadMessageTemplates(st);
  });
}

template <class Q, class Conn>
std::vector<MessageTemplateRow> SqlStore<Q, Conn>::MessageTemplateVersions(
    const std::string& kind, const std::string& channel, const std::string& language) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kMessageTemplateVersions);
    st.Bind(1, kind).Bind(2, channel).Bind(3, language);
    return ReadMessageTemplates(st);
  });
}

template <class Q, class Conn>
int SqlStore<Q, Conn>::SaveMessageTemplate(const MessageTemplateRow& row, domain::Instant now) {
  int version = 0;
  writer_->Run([&](Conn& c) {
    auto st = c.Prepare(Q::kInsertMessageTemplate);
    st.Bind(1, row.kind)
        .Bind(2, row.channel)
        .Bind(3, row.language)
        .Bind(4, row.subject)
        .Bind(5, row.body)
        .Bind(6, Secs(now))
        .Bind(7, row.created_by);
    version = st.Step() ? static_cast<int>(st.Int(0)) : 0;
  });
  return version;
}

template <class Q, class Conn>
std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>>
SqlStore<Q, Conn>::OutboxCounts() {
  return Read([&](Conn& c) {
    std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>> out;
    auto st = c.Prepare(Q::kOutboxCounts);
    while (st.Step()) out.push_back({{st.Text(0), st.Text(1)}, st.Int(2)});
    return out;
  });
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::AddWebhook(const WebhookRow& w) {
  std::int64_t id = 0;
  writer_->Run([&](Conn& c) {
    auto st = c.Prepare(Q::kInsertWebhook);
    st.Bind(1, w.url)
        .Bind(2, w.entity)
        .Bind(3, w.events)
        .Bind(4, w.sealed_secret)
        .Bind(5, Secs(w.created_at))
        .Bind(6, w.created_by);
    if (!st.Step()) throw StoreError("insert of a webhook returned no id");
    id = st.Int(0);
  });
  return id;
}

template <class Q, class Conn>
std::vector<WebhookRow> SqlStore<Q, Conn>::ListWebhooks() {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kListWebhooks);
    std::vector<WebhookRow> out;
    while (st.Step()) out.push_back(ReadWebhookRow(st));
    return out;
  });
}

template <class Q, class Conn>
std::optional<WebhookRow> SqlStore<Q, Conn>::FindWebhook(std::int64_t id) {
  return Read([&](Conn& c) -> std::optional<WebhookRow> {
    auto st = c.Prepare(Q::kFindWebhook);
    st.Bind(1, id);
    if (!st.Step()) return std::nullopt;
    return ReadWebhookRow(st);
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::DeactivateWebhook(std::int64_t id) {
  int changed = 0;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kDeactivateWebhook).Bind(1, id).Run();
    changed = c.Changes();
  });
  return changed > 0;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::UpdateWebhook(const WebhookRow& w) {
  int changed = 0;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kUpdateWebhook)
        .Bind(1, w.id)
        .Bind(2, w.url)
        .Bind(3, w.entity)
        .Bind(4, w.events)
        .Bind(5, w.sealed_secret)
        .Bind(6, w.active ? 1 : 0)
        .Run();
    changed = c.Changes();
  });
  return changed > 0;
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::ImportWebhooks(const std::vector<WebhookRow>& rows) {
  writer_->Run([&](Conn& c) {
    for (const auto& w : rows) {
      c.Prepare(Q::kInsertWebhookWithId)
          .Bind(1, w.id)
          .Bind(2, w.url)
          .Bind(3, w.entity)
          .Bind(4, w.events)
          .Bind(5, w.sealed_secret)
          .Bind(6, w.active ? 1 : 0)
          .Bind(7, Secs(w.created_at))
          .Bind(8, w.created_by)
          .Run();
    }
    Q::AfterWebhooksImported(c);
  });
}

template <class Q, class Conn>
std::vector<OutboxRow> SqlStore<Q, Conn>::WebhookDeliveries(std::int64_t id, int limit) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kWebhookDeliveries);
    st.Bind(1, "webhook:" + std::to_string(id)).Bind(2, limit);
    std::vector<OutboxRow> out;
    while (st.Step()) out.push_back(ReadOutboxRow(st));
    return out;
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::ReplayWebhookDelivery(std::int64_t outbox_id, domain::Instant now) {
  int changed = 0;
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kReplayWebhookDelivery).Bind(1, Secs(now)).Bind(2, outbox_id).Run();
    changed = c.Changes();
  });
  return changed > 0;
}

}  // namespace tawasul::store::common
