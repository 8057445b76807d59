// Webhook rules (domain/webhooks.h): events, bodies, URLs, sealed secrets; and that a change
// announces a citizen event even when the citizen cannot be told (domain/notifications.h).

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/message_templates.h"
#include "domain/notifications.h"
#include "domain/webhooks.h"

namespace tawasul::domain {
namespace {

Instant At(std::int64_t secs) { return Instant(std::chrono::seconds(secs)); }

const std::string kServerSecret(32, 'k');

TEST(WebhooksTest, EveryEventIsAMessageKind) {
  const auto& kinds = MessageKinds();
  for (auto k : kWebhookKinds) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
  }
  EXPECT_EQ(WebhookEventName("received"), "case.received");
}

TEST(WebhooksTest, SubscriptionsAreStoredInOneOrderWithoutUnknownsOrRepeats) {
  EXPECT_EQ(JoinWebhookKinds({"closed", "received", "closed", "nonsense"}), "received,closed");
  EXPECT_EQ(JoinWebhookKinds({}), "");
  EXPECT_EQ(SplitWebhookKinds("closed,received,,x"),
            (std::vector<std::string>{"received", "closed"}));
  EXPECT_TRUE(SplitWebhookKinds("").empty());
}

TEST(WebhooksTest, AChangeAnnouncesEachKindOnceIncludingUnsentOnes) {
  OutboxMessage a;
  a.kind = "answered";
  OutboxMessage b = a;  // a second message of the same kind
  OutboxMessage other;
  other.kind = "rating_reminder_not_a_webhook_kind";
  EXPECT_EQ(AnnouncedKinds({a, b, other}, {"answered", "closed"}),
            (std::vector<std::string>{"answered", "closed"}));
  EXPECT_TRUE(AnnouncedKinds({}, {}).empty());
}

TEST(WebhooksTest, ACitizenWithoutContactStillLeavesTheEventForWebhooks) {
  CaseRecord before;
  before.draft.entity = "MOW";  // no email, no phone
  CaseChange ch;
  ch.apply = true;
  ch.next = before;
  Action answer;
  answer.kind = ActionKind::kAnswer;
  answer.body = "done";
  AddActionMessages(before, Actor{Role::kAgent, 7, "MOW"}, answer, ch, At(100));
  EXPECT_TRUE(ch.outbox.empty());
  EXPECT_EQ(ch.unsent, (std::vector<std::string>{"answered"}));

  CaseChange reachable;
  reachable.next = before;
  reachable.next.draft.contact_email = "c@example.com";
  AddActionMessages(before, Actor{Role::kAgent, 7, "MOW"}, answer, reachable, At(100));
  EXPECT_EQ(reachable.outbox.size(), 1u);
  EXPECT_TRUE(reachable.unsent.empty());
}

TEST(WebhooksTest, TheBodyCarriesNoPersonalDataInTheDocumentedOrder) {
  EXPECT_EQ(WebhookBody("answered", "26-0000123-4", "MOW", CaseStatus::kAnswered, At(1767225600)),
            R"({"event":"case.answered","reference":"26-0000123-4","entity":"MOW",)"
            R"("status":"answered","at":"2026-01-01T00:00:00Z"})");
  auto j = nlohmann::json::parse(WebhookBody("received", "26-1", "A\"B", std::nullopt, At(0)));
  EXPECT_EQ(j["entity"], "A\"B");
  EXPECT_FALSE(j.contains("status"));
  EXPECT_EQ(j.size(), 4u);
}

TEST(WebhooksTest, OnlyHttpUrlsWithAHostAreAccepted) {
  for (const char* ok : {"https://hooks.example.gov/tawasul", "http://127.0.0.1:8080/in?x=1",
                         "https://[::1]:9443/", "https://a-b.example", "http://h:1#f"}) {
    EXPECT_TRUE(IsWebhookUrl(ok)) << ok;
  }
  for (const char* bad :
       {"ftp://example.com/x", "file:///etc/passwd", "https://", "https:///path", "http:/host",
        "https://user:pw@example.com/", "https://exa mple.com/", "https://example.com/a b",
        "javascript:alert(1)", "HTTPS://", "https://host:0/", "https://host:70000/",
        "https://host:/", "https://.example/", "https://ex..ample/", "https://[zz]/", ""}) {
    EXPECT_FALSE(IsWebhookUrl(bad)) << bad;
  }
  EXPECT_FALSE(IsWebhookUrl("https://example.com/" + std::string(2000, 'a')));
}

TEST(WebhooksTest, SecretsAreRandomAndSealedUnderTheServerSecret) {
  auto s1 = NewWebhookSecret();
  auto s2 = NewWebhookSecret();
  EXPECT_EQ(s1.size(), 6u + 32u);
  EXPECT_TRUE(s1.starts_with("whsec_"));
  EXPECT_NE(s1, s2);

  auto sealed = SealWebhookSecret(kServerSecret, s1);
  EXPECT_TRUE(sealed.starts_with("sb1:"));
  EXPECT_EQ(sealed.find(s1), std::string::npos);
  EXPECT_NE(sealed, SealWebhookSecret(kServerSecret, s1));  // a fresh nonce each time
  EXPECT_EQ(OpenWebhookSecret(kServerSecret, sealed), s1);
  EXPECT_FALSE(OpenWebhookSecret(std::string(32, 'x'), sealed).has_value());  // another server
  std::string tampered = sealed;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(OpenWebhookSecret(kServerSecret, tampered).has_value());
  EXPECT_FALSE(OpenWebhookSecret(kServerSecret, "sb1:zz").has_value());
  EXPECT_FALSE(OpenWebhookSecret(kServerSecret, "").has_value());
  EXPECT_THROW(SealWebhookSecret("short", s1), std::invalid_argument);
}

}  // namespace
}  // namespace tawasul::domain
