#pragma once
// Row mapping shared by both stores: cases, events and users to domain types, and the
// operations on one case's rows that are the same SQL shape on SQLite and PostgreSQL.
//
// Every function is a template over the backend's statement or connection type, which offer the
// same small interface (store/sqlite/db.h, store/postgres/db.h):
//   Statement: Bind(i, int64|int|double|string_view), BindBlob, BindNull, Step, Run,
//              Int, Double, Text, Blob, IsNull, OptInt (columns from 0, parameters from 1)
//   Connection: Prepare(const char* sql) -> Statement (cached by the constant's address)
// and over `Q`, a struct naming the backend's SQL (store/sqlite/queries.h, store/postgres/
// queries.h). Column orders are those of Q::kFindCase, Q::kCaseEvents and Q::kFindUser; change
// them together. Unknown enum strings (which only a hand-edited database could hold) fall back
// to safe defaults rather than failing a read.

#include <sodium.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/figures.h"
#include "domain/reference.h"
#include "domain/submission_digest.h"
#include "domain/webhooks.h"
#include "store/message_store.h"
#include "store/store.h"
#include "store/webhook_store.h"

namespace tawasul::store::common {

inline std::int64_t Secs(domain::Instant t) { return t.time_since_epoch().count(); }
inline domain::Instant FromSecs(std::int64_t s) { return domain::Instant(std::chrono::seconds(s)); }

template <class St>
void BindOptTime(St& st, int i, const std::optional<domain::Instant>& t) {
  if (t) {
    st.Bind(i, Secs(*t));
  } else {
    st.BindNull(i);
  }
}

// The `sequences` row that numbers the references of year YY: "case:YY".
inline std::string CaseSequenceKey(int year2) {
  return std::string("case:") + (year2 < 10 ? "0" : "") + std::to_string(year2);
}

// Rows written before clocks were stored: the submission with the default targets and the open
// pause, if any (a later cycle's start and an extension's length are not known for them).
inline domain::CaseClock LegacyClock(const domain::CaseRecord& r) {
  domain::CaseClock c;
  c.start = r.submitted_at;
  auto t = domain::DefaultTargets(r.draft.type);
  c.first_response = {domain::TargetUnit::kWorkingDays, t.first_response_days};
  c.resolution = {domain::TargetUnit::kWorkingDays, t.resolution_days};
  if (r.paused_at) c.pauses.push_back({*r.paused_at, std::nullopt});
  return c;
}

// A Q::kFindCase row.
template <class St>
domain::CaseRecord ReadCaseRow(const St& st) {
  domain::CaseRecord r;
  r.id = st.Int(0);
  r.reference = st.Text(1);
  r.draft.type = domain::ParseCaseType(st.Text(2)).value_or(domain::CaseType::kComplaint);
  r.status = domain::ParseCaseStatus(st.Text(3)).value_or(domain::CaseStatus::kReceived);
  r.draft.entity = st.Text(4);
  r.draft.category = st.Text(5);
  r.draft.service = st.Text(6);
  r.draft.channel = domain::ParseChannel(st.Text(7)).value_or(domain::Channel::kWeb);
  r.draft.language = domain::ParseLanguage(st.Text(8)).value_or(domain::Language::kArabic);
  r.draft.subject = st.Text(9);
  r.draft.description = st.Text(10);
  r.draft.contact_name = st.Text(11);
  r.draft.contact_email = st.Text(12);
  r.draft.contact_phone = st.Text(13);
  r.draft.anonymous = st.Int(14) != 0;
  if (!st.IsNull(15))
    r.draft.location = domain::Location{st.Double(15), st.Double(16), st.Text(17)};
  r.access_hash = st.Blob(18);
  r.access_salt = st.Blob(19);
  r.submitted_at = FromSecs(st.Int(20));
  r.first_response_due_at = FromSecs(st.Int(21));
  r.due_at = FromSecs(st.Int(22));
  if (auto v = st.OptInt(23)) r.first_response_at = FromSecs(*v);
  if (auto v = st.OptInt(24)) r.answered_at = FromSecs(*v);
  if (auto v = st.OptInt(25)) r.closed_at = FromSecs(*v);
  r.assignee_id = st.Int(26);
  r.cycle = static_cast<int>(st.Int(27));
  r.extended_this_cycle = st.Int(28) != 0;
  r.rated_this_answer = st.Int(29) != 0;
  r.reopen_count = static_cast<int>(st.Int(30));
  if (auto v = st.OptInt(31)) r.rating = static_cast<int>(*v);
  if (auto v = st.OptInt(32)) r.paused_at = FromSecs(*v);
  r.merged_into = st.Text(33);
  r.first_response_breached = st.Int(34) != 0;
  r.resolution_breached = st.Int(35) != 0;
  r.clock = domain::DecodeClock(st.Text(36)).value_or(LegacyClock(r));
  if (auto v = st.OptInt(37)) r.warn_at = FromSecs(*v);
  r.warned = st.Int(38) != 0;
  r.escalated = st.Int(39) != 0;
  r.draft.notify = domain::ParseNotifyChoice(st.Text(40)).value_or(domain::NotifyChoice::kAuto);
  return r;
}

// One event from columns seq, at, kind, public, actor, body, data starting at `c`.
template <class St>
domain::CaseEvent ReadEventRow(const St& st, int c) {
  domain::CaseEvent e;
  e.seq = st.Int(c);
  e.at = FromSecs(st.Int(c + 1));
  domain::SetKindName(e, st.Text(c + 2));
  e.is_public = st.Int(c + 3) != 0;
  e.actor = st.Text(c + 4);
  e.body = st.Text(c + 5);
  e.data = st.Text(c + 6);
  return e;
}

// A Q::kFindUser / kFindUserById / kSessionUser row.
template <class St>
UserRecord ReadUserRow(const St& st) {
  UserRecord u{st.Int(0),      st.Text(1),
               st.Text(2),     domain::ParseStaffRole(st.Text(3)).value_or(domain::Role::kAuditor),
               st.Text(4),     st.Text(5),
               st.Int(6) != 0, static_cast<int>(st.Int(7)),
               std::nullopt};
  if (auto v = st.OptInt(8)) u.locked_until = FromSecs(*v);
  return u;
}

// Binds parameters 1..22 shared by Q::kInsertCase and Q::kInsertFullCase: reference, the
// draft's fields, status, access hash and salt, submission and due times.
template <class St>
void BindCaseColumns(St& st, const std::string& reference, const domain::CaseDraft& d,
                     domain::CaseStatus status, const std::string& access_hash,
                     const std::string& access_salt, domain::Instant submitted_at,
                     domain::Instant first_response_due_at, domain::Instant due_at) {
  st.Bind(1, reference)
      .Bind(2, domain::ToString(d.type))
      .Bind(3, domain::ToString(status))
      .Bind(4, d.entity)
      .Bind(5, d.category)
      .Bind(6, d.service)
      .Bind(7, domain::ToString(d.channel))
      .Bind(8, domain::LanguageCode(d.language))
      .Bind(9, d.subject)
      .Bind(10, d.description)
      .Bind(11, d.contact_name)
      .Bind(12, d.contact_email)
      .Bind(13, d.contact_phone)
      .Bind(14, d.anonymous ? 1 : 0);
  if (d.location) {
    st.Bind(15, d.location->lat).Bind(16, d.location->lon).Bind(17, d.location->address);
  } else {
    st.BindNull(15).BindNull(16).BindNull(17);
  }
  st.BindBlob(18, access_hash)
      .BindBlob(19, access_salt)
      .Bind(20, Secs(submitted_at))
      .Bind(21, Secs(first_response_due_at))
      .Bind(22, Secs(due_at));
}

// Writes `messages` about case `reference` to the outbox (queued, due at once), then the
// webhooks' deliveries: for each kind the change announces (domain::AnnouncedKinds: the
// messages' kinds and `unsent`), one INSERT ... SELECT writes a row per subscribed webhook of
// `entity` or national, whose body (domain::WebhookBody) names the case's `status` after the
// change. The `transferred` kind also goes to the webhooks of `left_entity`, the entity a
// transfer took the case from (its later events do not). A kind is timed by its first message,
// else by `at`. Most systems have no webhook: one look at the small webhooks table (in the same
// transaction, so never stale) skips the rest. (The INSERT ... SELECT alone, run with no webhook
// to find, cost ~12% of the submission rate.)
template <class Q, class Conn>
void InsertOutboxRows(Conn& c, const std::string& reference,
                      const std::vector<domain::OutboxMessage>& messages, const std::string& entity,
                      domain::CaseStatus status, domain::Instant at,
                      const std::vector<std::string>& unsent = {},
                      const std::string& left_entity = "") {
  for (const auto& m : messages) {
    c.Prepare(Q::kInsertOutbox)
        .Bind(1, Secs(m.created_at))
        .Bind(2, m.kind)
        .Bind(3, m.recipient)
        .Bind(4, reference)
        .Bind(5, m.payload)
        .Bind(6, domain::ToString(m.channel))
        .Bind(7, domain::LanguageCode(m.language))
        .Bind(8, m.masked)
        .Bind(9, m.essential ? 1 : 0)
        .Bind(10, m.secret)
        .Run();
  }
  const auto kinds = domain::AnnouncedKinds(messages, unsent);
  if (kinds.empty() || !c.Prepare(Q::kAnyActiveWebhook).Step()) return;
  for (const auto& kind : kinds) {
    domain::Instant when = at;
    for (const auto& m : messages) {
      if (m.kind == kind) {
        when = m.created_at;
        break;
      }
    }
    c.Prepare(Q::kInsertWebhookOutbox)
        .Bind(1, Secs(when))
        .Bind(2, kind)
        .Bind(3, reference)
        .Bind(4, domain::WebhookBody(kind, reference, entity, status, when))
        .Bind(5, entity)
        .Bind(6, kind == "transferred" && !left_entity.empty() ? left_entity : entity)
        .Run();
  }
}

// A Q::kListWebhooks / kFindWebhook row.
template <class St>
WebhookRow ReadWebhookRow(const St& st) {
  WebhookRow w;
  w.id = st.Int(0);
  w.url = st.Text(1);
  w.entity = st.Text(2);
  w.events = st.Text(3);
  w.sealed_secret = st.Text(4);
  w.active = st.Int(5) != 0;
  w.created_at = FromSecs(st.Int(6));
  w.created_by = st.Int(7);
  return w;
}

// A Q::kClaimOutbox / kListOutbox row.
template <class St>
OutboxRow ReadOutboxRow(const St& st) {
  OutboxRow r;
  r.id = st.Int(0);
  r.created_at = FromSecs(st.Int(1));
  r.kind = st.Text(2);
  r.recipient = st.Text(3);
  r.reference = st.Text(4);
  r.payload = st.Text(5);
  r.channel = domain::ParseMessageChannel(st.Text(6)).value_or(domain::MessageChannel::kEmail);
  r.language = domain::ParseLanguage(st.Text(7)).value_or(domain::Language::kArabic);
  r.masked = st.Text(8);
  r.essential = st.Int(9) != 0;
  r.attempts = static_cast<int>(st.Int(10));
  r.secret = st.Text(11);
  r.status = st.Text(12);
  r.next_attempt_at = FromSecs(st.Int(13));
  r.last_error = st.Text(14);
  if (auto v = st.OptInt(15)) r.sent_at = FromSecs(*v);
  r.provider_id = st.Text(16);
  r.updated_at = FromSecs(st.Int(17));
  return r;
}

// Every row of a message-template statement (columns of TAWASUL_MSG_TEMPLATE_COLUMNS).
template <class St>
std::vector<MessageTemplateRow> ReadMessageTemplates(St& st) {
  std::vector<MessageTemplateRow> out;
  while (st.Step()) {
    MessageTemplateRow r;
    r.id = st.Int(0);
    r.kind = st.Text(1);
    r.channel = st.Text(2);
    r.language = st.Text(3);
    r.version = static_cast<int>(st.Int(4));
    r.subject = st.Text(5);
    r.body = st.Text(6);
    r.created_at = FromSecs(st.Int(7));
    r.created_by = st.Text(8);
    out.push_back(std::move(r));
  }
  return out;
}

// A case's events in order (Q::kCaseEvents).
template <class Q, class Conn>
std::vector<domain::CaseEvent> ReadEvents(Conn& c, std::int64_t case_id) {
  auto st = c.Prepare(Q::kCaseEvents);
  st.Bind(1, case_id);
  std::vector<domain::CaseEvent> out;
  while (st.Step()) out.push_back(ReadEventRow(st, 0));
  return out;
}

// Appends `events` to case `case_id` (Q::kInsertEvent), numbering them from `seq` + 1 and
// chaining each to the previous hash (`prev`, updated; 32 zero bytes before the first event).
template <class Q, class Conn>
void AppendEvents(Conn& c, std::int64_t case_id, const std::string& reference, std::int64_t seq,
                  std::string& prev, const std::vector<domain::CaseEvent>& events) {
  auto bind = [&](auto& st, int base, domain::CaseEvent e) {
    e.seq = ++seq;
    std::string hash = domain::EventHash(prev, reference, e);
    st.Bind(base + 1, case_id)
        .Bind(base + 2, e.seq)
        .Bind(base + 3, Secs(e.at))
        .Bind(base + 4, domain::KindName(e))
        .Bind(base + 5, e.is_public ? 1 : 0)
        .Bind(base + 6, e.actor)
        .Bind(base + 7, e.body)
        .BindBlob(base + 8, prev)
        .BindBlob(base + 9, hash)
        .Bind(base + 10, e.data);
    prev = std::move(hash);
  };
  if constexpr (requires { Q::kMaxEventRows; }) {
    // Several rows a statement (a round trip each on PostgreSQL).
    for (std::size_t i = 0; i < events.size();) {
      const std::size_t n = std::min(events.size() - i, Q::kMaxEventRows);
      auto st = c.Prepare(Q::InsertEventsSql(n));
      for (std::size_t k = 0; k < n; ++k) {
        bind(st, static_cast<int>(k * Q::kEventColumns), events[i + k]);
      }
      st.Run();
      i += n;
    }
  } else {
    for (const auto& e : events) {
      auto st = c.Prepare(Q::kInsertEvent);
      bind(st, 0, e);
      st.Run();
    }
  }
}

// Looks a case up with `sql` (Q::kFindCase, or Q::kFindCaseForUpdate inside a write).
template <class Conn>
std::optional<domain::CaseRecord> FindCaseWith(Conn& c, const char* sql,
                                               const std::string& reference) {
  auto st = c.Prepare(sql);
  st.Bind(1, reference);
  if (!st.Step()) return std::nullopt;
  return ReadCaseRow(st);
}

// The next `batch` cases with an id above `after`, in id order (the whole-history readers walk
// every case this way: the audit and ForEachCaseOn).
template <class Q, class Conn>
std::vector<domain::CaseRecord> CasesAfter(Conn& c, std::int64_t after, int batch) {
  std::vector<domain::CaseRecord> cases;
  auto st = c.Prepare(Q::kAllCases);
  st.Bind(1, after).Bind(2, batch);
  while (st.Step()) cases.push_back(ReadCaseRow(st));
  return cases;
}

// What InsertNewCase writes that does not depend on its transaction: the "received" event (its
// data: routing, figure facts, the submission digest and the recorded state) and the submission's
// salts. Built on the submitting thread before the case reaches the writer, so the one writer
// thread (the ceiling of intake) only binds and steps; a retried transaction reuses it, since
// nothing of it was committed.
struct PreparedCase {
  domain::CaseEvent received;
  std::string salts;  // domain::EncodeSalts
};

inline PreparedCase PrepareNewCase(const NewCase& nc) {
  PreparedCase p;
  domain::CaseEvent& ev = p.received;
  ev.seq = 1;
  ev.at = nc.submitted_at;
  ev.kind = domain::EventKind::kReceived;
  ev.is_public = true;
  ev.actor = nc.entered_by ? "user:" + std::to_string(nc.entered_by) : "system";
  if (nc.routed_confidence) {
    ev.data =
        "{\"routed_by\":\"model\",\"confidence\":" + std::to_string(*nc.routed_confidence) + "}";
  }
  {
    domain::CaseRecord shape;
    shape.draft.entity = nc.draft.entity;
    shape.draft.category = nc.draft.category;
    domain::RecordReceivedFacts(shape, ev);
  }
  // The chain commits to the submission (docs/audit.md): one random salt per field, kept beside
  // the case so that erasing a field can remove its salt with it. One call fills them all.
  std::vector<std::string> files;
  for (const auto& a : nc.attachments) files.emplace_back(a.sha256);
  auto values = domain::SubmissionValues(nc.draft, files);
  std::string random(values.size() * domain::kSubmissionSaltBytes, '\0');
  randombytes_buf(random.data(), random.size());
  std::map<std::string, std::string> salts;
  std::size_t at = 0;
  for (const auto& entry : values) {
    salts[entry.first] = random.substr(at, domain::kSubmissionSaltBytes);
    at += domain::kSubmissionSaltBytes;
  }
  domain::RecordSubmission(values, salts, nc.status, ev);
  p.salts = domain::EncodeSalts(salts);
  return p;
}

// Inserts a new case and its "received" event inside the writer's transaction; the reference
// comes from the store's sequence for its year. `prepared` is PrepareNewCase(nc). Returns
// (id, reference).
template <class Q, class Conn>
std::pair<std::int64_t, std::string> InsertNewCase(Conn& c, const NewCase& nc,
                                                   const PreparedCase& prepared) {
  std::int64_t seq;
  {
    auto st = c.Prepare(Q::kNextSequence);
    st.Bind(1, CaseSequenceKey(nc.year2));
    if (!st.Step()) throw StoreError("sequence did not return a value");
    seq = st.Int(0);
  }
  std::string reference =
      domain::FormatReference(domain::Reference{nc.year2, static_cast<std::uint64_t>(seq)});
  std::int64_t id;
  {
    auto st = c.Prepare(Q::kInsertCase);
    BindCaseColumns(st, reference, nc.draft, nc.status, nc.access_hash, nc.access_salt,
                    nc.submitted_at, nc.first_response_due_at, nc.due_at);
    st.Bind(23, domain::EncodeClock(nc.clock));
    BindOptTime(st, 24, nc.warn_at);
    st.Bind(25, domain::ToString(nc.draft.notify));
    if (!st.Step()) throw StoreError("insert of a case returned no id");
    id = st.Int(0);
  }
  // Submitted by a signed-in citizen: theirs in the same transaction (store/account_store.h).
  if (nc.owner_id != 0) c.Prepare(Q::kSetCaseOwner).Bind(1, reference).Bind(2, nc.owner_id).Run();
  c.Prepare(Q::kInsertSalts).Bind(1, id).Bind(2, prepared.salts).Run();
  Q::IndexCase(c, id, reference, nc.draft.subject, nc.draft.description);
  std::string prev(32, '\0');
  AppendEvents<Q>(c, id, reference, 0, prev, {prepared.received});
  // A new case is always announced as received, whether or not its citizen can be told.
  InsertOutboxRows<Q>(c, reference, nc.outbox, nc.draft.entity, nc.status, nc.submitted_at,
                      {"received"});
  for (const auto& a : nc.attachments) {
    auto st = c.Prepare(Q::kInsertAttachment);
    st.Bind(1, id)
        .Bind(2, std::string_view(a.file_name))
        .Bind(3, std::string_view(a.media_type))
        .Bind(4, a.size)
        .Bind(5, std::string_view(a.sha256))
        .Bind(6, Secs(nc.submitted_at));
    st.Run();
  }
  // Its Idempotency-Key (store/idempotency_store.h): stored if and only if the case is.
  if (!nc.idempotency_key_hash.empty()) {
    c.Prepare(Q::kInsertIdempotencyKey)
        .BindBlob(1, nc.idempotency_key_hash)
        .BindBlob(2, nc.idempotency_body_hash)
        .Bind(3, id)
        .BindBlob(4, nc.idempotency_response)
        .Bind(5, Secs(nc.submitted_at))
        .Run();
  }
  return {id, reference};
}

// The same, preparing the case inside the transaction (imports, where the writer runs on the
// importing thread anyway).
template <class Q, class Conn>
std::pair<std::int64_t, std::string> InsertNewCase(Conn& c, const NewCase& nc) {
  return InsertNewCase<Q>(c, nc, PrepareNewCase(nc));
}

// Inserts one whole case (row and hash-chained events) unless its reference exists; returns
// whether it was inserted.
template <class Q, class Conn>
bool InsertFullCase(Conn& c, const FullCase& fc) {
  const auto& r = fc.record;
  std::int64_t id = 0;
  {
    auto st = c.Prepare(Q::kInsertFullCase);
    BindCaseColumns(st, r.reference, r.draft, r.status, r.access_hash, r.access_salt,
                    r.submitted_at, r.first_response_due_at, r.due_at);
    st.Bind(23, domain::EncodeClock(r.clock));
    BindOptTime(st, 24, r.first_response_at);
    BindOptTime(st, 25, r.answered_at);
    BindOptTime(st, 26, r.closed_at);
    st.Bind(27, r.cycle)
        .Bind(28, r.extended_this_cycle ? 1 : 0)
        .Bind(29, r.rated_this_answer ? 1 : 0)
        .Bind(30, r.reopen_count);
    if (r.rating) {
      st.Bind(31, *r.rating);
    } else {
      st.BindNull(31);
    }
    BindOptTime(st, 32, r.paused_at);
    st.Bind(33, r.merged_into)
        .Bind(34, r.first_response_breached ? 1 : 0)
        .Bind(35, r.resolution_breached ? 1 : 0);
    BindOptTime(st, 36, r.warn_at);
    st.Bind(37, r.warned ? 1 : 0).Bind(38, r.escalated ? 1 : 0).Bind(39, r.assignee_id);
    if constexpr (requires { Q::kIndexOnInsert; }) {
      Q::BindSearchColumns(st, 40, r.reference, r.draft.subject, r.draft.description);
    }
    st.Bind(Q::kFullCaseNotifyParam, domain::ToString(r.draft.notify));
    if (!st.Step()) return false;  // ON CONFLICT DO NOTHING: no id returned
    id = st.Int(0);
  }
  if constexpr (!requires { Q::kIndexOnInsert; }) {
    Q::IndexCase(c, id, r.reference, r.draft.subject, r.draft.description);
  }
  if (!r.submission_salts.empty()) {
    c.Prepare(Q::kInsertSalts).Bind(1, id).Bind(2, r.submission_salts).Run();
  }
  std::string prev(32, '\0');
  AppendEvents<Q>(c, id, r.reference, 0, prev, fc.events);
  return true;
}

}  // namespace tawasul::store::common

namespace tawasul::store::common {

// Every user, by id (Q::kAllUsers).
template <class Q, class Conn>
std::vector<UserRecord> ListUsersOn(Conn& c) {
  auto st = c.Prepare(Q::kAllUsers);
  std::vector<UserRecord> out;
  while (st.Step()) out.push_back(ReadUserRow(st));
  return out;
}

// Inserts users keeping their ids (Q::kInsertUserWithId), inside the writer's transaction.
template <class Q, class Conn>
void InsertUsersOn(Conn& c, const std::vector<UserRecord>& users, domain::Instant now) {
  for (const auto& u : users) {
    auto st = c.Prepare(Q::kInsertUserWithId);
    st.Bind(1, u.id)
        .Bind(2, u.email)
        .Bind(3, u.password_hash)
        .Bind(4, domain::ToString(u.role))
        .Bind(5, u.entity)
        .Bind(6, u.name)
        .Bind(7, Secs(now))
        .Bind(8, u.active ? 1 : 0)
        .Bind(9, u.failed_logins);
    BindOptTime(st, 10, u.locked_until);
    st.Run();
  }
}

}  // namespace tawasul::store::common
