// Pins the route table of `tawasul serve`: every (method, pattern) that src/app/serve.cpp
// registers (api::RegisterApi, then web::Site), in the order the router keeps them. A refactor of
// the Register functions cannot drop, add or reorder a route without changing kRoutes below; when
// a route is added on purpose, add it here where the failure message shows it.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routes.h"
#include "web/site.h"

namespace tawasul {
namespace {

// Every (method, pattern) in the order added. The order matters where two patterns match one path
// with as many literal segments: the first wins. (GET /staff/ also answers /staff: the router
// ignores a trailing slash.)
// clang-format off
const std::vector<std::string> kRoutes = {
    "GET /healthz",
    "GET /readyz",
    "GET /metrics",
    "GET /api/v1/entities",
    "GET /api/v1/categories",
    "GET /api/v1/services",
    "GET /api/v1/services/{code}",
    "POST /api/v1/cases",
    "GET /api/v1/cases/{reference}",
    "GET /api/v1/cases/{reference}/attachments/{id}",
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/logout",
    "GET /api/v1/inbox",
    "POST /api/v1/cases/{reference}/actions",
    "GET /api/v1/stats",
    "GET /api/v1/search",
    "GET /api/v1/cases/{reference}/similar",
    "POST /api/v1/routing/suggest",
    "GET /api/v1/admin/targets",
    "PUT /api/v1/admin/targets",
    "GET /api/v1/admin/calendar",
    "PUT /api/v1/admin/calendar/holidays",
    "GET /api/v1/admin/webhooks",
    "POST /api/v1/admin/webhooks",
    "GET /api/v1/admin/webhooks/{id}",
    "PATCH /api/v1/admin/webhooks/{id}",
    "POST /api/v1/admin/webhooks/{id}/rotate-secret",
    "POST /api/v1/cases/{reference}/replies",
    "POST /api/v1/cases/{reference}/rating",
    "POST /api/v1/cases/{reference}/reopen",
    "GET /api/v1/templates",
    "POST /api/v1/delivery-reports/sms",
    "POST /api/v1/me/code",
    "POST /api/v1/me/session",
    "GET /api/v1/me/cases",
    "POST /api/v1/me/cases/claim",
    "GET /api/v1/me/sessions",
    "DELETE /api/v1/me/sessions",
    "POST /api/v1/cases/{reference}/outcome",
    "GET /api/v1/suggestions",
    "GET /open311/v2/discovery.xml",
    "GET /open311/v2/discovery.json",
    "GET /open311/v2/services.xml",
    "GET /open311/v2/services.json",
    "GET /open311/v2/services/{file}",
    "GET /open311/v2/tokens/{file}",
    "POST /open311/v2/requests.xml",
    "POST /open311/v2/requests.json",
    "GET /open311/v2/requests.xml",
    "GET /open311/v2/requests.json",
    "GET /open311/v2/requests/{file}",
    "GET /api/v1/news",
    "GET /api/v1/news/{id}",
    "GET /api/v1/news/{id}/comments",
    "POST /api/v1/news/{id}/comments",
    "GET /open311/v2/servicerequestupdates.xml",
    "GET /open311/v2/servicerequestupdates.json",
    "POST /open311/v2/servicerequestupdates.xml",
    "POST /open311/v2/servicerequestupdates.json",
    "GET /open311/v2/*",
    "POST /open311/v2/*",
    "GET /api/v1/openapi.json",
    "GET /",
    "GET /submit",
    "POST /submit",
    "GET /submit/receipt",
    "GET /track",
    "GET /track/{reference}",
    "POST /track",
    "GET /static/*",
    "GET /privacy",
    "GET /accessibility",
    "GET /terms",
    "GET /favicon.ico",
    "GET /login",
    "POST /login",
    "POST /logout",
    "GET /login/code",
    "POST /login/code",
    "GET /staff/mfa",
    "POST /staff/mfa/start",
    "POST /staff/mfa/confirm",
    "GET /staff/",
    "GET /staff/search",
    "GET /staff/cases/{reference}",
    "POST /staff/cases/{reference}/actions",
    "POST /staff/cases/{reference}/outcome",
    "GET /staff/caller",
    "POST /staff/caller",
    "GET /staff/dashboard",
    "GET /stats",
    "GET /stats.csv",
    "GET /stats.json",
    "GET /admin/",
    "GET /admin/calendar",
    "GET /admin/calendar.ics",
    "POST /admin/calendar/holidays/confirm",
    "POST /admin/calendar/holidays/add",
    "POST /admin/calendar/holidays/delete",
    "POST /admin/calendar/holidays/propose",
    "POST /admin/calendar/import",
    "GET /admin/changes",
    "GET /admin/templates",
    "GET /admin/templates/new",
    "POST /admin/templates/new",
    "GET /admin/templates/{id}",
    "POST /admin/templates/{id}",
    "POST /admin/templates/{id}/delete",
    "GET /admin/messages",
    "GET /admin/messages/{kind}/{channel}/{language}",
    "POST /admin/messages/{kind}/{channel}/{language}",
    "GET /admin/outbox",
    "POST /admin/outbox/retry",
    "GET /admin/users",
    "POST /admin/users/new",
    "POST /admin/users/{id}",
    "POST /admin/users/{id}/unlock",
    "GET /admin/targets",
    "POST /admin/targets/add",
    "POST /admin/targets/{index}",
    "POST /admin/targets/{index}/delete",
    "GET /admin/audit",
    "GET /admin/entities",
    "GET /admin/entities/new",
    "POST /admin/entities/new",
    "GET /admin/entities/{code}",
    "POST /admin/entities/{code}",
    "GET /admin/categories",
    "GET /admin/categories/new",
    "POST /admin/categories/new",
    "GET /admin/categories/{code}",
    "POST /admin/categories/{code}",
    "GET /admin/services",
    "GET /admin/services/{code}",
    "POST /admin/services/{code}",
    "GET /admin/webhooks",
    "POST /admin/webhooks/new",
    "GET /admin/webhooks/{id}",
    "POST /admin/webhooks/{id}",
    "POST /admin/webhooks/{id}/rotate",
    "POST /admin/webhooks/{id}/deactivate",
    "POST /admin/webhooks/{id}/deliveries/{delivery}/replay",
    "GET /admin/news",
    "GET /admin/news/new",
    "POST /admin/news/new",
    "GET /admin/news/{id}",
    "POST /admin/news/{id}",
    "GET /admin/comments",
    "POST /admin/comments/{id}",
    "GET /admin/api-keys",
    "POST /admin/api-keys/new",
    "POST /admin/api-keys/{id}/revoke",
    "GET /admin/surveys",
    "GET /admin/surveys.csv",
    "GET /admin/surveys/questionnaires.jsonl",
    "POST /admin/surveys/questionnaires",
    "POST /track/reply",
    "POST /track/rate",
    "POST /track/reopen",
    "GET /track/{reference}/attachments/{id}",
    "GET /staff/cases/{reference}/attachments/{id}",
    "GET /track/{reference}/stop",
    "POST /track/{reference}/stop",
    "GET /services",
    "GET /services/{code}",
    "POST /services/{code}/useful",
    "GET /suggestions",
    "GET /news",
    "GET /news/{id}",
    "POST /news/{id}/comments",
    "POST /news/{id}/comments/{comment}/report",
    "GET /me",
    "GET /me/cases",
    "POST /me/claim",
    "GET /me/sign-in",
    "POST /me/sign-in",
    "GET /me/sign-in/code",
    "POST /me/sign-in/code",
    "GET /me/sessions",
    "POST /me/sessions/revoke",
    "POST /me/sessions/revoke-all",
    "POST /me/sign-out",
    "GET /track/recover",
    "POST /track/recover",
    "GET /track/recover/code",
    "POST /track/recover/code",
    "GET /surveys/thanks",
    "GET /surveys/{token}",
    "POST /surveys/{token}",
    "POST /track/survey",
};
// clang-format on

std::string MethodName(http::Method m) {
  switch (m) {
    case http::Method::kGet:
      return "GET";
    case http::Method::kHead:
      return "HEAD";
    case http::Method::kPost:
      return "POST";
    case http::Method::kPut:
      return "PUT";
    case http::Method::kPatch:
      return "PATCH";
    case http::Method::kDelete:
      return "DELETE";
    case http::Method::kOptions:
      return "OPTIONS";
    case http::Method::kOther:
      break;
  }
  return "OTHER";
}

// The application's router, wired as `tawasul serve` wires it, over a scratch SQLite store
// (registering reads nothing from it).
class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-routes-XXXXXX";
    dir_ = mkdtemp(tmpl);
    store_ = store::OpenStore("sqlite:" + dir_ + "/t.db", store::StoreOptions{});
    ctx_ = std::make_unique<service::AppContext>(service::AppContext{.store = *store_,
                                                                     .catalogue = catalogue_,
                                                                     .sla = sla_,
                                                                     .pepper = "pepper",
                                                                     .draining = nullptr,
                                                                     .scheduler_leader = nullptr});
    api_ = std::make_unique<api::ApiContext>(*ctx_, api::ApiOptions{});
    api::RegisterApi(router_, *api_);
    site_ = std::make_unique<web::Site>(*ctx_, api_->auth, api_->lookups, api_->accounts);
    site_->Register(router_);
  }
  void TearDown() override {
    site_.reset();
    api_.reset();
    ctx_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // "METHOD pattern" of every route, in the router's order.
  std::vector<std::string> Table() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < router_.RouteCount(); ++i) {
      int index = static_cast<int>(i);
      out.push_back(MethodName(router_.RouteMethod(index)) + " " + router_.RouteName(index));
    }
    return out;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  service::CatalogueInForce catalogue_{domain::Catalogue({}, {}, {})};
  service::SlaRules sla_{domain::WorkingCalendar(domain::BahrainDefaultWeek()),
                         domain::TargetTable()};
  std::unique_ptr<service::AppContext> ctx_;
  std::unique_ptr<api::ApiContext> api_;
  std::unique_ptr<web::Site> site_;
  http::Router router_;
};

