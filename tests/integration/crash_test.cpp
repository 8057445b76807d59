// DESIGN.md §7: "A 201 means the case is on disk: kill -9 under load loses no acknowledged case,
// and the database passes PRAGMA integrity_check afterwards."

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {
namespace {

struct Ack {
  std::string reference;
  std::string code;
};

TEST(CrashTest, KillNineLosesNoAcknowledgedCase) {
  constexpr int kThreads = 8;
  Server server;
  server.Start();
  const int port = server.port();

  std::atomic<bool> stop{false};
  std::atomic<bool> killed{false};
  std::atomic<long> attempts{0}, transport_errors{0}, other_status{0};
  std::mutex mu;
  std::vector<Ack> acked;
  std::vector<std::string> problems;

  auto worker = [&](int id) {
    Http http(port);
    http.set_timeout_seconds(30);
    std::vector<Ack> mine;
    long n = 0;
    while (!stop.load()) {
      Json body = ValidCaseBody();
      body["subject"] = "Crash test " + std::to_string(id) + "-" + std::to_string(n++);
      if (n % 2 == 0) body = ValidArabicCaseBody();
      attempts.fetch_add(1);
      Response r = SubmitCase(http, body);
      if (r.status == 201) {
        Json j = r.JsonBody();
        if (!j.is_object() || !j.contains("reference") || !j.contains("access_code")) {
          std::lock_guard<std::mutex> lock(mu);
          problems.push_back("201 without reference/access_code: " + r.Describe());
          continue;
        }
        mine.push_back({j["reference"].get<std::string>(), j["access_code"].get<std::string>()});
      } else if (r.status == 0) {
        transport_errors.fetch_add(1);
        if (killed.load()) break;  // the server is gone
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      } else {
        other_status.fetch_add(1);
        if (r.status != 503) {
          std::lock_guard<std::mutex> lock(mu);
          if (problems.size() < 20) problems.push_back("unexpected " + r.Describe());
        }
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    acked.insert(acked.end(), mine.begin(), mine.end());
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back(worker, i);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const long attempts_at_kill = attempts.load();
  server.Kill();  // SIGKILL while the workers are mid-request
  killed.store(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop.store(true);
  for (auto& t : threads) t.join();

  std::printf(
      "[ crash    ] %zu cases acknowledged with 201 out of %ld attempts before kill -9; "
      "%ld transport errors, %ld other statuses\n",
      acked.size(), attempts_at_kill, transport_errors.load(), other_status.load());
  for (const auto& p : problems) ADD_FAILURE() << p;
  ASSERT_GT(acked.size(), 0u) << "no case was acknowledged in 3 s";

  {
    std::set<std::string> refs;
    for (const auto& a : acked) {
      EXPECT_TRUE(refs.insert(a.reference).second)
          << "reference " << a.reference << " acknowledged twice";
    }
  }

  // Restart on the same database: every acknowledged case must be there.
  server.Start();
  const int port2 = server.port();
  std::atomic<std::size_t> next{0};
  std::atomic<long> missing{0};
  std::vector<std::string> missing_examples;
  auto verifier = [&] {
    Http http(port2);
    http.set_timeout_seconds(30);
    for (std::size_t i = next.fetch_add(1); i < acked.size(); i = next.fetch_add(1)) {
      Response r = LookupCase(http, acked[i].reference, acked[i].code);
      if (r.status != 200 || r.JsonBody().value("reference", std::string()) != acked[i].reference) {
        missing.fetch_add(1);
        std::lock_guard<std::mutex> lock(mu);
        if (missing_examples.size() < 10) {
          missing_examples.push_back(acked[i].reference + ": " + r.Describe());
        }
      }
    }
  };
  std::vector<std::thread> verifiers;
  for (int i = 0; i < 4; ++i) verifiers.emplace_back(verifier);
  for (auto& t : verifiers) t.join();
  EXPECT_EQ(missing.load(), 0) << missing.load() << " of " << acked.size()
                               << " acknowledged cases are lost after kill -9";
  for (const auto& m : missing_examples) ADD_FAILURE() << "lost: " << m;

  // The server works after the crash: a new case gets a fresh reference.
  {
    Http http(port2);
    Response r = SubmitCase(http, ValidCaseBody());
    EXPECT_EQ(r.status, 201) << r.Describe();
    const std::string ref = r.JsonBody().value("reference", std::string());
    for (const auto& a : acked) {
      if (a.reference == ref) {
        ADD_FAILURE() << "reference " << ref << " handed out twice (before and after the crash)";
        break;
      }
    }
  }
  server.Stop();

  // The database itself.
  if (!server.IsPostgres()) {
    EXPECT_EQ(server.SqlText("PRAGMA integrity_check"), "ok");
  }
  const std::string count = server.SqlText("SELECT count(*) FROM cases");
  ASSERT_FALSE(count.empty());
  EXPECT_GE(std::stoull(count), acked.size() + 1) << "rows in cases";
}

}  // namespace
}  // namespace tawasul_test
