// `tawasul backup` and `tawasul restore` (issue 20, docs/operations.md "Backups").
//
// A backup is taken from a real server's SQLite file while clients keep submitting over HTTP;
// restored into a new file it must pass `audit verify` and `stats --rebuild`, hold every case
// acknowledged before the backup began, and serve those cases (with their access codes) from a
// second server. restore refuses damaged and foreign files, an existing database without
// --force, and a database a server holds. On PostgreSQL both commands point at pg_basebackup and
// exit 2 (PostgreSQL's own backup is tested by scripts/pg-pitr-test).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {
namespace {

ServerOptions WithoutDemo() {
  ServerOptions options;
  options.demo = false;
  return options;
}

namespace fs = std::filesystem;

struct Ack {
  std::string reference;
  std::string code;
};

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Submits cases from `threads` clients until stopped, keeping every acknowledged one.
class Submitters {
 public:
  Submitters(int port, int threads) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, port, i] { Run(port, i); });
    }
  }
  ~Submitters() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  std::vector<Ack> Acked() {
    std::lock_guard lock(mu_);
    return acked_;
  }
  std::size_t Count() {
    std::lock_guard lock(mu_);
    return acked_.size();
  }
  std::vector<std::string> Problems() {
    std::lock_guard lock(mu_);
    return problems_;
  }

 private:
  void Run(int port, int id) {
    Http http(port);
    for (long n = 0; !stop_; ++n) {
      Json body = n % 2 ? ValidArabicCaseBody() : ValidCaseBody();
      body["subject"] = "Backup load " + std::to_string(id) + "-" + std::to_string(n);
      Response r = SubmitCase(http, body);
      std::lock_guard lock(mu_);
      if (r.status == 201) {
        Json j = r.JsonBody();
        acked_.push_back({j.value("reference", ""), j.value("access_code", "")});
      } else if (r.status != 503 && problems_.size() < 10) {
        problems_.push_back(r.Describe());
      }
    }
  }

  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::vector<Ack> acked_;
  std::vector<std::string> problems_;
};

// How many of `acks` are cases in the database at `url`.
std::int64_t CountPresent(const std::string& url, const std::vector<Ack>& acks) {
  std::int64_t present = 0;
  for (std::size_t i = 0; i < acks.size(); i += 200) {
    std::string list;
    for (std::size_t j = i; j < std::min(acks.size(), i + 200); ++j) {
      list += (list.empty() ? "'" : ", '") + acks[j].reference + "'";
    }
    present += SqlInt(url, "SELECT count(*) FROM cases WHERE reference IN (" + list + ")");
  }
  return present;
}

TEST(BackupTest, PostgresPointsAtItsOwnBackup) {
  if (!IsPostgres()) GTEST_SKIP() << "the PostgreSQL answer (SQLite is tested below)";
  Server server;
  server.Start();
  const std::string out = server.dir() + "/backup.db";
  // No --secret-file: the answer needs none.
  CliOutput b = RunTawasul("backup --out '" + out + "' --database '" + server.database_url() + "'");
  EXPECT_EQ(b.status, 2) << b.err;
  EXPECT_TRUE(Contains(b.err, "pg_basebackup")) << b.err;
  EXPECT_TRUE(Contains(b.err, "docs/operations.md")) << b.err;
  EXPECT_FALSE(fs::exists(out));
  CliOutput r = RunTawasul("restore --from '" + out + "' " + server.CliDatabaseArgs());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "pg_basebackup")) << r.err;
}

