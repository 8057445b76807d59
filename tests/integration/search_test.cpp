// GET /api/v1/search on a small corpus whose every expected hit is listed: Arabic spellings that
// must meet, English forms, phrases, exclusions, prefixes, partial words, references in any
// written form, scoping to the caller's entity, and escaping. The same expectations hold on both
// backends (the suite runs on SQLite and on PostgreSQL), which is what proves they return the
// same hits.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "integration/server.h"

namespace tawasul_test {
namespace {

class SearchTest : public ::testing::Test {
 protected:
  virtual ServerOptions Options() { return {}; }
  void SetUp() override {
    server_ = std::make_unique<Server>(Options());
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
    // key -> (category, subject, description)
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>> corpus = {
        {"school_alef", "education.school_facilities", "تكييف المدرسة معطل",
         "التكييف في المدرسة لا يعمل منذ أسبوع."},
        {"school_ba", "education.school_facilities", "شكوى بخصوص النظافة",
         "النظافة بالمدرسة سيئة جدا."},
        {"school_haa", "education.school_facilities", "مدرسه ابنتي",
         "ساحة مدرسه ابنتي بدون مظلات."},
        {"school_harakat", "education.school_facilities", "طلب صيانة", "سور الْمَدْرَسَة مكسور."},
        {"ahmad", "roads.potholes", "حفرة أمام منزل أحمد", "حفرة عميقة في شارع أحمد الفاتح."},
        {"digits", "roads.potholes", "Pothole on road 123", "A deep pothole near building 123."},
        {"main_road", "roads.potholes", "Main road lights",
         "The main road lights are off since Monday."},
        {"road_main", "roads.street_lighting", "Dark road",
         "The road near the main mosque is dark <b>at night</b>."},
        {"streets", "roads.street_lighting", "Dark streets",
         "Several streets in Riffa have no lighting."},
        {"hospital", "health.emergency_department", "Long wait at the hospital",
         "انتظرنا في مستشفى السلمانية خمس ساعات."},
    };
    for (const auto& [key, category, subject, description] : corpus) {
      Json body = ValidCaseBody();
      body["category"] = category;
      body["subject"] = subject;
      body["description"] = description;
      Response r = SubmitCase(*http_, body);
      ASSERT_EQ(r.status, 201) << key << ": " << r.Describe();
      refs_[key] = r.JsonBody().value("reference", "");
      keys_[refs_[key]] = key;
    }
    admin_ = Login("admin@tawasul.example", "demo-admin-2026");
    agent_mow_ = Login("agent.mow@tawasul.example", "demo-agent-2026");
  }
  void TearDown() override {
    http_.reset();
    if (server_->running()) server_->Stop();
  }
  Headers Login(const std::string& email, const std::string& password) {
    Response r = http_->PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return {"Authorization: Bearer " + r.JsonBody().value("token", "")};
  }
  Response Get(const std::string& query, const Headers& who) {
    return http_->Get("/api/v1/search?" + query, who);
  }
  // The corpus keys of every hit (all pages are small here).
  std::set<std::string> Hits(const std::string& q, const Headers& who, std::string* match = nullptr,
                             const std::string& extra = "") {
    Response r = Get("q=" + PercentEncode(q) + extra, who);
    EXPECT_EQ(r.status, 200) << q << ": " << r.Describe();
    Json j = r.JsonBody();
    std::set<std::string> out;
    for (const auto& item : j.value("items", Json::array())) {
      std::string ref = item.value("reference", "");
      out.insert(keys_.count(ref) ? keys_[ref] : ref);
    }
    EXPECT_EQ(j.value("total", -1), static_cast<int>(out.size())) << q;
    if (match) *match = j.value("match", "");
    return out;
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
  std::map<std::string, std::string> refs_, keys_;
  Headers admin_, agent_mow_;
};

using Keys = std::set<std::string>;

TEST_F(SearchTest, ArabicSpellingsMeet) {
  const Keys schools = {"school_alef", "school_ba", "school_haa", "school_harakat"};
  EXPECT_EQ(Hits("مدرسة", admin_), schools);
  EXPECT_EQ(Hits("المدرسه", admin_), schools);
  EXPECT_EQ(Hits("ٱلمدرسة", admin_), schools);
  EXPECT_EQ(Hits("احمد", admin_), Keys{"ahmad"});
  EXPECT_EQ(Hits("إحمد", admin_), Keys{"ahmad"});
  EXPECT_EQ(Hits("مستشفي", admin_), Keys{"hospital"});
  EXPECT_EQ(Hits("١٢٣", admin_), Keys{"digits"});
  EXPECT_EQ(Hits("۱۲۳", admin_), Keys{"digits"});
  // A real letter apart: no match.
  EXPECT_EQ(Hits("محمد", admin_), Keys{});
}

TEST_F(SearchTest, EnglishFormsPhrasesExclusionsAndPrefixes) {
  EXPECT_EQ(Hits("street", admin_), Keys{"streets"});
  EXPECT_EQ(Hits("ROADS", admin_), (Keys{"digits", "main_road", "road_main"}));
  EXPECT_EQ(Hits("\"main road\"", admin_), Keys{"main_road"});
  EXPECT_EQ(Hits("road -main", admin_), Keys{"digits"});
  EXPECT_EQ(Hits("hosp*", admin_), Keys{"hospital"});
  EXPECT_EQ(Hits("dark road", admin_), Keys{"road_main"});
  // Typed operators are words, never syntax.
  EXPECT_EQ(Hits("road AND NEAR(", admin_), Keys{});
  EXPECT_EQ(Hits("\"unclosed road", admin_), Keys{});
}

TEST_F(SearchTest, PartialWordsAndReferences) {
  std::string match;
  EXPECT_EQ(Hits("ستشف", admin_, &match), Keys{"hospital"});
  EXPECT_EQ(match, "partial");
  EXPECT_EQ(Hits("othol", admin_, &match), Keys{"digits"});
  EXPECT_EQ(match, "partial");
  const std::string ref = refs_["ahmad"];  // "26-0000005-C"
  EXPECT_EQ(Hits(ToArabicIndicDigits(ref), admin_, &match), Keys{"ahmad"});
  EXPECT_EQ(match, "reference");
  std::string bare;
  for (char c : ref) {
    if (c != '-') bare.push_back(c);
  }
  EXPECT_EQ(Hits(bare, admin_, &match), Keys{"ahmad"});
  // Part of a reference: its digits, through the partial-word path.
  EXPECT_EQ(Hits(bare.substr(2, 7), admin_, &match).count("ahmad"), 1u);
}

TEST_F(SearchTest, OnlyWhatTheCallerMaySee) {
  // The hospital case belongs to the Ministry of Health: an agent of Works never finds it.
  EXPECT_EQ(Hits("مستشفى", agent_mow_), Keys{});
  EXPECT_EQ(Hits(refs_["hospital"], agent_mow_), Keys{});
  EXPECT_EQ(Hits("road", agent_mow_), (Keys{"digits", "main_road", "road_main"}));
  // Filters.
  EXPECT_EQ(Hits("road", admin_, nullptr, "&entity=MOH"), Keys{});
  EXPECT_EQ(Hits("road", admin_, nullptr, "&status=closed"), Keys{});
  EXPECT_EQ(Hits("road", admin_, nullptr, "&type=complaint").size(), 3u);
  EXPECT_EQ(Get("q=road", {}).status, 401);
  Json p = ExpectProblem(Get("q=", admin_), 400);
  EXPECT_TRUE(HasFieldError(p, "q", "required")) << ErrorsSummary(p);
  p = ExpectProblem(Get("q=road&status=nope&from=2026-13-01", admin_), 400);
  EXPECT_TRUE(HasFieldError(p, "status", "invalid_value")) << ErrorsSummary(p);
  EXPECT_TRUE(HasFieldError(p, "from", "invalid_value")) << ErrorsSummary(p);
}

TEST_F(SearchTest, SnippetsHighlightTheOriginalWordsAndEscapeHtml) {
  Response r = Get("q=" + PercentEncode("المدرسه"), admin_);
  ASSERT_EQ(r.status, 200);
  bool harakat = false;
  const Json body = r.JsonBody();
  for (const auto& item : body["items"]) {
    if (item.value("reference", "") == refs_["school_harakat"]) {
      // The original spelling, with its harakat, is what is marked.
      EXPECT_NE(item.value("snippet", "").find("<mark>الْمَدْرَسَة</mark>"), std::string::npos)
          << item.dump();
      harakat = true;
    }
  }
  EXPECT_TRUE(harakat) << r.body;
  r = Get("q=mosque", admin_);
  ASSERT_EQ(r.status, 200);
  const std::string snippet = r.JsonBody()["items"][0].value("snippet", "");
  EXPECT_NE(snippet.find("<mark>mosque</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;b&gt;at night&lt;/b&gt;"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<b>"), std::string::npos) << snippet;
}

TEST_F(SearchTest, SimilarOpenCasesOfTheSameEntityAreOffered) {
  // Two more reports of the same pothole, one worded differently, and one at another entity.
  auto submit = [&](const std::string& category, const std::string& subject,
                    const std::string& description) {
    Json body = ValidCaseBody();
    body["category"] = category;
    body["subject"] = subject;
    body["description"] = description;
    Response r = SubmitCase(*http_, body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.JsonBody().value("reference", "");
  };
  const std::string twin = submit("roads.potholes", "حفرة عميقة أمام منزل أحمد",
                                  "الحفرة العميقة في شارع أحمد الفاتح ما زالت موجودة.");
  submit("health.appointments", "حفرة في شارع أحمد الفاتح", "حفرة عميقة قرب المركز الصحي.");
  Response r = http_->Get("/api/v1/cases/" + refs_["ahmad"] + "/similar", agent_mow_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  const Json items = r.JsonBody()["items"];
  ASSERT_FALSE(items.empty()) << r.body;
  // The reworded twin comes first; the case itself and other entities' cases never appear.
  EXPECT_EQ(items[0].value("reference", ""), twin) << r.body;
  double previous = 1.0;
  for (const auto& item : items) {
    const std::string ref = item.value("reference", "");
    EXPECT_NE(ref, refs_["ahmad"]);
    EXPECT_NE(ref, refs_["hospital"]);
    const double score = item.value("score", -1.0);
    EXPECT_GT(score, 0.0);
    EXPECT_LE(score, previous);
    previous = score;
    if (ref != twin) {
      EXPECT_TRUE(keys_.count(ref)) << "not a Works case: " << ref;
    }
  }
  // Another entity's agent cannot ask about it at all.
  EXPECT_EQ(http_->Get("/api/v1/cases/" + refs_["hospital"] + "/similar", agent_mow_).status, 404);
  EXPECT_EQ(http_->Get("/api/v1/cases/" + refs_["ahmad"] + "/similar", {}).status, 401);
}

// A query matching more cases than --search-count-cap: `total` is the cap, `total_capped` says
// so, and the first page holds the newest matches (the ranking window is never larger than the
// cap), best first. The corpus's order of submission decides which cases are newest.
class CappedSearchTest : public SearchTest {
 protected:
  ServerOptions Options() override {
    ServerOptions o;
    o.extra_args = {"--search-count-cap", "2"};
    return o;
  }
};

TEST_F(CappedSearchTest, TotalIsCappedAndTheFirstPageHoldsTheNewestMatches) {
  // "road" matches digits, main_road and road_main (submitted in that order).
  Response r = Get("q=road", admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  Json j = r.JsonBody();
  EXPECT_EQ(j.value("total", -1), 2);
  EXPECT_EQ(j.value("total_capped", false), true);
  EXPECT_EQ(j.value("match", ""), "words");
  Keys first;
  double last = 1e300;
  for (const auto& item : j.value("items", Json::array())) {
    first.insert(keys_[item.value("reference", "")]);
    EXPECT_LE(item.value("score", 0.0), last) << "best first";
    last = item.value("score", 0.0);
  }
  EXPECT_EQ(first, (Keys{"main_road", "road_main"}));
  // Past the capped total: nothing.
  r = Get("q=road&page=2", admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody().value("items", Json::array()).size(), 0u);
  // Partial words ("ight": main_road, road_main, streets): capped the same way, newest first.
  std::string match;
  EXPECT_EQ(Hits("ight", admin_, &match), (Keys{"road_main", "streets"}));
  EXPECT_EQ(match, "partial");
  // Under the cap: the whole count, not capped.
  r = Get("q=street", admin_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.JsonBody().value("total", -1), 1);
  EXPECT_EQ(r.JsonBody().value("total_capped", true), false);
}

}  // namespace
}  // namespace tawasul_test
