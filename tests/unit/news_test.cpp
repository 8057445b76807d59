// The pure rules of news comments (domain/news.h): elapsed time in words with Arabic dual and
// plural forms, reply depth, the report threshold, and the comment and item checks.

#include "domain/news.h"

#include <gtest/gtest.h>

namespace tawasul::domain {
namespace {

constexpr std::int64_t kMin = 60, kHour = 3600, kDay = 86400;

TEST(NewsElapsedWords, ArabicMinutesUseDualAndPluralForms) {
  const auto ar = Language::kArabic;
  EXPECT_EQ(ElapsedWords(0, ar), "الآن");
  EXPECT_EQ(ElapsedWords(59, ar), "الآن");
  EXPECT_EQ(ElapsedWords(-30, ar), "الآن");
  EXPECT_EQ(ElapsedWords(kMin, ar), "قبل دقيقة");
  EXPECT_EQ(ElapsedWords(2 * kMin, ar), "قبل دقيقتين");
  EXPECT_EQ(ElapsedWords(3 * kMin, ar), "قبل ٣ دقائق");
  EXPECT_EQ(ElapsedWords(10 * kMin + 59, ar), "قبل ١٠ دقائق");
  EXPECT_EQ(ElapsedWords(11 * kMin, ar), "قبل ١١ دقيقة");
  EXPECT_EQ(ElapsedWords(59 * kMin, ar), "قبل ٥٩ دقيقة");
}

TEST(NewsElapsedWords, ArabicHoursDaysMonthsYears) {
  const auto ar = Language::kArabic;
  EXPECT_EQ(ElapsedWords(kHour, ar), "قبل ساعة");
  EXPECT_EQ(ElapsedWords(2 * kHour, ar), "قبل ساعتين");
  EXPECT_EQ(ElapsedWords(5 * kHour, ar), "قبل ٥ ساعات");
  EXPECT_EQ(ElapsedWords(23 * kHour, ar), "قبل ٢٣ ساعة");
  EXPECT_EQ(ElapsedWords(kDay, ar), "قبل يوم");
  EXPECT_EQ(ElapsedWords(2 * kDay, ar), "قبل يومين");
  EXPECT_EQ(ElapsedWords(4 * kDay, ar), "قبل ٤ أيام");
  EXPECT_EQ(ElapsedWords(15 * kDay, ar), "قبل ١٥ يومًا");
  EXPECT_EQ(ElapsedWords(30 * kDay, ar), "قبل شهر");
  EXPECT_EQ(ElapsedWords(60 * kDay, ar), "قبل شهرين");
  EXPECT_EQ(ElapsedWords(200 * kDay, ar), "قبل ٦ أشهر");
  EXPECT_EQ(ElapsedWords(365 * kDay, ar), "قبل سنة");
  EXPECT_EQ(ElapsedWords(2 * 365 * kDay, ar), "قبل سنتين");
  EXPECT_EQ(ElapsedWords(3 * 365 * kDay, ar), "قبل ٣ سنوات");
  EXPECT_EQ(ElapsedWords(12 * 365 * kDay, ar), "قبل ١٢ سنة");
  EXPECT_EQ(ElapsedWords(100 * 365 * kDay + 30 * kDay, ar), "قبل ١٠٠ سنة");
  EXPECT_EQ(ElapsedWords(103 * 365 * kDay + 30 * kDay, ar), "قبل ١٠٣ سنوات");
}

TEST(NewsElapsedWords, English) {
  const auto en = Language::kEnglish;
  EXPECT_EQ(ElapsedWords(5, en), "just now");
  EXPECT_EQ(ElapsedWords(kMin, en), "1 minute ago");
  EXPECT_EQ(ElapsedWords(2 * kHour + 5 * kMin, en), "2 hours ago");
  EXPECT_EQ(ElapsedWords(kDay, en), "1 day ago");
  EXPECT_EQ(ElapsedWords(45 * kDay, en), "1 month ago");
  EXPECT_EQ(ElapsedWords(800 * kDay, en), "2 years ago");
}

TEST(NewsRules, RepliesNestThreeLevelsAndNoDeeper) {
  EXPECT_EQ(ReplyDepth(0), 1);
  EXPECT_EQ(ReplyDepth(1), 2);
  EXPECT_EQ(ReplyDepth(2), 3);
  EXPECT_EQ(ReplyDepth(kMaxCommentDepth), std::nullopt);
  EXPECT_EQ(ReplyDepth(-1), std::nullopt);
}

TEST(NewsRules, ReportThreshold) {
  EXPECT_FALSE(HiddenByReports(2, 3));
  EXPECT_TRUE(HiddenByReports(3, 3));
  EXPECT_TRUE(HiddenByReports(4, 3));
  EXPECT_TRUE(HiddenByReports(1, 1));
  EXPECT_FALSE(HiddenByReports(100, 0));  // 0: reports never hide
}

TEST(NewsRules, CommentChecksNameEveryBadField) {
  EXPECT_TRUE(CheckComment("سارة", "شكرًا على الخبر\nسطر ثانٍ").empty());
  auto missing = CheckComment("", "");
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].field, "name");
  EXPECT_EQ(missing[0].code, "required");
  EXPECT_EQ(missing[1].field, "text");
  auto bidi = CheckComment(
      "abc\xE2\x80\xAE"
      "cba",
      "ok");  // U+202E RIGHT-TO-LEFT OVERRIDE
  ASSERT_EQ(bidi.size(), 1u);
  EXPECT_EQ(bidi[0].field, "name");
  EXPECT_EQ(bidi[0].code, "invalid_characters");
  auto isolate = CheckComment("n", "x\xE2\x81\xA6y");  // U+2066 LEFT-TO-RIGHT ISOLATE
  ASSERT_EQ(isolate.size(), 1u);
  EXPECT_EQ(isolate[0].code, "invalid_characters");
  EXPECT_EQ(CheckComment("a\nb", "t").at(0).code, "invalid_characters");  // one-line name
  EXPECT_EQ(CheckComment("n", std::string("\xFF")).at(0).code, "invalid_characters");
  EXPECT_EQ(CheckComment(std::string(61, 'n'), "t").at(0).code, "too_long");
  EXPECT_TRUE(CheckComment(std::string(30, 'n'), std::string(2000, 't')).empty());
  EXPECT_EQ(CheckComment("n", std::string(2001, 't')).at(0).field, "text");
  // Characters, not bytes: 60 Arabic letters are 120 bytes and fit.
  std::string name;
  for (int i = 0; i < 60; ++i) name += "ب";
  EXPECT_TRUE(CheckComment(name, "t").empty());
}

