#pragma once
// The webhook tests' fixture (webhooks_test.cpp, webhook_edits_test.cpp): the real `tawasul
// serve` of AdminFixture beside tests/notify/http_receiver.py (a standard-library HTTP server on
// loopback run by Debian's /usr/bin/python3; it records every request and answers as its mode
// file says), with the checks a receiver makes: the HMAC-SHA256 signature recomputed with
// libsodium over the bytes received, and a body without personal data.
//
// Nothing here asserts a duration: every wait polls a condition until a deadline.

#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "common/loopback.h"
#include "integration/admin_fixture.h"

namespace tawasul_test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string kReceiver = std::string(TAWASUL_SOURCE_DIR) + "/tests/notify/http_receiver.py";
using loopback::kDebianPython;
constexpr auto kDeadline = std::chrono::seconds(60);
constexpr const char* kCitizenEmail = "webhook.citizen@example.com";
constexpr const char* kCitizenPhone = "+97336001234";

template <class F>
bool WaitUntil(F done, std::chrono::seconds limit = kDeadline) {
  return loopback::WaitUntil(done, limit);
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

// http_receiver.py in a scratch directory (tests/common/loopback.h): killed (and reaped) by the
// destructor, and with the test process if that dies first.
class Receiver {
 public:
  Receiver() {
    if (dir_.path().empty()) return;
    port_ = child_.Start({kDebianPython, kReceiver, (dir_.path() / "log.jsonl").string(),
                          (dir_.path() / "mode").string()});
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void SetMode(const std::string& mode) { std::ofstream(dir_.path() / "mode") << mode << "\n"; }

  std::vector<Json> Requests() const {
    std::vector<Json> out;
    std::ifstream in(dir_.path() / "log.jsonl");
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
  loopback::ScratchDir dir_{"tawasul-webhook"};  // declared first: removed after the child ends
  loopback::Child child_;
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
                    const std::string& reference, const std::string& entity = "MOW") {
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
    EXPECT_EQ(j.value("entity", ""), entity);
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

}  // namespace
}  // namespace tawasul_test
