// PostgreSQL only: the service survives its database connections being cut (what a server
// restart or a Patroni failover looks like from a node): the next write and the next reads
// succeed on new connections, with no request failing.

#include <gtest/gtest.h>

#include "integration/server.h"

namespace tawasul_test {
namespace {

// Ends every session of the server's database except the caller's own.
void CutConnections(const Server& server) {
  server.SqlText(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
      "current_database() AND pid <> pg_backend_pid()");
}

TEST(ReconnectTest, RequestsSucceedAfterTheDatabaseDroppedEveryConnection) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL only";
  Server server(ServerOptions{.extra_args = {"--scheduler-interval", "0.2"}});
  server.Start();
  Http http(server);
  std::vector<std::pair<std::string, std::string>> cases;
  auto submit_and_read = [&] {
    Response r = SubmitCase(http, ValidCaseBody());
    ASSERT_EQ(r.status, 201) << r.Describe();
    auto j = r.JsonBody();
    cases.emplace_back(j.value("reference", ""), j.value("access_code", ""));
    for (const auto& [ref, code] : cases) {
      Response g = LookupCase(http, ref, code);
      EXPECT_EQ(g.status, 200) << g.Describe();
    }
    EXPECT_EQ(http.Get("/api/v1/stats").status, 200);
    EXPECT_EQ(http.Get("/readyz").status, 200);
  };
  submit_and_read();
  for (int round = 0; round < 3; ++round) {
    CutConnections(server);
    submit_and_read();
  }
  // The scheduler's leadership lock died with its session; it is taken again.
  bool leader = false;
  for (int i = 0; i < 100 && !leader; ++i) {
    leader = http.Get("/metrics").body.find("tawasul_scheduler_leader 1") != std::string::npos;
    if (!leader) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(leader);
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM cases"), 4);
}

}  // namespace
}  // namespace tawasul_test
