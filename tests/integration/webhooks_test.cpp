// Webhooks (issue 15, docs/notifications.md "Webhooks"): the real `tawasul serve` registering a
// webhook through /admin/webhooks and the JSON API, and delivering signed case events to
// tests/notify/http_receiver.py (a standard-library HTTP server on loopback run by Debian's
// /usr/bin/python3; it records every request and answers as its mode file says).
//
// What is proved here: each event arrives as a POST whose Tawasul-Signature verifies with the
// secret shown at registration (recomputed here with libsodium over the bytes received), with
// Tawasul-Event, -Delivery and -Timestamp, and a body without the citizen's contact; a 500 is
// retried with the same Tawasul-Delivery; a replay from the admin page sends the delivery again
// with the same id; a URL that is not http(s) is refused with 422 naming the field, on the page
// and on the API; an entity's webhook hears only its entity, a deactivated one nothing more.
//
// Nothing here asserts a duration: every wait polls a condition until a deadline.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string kReceiver = std::string(TAWASUL_SOURCE_DIR) + "/tests/notify/http_receiver.py";
constexpr const char* kDebianPython = "/usr/bin/python3";
constexpr auto kDeadline = std::chrono::seconds(60);
constexpr const char* kCitizenEmail = "webhook.citizen@example.com";
constexpr const char* kCitizenPhone = "+97336001234";

template <class F>
bool WaitUntil(F done, std::chrono::seconds limit = kDeadline) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// HMAC-SHA256 as a receiver computes it, over the timestamp header and the body received.
std::string Signature(const std::string& secret, const std::string& timestamp,
                      const std::string& body) {
  const std::string message = timestamp + "." + body;
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("v1=") + hex;
}

// http_receiver.py in a scratch directory, killed (and reaped) by the destructor, and with the
// test process if that dies first.
class Receiver {
 public:
  Receiver() {
    char pattern[] = "/tmp/tawasul-webhook-XXXXXX";
    dir_ = mkdtemp(pattern) ? pattern : "";
    int fds[2];
    if (pipe(fds) != 0) return;
    const std::vector<std::string> argv = {kDebianPython, kReceiver, (dir_ / "log.jsonl").string(),
                                           (dir_ / "mode").string()};
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
      pollfd p{fds[0], POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buffer[64];
      const ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n <= 0) break;
      line.append(buffer, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    port_ = std::atoi(line.c_str());
  }
  ~Receiver() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void SetMode(const std::string& mode) { std::ofstream(dir_ / "mode") << mode << "\n"; }

  std::vector<Json> Requests() const {
    std::vector<Json> out;
    std::ifstream in(dir_ / "log.jsonl");
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(Json::parse(line));
    }
    return out;
  }
  // The requests for `event` (Tawasul-Event) to `path`.
  std::vector<Json> Events(const std::string& event, const std::string& path = "") const {
    std::vector<Json> out;
    for (const Json& r : Requests()) {
      if (r["headers"].value("Tawasul-Event", "") != event) continue;
      if (!path.empty() && r.value("path", "") != path) continue;
      out.push_back(r);
    }
    return out;
  }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

class WebhooksTest : public AdminFixture {
 protected:
  void SetUp() override {
    setenv("no_proxy", "127.0.0.1,localhost", 1);
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    ASSERT_GE(sodium_init(), 0);
    ASSERT_GT(receiver_.port(), 0) << "http_receiver.py did not start";
    AdminFixture::SetUp();
  }

