// domain::Now(): the one clock of every layer, at the second precision of every stored time.

#include "domain/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <type_traits>

namespace tawasul::domain {
namespace {

TEST(TimeTest, NowIsTheSystemClockFlooredToTheSecond) {
  using namespace std::chrono;
  const auto before = floor<seconds>(system_clock::now());
  const Instant now = Now();
  const auto after = system_clock::now();
  static_assert(std::is_same_v<decltype(Now()), sys_seconds>);
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);  // a floor: never a moment still to come
  EXPECT_LT(after - now, seconds(2));
}

}  // namespace
}  // namespace tawasul::domain
