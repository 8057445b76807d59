// The API keys page (/admin/api-keys) over real HTTP on both backends: the administrator issues a
// key (shown once, no-store, usable at once by Open311), a bad field is 422 with the error
// summary naming it and nothing stored, revoking refuses the key, each change is in the
// administration log, the auditor reads without forms, CSRF is required.

#include <gtest/gtest.h>

#include <string>

#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

using ApiKeysPageTest = AdminFixture;

// The key shown in the created box of the page ("" when there is none).
std::string ShownKey(const std::string& html) {
  return ElementTextById(html, "api-key-secret").value_or("");
}

TEST_F(ApiKeysPageTest, IssueUseListAndRevoke) {
  Response empty = Page("/admin/api-keys", admin_);
  ASSERT_EQ(empty.status, 200) << empty.Describe();
  EXPECT_NE(empty.body.find("id=\"adm-no-api-keys\""), std::string::npos);
  EXPECT_NE(empty.body.find("id=\"add-api-key-form\""), std::string::npos);
  EXPECT_NE(Page("/admin/", admin_).body.find("href=\"/admin/api-keys\""), std::string::npos);

  Response created =
      Post("/admin/api-keys/new",
           {{"name", "City app"}, {"scopes", "submit"}, {"scopes", "read"}, {"expires_days", "30"}},
           admin_);
  ASSERT_EQ(created.status, 201) << created.Describe();
  EXPECT_EQ(created.Header("Cache-Control"), "no-store");
  const std::string key = ShownKey(created.body);
  ASSERT_EQ(key.rfind("tw_", 0), 0u) << created.body.substr(0, 2000);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM api_keys WHERE name = 'City app' AND scopes = "
                            "'submit,read' AND expires_at IS NOT NULL"),
            1);
  // Usable at once; the list never shows it again.
  EXPECT_EQ(http_->Get("/open311/v2/requests.json?api_key=" + key).status, 200);
  Response list = Page("/admin/api-keys", admin_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(key), std::string::npos);
  EXPECT_EQ(list.body.find(key.substr(12)), std::string::npos);     // nor its secret
  EXPECT_NE(list.body.find(key.substr(0, 11)), std::string::npos);  // the prefix names it
  EXPECT_NE(list.body.find("City app"), std::string::npos);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'api_key' AND "
                            "action = 'add'"),
            1);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE detail LIKE '%" +
                            key.substr(12) + "%'"),
            0);

  const std::string id = server_->SqlText("SELECT id FROM api_keys WHERE name = 'City app'");
  // CSRF first, then the auditor may not, then the revocation.
  EXPECT_EQ(Post("/admin/api-keys/" + id + "/revoke", {}, admin_, false).status, 403);
  EXPECT_EQ(Post("/admin/api-keys/" + id + "/revoke", {}, auditor_).status, 403);
  Response revoked = Post("/admin/api-keys/" + id + "/revoke", {}, admin_);
  EXPECT_EQ(revoked.status, 303) << revoked.Describe();
  EXPECT_EQ(http_->Get("/open311/v2/requests.json?api_key=" + key).status, 403);
  EXPECT_EQ(Post("/admin/api-keys/" + id + "/revoke", {}, admin_).status, 404);  // once only
  EXPECT_EQ(Post("/admin/api-keys/999999/revoke", {}, admin_).status, 404);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'api_key' AND "
                            "action = 'revoke' AND subject = '" +
                            id + "'"),
            1);

  // The auditor reads the page without its forms.
  Response audit = Page("/admin/api-keys", auditor_);
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.body.find("id=\"add-api-key-form\""), std::string::npos);
  EXPECT_NE(audit.body.find("City app"), std::string::npos);
  // An agent may not see it.
  EXPECT_EQ(Page("/admin/api-keys", agent_).status, 403);
}

TEST_F(ApiKeysPageTest, BadFieldsNameTheFieldAndStoreNothing) {
  Response no_scope = Post("/admin/api-keys/new", {{"name", "City app"}}, admin_);
  EXPECT_EQ(no_scope.status, 422);
  EXPECT_NE(no_scope.body.find("href=\"#api-key-scopes\""), std::string::npos);
  EXPECT_NE(no_scope.body.find("value=\"City app\""), std::string::npos);  // the form as sent
  Response no_name = Post("/admin/api-keys/new", {{"name", "  "}, {"scopes", "read"}}, admin_);
  EXPECT_EQ(no_name.status, 422);
  EXPECT_NE(no_name.body.find("href=\"#api-key-name\""), std::string::npos);
  Response bad_days = Post("/admin/api-keys/new",
                           {{"name", "X"}, {"scopes", "read"}, {"expires_days", "soon"}}, admin_);
  EXPECT_EQ(bad_days.status, 422);
  EXPECT_NE(bad_days.body.find("href=\"#api-key-expires_days\""), std::string::npos);
  Response too_long = Post("/admin/api-keys/new",
                           {{"name", "X"}, {"scopes", "read"}, {"expires_days", "9999"}}, admin_);
  EXPECT_EQ(too_long.status, 422);
  EXPECT_EQ(Post("/admin/api-keys/new", {{"name", "X"}, {"scopes", "read"}}, admin_, false).status,
            403);  // no CSRF field
  EXPECT_EQ(Post("/admin/api-keys/new", {{"name", "X"}, {"scopes", "read"}}, auditor_).status, 403);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM api_keys"), 0);
  EXPECT_EQ(ShownKey(no_scope.body), "");
}

}  // namespace
}  // namespace tawasul_test