  // Registers a webhook through the admin page; returns {id, secret}.
  std::pair<std::int64_t, std::string> RegisterOnPage(const std::string& url,
                                                      const std::string& entity,
                                                      const std::vector<std::string>& events) {
    Fields fields = {{"url", url}, {"entity", entity}};
    for (const auto& e : events) fields.emplace_back("events", e);
    Response r = Post("/admin/webhooks/new", fields, admin_);
    EXPECT_EQ(r.status, 201) << r.Describe();
    EXPECT_EQ(r.Header("Cache-Control"), "no-store");
    const std::string secret = ElementTextById(r.body, "webhook-secret").value_or("");
    const std::string marker = "data-webhook-id=\"";
    const auto at = r.body.find("id=\"webhook-created\"");
    std::int64_t id = 0;
    if (at != std::string::npos) {
      const auto m = r.body.find(marker, at);
      if (m != std::string::npos) id = std::atoll(r.body.c_str() + m + marker.size());
    }
    EXPECT_GT(id, 0);
    EXPECT_TRUE(secret.starts_with("whsec_")) << secret;
    return {id, secret};
  }

  std::string Submit(const std::string& category) {
    Json body = ValidCaseBody();
    body["category"] = category;
    body["contact"]["email"] = kCitizenEmail;
    body["contact"]["phone"] = kCitizenPhone;
    Response r = SubmitCase(*http_, body);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.JsonBody().value("reference", "");
  }

  std::string WebhookStates() const {
    return server_->SqlText(
        "SELECT id || ' ' || kind || ' ' || recipient || ' ' || status || ' ' || last_error "
        "FROM outbox WHERE channel = 'webhook' ORDER BY id");
  }

  // Checks one received request: headers, signature, and a body without personal data.
  void ExpectSigned(const Json& request, const std::string& secret, const std::string& event,
                    const std::string& reference) {
    const Json& h = request["headers"];
    const std::string body = request.value("body", "");
    EXPECT_EQ(request.value("method", ""), "POST");
    EXPECT_EQ(h.value("Content-Type", ""), "application/json");
    EXPECT_EQ(h.value("Tawasul-Event", ""), event);
    EXPECT_TRUE(h.value("Tawasul-Delivery", "").starts_with("tawasul-outbox-")) << h.dump();
    const std::string timestamp = h.value("Tawasul-Timestamp", "");
    ASSERT_TRUE(IsDigits(timestamp)) << h.dump();
    EXPECT_LT(
        std::llabs(std::atoll(timestamp.c_str()) - static_cast<long long>(std::time(nullptr))),
        300);
    EXPECT_EQ(h.value("Tawasul-Signature", ""), Signature(secret, timestamp, body));
    EXPECT_NE(h.value("Tawasul-Signature", ""), Signature(secret + "x", timestamp, body));
    const Json j = Json::parse(body);
    EXPECT_EQ(j.value("event", ""), event);
    EXPECT_EQ(j.value("reference", ""), reference);
    EXPECT_EQ(j.value("entity", ""), "MOW");
    EXPECT_TRUE(j.contains("at"));
    for (const auto& [k, v] : j.items()) {
      EXPECT_TRUE(k == "event" || k == "reference" || k == "entity" || k == "status" || k == "at")
          << k;
    }
    EXPECT_EQ(body.find('@'), std::string::npos) << body;
    EXPECT_EQ(body.find("36001234"), std::string::npos) << body;
    EXPECT_EQ(body.find("Test Citizen"), std::string::npos) << body;
  }

