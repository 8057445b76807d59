// Several `tawasul serve` nodes on one PostgreSQL database (DESIGN.md §5: stateless nodes behind
// a load balancer, jobs coordinated through the database): submissions to both nodes get unique
// references and are readable from either; exactly one node leads the scheduler, and when it dies
// another takes over without recording a breach twice. PostgreSQL only (SQLite is one node).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "domain/reference.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

using Clock = std::chrono::steady_clock;

#define SKIP_UNLESS_POSTGRES()                                                      \
  do {                                                                              \
    if (!IsPostgres()) GTEST_SKIP() << "several nodes need the PostgreSQL backend"; \
  } while (0)

// The value of the gauge `tawasul_scheduler_leader` in GET /metrics, or nullopt when the node
// does not answer or has no such line.
std::optional<int> SchedulerLeader(const Server& node) {
  Http http(node);
  http.set_timeout_seconds(5);
  Response r = http.Get("/metrics");
  if (r.status != 200) return std::nullopt;
  std::istringstream lines(r.body);
  std::string line;
  const std::string name = "tawasul_scheduler_leader";
  while (std::getline(lines, line)) {
    if (line.rfind(name, 0) != 0) continue;
    std::size_t i = name.size();
    if (i < line.size() && line[i] == '{') i = line.find('}', i) + 1;  // labels, if any
    if (i == 0 || i >= line.size() || line[i] != ' ') continue;
    const std::string value = line.substr(i + 1);
    if (value == "1" || value == "1.0") return 1;
    if (value == "0" || value == "0.0") return 0;
    return std::nullopt;
  }
  return std::nullopt;
}

std::string LeaderState(const Server& a, const Server& b) {
  auto show = [](std::optional<int> v) { return v ? std::to_string(*v) : std::string("none"); };
  return "node A: " + show(SchedulerLeader(a)) + ", node B: " + show(SchedulerLeader(b));
}

// Polls `done` every 100 ms until it is true or `timeout` has passed; returns its last value.
template <typename F>
bool WaitFor(std::chrono::milliseconds timeout, F done) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (done()) return true;
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

struct Ack {
  std::string reference;
  std::string code;
  int node = 0;
};

