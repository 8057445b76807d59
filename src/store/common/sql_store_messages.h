#pragma once
// SqlStore's MessageStore operations (store/message_store.h), out of line: the scheduler's rating
// reminder, once per answer, the SMS gateway's delivery reports, and the entities' daily
// digests, once per entity and local date. Included at the end of sql_store.h only.
//
// Both writes run on the group-commit writer and take their decision on the rows as read inside
// that write transaction: the reminder re-checks domain::RateReminderDue on the case row
// (Q::kFindCaseForUpdate) and writes its outbox row only when its key (case, answered_at) is
// new; a report applies domain::StatusAfterReport to the message's status as read there.
// The digest counts the entity's cases as read in its write transaction and writes its key
// (entity, local date) there too, sent or not, so that each day is decided once.

#include "domain/delivery.h"
#include "domain/digest.h"
#include "domain/notifications.h"
#include "store/common/sql_store.h"

namespace tawasul::store::common {

// The rating reminder of `reference` (MessageStore::RemindToRate); returns whether its key was new.
template <class Q, class Conn>
bool RemindToRateTx(Conn& c, const std::string& reference, domain::Instant now,
                    std::chrono::seconds lead) {
  auto current = FindCaseWith(c, Q::kFindCaseForUpdate, reference);
  if (!current || !domain::RateReminderDue(*current, now, lead)) return false;
  c.Prepare(Q::kInsertRateReminder)
      .Bind(1, current->id)
      .Bind(2, Secs(*current->answered_at))
      .Bind(3, Secs(now))
      .Run();
  if (c.Changes() == 0) return false;  // this answer was reminded already
  std::vector<domain::OutboxMessage> messages;
  if (auto m = domain::RateReminderMessage(*current, now)) messages.push_back(std::move(*m));
  InsertOutboxRows<Q>(c, reference, messages, current->draft.entity, current->status, now);
  return true;
}

// A delivery report (MessageStore::RecordDeliveryReport) applied to the SMS it names.
template <class Q, class Conn>
ReportResult RecordDeliveryReportTx(Conn& c, const DeliveryReport& report) {
  std::int64_t id = 0;
  std::string status;
  {
    auto st = c.Prepare(report.outbox_id != 0 ? Q::kFindSmsById : Q::kFindSmsByProviderId);
    if (report.outbox_id != 0) {
      st.Bind(1, report.outbox_id);
    } else {
      st.Bind(1, report.provider_id);
    }
    if (!st.Step()) return ReportResult::kUnknown;
    id = st.Int(0);
    status = st.Text(1);
  }
  auto next = domain::StatusAfterReport(status, report.outcome);
  if (!next) return ReportResult::kNotSent;
  c.Prepare(Q::kApplyDeliveryReport)
      .Bind(1, id)
      .Bind(2, std::string(*next))
      .Bind(3, report.outcome == domain::ReportedOutcome::kFailed
                   ? domain::GatewayFailure(report.reason)
                   : std::string())
      .Bind(4, Secs(report.at))
      .Run();
  return ReportResult::kApplied;
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::RateRemindersDue(domain::Instant now,
                                                             std::chrono::seconds lead, int limit) {
  return Read([&](Conn& c) {
    // Answered in (now - window, now + lead - window]: the window closes within the lead.
    auto st = c.Prepare(Q::kDueRateReminder);
    st.Bind(1, Secs(now + lead - domain::kRatingWindow))
        .Bind(2, Secs(now - domain::kRatingWindow))
        .Bind(3, limit);
    std::vector<std::string> out;
    while (st.Step()) out.push_back(st.Text(0));
    return out;
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::RemindToRate(const std::string& reference, domain::Instant now,
                                     std::chrono::seconds lead, std::function<void(bool)> done) {
  auto wrote = std::make_shared<bool>(false);
  bool queued =
      writer_->Submit([wrote, reference, now,
                       lead](Conn& c) { *wrote = RemindToRateTx<Q>(c, reference, now, lead); },
                      [wrote, done](std::exception_ptr error) { done(!error && *wrote); });
  if (!queued) done(false);
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::RecordDeliveryReport(const DeliveryReport& report,
                                             std::function<void(ReportResult)> done) {
  auto result = std::make_shared<ReportResult>(ReportResult::kFailedWrite);
  bool queued =
      writer_->Submit([result, report](Conn& c) { *result = RecordDeliveryReportTx<Q>(c, report); },
                      [result, done](std::exception_ptr error) {
                        done(error ? ReportResult::kFailedWrite : *result);
                      });
  if (!queued) done(ReportResult::kFailedWrite);
}

// The digest of `entity` for `local_date` (MessageStore::SendDigest); returns whether it wrote a
// message.
template <class Q, class Conn>
bool SendDigestTx(Conn& c, const std::string& entity, const std::string& local_date,
                  const domain::WorkingCalendar& calendar, domain::Instant now) {
  std::vector<domain::DigestCase> cases;
  {
    // Yesterday's local midnight is less than 50 hours back: a cheap lower bound for "new".
    auto st = c.Prepare(Q::kDigestCases);
    st.Bind(1, entity).Bind(2, Secs(now - std::chrono::hours(50)));
    while (st.Step()) {
      domain::DigestCase d;
      d.status = domain::ParseCaseStatus(st.Text(0)).value_or(domain::CaseStatus::kReceived);
      d.submitted_at = FromSecs(st.Int(1));
      d.due_at = FromSecs(st.Int(2));
      cases.push_back(d);
    }
  }
  const auto counts = domain::CountDigest(cases, calendar, now);
  const bool send = domain::DigestWorthSending(counts);
  c.Prepare(Q::kInsertStaffDigest)
      .Bind(1, entity)
      .Bind(2, local_date)
      .Bind(3, Secs(now))
      .Bind(4, send ? 1 : 0)
      .Run();
  if (c.Changes() == 0 || !send) return false;  // done already that day, or nothing to tell
  const std::vector<domain::OutboxMessage> messages = {
      domain::DigestMessage(entity, local_date, counts, now)};
  InsertOutboxRows<Q>(c, "", messages, entity, domain::CaseStatus::kReceived, now);
  return true;
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::DigestEntitiesDue(const std::string& local_date) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kDigestEntities);
    st.Bind(1, local_date);
    std::vector<std::string> out;
    while (st.Step()) out.push_back(st.Text(0));
    return out;
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::SendDigest(const std::string& entity, const std::string& local_date,
                                   const domain::WorkingCalendar& calendar, domain::Instant now,
                                   std::function<void(bool)> done) {
  auto wrote = std::make_shared<bool>(false);
  bool queued = writer_->Submit(
      [wrote, entity, local_date, calendar, now](Conn& c) {
        *wrote = SendDigestTx<Q>(c, entity, local_date, calendar, now);
      },
      [wrote, done](std::exception_ptr error) { done(!error && *wrote); });
  if (!queued) done(false);
}

}  // namespace tawasul::store::common