  Receiver receiver_;
};

TEST_F(WebhooksTest, SignedEventsArriveAndARetryAndAReplayKeepTheirDeliveryId) {
  // No event ticked: refused, naming the field.
  Response none = Post("/admin/webhooks/new", {{"url", receiver_.Url("/hooks/all")}}, admin_);
  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(ElementTextById(none.body, "webhook-events-error").has_value()) << none.body;
  auto [id, secret] =
      RegisterOnPage(receiver_.Url("/hooks/all"), "",
                     {"received", "info_requested", "answered", "transferred", "closed"});
  ASSERT_GT(id, 0);

  // Submitted: case.received, signed, without the contact.
  const std::string ref = Submit("roads.potholes");  // Ministry of Works
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received").size() == 1; }))
      << WebhookStates() << "\n"
      << server_->StderrTail();
  const Json received = receiver_.Events("case.received").front();
  ExpectSigned(received, secret, "case.received", ref);
  EXPECT_EQ(Json::parse(received.value("body", "")).value("status", ""), "received");
  EXPECT_EQ(received.value("path", ""), "/hooks/all");

  // The receiver fails: the delivery is retried with the same id.
  receiver_.SetMode("500");
  ASSERT_EQ(http_
                ->PostJson("/api/v1/cases/" + ref + "/actions",
                           {{"action", "assign"}, {"assignee", "me"}}, agent_)
                .status,
            200);
  Response r = http_->PostJson("/api/v1/cases/" + ref + "/actions",
                               {{"action", "request_info"}, {"body", "Which street?"}}, agent_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  ASSERT_TRUE(WaitUntil([&] {
    return server_->SqlInt(
               "SELECT count(*) FROM outbox WHERE channel = 'webhook' AND kind = "
               "'info_requested' AND status = 'retrying'") == 1;
  })) << WebhookStates();
  ASSERT_EQ(receiver_.Events("case.info_requested").size(), 1u);
  receiver_.SetMode("200");
  // The first retry is 30 s away (backoff with jitter): bring it forward rather than wait.
  server_->SqlExec("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'retrying'");
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.info_requested").size() == 2; }))
      << WebhookStates();
  auto info = receiver_.Events("case.info_requested");
  EXPECT_EQ(info[0]["headers"]["Tawasul-Delivery"], info[1]["headers"]["Tawasul-Delivery"]);
  ExpectSigned(info[1], secret, "case.info_requested", ref);
  EXPECT_EQ(Json::parse(info[1].value("body", "")).value("status", ""), "awaiting_citizen");
  ASSERT_TRUE(WaitUntil([&] {
    return server_->SqlInt(
               "SELECT count(*) FROM outbox WHERE channel = 'webhook' AND kind = "
               "'info_requested' AND status = 'sent'") == 1;
  })) << WebhookStates();

  // The page lists the deliveries; a replay sends the received event again, same id.
  const std::string delivery = received["headers"].value("Tawasul-Delivery", "");
  const std::string outbox_id = delivery.substr(std::string("tawasul-outbox-").size());
  Response page = Page("/admin/webhooks", admin_);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"delivery-" + outbox_id + "\" data-delivery-id=\"" + outbox_id +
                           "\" data-status=\"sent\""),
            std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find(secret), std::string::npos);  // shown once, at creation only
  r = Post("/admin/webhooks/" + std::to_string(id) + "/deliveries/" + outbox_id + "/replay", {},
           admin_);
  EXPECT_EQ(r.status, 303) << r.Describe();
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received").size() == 2; }))
      << WebhookStates();
  const Json replayed = receiver_.Events("case.received")[1];
  EXPECT_EQ(replayed["headers"].value("Tawasul-Delivery", ""), delivery);
  EXPECT_EQ(replayed.value("body", ""), received.value("body", ""));
  ExpectSigned(replayed, secret, "case.received", ref);
  // Not a webhook's delivery, or not final: nothing to replay.
  EXPECT_EQ(
      Post("/admin/webhooks/" + std::to_string(id + 1) + "/deliveries/" + outbox_id + "/replay", {},
           admin_)
          .status,
      404);
  // Auditors read, never write.
  EXPECT_EQ(Page("/admin/webhooks", auditor_).status, 200);
  EXPECT_EQ(Post("/admin/webhooks/" + std::to_string(id) + "/deactivate", {}, auditor_).status,
            403);
  EXPECT_EQ(Page("/admin/webhooks", agent_).status, 403);

  // Every change is in the administration log, never the secret.
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE area = 'webhook'"), 2);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM admin_changes WHERE detail LIKE '%whsec_%'"), 0);
  // The secret is stored sealed.
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM webhooks WHERE secret LIKE '%" + secret + "%'"),
            0);
}