// Lines of `routes` that are not in `other`, one per line ("  (none)" when every one is).
std::string NotIn(const std::vector<std::string>& routes, const std::vector<std::string>& other) {
  std::string out;
  for (const auto& r : routes) {
    if (std::find(other.begin(), other.end(), r) == other.end()) out += "  " + r + "\n";
  }
  return out.empty() ? "  (none)\n" : out;
}

TEST_F(RouteTableTest, IsExactlyTheCommittedList) {
  auto table = Table();
  if (table == kRoutes) return;
  std::string shown;
  for (const auto& route : table) shown += "    \"" + route + "\",\n";
  ADD_FAILURE() << "The route table differs from kRoutes (same routes in another order when "
                   "both lists below are empty).\nIn kRoutes, no longer registered:\n"
                << NotIn(kRoutes, table) << "Registered, not in kRoutes:\n"
                << NotIn(table, kRoutes) << "If the change is intended, kRoutes becomes:\n"
                << shown;
}

TEST_F(RouteTableTest, RegistersNoRouteTwice) {
  // The router would keep both and the first would silently win. It ignores a trailing slash
  // ("/staff" and "/staff/" are one path), so two patterns that differ only by one tie too.
  std::set<std::string> seen;
  for (auto route : Table()) {
    if (route.size() > 1 && route.back() == '/' && route[route.size() - 2] != ' ') {
      route.pop_back();
    }
    EXPECT_TRUE(seen.insert(route).second) << route;
  }
}

