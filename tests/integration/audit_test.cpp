// Trust in the record (issue 20, docs/audit.md), attacked as a database administrator would:
// the append-only triggers dropped with SQL, then an event rewritten with its hash recomputed,
// the tail of a history cut, a case row edited, a whole case deleted. `audit verify --checkpoint`
// catches each and names the case; plain `audit verify` catches the row edit and reports the
// missing triggers; `migrate` restores them, loudly. A valid database verifies clean, and a
// checkpoint signed by another key is refused. On both backends.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "domain/case.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr together
};

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>();
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
    for (int i = 0; i < 3; ++i) refs_.push_back(NewMowCase(i));
    // The second case gets a reply: two events, status in_progress.
    Response login = http_->PostJson("/api/v1/auth/login", {{"email", "agent.mow@tawasul.example"},
                                                            {"password", "demo-agent-2026"}});
    ASSERT_EQ(login.status, 200) << login.Describe();
    token_ = login.JsonBody().value("token", "");
    Response r = http_->PostJson("/api/v1/cases/" + refs_[1] + "/actions",
                                 {{"action", "reply"}, {"body", "We are on it."}},
                                 {"Authorization: Bearer " + token_});
    ASSERT_EQ(r.status, 200) << r.Describe();
    http_.reset();
    server_->Stop();  // the commands below run alone on the database
  }
  void TearDown() override {
    http_.reset();
    if (server_->running()) server_->Stop();
  }

  std::string NewMowCase(int i) {
    Json body = ValidCaseBody();
    body["category"] = "roads.potholes";
    body["subject"] = "Pothole number " + std::to_string(i);
    Response r = SubmitCase(*http_, body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.JsonBody().value("reference", "");
  }

  // `tawasul ARGS` on the fixture's database (or on `database_args`).
  CliRun Tawasul(const std::string& args, const std::string& database_args = "") {
    std::string cmd = std::string(TAWASUL_BINARY) + " " + args + " " +
                      (database_args.empty() ? server_->CliDatabaseArgs() : database_args) +
                      " 2>&1";
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[512];
    while (p && fgets(buf, sizeof buf, p)) r.output += buf;
    int raw = p ? pclose(p) : -1;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
  }

  std::string Path(const std::string& name) const { return server_->dir() + "/" + name; }

  // A key pair and a checkpoint signed with it; returns the checkpoint file.
  std::string Checkpoint(const std::string& key = "k") {
    if (!std::ifstream(Path(key)).good()) {
      CliRun g = Tawasul("audit keygen --out " + Path(key));
      EXPECT_EQ(g.status, 0) << g.output;
    }
    const std::string file = Path(key + ".checkpoint");
    CliRun c = Tawasul("audit checkpoint --key " + Path(key) + " --out " + file);
    EXPECT_EQ(c.status, 0) << c.output;
    return file;
  }
  CliRun VerifyWith(const std::string& checkpoint, const std::string& key = "k") {
    return Tawasul("audit verify --checkpoint " + checkpoint + " --public-key " + Path(key) +
                   ".pub");
  }

  std::int64_t CaseId(const std::string& ref) const {
    return server_->SqlInt("SELECT id FROM cases WHERE reference = '" + ref + "'");
  }
  static std::string HexOf(const std::string& column) {
    return Server::IsPostgres() ? "encode(" + column + ", 'hex')" : "lower(hex(" + column + "))";
  }
  static std::string BlobLiteral(const std::string& hex) {
    return Server::IsPostgres() ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
  }
  void DropTriggers() const {
    const std::string on = Server::IsPostgres() ? " ON case_events" : "";
    server_->SqlExec("DROP TRIGGER case_events_no_update" + on +
                     "; DROP TRIGGER case_events_no_delete" + on);
  }
  static std::string Hex(const std::string& raw) {
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    for (unsigned char ch : raw) {
      out += kDigits[ch >> 4];
      out += kDigits[ch & 15];
    }
    return out;
  }
  static std::string Unhex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
      out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return out;
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
  std::vector<std::string> refs_;
  std::string token_;
};

