// Readiness and the honest answers of issue 20 ("safe upgrades"; docs/operations.md, "Rolling
// upgrades", "Disk full", "Unknown commit outcome"):
//  * /readyz accepts a database migrated by a newer binary when every newer migration was
//    declared compatible, refuses an incompatible one and an older schema, and says which in its
//    body (both backends);
//  * while database writes fail for want of space (SQLite, a real SQLITE_FULL from the
//    --sqlite-max-bytes quota), /readyz answers 503 naming it, nothing acknowledged is lost, and
//    the node is ready again once its write probe succeeds, with no other traffic;
//  * a COMMIT whose connection broke (PostgreSQL: the backend terminated while COMMIT waits)
//    answers 503 "outcome unknown" with the reference and access code, not "nothing was saved",
//    in the API and on the citizen's form.

#include <libpq-fe.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {
namespace {

Json ReadyBody(Http& http, long expected_status) {
  Response r = http.Get("/readyz");
  EXPECT_EQ(r.status, expected_status) << r.Describe();
  Json j = r.JsonBody();
  EXPECT_TRUE(j.is_object()) << r.Describe();
  return j.is_object() ? j : Json::object();
}

TEST(ReadinessTest, CompatibleNewerSchemaIsReadyOlderOrIncompatibleIsNot) {
  ServerOptions options;
  options.demo = false;
  Server server(options);
  server.Start();
  Http http(server);
  Json ready = ReadyBody(http, 200);
  EXPECT_EQ(ready.value("status", ""), "ready");
  const int latest = ready.value("binary_schema", 0);
  ASSERT_GT(latest, 0);
  EXPECT_EQ(ready.value("schema", 0), latest);
  EXPECT_TRUE(ready.value("compatible", false));
  // The rolling-upgrade migration itself is recorded as compatible with the binary before it
  // (found by name: later migrations may come after it).
  EXPECT_EQ(server.SqlInt("SELECT compatible FROM schema_migrations WHERE name LIKE "
                          "'%rolling_upgrades.sql'"),
            1);

  // A newer binary migrated the database with an additive migration: this node still serves.
  const std::string insert =
      "INSERT INTO schema_migrations(version, name, applied_at, compatible) VALUES ";
  server.SqlExec(insert + "(" + std::to_string(latest + 1) + ", 'next_additive.sql', 0, 1)");
  ready = ReadyBody(http, 200);
  EXPECT_EQ(ready.value("schema", 0), latest + 1);
  EXPECT_EQ(ready.value("binary_schema", 0), latest);
  EXPECT_TRUE(ready.value("compatible", false));

  // Then one that the previous binary cannot run on: not ready, and the body says why.
  server.SqlExec(insert + "(" + std::to_string(latest + 2) + ", 'next_breaking.sql', 0, 0)");
  Response r = http.Get("/readyz");
  Json problem = ExpectProblem(r, 503);
  EXPECT_EQ(problem.value("schema", 0), latest + 2);
  EXPECT_FALSE(problem.value("compatible", true));
  EXPECT_NE(problem.value("detail", "").find("newer"), std::string::npos) << r.Describe();

  // A node newer than its database is not ready until it is migrated.
  server.SqlExec("DELETE FROM schema_migrations WHERE version >= " + std::to_string(latest));
  r = http.Get("/readyz");
  problem = ExpectProblem(r, 503);
  EXPECT_LT(problem.value("schema", latest), latest);  // the one before (numbers may have gaps)
  EXPECT_FALSE(problem.value("compatible", true));
  EXPECT_NE(problem.value("detail", "").find("migrate"), std::string::npos) << r.Describe();
  server.SqlExec(insert + "(" + std::to_string(latest) + ", 'back.sql', 0, 1)");
  EXPECT_EQ(http.Get("/readyz").status, 200);
}

// The value of a series in the /metrics text, or -1 when absent.
double Metric(const std::string& text, const std::string& series) {
  std::size_t pos = 0;
  while ((pos = text.find(series, pos)) != std::string::npos) {
    std::size_t v = pos + series.size();
    if ((pos == 0 || text[pos - 1] == '\n') && v < text.size() && text[v] == ' ')
      return std::stod(text.substr(v + 1));
    pos = v;
  }
  return -1;
}

TEST(ReadinessTest, DiskFullIsNotReadyAndReadyAgainAfterAWrite) {
  if (IsPostgres()) GTEST_SKIP() << "SQLite: PostgreSQL's disk is watched by its own monitoring";
  constexpr std::int64_t kQuota = 16 << 20;
  Server server(ServerOptions{.extra_args = {"--sqlite-max-bytes", std::to_string(kQuota)}});
  server.Start();
  Http http(server);
  ASSERT_EQ(http.Get("/readyz").status, 200);
  std::string metrics = http.Get("/metrics").body;
  EXPECT_GT(Metric(metrics, "tawasul_store_free_bytes"), 0) << metrics.substr(0, 2000);
  EXPECT_EQ(Metric(metrics, "tawasul_store_disk_full"), 0);

  // Another connection (no quota of its own) fills the file to a few pages below the quota.
  const std::int64_t page = server.SqlInt("PRAGMA page_size");
  ASSERT_GT(page, 0);
  const std::int64_t quota_pages = kQuota / page;
  server.SqlExec("CREATE TABLE filler(b BLOB)");
  for (int round = 0; round < 64; ++round) {
    std::int64_t left = quota_pages - server.SqlInt("PRAGMA page_count") - 6;
    if (left <= 0) break;
    std::int64_t rows = left > 64 ? left - 32 : 1;
    std::int64_t size = left > 64 ? page - 200 : 64;
    server.SqlExec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                   std::to_string(rows) + ") INSERT INTO filler SELECT randomblob(" +
                   std::to_string(size) + ") FROM n");
  }
  ASSERT_LE(server.SqlInt("PRAGMA page_count"), quota_pages);

