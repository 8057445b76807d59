// Open311 request updates (domain/open311_updates.h): the table of extended statuses, the fixed
// wordings, the store statements' list of kinds, the window and the POSTed update's checks.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "domain/open311_updates.h"
#include "domain/reference.h"
#include "store/postgres/queries_open311_updates.h"
#include "store/sqlite/queries_open311_updates.h"

namespace tawasul::domain {
namespace {

TEST(Open311UpdatesTest, StatusTable) {
  EXPECT_EQ(Open311UpdateStatus(EventKind::kReply), "in_progress");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kRequestInfo), "investigating");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kAnswer), "closed");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kReject), "no_further_action");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kTransfer), "in_progress");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kExtend), "action_scheduled");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kMerge), "duplicate");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kCitizenReply), "open");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kReopen), "reopen");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kInfoTimeout), "in_progress");
  EXPECT_EQ(Open311UpdateStatus(EventKind::kClose), "closed");
  // Not public changes: never updates.
  for (auto k :
       {EventKind::kReceived, EventKind::kAssign, EventKind::kNote, EventKind::kRate,
        EventKind::kBreached, EventKind::kWarning, EventKind::kEscalated, EventKind::kDueRecomputed,
        EventKind::kPersonalDataErased, EventKind::kSuggestionOutcome, EventKind::kOther}) {
    EXPECT_FALSE(Open311UpdateStatus(k).has_value()) << k;
  }
}

TEST(Open311UpdatesTest, EveryStatusHasBothWordings) {
  const std::set<std::string> extended = {
      "in_progress",       "action_scheduled", "investigating", "duplicate", "not_responsible",
      "no_further_action", "reopen",           "open",          "closed"};
  for (auto k : Open311UpdateKinds()) {
    auto status = Open311UpdateStatus(k);
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(extended.contains(std::string(*status))) << *status;
  }
  for (const auto& s : extended) {
    EXPECT_FALSE(Open311UpdateWording(s, Language::kArabic).empty()) << s;
    EXPECT_FALSE(Open311UpdateWording(s, Language::kEnglish).empty()) << s;
    EXPECT_NE(Open311UpdateWording(s, Language::kArabic),
              Open311UpdateWording(s, Language::kEnglish));
  }
  EXPECT_EQ(Open311UpdateId("26-0000123-5", 4), "26-0000123-5-4");
}

// The kinds quoted in a statement's "kind IN (...)" list.
std::set<std::string> QuotedKinds(std::string_view sql) {
  std::set<std::string> out;
  auto at = sql.find("kind IN (");
  auto end = sql.find(')', at);
  std::string_view list = sql.substr(at, end - at);
  for (std::size_t i = list.find('\''); i != std::string_view::npos; i = list.find('\'', i)) {
    auto close = list.find('\'', i + 1);
    out.insert(std::string(list.substr(i + 1, close - i - 1)));
    i = close + 1;
  }
  return out;
}

TEST(Open311UpdatesTest, StatementsListExactlyTheMappedKinds) {
  std::set<std::string> mapped;
  for (auto k : Open311UpdateKinds()) mapped.insert(std::string(ToString(k)));
  EXPECT_EQ(QuotedKinds(store::sqlite::q_open311_updates::kRequestUpdates), mapped);
  EXPECT_EQ(QuotedKinds(store::postgres::q_open311_updates::kRequestUpdates), mapped);
}

TEST(Open311UpdatesTest, Window) {
  Instant now = *ParseRfc3339("2026-12-07T12:00:00Z");
  auto def = std::get<Open311Window>(ParseOpen311UpdatesWindow("", "", now));
  EXPECT_EQ(def.to - def.from, kOpen311UpdatesDefaultWindow + std::chrono::seconds(1));
  auto given = ParseOpen311UpdatesWindow("2026-12-01T00:00:00+03:00", "2026-12-02T00:00:00Z", now);
  ASSERT_TRUE(std::holds_alternative<Open311Window>(given));
  auto long_one = ParseOpen311UpdatesWindow("2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z", now);
  ASSERT_TRUE(std::holds_alternative<FieldError>(long_one));
  EXPECT_EQ(std::get<FieldError>(long_one).field, "end_date");
  auto bad = ParseOpen311UpdatesWindow("yesterday", "", now);
  ASSERT_TRUE(std::holds_alternative<FieldError>(bad));
  EXPECT_EQ(std::get<FieldError>(bad).field, "start_date");
  auto reversed = ParseOpen311UpdatesWindow("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z", now);
  EXPECT_EQ(std::get<FieldError>(reversed).code, "before_start");
}

TEST(Open311UpdatesTest, PostedUpdate) {
  const std::string kRef = FormatReference({26, 123});
  auto ok = ReadOpen311UpdatePost({{"api_key", "k"},
                                   {"service_request_id", kRef},
                                   {"status", "OPEN"},
                                   {"description", "  The light is still off  "},
                                   {"email", "x@example.com"}});
  EXPECT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.api_key, "k");
  EXPECT_EQ(ok.description, "The light is still off");
  EXPECT_EQ(ok.reference, kRef);
  auto first_field = [](const Open311UpdatePost& p) {
    return p.errors.empty() ? std::string() : p.errors.front().field;
  };
  EXPECT_EQ(first_field(ReadOpen311UpdatePost({{"description", "text"}})), "service_request_id");
  EXPECT_EQ(first_field(ReadOpen311UpdatePost(
                {{"service_request_id", "nonsense"}, {"description", "text"}})),
            "service_request_id");
  EXPECT_EQ(first_field(ReadOpen311UpdatePost({{"service_request_id", kRef}})), "description");
  EXPECT_EQ(first_field(ReadOpen311UpdatePost(
                {{"service_request_id", kRef}, {"description", "t"}, {"status", "x"}})),
            "status");
  EXPECT_EQ(first_field(ReadOpen311UpdatePost(
                {{"service_request_id", kRef}, {"description", "t"}, {"colour", "red"}})),
            "colour");
  EXPECT_EQ(
      first_field(ReadOpen311UpdatePost(
          {{"service_request_id", kRef}, {"description", "t"}, {"media_url", "javascript:x"}})),
      "media_url");
}

}  // namespace
}  // namespace tawasul::domain
