// The questionnaire engine (domain/survey.h) and the survey after each case's figures
// (domain/survey_results.h): every question kind valid and invalid, conditions, windows, quotas,
// small-group suppression.

#include <gtest/gtest.h>

#include "domain/message_templates.h"
#include "domain/survey.h"
#include "domain/survey_results.h"

namespace tawasul::domain {
namespace {

Questionnaire AllKinds() {
  Questionnaire q;
  q.code = "all_kinds";
  q.title_ar = "كل الأنواع";
  q.title_en = "All kinds";
  auto opt = [](std::string v) { return SurveyOption{v, v + "_ar", v + "_en"}; };
  q.questions = {
      {"single", QuestionKind::kSingle, "س", "S", true, {opt("a"), opt("b")}, {}, {}},
      {"multi", QuestionKind::kMultiple, "م", "M", false, {opt("x"), opt("y"), opt("z")}, {}, {}},
      {"scale", QuestionKind::kScale, "ق", "Scale", true, {}, {}, {}},
      {"nps", QuestionKind::kNps, "ت", "NPS", false, {}, {}, {}},
      {"short", QuestionKind::kShortText, "ن", "Short", false, {}, {}, {}},
      {"long", QuestionKind::kLongText, "ط", "Long", false, {}, {}, {}},
      {"grid", QuestionKind::kMatrix, "ج", "Grid", true, {}, {opt("speed"), opt("courtesy")}, {}},
      {"why", QuestionKind::kShortText, "ل", "Why", true, {}, {}, ShowIf{"single", {"b"}}},
  };
  return q;
}

SurveyAnswers Valid() {
  return {{"single", {"a"}}, {"scale", {"4"}}, {"grid.speed", {"5"}}, {"grid.courtesy", {"3"}}};
}

// The problem CleanResponse reports for `answers` ("" when accepted).
std::string ProblemOf(const SurveyAnswers& answers, std::string* question = nullptr) {
  SurveyProblem p;
  auto q = AllKinds();
  if (CleanResponse(q, answers, p)) return "";
  if (question) *question = p.question;
  return p.code;
}

TEST(SurveyTest, AllKindsDefinitionIsValidAndRoundTripsThroughJson) {
  auto q = AllKinds();
  EXPECT_FALSE(CheckQuestionnaire(q).has_value());
  SurveyProblem p;
  auto back = QuestionnaireFromJson(QuestionnaireToJson(q), p);
  ASSERT_TRUE(back.has_value()) << p.code << " " << p.detail;
  EXPECT_EQ(*back, q);
}

TEST(SurveyTest, DefinitionFaultsNameTheQuestion) {
  auto q = AllKinds();
  q.questions[1].options.clear();
  auto p = CheckQuestionnaire(q);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->question, "multi");
  q = AllKinds();
  q.questions[7].show_if->question = "long";  // not a choice/scale question
  p = CheckQuestionnaire(q);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->question, "why");
  q = AllKinds();
  q.questions[7].show_if->question = "later";  // not an earlier question
  EXPECT_TRUE(CheckQuestionnaire(q));
  q = AllKinds();
  q.questions[2].id = "single";  // duplicate id
  EXPECT_TRUE(CheckQuestionnaire(q));
  q = AllKinds();
  q.closes_at = 10;
  q.opens_at = 20;
  EXPECT_TRUE(CheckQuestionnaire(q));
  SurveyProblem sp;
  EXPECT_FALSE(QuestionnaireFromJson("{\"code\":\"x\"", sp));
  EXPECT_EQ(sp.code, "json");
  EXPECT_FALSE(QuestionnaireFromJson(
      R"({"code":"x","title_ar":"a","title_en":"b","questions":[{"id":"q","kind":"slider","ar":"a","en":"b"}]})",
      sp));
  EXPECT_EQ(sp.code, "kind");
  EXPECT_EQ(sp.question, "q");
}

TEST(SurveyTest, ValidResponseIsCleaned) {
  SurveyProblem p;
  auto a = Valid();
  a["short"] = {"  fine  "};
  a["multi"] = {"x", "z"};
  a["nps"] = {"10"};
  a["long"] = {"line one\nline two"};
  auto out = CleanResponse(AllKinds(), a, p);
  ASSERT_TRUE(out.has_value()) << p.question << " " << p.code;
  EXPECT_EQ(out->at("short"), std::vector<std::string>{"fine"});
  EXPECT_EQ(out->at("multi").size(), 2u);
  EXPECT_EQ(out->at("grid.speed"), std::vector<std::string>{"5"});
}

