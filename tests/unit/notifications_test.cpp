// Who is told what (domain/notifications.h), the message templates (domain/message_templates.h)
// and the delivery queue's retry and quiet-hour rules (domain/delivery.h).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/delivery.h"
#include "domain/intake.h"
#include "domain/message_templates.h"
#include "domain/notifications.h"
#include "domain/submission_json.h"

namespace tawasul::domain {
namespace {

Instant At(std::int64_t secs) { return Instant(std::chrono::seconds(secs)); }

CaseDraft Draft(std::string email, std::string phone) {
  CaseDraft d;
  d.entity = "MOW";
  d.contact_email = std::move(email);
  d.contact_phone = std::move(phone);
  return d;
}

TEST(NotificationsTest, CitizenChannelFollowsTheChoiceThenPrefersEmail) {
  EXPECT_EQ(CitizenChannel(Draft("a@b.bh", "+97336001234")), MessageChannel::kEmail);
  EXPECT_EQ(CitizenChannel(Draft("", "+97336001234")), MessageChannel::kSms);
  EXPECT_FALSE(CitizenChannel(Draft("", "")).has_value());
  auto d = Draft("a@b.bh", "+97336001234");
  d.notify = NotifyChoice::kSms;
  EXPECT_EQ(CitizenChannel(d), MessageChannel::kSms);
  d.notify = NotifyChoice::kNone;
  EXPECT_FALSE(CitizenChannel(d).has_value());
}

TEST(NotificationsTest, MasksKeepTooLittleToContact) {
  EXPECT_EQ(MaskEmail("citizen@example.com"), "c***@example.com");
  EXPECT_EQ(MaskPhone("+97336001234"), "+973 ****1234");
  EXPECT_EQ(MaskEmail("nonsense"), "***");
  EXPECT_EQ(MaskPhone("123"), "****");
}

TEST(NotificationsTest, ReceivedMessageCarriesTheCodeOnlyWhenGiven) {
  auto d = Draft("", "+97336001234");
  d.language = Language::kEnglish;
  auto m = ReceivedMessage(d, At(1000), At(5000), "ABCD2345");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->kind, "received");
  EXPECT_EQ(m->recipient, "case");
  EXPECT_EQ(m->channel, MessageChannel::kSms);
  EXPECT_EQ(m->language, Language::kEnglish);
  EXPECT_EQ(m->masked, "+973 ****1234");
  EXPECT_EQ(m->secret, "ABCD2345");
  EXPECT_EQ(nlohmann::json::parse(m->payload).value("due_at", 0), 5000);
  EXPECT_FALSE(ReceivedMessage(Draft("", ""), At(1000), At(5000), "").has_value());
}

TEST(NotificationsTest, ActionsTellTheCitizenAndTheNewAssignee) {
  CaseRecord before;
  before.reference = "26-0000001-9";
  before.draft = Draft("c@example.com", "");
  Actor agent{Role::kAgent, 7, "MOW"};
  auto messages = [&](ActionKind kind, std::int64_t assignee_after = 0) {
    CaseChange ch;
    ch.apply = true;
    ch.next = before;
    ch.next.assignee_id = assignee_after;
    Action a;
    a.kind = kind;
    a.body = "the text";
    AddActionMessages(before, agent, a, ch, At(100));
    return ch.outbox;
  };
  auto info = messages(ActionKind::kRequestInfo);
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0].kind, "info_requested");
  EXPECT_EQ(nlohmann::json::parse(info[0].payload).value("question", ""), "the text");
  EXPECT_EQ(messages(ActionKind::kAnswer).at(0).kind, "answered");
  EXPECT_EQ(messages(ActionKind::kTransfer).at(0).kind, "transferred");
  EXPECT_EQ(messages(ActionKind::kReject).at(0).kind, "closed");
  EXPECT_TRUE(messages(ActionKind::kNote).empty());   // internal
  EXPECT_TRUE(messages(ActionKind::kReply).empty());  // the reply is on the track page
  auto assigned = messages(ActionKind::kAssign, 12);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].recipient, "user:12");
  EXPECT_TRUE(messages(ActionKind::kAssign, 7).empty());  // took it themselves
}

