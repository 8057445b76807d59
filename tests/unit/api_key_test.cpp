// API keys (domain/api_key.h): format, hash, liveness, touch interval and the scope matrix.

#include "domain/api_key.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tawasul::domain {
namespace {

TEST(ApiKeyTest, GeneratedKeysHaveTheFormatAndDiffer) {
  std::set<std::string> keys, prefixes;
  for (int i = 0; i < 200; ++i) {
    auto k = GenerateApiKey();
    ASSERT_EQ(k.key.size(), 3 + 8 + 1 + 43u) << k.key;
    EXPECT_TRUE(k.key.starts_with("tw_" + k.prefix + "_")) << k.key;
    EXPECT_EQ(ApiKeyPrefix(k.key), k.prefix);
    EXPECT_EQ(k.hash, ApiKeyHash(k.key));
    EXPECT_EQ(k.hash.size(), 64u);
    EXPECT_EQ(k.hash.find(k.key.substr(12)), std::string::npos);  // the secret is not in it
    keys.insert(k.key);
    prefixes.insert(k.prefix);
  }
  EXPECT_EQ(keys.size(), 200u);
  EXPECT_EQ(prefixes.size(), 200u);
}

TEST(ApiKeyTest, Sha256OfTheKey) {
  // SHA-256("abc"), FIPS 180-2.
  EXPECT_EQ(ApiKeyHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ApiKeyTest, MalformedKeysHaveNoPrefix) {
  auto k = GenerateApiKey().key;
  EXPECT_FALSE(ApiKeyPrefix(""));
  EXPECT_FALSE(ApiKeyPrefix(k.substr(1)));
  EXPECT_FALSE(ApiKeyPrefix(k + "x"));
  EXPECT_FALSE(ApiKeyPrefix("xx" + k.substr(2)));
  std::string bad_separator = k;
  bad_separator[11] = '-';
  EXPECT_FALSE(ApiKeyPrefix(bad_separator));
  std::string bad_secret = k;
  bad_secret.back() = '=';
  EXPECT_FALSE(ApiKeyPrefix(bad_secret));
  std::string look_alike = k;
  look_alike[3] = 'l';  // not in the prefix alphabet
  EXPECT_FALSE(ApiKeyPrefix(look_alike));
}

TEST(ApiKeyTest, MatchesOnlyItsOwnHash) {
  auto a = GenerateApiKey(), b = GenerateApiKey();
  EXPECT_TRUE(ApiKeyMatches(a.key, a.hash));
  EXPECT_FALSE(ApiKeyMatches(a.key, b.hash));
  EXPECT_FALSE(ApiKeyMatches(b.key, a.hash));
  EXPECT_FALSE(ApiKeyMatches(a.key, ""));
  EXPECT_FALSE(ApiKeyMatches(a.key, a.hash.substr(1)));
}

TEST(ApiKeyTest, LiveUntilRevokedOrExpired) {
  Instant now = ParseRfc3339("2026-12-07T10:00:00Z").value();
  EXPECT_TRUE(ApiKeyLive(std::nullopt, std::nullopt, now));
  EXPECT_TRUE(ApiKeyLive(now + std::chrono::seconds(1), std::nullopt, now));
  EXPECT_FALSE(ApiKeyLive(now, std::nullopt, now));
  EXPECT_FALSE(ApiKeyLive(now - std::chrono::hours(1), std::nullopt, now));
  EXPECT_FALSE(ApiKeyLive(std::nullopt, now - std::chrono::hours(1), now));
}

TEST(ApiKeyTest, TouchedAtMostOnceAMinute) {
  Instant now = ParseRfc3339("2026-12-07T10:00:00Z").value();
  EXPECT_TRUE(ApiKeyTouchDue(std::nullopt, now));
  EXPECT_FALSE(ApiKeyTouchDue(now, now));
  EXPECT_FALSE(ApiKeyTouchDue(now - std::chrono::seconds(59), now));
  EXPECT_TRUE(ApiKeyTouchDue(now - std::chrono::seconds(60), now));
}

TEST(ApiScopesTest, ParsesAndFormatsCanonically) {
  auto s = ParseApiScopes(" staff:MOH , read,submit,staff:EWA,figures");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->submit);
  EXPECT_TRUE(s->read);
  EXPECT_TRUE(s->figures);
  EXPECT_EQ(s->staff_entities, (std::vector<std::string>{"EWA", "MOH"}));
  EXPECT_EQ(FormatApiScopes(*s), "submit,read,figures,staff:EWA,staff:MOH");
  EXPECT_EQ(ParseApiScopes(FormatApiScopes(*s)), s);
}

TEST(ApiScopesTest, RefusesBadLists) {
  for (const char* bad : {"", " ", "write", "submit,", "submit,submit", "staff:", "staff:moh",
                          "staff:MOH,staff:MOH", "read;submit", "SUBMIT", "staff:M"}) {
    std::string error;
    EXPECT_FALSE(ParseApiScopes(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

// Every scope against every check: a key does exactly what its scopes say.
TEST(ApiScopesTest, Matrix) {
  struct Row {
    const char* scopes;
    bool submit, read, figures, staff_moh, staff_ewa;
  };
  const Row rows[] = {
      {"submit", true, false, false, false, false},
      {"read", false, true, false, false, false},
      {"figures", false, false, true, false, false},
      {"staff:MOH", false, false, false, true, false},
      {"submit,read", true, true, false, false, false},
      {"read,figures,staff:EWA", false, true, true, false, true},
  };
  for (const auto& r : rows) {
    auto s = ParseApiScopes(r.scopes);
    ASSERT_TRUE(s) << r.scopes;
    EXPECT_EQ(Grants(*s, ApiScope::kSubmit), r.submit) << r.scopes;
    EXPECT_EQ(Grants(*s, ApiScope::kRead), r.read) << r.scopes;
    EXPECT_EQ(Grants(*s, ApiScope::kFigures), r.figures) << r.scopes;
    EXPECT_EQ(Grants(*s, ApiScope::kStaff, "MOH"), r.staff_moh) << r.scopes;
    EXPECT_EQ(Grants(*s, ApiScope::kStaff, "EWA"), r.staff_ewa) << r.scopes;
    EXPECT_FALSE(Grants(*s, ApiScope::kStaff, "")) << r.scopes;
  }
}

}  // namespace
}  // namespace tawasul::domain
