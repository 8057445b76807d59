// The scheduler inside `serve`: overdue imported cases get exactly one "breached" event per clock,
// with a notification in the outbox, and a restart records nothing twice.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <utility>

#include "domain/lifecycle.h"
#include "domain/reference.h"
#include "domain/time.h"
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

// The automatic closing follows the domain's rule (domain::kAutoCloseAfter after the answer,
// the instant lifecycle's Decide accepts auto_close): a case answered just over that long ago is
// closed by the scheduler, one answered just under it stays answered.
TEST(SchedulerTest, AutoClosesExactlyTheCasesTheDomainSaysAreDue) {
  namespace domain = tawasul::domain;
  Server server(
      ServerOptions{.demo = false, .threads = 2, .extra_args = {"--scheduler-interval", "0.2"}});
  const domain::Instant now = domain::Now();
  const auto at = [](domain::Instant t) { return domain::FormatRfc3339(t, 0); };
  const std::string due = domain::FormatReference(domain::Reference{25, 1});
  const std::string not_yet = domain::FormatReference(domain::Reference{25, 2});
  {
    std::ofstream f(server.dir() + "/answered.jsonl");
    f << R"({"record": "entity", "code": "MOW", "name_ar": "وزارة الأشغال", "name_en": "Ministry of Works"})"
      << "\n";
    const std::pair<std::string, domain::Instant> cases[] = {
        {due, now - domain::kAutoCloseAfter - std::chrono::hours(1)},
        {not_yet, now - domain::kAutoCloseAfter + std::chrono::hours(1)}};
    for (const auto& [reference, answered] : cases) {
      f << Json{{"reference", reference},
                {"type", "complaint"},
                {"entity", "MOW"},
                {"subject", "answered case"},
                {"submitted_at", at(answered - std::chrono::days(3))},
                {"events",
                 Json::array({{{"kind", "answer"}, {"at", at(answered)}, {"body", "Done."}}})}}
               .dump()
        << "\n";
    }
  }
  std::string cmd = std::string(TAWASUL_BINARY) + " import --format jsonl " + server.dir() +
                    "/answered.jsonl " + server.CliDatabaseArgs() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const auto status = [&](const std::string& reference) {
    return server.SqlText("SELECT status FROM cases WHERE reference = '" + reference + "'");
  };
  ASSERT_EQ(status(due), "answered");
  ASSERT_EQ(status(not_yet), "answered");
  server.Start();
  for (int i = 0; i < 150 && status(due) != "closed"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(status(due), "closed");
  std::this_thread::sleep_for(std::chrono::seconds(1));  // several more ticks
  EXPECT_EQ(status(not_yet), "answered");
  server.Stop();
}

}  // namespace
}  // namespace tawasul_test
