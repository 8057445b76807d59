// HTTP helpers that need no socket: router matching, URL decoding, cookies, rate limiting,
// Reply's exactly-once guarantee, problem+json shape.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/message.h"
#include "http/problem.h"
#include "http/rate_limit.h"
#include "http/router.h"

namespace tawasul::http {
namespace {

Request Req(Method m, std::string path) {
  Request r;
  r.method = m;
  r.path = std::move(path);
  return r;
}

TEST(RouterTest, MatchesLiteralsParamsAndMethods) {
  Router router;
  int hit = 0;
  router.Add(Method::kGet, "/api/v1/cases/{reference}", [&](const Request&, Reply) { hit = 1; });
  router.Add(Method::kGet, "/api/v1/cases/export", [&](const Request&, Reply) { hit = 2; });
  router.Add(Method::kPost, "/api/v1/cases", [&](const Request&, Reply) { hit = 3; });
  router.Add(Method::kGet, "/static/*", [&](const Request&, Reply) { hit = 4; });

  auto r = Req(Method::kGet, "/api/v1/cases/26-0000042-5");
  auto m = router.Find(r);
  ASSERT_NE(m.handler, nullptr);
  (*m.handler)(r, Reply());
  EXPECT_EQ(hit, 1);
  EXPECT_EQ(r.PathParam("reference"), "26-0000042-5");

  r = Req(Method::kGet, "/api/v1/cases/export");  // literal beats parameter
  m = router.Find(r);
  (*m.handler)(r, Reply());
  EXPECT_EQ(hit, 2);

  r = Req(Method::kDelete, "/api/v1/cases");
  m = router.Find(r);
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_TRUE(m.path_known);  // 405, not 404

  r = Req(Method::kGet, "/nope");
  m = router.Find(r);
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_FALSE(m.path_known);

  r = Req(Method::kHead, "/static/app.css");  // HEAD is served by GET routes
  m = router.Find(r);
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(router.RouteName(m.route_index), "/static/*");
}

TEST(UrlTest, DecodesFormsAndRejectsBrokenEscapes) {
  std::string out;
  EXPECT_TRUE(PercentDecode("a%20b+c", out, true));
  EXPECT_EQ(out, "a b c");
  EXPECT_TRUE(PercentDecode("a+b", out, false));
  EXPECT_EQ(out, "a+b");
  EXPECT_FALSE(PercentDecode("%4", out, false));
  EXPECT_FALSE(PercentDecode("%zz", out, false));
  auto pairs = ParseUrlEncoded("subject=%D8%AD%D9%81%D8%B1%D8%A9&empty=&flag&x=1%2B1");
  ASSERT_EQ(pairs.size(), 4u);
  EXPECT_EQ(pairs[0].second, "حفرة");
  EXPECT_EQ(pairs[1].second, "");
  EXPECT_EQ(pairs[2].first, "flag");
  EXPECT_EQ(pairs[3].second, "1+1");
  EXPECT_EQ(UrlEncode("a b/ج"), "a%20b%2F%D8%AC");
}

TEST(RequestTest, HeadersCookiesQuery) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}, {"Cookie", "lang=en; csrf=abc"}};
  r.query = "lang=ar&type=complaint";
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("x-missing"), "");
  EXPECT_EQ(r.Cookie("csrf"), "abc");
  EXPECT_EQ(r.Cookie("lang"), "en");
  EXPECT_EQ(r.Cookie("nope"), "");
  EXPECT_EQ(r.QueryParam("type"), "complaint");
}

TEST(ReplyTest, RunsOnceAndAnswers500WhenDropped) {
  std::vector<int> statuses;
  {
    Reply reply([&](Response r) { statuses.push_back(r.status); }, "rid");
    Response ok;
    ok.status = 201;
    reply(ok);
    reply(ok);  // ignored
  }
  {
    Reply dropped([&](Response r) { statuses.push_back(r.status); }, "rid2");
  }
  EXPECT_EQ(statuses, (std::vector<int>{201, 500}));
}

TEST(RateLimiterTest, BurstThenRefuseWithRetryAfter) {
  RateLimiter limiter(60, 3);  // one a second, burst 3
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_FALSE(limiter.WouldAllow("a"));
  int retry = 0;
  EXPECT_FALSE(limiter.Allow("a", &retry));
  EXPECT_GE(retry, 1);
  EXPECT_TRUE(limiter.Allow("b"));  // keys are independent
  RateLimiter off(0, 0);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(off.Allow("x"));
}

TEST(RateLimiterTest, AnEarlierTimeFromAnotherThreadNeitherDrainsNorRewinds) {
  // A high rate with a small burst, as a benchmark sets the intake limits: threads read the
  // clock before the shard's lock, so times reach the bucket out of order.
  RateLimiter limiter(60.0 * 1e7, 5);  // 10 million a second, burst 5
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(limiter.AllowAt("k", t0 + std::chrono::milliseconds(10)));
  // 10 ms earlier: no refill, but the 4 tokens left are still there.
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.AllowAt("k", t0)) << i;
  EXPECT_FALSE(limiter.AllowAt("k", t0));
  // One microsecond after the newest stamp refills 10 tokens (up to the burst): the stamp did
  // not go back to t0, and the bucket was not driven below zero.
  EXPECT_TRUE(
      limiter.AllowAt("k", t0 + std::chrono::milliseconds(10) + std::chrono::microseconds(1)));
}

TEST(ProblemTest, ShapeAndErrors) {
  auto r = Problem(422, "validation", "", "2 fields are invalid", "rid-1",
                   {{"subject", "too_short", "m"}, {"contact.email", "invalid_email", "m"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.Get("Content-Type"), "application/problem+json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["status"], 422);
  EXPECT_EQ(j["request_id"], "rid-1");
  EXPECT_EQ(j["title"], "Invalid request");
  ASSERT_EQ(j["errors"].size(), 2u);
  EXPECT_EQ(j["errors"][1]["field"], "contact.email");
}

}  // namespace
}  // namespace tawasul::http

namespace tawasul::http {
namespace {
TEST(RouterTest, EncodedSlashStaysInsideItsParameter) {
  Router router;
  router.Add(Method::kGet, "/api/v1/cases/{reference}", [](const Request&, Reply) {});
  Request r;
  r.method = Method::kGet;
  r.raw_path = "/api/v1/cases/26%2F0000042%2F5";
  r.path = "/api/v1/cases/26/0000042/5";
  auto m = router.Find(r);
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(r.PathParam("reference"), "26/0000042/5");
}
}  // namespace
}  // namespace tawasul::http