TEST(SurveyTest, EveryKindRefusesBadAnswersNamingTheQuestion) {
  std::string q;
  auto a = Valid();
  a["single"] = {"c"};
  EXPECT_EQ(ProblemOf(a, &q), "not_an_option");
  EXPECT_EQ(q, "single");
  a = Valid();
  a["single"] = {"a", "b"};
  EXPECT_EQ(ProblemOf(a), "one_answer");
  a = Valid();
  a["multi"] = {"x", "w"};
  EXPECT_EQ(ProblemOf(a, &q), "not_an_option");
  EXPECT_EQ(q, "multi");
  a["multi"] = {"x", "x"};
  EXPECT_EQ(ProblemOf(a), "duplicate");
  for (const char* bad : {"0", "6", "x", "-1", "3.5"}) {
    a = Valid();
    a["scale"] = {bad};
    EXPECT_EQ(ProblemOf(a, &q), "out_of_range") << bad;
    EXPECT_EQ(q, "scale");
  }
  for (const char* bad : {"11", "-1", "ten"}) {
    a = Valid();
    a["nps"] = {bad};
    EXPECT_EQ(ProblemOf(a, &q), "out_of_range") << bad;
    EXPECT_EQ(q, "nps");
  }
  a = Valid();
  a["nps"] = {"0"};
  EXPECT_EQ(ProblemOf(a), "");
  a = Valid();
  a["short"] = {std::string(kShortTextMax + 1, 'x')};
  EXPECT_EQ(ProblemOf(a, &q), "too_long");
  EXPECT_EQ(q, "short");
  a["short"] = {"two\nlines"};
  EXPECT_EQ(ProblemOf(a), "one_line");
  a = Valid();
  a["short"] = {std::string(kShortTextMax / 2, 'x') + std::string("")};
  EXPECT_EQ(ProblemOf(a), "");
  a = Valid();
  std::string arabic;
  for (std::size_t i = 0; i < kShortTextMax; ++i) arabic += "ع";  // 200 letters, 400 bytes
  a["short"] = {arabic};
  EXPECT_EQ(ProblemOf(a), "");
  a = Valid();
  a["long"] = {std::string(kLongTextMax + 1, 'x')};
  EXPECT_EQ(ProblemOf(a, &q), "too_long");
  EXPECT_EQ(q, "long");
  a = Valid();
  a["grid.speed"] = {"9"};
  EXPECT_EQ(ProblemOf(a, &q), "out_of_range");
  EXPECT_EQ(q, "grid");
  a = Valid();
  a.erase("grid.courtesy");
  EXPECT_EQ(ProblemOf(a, &q), "required");
  EXPECT_EQ(q, "grid");
  a = Valid();
  a["grid.colour"] = {"3"};
  EXPECT_EQ(ProblemOf(a, &q), "unknown");
  EXPECT_EQ(q, "grid.colour");
}

TEST(SurveyTest, RequiredAndOptional) {
  std::string q;
  auto a = Valid();
  a.erase("scale");
  EXPECT_EQ(ProblemOf(a, &q), "required");
  EXPECT_EQ(q, "scale");
  a = Valid();
  a["scale"] = {"   "};  // blank is absent
  EXPECT_EQ(ProblemOf(a), "required");
  a = Valid();
  a["nps"] = {""};  // optional and blank: fine, not stored
  SurveyProblem p;
  auto out = CleanResponse(AllKinds(), a, p);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->count("nps"), 0u);
}

TEST(SurveyTest, ConditionalQuestionShownOnlyWhenItsConditionHolds) {
  std::string q;
  auto a = Valid();
  a["single"] = {"b"};  // "why" is now shown and required
  EXPECT_EQ(ProblemOf(a, &q), "required");
  EXPECT_EQ(q, "why");
  a["why"] = {"slow"};
  EXPECT_EQ(ProblemOf(a), "");
  a["single"] = {"a"};  // hidden: its answer is dropped, not stored
  SurveyProblem p;
  auto out = CleanResponse(AllKinds(), a, p);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->count("why"), 0u);
  // A condition on a refused answer never sees it: the first fault is the answer itself.
  a["single"] = {"zzz"};
  EXPECT_EQ(ProblemOf(a, &q), "not_an_option");
  EXPECT_EQ(q, "single");
}

TEST(SurveyTest, WindowAndQuota) {
  auto q = AllKinds();
  EXPECT_EQ(Availability(q, 100, 1'000'000), SurveyAvailability::kOpen);
  q.opens_at = 100;
  q.closes_at = 200;
  q.quota = 3;
  EXPECT_EQ(Availability(q, 99, 0), SurveyAvailability::kNotYetOpen);
  EXPECT_EQ(Availability(q, 100, 0), SurveyAvailability::kOpen);
  EXPECT_EQ(Availability(q, 199, 2), SurveyAvailability::kOpen);
  EXPECT_EQ(Availability(q, 199, 3), SurveyAvailability::kQuotaReached);
  EXPECT_EQ(Availability(q, 200, 0), SurveyAvailability::kClosed);
}