// docs/openapi.json (served at GET /api/v1/openapi.json) is kept true by hand: every /api/v1 and
// /open311/v2 route of the table is in it with its method, and it names no other. (The
// /open311/v2/* catch-alls answer Open311's 404 for unknown paths: not operations.)
TEST_F(RouteTableTest, OpenApiDocumentNamesExactlyTheApiRoutes) {
  std::ifstream in(std::string(TAWASUL_SOURCE_DIR) + "/docs/openapi.json");
  ASSERT_TRUE(in) << "docs/openapi.json";
  auto doc = nlohmann::json::parse(in);
  // The structure a 3.1 document needs (no network: the required keys, checked here).
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", "").rfind("3.1.", 0), 0u);
  ASSERT_TRUE(doc["info"].is_object());
  EXPECT_TRUE(doc["info"]["title"].is_string());
  EXPECT_TRUE(doc["info"]["version"].is_string());
  ASSERT_TRUE(doc["paths"].is_object());
  const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                          "options", "head", "patch", "trace"};
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    ASSERT_TRUE(item.is_object()) << path;
    // Each {name} of the path is declared as a required path parameter of each operation.
    std::set<std::string> names;
    static const std::regex kParam(R"(\{(\w+)\})");
    for (std::sregex_iterator it(path.begin(), path.end(), kParam), end; it != end; ++it) {
      names.insert((*it)[1]);
    }
    for (const auto& [method, op] : item.items()) {
      ASSERT_TRUE(kMethods.contains(method)) << path << " " << method;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path);
      EXPECT_TRUE(op.value("summary", "").size() > 0) << path << " " << method;
      ASSERT_TRUE(op["responses"].is_object() && !op["responses"].empty()) << path;
      for (const auto& [code, response] : op["responses"].items()) {
        bool has_description = response.contains("description") || response.contains("$ref");
        EXPECT_TRUE(has_description) << path << " " << method << " " << code;
      }
      std::set<std::string> declared;
      for (const auto& p : op.value("parameters", nlohmann::json::array())) {
        ASSERT_TRUE(p.contains("name") && p.contains("in")) << path << " " << method;
        if (p["in"] == "path") {
          EXPECT_EQ(p.value("required", false), true) << path << " " << p["name"];
          declared.insert(p["name"].get<std::string>());
        }
      }
      EXPECT_EQ(declared, names) << path << " " << method;
      for (const auto& scheme : op.value("security", nlohmann::json::array())) {
        for (const auto& [name, scopes] : scheme.items()) {
          EXPECT_TRUE(doc["components"]["securitySchemes"].contains(name)) << name;
        }
      }
    }
  }
  std::set<std::string> registered;
  for (const auto& route : Table()) {
    auto space = route.find(' ');
    std::string path = route.substr(space + 1);
    bool api = path.starts_with("/api/v1/") || path.starts_with("/open311/v2/");
    if (api && !path.ends_with("/*")) registered.insert(route);
  }
  std::vector<std::string> missing, extra;
  for (const auto& r : registered) {
    if (!documented.contains(r)) missing.push_back(r);
  }
  for (const auto& r : documented) {
    if (!registered.contains(r)) extra.push_back(r);
  }
  EXPECT_TRUE(missing.empty()) << "registered, not in docs/openapi.json:\n" << NotIn(missing, {});
  EXPECT_TRUE(extra.empty()) << "in docs/openapi.json, not registered:\n" << NotIn(extra, {});
}

// The public reads (ETag, 304, CORS) are registered GET routes: a renamed route cannot silently
// lose them.
TEST_F(RouteTableTest, PublicReadsAreRegisteredGetRoutes) {
  auto table = Table();
  for (const auto& pattern : api::PublicReadRoutes()) {
    EXPECT_NE(std::find(table.begin(), table.end(), "GET " + pattern), table.end()) << pattern;
  }
}

}  // namespace
}  // namespace tawasul
