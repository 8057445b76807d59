// Routing suggestions end to end (docs/routing.md), on the backend under test: `routing train`
// on the demo cases stores a model that the running server picks up without a restart; the
// suggest endpoint then names the category of a known text; `routing evaluate --json` has its
// shape; staff see a hint on a case filed under the wrong category and none on a right one.
// Automatic routing (--auto-route-confidence): off, a submission without category or entity is
// refused naming `category`; on, the same submission takes the model's category and its
// received event records routed_by=model.

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include "integration/server.h"

namespace tawasul_test {
namespace {

struct CliResult {
  int status = -1;
  std::string out;
};

CliResult Cli(const Server& s, const std::string& args) {
  std::string cmd = std::string(TAWASUL_BINARY) + " " + args + " " + s.CliDatabaseArgs() + " 2>&1";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) r.out += buf;
  int raw = p ? pclose(p) : -1;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

Response Suggest(Http& http, const Json& body) {
  return http.PostJson("/api/v1/routing/suggest", body);
}

TEST(RoutingTest, TrainEvaluateSuggestAndMisroutingHint) {
  ServerOptions o;
  o.demo = false;
  o.extra_args = {"--demo", "--demo-cases", "600"};
  Server server(o);
  server.Start();
  Http http(server);

  // No model yet.
  ExpectProblem(Suggest(http, {{"subject", "x"}, {"description", "y"}}), 404);
  // The fields are checked like a submission's.
  Json bad = ExpectProblem(Suggest(http, {{"subject", 5}}), 422);
  EXPECT_TRUE(HasFieldError(bad, "subject", "invalid_type")) << bad.dump();
  bad = ExpectProblem(Suggest(http, {{"description", Repeat("a", 10001)}}), 422);
  EXPECT_TRUE(HasFieldError(bad, "description", "too_long")) << bad.dump();

  CliResult train = Cli(server, "routing train");
  ASSERT_EQ(train.status, 0) << train.out;
  EXPECT_NE(train.out.find("trained on "), std::string::npos) << train.out;
  EXPECT_EQ(server.SqlInt("SELECT COUNT(*) FROM routing_models"), 1);

  CliResult eval = Cli(server, "routing evaluate --json");
  ASSERT_EQ(eval.status, 0) << eval.out;
  Json ev = Json::parse(eval.out.substr(eval.out.find('{')));
  const auto& overall = ev.at("overall");
  EXPECT_GT(overall.at("n").get<int>(), 0);
  EXPECT_LE(overall.at("top1").get<int>(), overall.at("top3").get<int>());
  EXPECT_LE(overall.at("top3").get<int>(), overall.at("n").get<int>());
  EXPECT_EQ(ev.at("train").get<int>() + ev.at("test").get<int>(), ev.at("examples").get<int>());
  int per = 0;
  for (const auto& [code, s] : ev.at("per_category").items()) per += s.at("n").get<int>();
  EXPECT_EQ(per, overall.at("n").get<int>());

  // A text the model was trained on (a closed demo case): its own category comes first.
  std::string subject = server.SqlText(
      "SELECT subject FROM cases WHERE status = 'closed' AND category = 'roads.potholes' "
      "ORDER BY id LIMIT 1");
  std::string description = server.SqlText(
      "SELECT description FROM cases WHERE status = 'closed' AND category = 'roads.potholes' "
      "ORDER BY id LIMIT 1");
  ASSERT_FALSE(subject.empty());
  Response r;
  for (int i = 0; i < 100; ++i) {  // the server polls for a new model every 2 s
    r = Suggest(http, {{"subject", subject}, {"description", description}});
    if (r.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(r.status, 200) << r.Describe();
  Json sug = r.JsonBody().at("suggestions");
  ASSERT_FALSE(sug.empty()) << r.body;
  EXPECT_LE(sug.size(), 3u);
  EXPECT_EQ(sug[0].value("category", ""), "roads.potholes") << r.body;
  EXPECT_EQ(sug[0].value("entity", ""), "MOW") << r.body;
  EXPECT_FALSE(sug[0].value("name_ar", "").empty());
  EXPECT_FALSE(sug[0].value("name_en", "").empty());
  double sum = 0;
  for (const auto& s : sug) sum += s.value("confidence", 0.0);
  EXPECT_LE(sum, 1.0 + 1e-9);
  EXPECT_GT(sug[0].value("confidence", 0.0), 0.5);

  // Staff: the pothole text filed as street lighting looks misrouted; filed as a pothole, not.
  Response login = http.PostJson(
      "/api/v1/auth/login", {{"email", "admin@tawasul.example"}, {"password", "demo-admin-2026"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  Headers admin = {"Authorization: Bearer " + login.JsonBody().value("token", "")};
  auto submit = [&](const std::string& category) {
    Json body = ValidCaseBody();
    body["category"] = category;
    body.erase("entity");
    body["subject"] = subject;
    body["description"] = description;
    Response c = SubmitCase(http, body);
    EXPECT_EQ(c.status, 201) << c.Describe();
    return c.JsonBody().value("reference", "");
  };
  std::string wrong = submit("roads.street_lighting");
  std::string right = submit("roads.potholes");
  Response w = http.Get("/api/v1/cases/" + wrong, admin);
  ASSERT_EQ(w.status, 200) << w.Describe();
  Json wj = w.JsonBody();
  ASSERT_TRUE(wj.contains("routing_suggestion")) << w.body;
  EXPECT_EQ(wj["routing_suggestion"].value("category", ""), "roads.potholes");
  EXPECT_GE(wj["routing_suggestion"].value("confidence", 0.0), 0.9);
  Response g = http.Get("/api/v1/cases/" + right, admin);
  ASSERT_EQ(g.status, 200) << g.Describe();
  EXPECT_FALSE(g.JsonBody().contains("routing_suggestion")) << g.body;
  server.Stop();
}

// Waits (the server polls for a new model every 2 s) until the suggest endpoint answers 200.
void WaitForModel(Http& http) {
  Response r;
  for (int i = 0; i < 100; ++i) {
    r = Suggest(http, {{"subject", "x"}, {"description", "y"}});
    if (r.status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "no model picked up: " << r.Describe();
}

TEST(RoutingTest, AutomaticRoutingOffRefusesOnRoutes) {
  ServerOptions o;
  o.demo = false;
  o.extra_args = {"--demo", "--demo-cases", "600"};
  Server off(o);  // --auto-route-confidence 0: the default, off
  off.Start();
  Http http(off);
  CliResult train = Cli(off, "routing train");
  ASSERT_EQ(train.status, 0) << train.out;
  WaitForModel(http);

  // A text the model was trained on (a closed demo pothole case), with neither category nor
  // entity.
  const std::string where =
      "FROM cases WHERE status = 'closed' AND category = 'roads.potholes' ORDER BY id LIMIT 1";
  Json body = ValidCaseBody();
  body.erase("category");
  body.erase("entity");
  body["subject"] = off.SqlText("SELECT subject " + where);
  body["description"] = off.SqlText("SELECT description " + where);
  ASSERT_FALSE(body["subject"].get<std::string>().empty());
  const std::int64_t before = off.SqlInt("SELECT COUNT(*) FROM cases");

  Json problem = ExpectProblem(SubmitCase(http, body), 422);
  EXPECT_TRUE(HasFieldError(problem, "category", "required")) << problem.dump();
  EXPECT_EQ(off.SqlInt("SELECT COUNT(*) FROM cases"), before);  // nothing stored
  off.Stop();

  // The same database served with automatic routing at confidence 0.5.
  Server on(ServerOptions{.demo = false,
                          .threads = 2,
                          .extra_args = {"--auto-route-confidence", "0.5"},
                          .share_database_of = &off});
  on.Start();
  Http http_on(on);
  WaitForModel(http_on);
  Response created = SubmitCase(http_on, body);
  ASSERT_EQ(created.status, 201) << created.Describe();
  const std::string reference = created.JsonBody().value("reference", "");
  ASSERT_FALSE(reference.empty()) << created.body;
  EXPECT_EQ(on.SqlInt("SELECT COUNT(*) FROM cases"), before + 1);

  Response login = http_on.PostJson(
      "/api/v1/auth/login", {{"email", "admin@tawasul.example"}, {"password", "demo-admin-2026"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  Headers admin = {"Authorization: Bearer " + login.JsonBody().value("token", "")};
  Response view = http_on.Get("/api/v1/cases/" + reference, admin);
  ASSERT_EQ(view.status, 200) << view.Describe();
  Json v = view.JsonBody();
  ASSERT_TRUE(v["category"].is_object()) << view.body;
  EXPECT_EQ(v["category"].value("code", ""), "roads.potholes") << view.body;
  ASSERT_TRUE(v["entity"].is_object()) << view.body;
  EXPECT_EQ(v["entity"].value("code", ""), "MOW") << view.body;
  ASSERT_TRUE(v.contains("timeline") && !v["timeline"].empty()) << view.body;
  const Json& received = v["timeline"][0];
  EXPECT_EQ(received.value("kind", ""), "received") << view.body;
  ASSERT_TRUE(received.contains("data")) << view.body;
  EXPECT_EQ(received["data"].value("routed_by", ""), "model") << view.body;
  EXPECT_GE(received["data"].value("confidence", 0.0), 0.5) << view.body;

  // Naming an entity (without a category) keeps the citizen's choice: no routing.
  Json with_entity = body;
  with_entity["entity"] = "MOW";
  Response kept = SubmitCase(http_on, with_entity);
  ASSERT_EQ(kept.status, 201) << kept.Describe();
  Response kv = http_on.Get("/api/v1/cases/" + kept.JsonBody().value("reference", ""), admin);
  ASSERT_EQ(kv.status, 200) << kv.Describe();
  Json k = kv.JsonBody();
  EXPECT_TRUE(k["category"].is_null()) << kv.body;
  ASSERT_TRUE(k.contains("timeline") && !k["timeline"].empty()) << kv.body;
  EXPECT_FALSE(k["timeline"][0].contains("data") &&
               k["timeline"][0]["data"].value("routed_by", "") == "model")
      << kv.body;
  on.Stop();
}

}  // namespace
}  // namespace tawasul_test