// The rating reminder: due only while the window (answer + 14 days) is open and closes within the
// lead, for an answered case not rated for this answer; non-essential, to the citizen.
TEST(NotificationsTest, RateReminderIsDueInTheLastLeadOfAnOpenWindow) {
  const Instant answered = At(1'000'000);
  const Instant closes = answered + kRatingWindow;
  const auto lead = std::chrono::seconds(kDefaultRateReminderLead);
  CaseRecord c;
  c.reference = "26-0000001-9";
  c.status = CaseStatus::kAnswered;
  c.answered_at = answered;
  c.draft = Draft("c@example.com", "");
  EXPECT_FALSE(RateReminderDue(c, closes - lead - std::chrono::seconds(1), lead));
  EXPECT_TRUE(RateReminderDue(c, closes - lead, lead));  // closes exactly at now + lead
  EXPECT_TRUE(RateReminderDue(c, closes - std::chrono::seconds(1), lead));
  EXPECT_FALSE(RateReminderDue(c, closes, lead));  // half-open window: closed now
  EXPECT_FALSE(RateReminderDue(c, closes - std::chrono::hours(1), std::chrono::seconds(0)));
  const Instant now = closes - std::chrono::hours(2);
  auto rated = c;
  rated.rated_this_answer = true;  // a low rating keeps the case answered: no reminder
  EXPECT_FALSE(RateReminderDue(rated, now, lead));
  for (auto status : {CaseStatus::kInProgress, CaseStatus::kClosed}) {
    auto other = c;
    other.status = status;
    EXPECT_FALSE(RateReminderDue(other, now, lead));
  }
  auto unanswered = c;
  unanswered.answered_at.reset();
  EXPECT_FALSE(RateReminderDue(unanswered, now, lead));

  auto m = RateReminderMessage(c, now);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->kind, "rate_reminder");
  EXPECT_EQ(m->recipient, "case");
  EXPECT_EQ(m->channel, MessageChannel::kEmail);
  EXPECT_FALSE(m->essential);  // quiet hours for its SMS, a stop link
  EXPECT_EQ(nlohmann::json::parse(m->payload).value("rate_by", std::int64_t{0}),
            closes.time_since_epoch().count());
  auto silent = c;
  silent.draft.notify = NotifyChoice::kNone;
  EXPECT_FALSE(RateReminderMessage(silent, now).has_value());
  EXPECT_TRUE(IsCitizenMessage("rate_reminder"));
}

TEST(MessageTemplatesTest, EveryBuiltInTextIsAValidTemplateOfItsKind) {
  for (auto kind : MessageKinds()) {
    for (auto channel : {MessageChannel::kEmail, MessageChannel::kSms}) {
      for (auto language : {Language::kArabic, Language::kEnglish}) {
        auto t = DefaultMessageText(kind, channel, language);
        ASSERT_TRUE(t.has_value()) << kind;
        EXPECT_FALSE(t->body.empty()) << kind;
        EXPECT_FALSE(CheckTemplate(kind, t->body).has_value()) << kind << ": " << t->body;
        EXPECT_FALSE(CheckTemplate(kind, t->subject).has_value()) << kind;
        // Every message is about a case but the daily digest (about an entity) and the sign-in
        // code (about an account).
        if (kind != "digest" && kind != "sign_in_code") {
          EXPECT_NE(t->body.find("{{reference}}"), std::string::npos) << kind;
        }
      }
    }
  }
}

TEST(MessageTemplatesTest, UnknownOrUnsafePlaceholdersAreNamed) {
  EXPECT_EQ(CheckTemplate("received", "Hello {{reference}} {{password}}"), "password");
  EXPECT_EQ(CheckTemplate("answered", "{{access_code}}"), "access_code");  // not for this kind
  EXPECT_EQ(CheckTemplate("received", "{{#reference}}"), "{{#reference}}");
  EXPECT_EQ(CheckTemplate("received", "{{{reference}}}"), "{{{reference}}");
  EXPECT_TRUE(CheckTemplate("received", "open {{reference").has_value());
  EXPECT_TRUE(CheckTemplate("received", "stray }} here").has_value());
  EXPECT_FALSE(CheckTemplate("received", "plain text, no placeholder").has_value());
}

TEST(MessageTemplatesTest, RenderingFillsValuesAndDropsLinesLeftEmpty) {
  std::map<std::string, std::string> v = {{"reference", "26-0000001-9"}, {"access_code", ""}};
  EXPECT_EQ(RenderTemplate("Case {{reference}}\nCode: {{access_code}}\nBye", v),
            "Case 26-0000001-9\nBye");
  v["access_code"] = "ABCD2345";
  EXPECT_EQ(RenderTemplate("Case {{reference}}\nCode: {{access_code}}\nBye", v),
            "Case 26-0000001-9\nCode: ABCD2345\nBye");
  EXPECT_EQ(RenderTemplate("no placeholders\n\nkept", v), "no placeholders\n\nkept");
}

TEST(DeliveryRulesTest, BackoffDoublesWithJitterUpToTheCap) {
  RetryPolicy p;  // 30 s, doubling, 1 h cap
  auto now = At(1'000'000);
  auto wait = [&](int attempts, double unit) {
    return (NextAttempt(p, attempts, now, unit) - now).count();
  };
  EXPECT_EQ(wait(1, 0.5), 30);
  EXPECT_EQ(wait(2, 0.5), 60);
  EXPECT_EQ(wait(3, 0.5), 120);
  EXPECT_EQ(wait(20, 0.5), 3600);
  EXPECT_EQ(wait(1, 0.0), 24);  // -20%
  EXPECT_EQ(wait(1, 1.0), 36);  // +20%
  EXPECT_FALSE(ShouldGiveUp(p, now, now + std::chrono::hours(47)));
  EXPECT_TRUE(ShouldGiveUp(p, now, now + std::chrono::hours(48)));
}

