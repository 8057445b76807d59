// Row mapping; see case_rows.h. Unknown enum strings (which only a hand-edited database could
// hold) fall back to safe defaults rather than failing a read.

#include "store/sqlite/case_rows.h"

#include "store/sqlite/queries.h"

namespace tawasul::store::sqlite {

namespace {
// Rows written before clocks were stored: the submission with the default targets and the open
// pause, if any (a later cycle's start and an extension's length are not known for them).
domain::CaseClock LegacyClock(const domain::CaseRecord& r) {
  domain::CaseClock c;
  c.start = r.submitted_at;
  auto t = domain::DefaultTargets(r.draft.type);
  c.first_response = {domain::TargetUnit::kWorkingDays, t.first_response_days};
  c.resolution = {domain::TargetUnit::kWorkingDays, t.resolution_days};
  if (r.paused_at) c.pauses.push_back({*r.paused_at, std::nullopt});
  return c;
}
}  // namespace

domain::CaseRecord ReadCaseRow(const Statement& st) {
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
  return r;
}

std::vector<domain::CaseEvent> ReadEvents(Connection& c, std::int64_t case_id) {
  auto st = c.Prepare(q::kCaseEvents);
  st.Bind(1, case_id);
  std::vector<domain::CaseEvent> out;
  while (st.Step()) out.push_back(ReadEventRow(st, 0));
  return out;
}

domain::CaseEvent ReadEventRow(const Statement& st, int c) {
  domain::CaseEvent e;
  e.seq = st.Int(c);
  e.at = FromSecs(st.Int(c + 1));
  e.kind = st.Text(c + 2);
  e.is_public = st.Int(c + 3) != 0;
  e.actor = st.Text(c + 4);
  e.body = st.Text(c + 5);
  e.data = st.Text(c + 6);
  return e;
}

UserRecord ReadUserRow(const Statement& st) {
  UserRecord u{st.Int(0),   st.Text(1), st.Text(2),     st.Text(3),
               st.Text(4),  st.Text(5), st.Int(6) != 0, static_cast<int>(st.Int(7)),
               std::nullopt};
  if (auto v = st.OptInt(8)) u.locked_until = FromSecs(*v);
  return u;
}

void BindCaseColumns(Statement& st, const std::string& reference, const domain::CaseDraft& d,
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

void AppendEvents(Connection& c, std::int64_t case_id, const std::string& reference,
                  std::int64_t seq, std::string& prev,
                  const std::vector<domain::CaseEvent>& events) {
  for (auto e : events) {
    e.seq = ++seq;
    std::string hash = domain::EventHash(prev, reference, e);
    c.Prepare(q::kInsertEvent)
        .Bind(1, case_id)
        .Bind(2, e.seq)
        .Bind(3, Secs(e.at))
        .Bind(4, e.kind)
        .Bind(5, e.is_public ? 1 : 0)
        .Bind(6, e.actor)
        .Bind(7, e.body)
        .BindBlob(8, prev)
        .BindBlob(9, hash)
        .Bind(10, e.data)
        .Run();
    prev = std::move(hash);
  }
}

std::optional<domain::CaseRecord> FindCaseOn(Connection& c, const std::string& reference) {
  auto st = c.Prepare(q::kFindCase);
  st.Bind(1, reference);
  if (!st.Step()) return std::nullopt;
  return ReadCaseRow(st);
}

}  // namespace tawasul::store::sqlite
