// Black-box tests of the public statistics page (/stats), its downloads (/stats.csv,
// /stats.json) and the supervisor dashboard (/staff/dashboard), on both backends: the page shows
// exactly the figures of /api/v1/stats for the same period, in both languages; a new case moves
// the received count; a bad period is refused with the field named; no personal data appears;
// the dashboard is scoped to the supervisor's entity.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "integration/server.h"

namespace tawasul_test {
namespace {

const char* const kMowCategory = "roads.potholes";

// The value of data-value on the first element whose tag contains `marker` (an id="…" or a
// class="…" attribute, exactly as written), searching from `from`.
std::optional<std::string> DataValue(const std::string& html, const std::string& marker,
                                     std::size_t from = 0) {
  std::size_t at = html.find(marker, from);
  if (at == std::string::npos) return std::nullopt;
  std::size_t open = html.rfind('<', at);
  std::size_t close = html.find('>', at);
  std::string tag = html.substr(open, close - open);
  std::smatch m;
  if (!std::regex_search(tag, m, std::regex("data-value=\"([^\"]*)\""))) return std::nullopt;
  return m[1].str();
}

// data-value of the cell `cls` in the table row of `code`.
std::optional<std::string> RowValue(const std::string& html, const std::string& code,
                                    const std::string& cls) {
  std::size_t row = html.find("id=\"st-row-" + code + "\"");
  if (row == std::string::npos) return std::nullopt;
  std::size_t end = html.find("</tr>", row);
  std::string tr = html.substr(row, end - row);
  return DataValue(tr, "class=\"" + cls + "\"");
}

// A complaint category of an entity other than MOW, and that entity.
std::pair<std::string, std::string> NonMowCategory() {
  const auto& cat = Catalogue::Get();
  for (const auto& e : cat.entity_codes) {
    if (e == "MOW") continue;
    auto cats = cat.CategoriesOf(e, "complaint");
    if (!cats.empty()) return {cats.front(), e};
  }
  ADD_FAILURE() << "no category outside MOW";
  return {};
}

std::string Dump(const Json& v) { return v.is_null() ? "" : v.dump(); }

std::string EntityName(const std::string& code, const char* lang) {
  for (const auto& e : Catalogue::Get().raw["entities"]) {
    if (e["code"] == code) return e[std::string("name_") + lang];
  }
  return code;
}

class StatsPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    server_.reset();
  }
  Http& http() { return *http_; }

