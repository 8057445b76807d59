#pragma once
// SqlStore's satisfaction surveys (store/survey_store.h), once for both backends. Included at the
// end of sql_store.h only. The token row of a closing is written by ChangeCaseTx
// (common/case_ops.h, WriteSurveyTokenTx below), in the transaction of the closing itself.

#include "store/common/sql_store.h"

namespace tawasul::store::common {

namespace survey_detail {

template <class St>
std::optional<domain::Questionnaire> QuestionnaireOf(St& st) {
  domain::SurveyProblem problem;
  auto q = domain::QuestionnaireFromJson(st.Text(0), problem);
  if (q) q->version = static_cast<int>(st.Int(1));
  return q;  // a definition that no longer parses is skipped (it was checked when saved)
}

}  // namespace survey_detail

template <class Q, class Conn>
std::vector<domain::Questionnaire> SqlStore<Q, Conn>::LatestQuestionnaires() {
  return Read([](Conn& c) {
    std::vector<domain::Questionnaire> out;
    auto st = c.Prepare(Q::kLatestQuestionnaires);
    while (st.Step()) {
      if (auto q = survey_detail::QuestionnaireOf(st)) out.push_back(std::move(*q));
    }
    return out;
  });
}

template <class Q, class Conn>
std::optional<domain::Questionnaire> SqlStore<Q, Conn>::LatestQuestionnaire(
    const std::string& code) {
  return Read([&](Conn& c) -> std::optional<domain::Questionnaire> {
    auto st = c.Prepare(Q::kLatestQuestionnaire);
    st.Bind(1, code);
    if (!st.Step()) return std::nullopt;
    return survey_detail::QuestionnaireOf(st);
  });
}

template <class Q, class Conn>
int SqlStore<Q, Conn>::SaveQuestionnaire(const domain::Questionnaire& q) {
  int version = 0;
  writer_->Run([&](Conn& c) {
    auto st = c.Prepare(Q::kNextQuestionnaireVersion);
    st.Bind(1, q.code);
    st.Step();
    version = static_cast<int>(st.Int(0));
    domain::Questionnaire saved = q;
    saved.version = version;
    c.Prepare(Q::kInsertQuestionnaire)
        .Bind(1, q.code)
        .Bind(2, static_cast<std::int64_t>(version))
        .Bind(3, domain::QuestionnaireToJson(saved))
        .Run();
  });
  return version;
}

template <class Q, class Conn>
std::optional<SurveyTokenRow> SqlStore<Q, Conn>::FindSurveyToken(const std::string& token_hash) {
  return Read([&](Conn& c) -> std::optional<SurveyTokenRow> {
    auto st = c.Prepare(Q::kFindSurveyToken);
    st.Bind(1, token_hash);
    if (!st.Step()) return std::nullopt;
    return SurveyTokenRow{st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4) != 0};
  });
}

template <class Q, class Conn>
SurveyAnswerOutcome SqlStore<Q, Conn>::AnswerSurvey(const std::string& token_hash,
                                                    const domain::Questionnaire& q,
                                                    const domain::SurveyAnswers& answers,
                                                    std::int64_t now) {
  auto outcome = SurveyAnswerOutcome::kUnknownLink;
  writer_->Run([&](Conn& c) {
    SurveyTokenRow row;
    {
      auto st = c.Prepare(Q::kFindSurveyTokenForUpdate);
      st.Bind(1, token_hash);
      if (!st.Step()) {
        outcome = SurveyAnswerOutcome::kUnknownLink;
        return;
      }
      row = SurveyTokenRow{st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4) != 0};
    }
    if (row.used) {
      outcome = SurveyAnswerOutcome::kAlreadyAnswered;
      return;
    }
    if (row.expires_at <= now) {
      outcome = SurveyAnswerOutcome::kExpired;
      return;
    }
    std::int64_t count = 0;
    {
      auto st = c.Prepare(Q::kCountSurveyResponses);
      st.Bind(1, q.code);
      if (st.Step()) count = st.Int(0);
    }
    if (domain::Availability(q, now, count) != domain::SurveyAvailability::kOpen) {
      outcome = SurveyAnswerOutcome::kQuotaReached;
      return;
    }
    c.Prepare(Q::kInsertSurveyResponse)
        .Bind(1, domain::NewSurveyToken())  // a random key: no order, no link
        .Bind(2, q.code)
        .Bind(3, static_cast<std::int64_t>(q.version))
        .Bind(4, row.entity)
        .Bind(5, row.category)
        .Bind(6, row.month)
        .Bind(7, domain::AnswersToJson(answers))
        .Run();
    c.Prepare(Q::kBurnSurveyToken).Bind(1, token_hash).Run();
    outcome = SurveyAnswerOutcome::kStored;
  });
  return outcome;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::SurveyPending(std::int64_t case_id, std::int64_t now) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kSurveyPending);
    st.Bind(1, case_id).Bind(2, now);
    return st.Step();
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::RenewSurveyToken(std::int64_t case_id, const std::string& token_hash,
                                         std::int64_t now) {
  bool renewed = false;
  writer_->Run([&](Conn& c) {
    renewed = false;
    {
      auto st = c.Prepare(Q::kSurveyPending);
      st.Bind(1, case_id).Bind(2, now);
      if (!st.Step()) return;
    }
    c.Prepare(Q::kRenewSurveyToken).Bind(1, case_id).Bind(2, token_hash).Bind(3, now).Run();
    renewed = true;
  });
  return renewed;
}

template <class Q, class Conn>
std::vector<domain::SurveyResponseRow> SqlStore<Q, Conn>::SurveyResponses(const std::string& code) {
  return Read([&](Conn& c) {
    std::vector<domain::SurveyResponseRow> out;
    auto st = c.Prepare(Q::kSurveyResponses);
    st.Bind(1, code);
    while (st.Step()) {
      auto answers = domain::AnswersFromJson(st.Text(3));
      out.push_back({st.Text(0), st.Text(1), st.Text(2),
                     answers ? std::move(*answers) : domain::SurveyAnswers{}});
    }
    return out;
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::AddSurveyResponses(const std::string& code, int version,
                                           const std::vector<domain::SurveyResponseRow>& rows) {
  writer_->Run([&](Conn& c) {
    for (const auto& r : rows) {
      c.Prepare(Q::kInsertSurveyResponse)
          .Bind(1, domain::NewSurveyToken())
          .Bind(2, code)
          .Bind(3, static_cast<std::int64_t>(version))
          .Bind(4, r.entity)
          .Bind(5, r.category)
          .Bind(6, r.month)
          .Bind(7, domain::AnswersToJson(r.answers))
          .Run();
    }
  });
}

}  // namespace tawasul::store::common