TEST(BackupTest, TakenWhileServingRestoresVerifiesAndServes) {
  if (IsPostgres()) GTEST_SKIP() << "SQLite's backup (PostgreSQL: PostgresPointsAtItsOwnBackup)";
  Server server(WithoutDemo());
  // A few thousand demo histories first, so that the copy takes several steps.
  CliOutput demo = RunTawasul("demo --cases 3000 " + server.CliDatabaseArgs());
  ASSERT_EQ(demo.status, 0) << demo.err;
  server.Start();
  const std::string backup = server.dir() + "/backup.db";

  Submitters load(server.port(), 4);
  while (load.Count() < 100 && load.Problems().empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const std::vector<Ack> before = load.Acked();  // acknowledged before the backup began
  CliOutput b = RunTawasul("backup --out '" + backup + "' " + server.CliDatabaseArgs());
  const std::size_t during = load.Count() - before.size();
  // The server keeps answering after the backup, too.
  const std::size_t at_end = load.Count();
  while (load.Count() < at_end + 20 && load.Problems().empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  load.Stop();
  for (const auto& p : load.Problems()) ADD_FAILURE() << "submission: " << p;
  ASSERT_EQ(b.status, 0) << b.err;
  std::printf("[ backup   ] %zu cases acknowledged before it, %zu while it ran: %s", before.size(),
              during, b.out.c_str());
  EXPECT_TRUE(Contains(b.out, "backup written to")) << b.out;
  ASSERT_TRUE(fs::exists(backup));
  for (const auto& leftover : fs::directory_iterator(server.dir())) {
    EXPECT_FALSE(Contains(leftover.path().filename().string(), "backup.db."))
        << "temporary file left behind: " << leftover.path();
  }

  // Restored into a new file: verifies, rebuilds its figures, holds every acknowledged case.
  const std::string restored = "sqlite:" + server.dir() + "/restored/r.db";
  CliOutput r = RunTawasul("restore --from '" + backup + "' --database '" + restored + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "restored")) << r.out;
  CliOutput verify = RunTawasul("audit verify --database '" + restored + "'");
  EXPECT_EQ(verify.status, 0) << verify.err;
  EXPECT_TRUE(Contains(verify.out, "history intact")) << verify.out;
  CliOutput stats = RunTawasul("stats --rebuild --database '" + restored + "'");
  EXPECT_EQ(stats.status, 0) << stats.err;
  EXPECT_FALSE(Json::parse(stats.out, nullptr, false).is_discarded()) << stats.out;
  EXPECT_EQ(CountPresent(restored, before), static_cast<std::int64_t>(before.size()));
  EXPECT_GE(SqlInt(restored, "SELECT count(*) FROM cases"),
            static_cast<std::int64_t>(3000 + before.size()));
  EXPECT_EQ(SqlText(restored, "PRAGMA integrity_check"), "ok");

  // An existing database is replaced only with --force.
  CliOutput again = RunTawasul("restore --from '" + backup + "' --database '" + restored + "'");
  EXPECT_EQ(again.status, 1);
  EXPECT_TRUE(Contains(again.err, "--force")) << again.err;

  // The copy serves: a second server (with the first one's secret, which access codes need)
  // finds the acknowledged cases by reference and access code.
  Server second(WithoutDemo());
  fs::copy_file(server.secret_file(), second.secret_file());
  CliOutput into = RunTawasul("restore --from '" + backup + "' " + second.CliDatabaseArgs());
  ASSERT_EQ(into.status, 0) << into.err;
  second.Start();
  Http http(second);
  for (std::size_t i = 0; i < before.size(); i += before.size() / 10 + 1) {
    Response found = LookupCase(http, before[i].reference, before[i].code);
    EXPECT_EQ(found.status, 200) << before[i].reference << ": " << found.Describe();
  }
  // Not over a database a server holds, even with --force.
  CliOutput held =
      RunTawasul("restore --force --from '" + backup + "' " + second.CliDatabaseArgs());
  EXPECT_EQ(held.status, 1);
  EXPECT_TRUE(Contains(held.err, "stop the server")) << held.err;
  ExpectHealthy(second);
}

TEST(BackupTest, RestoreRefusesWhatIsNotAHealthyTawasulDatabase) {
  if (IsPostgres()) GTEST_SKIP() << "SQLite's restore (PostgreSQL: PostgresPointsAtItsOwnBackup)";
  Server server;
  server.Start();
  const std::string dir = server.dir();
  const std::string backup = dir + "/good.db";
  ASSERT_EQ(RunTawasul("backup --out '" + backup + "' " + server.CliDatabaseArgs()).status, 0);
  server.Stop();
  int targets = 0;
  auto refused = [&](const std::string& file, const std::string& reason) {
    const std::string target = dir + "/target-" + std::to_string(++targets) + ".db";
    CliOutput r = RunTawasul("restore --from '" + file + "' --database 'sqlite:" + target + "'");
    EXPECT_EQ(r.status, 1) << file;
    EXPECT_TRUE(Contains(r.err, reason)) << file << ": " << r.err;
    EXPECT_FALSE(fs::exists(target)) << file;
  };

  {
    std::ofstream junk(dir + "/junk.db", std::ios::binary);
    for (int i = 0; i < 4096; ++i) junk.put(static_cast<char>(i * 31 + 7));
  }
  refused(dir + "/junk.db", "is not a SQLite database");

  {
    sqlite3* other = nullptr;  // a SQLite database of something else
    ASSERT_EQ(sqlite3_open((dir + "/other.db").c_str(), &other), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(other, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(other);
  }
  refused(dir + "/other.db", "not a Tawasul one");

  fs::copy_file(backup, dir + "/newer.db");
  SqlExec("sqlite:" + dir + "/newer.db",
          "INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, '999_x.sql', 0)");
  refused(dir + "/newer.db", "newer than this binary");

  // Half a file: SQLite finds pages missing.
  fs::copy_file(backup, dir + "/truncated.db");
  fs::resize_file(dir + "/truncated.db", fs::file_size(backup) / 2);
  refused(dir + "/truncated.db", "damaged");

  refused(dir + "/absent.db", "no file");

  // The intact one is accepted.
  CliOutput ok =
      RunTawasul("restore --from '" + backup + "' --database 'sqlite:" + dir + "/ok.db'");
  EXPECT_EQ(ok.status, 0) << ok.err;
}

}  // namespace
}  // namespace tawasul_test
