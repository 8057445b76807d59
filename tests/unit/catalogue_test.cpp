// Unit tests of the catalogue's look-ups and of the checks on what an administrator submits
// (domain::CheckEntity, domain::CheckCategory).

#include <gtest/gtest.h>

#include "domain/catalogue.h"

namespace tawasul::domain {
namespace {

Catalogue Small() {
  return Catalogue({{"MOW", "وزارة الأشغال", "Ministry of Works"}},
                   {{"roads.potholes", "MOW", "حفر", "Potholes", "", "", {CaseType::kComplaint}}},
                   {});
}

// The fields that have errors, in order, as "field:reason".
std::vector<std::string> Fields(const std::vector<CatalogueFieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ":" + e.reason);
  return out;
}

TEST(CatalogueTest, LooksUpByCode) {
  Catalogue c = Small();
  ASSERT_NE(c.FindEntity("MOW"), nullptr);
  EXPECT_EQ(c.FindEntity("MOW")->name_en, "Ministry of Works");
  EXPECT_EQ(c.FindEntity("mow"), nullptr);
  ASSERT_NE(c.FindCategory("roads.potholes"), nullptr);
  EXPECT_TRUE(c.FindCategory("roads.potholes")->Allows(CaseType::kComplaint));
  EXPECT_FALSE(c.FindCategory("roads.potholes")->Allows(CaseType::kInquiry));
}

TEST(CatalogueTest, EntityCodesAreStrictAndUnique) {
  Catalogue c = Small();
  EXPECT_TRUE(CheckEntity({"NHRA", "هيئة", "Authority"}, true, c).empty());
  EXPECT_TRUE(CheckEntity({"MOW", "هيئة", "Works"}, false, c).empty());  // editing its names
  EXPECT_EQ(Fields(CheckEntity({"MOW", "هيئة", "Works"}, true, c)),
            std::vector<std::string>{"code:taken"});
  for (const char* bad : {"M", "mow", "1MOW", "MO W", "MOW!", "ABCDEFGHIJKLMNOPQ", "وزارة"})
    EXPECT_EQ(Fields(CheckEntity({bad, "هيئة", "X"}, true, c)),
              std::vector<std::string>{"code:format"})
        << bad;
  EXPECT_EQ(Fields(CheckEntity({"", "", ""}, true, c)),
            (std::vector<std::string>{"code:required", "name_ar:required", "name_en:required"}));
}

TEST(CatalogueTest, NamesAreCountedInCharactersNotBytes) {
  Catalogue c = Small();
  std::string arabic_200;
  for (int i = 0; i < 200; ++i) arabic_200 += "ب";  // 400 bytes, 200 characters
  EXPECT_TRUE(CheckEntity({"NEW", arabic_200, "X"}, true, c).empty());
  EXPECT_EQ(Fields(CheckEntity({"NEW", arabic_200 + "ب", "X"}, true, c)),
            std::vector<std::string>{"name_ar:too_long"});
}

TEST(CatalogueTest, CategoryNeedsAnExistingEntityAndATypes) {
  Catalogue c = Small();
  Category ok{"roads.lights", "MOW", "إنارة", "Lights", "", "", {CaseType::kComplaint}};
  EXPECT_TRUE(CheckCategory(ok, true, c).empty());
  Category moved = ok;
  moved.entity = "MOH";
  EXPECT_EQ(Fields(CheckCategory(moved, true, c)), std::vector<std::string>{"entity:unknown"});
  Category none = ok;
  none.types.clear();
  EXPECT_EQ(Fields(CheckCategory(none, true, c)), std::vector<std::string>{"types:required"});
  Category dup = ok;
  dup.code = "roads.potholes";
  EXPECT_EQ(Fields(CheckCategory(dup, true, c)), std::vector<std::string>{"code:taken"});
  EXPECT_TRUE(CheckCategory(dup, false, c).empty());
  for (const char* bad : {"Roads.lights", ".roads", "roads lights", "r", "طرق"}) {
    Category b = ok;
    b.code = bad;
    EXPECT_EQ(Fields(CheckCategory(b, true, c)), std::vector<std::string>{"code:format"}) << bad;
  }
  Category wordy = ok;
  wordy.guidance_en = std::string(2001, 'x');
  EXPECT_EQ(Fields(CheckCategory(wordy, true, c)),
            std::vector<std::string>{"guidance_en:too_long"});
}

}  // namespace
}  // namespace tawasul::domain