TEST(SurveyTest, DefaultQuestionnaireIsValidAndAsksWhatToImproveOnlyWhenUnhappy) {
  auto q = DefaultAfterCaseQuestionnaire();
  EXPECT_FALSE(CheckQuestionnaire(q).has_value());
  SurveyProblem p;
  auto out =
      CleanResponse(q, {{"satisfaction", {"2"}}, {"on_time", {"no"}}, {"improve", {"x"}}}, p);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->count("improve"), 1u);
  out = CleanResponse(q, {{"satisfaction", {"5"}}, {"on_time", {"yes"}}, {"improve", {"x"}}}, p);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->count("improve"), 0u);
  EXPECT_FALSE(CleanResponse(q, {{"satisfaction", {"5"}}}, p));
  EXPECT_EQ(p.question, "on_time");
}

TEST(SurveyTest, TokensAreRandomHexAndOnlyTheirHashIsKept) {
  auto a = NewSurveyToken();
  auto b = NewSurveyToken();
  EXPECT_NE(a, b);
  EXPECT_TRUE(WellFormedSurveyToken(a));
  EXPECT_FALSE(WellFormedSurveyToken(a.substr(1)));
  EXPECT_FALSE(WellFormedSurveyToken(std::string(64, 'G')));
  EXPECT_EQ(SurveyTokenHash(a), SurveyTokenHash(a));
  EXPECT_NE(SurveyTokenHash(a), a);
  EXPECT_EQ(SurveyTokenHash(a).size(), 64u);
}

TEST(SurveyTest, FiguresAndSmallGroupsSuppressed) {
  std::vector<SurveyResponseRow> rows;
  auto add = [&rows](std::string e, std::string c, std::string sat, std::string nps,
                     std::string on_time) {
    rows.push_back({std::move(e),
                    std::move(c),
                    "2026-12",
                    {{"satisfaction", {sat}}, {"nps", {nps}}, {"on_time", {on_time}}}});
  };
  for (int i = 0; i < 4; ++i) add("MOH", "billing", "4", "10", "yes");
  add("MOH", "billing", "2", "3", "no");  // 5 in MOH/billing
  add("MOH", "waiting", "1", "0", "no");  // 1 in MOH/waiting: suppressed
  add("EWA", "power", "5", "9", "yes");   // 1 in EWA: suppressed
  auto f = SurveyFiguresOf(rows);
  ASSERT_EQ(f.size(), 5u);  // EWA, MOH, then EWA/power, MOH/billing, MOH/waiting
  EXPECT_EQ(f[0].entity, "EWA");
  EXPECT_FALSE(f[0].shown);
  EXPECT_EQ(f[0].mean_satisfaction, 0);
  EXPECT_EQ(f[1].entity, "MOH");
  EXPECT_TRUE(f[1].shown);
  EXPECT_EQ(f[1].responses, 6);
  EXPECT_DOUBLE_EQ(f[1].mean_satisfaction, 19.0 / 6.0);
  EXPECT_DOUBLE_EQ(f[1].nps, 100.0 * (4 - 2) / 6.0);
  EXPECT_DOUBLE_EQ(f[1].on_time_share, 4.0 / 6.0);
  EXPECT_EQ(f[3].category, "billing");
  EXPECT_TRUE(f[3].shown);
  EXPECT_DOUBLE_EQ(f[3].mean_satisfaction, 18.0 / 5.0);
  EXPECT_EQ(f[4].category, "waiting");
  EXPECT_FALSE(f[4].shown);
  EXPECT_EQ(f[4].nps, 0);
  EXPECT_EQ(SurveyMonth(1'796'000'000), "2026-11");
}

TEST(SurveyTest, ClosingEmailCarriesTheSurveyLinkOnlyWhenThereIsOne) {
  for (auto lang : {Language::kArabic, Language::kEnglish}) {
    auto text = DefaultMessageText("closed", MessageChannel::kEmail, lang);
    ASSERT_TRUE(text);
    EXPECT_FALSE(CheckTemplate("closed", text->body).has_value());
    const std::string with = RenderTemplate(
        text->body,
        {{"reference", "26-0000001-5"}, {"survey_url", "https://t.example/surveys/ab"}});
    EXPECT_NE(with.find("https://t.example/surveys/ab"), std::string::npos);
    const std::string without = RenderTemplate(text->body, {{"reference", "26-0000001-5"}});
    EXPECT_EQ(without.find("/surveys/"), std::string::npos);
    EXPECT_EQ(without.find("{{"), std::string::npos);
  }
}

}  // namespace
}  // namespace tawasul::domain