TEST_F(AuditTest, ValidHistoryVerifiesCleanAgainstItsCheckpoint) {
  CliRun plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 0) << plain.output;
  EXPECT_NE(plain.output.find("history intact: 3 cases, 4 events"), std::string::npos)
      << plain.output;
  EXPECT_EQ(plain.output.find("not covered"), std::string::npos) << plain.output;

  const std::string file = Checkpoint();
  struct stat st {};
  ASSERT_EQ(::stat(Path("k").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the secret key is private";
  EXPECT_NE(Tawasul("audit keygen --out " + Path("k")).status, 0) << "never overwritten";
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM audit_checkpoints"), 1);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM audit_checkpoint_leaves"), 3);

  CliRun v = VerifyWith(file);
  EXPECT_EQ(v.status, 0) << v.output;
  EXPECT_NE(v.output.find("checkpoint verified: 3 cases"), std::string::npos) << v.output;

  // History written after the cut-off does not disturb the checkpoint.
  server_->Start();
  http_ = std::make_unique<Http>(*server_);
  NewMowCase(9);
  Response r = http_->PostJson("/api/v1/cases/" + refs_[0] + "/actions",
                               {{"action", "reply"}, {"body", "Later."}},
                               {"Authorization: Bearer " + token_});
  EXPECT_EQ(r.status, 200) << r.Describe();
  http_.reset();
  server_->Stop();
  v = VerifyWith(file);
  EXPECT_EQ(v.status, 0) << v.output;
  EXPECT_NE(v.output.find("history intact: 4 cases, 6 events"), std::string::npos) << v.output;
}

TEST_F(AuditTest, CheckpointSignedByAnotherKeyIsRefused) {
  const std::string file = Checkpoint("k");
  ASSERT_EQ(Tawasul("audit keygen --out " + Path("other")).status, 0);
  CliRun v = VerifyWith(file, "other");
  EXPECT_EQ(v.status, 2) << v.output;
  EXPECT_NE(v.output.find("not valid for the given public key"), std::string::npos) << v.output;
  EXPECT_EQ(v.output.find("checkpoint verified"), std::string::npos) << v.output;
}

TEST_F(AuditTest, RewriteWithRecomputedHashesIsCaughtByTheCheckpoint) {
  const std::string file = Checkpoint();
  DropTriggers();
  // The reply's text changed, and its hash recomputed from the stored previous hash: the chain
  // itself is consistent again.
  const std::int64_t id = CaseId(refs_[1]);
  const std::string where =
      " FROM case_events WHERE case_id = " + std::to_string(id) + " AND seq = 2";
  tawasul::domain::CaseEvent e;
  e.seq = 2;
  e.at = tawasul::domain::Instant{std::chrono::seconds(server_->SqlInt("SELECT at" + where))};
  tawasul::domain::SetKindName(e, server_->SqlText("SELECT kind" + where));
  e.is_public = server_->SqlInt("SELECT public" + where) != 0;
  e.actor = server_->SqlText("SELECT actor" + where);
  e.body = "Closed: nothing to do.";
  e.data = server_->SqlText("SELECT data" + where);
  const std::string prev = Unhex(server_->SqlText("SELECT " + HexOf("prev_hash") + where));
  const std::string hash = Hex(tawasul::domain::EventHash(prev, refs_[1], e));
  server_->SqlExec("UPDATE case_events SET body = '" + e.body + "', hash = " + BlobLiteral(hash) +
                   " WHERE case_id = " + std::to_string(id) + " AND seq = 2");

  CliRun plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 2) << plain.output;
  EXPECT_NE(plain.output.find("case_events_no_update is missing"), std::string::npos)
      << plain.output;
  CliRun m = Tawasul("migrate");
  EXPECT_EQ(m.status, 0) << m.output;
  EXPECT_NE(m.output.find("case_events_no_delete was missing; re-created"), std::string::npos)
      << m.output;
  plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 0) << "a recomputed chain passes on its own: " << plain.output;

  CliRun v = VerifyWith(file);
  EXPECT_EQ(v.status, 2) << v.output;
  EXPECT_NE(v.output.find(refs_[1] + ": history rewritten since the checkpoint"), std::string::npos)
      << v.output;
}

TEST_F(AuditTest, TailTruncationIsCaught) {
  const std::string file = Checkpoint();
  DropTriggers();
  server_->SqlExec("DELETE FROM case_events WHERE case_id = " + std::to_string(CaseId(refs_[1])) +
                   " AND seq = 2");
  CliRun v = VerifyWith(file);
  EXPECT_EQ(v.status, 2) << v.output;
  EXPECT_NE(
      v.output.find(refs_[1] + ": history truncated since the checkpoint (2 events then, 1 now)"),
      std::string::npos)
      << v.output;
  // The row still says in_progress, which the surviving history never recorded.
  EXPECT_NE(v.output.find(refs_[1] + ": status differs from the last recorded change"),
            std::string::npos)
      << v.output;
}

