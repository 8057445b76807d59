// The scheduler inside `serve`: overdue imported cases get exactly one "breached" event per clock,
// with a notification in the outbox, and a restart records nothing twice.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "domain/reference.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

TEST(SchedulerTest, RecordsEachBreachOnceAcrossTicksAndRestarts) {
  Server server(
      ServerOptions{.demo = false,
                    .threads = 2,
                    .extra_args = {"--scheduler-interval", "0.2", "--escalate-after-hours", "0"}});
  // 40 cases received in 2025 and never touched: every clock is long overdue.
  {
    std::ofstream f(server.dir() + "/old.jsonl");
    f << R"({"record": "entity", "code": "MOW", "name_ar": "وزارة الأشغال", "name_en": "Ministry of Works"})"
      << "\n";
    for (int i = 1; i <= 40; ++i) {
      f << Json{{"reference", tawasul::domain::FormatReference(
                                  tawasul::domain::Reference{25, static_cast<std::uint64_t>(i)})},
                {"type", "complaint"},
                {"entity", "MOW"},
                {"subject", "old case"},
                {"submitted_at", "2025-03-0" + std::to_string(1 + i % 9) + "T09:00:00+03:00"}}
               .dump()
        << "\n";
    }
  }
  std::string cmd = std::string(TAWASUL_BINARY) + " import --format jsonl " + server.dir() +
                    "/old.jsonl " + server.CliDatabaseArgs() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  server.Start();
  const std::string breached = "SELECT count(*) FROM case_events WHERE kind = 'breached'";
  std::int64_t count = 0;
  for (int i = 0; i < 150 && count == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    count = server.SqlInt(breached);
  }
  ASSERT_GT(count, 0);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // many more ticks
  count = server.SqlInt(breached);
  // At most one per clock: never two breached events with the same case and clock.
  EXPECT_EQ(server.SqlInt(DuplicateBreachesSql()), 0);
  // Every overdue, unanswered case has its resolution breach recorded.
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM cases WHERE status IN ('received', 'in_progress') "
                          "AND due_at <= " +
                          SqlNowEpoch() + " - 5 AND CAST(resolution_breached AS INTEGER) = 0"),
            0);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM outbox WHERE kind = 'breach'"), count);
  // The 75% warning went to the entity's agents (no assignee) once per case, and with no
  // escalation delay every resolution breach went on to central administration once.
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM case_events WHERE kind = 'warning'"), 40);
  EXPECT_EQ(
      server.SqlInt(
          "SELECT count(*) FROM outbox WHERE kind = 'warning' AND recipient = 'role:agent@MOW'"),
      40);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM case_events WHERE kind = 'escalated'"), 40);
  EXPECT_EQ(
      server.SqlInt(
          "SELECT count(*) FROM outbox WHERE kind = 'escalation' AND recipient = 'role:admin'"),
      40);
  // Breaches are internal: the citizen's timeline never shows them.
  server.Stop();
  server.Start();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(server.SqlInt(breached), count);
  EXPECT_EQ(
      server.SqlInt("SELECT count(*) FROM case_events WHERE kind IN ('warning', 'escalated')"), 80);
  server.Stop();
}

}  // namespace
}  // namespace tawasul_test
