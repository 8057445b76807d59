// Black-box tests of the catalogue administration (/admin/entities, /admin/categories): an
// administrator adds an entity and a category and they are in force at once (public catalogue
// API, submission, routing); a category moved to another entity routes new cases there while
// filed cases stay; bad input names the field and stores nothing; auditors and entity staff
// cannot change anything; a form without its CSRF token is refused.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

class AdminCatalogueTest : public AdminFixture {
 protected:
  // The public catalogue entry with `code` from `path` (null when absent).
  Json Find(const std::string& path, const std::string& code) {
    Response r = http_->Get(path);
    EXPECT_EQ(r.status, 200) << r.Describe();
    Json body = r.JsonBody();
    for (const auto& item : body["items"])
      if (item.value("code", "") == code) return item;
    return nullptr;
  }
  // Submits a case in `category`; returns its entity as the administrator reads it ("" on error).
  std::string SubmitAndReadEntity(const std::string& category, const std::string& type) {
    Json body = ValidCaseBody();
    body["category"] = category;
    body["type"] = type;
    Response r = SubmitCase(*http_, body);
    if (r.status != 201) return "status " + std::to_string(r.status);
    std::string ref = r.JsonBody().value("reference", "");
    Json c = http_->Get("/api/v1/cases/" + ref, admin_).JsonBody();
    return c["entity"].is_object() ? c["entity"].value("code", "") : c.value("entity", "");
  }
};

TEST_F(AdminCatalogueTest, AddedEntityAndCategoryAreInForceAtOnce) {
  Response e = Post("/admin/entities/new",
                    {{"code", "NHRA"},
                     {"name_ar", "الهيئة الوطنية لتنظيم المهن والخدمات الصحية"},
                     {"name_en", "National Health Regulatory Authority"}},
                    admin_);
  ASSERT_EQ(e.status, 303) << e.Describe();
  Json entity = Find("/api/v1/entities", "NHRA");
  ASSERT_FALSE(entity.is_null());
  EXPECT_EQ(entity["name_en"], "National Health Regulatory Authority");

  Response c = Post("/admin/categories/new",
                    {{"code", "nhra.licences"},
                     {"entity", "NHRA"},
                     {"name_ar", "تراخيص المهن الصحية"},
                     {"name_en", "Health professional licences"},
                     {"guidance_ar", "اذكر رقم الترخيص."},
                     {"guidance_en", "Give the licence number."},
                     {"types", "complaint"},
                     {"types", "inquiry"}},
                    admin_);
  ASSERT_EQ(c.status, 303) << c.Describe();
  EXPECT_NE(c.Header("location").find("#category-nhra.licences"), std::string::npos);
  Json category = Find("/api/v1/categories?entity=NHRA", "nhra.licences");
  ASSERT_FALSE(category.is_null());
  EXPECT_EQ(category["entity"], "NHRA");
  EXPECT_EQ(category["types"], Json::array({"complaint", "inquiry"}));
  // The submission form offers it with its guidance; a case filed in it goes to NHRA.
  Response form = http_->Get("/submit?lang=en&category=nhra.licences");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Give the licence number."), std::string::npos);
  EXPECT_EQ(SubmitAndReadEntity("nhra.licences", "complaint"), "NHRA");
  // Types the category does not take are refused.
  EXPECT_EQ(SubmitAndReadEntity("nhra.licences", "suggestion"), "status 422");
  // The list pages show both.
  EXPECT_NE(Page("/admin/entities", admin_).body.find("id=\"entity-NHRA\""), std::string::npos);
  EXPECT_NE(
      Page("/admin/categories?entity=NHRA", admin_).body.find("id=\"category-nhra.licences\""),
      std::string::npos);
}

TEST_F(AdminCatalogueTest, MovingACategoryRoutesNewCasesOnly) {
  std::string before = SubmitAndReadEntity("roads.potholes", "complaint");
  ASSERT_EQ(before, "MOW");
  Json old = Find("/api/v1/categories", "roads.potholes");
  ASSERT_FALSE(old.is_null());
  Response edit = Page("/admin/categories/roads.potholes", admin_);
  ASSERT_EQ(edit.status, 200);
  EXPECT_NE(edit.body.find("id=\"catg-entity-hint\""), std::string::npos);
  Response r = Post("/admin/categories/roads.potholes",
                    {{"entity", "MUN"},
                     {"name_ar", old["name_ar"].get<std::string>()},
                     {"name_en", "Potholes and road surface"},
                     {"guidance_ar", ""},
                     {"guidance_en", ""},
                     {"types", "complaint"},
                     {"types", "suggestion"}},
                    admin_);
  ASSERT_EQ(r.status, 303) << r.Describe();
  Json now = Find("/api/v1/categories", "roads.potholes");
  EXPECT_EQ(now["entity"], "MUN");
  EXPECT_EQ(now["name_en"], "Potholes and road surface");
  EXPECT_EQ(SubmitAndReadEntity("roads.potholes", "complaint"), "MUN");
  // The MOW agent still has the case filed before the change.
  Response inbox = http_->Get("/api/v1/inbox?category=roads.potholes", agent_);
  ASSERT_EQ(inbox.status, 200) << inbox.Describe();
  Json listed = inbox.JsonBody();
  EXPECT_GE(listed["items"].size(), 1u);
  for (const auto& item : listed["items"]) {
    const Json& ent = item["entity"];
    EXPECT_EQ(ent.is_object() ? ent.value("code", "") : ent.get<std::string>(), "MOW");
  }
}