  std::vector<std::string> acknowledged;
  Response refused;
  for (int i = 0; i < 200; ++i) {
    Response r = SubmitCase(http, ValidCaseBody());
    if (r.status != 201) {
      refused = r;
      break;
    }
    acknowledged.push_back(r.JsonBody().value("reference", ""));
  }
  ASSERT_NE(refused.status, 0) << "the quota was never reached";
  Json refusal = ExpectProblem(refused, 500);
  EXPECT_NE(refusal.value("detail", "").find("nothing was saved"), std::string::npos);

  Response not_ready = http.Get("/readyz");
  Json problem = ExpectProblem(not_ready, 503);
  EXPECT_NE(problem.value("detail", "").find("full"), std::string::npos) << not_ready.Describe();
  EXPECT_TRUE(problem.value("writes_failing", false));
  EXPECT_TRUE(problem.value("compatible", false));
  EXPECT_EQ(Metric(http.Get("/metrics").body, "tawasul_store_disk_full"), 1);
  // Everything acknowledged is stored; nothing else is.
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM cases"),
            static_cast<std::int64_t>(acknowledged.size()));
  for (const auto& ref : acknowledged) {
    EXPECT_EQ(server.SqlInt("SELECT count(*) FROM cases WHERE reference = '" + ref + "'"), 1);
  }

  // Space returns (the filler's pages become free pages). With no submission at all, the write
  // probes that /readyz queues find room, and the node is ready again.
  server.SqlExec("DROP TABLE filler");
  long status = 0;
  for (int i = 0; i < 600 && status != 200; ++i) {
    status = http.Get("/readyz").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Json ready = ReadyBody(http, 200);
  EXPECT_FALSE(ready.value("writes_failing", true));
  EXPECT_EQ(Metric(http.Get("/metrics").body, "tawasul_store_disk_full"), 0);
  Response again = SubmitCase(http, ValidCaseBody());
  EXPECT_EQ(again.status, 201) << again.Describe();
  // The probes /readyz tried while full stored nothing.
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM write_probe"), 0);
  CliOutput verify = RunTawasul("audit verify " + server.CliDatabaseArgs());
  EXPECT_EQ(verify.status, 0) << verify.out << verify.err;
}

