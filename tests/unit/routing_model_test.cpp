// Unit tests of the routing classifier (src/domain/routing_model.h): it separates clearly
// different categories, Arabic spelling variants reach the same category, probabilities are a
// distribution, the JSON round trip predicts identically, and a model of another analyzer or
// format version is refused.

#include <gtest/gtest.h>

#include <numeric>

#include <nlohmann/json.hpp>

#include "domain/routing_model.h"
#include "domain/text_analyzer.h"

namespace tawasul::domain {
namespace {

std::vector<RoutingExample> ToyExamples() {
  std::vector<RoutingExample> ex;
  for (int i = 0; i < 5; ++i) {
    ex.push_back({"انقطاع المياه", "لا توجد مياه في الحي منذ يومين والخزان فارغ", "water"});
    ex.push_back({"Water outage", "no water pressure in the pipes of our street", "water"});
    ex.push_back({"حفرة في الطريق", "حفرة كبيرة في الشارع الرئيسي تسبب حوادث للسيارات", "roads"});
    ex.push_back({"Pothole", "a deep pothole on the main road damages cars", "roads"});
    ex.push_back({"تأخر الراتب", "لم يصرف الراتب الشهري للموظفين في المدرسة", "salary"});
    ex.push_back({"Late salary", "my monthly salary payment is late again", "salary"});
  }
  return ex;
}

TEST(RoutingModel, LearnsSeparableCategories) {
  auto m = RoutingModel::Train(ToyExamples());
  ASSERT_EQ(m.Categories().size(), 3u);
  EXPECT_EQ(m.Examples(), 30u);
  auto top = m.Predict("مشكلة", "المياه مقطوعة عن البيت", 3);
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top[0].category, "water");
  EXPECT_GT(top[0].confidence, 0.8);
  EXPECT_EQ(m.Predict("", "huge pothole on the road", 1).at(0).category, "roads");
  EXPECT_EQ(m.Predict("salary", "", 1).at(0).category, "salary");
}

TEST(RoutingModel, SpellingVariantsMeet) {
  // Trained only with hamza on the alef and a taa marbuta; asked without them (and with
  // harakat and tatweel): the analyzer folds both to the same stems.
  std::vector<RoutingExample> ex = {
      {"إنارة الشارع", "إنارة معطلة", "lighting"},
      {"حفرة", "حفرة عميقة", "roads"},
  };
  auto m = RoutingModel::Train(ex);
  EXPECT_EQ(m.Predict("انارـه", "اِنارَه", 1).at(0).category, "lighting");
  EXPECT_EQ(m.Predict("حفره", "", 1).at(0).category, "roads");
}

TEST(RoutingModel, ProbabilitiesSumToOne) {
  auto m = RoutingModel::Train(ToyExamples());
  for (const char* text : {"water road salary", "كلمة غير معروفة", "", "pothole"}) {
    auto all = m.Predict(text, text, 10);
    ASSERT_EQ(all.size(), 3u) << text;
    double sum = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      sum += all[i].confidence;
      EXPECT_GE(all[i].confidence, 0.0);
      if (i > 0) {
        EXPECT_GE(all[i - 1].confidence, all[i].confidence);
      }
    }
    EXPECT_NEAR(sum, 1.0, 1e-9) << text;
  }
  EXPECT_EQ(m.Predict("water", "", 2).size(), 2u);
}

TEST(RoutingModel, UnknownWordsGiveThePrior) {
  std::vector<RoutingExample> ex = {{"a", "alpha", "x"}, {"b", "beta", "x"}, {"c", "gamma", "y"}};
  auto m = RoutingModel::Train(ex);
  auto top = m.Predict("zzz", "qqq", 2);
  EXPECT_EQ(top.at(0).category, "x");
  EXPECT_NEAR(top.at(0).confidence, 2.0 / 3.0, 1e-9);
}

TEST(RoutingModel, EmptyModelPredictsNothing) {
  auto m = RoutingModel::Train({{"s", "d", ""}});
  EXPECT_TRUE(m.Empty());
  EXPECT_TRUE(m.Predict("s", "d").empty());
}

TEST(RoutingModel, JsonRoundTrip) {
  auto m = RoutingModel::Train(ToyExamples());
  auto back = RoutingModel::FromJson(m.ToJson());
  EXPECT_EQ(back.Categories(), m.Categories());
  EXPECT_EQ(back.VocabularySize(), m.VocabularySize());
  auto a = m.Predict("Water", "no water at home", 3);
  auto b = back.Predict("Water", "no water at home", 3);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].category, b[i].category);
    EXPECT_DOUBLE_EQ(a[i].confidence, b[i].confidence);
  }
}

TEST(RoutingModel, RejectsOtherVersionsAndGarbage) {
  auto j = nlohmann::json::parse(RoutingModel::Train(ToyExamples()).ToJson());
  auto other_analyzer = j;
  other_analyzer["analyzer"] = kAnalyzerVersion + 1;
  EXPECT_THROW(RoutingModel::FromJson(other_analyzer.dump()), std::invalid_argument);
  auto other_format = j;
  other_format["format"] = kRoutingModelFormat + 1;
  EXPECT_THROW(RoutingModel::FromJson(other_format.dump()), std::invalid_argument);
  EXPECT_THROW(RoutingModel::FromJson("not json"), std::invalid_argument);
  EXPECT_THROW(RoutingModel::FromJson("{\"format\":1}"), std::invalid_argument);
  EXPECT_NO_THROW(RoutingModel::FromJson(j.dump()));
}

TEST(RoutingModel, HeldOutSplitIsDeterministicAndAboutTwentyPercent) {
  int held = 0;
  for (int i = 0; i < 10000; ++i) {
    std::string ref = "26-" + std::to_string(1000000 + i);
    EXPECT_EQ(RoutingHeldOut(ref), RoutingHeldOut(ref));
    held += RoutingHeldOut(ref);
  }
  EXPECT_GT(held, 1700);
  EXPECT_LT(held, 2300);
  EXPECT_FALSE(RoutingHeldOut("anything", 0));
  EXPECT_TRUE(RoutingHeldOut("anything", 100));
}

TEST(RoutingModel, EvaluationCountsEveryHeldOutExample) {
  auto ex = ToyExamples();
  std::vector<std::string> refs;
  for (std::size_t i = 0; i < ex.size(); ++i) refs.push_back("ref-" + std::to_string(i));
  auto ev = EvaluateRouting(ex, refs, 30);
  std::int64_t held = 0;
  for (const auto& r : refs) held += RoutingHeldOut(r, 30);
  EXPECT_EQ(ev.overall.n, held);
  EXPECT_EQ(ev.train + ev.overall.n, 30);
  std::int64_t per = 0;
  for (const auto& [c, s] : ev.per_category) per += s.n;
  EXPECT_EQ(per, ev.overall.n);
  EXPECT_EQ(ev.overall.top1, ev.overall.n);  // the toy categories are separable
  EXPECT_LE(ev.overall.top1, ev.overall.top3);
  EXPECT_THROW(EvaluateRouting(ex, {}, 20), std::invalid_argument);
}

}  // namespace
}  // namespace tawasul::domain