TEST(NewsRules, ItemNeedsBothLanguages) {
  NewsItem item;
  item.title_ar = "عنوان";
  item.summary_ar = "ملخص";
  item.body_ar = "نص";
  item.title_en = "Title";
  item.summary_en = "Summary";
  auto errors = CheckNewsItem(item);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "body_en");
  EXPECT_EQ(ParseCommentMode("premoderated"), CommentMode::kPreModerated);
  EXPECT_EQ(ParseCommentMode("nope"), std::nullopt);
  EXPECT_EQ(ToString(CommentState::kReported), "reported");
}

}  // namespace
}  // namespace tawasul::domain

namespace tawasul::domain {
namespace {

NewsComment C(std::int64_t id, std::int64_t parent, int depth,
              CommentState state = CommentState::kPublished) {
  NewsComment c;
  c.id = id;
  c.parent_id = parent;
  c.depth = depth;
  c.state = state;
  return c;
}

std::vector<std::int64_t> Ids(const std::vector<const NewsComment*>& order) {
  std::vector<std::int64_t> ids;
  for (const auto* c : order) ids.push_back(c->id);
  return ids;
}

TEST(NewsRules, ThreadOrderKeepsRepliesUnderTheirParent) {
  std::vector<NewsComment> comments = {C(1, 0, 1),
                                       C(2, 1, 2),
                                       C(3, 0, 1),
                                       C(4, 2, 3),
                                       C(5, 0, 1, CommentState::kPending),
                                       C(6, 1, 2, CommentState::kHidden),
                                       C(7, 6, 3),
                                       C(8, 5, 2)};  // under a pending comment: not shown
  EXPECT_EQ(Ids(ThreadOrder(comments, false)), (std::vector<std::int64_t>{1, 2, 4, 6, 7, 3}));
  EXPECT_EQ(Ids(ThreadOrder(comments, true)), (std::vector<std::int64_t>{3, 1, 2, 4, 6, 7}));
}

}  // namespace
}  // namespace tawasul::domain
