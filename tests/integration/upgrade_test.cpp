// Opening a database on PostgreSQL and SQLite (issue 20, "safe upgrades"; docs/operations.md §1.6
// and §3.2).
//
// A node on a read-only connection ("a replica-only connection serves reads"): with the schema
// current, opening the store writes nothing, so `tawasul serve` and the read commands work where
// every transaction is read-only (default_transaction_read_only=on, as on a hot standby or for a
// SELECT-only role). A stale search index is rebuilt after the migrations, in chunks, and a
// second open finds everything current and rebuilds nothing.

#include <gtest/gtest.h>

#include <string>

#include "integration/server.h"

namespace tawasul_test {
namespace {

ServerOptions WithoutDemo() {
  ServerOptions options;
  options.demo = false;
  return options;
}

TEST(ReplicaTest, ReadOnlyConnectionServesReads) {
  if (!IsPostgres()) GTEST_SKIP() << "read-only replicas are PostgreSQL's";
  Server primary;
  primary.Start();
  Http http(primary);
  Response submitted = SubmitCase(http, ValidCaseBody());
  ASSERT_EQ(submitted.status, 201) << submitted.Describe();
  const std::string reference = submitted.JsonBody().value("reference", "");
  const std::string code = submitted.JsonBody().value("access_code", "");
  const std::int64_t events = primary.SqlInt("SELECT count(*) FROM case_events");

  // Every new session of this database is read-only from now on (the primary's are not).
  const std::string& url = primary.database_url();
  const std::string db = url.substr(url.rfind('/') + 1);
  const std::string admin = url.substr(0, url.rfind('/') + 1) + "postgres";
  SqlExec(admin, "ALTER DATABASE \"" + db + "\" SET default_transaction_read_only = on");
  struct Reset {
    std::string admin, db;
    ~Reset() {
      SqlExec(admin, "ALTER DATABASE \"" + db + "\" RESET default_transaction_read_only");
    }
  } reset{admin, db};
  ASSERT_EQ(primary.SqlText("SHOW default_transaction_read_only"), "on");

  CliOutput verify = RunTawasul("audit verify " + primary.CliDatabaseArgs());
  EXPECT_EQ(verify.status, 0) << verify.err;
  EXPECT_NE(verify.out.find("history intact: 1 cases"), std::string::npos) << verify.out;
  CliOutput stats = RunTawasul("stats " + primary.CliDatabaseArgs());
  EXPECT_EQ(stats.status, 0) << stats.err;

  ServerOptions options;
  options.demo = false;
  options.share_database_of = &primary;
  Server replica(options);
  replica.Start();  // before: "cannot execute CREATE TABLE in a read-only transaction"
  Http reads(replica);
  Response found = LookupCase(reads, reference, code);
  EXPECT_EQ(found.status, 200) << found.Describe();
  EXPECT_EQ(found.JsonBody().value("reference", ""), reference);
  EXPECT_EQ(reads.Get("/readyz").status, 200);
  Response page = reads.Get("/api/v1/stats");
  EXPECT_EQ(page.status, 200) << page.Describe();
  // A write on it is refused, and nothing is stored.
  Response write = SubmitCase(reads, ValidCaseBody());
  EXPECT_NE(write.status, 201) << write.Describe();
  EXPECT_EQ(primary.SqlInt("SELECT count(*) FROM cases"), 1);
  EXPECT_EQ(primary.SqlInt("SELECT count(*) FROM case_events"), events);
  replica.Stop();
}

TEST(UpgradeTest, StaleSearchIndexIsRebuiltOnceAfterTheMigrations) {
  Server server(WithoutDemo());
  CliOutput demo = RunTawasul("demo --cases 2500 " + server.CliDatabaseArgs());
  ASSERT_EQ(demo.status, 0) << demo.err;
  const std::int64_t version = server.SqlInt("SELECT analyzer_version FROM search_index_state");
  ASSERT_GT(version, 0);
  // As after a release whose analyzer differs (PostgreSQL: and with the old entries gone).
  server.SqlExec("UPDATE search_index_state SET analyzer_version = 0");
  if (IsPostgres()) server.SqlExec("UPDATE cases SET search_vector = NULL, search_folded = NULL");

  CliOutput migrate = RunTawasul("migrate " + server.CliDatabaseArgs());
  ASSERT_EQ(migrate.status, 0) << migrate.err;
  EXPECT_NE(migrate.err.find("search index built for 2500 cases"), std::string::npos)
      << migrate.err;
  EXPECT_EQ(server.SqlInt("SELECT analyzer_version FROM search_index_state"), version);
  if (IsPostgres()) {
    EXPECT_EQ(server.SqlInt("SELECT count(*) FROM cases WHERE search_vector IS NULL"), 0);
  }
  CliOutput again = RunTawasul("migrate " + server.CliDatabaseArgs());
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.err.find("search index built"), std::string::npos) << again.err;