// Names typed or pasted with Unicode spaces around them (a no-break space U+00A0, an ideographic
// space U+3000, a zero-width space U+200B) are stored trimmed, like the citizen's form fields:
// the ASCII-only trim the pages once had kept them, and the name sorted and matched apart.
TEST_F(AdminCatalogueTest, NamesAreTrimmedOfUnicodeSpaces) {
  const std::string nbsp = "\u00A0", ideographic = "\u3000", zwsp = "\u200B";
  Response e = Post("/admin/entities/new",
                    {{"code", nbsp + "NHRA" + nbsp},
                     {"name_ar", nbsp + "هيئة المهن الصحية" + ideographic},
                     {"name_en", nbsp + "Name" + nbsp}},
                    admin_);
  ASSERT_EQ(e.status, 303) << e.Describe();
  Json entity = Find("/api/v1/entities", "NHRA");
  ASSERT_FALSE(entity.is_null());
  EXPECT_EQ(entity["name_ar"], "هيئة المهن الصحية");
  EXPECT_EQ(entity["name_en"], "Name");

  Response c = Post("/admin/categories/new",
                    {{"code", "nhra.licences"},
                     {"entity", "NHRA"},
                     {"name_ar", zwsp + "تراخيص" + nbsp},
                     {"name_en", nbsp + "Name" + nbsp},
                     {"guidance_ar", ""},
                     {"guidance_en", nbsp + "Give the licence number." + nbsp},
                     {"types", "complaint"}},
                    admin_);
  ASSERT_EQ(c.status, 303) << c.Describe();
  Json category = Find("/api/v1/categories?entity=NHRA", "nhra.licences");
  ASSERT_FALSE(category.is_null());
  EXPECT_EQ(category["name_ar"], "تراخيص");
  EXPECT_EQ(category["name_en"], "Name");
  EXPECT_EQ(category["guidance_en"], "Give the licence number.");
}

TEST_F(AdminCatalogueTest, BadInputNamesTheFieldAndStoresNothing) {
  // A code in the wrong form, a code taken, a name missing.
  Response bad = Post("/admin/entities/new?lang=en",
                      {{"code", "lower case"}, {"name_ar", "جهة"}, {"name_en", "X"}}, admin_);
  EXPECT_EQ(bad.status, 422) << bad.Describe();
  EXPECT_NE(bad.body.find("id=\"ent-code-error\""), std::string::npos);
  EXPECT_TRUE(Find("/api/v1/entities", "lower case").is_null());
  Response taken = Post("/admin/entities/new",
                        {{"code", "MOW"}, {"name_ar", "بديل"}, {"name_en", "Other"}}, admin_);
  EXPECT_EQ(taken.status, 422);
  EXPECT_NE(Find("/api/v1/entities", "MOW")["name_en"], "Other");
  Response unnamed = Post("/admin/entities/MOW", {{"name_ar", "  "}, {"name_en", "Works"}}, admin_);
  EXPECT_EQ(unnamed.status, 422);
  EXPECT_NE(unnamed.body.find("id=\"ent-name-ar-error\""), std::string::npos);
  EXPECT_NE(Find("/api/v1/entities", "MOW")["name_ar"], "");
  // A category with no type, and one routed to an unknown entity.
  Response no_types = Post(
      "/admin/categories/new",
      {{"code", "roads.new"}, {"entity", "MOW"}, {"name_ar", "جديد"}, {"name_en", "New"}}, admin_);
  EXPECT_EQ(no_types.status, 422);
  EXPECT_NE(no_types.body.find("id=\"catg-types-error\""), std::string::npos);
  Response nowhere = Post("/admin/categories/new",
                          {{"code", "roads.new"},
                           {"entity", "NOPE"},
                           {"name_ar", "جديد"},
                           {"name_en", "New"},
                           {"types", "complaint"}},
                          admin_);
  EXPECT_EQ(nowhere.status, 422);
  EXPECT_NE(nowhere.body.find("id=\"catg-entity-error\""), std::string::npos);
  EXPECT_TRUE(Find("/api/v1/categories", "roads.new").is_null());
  // Unknown codes: 404.
  EXPECT_EQ(Page("/admin/entities/NOPE", admin_).status, 404);
  EXPECT_EQ(Post("/admin/categories/no.such", {{"entity", "MOW"}}, admin_).status, 404);
}

