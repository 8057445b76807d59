// The survey after each case (survey_results.h): its questionnaire, its token and its figures.

#include "domain/survey_results.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>
#include <tuple>

#include "domain/checkpoint.h"
#include "domain/time.h"

namespace tawasul::domain {

namespace {

constexpr std::size_t kTokenBytes = 32;

SurveyOption Opt(std::string v, std::string ar, std::string en) {
  return {std::move(v), std::move(ar), std::move(en)};
}

// Running sums of one group.
struct Sums {
  std::int64_t responses = 0;
  std::int64_t sat_sum = 0, sat_n = 0;
  std::int64_t promoters = 0, detractors = 0, nps_n = 0;
  std::int64_t on_time_yes = 0, on_time_n = 0;

  void Add(const SurveyAnswers& a) {
    ++responses;
    auto one = [&a](const char* id) -> const std::string* {
      auto it = a.find(id);
      return it == a.end() || it->second.size() != 1 ? nullptr : &it->second[0];
    };
    if (const auto* s = one("satisfaction");
        s && s->size() == 1 && (*s)[0] >= '1' && (*s)[0] <= '5') {
      sat_sum += (*s)[0] - '0';
      ++sat_n;
    }
    if (const auto* n = one("nps")) {
      try {
        int v = std::stoi(*n);
        if (v >= 0 && v <= 10) {
          ++nps_n;
          if (v >= 9) ++promoters;
          if (v <= 6) ++detractors;
        }
      } catch (const std::exception&) {
        // A malformed stored answer is not counted (the engine never stores one).
      }
    }
    if (const auto* t = one("on_time"); t && (*t == "yes" || *t == "no")) {
      ++on_time_n;
      if (*t == "yes") ++on_time_yes;
    }
  }

  SurveyFigures Figures(std::string entity, std::string category) const {
    SurveyFigures f;
    f.entity = std::move(entity);
    f.category = std::move(category);
    f.responses = responses;
    f.shown = responses >= kMinSurveyGroup;
    if (!f.shown) return f;  // suppressed: only the count of a small group is known
    f.satisfaction_answers = sat_n;
    f.nps_answers = nps_n;
    f.on_time_answers = on_time_n;
    if (sat_n > 0) f.mean_satisfaction = static_cast<double>(sat_sum) / static_cast<double>(sat_n);
    if (nps_n > 0) {
      f.nps = 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(nps_n);
    }
    if (on_time_n > 0) {
      f.on_time_share = static_cast<double>(on_time_yes) / static_cast<double>(on_time_n);
    }
    return f;
  }
};

}  // namespace

Questionnaire DefaultAfterCaseQuestionnaire() {
  Questionnaire q;
  q.code = std::string(kAfterCaseSurvey);
  q.version = 1;
  q.title_ar = "استبيان الرضا عن معالجة ملاحظتك";
  q.title_en = "How did we handle your case?";
  Question sat{"satisfaction",
               QuestionKind::kScale,
               "ما مدى رضاك عن معالجة ملاحظتك؟",
               "How satisfied are you with how your case was handled?",
               true,
               {},
               {},
               {}};
  Question on_time{"on_time",
                   QuestionKind::kSingle,
                   "هل عولجت ملاحظتك في الموعد المتوقع للرد؟",
                   "Was your case handled in the time promised?",
                   true,
                   {Opt("yes", "نعم", "Yes"), Opt("no", "لا", "No")},
                   {},
                   {}};
  Question nps{"nps",
               QuestionKind::kNps,
               "ما مدى احتمال أن توصي غيرك باستخدام تواصل؟ (0 إلى 10)",
               "How likely are you to recommend Tawasul to others? (0 to 10)",
               false,
               {},
               {},
               {}};
  Question improve{"improve",
                   QuestionKind::kShortText,
                   "ما الذي كان ينبغي أن يكون أفضل؟",
                   "What should have been better?",
                   false,
                   {},
                   {},
                   ShowIf{"satisfaction", {"1", "2"}}};
  Question comment{"comment",
                   QuestionKind::kLongText,
                   "هل لديك ملاحظات أخرى؟",
                   "Anything else you want to tell us?",
                   false,
                   {},
                   {},
                   {}};
  q.questions = {sat, on_time, nps, improve, comment};
  return q;
}

std::string NewSurveyToken() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::string raw(kTokenBytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return ToHex(raw);
}

std::string SurveyTokenHash(std::string_view token) {
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

bool WellFormedSurveyToken(std::string_view token) {
  return token.size() == 2 * kTokenBytes && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::vector<SurveyFigures> SurveyFiguresOf(const std::vector<SurveyResponseRow>& rows) {
  std::map<std::string, Sums> by_entity;
  std::map<std::pair<std::string, std::string>, Sums> by_category;
  for (const auto& r : rows) {
    by_entity[r.entity].Add(r.answers);
    by_category[{r.entity, r.category}].Add(r.answers);
  }
  std::vector<SurveyFigures> out;
  for (const auto& [e, s] : by_entity) out.push_back(s.Figures(e, ""));
  for (const auto& [k, s] : by_category) {
    if (k.second.empty()) continue;  // a case without a category is counted in its entity only
    out.push_back(s.Figures(k.first, k.second));
  }
  return out;
}

std::string SurveyMonth(std::int64_t unix_seconds) {
  using namespace std::chrono;
  year_month_day d{floor<days>(sys_seconds{seconds{unix_seconds}})};
  return FormatDate(d).substr(0, 7);
}

}  // namespace tawasul::domain