  std::string Submit(const std::string& category, const std::string& subject) {
    Json body = ValidCaseBody();
    body["category"] = category;
    body["subject"] = subject;
    Response r = SubmitCase(http(), body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.JsonBody().value("reference", "");
  }

  Headers Login(const std::string& email, const std::string& password, std::int64_t* id = nullptr) {
    Response r = http().PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    if (id) *id = r.JsonBody()["user"].value("id", std::int64_t{0});
    return {"Authorization: Bearer " + r.JsonBody().value("token", "")};
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(StatsPagesTest, PageShowsTheFiguresOfTheApiInBothLanguages) {
  const auto& cat = Catalogue::Get();
  Submit(cat.complaint_category, "First case");
  Submit(cat.complaint_category, "Second case");
  Submit(kMowCategory, "Third case");

  Response api = http().Get("/api/v1/stats?group_by=entity");
  ASSERT_EQ(api.status, 200) << api.Describe();
  Json doc = api.JsonBody();
  const Json& totals = doc["totals"];
  ASSERT_GE(totals.value("received", 0), 3);

  for (const char* lang : {"en", "ar"}) {
    SCOPED_TRACE(lang);
    Response page = http().Get(std::string("/stats?lang=") + lang);
    ASSERT_EQ(page.status, 200) << page.Describe();
    EXPECT_NE(page.body.find(std::string("<html lang=\"") + lang), std::string::npos);
    // The default period is the API's default period.
    EXPECT_EQ(FormInputValue(page.body, "from").value_or(""), doc["from"]);
    EXPECT_EQ(FormInputValue(page.body, "to").value_or(""), doc["to"]);
    // National figures: raw values identical, formatted in the page's numbering system.
    EXPECT_EQ(DataValue(page.body, "id=\"st-received-value\"").value_or("?"),
              Dump(totals["received"]));
    EXPECT_EQ(DataValue(page.body, "id=\"st-answered-value\"").value_or("?"),
              Dump(totals["answered"]));
    std::string shown = ElementTextById(page.body, "st-received-value").value_or("");
    std::string count = std::to_string(totals.value("received", 0));
    EXPECT_EQ(shown, std::string(lang) == "ar" ? ToArabicIndicDigits(count) : count);
    for (const auto& [id, key] :
         {std::pair{"st-compliance", "compliance_rate"}, std::pair{"st-on-time", "on_time_rate"},
          std::pair{"st-open", "open"}, std::pair{"st-overdue", "overdue"},
          std::pair{"st-satisfaction", "rating_mean"}}) {
      std::size_t at = page.body.find(std::string("id=\"") + id + "\"");
      ASSERT_NE(at, std::string::npos) << id;
      EXPECT_EQ(DataValue(page.body, "class=\"st-value\"", at).value_or("?"), Dump(totals[key]))
          << id;
    }
    // Every entity of the API has its row with the same numbers.
    for (const auto& g : doc["groups"]) {
      std::string code = g["key"];
      EXPECT_EQ(RowValue(page.body, code, "st-received").value_or("?"), Dump(g["received"]))
          << code;
      EXPECT_EQ(RowValue(page.body, code, "st-compliance").value_or("?"),
                Dump(g["compliance_rate"]))
          << code;
      EXPECT_EQ(RowValue(page.body, code, "st-open").value_or("?"), Dump(g["open"])) << code;
      EXPECT_NE(page.body.find("href=\"/stats?from=" + doc["from"].get<std::string>() + "&amp;to=" +
                               doc["to"].get<std::string>() + "&amp;entity=" + code + "\""),
                std::string::npos)
          << code;
    }
    // Charts: accessible SVG with a data table.
    EXPECT_NE(page.body.find("id=\"st-chart-received\""), std::string::npos);
    EXPECT_NE(page.body.find("role=\"img\""), std::string::npos);
    EXPECT_NE(page.body.find("id=\"st-chart-compliance-table\""), std::string::npos);
  }
}

TEST_F(StatsPagesTest, EntityViewShowsItsCategoriesAndTrend) {
  Submit(kMowCategory, "Pothole one");
  Submit(kMowCategory, "Pothole two");
  Response api = http().Get("/api/v1/stats?entity=MOW&group_by=category");
  ASSERT_EQ(api.status, 200);
  Json doc = api.JsonBody();
  Response page = http().Get("/stats?entity=MOW&lang=en");
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_EQ(ElementTextById(page.body, "st-entity-name").value_or(""), EntityName("MOW", "en"));
  EXPECT_EQ(DataValue(page.body, "id=\"st-received-value\"").value_or("?"),
            Dump(doc["totals"]["received"]));
  EXPECT_EQ(RowValue(page.body, kMowCategory, "st-received").value_or("?"), "2");
  EXPECT_NE(page.body.find("id=\"st-chart-received\""), std::string::npos);
  EXPECT_NE(page.body.find("/stats.csv?from="), std::string::npos);
  Response unknown = http().Get("/stats?entity=NOPE");
  EXPECT_EQ(unknown.status, 404) << unknown.Describe();
}

TEST_F(StatsPagesTest, SubmittingACaseIncreasesTheReceivedCount) {
  auto received = [&]() {
    Response page = http().Get("/stats?lang=en");
    EXPECT_EQ(page.status, 200);
    return std::stoll(DataValue(page.body, "id=\"st-received-value\"").value_or("-1"));
  };
  const long long before = received();
  ASSERT_GE(before, 0);
  Submit(Catalogue::Get().complaint_category, "One more");
  EXPECT_EQ(received(), before + 1);
}

TEST_F(StatsPagesTest, DownloadsMatchTheApi) {
  Submit(Catalogue::Get().complaint_category, "Download me");
  Submit(kMowCategory, "And me");
  const std::string q = "?from=2025-01-01&to=2027-12-31&group_by=entity";
  Response api = http().Get("/api/v1/stats" + q);
  ASSERT_EQ(api.status, 200);
  Json doc = api.JsonBody();

  Response json = http().Get("/stats.json" + q);
  ASSERT_EQ(json.status, 200) << json.Describe();
  EXPECT_EQ(json.MediaType(), "application/json");
  EXPECT_EQ(json.JsonBody(), doc);
  EXPECT_EQ(json.Header("content-disposition"),
            "attachment; filename=\"tawasul-stats-2025-01-01-2027-12-31.json\"");

  Response csv = http().Get("/stats.csv" + q);
  ASSERT_EQ(csv.status, 200) << csv.Describe();
  EXPECT_EQ(csv.MediaType(), "text/csv");
  EXPECT_EQ(csv.Header("content-disposition"),
            "attachment; filename=\"tawasul-stats-2025-01-01-2027-12-31.csv\"");
  ASSERT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u) << "no byte-order mark";
  std::vector<std::vector<std::string>> rows;
  std::size_t pos = 3;
  while (pos < csv.body.size()) {
    std::size_t end = csv.body.find("\r\n", pos);
    if (end == std::string::npos) end = csv.body.size();
    std::vector<std::string> cells;
    std::string line = csv.body.substr(pos, end - pos);
    std::size_t c = 0;
    while (true) {  // no quoted cells in these figures (names have no commas)
      std::size_t comma = line.find(',', c);
      cells.push_back(line.substr(c, comma == std::string::npos ? std::string::npos : comma - c));
      if (comma == std::string::npos) break;
      c = comma + 1;
    }
    rows.push_back(cells);
    pos = end + 2;
  }
  ASSERT_GE(rows.size(), 2u);
  const auto& header = rows[0];
  ASSERT_GE(header.size(), 5u);
  EXPECT_EQ(header[0], "key");
  auto col = [&](const std::string& name) {
    return std::find(header.begin(), header.end(), name) - header.begin();
  };
  ASSERT_LT(col("received"), static_cast<long>(header.size()));
  ASSERT_EQ(rows.size(), doc["groups"].size() + 2);  // header, groups, total
  for (std::size_t i = 0; i < doc["groups"].size(); ++i) {
    const Json& g = doc["groups"][i];
    ASSERT_EQ(rows[i + 1].size(), header.size());
    EXPECT_EQ(rows[i + 1][0], g["key"]);
    EXPECT_EQ(rows[i + 1][2], g["label_en"]);
    EXPECT_EQ(rows[i + 1][col("received")], Dump(g["received"]));
    EXPECT_EQ(rows[i + 1][col("compliance_rate")], Dump(g["compliance_rate"]));
  }
  EXPECT_EQ(rows.back()[0], "total");
  EXPECT_EQ(rows.back()[col("received")], Dump(doc["totals"]["received"]));

  Response bad = http().Get("/stats.csv?from=2020-02-30");
  EXPECT_EQ(bad.status, 400) << bad.Describe();
  EXPECT_TRUE(HasFieldError(bad.JsonBody(), "from", "invalid_date")) << bad.body;
}

TEST_F(StatsPagesTest, BadPeriodNamesTheFieldInBothLanguages) {
  struct Case {
    std::string query, field, en, ar;
  };
  for (const Case& c :
       {Case{"from=2026-13-40&to=2026-12-01", "from", "Enter a valid date", "أدخل تاريخًا صحيحًا"},
        Case{"from=2026-12-01&to=yesterday", "to", "Enter a valid date", "أدخل تاريخًا صحيحًا"},
        Case{"from=2026-12-01&to=2026-01-01", "from",
             "The start date must not be after the end date",
             "يجب ألا يكون تاريخ البداية بعد تاريخ النهاية"}}) {
    for (const char* lang : {"en", "ar"}) {
      SCOPED_TRACE(c.query + " " + lang);
      Response r = http().Get("/stats?" + c.query + "&lang=" + lang);
      EXPECT_EQ(r.status, 422) << r.Describe();
      auto message = ElementTextById(r.body, c.field + "-error");
      ASSERT_TRUE(message.has_value()) << r.body.substr(0, 400);
      EXPECT_NE(message->find(std::string(lang) == "en" ? c.en : c.ar), std::string::npos)
          << *message;
      EXPECT_NE(r.body.find("aria-describedby=\"" + c.field + "-error\""), std::string::npos);
      // What was typed is shown again, and no figures.
      EXPECT_EQ(r.body.find("id=\"st-received-value\""), std::string::npos);
    }
  }
}

TEST_F(StatsPagesTest, NoPersonalDataAnywhere) {
  Json body = ValidCaseBody();
  body["subject"] = "Zanzibar-unique-subject-7731";
  body["description"] = "Secret description text qwertyuiop for the privacy test.";
  body["contact"] = {{"name", "Fatima Unique-Name"},
                     {"email", "fatima.private@example.com"},
                     {"phone", "+97333334444"}};
  Response r = SubmitCase(http(), body);
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::string reference = r.JsonBody()["reference"];
  const std::string entity = Catalogue::Get().complaint_entity;
  for (const std::string& path :
       {std::string("/stats?lang=en"), std::string("/stats?lang=ar"),
        "/stats?entity=" + entity + "&lang=en", std::string("/stats.csv?group_by=entity"),
        std::string("/stats.csv?group_by=category"), std::string("/stats.json?group_by=day"),
        std::string("/stats?from=2020-01-01&to=2020-01-02")}) {
    Response page = http().Get(path);
    ASSERT_EQ(page.status, 200) << path;
    for (const std::string& secret :
         {std::string("Zanzibar-unique-subject"), std::string("qwertyuiop"),
          std::string("Unique-Name"), std::string("fatima.private"), std::string("@example.com"),
          std::string("33334444"), reference}) {
      EXPECT_EQ(page.body.find(secret), std::string::npos) << path << " shows " << secret;
    }
  }
}

TEST_F(StatsPagesTest, DashboardIsScopedToTheSupervisorsEntity) {
  std::int64_t agent_id = 0;
  Headers supervisor = Login("supervisor.mow@tawasul.example", "demo-supervisor-2026");
  Headers agent = Login("agent.mow@tawasul.example", "demo-agent-2026", &agent_id);
  Headers admin = Login("admin@tawasul.example", "demo-admin-2026");
  std::string a = Submit(kMowCategory, "Dashboard one");
  Submit(kMowCategory, "Dashboard two");
  Submit(kMowCategory, "Dashboard three");
  const auto [other_category, other] = NonMowCategory();
  Submit(other_category, "Other entity");
  Response assign = http().PostJson("/api/v1/cases/" + a + "/actions",
                                    {{"action", "assign"}, {"assignee", "me"}}, agent);
  ASSERT_EQ(assign.status, 200) << assign.Describe();

  // Nobody signed in: to the sign-in page.
  Response anon = http().Get("/staff/dashboard");
  EXPECT_EQ(anon.status, 303);
  EXPECT_EQ(anon.Header("location").rfind("/login?next=", 0), 0u) << anon.Header("location");
  // An agent: 403.
  Response denied = http().Get("/staff/dashboard?lang=en", agent);
  EXPECT_EQ(denied.status, 403) << denied.Describe();

  // The supervisor: their entity, even when asking for another.
  Response api = http().Get("/api/v1/stats?entity=MOW");
  ASSERT_EQ(api.status, 200);
  for (const std::string& path : {std::string("/staff/dashboard?lang=en"),
                                  std::string("/staff/dashboard?lang=en&entity=MOH")}) {
    SCOPED_TRACE(path);
    Response page = http().Get(path, supervisor);
    ASSERT_EQ(page.status, 200) << page.Describe();
    EXPECT_EQ(ElementTextById(page.body, "db-scope").value_or(""), EntityName("MOW", "en"));
    std::size_t at = page.body.find("id=\"db-received\"");
    EXPECT_EQ(DataValue(page.body, "class=\"st-value\"", at).value_or("?"),
              Dump(api.JsonBody()["totals"]["received"]));
    EXPECT_EQ(page.body.find("<select id=\"entity\""), std::string::npos)
        << "a supervisor has no entity picker";
    // Workload: the agent holds one open case, two are unassigned.
    std::size_t row = page.body.find("id=\"db-agent-" + std::to_string(agent_id) + "\"");
    ASSERT_NE(row, std::string::npos) << "no workload row for the agent";
    EXPECT_EQ(DataValue(page.body, "class=\"db-open\"", row).value_or("?"), "1");
    std::size_t unassigned = page.body.find("id=\"db-unassigned\"");
    ASSERT_NE(unassigned, std::string::npos);
    EXPECT_EQ(DataValue(page.body, "class=\"db-open\"", unassigned).value_or("?"), "2");
    EXPECT_NE(page.body.find("id=\"db-chart-daily\""), std::string::npos);
    EXPECT_NE(page.body.find("id=\"db-chart-compliance\""), std::string::npos);
  }

  // The administrator: national by default, any entity on request.
  Response national = http().Get("/staff/dashboard?lang=en", admin);
  ASSERT_EQ(national.status, 200) << national.Describe();
  EXPECT_NE(national.body.find("<select id=\"entity\""), std::string::npos);
  std::size_t at = national.body.find("id=\"db-received\"");
  Response all = http().Get("/api/v1/stats");
  EXPECT_EQ(DataValue(national.body, "class=\"st-value\"", at).value_or("?"),
            Dump(all.JsonBody()["totals"]["received"]));
  Response picked = http().Get("/staff/dashboard?lang=en&entity=" + other, admin);
  ASSERT_EQ(picked.status, 200) << picked.Describe();
  EXPECT_EQ(ElementTextById(picked.body, "db-scope").value_or(""), EntityName(other, "en"));
  Response api_other = http().Get("/api/v1/stats?entity=" + other);
  at = picked.body.find("id=\"db-received\"");
  EXPECT_EQ(DataValue(picked.body, "class=\"st-value\"", at).value_or("?"),
            Dump(api_other.JsonBody()["totals"]["received"]));
  Response arabic = http().Get("/staff/dashboard?lang=ar", admin);
  EXPECT_EQ(arabic.status, 200);
  EXPECT_NE(arabic.body.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  Response unknown = http().Get("/staff/dashboard?entity=NOPE", admin);
  EXPECT_EQ(unknown.status, 404);
}

}  // namespace
}  // namespace tawasul_test
