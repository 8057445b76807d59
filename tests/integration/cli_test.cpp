// The command line as operators and scripts use it: exit statuses, one-line errors, and the
// calendar arithmetic that must agree with the server (same code).

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "integration/server.h"

namespace tawasul_test {
namespace {

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr together
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-cli-XXXXXX";
    dir_ = mkdtemp(tmpl);
    db_ = std::make_unique<TestDatabase>(dir_);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  CliRun Tawasul(const std::string& args) {
    std::string cmd = std::string(TAWASUL_BINARY) + " " + args + " " + db_->CliArgs() + " 2>&1";
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[512];
    while (p && fgets(buf, sizeof buf, p)) r.output += buf;
    int raw = p ? pclose(p) : -1;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
  }

  std::string dir_;
  std::unique_ptr<TestDatabase> db_;
};

TEST_F(CliTest, CalendarDueInWorkingDaysAndMinutes) {
  // 4 Jun 2025 10:00: receipt day Wednesday; Arafat, Eid al-Adha and its compensation days
  // (5-10 Jun) and the Hijri New Year (26 Jun) are skipped; due at the 14th close after.
  CliRun r = Tawasul("calendar due --from 2025-06-04T10:00:00+03:00 --working-days 14");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "2025-07-01T14:15:00+03:00\n");
  // 90 working minutes from Wednesday 13:30: 45 minutes to the 14:15 close, then 45 from
  // Thursday's (non-holiday) 07:00 opening.
  r = Tawasul("calendar due --from 2025-01-08T13:30:00+03:00 --working-minutes 90");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "2025-01-09T07:45:00+03:00\n");
  r = Tawasul("calendar due --from yesterday --working-days 3");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("--from"), std::string::npos) << r.output;
}

TEST_F(CliTest, CalendarWorkingDaysCountsThe2025Calendar) {
  CliRun r = Tawasul("calendar working-days --from 2025-01-01 --to 2025-12-31");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "245\n");
  r = Tawasul("calendar working-days --from 2025-01-01 --to 2025-01-31");
  EXPECT_EQ(r.output, "20\n");
}

TEST_F(CliTest, ErrorsExitNonZeroWithOneLine) {
  CliRun r =
      Tawasul("user add --email someone@example.com --password short --role agent --entity MOW");
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  r = Tawasul("serve --listen nonsense");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("--listen"), std::string::npos) << r.output;
  r = Tawasul("migrate");
  EXPECT_EQ(r.status, 0) << r.output;
}

TEST_F(CliTest, UserAddAndDemo) {
  CliRun r = Tawasul("demo --cases 25");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("track "), std::string::npos) << r.output;
  r = Tawasul(
      "user add --email new.agent@example.gov --password long-enough-1 --role agent --entity MOW");
  EXPECT_EQ(r.status, 0) << r.output;
  r = Tawasul(
      "user add --email new.agent@example.gov --password long-enough-1 --role agent --entity MOW");
  EXPECT_NE(r.status, 0);  // duplicate
  r = Tawasul("user add --email x@example.gov --password long-enough-1 --role agent --entity NOPE");
  EXPECT_NE(r.status, 0);  // unknown entity
  r = Tawasul("audit verify");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("25 cases"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace tawasul_test