TEST_F(AuditTest, CaseRowEditIsCaughtWithAndWithoutACheckpoint) {
  const std::string file = Checkpoint();
  server_->SqlExec("UPDATE cases SET description = 'The light works fine.' WHERE reference = '" +
                   refs_[2] + "'");
  CliRun plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 2) << plain.output;
  EXPECT_NE(plain.output.find(refs_[2] + ": description differs from the submission"),
            std::string::npos)
      << plain.output;
  CliRun v = VerifyWith(file);
  EXPECT_EQ(v.status, 2) << v.output;
  EXPECT_NE(v.output.find(refs_[2] + ": description differs"), std::string::npos) << v.output;

  server_->SqlExec(
      "UPDATE cases SET description = 'The street light on our road has been off for "
      "two weeks now.', contact_email = 'someone.else@example.com' WHERE reference = '" +
      refs_[2] + "'");
  plain = Tawasul("audit verify");
  EXPECT_NE(plain.output.find(refs_[2] + ": contact_email differs from the submission"),
            std::string::npos)
      << plain.output;
  server_->SqlExec(
      "UPDATE cases SET contact_email = 'citizen@example.com', status = 'closed' "
      "WHERE reference = '" +
      refs_[2] + "'");
  plain = Tawasul("audit verify");
  EXPECT_NE(plain.output.find(refs_[2] + ": status differs from the last recorded change"),
            std::string::npos)
      << plain.output;
  server_->SqlExec("UPDATE cases SET status = 'received' WHERE reference = '" + refs_[2] + "'");
  plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 0) << "restored: " << plain.output;
}

TEST_F(AuditTest, WholeCaseDeletionIsCaught) {
  const std::string file = Checkpoint();
  DropTriggers();
  const std::string id = std::to_string(CaseId(refs_[0]));
  server_->SqlExec("DELETE FROM case_submission_salts WHERE case_id = " + id +
                   "; DELETE FROM case_attachments WHERE case_id = " + id +
                   "; DELETE FROM case_events WHERE case_id = " + id +
                   "; DELETE FROM cases WHERE id = " + id);
  ASSERT_EQ(Tawasul("migrate").status, 0);
  CliRun plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 0) << "nothing left to check without a checkpoint: " << plain.output;
  CliRun v = VerifyWith(file);
  EXPECT_EQ(v.status, 2) << v.output;
  EXPECT_NE(v.output.find(refs_[0] + ": the case or its history was deleted since the checkpoint"),
            std::string::npos)
      << v.output;
}

