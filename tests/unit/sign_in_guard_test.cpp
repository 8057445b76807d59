// Sign-in backoff per (email, address) and familiar addresses (service/sign_in_guard.h).

#include "service/sign_in_guard.h"

#include <gtest/gtest.h>

namespace tawasul::service {
namespace {

using std::chrono::seconds;

TEST(SignInGuardTest, ThreeFreeFailuresThenDoublingWaits) {
  SignInGuard g;
  auto t = SignInGuard::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < SignInGuard::kFreeFailures; ++i) {
    EXPECT_EQ(g.WaitFor("a@x.bh", "1.2.3.4", t), 0) << i;
    g.RecordFailure("a@x.bh", "1.2.3.4", t);
  }
  EXPECT_EQ(g.WaitFor("a@x.bh", "1.2.3.4", t), 2);
  EXPECT_EQ(g.WaitFor("a@x.bh", "1.2.3.4", t + seconds(2)), 0);
  g.RecordFailure("a@x.bh", "1.2.3.4", t + seconds(2));
  EXPECT_EQ(g.WaitFor("a@x.bh", "1.2.3.4", t + seconds(2)), 4);
  // The email is matched without case; another address or another email is not slowed.
  EXPECT_EQ(g.WaitFor("A@X.BH", "1.2.3.4", t + seconds(2)), 4);
  EXPECT_EQ(g.WaitFor("a@x.bh", "5.6.7.8", t + seconds(2)), 0);
  EXPECT_EQ(g.WaitFor("b@x.bh", "1.2.3.4", t + seconds(2)), 0);
}

TEST(SignInGuardTest, WaitsAreCappedAndSuccessClearsThem) {
  SignInGuard g;
  auto t = SignInGuard::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 40; ++i) g.RecordFailure("a@x.bh", "1.2.3.4", t);
  EXPECT_EQ(g.WaitFor("a@x.bh", "1.2.3.4", t), SignInGuard::kMaxWait.count());
  g.RecordSuccess("a@x.bh", "1.2.3.4", 7);
  EXPECT_EQ(g.WaitFor("a@x.bh", "1.2.3.4", t), 0);
}

TEST(SignInGuardTest, FamiliarAddressesAreTheLastFewSuccesses) {
  SignInGuard g;
  EXPECT_FALSE(g.IsFamiliar(7, "10.0.0.1"));
  g.RecordSuccess("a@x.bh", "10.0.0.1", 7);
  EXPECT_TRUE(g.IsFamiliar(7, "10.0.0.1"));
  EXPECT_FALSE(g.IsFamiliar(8, "10.0.0.1"));
  for (int i = 2; i <= 1 + static_cast<int>(SignInGuard::kFamiliarPerUser); ++i) {
    g.RecordSuccess("a@x.bh", "10.0.0." + std::to_string(i), 7);
  }
  EXPECT_FALSE(g.IsFamiliar(7, "10.0.0.1")) << "only the last kFamiliarPerUser are kept";
  EXPECT_TRUE(g.IsFamiliar(7, "10.0.0.2"));
}

}  // namespace
}  // namespace tawasul::service