// A libpq session of the test's own, kept open (the Sql* helpers open one per call).
class PgSession {
 public:
  explicit PgSession(const std::string& url) {
    // Plain TCP on loopback, as database.cpp connects.
    const char* keys[] = {"dbname", "connect_timeout", "sslmode", "gssencmode", nullptr};
    const char* values[] = {url.c_str(), "10", "disable", "disable", nullptr};
    conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  }
  ~PgSession() { PQfinish(conn_); }
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;
  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  std::string Scalar(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string out;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
      ADD_FAILURE() << sql << ": " << PQerrorMessage(conn_);
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_ = nullptr;
};

// Runs `submit` (on its own thread) while the writer is held inside COMMIT, terminates the
// writer's backend there, and returns what `submit` got; the trigger that held it is dropped.
template <class Submit>
Response SubmitDuringBrokenCommit(Server& server, Submit submit) {
  // A deferred constraint trigger runs inside COMMIT: it waits for a lock the test holds, so the
  // writer is blocked in COMMIT when its backend is terminated.
  server.SqlExec(
      "CREATE FUNCTION wait_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "PERFORM pg_advisory_lock_shared(4242); RETURN NULL; END $$; "
      "CREATE CONSTRAINT TRIGGER wait_at_commit AFTER INSERT ON cases DEFERRABLE INITIALLY "
      "DEFERRED FOR EACH ROW EXECUTE FUNCTION wait_at_commit()");
  PgSession holder(server.database_url());
  EXPECT_TRUE(holder.ok());
  holder.Scalar("SELECT pg_advisory_lock(4242)");
  Response answer;
  std::thread submitter([&] { answer = submit(); });
  std::string pid;
  for (int i = 0; i < 600 && pid.empty(); ++i) {
    pid = server.SqlText(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
        "wait_event_type = 'Lock' AND wait_event = 'advisory' AND query = 'COMMIT'");
    if (pid.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(pid.empty()) << "the writer never waited in COMMIT";
  if (!pid.empty()) server.SqlText("SELECT pg_terminate_backend(" + pid + ")");
  submitter.join();
  holder.Scalar("SELECT pg_advisory_unlock(4242)");
  server.SqlExec("DROP TRIGGER wait_at_commit ON cases; DROP FUNCTION wait_at_commit()");
  return answer;
}

TEST(ReadinessTest, CommitWithUnknownOutcomeAnswersHonestly) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL: a connection that breaks during COMMIT";
  Server server;
  server.Start();
  Http http(server);
  Response answer = SubmitDuringBrokenCommit(server, [&] {
    Http own(server);
    return SubmitCase(own, ValidCaseBody());
  });

  Json problem = ExpectProblem(answer, 503);
  EXPECT_NE(problem.value("type", "").find("outcome-unknown"), std::string::npos)
      << answer.Describe();
  EXPECT_EQ(problem.value("detail", "").find("nothing was saved"), std::string::npos);
  const std::string reference = problem.value("reference", "");
  EXPECT_TRUE(LooksLikeReference(reference)) << answer.Describe();
  EXPECT_FALSE(problem.value("access_code", "").empty());
  EXPECT_FALSE(answer.HasHeader("retry-after"));
  // The transaction died with its backend: the reference names nothing, as the service checked.
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM cases WHERE reference = '" + reference + "'"), 0);

  // The writer reconnects; the next submission is stored.
  Response next = SubmitCase(http, ValidCaseBody());
  EXPECT_EQ(next.status, 201) << next.Describe();
}

// The citizen's form says the same as the API: a 503 page with the reference and access code,
// never "nothing was saved".
TEST(ReadinessTest, CommitWithUnknownOutcomeOnTheFormShowsTheReference) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL: a connection that breaks during COMMIT";
  Server server;
  server.Start();
  Http http(server);
  Response form = http.Get("/submit?lang=en");
  ASSERT_EQ(form.status, 200) << form.Describe();
  const std::string csrf = FormInputValue(form.body, "csrf").value_or("");
  const std::string cookie = "Cookie: csrf=" + form.SetCookie("csrf").value_or("");
  std::string body;
  for (const auto& [k, v] : Fields{{"csrf", csrf},
                                   {"type", "complaint"},
                                   {"category", "roads.potholes"},
                                   {"subject", "Broken street light on Road 12"},
                                   {"description", "The street light has been out for a week."},
                                   {"email", "citizen@example.com"}}) {
    body += "--b7\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  }
  body += "--b7--\r\n";
  Response page = SubmitDuringBrokenCommit(server, [&] {
    Http own(server);
    return own.PostRaw("/submit?lang=en", body, "multipart/form-data; boundary=b7", {cookie});
  });

  EXPECT_EQ(page.status, 503) << page.Describe();
  EXPECT_FALSE(page.HasHeader("retry-after"));
  EXPECT_EQ(page.body.find("nothing was saved"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("cannot confirm"), std::string::npos) << page.body;
  const std::string reference = ElementTextById(page.body, "reference").value_or("");
  EXPECT_TRUE(LooksLikeReference(reference)) << page.body;
  EXPECT_FALSE(ElementTextById(page.body, "access-code").value_or("").empty()) << page.body;
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM cases WHERE reference = '" + reference + "'"), 0);
}

}  // namespace
}  // namespace tawasul_test
