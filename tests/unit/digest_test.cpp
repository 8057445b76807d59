// The daily digest of an entity for its supervisors (domain/digest.h): the counts, the hour, the
// local date that keys it, whether it is worth sending, and its message and built-in texts.

#include "domain/digest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/message_templates.h"

namespace tawasul::domain {
namespace {

Instant T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

DigestCase Case(CaseStatus status, const char* submitted, Instant due) {
  return DigestCase{status, T(submitted), due};
}

// Monday 7 December 2026, 10:00 in Bahrain (Sun-Wed 07:00-14:15, Thu 07:00-14:00): two working
// days after today's receipt day end on Wednesday 9 December at 14:15.
TEST(DigestTest, CountsNewYesterdayOpenDueSoonPastDueAndWaiting) {
  const WorkingCalendar calendar(BahrainDefaultWeek());
  const Instant now = T("2026-12-07T10:00:00+03:00");
  const std::vector<DigestCase> cases = {
      // New yesterday, open, due soon.
      Case(CaseStatus::kReceived, "2026-12-06T09:00:00+03:00", T("2026-12-08T14:15:00+03:00")),
      // Open, past due.
      Case(CaseStatus::kInProgress, "2026-11-30T09:00:00+03:00", T("2026-12-07T08:00:00+03:00")),
      // Open, waiting for the citizen (its clock is paused: neither soon nor past due), and
      // submitted the day before yesterday.
      Case(CaseStatus::kAwaitingCitizen, "2026-12-05T23:59:59+03:00",
           T("2026-12-07T09:00:00+03:00")),
      // New yesterday (late in the evening), already answered: not open.
      Case(CaseStatus::kAnswered, "2026-12-06T23:30:00+03:00", T("2026-12-08T14:15:00+03:00")),
      // Submitted today: open, not new; due on Thursday, beyond the two working days.
      Case(CaseStatus::kReceived, "2026-12-07T08:00:00+03:00", T("2026-12-10T14:00:00+03:00")),
      // Yesterday's first second: new; due exactly at the end of the second working day: soon.
      Case(CaseStatus::kReceived, "2026-12-06T00:00:00+03:00", T("2026-12-09T14:15:00+03:00")),
      // Never due (a calendar without working days): open only.
      Case(CaseStatus::kReceived, "2026-12-01T00:00:00+03:00", kNeverDue),
      // Today's first second, closed: neither new nor open.
      Case(CaseStatus::kClosed, "2026-12-07T00:00:00+03:00", T("2026-12-09T14:15:00+03:00")),
  };
  const DigestCounts n = CountDigest(cases, calendar, now);
  EXPECT_EQ(n.new_yesterday, 3);
  EXPECT_EQ(n.open, 6);
  EXPECT_EQ(n.due_soon, 2);
  EXPECT_EQ(n.past_due, 1);
  EXPECT_EQ(n.waiting, 1);
  EXPECT_EQ(CountDigest({}, calendar, now), DigestCounts{});
}

TEST(DigestTest, HourAndDateAreLocalToTheCalendarsZone) {
  const WorkingCalendar calendar(BahrainDefaultWeek());
  // 22:30 UTC on the 6th is 01:30 on the 7th in Bahrain.
  const Instant late = T("2026-12-06T22:30:00Z");
  EXPECT_EQ(DigestDate(calendar, late), "2026-12-07");
  EXPECT_TRUE(DigestHourReached(calendar, late, 0));
  EXPECT_TRUE(DigestHourReached(calendar, late, 1));
  EXPECT_FALSE(DigestHourReached(calendar, late, 2));
  EXPECT_FALSE(DigestHourReached(calendar, late, -1));  // off
  EXPECT_FALSE(DigestHourReached(calendar, late, 24));
  EXPECT_TRUE(DigestHourReached(calendar, T("2026-12-07T20:59:59Z"), 23));
  EXPECT_FALSE(DigestHourReached(calendar, T("2026-12-07T19:59:59Z"), 23));
}

TEST(DigestTest, NothingOpenAndNothingNewIsNotWorthSending) {
  EXPECT_FALSE(DigestWorthSending(DigestCounts{}));
  EXPECT_TRUE(DigestWorthSending(DigestCounts{.open = 1}));
  EXPECT_TRUE(DigestWorthSending(DigestCounts{.new_yesterday = 1}));
}

TEST(DigestTest, MessageGoesToTheEntitysSupervisorsWithItsCounts) {
  const Instant now = T("2026-12-07T10:00:00+03:00");
  const DigestCounts counts{
      .new_yesterday = 4, .open = 37, .due_soon = 6, .past_due = 2, .waiting = 3};
  const OutboxMessage m = DigestMessage("MOW", "2026-12-07", counts, now);
  EXPECT_EQ(m.kind, "digest");
  EXPECT_EQ(m.recipient, "role:supervisor@MOW");
  EXPECT_EQ(m.channel, MessageChannel::kEmail);
  EXPECT_EQ(m.created_at, now);
  const auto payload = nlohmann::json::parse(m.payload);
  EXPECT_EQ(payload.value("entity", ""), "MOW");
  EXPECT_EQ(payload.value("digest_date", ""), "2026-12-07");
  EXPECT_EQ(payload.value("new_cases", 0), 4);
  EXPECT_EQ(payload.value("open", 0), 37);
  EXPECT_EQ(payload.value("due_soon", 0), 6);
  EXPECT_EQ(payload.value("past_due", 0), 2);
  EXPECT_EQ(payload.value("waiting", 0), 3);

  // A staff message with built-in texts in both languages that name only known placeholders.
  EXPECT_FALSE(IsCitizenMessage("digest"));
  for (auto language : {Language::kArabic, Language::kEnglish}) {
    auto text = DefaultMessageText("digest", MessageChannel::kEmail, language);
    ASSERT_TRUE(text.has_value());
    EXPECT_FALSE(CheckTemplate("digest", text->subject).has_value()) << text->subject;
    EXPECT_FALSE(CheckTemplate("digest", text->body).has_value()) << text->body;
  }
  auto en = DefaultMessageText("digest", MessageChannel::kEmail, Language::kEnglish);
  const std::string body =
      RenderTemplate(en->body, {{"entity", "Ministry of Works"},
                                {"digest_date", "2026-12-07"},
                                {"new_cases", "4"},
                                {"open", "37"},
                                {"due_soon", "6"},
                                {"past_due", "2"},
                                {"waiting", "3"},
                                {"inbox_url", "https://tawasul.example/staff/"}});
  EXPECT_NE(body.find("Open now: 37"), std::string::npos) << body;
  EXPECT_NE(body.find("Past due: 2"), std::string::npos) << body;
  EXPECT_NE(body.find("https://tawasul.example/staff/"), std::string::npos) << body;
}

}  // namespace
}  // namespace tawasul::domain