TEST_F(AdminCatalogueTest, OnlyAdminsChangeAndEveryFormNeedsItsToken) {
  Fields entity = {{"code", "TEST"}, {"name_ar", "اختبار"}, {"name_en", "Test"}};
  EXPECT_EQ(Page("/admin/entities", auditor_).status, 200);
  EXPECT_EQ(Page("/admin/categories/roads.potholes", auditor_).status, 200);
  EXPECT_EQ(Page("/admin/entities/new", auditor_).status, 403);
  EXPECT_EQ(Post("/admin/entities/new", entity, auditor_).status, 403);
  EXPECT_EQ(Page("/admin/entities", agent_).status, 403);
  EXPECT_EQ(Post("/admin/entities/new", entity, agent_).status, 403);
  EXPECT_EQ(Post("/admin/entities/new", entity, admin_, false).status, 403);
  EXPECT_EQ(Post("/admin/categories/roads.potholes", {{"entity", "MUN"}}, admin_, false).status,
            403);
  EXPECT_TRUE(Find("/api/v1/entities", "TEST").is_null());
  EXPECT_EQ(Find("/api/v1/categories", "roads.potholes")["entity"], "MOW");
  // Signed out: sent to sign in.
  EXPECT_EQ(http_->Get("/admin/entities").status, 303);
}

// Every administrative change is in the administration log with who made it and what it is
// now; the log filters by area and actor, auditors read it, entity staff cannot, and a password
// is never in it.
TEST_F(AdminCatalogueTest, AdministrationLogRecordsWhoChangedWhat) {
  ASSERT_EQ(Post("/admin/entities/MOW",
                 {{"name_ar", "وزارة الأشغال"}, {"name_en", "Ministry of Works (renamed)"}}, admin_)
                .status,
            303);
  ASSERT_EQ(Post("/admin/users/new",
                 {{"email", "logged.agent@tawasul.example"},
                  {"name", "Logged Agent"},
                  {"role", "agent"},
                  {"entity", "MOW"},
                  {"password", "secret-password-77"}},
                 admin_)
                .status,
            303);
  ASSERT_EQ(Post("/admin/targets/add",
                 {{"entity", "MOW"},
                  {"type", "complaint"},
                  {"category", ""},
                  {"fr_amount", "2"},
                  {"fr_unit", "working_days"},
                  {"res_amount", "20"},
                  {"res_unit", "working_days"}},
                 admin_)
                .status,
            303);
  ASSERT_EQ(Post("/admin/calendar/holidays/add",
                 {{"start_date", "2031-03-03"},
                  {"end_date", "2031-03-03"},
                  {"name_ar", "عطلة"},
                  {"name_en", "Logged holiday"},
                  {"kind", "one_off"}},
                 admin_)
                .status,
            303);

  Response all = Page("/admin/changes?lang=en", admin_);
  ASSERT_EQ(all.status, 200) << all.Describe();
  for (const char* area : {"entity", "user", "targets", "calendar"})
    EXPECT_NE(all.body.find(std::string("data-area=\"") + area + "\""), std::string::npos) << area;
  EXPECT_NE(all.body.find("Ministry of Works (renamed)"), std::string::npos);
  EXPECT_NE(all.body.find("logged.agent@tawasul.example"), std::string::npos);
  EXPECT_NE(all.body.find("Logged holiday"), std::string::npos);
  EXPECT_NE(all.body.find("admin@tawasul.example"), std::string::npos);  // who
  EXPECT_EQ(all.body.find("secret-password-77"), std::string::npos);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE detail LIKE '%secret%' "
                            "OR detail LIKE '%argon%'"),
            0);
  // Filters: one area; an actor by email (the agent changed nothing).
  Response users = Page("/admin/changes?area=user", admin_);
  ASSERT_EQ(users.status, 200);
  EXPECT_NE(users.body.find("data-area=\"user\""), std::string::npos);
  EXPECT_EQ(users.body.find("data-area=\"entity\""), std::string::npos);
  Response nobody = Page("/admin/changes?actor=agent.mow@tawasul.example", admin_);
  ASSERT_EQ(nobody.status, 200);
  EXPECT_NE(nobody.body.find("id=\"adm-changes-none\""), std::string::npos);
  EXPECT_EQ(Page("/admin/changes?area=nope", admin_).status, 422);
  EXPECT_EQ(Page("/admin/changes?from=yesterday", admin_).status, 422);
  // Who may read it.
  EXPECT_EQ(Page("/admin/changes", auditor_).status, 200);
  EXPECT_EQ(Page("/admin/changes", agent_).status, 403);
}

}  // namespace
}  // namespace tawasul_test