  // The rebuilt index finds the newest case by the longest word of its subject.
  const std::string subject = server.SqlText("SELECT subject FROM cases ORDER BY id DESC LIMIT 1");
  std::string word, current;
  for (char ch : subject + " ") {
    if (ch == ' ' || ch == ',' || ch == '.') {
      if (current.size() > word.size()) word = current;
      current.clear();
    } else {
      current += ch;
    }
  }
  ASSERT_FALSE(word.empty()) << subject;
  server.Start();
  Http http(server);
  Response login = http.PostJson(
      "/api/v1/auth/login", {{"email", "admin@tawasul.example"}, {"password", "demo-admin-2026"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  Response found = http.Get("/api/v1/search?q=" + PercentEncode(word),
                            {"Authorization: Bearer " + login.JsonBody().value("token", "")});
  ASSERT_EQ(found.status, 200) << found.Describe();
  EXPECT_GT(found.JsonBody().value("total", 0), 0) << word;
}

// A migration marked "-- transaction: none" runs alone, outside the migrations' transaction:
// PostgreSQL's CREATE INDEX CONCURRENTLY refuses to run in one. A build cut off halfway leaves
// an INVALID index and the version unrecorded; the next migrate drops and rebuilds the index.
TEST(UpgradeTest, IndexBuiltConcurrentlyOutsideTheMigrationTransaction) {
  if (!IsPostgres()) GTEST_SKIP() << "CREATE INDEX CONCURRENTLY is PostgreSQL's";
  Server server(WithoutDemo());
  CliOutput demo = RunTawasul("demo --cases 300 " + server.CliDatabaseArgs());
  ASSERT_EQ(demo.status, 0) << demo.err;
  const std::string valid =
      "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
      "WHERE c.relname = 'cases_category_submitted' AND i.indisvalid";
  EXPECT_EQ(server.SqlInt(valid), 1);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM schema_migrations WHERE version = 32"), 1);
  const std::int64_t latest = server.SqlInt("SELECT max(version) FROM schema_migrations");

  // As after a node died during the build.
  server.SqlExec(
      "UPDATE pg_index SET indisvalid = false "
      "WHERE indexrelid = 'cases_category_submitted'::regclass");
  server.SqlExec("DELETE FROM schema_migrations WHERE version = 32");
  ASSERT_EQ(server.SqlInt(valid), 0);

  CliOutput migrate = RunTawasul("migrate " + server.CliDatabaseArgs());
  ASSERT_EQ(migrate.status, 0) << migrate.err;
  EXPECT_EQ(server.SqlInt(valid), 1) << "the invalid index was kept: " << migrate.err;
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM schema_migrations WHERE version = 32"), 1);
  EXPECT_EQ(server.SqlInt("SELECT max(version) FROM schema_migrations"), latest);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM schema_migrations WHERE version = 32 AND "
                          "compatible = 1"),
            1);

  // Current now: the next migrate leaves the index as it is.
  const std::int64_t index_oid =
      server.SqlInt("SELECT 'cases_category_submitted'::regclass::oid::bigint");
  CliOutput again = RunTawasul("migrate " + server.CliDatabaseArgs());
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(server.SqlInt("SELECT 'cases_category_submitted'::regclass::oid::bigint"), index_oid);
  server.Start();
  Http http(server);
  EXPECT_EQ(http.Get("/readyz").status, 200);
}

}  // namespace
}  // namespace tawasul_test
