// Moving a system (`tawasul copy`) and claiming messages for an external deliverer (`tawasul outbox
// claim`).
//
// The copy's source is always a SQLite file (the embedded default a deployment starts on); its
// target is the backend under test, so the pg.* run proves SQLite -> PostgreSQL.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "domain/reference.h"
#include "domain/webhooks.h"
#include "integration/server.h"
#include "integration/webhook_fixture.h"  // Receiver, Signature, WaitUntil

namespace tawasul_test {
namespace {

struct CliRun {
  int status = -1;
  std::string out;
};

CliRun Tawasul(const std::string& args) {
  std::string cmd = std::string(TAWASUL_BINARY) + " " + args + " 2>&1";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.status = p ? pclose(p) : -1;
  if (r.status != -1 && WIFEXITED(r.status)) r.status = WEXITSTATUS(r.status);
  return r;
}

class ScratchDir {
 public:
  ScratchDir() {
    char tmpl[] = "/tmp/tawasul-copy-XXXXXX";
    path_ = mkdtemp(tmpl) ? tmpl : "";
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(CopyTest, CarriesAWholeSystemWithIdenticalFiguresAndHistories) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string source = "sqlite:" + dir.path() + "/source.db";
  // Demo histories: answers, ratings, transfers, reopenings, rejections and open cases.
  CliRun demo = Tawasul("demo --cases 300 --database " + source);
  ASSERT_EQ(demo.status, 0) << demo.out;
  // An administrator's own target, so that targets are carried too.
  SqlExec(source,
          "INSERT INTO sla_targets(entity, type, category, first_response_unit, "
          "first_response_amount, resolution_unit, resolution_amount) "
          "VALUES ('MOW', 'complaint', '', 'working_days', 1, 'working_days', 7)");

  std::filesystem::create_directories(dir.path() + "/target");
  TestDatabase target(dir.path() + "/target");
  CliRun copy = Tawasul("copy --from " + source + " --to " + target.url());
  ASSERT_EQ(copy.status, 0) << copy.out;
  EXPECT_NE(copy.out.find("copied 300 cases"), std::string::npos) << copy.out;

  for (const std::string group : {"", "entity", "category", "type", "channel", "month", "day"}) {
    std::string args = group.empty() ? "" : " --group-by " + group;
    CliRun a = Tawasul("stats --from 2026-01-01 --to 2026-12-31" + args + " --database " + source);
    CliRun b = Tawasul("stats --from 2026-01-01 --to 2026-12-31" + args + " " + target.CliArgs());
    ASSERT_EQ(a.status, 0) << a.out;
    ASSERT_EQ(b.status, 0) << b.out;
    EXPECT_EQ(Json::parse(a.out, nullptr, false), Json::parse(b.out, nullptr, false))
        << "group_by=" << group << "\nsource: " << a.out << "\ntarget: " << b.out;
  }
  // Same rows where it matters: users with their ids, cases with their state, every event.
  for (const std::string sql :
       {"SELECT id || ' ' || email || ' ' || role FROM users ORDER BY id",
        "SELECT reference || ' ' || status || ' ' || entity || ' ' || due_at || ' ' || "
        "coalesce(assignee_id, 0) FROM cases ORDER BY reference",
        "SELECT count(*) || ' ' || sum(seq) || ' ' || sum(at) FROM case_events",
        // The submission digests' salts (docs/audit.md), or the copies would fail audit verify.
        "SELECT count(*) FROM case_submission_salts",
        "SELECT entity || type || category || resolution_amount FROM sla_targets ORDER BY 1",
        "SELECT start_date || ' ' || status FROM holidays ORDER BY 1"}) {
    EXPECT_EQ(SqlText(source, sql), SqlText(target.url(), sql)) << sql;
  }
  EXPECT_GT(SqlInt(target.url(), "SELECT count(*) FROM users"), 0);
  // The hash chains came across intact.
  CliRun audit = Tawasul("audit verify " + target.CliArgs());
  EXPECT_EQ(audit.status, 0) << audit.out;
  EXPECT_NE(audit.out.find("intact"), std::string::npos) << audit.out;
  // The demo's sample cases were submitted (covered by a digest); the rest were imported.
  EXPECT_NE(audit.out.find("; 297 cases not covered"), std::string::npos) << audit.out;
  // Never merged into a system that already holds cases.
  CliRun again = Tawasul("copy --from " + source + " --to " + target.url());
  EXPECT_NE(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("already holds"), std::string::npos) << again.out;
  EXPECT_EQ(SqlInt(target.url(), "SELECT count(*) FROM cases"), 300);
}

// Webhooks (ids, sealed secrets, active flags) and every message template version come across;
// under the same server secret a copied webhook's delivery is signed with the secret it was given
// on the source, under another it is a temporary failure (docs/notifications.md).
TEST(CopyTest, CarriesWebhooksAndMessageTemplateVersionsThatStillWork) {
  setenv("no_proxy", "127.0.0.1,localhost", 1);
  setenv("NO_PROXY", "127.0.0.1,localhost", 1);
  ASSERT_GE(sodium_init(), 0);
  Receiver receiver;
  ASSERT_GT(receiver.port(), 0) << "http_receiver.py did not start";
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string source = "sqlite:" + dir.path() + "/source.db";
  const std::string key_hex(64, 'a');  // the server secret: 32 bytes of 0xaa
  const std::string key_file = dir.path() + "/server.key";
  const std::string other_key_file = dir.path() + "/other.key";
  std::ofstream(key_file) << key_hex << "\n";
  std::ofstream(other_key_file) << std::string(64, 'b') << "\n";
  CliRun demo = Tawasul("demo --cases 3 --database " + source + " --secret-file " + key_file);
  ASSERT_EQ(demo.status, 0) << demo.out;

  // Two webhooks, as /admin/webhooks stores them (id 2 never used: ids are kept, not renumbered).
  const std::string secret = "whsec_0123456789abcdef0123456789abcdef";
  const std::string server_secret(32, '\xaa');
  const std::string sealed = tawasul::domain::SealWebhookSecret(server_secret, secret);
  SqlExec(source,
          "INSERT INTO webhooks(id, url, entity, events, secret, active, created_at, created_by) "
          "VALUES (1, '" +
              receiver.Url("/copied") + "', 'MOW', 'received,closed', '" + sealed +
              "', 1, 1767000000, 1), (3, 'https://hooks.example.gov/old', '', 'closed', '" +
              tawasul::domain::SealWebhookSecret(server_secret, "whsec_old") +
              "', 0, 1767000100, 1)");
  // Two versions of one message template, one of another.
  SqlExec(
      source,
      "INSERT INTO message_templates(kind, channel, language, version, subject, body, "
      "created_at, created_by) VALUES ('received', 'sms', 'ar', 1, '', 'استلمنا {{reference}}', "
      "1767000000, 'user:1'), ('received', 'sms', 'ar', 2, '', 'وصلت ملاحظتك {{reference}}', "
      "1767000500, 'user:1'), ('closed', 'email', 'en', 1, 'Closed', 'Case {{reference}} "
      "closed', 1767000600, 'user:1')");

  std::filesystem::create_directories(dir.path() + "/target");
  TestDatabase target(dir.path() + "/target");
  CliRun copy = Tawasul("copy --from " + source + " --to " + target.url());
  ASSERT_EQ(copy.status, 0) << copy.out;
  EXPECT_NE(copy.out.find("2 webhooks, 3 message template versions"), std::string::npos)
      << copy.out;
  for (const std::string sql :
       {"SELECT id || ' ' || url || ' ' || entity || ' ' || events || ' ' || secret || ' ' || "
        "active || ' ' || created_at || ' ' || created_by FROM webhooks ORDER BY id",
        "SELECT kind || ' ' || channel || ' ' || language || ' ' || version || ' ' || subject || "
        "' ' || body || ' ' || created_at || ' ' || created_by FROM message_templates ORDER BY "
        "kind, channel, language, version"}) {
    EXPECT_EQ(SqlText(source, sql), SqlText(target.url(), sql)) << sql;
  }
  EXPECT_EQ(SqlInt(target.url(), "SELECT count(*) FROM message_templates"), 3);
  // New webhooks continue after the largest id copied.
  EXPECT_EQ(
      SqlInt(target.url(),
             "INSERT INTO webhooks(url, entity, events, secret, created_at, created_by) "
             "VALUES ('https://hooks.example.gov/new', '', 'closed', 'x', 0, 1) RETURNING id"),
      4);

  // A delivery of the copied webhook, sent from the target by `tawasul outbox deliver` (made
  // now: an older one would be past the give-up time at its first failure).
  const std::string now = std::to_string(std::time(nullptr));
  SqlExec(target.url(),
          "INSERT INTO outbox(created_at, kind, recipient, reference, payload, channel, language, "
          "masked, essential, status, next_attempt_at, updated_at) VALUES (" +
              now +
              ", 'received', 'webhook:1', '26-0000001-2', '{\"event\":\"case.received\"}', "
              "'webhook', 'ar', '', 1, 'queued', 0, " +
              now + ")");
  // Another server secret: the sealed secret does not open; retried later, nothing sent.
  CliRun other =
      Tawasul("outbox deliver --database " + target.url() + " --secret-file " + other_key_file);
  ASSERT_EQ(other.status, 0) << other.out;
  EXPECT_EQ(SqlText(target.url(), "SELECT status || ' ' || last_error FROM outbox"),
            "retrying webhook secret unreadable");
  EXPECT_TRUE(receiver.Requests().empty());
  // The source's server secret: sent, signed with the secret the webhook had on the source.
  SqlExec(target.url(), "UPDATE outbox SET next_attempt_at = 0");
  CliRun same = Tawasul("outbox deliver --database " + target.url() + " --secret-file " + key_file);
  ASSERT_EQ(same.status, 0) << same.out;
  ASSERT_TRUE(WaitUntil([&] { return receiver.Events("case.received", "/copied").size() == 1; }))
      << SqlText(target.url(), "SELECT status || ' ' || last_error FROM outbox");
  const Json got = receiver.Events("case.received", "/copied").front();
  EXPECT_EQ(got.value("body", ""), "{\"event\":\"case.received\"}");
  EXPECT_EQ(
      got["headers"].value("Tawasul-Signature", ""),
      Signature(secret, got["headers"].value("Tawasul-Timestamp", ""), got.value("body", "")));
  EXPECT_EQ(SqlText(target.url(), "SELECT status FROM outbox"), "sent");
}

TEST(OutboxTest, ConcurrentClaimersGetEachNotificationOnce) {
  Server server(
      ServerOptions{.demo = false, .threads = 2, .extra_args = {"--scheduler-interval", "0.2"}});
  {
    std::ofstream f(server.dir() + "/old.jsonl");
    f << R"({"record": "entity", "code": "MOW", "name_ar": "وزارة الأشغال", "name_en": "Ministry of Works"})"
      << "\n";
    for (int i = 1; i <= 30; ++i) {
      f << Json{{"reference", tawasul::domain::FormatReference(
                                  tawasul::domain::Reference{25, static_cast<std::uint64_t>(i)})},
                {"type", "complaint"},
                {"entity", "MOW"},
                {"subject", "old case"},
                {"submitted_at", "2025-04-0" + std::to_string(1 + i % 9) + "T09:00:00+03:00"}}
               .dump()
        << "\n";
    }
  }
  CliRun import =
      Tawasul("import --format jsonl " + server.dir() + "/old.jsonl " + server.CliDatabaseArgs());
  ASSERT_EQ(import.status, 0) << import.out;
  server.Start();
  // Each case gets a warning, two breaches and an escalation: wait until they stop coming.
  std::int64_t pending = 0, before = -1;
  for (int i = 0; i < 60 && (pending < 90 || pending != before); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    before = pending;
    pending = server.SqlInt("SELECT count(*) FROM outbox WHERE status = 'queued'");
  }
  server.Stop();
  ASSERT_GE(pending, 90);

  // Four claimers at once, in small bites, until the outbox is empty.
  std::vector<std::vector<std::int64_t>> claimed(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        CliRun r = Tawasul("outbox claim --limit 7 " + server.CliDatabaseArgs());
        if (r.status != 0) {
          ADD_FAILURE() << r.out;
          return;
        }
        std::size_t lines = 0;
        for (std::size_t at = 0; at < r.out.size();) {
          std::size_t end = r.out.find('\n', at);
          if (end == std::string::npos) end = r.out.size();
          Json j = Json::parse(r.out.substr(at, end - at), nullptr, false);
          if (j.is_object()) {
            claimed[t].push_back(j.value("id", std::int64_t{-1}));
            ++lines;
          }
          at = end + 1;
        }
        if (lines == 0) return;
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::int64_t> all;
  std::size_t total = 0;
  for (const auto& ids : claimed) {
    total += ids.size();
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(total, all.size()) << "a notification was claimed twice";
  EXPECT_EQ(static_cast<std::int64_t>(all.size()), pending);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM outbox WHERE status = 'queued'"), 0);
}

}  // namespace
}  // namespace tawasul_test
