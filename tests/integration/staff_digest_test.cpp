// The daily digest of an entity for its supervisors (issue 15, docs/notifications.md "The daily
// digest"): the real `tawasul serve` with its real scheduler and `--staff-digest-hour 0` (so the
// hour has always been reached), the email read back from the real SMTP sink on loopback
// (loopback_sinks.h). What is proved: the entity's supervisor receives one digest with the right
// counts and the inbox link; many more ticks and a restart the same day send nothing more; the
// entity's agent receives none; entities with nothing open and nothing new get none.
//
// The cases are entered on a first node without the digest, then the digest node serves the same
// database, so the first digest of the day sees them all. Nothing here asserts a duration: every
// wait polls a condition until a deadline, and "nothing more" is checked after many ticks have
// certainly run (the interval is 0.2 s).

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "integration/loopback_sinks.h"
#include "integration/server.h"

namespace tawasul_test {
namespace {

constexpr const char* kSupervisorMow = "supervisor.mow@tawasul.example";
constexpr const char* kDigestSubject = "الملخص اليومي";

std::string Login(Http& http, const std::string& email, const std::string& password) {
  Response r = http.PostJson("/api/v1/auth/login", {{"email", email}, {"password", password}});
  EXPECT_EQ(r.status, 200) << r.Describe();
  return r.JsonBody().value("token", "");
}

TEST(StaffDigestTest, SupervisorGetsOneDigestADayWithTheCountsAndTheAgentNone) {
  ScratchDir dir;
  SmtpSink sink(dir.path() / "smtp");
  Server intake;  // demo accounts, no digest, no SMTP
  intake.Start();
  std::vector<std::string> refs;
  {
    Http http(intake);
    for (int i = 0; i < 4; ++i) {
      Json body = ValidCaseBody();
      body["category"] = "roads.potholes";  // Ministry of Works (MOW)
      Response r = SubmitCase(http, body);
      ASSERT_EQ(r.status, 201) << r.Describe();
      refs.push_back(r.JsonBody().value("reference", ""));
    }
    Headers bearer = {"Authorization: Bearer " + Login(http, kAgentMow, "demo-agent-2026")};
    Response a = http.PostJson("/api/v1/cases/" + refs[1] + "/actions",
                               {{"action", "request_info"}, {"body", "Which street?"}}, bearer);
    ASSERT_EQ(a.status, 200) << a.Describe();
  }
  intake.Stop();
  // refs[0] due in ten minutes (within two working days); refs[1] waits for the citizen;
  // refs[2] past due; refs[3] submitted yesterday and due in a month.
  const std::string now = SqlNowEpoch();
  const auto where = [](const std::string& ref) { return " WHERE reference = '" + ref + "'"; };
  intake.SqlExec("UPDATE cases SET due_at = " + now + " + 600" + where(refs[0]) +
                 "; UPDATE cases SET due_at = " + now + " - 3600" + where(refs[2]) +
                 "; UPDATE cases SET submitted_at = submitted_at - 86400, due_at = " + now +
                 " + 30 * 86400" + where(refs[3]));

  std::vector<std::string> args = EmailArgs(sink);
  args.insert(args.end(), {"--scheduler-interval", "0.2", "--staff-digest-hour", "0"});
  Server node(ServerOptions{.extra_args = args, .share_database_of = &intake});
  node.Start();
  ASSERT_TRUE(WaitUntil([&] { return !sink.To(kSupervisorMow, kDigestSubject).empty(); }))
      << node.SqlText("SELECT entity || ':' || local_date || ':' || sent FROM staff_digests")
      << "\n"
      << node.StderrTail();
  const Json mail = sink.To(kSupervisorMow, kDigestSubject).at(0);
  const std::string text = SmtpSink::Part(mail, "text/plain");
  EXPECT_NE(text.find("ملاحظات جديدة أمس: 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ملاحظات مفتوحة الآن: 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("يحين موعدها خلال يومي عمل: 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("تجاوزت موعد الرد: 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("بانتظار رد المواطن: 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("https://tawasul.example/staff/"), std::string::npos) << text;
  EXPECT_NE(SmtpSink::Header(mail, "Subject").find("وزارة الأشغال"), std::string::npos);

  // Many more ticks, then a restart the same day: still one.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  node.Stop();
  node.Start();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(node.SqlInt("SELECT count(*) FROM outbox WHERE kind = 'digest'"), 1);
  EXPECT_EQ(node.SqlInt("SELECT count(*) FROM staff_digests WHERE entity = 'MOW' AND sent = 1"), 1);
  EXPECT_EQ(sink.To(kSupervisorMow, kDigestSubject).size(), 1u);
  // The entity's agent gets none; the other entities' supervisors (nothing open, nothing new)
  // none either, though their day is decided too.
  EXPECT_TRUE(sink.To(kAgentMow, kDigestSubject).empty());
  int digests = 0;
  for (const Json& m : sink.Messages()) {
    digests += SmtpSink::Header(m, "Subject").find(kDigestSubject) != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(digests, 1);
  EXPECT_EQ(node.SqlInt("SELECT count(*) FROM staff_digests WHERE entity <> 'MOW' AND sent = 0"),
            node.SqlInt("SELECT count(*) FROM staff_digests WHERE entity <> 'MOW'"));
  node.Stop();
}

}  // namespace
}  // namespace tawasul_test