TEST_F(AuditTest, SchedulerLeaderWritesASignedCheckpoint) {
  ASSERT_EQ(Tawasul("audit keygen --out " + Path("sk")).status, 0);
  Server node(
      ServerOptions{.extra_args = {"--scheduler-interval", "0.2", "--checkpoint-key", Path("sk")}});
  node.Start();
  // The leader's first housekeeping, at its first tick, finds no checkpoint and writes one.
  std::int64_t written = 0;
  for (int i = 0; i < 300 && written == 0; ++i) {
    written = node.SqlInt("SELECT count(*) FROM audit_checkpoints");
    if (written == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(written, 1) << node.StderrTail();
  const std::string text = node.SqlText("SELECT text FROM audit_checkpoints");
  node.Stop();
  const std::string file = Path("scheduled.checkpoint");
  std::ofstream(file) << text << "\n";
  CliRun v = Tawasul("audit verify --checkpoint " + file + " --public-key " + Path("sk") + ".pub",
                     node.CliDatabaseArgs());
  EXPECT_EQ(v.status, 0) << v.output;
  EXPECT_NE(v.output.find("checkpoint verified"), std::string::npos) << v.output;
}

// Checkpoints taken while cases are being submitted (on PostgreSQL by two nodes, whose event ids
// can commit out of order) all verify afterwards, and taking them neither blocks nor fails the
// writers. (The out-of-order window the PostgreSQL cut-off lock closes, docs/audit.md "The
// cut-off", is too narrow to provoke reliably here: this passes without the lock too.)
TEST_F(AuditTest, CheckpointsTakenUnderLoadAllVerify) {
  // On SQLite the command's write competes with the serving node's one writer, which under a
  // continuous load can keep it past its busy timeout ("database is locked"): there the
  // scheduler's leader writes checkpoints inside the server (--checkpoint-key). Known limitation,
  // docs/audit.md.
  if (!Server::IsPostgres()) GTEST_SKIP() << "SQLite: checkpoints under load come from the server";
  server_->Start();
  std::unique_ptr<Server> second;
  std::vector<int> ports = {server_->port()};
  if (Server::IsPostgres()) {
    second = std::make_unique<Server>(ServerOptions{
        .demo = false, .threads = 2, .extra_args = {}, .share_database_of = server_.get()});
    second->Start();
    ports.push_back(second->port());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> submitted{0};
  std::vector<std::thread> load;
  for (int port : ports) {
    for (int t = 0; t < 2; ++t) {
      load.emplace_back([&, port] {
        Http http(port);
        while (!stop) {
          Json body = ValidCaseBody();
          body["category"] = "roads.potholes";
          if (SubmitCase(http, body).status == 201) submitted++;
        }
      });
    }
  }
  std::vector<std::string> files;
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(Tawasul("audit keygen --out " + Path("load" + std::to_string(i))).status, 0);
    files.push_back(Checkpoint("load" + std::to_string(i)));
  }
  stop = true;
  for (auto& t : load) t.join();
  if (second) second->Stop();
  server_->Stop();
  EXPECT_GT(submitted.load(), 0);
  for (int i = 0; i < 4; ++i) {
    CliRun v = VerifyWith(files[static_cast<std::size_t>(i)], "load" + std::to_string(i));
    EXPECT_EQ(v.status, 0) << "checkpoint " << i << ": " << v.output;
  }
  CliRun plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 0) << plain.output;
}

// PostgreSQL only: an event whose id was drawn before a later event committed, but which
// commits itself only after the checkpoint was asked for. The checkpoint waits for it (the
// SHARE lock on case_events), so its cut-off covers it and the checkpoint verifies afterwards;
// without the lock the cut-off would be read while it is invisible and the case's head would
// differ once it commits.
TEST_F(AuditTest, PostgresCutOffWaitsForEventsStillBeingWritten) {
  if (!Server::IsPostgres()) GTEST_SKIP() << "SQLite has one writer: ids commit in order";
  ASSERT_EQ(Tawasul("audit keygen --out " + Path("k")).status, 0);
  // A valid next event for the first case, inserted in a transaction left open.
  const std::int64_t id = CaseId(refs_[0]);
  const std::string prev =
      Unhex(server_->SqlText("SELECT " + HexOf("hash") + " FROM case_events WHERE case_id = " +
                             std::to_string(id) + " AND seq = 1"));
  tawasul::domain::CaseEvent e;
  e.seq = 2;
  e.at = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  e.kind = tawasul::domain::EventKind::kNote;
  e.is_public = false;
  e.actor = "system";
  e.body = "written slowly";
  const std::string hash = Hex(tawasul::domain::EventHash(prev, refs_[0], e));
  const char* keys[] = {"dbname", "sslmode", "gssencmode", nullptr};
  const char* values[] = {server_->database_url().c_str(), "disable", "disable", nullptr};
  PGconn* slow = PQconnectdbParams(keys, values, 1);
  ASSERT_EQ(PQstatus(slow), CONNECTION_OK) << PQerrorMessage(slow);
  auto exec = [&](const std::string& sql) {
    PGresult* r = PQexec(slow, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(slow);
    PQclear(r);
  };
  exec("BEGIN");
  exec(
      "INSERT INTO case_events(case_id, seq, at, kind, public, actor, body, prev_hash, hash, "
      "data) VALUES (" +
      std::to_string(id) + ", 2, " + std::to_string(e.at.time_since_epoch().count()) +
      ", 'note', 0, 'system', 'written slowly', " + BlobLiteral(Hex(prev)) + ", " +
      BlobLiteral(hash) + ", '')");
  // A later event (a larger id) commits meanwhile.
  server_->Start();
  http_ = std::make_unique<Http>(*server_);
  NewMowCase(7);
  http_.reset();
  server_->Stop();
  CliRun checkpoint;
  std::thread cli([&] {
    checkpoint = Tawasul("audit checkpoint --key " + Path("k") + " --out " + Path("slow.cp"));
  });
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the checkpoint is asked for first
  exec("COMMIT");
  cli.join();
  PQfinish(slow);
  ASSERT_EQ(checkpoint.status, 0) << checkpoint.output;
  CliRun v = VerifyWith(Path("slow.cp"));
  EXPECT_EQ(v.status, 0) << v.output;
}

// A transfer moves the entity: the submission's entity is no longer compared, the transfer's
// recorded state is, so the row cannot be moved back (or elsewhere) unseen.
TEST_F(AuditTest, TransferredCaseIsCheckedAgainstItsLastRecordedEntity) {
  server_->Start();
  http_ = std::make_unique<Http>(*server_);
  Response login = http_->PostJson(
      "/api/v1/auth/login",
      {{"email", "supervisor.mow@tawasul.example"}, {"password", "demo-supervisor-2026"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  Response r =
      http_->PostJson("/api/v1/cases/" + refs_[2] + "/actions",
                      {{"action", "transfer"}, {"entity", "MOH"}, {"reason", "A health matter"}},
                      {"Authorization: Bearer " + login.JsonBody().value("token", "")});
  ASSERT_EQ(r.status, 200) << r.Describe();
  http_.reset();
  server_->Stop();
  CliRun plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 0) << plain.output;
  server_->SqlExec("UPDATE cases SET entity = 'MOW' WHERE reference = '" + refs_[2] + "'");
  plain = Tawasul("audit verify");
  EXPECT_EQ(plain.status, 2) << plain.output;
  EXPECT_NE(plain.output.find(refs_[2] + ": entity differs from the last recorded change"),
            std::string::npos)
      << plain.output;
}

}  // namespace
}  // namespace tawasul_test