TEST(MultiNodeTest, BothNodesTakeSubmissionsWithUniqueReferencesAndReadEachOthersCases) {
  SKIP_UNLESS_POSTGRES();
  Server a;  // migrates and loads the demo catalogue
  a.Start();
  Server b(ServerOptions{.demo = false, .threads = 2, .extra_args = {}, .share_database_of = &a});
  b.Start();
  const std::vector<int> ports = {a.port(), b.port()};

  constexpr int kThreadsPerNode = 2;
  constexpr int kCasesPerThread = 40;
  std::mutex mu;
  std::vector<Ack> acked;
  std::vector<std::string> problems;
  auto worker = [&](int node, int id) {
    Http http(ports[node]);
    http.set_timeout_seconds(30);
    for (int n = 0; n < kCasesPerThread; ++n) {
      Json body = n % 2 == 0 ? ValidCaseBody() : ValidArabicCaseBody();
      body["subject"] =
          "Two nodes " + std::to_string(node) + "-" + std::to_string(id) + "-" + std::to_string(n);
      Response r = SubmitCase(http, body);
      Json j = r.JsonBody();
      std::lock_guard<std::mutex> lock(mu);
      if (r.status == 201 && j.is_object() && j.contains("reference") &&
          j.contains("access_code")) {
        acked.push_back(
            {j["reference"].get<std::string>(), j["access_code"].get<std::string>(), node});
      } else if (problems.size() < 10) {
        problems.push_back("node " + std::to_string(node) + ": " + r.Describe());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int node = 0; node < 2; ++node) {
    for (int id = 0; id < kThreadsPerNode; ++id) threads.emplace_back(worker, node, id);
  }
  for (auto& t : threads) t.join();
  for (const auto& p : problems) ADD_FAILURE() << "submission not acknowledged: " << p;
  EXPECT_EQ(acked.size(), std::size_t{2 * kThreadsPerNode * kCasesPerThread});

  std::set<std::string> references;
  for (const auto& ack : acked) {
    EXPECT_TRUE(LooksLikeReference(ack.reference)) << ack.reference;
    EXPECT_TRUE(references.insert(ack.reference).second)
        << "reference " << ack.reference << " handed out twice";
  }

  // Each node reads the cases the other one took.
  Http http_a(a), http_b(b);
  int unreadable = 0;
  for (const auto& ack : acked) {
    Http& other = ack.node == 0 ? http_b : http_a;
    Response r = LookupCase(other, ack.reference, ack.code);
    if (r.status != 200 || r.JsonBody().value("reference", std::string()) != ack.reference) {
      if (++unreadable <= 5) {
        ADD_FAILURE() << "case " << ack.reference << " taken by node " << ack.node
                      << " is not readable on the other node: " << r.Describe();
      }
    }
  }
  EXPECT_EQ(unreadable, 0);
  EXPECT_EQ(a.SqlInt("SELECT count(*) FROM cases"), static_cast<std::int64_t>(acked.size()));
  b.Stop();
  a.Stop();
}

TEST(MultiNodeTest, SchedulerLeaderFailsOverWithoutRecordingABreachTwice) {
  SKIP_UNLESS_POSTGRES();
  const std::vector<std::string> scheduler = {"--scheduler-interval", "0.2",
                                              "--escalate-after-hours", "0"};
  Server a(ServerOptions{.demo = false, .threads = 2, .extra_args = scheduler});
  a.Start();  // migrates first; B then starts on the migrated database
  Server b(
      ServerOptions{.demo = false, .threads = 2, .extra_args = scheduler, .share_database_of = &a});
  b.Start();

  // Exactly one leader.
  std::optional<int> la, lb;
  const bool one_leader = WaitFor(std::chrono::seconds(10), [&] {
    la = SchedulerLeader(a);
    lb = SchedulerLeader(b);
    return la && lb && *la + *lb == 1;
  });
  ASSERT_TRUE(one_leader) << "expected exactly one node with `tawasul_scheduler_leader 1` and "
                             "the other with `tawasul_scheduler_leader 0` in /metrics; "
                          << LeaderState(a, b);
  Server& leader = *la == 1 ? a : b;
  Server& survivor = *la == 1 ? b : a;
  // Still exactly one a few ticks later.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(SchedulerLeader(leader), 1) << LeaderState(a, b);
  EXPECT_EQ(SchedulerLeader(survivor), 0) << LeaderState(a, b);

  leader.Kill();  // SIGKILL: its session, and so its leadership, ends with its connections

  // 40 cases received in 2025 and never touched: every clock is long overdue.
  const std::string file = survivor.dir() + "/old.jsonl";
  {
    std::ofstream f(file);
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
  const std::string cmd = std::string(TAWASUL_BINARY) + " import --format jsonl " + file + " " +
                          survivor.CliDatabaseArgs() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);

  EXPECT_TRUE(WaitFor(std::chrono::seconds(15), [&] { return SchedulerLeader(survivor) == 1; }))
      << "the surviving node did not take the scheduler over within 15 s: "
      << "tawasul_scheduler_leader is "
      << (SchedulerLeader(survivor) ? std::to_string(*SchedulerLeader(survivor)) : "absent");

  const std::string breached = "SELECT count(*) FROM case_events WHERE kind = 'breached'";
  ASSERT_TRUE(WaitFor(std::chrono::seconds(15), [&] { return survivor.SqlInt(breached) > 0; }))
      << "no breach recorded after the failover; survivor stderr:\n"
      << survivor.StderrTail();
  std::this_thread::sleep_for(std::chrono::seconds(3));  // many more ticks
  // At most one breach per clock, one warning per case.
  EXPECT_EQ(survivor.SqlInt(DuplicateBreachesSql()), 0);
  EXPECT_EQ(survivor.SqlInt("SELECT count(*) - count(DISTINCT case_id) FROM case_events "
                            "WHERE kind = 'warning'"),
            0);
  EXPECT_EQ(survivor.SqlInt("SELECT count(*) FROM outbox WHERE kind = 'breach'"),
            survivor.SqlInt(breached));

  // The old leader comes back as a follower: still exactly one leader.
  leader.Start();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(SchedulerLeader(survivor), 1) << LeaderState(a, b);
  EXPECT_EQ(SchedulerLeader(leader), 0) << LeaderState(a, b);
  EXPECT_EQ(survivor.SqlInt(DuplicateBreachesSql()), 0);
  b.Stop();
  a.Stop();
}

// Staff on both nodes act on the same cases at the same moment (each answers every case, in
// opposite orders): every case is answered exactly once, its history chain stays intact, the
// figures maintained under that concurrency equal the ones recomputed from the histories, and an
// SLA change and a catalogue change made on one node are in force on the other within seconds.
TEST(MultiNodeTest, ConcurrentActionsOnBothNodesKeepHistoriesAndFiguresExact) {
  SKIP_UNLESS_POSTGRES();
  Server a;  // demo catalogue and staff accounts
  a.Start();
  Server b(ServerOptions{.demo = false, .threads = 2, .extra_args = {}, .share_database_of = &a});
  b.Start();
  auto login = [](const Server& node, const std::string& email, const std::string& password) {
    Http http(node);
    Response r = http.PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return Headers{"Authorization: Bearer " + r.JsonBody().value("token", "")};
  };
  constexpr int kCases = 24;
  std::vector<std::string> refs;
  {
    Http ha(a), hb(b);
    for (int i = 0; i < kCases; ++i) {
      Json body = ValidCaseBody();
      body["category"] = "roads.potholes";
      Response r = SubmitCase(i % 2 ? hb : ha, body);
      ASSERT_EQ(r.status, 201) << r.Describe();
      refs.push_back(r.JsonBody().value("reference", ""));
    }
  }
  const Headers agent_a = login(a, "agent.mow@tawasul.example", "demo-agent-2026");
  const Headers agent_b = login(b, "agent.mow@tawasul.example", "demo-agent-2026");
  std::vector<int> answered(2, 0);
  auto worker = [&](int node) {
    Http http(node == 0 ? a.port() : b.port());
    const Headers& who = node == 0 ? agent_a : agent_b;
    for (int k = 0; k < kCases; ++k) {
      const std::string& ref = refs[node == 0 ? k : kCases - 1 - k];
      http.PostJson("/api/v1/cases/" + ref + "/actions",
                    {{"action", "reply"}, {"body", "Seen on node " + std::to_string(node)}}, who);
      Response r = http.PostJson("/api/v1/cases/" + ref + "/actions",
                                 {{"action", "answer"}, {"body", "Repaired."}}, who);
      if (r.status == 200) {
        ++answered[node];
      } else {
        EXPECT_EQ(r.status, 409) << r.Describe();  // the other node answered it first
      }
    }
  };
  std::thread ta(worker, 0), tb(worker, 1);
  ta.join();
  tb.join();
  EXPECT_EQ(answered[0] + answered[1], kCases);
  EXPECT_EQ(a.SqlInt("SELECT count(*) FROM case_events WHERE kind = 'answer'"), kCases);
  EXPECT_EQ(a.SqlInt("SELECT count(*) FROM (SELECT case_id, seq FROM case_events GROUP BY "
                     "case_id, seq HAVING count(*) > 1) d"),
            0);

  // An SLA target set on node A is in force on node B (which reloads every 2 s).
  const Headers admin_a = login(a, "admin@tawasul.example", "demo-admin-2026");
  const Headers admin_b = login(b, "admin@tawasul.example", "demo-admin-2026");
  Json rule = {{"entity", "MOW"},
               {"type", "complaint"},
               {"category", ""},
               {"first_response", {{"unit", "working_days"}, {"amount", 2}}},
               {"resolution", {{"unit", "working_days"}, {"amount", 21}}}};
  {
    Http http(a);
    Headers h = admin_a;
    h.push_back("Content-Type: application/json");
    Response r = http.Request("PUT", "/api/v1/admin/targets", Json{{"items", {rule}}}.dump(), h);
    ASSERT_EQ(r.status, 200) << r.Describe();
  }
  EXPECT_TRUE(WaitFor(std::chrono::seconds(10), [&] {
    Http http(b);
    Json items = http.Get("/api/v1/admin/targets", admin_b).JsonBody().value("items", Json());
    return items.is_array() && items.size() == 1 && items[0]["resolution"].value("amount", 0) == 21;
  })) << "node B still uses the old targets";

  // An entity added on node A's admin page is in force on node B: its public catalogue lists it
  // and B's submission routes a case to it (B never restarted).
  {
    Http http(a);
    constexpr const char* kCsrf = "0123456789abcdef0123456789abcdef";
    Response r = http.PostForm("/admin/entities/new",
                               {{"code", "NODEA"},
                                {"name_ar", "جهة من العقدة أ"},
                                {"name_en", "Entity from node A"},
                                {"csrf", kCsrf}},
                               std::string("csrf=") + kCsrf, admin_a);
    ASSERT_EQ(r.status, 303) << r.Describe();
  }
  EXPECT_TRUE(WaitFor(std::chrono::seconds(10), [&] {
    Http http(b);
    Json items = http.Get("/api/v1/entities").JsonBody().value("items", Json());
    for (const auto& e : items)
      if (e.value("code", "") == "NODEA") return true;
    return false;
  })) << "node B still uses the old catalogue";

  b.Stop();
  a.Stop();
  // Maintained under concurrency == recomputed from the histories; chains intact.
  auto run = [&](const std::string& args) {
    std::string cmd =
        std::string(TAWASUL_BINARY) + " " + args + " " + a.CliDatabaseArgs() + " 2>/dev/null";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    std::size_t n;
    while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(p ? pclose(p) : -1, 0) << cmd;
    return out;
  };
  for (const std::string group : {"", "entity", "category", "day"}) {
    std::string args = "stats" + (group.empty() ? std::string() : " --group-by " + group);
    Json maintained = Json::parse(run(args), nullptr, false);
    Json rebuilt = Json::parse(run(args + " --rebuild"), nullptr, false);
    ASSERT_TRUE(maintained.is_object()) << args;
    EXPECT_EQ(maintained, rebuilt) << args;
    EXPECT_EQ(maintained["totals"].value("answered", 0), kCases) << args;
  }
  EXPECT_NE(run("audit verify").find("intact"), std::string::npos);
}

}  // namespace
}  // namespace tawasul_test