// Delivery reports (docs/notifications.md "Delivery reports"): only a message the gateway
// accepted can be reported on; the reason is kept short and clean; only our own key is an id.
TEST(DeliveryRulesTest, ReportsApplyOnlyToAcceptedMessages) {
  for (auto status : {"sent", "delivered", "failed"}) {
    EXPECT_EQ(StatusAfterReport(status, ReportedOutcome::kDelivered), "delivered") << status;
    EXPECT_EQ(StatusAfterReport(status, ReportedOutcome::kFailed), "failed") << status;
  }
  for (auto status : {"queued", "sending", "retrying", "dead", ""}) {
    EXPECT_FALSE(StatusAfterReport(status, ReportedOutcome::kDelivered).has_value()) << status;
  }
  EXPECT_EQ(GatewayFailure("absent subscriber"), "gateway: absent subscriber");
  EXPECT_EQ(GatewayFailure("bad\r\nheader\x7f"), "gateway: badheader");
  EXPECT_EQ(GatewayFailure(""), "gateway: failed");
  const std::string long_reason(200, 'x');
  EXPECT_EQ(GatewayFailure(long_reason).size(), std::string("gateway: ").size() + 120);
  const std::string cut = GatewayFailure(std::string(119, 'x') + "\u0645\u0645");  // 2-byte chars
  EXPECT_EQ(cut, "gateway: " + std::string(119, 'x'));  // never half a character
  EXPECT_EQ(OutboxIdOfKey("tawasul-outbox-42"), 42);
  for (auto bad : {"tawasul-outbox-", "tawasul-outbox-04", "tawasul-outbox-4x", "outbox-4",
                   "tawasul-outbox-1234567890123456789", "tawasul-outbox--1"}) {
    EXPECT_FALSE(OutboxIdOfKey(bad).has_value()) << bad;
  }
}

TEST(DeliveryRulesTest, QuietHoursDeferToTheMorningInLocalTime) {
  QuietHours q;  // 21:00-07:00, UTC+3
  // 2026-12-07 12:00 local (09:00 UTC): outside.
  auto noon = At(1796634000);
  EXPECT_EQ(OutsideQuietHours(q, noon), noon);
  // 23:00 local is 20:00 UTC; the next 07:00 local is 8 hours later.
  auto late = At(1796601600 + 20 * 3600);  // 2026-12-07 00:00 UTC + 20 h
  EXPECT_EQ(OutsideQuietHours(q, late) - late, std::chrono::hours(8));
  // 03:00 local (00:00 UTC): four hours to wait.
  auto night = At(1796601600);
  EXPECT_EQ(OutsideQuietHours(q, night) - night, std::chrono::hours(4));
}

TEST(IntakeNotifyTest, TheChoiceNeedsItsContact) {
  Catalogue cat({{"MOW", "وزارة الأشغال", "Ministry of Works"}}, {}, {});
  IntakeContext ctx;
  ctx.catalogue = &cat;
  nlohmann::json body = {{"type", "complaint"},
                         {"entity", "MOW"},
                         {"subject", "A pothole"},
                         {"description", "A deep pothole in front of the school."},
                         {"contact", {{"email", "c@example.com"}}},
                         {"notify", "sms"}};
  auto r = ValidateSubmission(SubmissionFromJson(body), ctx);
  ASSERT_TRUE(std::holds_alternative<std::vector<FieldError>>(r));
  EXPECT_EQ(std::get<std::vector<FieldError>>(r).at(0).field, "notify");
  body["notify"] = "none";
  r = ValidateSubmission(SubmissionFromJson(body), ctx);
  ASSERT_TRUE(std::holds_alternative<CaseDraft>(r));
  EXPECT_EQ(std::get<CaseDraft>(r).notify, NotifyChoice::kNone);
  body["notify"] = "pigeon";
  EXPECT_TRUE(std::holds_alternative<std::vector<FieldError>>(
      ValidateSubmission(SubmissionFromJson(body), ctx)));
  // Staff entering a case for a caller need no contact at all.
  body.erase("notify");
  body.erase("contact");
  EXPECT_TRUE(std::holds_alternative<std::vector<FieldError>>(
      ValidateSubmission(SubmissionFromJson(body), ctx)));
  ctx.caller_is_staff = true;
  body["channel"] = "phone";
  EXPECT_TRUE(std::holds_alternative<CaseDraft>(ValidateSubmission(SubmissionFromJson(body), ctx)));
}

}  // namespace
}  // namespace tawasul::domain