TEST_F(WebhooksTest, AUrlThatIsNotHttpIsRefusedWith422NamingTheField) {
  Response r =
      Post("/admin/webhooks/new",
           {{"url", "ftp://files.example.gov/in"}, {"entity", ""}, {"events", "received"}}, admin_);
  EXPECT_EQ(r.status, 422) << r.Describe();
  EXPECT_TRUE(ElementTextById(r.body, "webhook-url-error").has_value()) << r.body;
  EXPECT_NE(r.body.find("href=\"#webhook-url\""), std::string::npos);  // the summary links it
  EXPECT_EQ(FormInputValue(r.body, "url").value_or(""), "ftp://files.example.gov/in");

  r = http_->PostJson("/api/v1/admin/webhooks",
                      {{"url", "ftp://files.example.gov/in"}, {"events", {"received"}}}, admin_);
  Json problem = ExpectProblem(r, 422);
  EXPECT_TRUE(HasFieldError(problem, "url", "invalid_url")) << ErrorsSummary(problem);
  r = http_->PostJson("/api/v1/admin/webhooks",
                      {{"url", "https://hooks.example.gov/x"}, {"events", {"nonsense"}}}, admin_);
  problem = ExpectProblem(r, 422);
  EXPECT_TRUE(HasFieldError(problem, "events", "invalid_events")) << ErrorsSummary(problem);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM webhooks"), 0);

  // Only administrators register; the secret comes back once.
  r = http_->PostJson("/api/v1/admin/webhooks",
                      {{"url", "https://hooks.example.gov/x"}, {"events", {"received"}}}, agent_);
  EXPECT_EQ(r.status, 403);
  r = http_->PostJson("/api/v1/admin/webhooks",
                      {{"url", "https://hooks.example.gov/x"},
                       {"entity", "MOW"},
                       {"events", {"closed", "received"}}},
                      admin_);
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_TRUE(r.JsonBody().value("secret", "").starts_with("whsec_"));
  EXPECT_EQ(r.JsonBody()["events"], Json::array({"received", "closed"}));
  r = http_->Get("/api/v1/admin/webhooks", auditor_);
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.JsonBody()["items"].size(), 1u);
  EXPECT_FALSE(r.JsonBody()["items"][0].contains("secret"));
}

TEST_F(WebhooksTest, AnEntityWebhookHearsItsEntityAndADeactivatedOneNothingMore) {
  auto [mow, mow_secret] = RegisterOnPage(receiver_.Url("/mow"), "MOW", {"received"});
  auto [moh, moh_secret] = RegisterOnPage(receiver_.Url("/moh"), "MOH", {"received"});
  ASSERT_GT(mow, 0);
  ASSERT_GT(moh, 0);
  const std::string ref = Submit("roads.potholes");
  ASSERT_TRUE(WaitUntil([&] { return receiver_.Events("case.received", "/mow").size() == 1; }))
      << WebhookStates();
  ExpectSigned(receiver_.Events("case.received", "/mow").front(), mow_secret, "case.received", ref);
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE recipient = 'webhook:" +
                            std::to_string(moh) + "'"),
            0);

  Response r = Post("/admin/webhooks/" + std::to_string(mow) + "/deactivate", {}, admin_);
  EXPECT_EQ(r.status, 303) << r.Describe();
  EXPECT_EQ(Post("/admin/webhooks/" + std::to_string(mow) + "/deactivate", {}, admin_).status, 404);
  Submit("roads.potholes");
  // The next case is announced to no one: a webhook that is inactive gets no row.
  ASSERT_TRUE(WaitUntil([&] {
    return server_->SqlInt(
               "SELECT count(*) FROM outbox WHERE kind = 'received' AND "
               "channel <> 'webhook'") == 2;
  }));
  EXPECT_EQ(server_->SqlInt("SELECT count(*) FROM outbox WHERE channel = 'webhook'"), 1);
  EXPECT_EQ(receiver_.Events("case.received").size(), 1u);
}

}  // namespace
}  // namespace tawasul_test
